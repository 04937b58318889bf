"""CROSSCHECK_* settings: defaults in one place, and every refusal names the key and what it accepts."""

import re

import pytest
from crosscheck.settings import (
    DEFAULTS,
    EXECUTORS,
    SettingsError,
    limits,
    ratings,
    resolve,
    skipped_dirs,
)


def refusal(settings: dict) -> str:
    with pytest.raises(SettingsError) as error:
        resolve(settings)
    return str(error.value)


def test_no_settings_gives_the_defaults():
    resolved = resolve({})
    assert set(resolved) == set(DEFAULTS)
    assert all(resolved[key] == (list(value) if isinstance(value, tuple) else value) for key, value in DEFAULTS.items())
    assert resolve(resolved) == resolved  # resolving twice changes nothing, as Pelican may pass resolved settings back


def test_other_settings_are_left_to_pelican():
    assert "SITENAME" not in resolve({"SITENAME": "x", "PATH": "content"})


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_a_value_of_the_wrong_type_names_the_key_and_the_type_it_takes(key):
    message = refusal({key: object()})
    assert message.startswith(f"{key} must be a"), message
    assert re.search(r"must be an? (bool|str|int|float|list|dict|tuple)", message), message


def test_an_unknown_setting_names_it_and_lists_the_known_ones():
    message = refusal({"CROSSCHECK_SORCES": []})
    assert message.startswith("unknown setting CROSSCHECK_SORCES")
    assert all(key in message for key in DEFAULTS)


@pytest.mark.parametrize("text, expected", [("true", True), ("Yes", True), ("1", True), ("off", False), ("", False)])
def test_a_switch_from_the_command_line_is_read(text, expected):
    assert resolve({"CROSSCHECK_STRICT": text})["CROSSCHECK_STRICT"] is expected


@pytest.mark.parametrize("settings, key, allowed", [
    ({"CROSSCHECK_STRICT": "maybe"}, "CROSSCHECK_STRICT", "true or false"),
    ({"CROSSCHECK_SOURCE_PATHS": ["sources", 3]}, "CROSSCHECK_SOURCE_PATHS", "a list of folder names"),
    ({"CROSSCHECK_EXECUTOR": "threads"}, "CROSSCHECK_EXECUTOR", ", ".join(EXECUTORS) + " or dask://host:port"),
    ({"CROSSCHECK_EXECUTOR": "dask://"}, "CROSSCHECK_EXECUTOR", "dask://host:port"),
    ({"CROSSCHECK_WORKERS": -2}, "CROSSCHECK_WORKERS", "0 (one per core) or more"),
    ({"CROSSCHECK_MAX_NUMBER_DIGITS": 0}, "CROSSCHECK_MAX_NUMBER_DIGITS", "a whole number of 1 or more"),
    ({"CROSSCHECK_MAX_CLAIMS_PER_SOURCE": True}, "CROSSCHECK_MAX_CLAIMS_PER_SOURCE", "a whole number of 1 or more"),
    ({"CROSSCHECK_PUBLISHER_URL": "example.org"}, "CROSSCHECK_PUBLISHER_URL", "an absolute http(s) address"),
    ({"CROSSCHECK_REQUIRE_SITEURL": True, "SITEURL": "/"}, "SITEURL", "e.g. https://"),
    ({"CROSSCHECK_SOURCE_URL": "sources/{slug}/"}, "CROSSCHECK_SOURCE_URL", "use the placeholder {id}"),
    ({"CROSSCHECK_DISCREPANCIES_URL": "d/{id}/"}, "CROSSCHECK_DISCREPANCIES_URL", "use the placeholder {kind}"),
    ({"CROSSCHECK_EDITORS_URL": "editors/{id}/"}, "CROSSCHECK_EDITORS_URL", "it takes no placeholder"),
])
def test_a_bad_value_names_the_key_the_value_and_what_is_allowed(settings, key, allowed):
    message = refusal(settings)
    assert message.startswith(key) and allowed in message, message
    bad = settings.get(key, settings.get("SITEURL"))
    assert repr(bad) in message or str(bad) in message, message


@pytest.mark.parametrize("scale, says", [
    ([], "CROSSCHECK_VERDICTS needs at least one step"),
    (["true"], "CROSSCHECK_VERDICTS step 1 must be a dict with label, value, colour, description"),
    ([{"label": "True", "value": "1", "colour": "#0a0", "description": "d"}], "step 1 needs 'value' as a int"),
    ([{"label": "True", "value": 1, "colour": "#0a0", "description": "d", "color": "x"}], "step 1 has unknown field 'color'"),
    ([{"label": "True", "value": 1, "colour": "#0a0", "description": "d"}] * 2, "has the label 'True' twice"),
])
def test_a_bad_verdict_scale_names_the_step_and_the_field(scale, says):
    message = refusal({"CROSSCHECK_VERDICTS": scale})
    assert message.startswith("CROSSCHECK_VERDICTS") and says in message, message


def test_the_resolved_settings_feed_the_stages():
    resolved = resolve({"CROSSCHECK_MAX_NUMBER_DIGITS": 12, "CROSSCHECK_ANNOTATION_PATHS": ("notes",)})
    assert limits(resolved).number_digits == 12
    assert resolved["CROSSCHECK_ANNOTATION_PATHS"] == ["notes"]  # a tuple from a settings file is a list, as the default
    assert "notes" in skipped_dirs(resolved | {"PAGE_PATHS": ["pages"]})
    assert [rating.label for rating in ratings(resolved)] == [step["label"] for step in DEFAULTS["CROSSCHECK_VERDICTS"]]
