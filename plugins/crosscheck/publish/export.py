"""The public JSON contract (docs/export.md): output/api/factcheck.json."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from ..model import (
    GROUP_STATUSES,
    Analysis,
    Annotation,
    Claim,
    Discrepancy,
    Entity,
    Fact,
    Group,
    Outlet,
    Rating,
    Source,
    Story,
    Value,
)
from ..sanitize import annotation_html
from ..words import shorten, slugify
from .urls import body_link_address, entity_page, group_page, outlet_page, sentence_link, source_page

EXPORT_VERSION = 1


def redirects(retired: dict[str, str], settings) -> str:
    """A ``_redirects`` file (Netlify, Cloudflare Pages): each retired group's page to where its claims went."""
    root = urlsplit(settings.get("SITEURL", "")).path.rstrip("/")
    return "".join(f"{root}/{group_page(old, settings)} {root}/{group_page(new, settings)} 301\n"
                   for old, new in sorted(retired.items()))


def retired_record(old: str, new: str, settings) -> dict:
    return {"id": old, "group": new, "page": group_page(old, settings)}


# link.group_id's shape: an id read back from an earlier build becomes a file name, so nothing else is taken
_GROUP_ID = re.compile(r"g-[0-9a-f]{10}")


def previous_build(data) -> tuple[tuple[Group, ...], dict[str, str]]:
    """The groups and the retired ids (``retired[]``) of an earlier build's export, for
    corrections.retired_since; ValueError when ``data`` is not an export of this version."""
    try:
        if data["version"] != EXPORT_VERSION:
            raise ValueError(f"export version {data['version']!r}, not {EXPORT_VERSION}")
        groups = tuple(Group(record["id"], tuple(map(str, record["claims"])), str(record["status"]),
                             basis=str(record["basis"]), facts=tuple(map(str, record["facts"])))
                       for record in data["groups"] if _GROUP_ID.fullmatch(str(record["id"])))
        retired = {record["id"]: str(record["group"]) for record in data.get("retired", ())
                   if _GROUP_ID.fullmatch(str(record["id"]))}
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a Crosscheck export: {error!r}") from error
    return groups, retired


def source_record(source: Source, settings) -> dict:
    return {
        "id": source.id,
        "file": source.path,
        "title": source.title,
        "url": source.url or None,
        "published": source.published.date.isoformat() if source.published else None,
        "reference_date": source.reference.date.isoformat() if source.reference else None,
        "page": source_page(source.id, settings),
        "publisher": source.publisher or None,
        "publisher_evidence": list(source.publisher_evidence),
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
        "facts": list(group.facts),
        "story": group.story or None,
        "question": group.question or None,
        "origins": [list(sources) for sources in group.origins],
        "page": group_page(group.id, settings),
    }


def fact_record(fact: Fact) -> dict:
    return {
        "id": fact.id,
        "claim": fact.claim,
        "source": fact.source,
        "value": value_record(fact.value),
        "attribute": list(fact.attribute),
        "subject": list(fact.subject),
    }


# Differences that say two outlets' values of one fact cannot both be right; the others (an update, a rounding,
# another wording) are no disagreement between them.
_DISAGREEMENTS = ("conflict", "possible")


@dataclass(frozen=True)
class OutletTally:
    """How an outlet's facts fare against the other sources: each fact group it states counted once."""

    agree: int = 0  # others state the fact too, and none of them contradicts this outlet's value
    conflict: int = 0  # another source's value contradicts this outlet's (a conflict or a possible conflict)
    alone: int = 0  # only this outlet's sources state the fact

    @property
    def facts(self) -> int:
        return self.agree + self.conflict + self.alone


def outlet_tallies(analysis: Analysis, dismissed=()) -> dict[str, OutletTally]:
    """Each outlet's tally, from the fact groups and their discrepancies (but those editors dismissed); a source
    with no known outlet counts as another outlet, as it may be one."""
    outlet_of = {source_id: outlet.id for outlet in analysis.outlets for source_id in outlet.sources}
    source_of = {claim.id: claim.source for claim in analysis.all_claims()}
    counts = {outlet.id: {"agree": 0, "conflict": 0, "alone": 0} for outlet in analysis.outlets}
    disagreeing: dict[str, list[set[str]]] = {}  # group id -> sources of each disagreement
    for item in analysis.discrepancies:
        if item.kind in _DISAGREEMENTS and item.id not in dismissed:
            disagreeing.setdefault(item.group, []).append({source_of[claim_id] for claim_id in item.claims if claim_id in source_of})
    for group in analysis.groups:
        if group.basis != "fact":
            continue
        sources = {source_of[claim_id] for claim_id in group.claims if claim_id in source_of}
        for outlet_id in {outlet_of[source_id] for source_id in sources if source_id in outlet_of}:
            own = {source_id for source_id in sources if outlet_of.get(source_id) == outlet_id}
            if not sources - own:
                counts[outlet_id]["alone"] += 1
            elif any(found & own and found - own for found in disagreeing.get(group.id, ())):
                counts[outlet_id]["conflict"] += 1
            else:
                counts[outlet_id]["agree"] += 1
    # a fact no other source states makes no fact group: it stands alone
    grouped = {fact_id for group in analysis.groups for fact_id in group.facts}
    for fact in analysis.facts:
        if fact.id not in grouped and fact.source in outlet_of:
            counts[outlet_of[fact.source]]["alone"] += 1
    return {outlet_id: OutletTally(**found) for outlet_id, found in counts.items()}


def outlet_record(outlet: Outlet, tally: OutletTally, settings) -> dict:
    return {
        "id": outlet.id,
        "name": outlet.name,
        "url": outlet.url or None,
        "aliases": list(outlet.aliases),
        "sources": list(outlet.sources),
        "file": outlet.file or None,
        "facts": {"agree": tally.agree, "conflict": tally.conflict, "alone": tally.alone},
        "page": outlet_page(outlet.id, settings),
    }


def story_record(story: Story) -> dict:
    return {"id": story.id, "sources": list(story.sources), "title": story.title}


def discrepancy_record(discrepancy: Discrepancy) -> dict:
    return {
        "id": discrepancy.id,
        "group": discrepancy.group,
        "kind": discrepancy.kind,
        "severity": discrepancy.severity,
        "claims": list(discrepancy.claims),
        "explanation": discrepancy.explanation,
    }


def annotation_record(annotation: Annotation, settings) -> dict:
    return {
        "id": annotation.id,
        "file": annotation.path,
        "target": annotation.target or None,
        "page": group_page(annotation.target, settings) if annotation.target else None,
        "status": annotation.status,
        "verdict": annotation.verdict or None,
        "title": annotation.title or None,
        "claim_reviewed": annotation.claim_reviewed or None,
        "html": annotation_html(annotation, body_link_address(settings, settings.get("SITEURL", ""))),
        "author": annotation.author or None,
        "date": annotation.date or None,
        "modified": annotation.modified or None,
        "merge": list(annotation.merge),
        "split": list(annotation.split),
        "move": [{"claim": claim_id, "to": group} for claim_id, group in annotation.move],
        "dismiss": list(annotation.dismiss),
    }


def factcheck(analysis: Analysis, settings, annotated=None, retired: dict[str, str] | None = None) -> dict:
    """The whole export; ``annotated`` (model.Annotated) adds verdicts, dismissals and annotations;
    ``retired``: every old group id that keeps a page (corrections.retired_since), else those corrections retired."""
    return {name: part if isinstance(part, int) else list(part)
            for name, part in factcheck_parts(analysis, settings, annotated, retired).items()}


def factcheck_parts(analysis: Analysis, settings, annotated=None, retired: dict[str, str] | None = None) -> dict:
    """``factcheck`` with each list a generator of its records, to be written one record at a time (write_json):
    at 10,000 sources the records of the whole export, held at once, take several hundred megabytes."""
    groups_of = analysis.groups_of()
    if retired is None:
        retired = annotated.retired if annotated else {}
    verdict_of = annotated.verdict_of if annotated else {}
    dismissed = annotated.dismissed if annotated else {}
    tallies = outlet_tallies(analysis, dismissed)
    return {
        "version": EXPORT_VERSION,
        "sources": (source_record(source, settings) for source in analysis.sources),
        "claims": (claim_record(claim, groups_of[claim.id], settings) for claim in analysis.all_claims()),
        "entities": (entity_record(entity, settings) for entity in analysis.entities),
        "outlets": (outlet_record(outlet, tallies[outlet.id], settings) for outlet in analysis.outlets),
        "stories": (story_record(story) for story in analysis.stories),
        "facts": (fact_record(fact) for fact in analysis.facts),
        "groups": (dict(group_record(group, settings), verdict=verdict_of[group.id].verdict if group.id in verdict_of else None)
                   for group in analysis.groups),
        "discrepancies": (dict(discrepancy_record(item), dismissed=dismissed[item.id].id if item.id in dismissed else None)
                          for item in analysis.discrepancies),
        # drafts never reach the public site; the editors' page previews them
        "annotations": (annotation_record(annotation, settings) for annotation in (annotated.annotations if annotated else ())
                        if annotation.status == "published"),
        "retired": (retired_record(old, new, settings) for old, new in sorted(retired.items())),
    }


def write_json(parts: dict, handle) -> None:
    """``parts`` (name -> a number, or an iterable of records) written as ``json.dump(indent=1)`` writes the dict
    of lists, byte for byte, one record at a time. Infinity and NaN are no JSON: they raise ValueError."""
    handle.write("{")
    for number, (name, part) in enumerate(parts.items()):
        handle.write(("," if number else "") + "\n " + _dumps(name) + ": ")
        if isinstance(part, int):
            handle.write(_dumps(part))
            continue
        empty = True
        for record in part:
            # an item of a list in the top object is indented by two: json.dump's indent=1 at depth 2
            handle.write(("[" if empty else ",") + "\n  " + _dumps(record).replace("\n", "\n  "))
            empty = False
        handle.write("[]" if empty else "\n ]")
    handle.write("\n}\n" if parts else "}\n")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


CLAIM_REVIEWED_LENGTH = 74  # schema.org's guidance: claimReviewed under 75 characters


def claim_review(group: Group, annotation: Annotation, scale: tuple[Rating, ...], found: Lookup, site_url: str, settings) -> dict:
    """schema.org ClaimReview for a group with a published verdict (docs/export.md, "ClaimReview")."""
    def absolute(page: str) -> str:
        return f"{site_url.rstrip('/')}/{page}" if site_url else page

    rating = next(step for step in scale if step.label == annotation.verdict)
    sources = sorted({found.claims[claim_id].source for claim_id in group.claims},
                     key=lambda source_id: (found.sources[source_id].date() or dt.date.max, source_id))
    appearances = [_appearance(found.sources[source_id], absolute(source_page(source_id, settings))) for source_id in sources]
    claim = {"@type": "Claim", "appearance": appearances, "firstAppearance": appearances[0]}
    first_written = found.sources[sources[0]].date()
    if first_written:
        claim["datePublished"] = first_written.isoformat()
    claimant = _claimant([found.claims[claim_id] for claim_id in group.claims], found.entities)
    if claimant:
        claim["author"] = claimant
    publisher = publisher_record(settings, site_url)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(group_page(group.id, settings)),
        "claimReviewed": annotation.claim_reviewed or shorten(group.statement, CLAIM_REVIEWED_LENGTH),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": max(step.value for step in scale),
            "worstRating": min(step.value for step in scale),
            "alternateName": rating.label,
        },
        "itemReviewed": claim,
        "author": {"@type": "Person", "name": annotation.author} if annotation.author else publisher,
        "publisher": publisher,
    }
    if annotation.date:
        review["datePublished"] = annotation.date
    if annotation.modified:
        review["dateModified"] = annotation.modified
    return review


def publisher_record(settings, site_url: str) -> dict:
    """The fact-checking organization: CROSSCHECK_PUBLISHER_NAME and _URL, else the site's name and address."""
    record = {"@type": "Organization", "name": settings["CROSSCHECK_PUBLISHER_NAME"] or settings.get("SITENAME", "")}
    url = settings["CROSSCHECK_PUBLISHER_URL"] or site_url
    if url:
        record["url"] = url
    return record


# schema.org's author is a Person or an Organization; a place that speaks (a country) does so as an organization
_CLAIMANT_TYPES = {"person": "Person", "organization": "Organization", "place": "Organization"}


def _claimant(claims: list[Claim], entities: dict[str, Entity]) -> dict | None:
    """Who made the claim: the speaker its sentences credit, when they credit one and it is known what it is."""
    speakers = {claim.speaker for claim in claims if claim.speaker}
    if len(speakers) != 1:  # none, or the sources credit different people: nobody is named
        return None
    entity = entities.get(speakers.pop())
    if entity is None or entity.kind not in _CLAIMANT_TYPES:
        return None
    return {"@type": _CLAIMANT_TYPES[entity.kind], "name": entity.name}


def _appearance(source: Source, page: str) -> dict:
    work = {"@type": "CreativeWork", "url": source.url or page, "headline": source.title}
    if source.published:
        work["datePublished"] = source.published.date.isoformat()
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    return work


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
    facts: dict[str, Fact]
    facts_of_source: dict[str, list[tuple[Group, Fact]]]  # Source.id -> each fact group it takes part in, with its mention
    facts_of_entity: dict[str, list[tuple[Group, Fact]]]  # Entity.id -> the fact groups of the values named next to it
    conflicts_of_source: dict[str, list[Discrepancy]]  # Source.id -> conflicts it takes part in
    outlet_of_source: dict[str, Outlet]  # Source.id -> its publisher, for those that have one


def lookup(analysis: Analysis, dismissed=()) -> Lookup:
    """``dismissed``: ids of discrepancies editors dismissed; they are no source's open conflicts."""
    claims = {claim.id: claim for claim in analysis.all_claims()}
    facts = {fact.id: fact for fact in analysis.facts}
    facts_of_source: dict[str, list[tuple[Group, Fact]]] = {}
    facts_of_entity: dict[str, list[tuple[Group, Fact]]] = {}
    for group in analysis.groups:
        for fact in (facts[fact_id] for fact_id in group.facts):
            facts_of_source.setdefault(fact.source, []).append((group, fact))
            if fact.subject:
                facts_of_entity.setdefault(fact.subject[0], []).append((group, fact))
    discrepancies_of: dict[str, list[Discrepancy]] = {}
    conflicts_of_source: dict[str, list[Discrepancy]] = {}
    for item in analysis.discrepancies:
        discrepancies_of.setdefault(item.group, []).append(item)
        if item.kind == "conflict" and item.id not in dismissed:
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
        facts=facts,
        facts_of_source=facts_of_source,
        facts_of_entity=facts_of_entity,
        outlet_of_source={source_id: outlet for outlet in analysis.outlets for source_id in outlet.sources},
    )


def by_status(claims: list[Claim], found: Lookup) -> list[tuple[str, list[Claim]]]:
    """Claims under the status of their group, conflicts first."""
    grouped = {status: [] for status in GROUP_STATUSES}
    for claim in claims:
        grouped[found.groups[found.group_of[claim.id]].status].append(claim)
    return [(status, members) for status, members in grouped.items() if members]


def awaiting_verdict(analysis: Analysis, found: Lookup, annotated) -> list[tuple[Group, int]]:
    """Groups of several sources with no published verdict: open conflicts first, then the most check-worthy."""
    def order(group: Group):
        open_conflicts = sum(1 for item in found.discrepancies_of.get(group.id, [])
                             if item.kind == "conflict" and item.id not in annotated.dismissed)
        worth = max(found.claims[claim_id].score for claim_id in group.claims)
        return (-open_conflicts, -worth, group.id)

    waiting = [group for group in analysis.groups if group.id not in annotated.verdict_of and group.status != "single"]
    return [(group, len({found.claims[claim_id].source for claim_id in group.claims})) for group in sorted(waiting, key=order)]


def verdict_css(scale: tuple[Rating, ...]) -> str:
    """A badge colour per verdict. Colours come from settings, so they are checked to be colours."""
    rules = []
    for rating in scale:
        colour = rating.colour if _CSS_COLOUR.fullmatch(rating.colour) else "#555"
        rules.append(f".verdict-{verdict_class(rating.label)} {{ background: {colour}; color: {_text_colour(colour)}; }}")
    return "\n".join(rules) + "\n"


def _text_colour(background: str) -> str:
    """White or near-black, whichever contrasts more with a hex background (WCAG relative luminance)."""
    digits = background.lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}", digits):
        return "#fff"
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#fff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "#111"


_CSS_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|(?:rgb|hsl)a?\([0-9.,%\s]+\)")


def verdict_class(label: str) -> str:
    return slugify(label) or "verdict"
