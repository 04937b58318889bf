"""The public JSON contract (docs/export.md): output/api/factcheck.json."""

from __future__ import annotations

from .pipeline import Analysis

EXPORT_VERSION = 1


def source_record(source, settings) -> dict:
    return {
        "id": source.id,
        "file": source.path,
        "title": source.title,
        "url": source.url or None,
        "published": source.published.date.isoformat() if source.published else None,
        "reference_date": source.reference.date.isoformat() if source.reference else None,
        "page": settings["CROSSCHECK_SOURCE_URL"].format(id=source.id),
    }


def factcheck(analysis: Analysis, settings) -> dict:
    return {
        "version": EXPORT_VERSION,
        "sources": [source_record(source, settings) for source in analysis.sources],
        "claims": [],
        "entities": [],
        "groups": [],
        "discrepancies": [],
    }
