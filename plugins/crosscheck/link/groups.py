"""Groups of claims: fact groups (one fact across sources, compared) and sentence groups (copies of one
sentence), with the ids they are named by. The one place groups are built."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from ..compare import compare_facts, settle_statuses, spelling_discrepancies
from ..extract.facts import facts_of
from ..ingest.dates import STRONG_ORIGINS
from ..lexicon import Lexicon
from ..model import Claim, Fact, Group, Mention, Source
from .facts import FACT_LINK, copies_of, link_facts
from .sentences import group_id, link_claims
from .stories import find_stories


def entity_spans(mentions: Mapping[str, Sequence[Mention]], entity_of: Mapping[tuple, str]) -> dict[str, tuple]:
    """Each source's named entities as (start, end, Entity.id), by offsets into its text."""
    return {
        source_id: tuple((mention.start, mention.end, entity_of[key]) for mention in found
                         if (key := (mention.source, mention.start, mention.end)) in entity_of)
        for source_id, found in mentions.items()
    }


def names_by_source(mentions: Mapping[str, Sequence[Mention]], entity_of: Mapping[tuple, str]) -> dict[str, frozenset[str]]:
    """The entities each source names anywhere in its text."""
    return {
        source_id: frozenset(entity_of[key] for mention in found if (key := (mention.source, mention.start, mention.end)) in entity_of)
        for source_id, found in mentions.items()
    }


def cross_reference(claims: Sequence[Claim], sources: Sequence[Source], names: Mapping[str, frozenset[str]] | None = None,
                    fact_threshold: float = FACT_LINK, spans: Mapping[str, Sequence[tuple[int, int, str]]] | None = None,
                    lexicon: Lexicon | None = None):
    """Groups, discrepancies, sentence links, stories and facts of the claims.

    Sentences alike as a whole make sentence groups (copies of one text);
    sources make stories; the values of the claims make facts, linked into
    fact groups inside each story and compared there. Discrepancies come from
    fact groups only; a sentence group takes the worst status of the facts
    its sentences state.
    """
    names = names or {}
    dates = {source.id: source.reference.date for source in sources
             if source.reference and source.reference.origin in STRONG_ORIGINS}
    links, members = link_claims(claims, names, dates)
    by_id = {claim.id: claim for claim in claims}
    by_source = {source.id: source for source in sources}
    stories = find_stories(sources, names)
    spans = spans or {}
    facts = tuple(fact for claim in claims for fact in facts_of(claim, spans.get(claim.source, ())))
    groups, discrepancies = [], []
    reference = {source.id: source.reference.date.isoformat() for source in sources if source.reference}
    for linked in link_facts(facts, stories, links, reference, fact_threshold, lexicon,
                             {claim.id: claim.speaker for claim in claims if claim.speaker}, copies_of(claims, links)):
        mentions = linked.mentions
        anchor = min(mentions, key=lambda fact: _first(by_id[fact.claim], by_source))
        gid = group_id(anchor.id, "fact")
        status, found = compare_facts(gid, mentions, by_source, linked.strongly_linked, linked.supports_difference)
        claim_ids = tuple(dict.fromkeys(fact.claim for fact in mentions))
        story = next(story.id for story in stories if anchor.source in story.sources)
        groups.append(Group(gid, claim_ids, status, by_id[anchor.claim].text, "fact", tuple(fact.id for fact in mentions),
                            story, fact_question(mentions), linked.origins))
        discrepancies.extend(found)
    discrepancies.extend(spelling_discrepancies(groups, by_id, by_source, spans))
    for member_ids in members:
        group_claims = [by_id[claim_id] for claim_id in member_ids]
        gid = group_id(anchor_claim(group_claims, by_source).id)
        status = "corroborated" if len({claim.source for claim in group_claims}) > 1 else "single"
        statement = max(group_claims, key=lambda claim: (claim.score, -len(claim.text))).text
        groups.append(Group(gid, tuple(member_ids), status, statement))
    groups = sorted(settle_statuses(groups, discrepancies), key=lambda group: group.id)
    discrepancies.sort(key=lambda item: (-item.severity, item.id))
    return tuple(groups), tuple(discrepancies), tuple(links), stories, facts


def fact_question(mentions: Sequence[Fact]) -> str:
    """What a fact group is about, in a few words: its kind and the words most of its mentions share."""
    counted = Counter(word for fact in mentions for word in set(fact.attribute[:4]))
    common = [word for word, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:3] if count > 1]
    kind = mentions[0].value.kind
    noun = mentions[0].value.unit if kind == "count" else ""
    label = {"count": f"number of {noun}" if noun else "number", "date": "date", "date_range": "dates", "since": "since when",
             "money": "amount", "percent": "share", "duration": "how long", "time": "time of day", "age": "age"}.get(kind, kind)
    return f"{label}: {', '.join(common)}" if common else label


def _first(claim: Claim, sources: dict[str, Source]) -> tuple:
    source = sources[claim.source]
    return (source.date() or dt.date.max, source.path, claim.start)


def anchor_claim(claims: Sequence[Claim], sources: dict[str, Source]) -> Claim:
    """The claim a group is named after: the one in the earliest source (Source.date).

    News corpora grow with later reports, so adding sources seldom changes a
    group's id; when it does, annotations still find the group through any of
    its claims (annotate.py).
    """
    return min(claims, key=lambda claim: _first(claim, sources))
