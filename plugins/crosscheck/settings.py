"""CROSSCHECK_* settings: their defaults and validation, in one place.

Every key is documented in docs/settings.md; a test fails when one is not.
"""

from __future__ import annotations

from typing import Any

from .model import Limits, Rating
from .publish.urls import absolute_base


class SettingsError(ValueError):
    """A CROSSCHECK_* setting has the wrong type or value."""


DEFAULTS: dict[str, Any] = {
    # Folders under the content path that hold news sources. When none of them
    # exists, the content path itself is read (minus the folders below).
    "CROSSCHECK_SOURCE_PATHS": ["sources"],
    "CROSSCHECK_ANNOTATION_PATHS": ["annotations"],
    "CROSSCHECK_ENTITY_PATHS": ["entities"],
    # Editors' outlet files (Title:, Url:, Aliases:), which pin a publisher's name and address.
    "CROSSCHECK_OUTLET_PATHS": ["outlets"],
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
    "CROSSCHECK_OUTLET_URL": "outlets/{id}/",
    "CROSSCHECK_OUTLET_SAVE_AS": "outlets/{id}/index.html",
    "CROSSCHECK_STORY_URL": "stories/{id}/",
    "CROSSCHECK_STORY_SAVE_AS": "stories/{id}/index.html",
    "CROSSCHECK_INDEX_SAVE_AS": "index.html",
    "CROSSCHECK_API_SAVE_AS": "api/factcheck.json",
    # Where the last build is, to keep a page for every group id it had; "" means OUTPUT_PATH.
    "CROSSCHECK_PREVIOUS_OUTPUT_PATH": "",
    # The editors' page: claims awaiting a verdict, drafts in full, orphaned annotations, annotation errors.
    # publishconf.py turns it off: drafts never reach the public site.
    "CROSSCHECK_EDITORS_PAGE": True,
    # host:port of `invoke livereload`'s server: the pages' CSP then allows its script. "" in every other build.
    "CROSSCHECK_LIVERELOAD": "",
    "CROSSCHECK_EDITORS_URL": "editors/",
    "CROSSCHECK_EDITORS_SAVE_AS": "editors/index.html",
    # The fact-checking organization in ClaimReview's publisher; "" means SITENAME and SITEURL.
    "CROSSCHECK_PUBLISHER_NAME": "",
    "CROSSCHECK_PUBLISHER_URL": "",
    # publishconf.py turns it on: a build without an absolute SITEURL stops (ClaimReview's url must be absolute).
    "CROSSCHECK_REQUIRE_SITEURL": False,
    # The verdict scale, worst first or best first: each step has a label, a rating
    # value (for ClaimReview), a CSS colour and a description.
    "CROSSCHECK_VERDICTS": [
        {"label": "True", "value": 5, "colour": "#1a7f37", "description": "Accurate; the sources bear it out."},
        {"label": "Mostly true", "value": 4, "colour": "#4d7c0f", "description": "Accurate, but needs a detail or context."},
        {"label": "Mixed", "value": 3, "colour": "#8a6100", "description": "Partly accurate; the sources disagree or leave out something that matters."},
        {"label": "Mostly false", "value": 2, "colour": "#b35900", "description": "Contains something true, but the main point is wrong."},
        {"label": "False", "value": 1, "colour": "#b42318", "description": "Inaccurate; the sources contradict it."},
    ],
    # Reader pages: every dated claim on a time axis; sources against claim groups, one page per order.
    "CROSSCHECK_TIMELINE_URL": "timeline/",
    "CROSSCHECK_TIMELINE_SAVE_AS": "timeline/index.html",
    "CROSSCHECK_MATRIX_URL": "matrix/{order}/",
    "CROSSCHECK_MATRIX_SAVE_AS": "matrix/{order}/index.html",
    # List pages (differences, an entity's claims, a story's facts, the timeline, the matrix, the lists of
    # sources and entities) show at most this many items of each list a page, then link to the next page.
    "CROSSCHECK_PAGE_SIZE": 50,
    # The home page's stories a page: each comes with its summary and first differences.
    "CROSSCHECK_STORIES_PER_PAGE": 10,
    # On the home page and in lists, a difference shows at most this many sources for a value; its page shows all.
    "CROSSCHECK_SOURCES_PER_VALUE": 12,
    # Every source and every entity, as lists in pages ({what} is sources or entities).
    "CROSSCHECK_BROWSE_URL": "browse/{what}/",
    "CROSSCHECK_BROWSE_SAVE_AS": "browse/{what}/index.html",
    # The matrix: at most this many source columns and claim rows (in pages of CROSSCHECK_PAGE_SIZE rows).
    "CROSSCHECK_MATRIX_MAX_SOURCES": 40,
    "CROSSCHECK_MATRIX_MAX_ROWS": 300,
    # Index the built site with Pagefind and write the search page.
    "CROSSCHECK_SEARCH": True,
    # Pagefind holds what it indexes in memory and cannot update an index: pages holding more HTML than this
    # are indexed in parts of at most this many bytes (by a stable hash of their address), which the search
    # page merges; a warm build indexes again only the parts with a changed page. 0 indexes the site in one run.
    "CROSSCHECK_SEARCH_PART_BYTES": 100_000_000,
    "CROSSCHECK_SEARCH_URL": "search/",
    "CROSSCHECK_SEARCH_SAVE_AS": "search/index.html",
    # Atom feeds; {name} is claims, conflicts or verdicts.
    "CROSSCHECK_FEED_SAVE_AS": "feeds/{name}.atom.xml",
    # The analysis cache (SQLite); relative to the content folder's parent. "" turns it off.
    "CROSSCHECK_CACHE_PATH": ".cache/crosscheck.sqlite3",
    # Where per-source analysis runs: auto | serial | processes | dask://host:port
    "CROSSCHECK_EXECUTOR": "auto",
    # Worker processes for auto/processes, and Pagefind runs at once for the search index; 0 means one per core.
    "CROSSCHECK_WORKERS": 0,
    # Bounds applied before expensive work, so that one file cannot stall or flood the build (model.Limits).
    "CROSSCHECK_MAX_TITLE_CHARACTERS": Limits().title_characters,
    "CROSSCHECK_MAX_PARSER_CHARACTERS": Limits().parser_characters,
    "CROSSCHECK_MAX_NUMBER_DIGITS": Limits().number_digits,
    "CROSSCHECK_MAX_CLAIMS_PER_SOURCE": Limits().claims_per_source,
    # Linking weighs words by counts frozen at a generation: a new one is counted (the whole corpus linked
    # again) once more than this share of its sources were added, removed or changed since.
    "CROSSCHECK_LINK_STATISTICS_DRIFT": Limits().statistics_drift,
    # `invoke add` and `invoke refresh` (clip.py, fetch.py): how a page is fetched.
    "CROSSCHECK_CLIP_MAX_BYTES": 5_000_000,
    "CROSSCHECK_CLIP_TIMEOUT": 20.0,
    "CROSSCHECK_CLIP_USER_AGENT": "Crosscheck/0.1 (fact-check clipper; keeps one copy of a news page to compare sources)",
    "CROSSCHECK_CLIP_ROBOTS": True,
    "CROSSCHECK_CLIP_MIN_TEXT_CHARACTERS": 300,
}

_TYPES: dict[str, type | tuple[type, ...]] = {
    "CROSSCHECK_SOURCE_PATHS": (list, tuple),
    "CROSSCHECK_ANNOTATION_PATHS": (list, tuple),
    "CROSSCHECK_ENTITY_PATHS": (list, tuple),
    "CROSSCHECK_OUTLET_PATHS": (list, tuple),
    "CROSSCHECK_STRICT": bool,
    "CROSSCHECK_SOURCE_URL": str,
    "CROSSCHECK_SOURCE_SAVE_AS": str,
    "CROSSCHECK_CLAIM_URL": str,
    "CROSSCHECK_CLAIM_SAVE_AS": str,
    "CROSSCHECK_DISCREPANCIES_URL": str,
    "CROSSCHECK_DISCREPANCIES_SAVE_AS": str,
    "CROSSCHECK_ENTITY_URL": str,
    "CROSSCHECK_ENTITY_SAVE_AS": str,
    "CROSSCHECK_OUTLET_URL": str,
    "CROSSCHECK_OUTLET_SAVE_AS": str,
    "CROSSCHECK_STORY_URL": str,
    "CROSSCHECK_STORY_SAVE_AS": str,
    "CROSSCHECK_INDEX_SAVE_AS": str,
    "CROSSCHECK_API_SAVE_AS": str,
    "CROSSCHECK_PREVIOUS_OUTPUT_PATH": str,
    "CROSSCHECK_EDITORS_PAGE": bool,
    "CROSSCHECK_LIVERELOAD": str,
    "CROSSCHECK_EDITORS_URL": str,
    "CROSSCHECK_EDITORS_SAVE_AS": str,
    "CROSSCHECK_PUBLISHER_NAME": str,
    "CROSSCHECK_PUBLISHER_URL": str,
    "CROSSCHECK_REQUIRE_SITEURL": bool,
    "CROSSCHECK_VERDICTS": (list, tuple),
    "CROSSCHECK_TIMELINE_URL": str,
    "CROSSCHECK_TIMELINE_SAVE_AS": str,
    "CROSSCHECK_MATRIX_URL": str,
    "CROSSCHECK_MATRIX_SAVE_AS": str,
    "CROSSCHECK_MATRIX_MAX_SOURCES": int,
    "CROSSCHECK_MATRIX_MAX_ROWS": int,
    "CROSSCHECK_PAGE_SIZE": int,
    "CROSSCHECK_STORIES_PER_PAGE": int,
    "CROSSCHECK_SOURCES_PER_VALUE": int,
    "CROSSCHECK_BROWSE_URL": str,
    "CROSSCHECK_BROWSE_SAVE_AS": str,
    "CROSSCHECK_SEARCH": bool,
    "CROSSCHECK_SEARCH_PART_BYTES": int,
    "CROSSCHECK_SEARCH_URL": str,
    "CROSSCHECK_SEARCH_SAVE_AS": str,
    "CROSSCHECK_FEED_SAVE_AS": str,
    "CROSSCHECK_CACHE_PATH": str,
    "CROSSCHECK_EXECUTOR": str,
    "CROSSCHECK_WORKERS": int,
    "CROSSCHECK_MAX_TITLE_CHARACTERS": int,
    "CROSSCHECK_MAX_PARSER_CHARACTERS": int,
    "CROSSCHECK_MAX_NUMBER_DIGITS": int,
    "CROSSCHECK_MAX_CLAIMS_PER_SOURCE": int,
    "CROSSCHECK_LINK_STATISTICS_DRIFT": (int, float),
    "CROSSCHECK_CLIP_MAX_BYTES": int,
    "CROSSCHECK_CLIP_TIMEOUT": (int, float),
    "CROSSCHECK_CLIP_USER_AGENT": str,
    "CROSSCHECK_CLIP_ROBOTS": bool,
    "CROSSCHECK_CLIP_MIN_TEXT_CHARACTERS": int,
}
_LIMITS = {"CROSSCHECK_MAX_TITLE_CHARACTERS": "title_characters", "CROSSCHECK_MAX_PARSER_CHARACTERS": "parser_characters",
           "CROSSCHECK_MAX_NUMBER_DIGITS": "number_digits", "CROSSCHECK_MAX_CLAIMS_PER_SOURCE": "claims_per_source"}
EXECUTORS = ("auto", "serial", "processes")
_PLACEHOLDERS = {
    key: "kind" if key.startswith("CROSSCHECK_DISCREPANCIES") else "id"
    for key in DEFAULTS
    if key.endswith(("_URL", "_SAVE_AS")) and key not in ("CROSSCHECK_API_SAVE_AS", "CROSSCHECK_INDEX_SAVE_AS", "CROSSCHECK_PUBLISHER_URL")
}
_PLACEHOLDERS.update({"CROSSCHECK_MATRIX_URL": "order", "CROSSCHECK_MATRIX_SAVE_AS": "order", "CROSSCHECK_FEED_SAVE_AS": "name",
                      "CROSSCHECK_BROWSE_URL": "what", "CROSSCHECK_BROWSE_SAVE_AS": "what"})
# One page each: no placeholder at all.
_PLACEHOLDERS.update(dict.fromkeys(("CROSSCHECK_EDITORS_URL", "CROSSCHECK_EDITORS_SAVE_AS", "CROSSCHECK_TIMELINE_URL", "CROSSCHECK_TIMELINE_SAVE_AS", "CROSSCHECK_SEARCH_URL",
                                    "CROSSCHECK_SEARCH_SAVE_AS"), ""))
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
        if expected == (list, tuple) and key != "CROSSCHECK_VERDICTS" and not all(isinstance(item, str) for item in value):
            raise SettingsError(f"{key} must be a list of folder names, not {value!r}")
        resolved[key] = list(value) if isinstance(value, tuple) else value
    ratings(resolved)  # raises on a bad scale
    executor = resolved["CROSSCHECK_EXECUTOR"]
    if executor not in EXECUTORS and not (executor.startswith("dask://") and len(executor) > len("dask://")):
        raise SettingsError(f"CROSSCHECK_EXECUTOR must be one of {', '.join(EXECUTORS)} or dask://host:port, not {executor!r}")
    if resolved["CROSSCHECK_SEARCH_PART_BYTES"] < 0 or isinstance(resolved["CROSSCHECK_SEARCH_PART_BYTES"], bool):
        raise SettingsError(f"CROSSCHECK_SEARCH_PART_BYTES must be 0 (one run) or a number of bytes, not {resolved['CROSSCHECK_SEARCH_PART_BYTES']!r}")
    if resolved["CROSSCHECK_WORKERS"] < 0:
        raise SettingsError(f"CROSSCHECK_WORKERS must be 0 (one per core) or more, not {resolved['CROSSCHECK_WORKERS']!r}")
    for key in (*_LIMITS, "CROSSCHECK_PAGE_SIZE", "CROSSCHECK_STORIES_PER_PAGE", "CROSSCHECK_SOURCES_PER_VALUE"):
        if resolved[key] < 1 or isinstance(resolved[key], bool):
            raise SettingsError(f"{key} must be a whole number of 1 or more, not {resolved[key]!r}")
    drift = resolved["CROSSCHECK_LINK_STATISTICS_DRIFT"]
    if isinstance(drift, bool) or not 0 <= drift <= 1:
        raise SettingsError(f"CROSSCHECK_LINK_STATISTICS_DRIFT must be a share from 0 (count at every build) to 1, not {drift!r}")
    for key in ("CROSSCHECK_CLIP_MAX_BYTES", "CROSSCHECK_CLIP_TIMEOUT", "CROSSCHECK_CLIP_MIN_TEXT_CHARACTERS"):
        if resolved[key] <= 0 or isinstance(resolved[key], bool):
            raise SettingsError(f"{key} must be a number above 0, not {resolved[key]!r}")
    if not resolved["CROSSCHECK_CLIP_USER_AGENT"].strip():
        raise SettingsError("CROSSCHECK_CLIP_USER_AGENT must name the clipper to the sites it fetches; it is empty")
    if resolved["CROSSCHECK_PUBLISHER_URL"] and not absolute_base(resolved["CROSSCHECK_PUBLISHER_URL"]):
        raise SettingsError(f"CROSSCHECK_PUBLISHER_URL must be an absolute http(s) address, not {resolved['CROSSCHECK_PUBLISHER_URL']!r}")
    if resolved["CROSSCHECK_REQUIRE_SITEURL"] and not absolute_base(settings.get("SITEURL", "")):
        raise SettingsError(f"SITEURL is {settings.get('SITEURL', '')!r}, but this build is for publishing "
                            "(CROSSCHECK_REQUIRE_SITEURL, set in publishconf.py) and ClaimReview, the feeds and the sitemap "
                            "need absolute addresses. Set SITEURL, or for `invoke publish` the environment variable "
                            "CROSSCHECK_SITEURL, to the site's address, e.g. https://factcheck.example.org")
    for key, placeholder in _PLACEHOLDERS.items():
        try:
            resolved[key].format(**{placeholder: "x"})
        except (KeyError, IndexError, ValueError) as error:
            hint = f"use the placeholder {{{placeholder}}}" if placeholder else "it takes no placeholder"
            raise SettingsError(f"{key} = {resolved[key]!r} cannot be filled in ({error}); {hint}") from None
    return resolved


_RATING_FIELDS = {"label": str, "value": int, "colour": str, "description": str}


def ratings(settings: dict[str, Any]) -> tuple[Rating, ...]:
    """CROSSCHECK_VERDICTS as Ratings; raise naming the step and field that is wrong."""
    scale = settings["CROSSCHECK_VERDICTS"]
    found: list[Rating] = []
    for number, step in enumerate(scale, start=1):
        if not isinstance(step, dict):
            raise SettingsError(f"CROSSCHECK_VERDICTS step {number} must be a dict with {', '.join(_RATING_FIELDS)}, not {step!r}")
        for name, kind in _RATING_FIELDS.items():
            if name == "description" and name not in step:
                continue
            if not isinstance(step.get(name), kind) or isinstance(step.get(name), bool):
                raise SettingsError(f"CROSSCHECK_VERDICTS step {number} needs {name!r} as a {kind.__name__}, not {step.get(name)!r}")
        extra = sorted(set(step) - set(_RATING_FIELDS))
        if extra:
            raise SettingsError(f"CROSSCHECK_VERDICTS step {number} has unknown field {extra[0]!r}; fields: {', '.join(_RATING_FIELDS)}")
        if any(rating.label.lower() == step["label"].lower() for rating in found):
            raise SettingsError(f"CROSSCHECK_VERDICTS has the label {step['label']!r} twice")
        found.append(Rating(step["label"], step["value"], step["colour"], step.get("description", "")))
    if not found:
        raise SettingsError("CROSSCHECK_VERDICTS needs at least one step")
    return tuple(found)


def limits(settings: dict[str, Any]) -> Limits:
    """The CROSSCHECK_MAX_* settings, for the analysis."""
    return Limits(**{field: settings[key] for key, field in _LIMITS.items()},
                  statistics_drift=settings["CROSSCHECK_LINK_STATISTICS_DRIFT"])


def skipped_dirs(settings: dict[str, Any]) -> list[str]:
    """Folders of the content path that hold no sources, for a content path without a sources folder."""
    return (
        list(settings["CROSSCHECK_ANNOTATION_PATHS"])
        + list(settings["CROSSCHECK_ENTITY_PATHS"])
        + list(settings["CROSSCHECK_OUTLET_PATHS"])
        + [path for path in settings.get("PAGE_PATHS", ["pages"]) if path]
    )
