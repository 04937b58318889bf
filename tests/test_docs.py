"""Every setting is documented (as datasette's tests do); export fields: test_export.py."""

import re
from pathlib import Path

import pytest
from crosscheck.settings import DEFAULTS, SettingsError, resolve

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _settings_doc_sections() -> tuple[str, str]:
    """docs/settings.md without its "Environment variables" section, and that section."""
    text = (DOCS / "settings.md").read_text()
    start = text.index("## Environment variables")
    end = text.index("\n## ", start + 1)
    return text[:start] + text[end:], text[start:end]


def test_every_setting_is_documented():
    settings, _ = _settings_doc_sections()
    documented = set(re.findall(r"`(CROSSCHECK_[A-Z_]+)`", settings))
    assert set(DEFAULTS) <= documented, set(DEFAULTS) - documented
    assert documented <= set(DEFAULTS), documented - set(DEFAULTS)


def test_every_environment_variable_documented_is_read():
    """An environment variable is documented apart from the settings, and something really reads it."""
    _, environment = _settings_doc_sections()
    root = DOCS.parent
    code = "\n".join(path.read_text() for path in [root / "tasks.py", root / "publishconf.py", *(root / "plugins").rglob("*.py")])
    variables = set(re.findall(r"^\| `(CROSSCHECK_[A-Z_]+)`", environment, re.MULTILINE))
    assert variables and not variables & set(DEFAULTS)
    for name in variables:
        assert re.search(rf"environ(?:\.get\(|\[)\s*[\"']{name}[\"']", code), name


def test_settings_are_validated_with_the_key_named():
    with pytest.raises(SettingsError, match="CROSSCHECK_STRICT must be true or false"):
        resolve({"CROSSCHECK_STRICT": "maybe"})
    with pytest.raises(SettingsError, match="CROSSCHECK_SOURCE_PATHS must be a list or tuple"):
        resolve({"CROSSCHECK_SOURCE_PATHS": "sources"})
    with pytest.raises(SettingsError, match="unknown setting CROSSCHECK_SORCES"):
        resolve({"CROSSCHECK_SORCES": []})
    assert resolve({"CROSSCHECK_STRICT": "true"})["CROSSCHECK_STRICT"] is True


# Export fields are checked against docs/export.md both ways in test_export.py.
