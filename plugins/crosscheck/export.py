"""The public JSON contract (docs/export.md): output/api/factcheck.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .model import Claim, Discrepancy, Entity, Group, Source, Value
from .compare import STATUSES
from .pipeline import Analysis

EXPORT_VERSION = 1


def source_page(source_id: str, settings) -> str:
    return settings["CROSSCHECK_SOURCE_URL"].format(id=source_id)


def entity_page(entity_id: str, settings) -> str:
    return settings["CROSSCHECK_ENTITY_URL"].format(id=entity_id)


def group_page(group_id: str, settings) -> str:
    return settings["CROSSCHECK_CLAIM_URL"].format(id=group_id)


def discrepancies_page(kind: str, settings) -> str:
    return settings["CROSSCHECK_DISCREPANCIES_URL"].format(kind=kind)


def sentence_link(claim: Claim, settings) -> str:
    return f"{source_page(claim.source, settings)}#{claim.sentence}"


def source_record(source: Source, settings) -> dict:
    return {
        "id": source.id,
        "file": source.path,
        "title": source.title,
        "url": source.url or None,
        "published": source.published.date.isoformat() if source.published else None,
        "reference_date": source.reference.date.isoformat() if source.reference else None,
        "page": source_page(source.id, settings),
    }


def value_record(value: Value) -> dict:
    record = asdict(value)
    del record["start"], record["end"]
    return record


def claim_record(claim: Claim, group_ids: tuple[str, ...], settings) -> dict:
    """group_ids: the claim's own group first, then any group it shares one value with."""
    return {
        "id": claim.id,
        "source": claim.source,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "values": [value_record(value) for value in claim.values],
        "entities": list(claim.entities),
        "speaker": claim.speaker or None,
        "quote": claim.quote or None,
        "kinds": list(claim.kinds),
        "score": claim.score,
        "page": group_page(group_ids[0], settings),
        "sentence": sentence_link(claim, settings),
        "group": group_ids[0],
        "groups": list(group_ids),
    }


def entity_record(entity: Entity, settings) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "kind": entity.kind,
        "page": entity_page(entity.id, settings),
    }


def claims_by_entity(analysis: Analysis) -> dict[str, list[Claim]]:
    """Each entity's claims: those that name it or quote it."""
    found: dict[str, list[Claim]] = {}
    for claim in analysis.all_claims():
        for entity_id in dict.fromkeys(claim.entities + ((claim.speaker,) if claim.speaker else ())):
            found.setdefault(entity_id, []).append(claim)
    return found


def group_record(group: Group, settings) -> dict:
    return {
        "id": group.id,
        "claims": list(group.claims),
        "status": group.status,
        "statement": group.statement,
        "basis": group.basis,
        "page": group_page(group.id, settings),
    }


def discrepancy_record(discrepancy: Discrepancy) -> dict:
    return {
        "id": discrepancy.id,
        "group": discrepancy.group,
        "kind": discrepancy.kind,
        "severity": discrepancy.severity,
        "claims": list(discrepancy.claims),
        "explanation": discrepancy.explanation,
    }


def factcheck(analysis: Analysis, settings) -> dict:
    groups_of = analysis.groups_of()
    return {
        "version": EXPORT_VERSION,
        "sources": [source_record(source, settings) for source in analysis.sources],
        "claims": [claim_record(claim, groups_of[claim.id], settings) for claim in analysis.all_claims()],
        "entities": [entity_record(entity, settings) for entity in analysis.entities],
        "groups": [group_record(group, settings) for group in analysis.groups],
        "discrepancies": [discrepancy_record(item) for item in analysis.discrepancies],
    }


DISCREPANCY_KINDS = ("conflict", "change", "minor", "wording")


@dataclass(frozen=True)
class Lookup:
    """The analysis indexed for publishing: what the pages cross-reference."""

    sources: dict[str, Source]
    claims: dict[str, Claim]
    groups: dict[str, Group]
    group_of: dict[str, str]  # Claim.id -> its own Group.id
    groups_of: dict[str, tuple[str, ...]]  # Claim.id -> every Group.id it is in, its own first
    entities: dict[str, Entity]
    discrepancies_of: dict[str, list[Discrepancy]]  # Group.id -> its discrepancies
    conflicts_of_source: dict[str, list[Discrepancy]]  # Source.id -> conflicts it takes part in


def lookup(analysis: Analysis) -> Lookup:
    claims = {claim.id: claim for claim in analysis.all_claims()}
    discrepancies_of: dict[str, list[Discrepancy]] = {}
    conflicts_of_source: dict[str, list[Discrepancy]] = {}
    for item in analysis.discrepancies:
        discrepancies_of.setdefault(item.group, []).append(item)
        if item.kind == "conflict":
            for source_id in dict.fromkeys(claims[claim_id].source for claim_id in item.claims):
                conflicts_of_source.setdefault(source_id, []).append(item)
    return Lookup(
        sources={source.id: source for source in analysis.sources},
        claims=claims,
        groups={group.id: group for group in analysis.groups},
        group_of=analysis.group_of(),
        groups_of=analysis.groups_of(),
        entities={entity.id: entity for entity in analysis.entities},
        discrepancies_of=discrepancies_of,
        conflicts_of_source=conflicts_of_source,
    )


def by_status(claims: list[Claim], found: Lookup) -> list[tuple[str, list[Claim]]]:
    """Claims under the status of their group, conflicts first."""
    grouped = {status: [] for status in STATUSES}
    for claim in claims:
        grouped[found.groups[found.group_of[claim.id]].status].append(claim)
    return [(status, members) for status, members in grouped.items() if members]
