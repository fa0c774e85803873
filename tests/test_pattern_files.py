"""The SOC and certificate pattern files load through the one validated loader: a misspelt,
missing or mistyped key is a FILE:LINE error at load, never a KeyError on a document."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopegap.errors import UsageError
from scopegap.extract.patterns import CertificateFile, certificate_patterns
from scopegap.extract.soc.patterns import SocFile, soc_patterns
from scopegap.resources import parse_text

MODELS = Path(__file__).resolve().parent.parent / "models" / "patterns"
CASES = [("soc.yaml", SocFile, "period_cue:", "period_que:"),
         ("soc.yaml", SocFile, "  carve-out:", "  carve_out:"),
         ("certificate.yaml", CertificateFile, "site_labels:", "site_label:"),
         ("certificate.yaml", CertificateFile, "  max_chars:", "  max_char:")]


def test_the_shipped_files_load() -> None:
    assert set(soc_patterns().method) == {"carve-out", "inclusive"}
    assert "27001" in certificate_patterns().standards


@pytest.mark.parametrize(("name", "schema", "key", "typo"), CASES)
def test_a_misspelt_key_names_its_file_and_line(name: str, schema: type, key: str,
                                                typo: str) -> None:
    text = (MODELS / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, row in enumerate(lines, 1) if row.startswith(key))
    lines[line - 1] = lines[line - 1].replace(key, typo, 1)
    with pytest.raises(UsageError) as error:
        parse_text("\n".join(lines), schema, label=f"models/patterns/{name}")
    assert str(error.value).startswith(f"models/patterns/{name}:{line}: ")
    assert f"{typo.strip(' :')}: unknown key" in str(error.value)


def test_a_pattern_yaml_reads_as_a_mapping_is_refused() -> None:
    """An unquoted cue ending in ':' is a YAML mapping, not a regex: refused with its line."""
    text = (MODELS / "certificate.yaml").read_text(encoding="utf-8")
    broken = text.replace("'(?:certificate\\s+)?holder\\s*:'", "(?:certificate\\s+)?holder\\s*:")
    assert broken != text
    line = next(i for i, row in enumerate(broken.split("\n"), 1)
                if row.endswith("(?:certificate\\s+)?holder\\s*:"))
    with pytest.raises(UsageError, match=rf"^models/patterns/certificate.yaml:{line}: "
                                         r"holder\.after\[\d+\]: must be a string"):
        parse_text(broken, CertificateFile, label="models/patterns/certificate.yaml")
