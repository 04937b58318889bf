"""Every setting and every export field is documented (as datasette's tests do)."""

import re
from pathlib import Path

import pytest
from crosscheck.settings import DEFAULTS, SettingsError, resolve

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_setting_is_documented():
    documented = set(re.findall(r"`(CROSSCHECK_[A-Z_]+)`", (DOCS / "settings.md").read_text()))
    assert set(DEFAULTS) <= documented, set(DEFAULTS) - documented
    assert documented <= set(DEFAULTS), documented - set(DEFAULTS)


def test_settings_are_validated_with_the_key_named():
    with pytest.raises(SettingsError, match="CROSSCHECK_STRICT must be true or false"):
        resolve({"CROSSCHECK_STRICT": "maybe"})
    with pytest.raises(SettingsError, match="CROSSCHECK_SOURCE_PATHS must be a list or tuple"):
        resolve({"CROSSCHECK_SOURCE_PATHS": "sources"})
    with pytest.raises(SettingsError, match="unknown setting CROSSCHECK_SORCES"):
        resolve({"CROSSCHECK_SORCES": []})
    assert resolve({"CROSSCHECK_STRICT": "true"})["CROSSCHECK_STRICT"] is True


def test_every_export_field_is_documented(tmp_path):
    """Build the demo and check every key written against docs/export.md."""
    import json

    from test_build import ROOT, build

    data = json.loads((build(ROOT / "content", tmp_path / "out") / "api" / "factcheck.json").read_text())
    text = (DOCS / "export.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", text, re.MULTILINE))
    names = {name for pair in documented for name in pair if name}
    written = set(data)
    for section in ("sources", "claims", "entities", "stories", "facts", "groups", "discrepancies", "annotations"):
        for record in data[section]:
            written |= set(record)
    for claim in data["claims"]:
        for value in claim["values"]:
            written |= set(value)
    assert written <= names, written - names
