"""A rendered scan made easy for Tesseract: grey, stretched contrast, black on white paper of
one shade, upright.

Scans of certificates come blurred, JPEG-blocked, speckled and turned a degree or two. On the
generated scans of fixtures/varied, binarising (Otsu's threshold after stretching the contrast)
raised the share of the text twin's words Tesseract read from 0.68-0.81 to 0.77-0.84; a turned
page makes Tesseract split a label from its value on the same printed line. ``prepare`` returns
the image to read and the angle it was turned by, so word boxes can be mapped back onto the page,
and where its dark panels were: a sidebar's words are never joined with the body's.
"""

from __future__ import annotations

import math
from typing import Any

from scopegap.resources import load_yaml


def prepare(image: Any) -> tuple[Any, float, Any]:
    """(the image to read, angle in degrees it was turned anticlockwise to stand upright,
    the mask of the dark panels turned light, as rendered, or None).

    Panels, skew and rules are found on a black-and-white copy (Otsu's threshold); the image
    read is that copy or, with ``binarise: false``, the grey image with the same changes, which
    keeps the thin strokes (a date's dots) a threshold can break."""
    import numpy as np
    from PIL import Image, ImageOps

    settings = load_yaml("patterns/ocr.yaml")
    grey = np.asarray(ImageOps.autocontrast(image.convert("L"), cutoff=1))
    threshold = otsu_threshold(np.bincount(grey.ravel(), minlength=256).tolist())
    binary = np.where(grey > threshold, 255, 0).astype(np.uint8)
    # a panel is dark against the paper around it, not against the whole page: light falling
    # off to one edge made half a generated scan's paper "ink" and turned it white on black
    lit = paper_light(grey, float(settings["panel_paper_window"]))
    dark = np.where(grey < float(settings["panel_ink_ratio"]) * lit, 0, 255).astype(np.uint8)
    panel = light_on_dark(dark, float(settings["dark_window"]),
                          float(settings["dark_min_share"]))
    if panel is not None:
        binary = np.where(panel, 255 - binary, binary).astype(np.uint8)
        grey = np.where(panel, 255 - grey, grey).astype(np.uint8)
    flat = flatten(grey, int(settings["flatten_cell"]), int(settings["flatten_reach"]))
    if flat is not None:
        # a panel keeps its own shade: its edge is what keeps Tesseract from reading a
        # sidebar's lines into the body's
        grey = flat if panel is None else np.where(panel, grey, flat).astype(np.uint8)
        threshold = otsu_threshold(np.bincount(grey.ravel(), minlength=256).tolist())
        binary = np.where(grey > threshold, 255, 0).astype(np.uint8)
    angle = skew_angle(Image.fromarray(binary, mode="L"), float(settings["deskew_max_degrees"]),
                       float(settings["deskew_step_degrees"]))
    grey_image = Image.fromarray(grey, mode="L")
    binary_image = Image.fromarray(binary, mode="L")
    if angle:
        grey_image = grey_image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        binary_image = binary_image.rotate(angle, fillcolor=255)
    binary = np.asarray(binary_image)
    grey = np.asarray(grey_image)
    rule = float(settings["rule_min_length"])
    if rule > 0:
        rules = rule_pixels(binary, max(8, int(rule * min(binary.shape))))
        if rules is not None:
            binary = np.where(rules, 255, binary).astype(np.uint8)
            grey = np.where(rules, 255, grey).astype(np.uint8)
    chosen = binary if settings["binarise"] else grey
    return Image.fromarray(chosen, mode="L"), angle, panel


def paper_light(grey: Any, window: float) -> Any:
    """How light the paper is around each pixel: the lightest cell of 16 pixels within
    ``window`` of the page's shorter side (wider than a sidebar is from its middle to the
    body's paper), smoothed. It follows light falling off across a page, not a panel."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view
    from PIL import Image, ImageFilter

    height, width = grey.shape
    cell = 16 if min(height, width) >= 16 * 16 else 1
    small = np.asarray(Image.fromarray(grey, mode="L").reduce(cell))
    reach = max(1, int(window * min(small.shape)) // 2)
    for axis in (0, 1):
        padding = [(0, 0), (0, 0)]
        padding[axis] = (reach, reach)
        small = sliding_window_view(np.pad(small, padding, mode="edge"), 2 * reach + 1,
                                    axis=axis).max(axis=-1)
    light = Image.fromarray(small.astype(np.uint8), mode="L").filter(
        ImageFilter.GaussianBlur(max(1, reach // 2)))
    return np.asarray(light.resize((width, height), Image.Resampling.BILINEAR),
                      dtype=np.float32)


def flatten(grey: Any, cell: int, reach: int) -> Any:
    """``grey`` divided by its paper's own shade, or None when the paper is white already.

    A tinted or patterned paper, a faded copy and light falling off towards one edge left
    Tesseract a grey page it took for a picture (a whole annex of sites unread). The paper's
    shade is the lightest cell within ``reach`` cells of ``cell`` pixels (wider than a
    letter's stroke, narrower than the paper between two lines), smoothed; ink is judged
    against it. Light text on panels is turned dark before, and the caller keeps the panels'
    own shade."""
    import numpy as np
    from PIL import Image, ImageFilter

    if cell <= 0 or min(grey.shape) < 8 * cell * reach:
        return None
    height, width = grey.shape
    small = Image.fromarray(grey, mode="L").reduce(cell)
    paper = small.filter(ImageFilter.MaxFilter(reach | 1)).filter(
        ImageFilter.GaussianBlur(reach / 2))
    shade = np.asarray(paper.resize((width, height), Image.Resampling.BILINEAR),
                       dtype=np.float32)
    if float(shade.min()) >= _WHITE:
        return None
    return np.clip(grey.astype(np.float32) * 255.0 / np.maximum(shade, 1.0), 0, 255).astype(
        np.uint8)


_WHITE = 250


def light_on_dark(binary: Any, window: float, share: float) -> Any:
    """Where light text sits on dark panels (a coloured sidebar, a banner), as a mask to turn
    dark on white (Tesseract reads none of it otherwise), or None. A pixel is on a panel when
    at least ``share`` of the square around it (``window`` of the shorter side) is ink.

    Measured on cells of ``_PANEL_CELL`` pixels (ink in percent), the mask drawn back cell by
    cell: a panel is wide, and the full-size sums cost a second a page."""
    import numpy as np

    ink = binary < 128
    height, width = ink.shape
    cell = _PANEL_CELL if min(height, width) >= 40 * _PANEL_CELL else 1
    rows, columns = -(-height // cell), -(-width // cell)
    padded = np.zeros((rows * cell, columns * cell), dtype=np.int32)
    padded[:height, :width] = ink
    cells = padded.reshape(rows, cell, columns, cell).sum(axis=(1, 3)) * 100 // (cell * cell)
    size = max(3, int(window * min(binary.shape)) // cell)
    panel = _box_mean(cells, size) >= share * 100
    if not panel.any():
        return None
    return np.repeat(np.repeat(panel, cell, axis=0), cell, axis=1)[:height, :width]


_PANEL_CELL = 4


def _box_mean(values: Any, size: int) -> Any:
    """Mean of ``values`` over the ``size`` square centred on each pixel (edges clipped).

    Two passes of running sums read by slices (no index arrays): on a 300 dpi page the
    index-array version took 4 s of the 10 s spent preparing a page."""
    import numpy as np

    half = size // 2
    sums = _window_sums(_window_sums(values.astype(np.int32), half, 0), half, 1)
    height, width = values.shape
    area = np.outer(_window_counts(height, half), _window_counts(width, half))
    return sums / area


def _window_sums(values: Any, half: int, axis: int) -> Any:
    """Sum of ``values`` over ``half`` cells either side along ``axis`` (edges clipped)."""
    import numpy as np

    length = values.shape[axis]
    padding = [(0, 0), (0, 0)]
    padding[axis] = (half + 1, half)
    running = np.cumsum(np.pad(values, padding), axis=axis, dtype=np.int32)
    span = 2 * half + 1
    if axis == 0:
        return running[span : span + length] - running[:length]
    return running[:, span : span + length] - running[:, :length]


def _window_counts(length: int, half: int) -> Any:
    """How many cells the clipped window around each of ``length`` cells holds."""
    import numpy as np

    index = np.arange(length)
    return np.minimum(index + half, length - 1) - np.maximum(index - half, 0) + 1


def rule_pixels(binary: Any, length: int) -> Any:
    """Which pixels are table rules and frames (ink runs of at least ``length`` pixels straight
    across or down, and the pixel either side), or None: Tesseract takes a ruled table for a
    picture and reads none of its cells."""
    import numpy as np

    ink = binary < 128
    # a rule left a degree off straight by the deskew steps drifts a pixel every few hundred:
    # look for runs one pixel either side, and clear the pixel either side of what is found
    across = _runs(_thick(ink, 0), length) & _thin(ink, 0)
    down = _runs(np.ascontiguousarray(_thick(ink, 1).T), length).T & _thin(ink, 1)
    rules = across | down
    if not rules.any():
        return None
    return _thick(rules, 0) | _thick(rules, 1)


def _thin(ink: Any, axis: int, reach: int = 4) -> Any:
    """Pixels whose ink does not reach ``reach`` pixels both ways along ``axis``: a rule is a
    few pixels thick, the stroke of a large bold letter ("1", "I") is not."""
    both = ink.copy()
    if axis == 0:
        both[reach:] &= ink[:-reach]
        both[:reach] = False
        both[:-reach] &= ink[reach:]
        both[-reach:] = False
    else:
        both[:, reach:] &= ink[:, :-reach]
        both[:, :reach] = False
        both[:, :-reach] &= ink[:, reach:]
        both[:, -reach:] = False
    return ~both


def _thick(mask: Any, axis: int) -> Any:
    """``mask`` grown by one pixel both ways along ``axis`` (0: up and down)."""

    grown = mask.copy()
    if axis == 0:
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
    else:
        grown[:, 1:] |= mask[:, :-1]
        grown[:, :-1] |= mask[:, 1:]
    return grown


def _runs(ink: Any, length: int) -> Any:
    """Which pixels lie in a horizontal run of at least ``length`` ink pixels (running sums
    read by slices, as ``_box_mean``)."""
    import numpy as np

    width = ink.shape[1]
    if length > width:
        return np.zeros(ink.shape, dtype=bool)
    counts = np.cumsum(np.pad(ink, ((0, 0), (1, 0))), axis=1, dtype=np.int32)
    full = (counts[:, length:] - counts[:, :-length]) == length  # window starting at column j
    # a pixel is in a full window if any window starting in [x - length + 1, x] is full
    starts = np.cumsum(np.pad(full, ((0, 0), (length, width - full.shape[1]))), axis=1,
                       dtype=np.int32)
    return (starts[:, length : length + width] - starts[:, :width]) > 0


def otsu_threshold(histogram: list[int]) -> int:
    """The grey level that best splits ink from paper (Otsu 1979: most between-class variance)."""
    total = sum(histogram[:256])
    if total == 0:
        return 127
    weighted_all = sum(level * count for level, count in enumerate(histogram[:256]))
    background = weighted = 0.0
    best, best_level = -1.0, 127
    for level in range(256):
        background += histogram[level]
        if background == 0:
            continue
        foreground = total - background
        if foreground == 0:
            break
        weighted += level * histogram[level]
        mean_back = weighted / background
        mean_fore = (weighted_all - weighted) / foreground
        between = background * foreground * (mean_back - mean_fore) ** 2
        if between > best:
            best, best_level = between, level
    return best_level


def skew_angle(binary: Any, limit: float, step: float) -> float:
    """The small turn that makes the text rows sharpest (most varied ink per pixel row).

    Projection profiles on a quarter-size copy: about 20 trial turns of a 600x850 image."""
    import numpy as np

    if limit <= 0 or step <= 0:
        return 0.0
    small = binary.reduce(4) if min(binary.size) >= 400 else binary
    count = int(limit / step)
    best_angle, best_score = 0.0, -1.0
    for index in sorted(range(-count, count + 1), key=abs):
        angle = round(index * step, 3)
        turned = small.rotate(angle, fillcolor=255, expand=False) if angle else small
        ink = 255 - np.asarray(turned, dtype=np.float64)
        rows = ink.sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score * (1 + 1e-9):  # ties keep the smaller turn, tried first
            best_angle, best_score = angle, score
    return best_angle


def unturn(x: float, y: float, angle: float, size: tuple[int, int]) -> tuple[float, float]:
    """Where a point of the image turned by ``angle`` (PIL: anticlockwise, about the centre)
    lies on the image as rendered."""
    if not angle:
        return x, y
    cx, cy = size[0] / 2, size[1] / 2
    radians = math.radians(angle)
    dx, dy = x - cx, y - cy
    # PIL turns anticlockwise on screen (y down); undo it by turning clockwise.
    return (cx + dx * math.cos(radians) - dy * math.sin(radians),
            cy + dx * math.sin(radians) + dy * math.cos(radians))
