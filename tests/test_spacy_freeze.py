"""spaCy is imported with the garbage collector paused and frozen out of its view once,
before extraction."""

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
print(calls == [0], frozen > 100_000, gc.get_freeze_count() == frozen, gc.isenabled())
"""

# No collection runs while spaCy's objects are built; the collector is on again afterwards.
NO_COLLECTION = """
import gc
from scopegap.nlp import pipeline
seen = []
gc.callbacks.append(lambda phase, info: seen.append(phase))
pipeline.import_spacy()
print(seen.count("start"), gc.isenabled())
"""

# The collector is paused only while spaCy is imported: a caller that had it off keeps it off.
PAUSED_BY_CALLER = """
import gc
from scopegap.nlp import pipeline
gc.disable()
pipeline.import_spacy()
print(gc.isenabled(), gc.get_freeze_count() > 100_000)
"""


def test_spacy_is_frozen_once_in_a_process_that_extracts(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(CERTIFICATE)], env=env,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "True"]


def _run(script: str, tmp_path: Path) -> list[str]:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], env=env,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_no_collection_runs_while_spacy_is_imported(tmp_path: Path) -> None:
    assert _run(NO_COLLECTION, tmp_path) == ["0", "True"]


def test_a_collector_the_caller_paused_stays_paused(tmp_path: Path) -> None:
    assert _run(PAUSED_BY_CALLER, tmp_path) == ["False", "True"]
