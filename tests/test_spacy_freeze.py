"""spaCy's import is frozen out of the garbage collector's view once, before extraction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CERTIFICATE = Path(__file__).resolve().parent.parent / "fixtures" / "pdf" / \
    "brightline_seal_ordinal.pdf"

SCRIPT = """
import gc, sys
import scopegap.api
from scopegap.nlp import pipeline
assert "spacy" not in sys.modules
calls = []
real = pipeline.import_spacy
pipeline.import_spacy = lambda: (calls.append(gc.get_freeze_count()), real())[1]
scopegap.api.read_document(sys.argv[1])
frozen = gc.get_freeze_count()
real()
print(calls == [0], frozen > 100_000, gc.get_freeze_count() == frozen)
"""


def test_spacy_is_frozen_once_in_a_process_that_extracts(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(CERTIFICATE)], env=env,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]
