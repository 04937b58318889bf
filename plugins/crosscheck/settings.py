"""CROSSCHECK_* settings: their defaults and validation, in one place.

Every key is documented in docs/settings.md; a test fails when one is not.
"""

from __future__ import annotations

from typing import Any


class SettingsError(ValueError):
    """A CROSSCHECK_* setting has the wrong type or value."""


DEFAULTS: dict[str, Any] = {
    # Folders under the content path that hold news sources. When none of them
    # exists, the content path itself is read (minus the folders below).
    "CROSSCHECK_SOURCE_PATHS": ["sources"],
    "CROSSCHECK_ANNOTATION_PATHS": ["annotations"],
    "CROSSCHECK_ENTITY_PATHS": ["entities"],
    # Turn every reported problem into a failing build.
    "CROSSCHECK_STRICT": False,
    "CROSSCHECK_SOURCE_URL": "sources/{id}/",
    "CROSSCHECK_SOURCE_SAVE_AS": "sources/{id}/index.html",
    "CROSSCHECK_CLAIM_URL": "claims/{id}/",
    "CROSSCHECK_CLAIM_SAVE_AS": "claims/{id}/index.html",
    "CROSSCHECK_DISCREPANCIES_URL": "discrepancies/{kind}/",
    "CROSSCHECK_DISCREPANCIES_SAVE_AS": "discrepancies/{kind}/index.html",
    "CROSSCHECK_ENTITY_URL": "entities/{id}/",
    "CROSSCHECK_ENTITY_SAVE_AS": "entities/{id}/index.html",
    "CROSSCHECK_INDEX_SAVE_AS": "index.html",
    "CROSSCHECK_API_SAVE_AS": "api/factcheck.json",
    # The analysis cache (SQLite); relative to the content folder's parent. "" turns it off.
    "CROSSCHECK_CACHE_PATH": ".cache/crosscheck.sqlite3",
    # Where per-source analysis runs: auto | serial | processes | dask://host:port
    "CROSSCHECK_EXECUTOR": "auto",
    # Worker processes for auto/processes; 0 means one per core.
    "CROSSCHECK_WORKERS": 0,
}

_TYPES: dict[str, type | tuple[type, ...]] = {
    "CROSSCHECK_SOURCE_PATHS": (list, tuple),
    "CROSSCHECK_ANNOTATION_PATHS": (list, tuple),
    "CROSSCHECK_ENTITY_PATHS": (list, tuple),
    "CROSSCHECK_STRICT": bool,
    "CROSSCHECK_SOURCE_URL": str,
    "CROSSCHECK_SOURCE_SAVE_AS": str,
    "CROSSCHECK_CLAIM_URL": str,
    "CROSSCHECK_CLAIM_SAVE_AS": str,
    "CROSSCHECK_DISCREPANCIES_URL": str,
    "CROSSCHECK_DISCREPANCIES_SAVE_AS": str,
    "CROSSCHECK_ENTITY_URL": str,
    "CROSSCHECK_ENTITY_SAVE_AS": str,
    "CROSSCHECK_INDEX_SAVE_AS": str,
    "CROSSCHECK_API_SAVE_AS": str,
    "CROSSCHECK_CACHE_PATH": str,
    "CROSSCHECK_EXECUTOR": str,
    "CROSSCHECK_WORKERS": int,
}
EXECUTORS = ("auto", "serial", "processes")
_PLACEHOLDERS = {
    key: "kind" if key.startswith("CROSSCHECK_DISCREPANCIES") else "id"
    for key in DEFAULTS
    if key.endswith(("_URL", "_SAVE_AS")) and key != "CROSSCHECK_API_SAVE_AS" and key != "CROSSCHECK_INDEX_SAVE_AS"
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def resolve(settings: dict[str, Any]) -> dict[str, Any]:
    """The CROSSCHECK_* settings with defaults filled in; raise on a bad value."""
    unknown = sorted(key for key in settings if key.startswith("CROSSCHECK_") and key not in DEFAULTS)
    if unknown:
        raise SettingsError(f"unknown setting {unknown[0]}; known settings: {', '.join(DEFAULTS)}")
    resolved = {}
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        expected = _TYPES[key]
        if expected is bool and isinstance(value, str):  # from `pelican -e KEY=value`
            if value.lower() not in _TRUE | _FALSE:
                raise SettingsError(f"{key} must be true or false, not {value!r}")
            value = value.lower() in _TRUE
        if not isinstance(value, expected):
            names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            raise SettingsError(f"{key} must be a {names}, not {type(value).__name__} {value!r}")
        if expected == (list, tuple) and not all(isinstance(item, str) for item in value):
            raise SettingsError(f"{key} must be a list of folder names, not {value!r}")
        resolved[key] = list(value) if isinstance(value, tuple) else value
    executor = resolved["CROSSCHECK_EXECUTOR"]
    if executor not in EXECUTORS and not (executor.startswith("dask://") and len(executor) > len("dask://")):
        raise SettingsError(f"CROSSCHECK_EXECUTOR must be one of {', '.join(EXECUTORS)} or dask://host:port, not {executor!r}")
    if resolved["CROSSCHECK_WORKERS"] < 0:
        raise SettingsError(f"CROSSCHECK_WORKERS must be 0 (one per core) or more, not {resolved['CROSSCHECK_WORKERS']!r}")
    for key, placeholder in _PLACEHOLDERS.items():
        try:
            resolved[key].format(**{placeholder: "x"})
        except (KeyError, IndexError, ValueError) as error:
            raise SettingsError(f"{key} = {resolved[key]!r} cannot be filled in ({error}); use the placeholder {{{placeholder}}}") from None
    return resolved
