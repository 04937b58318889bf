"""Groups of claims: fact groups (one fact across sources, compared) and sentence groups (copies of one
sentence), with the ids they are named by. The one place groups are built."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..compare import compare_facts, settle_statuses, spelling_discrepancies
from ..extract.facts import facts_of
from ..ingest.dates import STRONG_ORIGINS
from ..lexicon import Lexicon
from ..model import Claim, Fact, Group, Link, Mention, Source, Story
from .facts import FACT_LINK, copies_of, link_facts
from .sentences import LINK_THRESHOLD, ScoredLinks, group_id, linked_groups, score_links
from .statistics import Statistics
from .stories import distinctive_words, find_stories, word_counts


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
                    lexicon: Lexicon | None = None, statistics: Statistics | None = None):
    """Groups, discrepancies, sentence links, stories and facts of the claims.

    Sentences alike as a whole make sentence groups (copies of one text);
    sources make stories; the values of the claims make facts, linked into
    fact groups inside each story and compared there. Discrepancies come from
    fact groups only; a sentence group takes the worst status of the facts
    its sentences state. Words and names are weighed by ``statistics`` (a
    generation's, statistics.py), else by these claims and sources.
    """
    return link_corpus(claims, sources, names, fact_threshold, spans, lexicon, statistics)[0]


@dataclass(frozen=True)
class LinkState:
    """What one linking leaves for the next under the same statistics, by source and by story (as Sphinx
    keeps each document's data): a source whose digest is unchanged keeps its facts and the scores of its
    sentence pairs; a story whose sources and sentence links are unchanged keeps its fact groups."""

    statistics: Statistics
    digests: Mapping[str, str]  # Source.id -> the digest of every input of its claims (the claims cache key)
    scored: ScoredLinks
    facts: Mapping[str, tuple[Fact, ...]]  # by Claim.id
    stories: Mapping[str, tuple[tuple[Group, ...], tuple]]  # story key -> its fact groups and discrepancies
    words: Mapping[str, tuple[str, ...]]  # each source's distinctive words (stories.distinctive_words), by Source.id


def link_corpus(claims: Sequence[Claim], sources: Sequence[Source], names: Mapping[str, frozenset[str]] | None = None,
                fact_threshold: float = FACT_LINK, spans: Mapping[str, Sequence[tuple[int, int, str]]] | None = None,
                lexicon: Lexicon | None = None, statistics: Statistics | None = None,
                digests: Mapping[str, str] | None = None, previous: LinkState | None = None):
    """cross_reference's result, and the LinkState for the next build.

    ``previous`` is used when it was made under these very ``statistics`` and ``digests`` (Source.id -> digest
    of its claims' inputs) are given: then only what changed is linked again, and the result is the
    result of linking everything under those statistics.
    """
    names, spans, digests = names or {}, spans or {}, dict(digests or {})
    if previous is not None and (statistics is None or previous.statistics is not statistics or not digests):
        previous = None
    unchanged_sources = {source_id for source_id, digest in digests.items()
                         if previous is not None and previous.digests.get(source_id) == digest}
    unchanged = frozenset(claim.id for claim in claims if claim.source in unchanged_sources)
    dates = {source.id: source.reference.date for source in sources
             if source.reference and source.reference.origin in STRONG_ORIGINS}
    scored = score_links(claims, names, dates, LINK_THRESHOLD, statistics, previous and previous.scored, unchanged)
    links, members = linked_groups(claims, scored.links)
    by_id = {claim.id: claim for claim in claims}
    by_source = {source.id: source for source in sources}
    words = None
    if statistics is not None:
        words = {source.id: previous.words[source.id] for source in sources if source.id in unchanged_sources}
        words.update(distinctive_words(word_counts([source for source in sources if source.id not in words]), statistics.source_words))
    stories = find_stories(sources, names, statistics, words)
    facts_of_claim = {claim.id: previous.facts[claim.id] if claim.id in unchanged else facts_of(claim, spans.get(claim.source, ()))
                      for claim in claims}
    facts = tuple(fact for claim in claims for fact in facts_of_claim[claim.id])
    reference = {source.id: source.reference.date.isoformat() for source in sources if source.reference}
    claims_of_source: dict[str, list[Claim]] = {}
    for claim in claims:
        claims_of_source.setdefault(claim.source, []).append(claim)
    story_of = {source_id: story for story in stories for source_id in story.sources}
    links_of_story: dict[str, list[Link]] = {}
    for link in links:
        story = story_of.get(by_id[link.a].source)
        if story is not None and story is story_of.get(by_id[link.b].source):
            links_of_story.setdefault(story.id, []).append(link)
    groups, discrepancies, results = [], [], {}
    for story in stories:
        story_claims = [claim for source_id in story.sources for claim in claims_of_source.get(source_id, ())]
        story_links = links_of_story.get(story.id, [])
        key = _story_key(story, digests, story_links, fact_threshold) if digests else None
        if previous is not None and key in previous.stories:
            results[key] = previous.stories[key]
        else:
            found = _story_fact_groups(story, story_claims, story_links, facts_of_claim, by_source, reference,
                                       fact_threshold, lexicon)
            if key is not None:
                results[key] = found
        story_groups, story_discrepancies = results[key] if key is not None else found
        groups.extend(story_groups)
        discrepancies.extend(story_discrepancies)
    # in the order link_facts gives fact groups (by their first mention), which picks among equally good ones
    groups.sort(key=lambda group: group.facts[0])
    discrepancies.extend(spelling_discrepancies(groups, by_id, by_source, spans))
    for member_ids in members:
        group_claims = [by_id[claim_id] for claim_id in member_ids]
        gid = group_id(anchor_claim(group_claims, by_source).id)
        status = "corroborated" if len({claim.source for claim in group_claims}) > 1 else "single"
        statement = max(group_claims, key=lambda claim: (claim.score, -len(claim.text))).text
        groups.append(Group(gid, tuple(member_ids), status, statement))
    groups = sorted(settle_statuses(groups, discrepancies), key=lambda group: group.id)
    discrepancies.sort(key=lambda item: (-item.severity, item.id))
    state = None
    if statistics is not None and digests:
        state = LinkState(statistics, digests, scored, facts_of_claim, results, words)
    return (tuple(groups), tuple(discrepancies), tuple(links), stories, facts), state


def _story_key(story: Story, digests: Mapping[str, str], links: Sequence[Link], fact_threshold: float) -> str:
    """Everything a story's fact groups are made from: its sources' inputs and the sentence links among them."""
    digest = hashlib.sha256(repr((story.id, [(source_id, digests.get(source_id)) for source_id in story.sources],
                                  [(link.a, link.b, link.score) for link in links], fact_threshold)).encode())
    return digest.hexdigest()


def _story_fact_groups(story: Story, claims: Sequence[Claim], links: Sequence[Link], facts_of_claim: Mapping[str, tuple[Fact, ...]],
                       by_source: Mapping[str, Source], reference: Mapping[str, str], fact_threshold: float,
                       lexicon: Lexicon | None) -> tuple[tuple[Group, ...], tuple]:
    """The fact groups of one story (not yet settled) and their discrepancies."""
    by_id = {claim.id: claim for claim in claims}
    facts = [fact for claim in claims for fact in facts_of_claim[claim.id]]
    groups, discrepancies = [], []
    for linked in link_facts(facts, [story], links, reference, fact_threshold, lexicon,
                             {claim.id: claim.speaker for claim in claims if claim.speaker}, copies_of(claims, links)):
        mentions = linked.mentions
        anchor = min(mentions, key=lambda fact: _first(by_id[fact.claim], by_source))
        gid = group_id(anchor.id, "fact")
        status, found = compare_facts(gid, mentions, by_source, linked.strongly_linked, linked.supports_difference)
        claim_ids = tuple(dict.fromkeys(fact.claim for fact in mentions))
        groups.append(Group(gid, claim_ids, status, by_id[anchor.claim].text, "fact", tuple(fact.id for fact in mentions),
                            story.id, fact_question(mentions), linked.origins))
        discrepancies.extend(found)
    return tuple(groups), tuple(discrepancies)


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
