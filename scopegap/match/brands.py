"""A vendor's product declared under the vendor's brand: "Rocket.Chat Appstore", "Plivo CX Suite".

Contracts put the vendor's name in front of its products; the vendor's own certificate or
report names them without it ("Software development, hosting, Appstore"; "the CX Suite"). On
a document whose *holder* carries that brand, the rest of the declared name is the product.
Only the holder's brand counts: "Appstore" in another company's scope proves nothing, and the
rest must still be printed word for word (or be one of the document's systems): no fuzziness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scopegap.domain import DocumentScope
from scopegap.match.catalog import Catalog, fold

_LIST_BREAK = re.compile(r"[,;:.()\n]|\band\b|\bor\b|&")
MIN_BRAND_LETTERS = 3  # "A1 Cloud" is no brand to strip: too short to identify a company


@dataclass(frozen=True)
class BrandedName:
    """A declared name split into the holder's brand and the product it names."""

    brand: str
    product: str


def branded_product(name: str, document: DocumentScope, catalog: Catalog) -> BrandedName | None:
    """``name`` split at the document holder's brand, or ``None`` when it does not start with
    the holder's name (its first words, spacing and punctuation aside: "Rocket.Chat" is the
    "ROCKETCHAT TECNOLOGIA LTDA" brand) or nothing is left after it."""
    if document.holder is None:
        return None
    holder_words = catalog.normalise(document.holder.value).split()
    brands = {"".join(holder_words[:size]) for size in range(1, len(holder_words) + 1)}
    words = fold(name).split()
    for size in range(len(words) - 1, 0, -1):  # the longest brand: "Acme Networks X"
        brand = "".join(words[:size])
        if brand in brands and len(brand) >= MIN_BRAND_LETTERS:
            return BrandedName(" ".join(words[:size]), " ".join(words[size:]))
    return None


def delivered_service(product: str, scope: str, catalog: Catalog) -> str | None:
    """The service left in ``product`` once the words saying how it is delivered are set
    aside ("Cloud hosting" -> "hosting"), when that service is a whole item of the scope's
    list ("Software development, hosting, Appstore"); else ``None``.

    A whole item only: a scope that names "hosting" on its own certifies the holder's hosting
    however it is sold, but "contact center" inside "contact center server" is another thing.
    """
    words = catalog.normalise(product).split()
    service = [word for word in words if word not in catalog.delivery_words]
    if not service or len(service) == len(words):
        return None
    wanted = " ".join(service)
    items = {catalog.normalise(part) for part in _LIST_BREAK.split(scope)}
    return wanted if wanted in items else None
