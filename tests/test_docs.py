"""Every setting is documented (as datasette's tests do); export fields: test_export.py."""

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


# Export fields are checked against docs/export.md both ways in test_export.py.
