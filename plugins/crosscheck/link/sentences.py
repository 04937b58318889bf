"""Claims -> Groups of sentences alike as a whole: copies of one text, close rewordings.

Candidate pairs come from an inverted index (blocking) on entities and on
content words that are rare enough to discriminate, so the work grows with
the number of claims that share a key, never with all pairs.  Each candidate
pair is scored on several signals: TF-IDF cosine of the sentence's own words
(values taken out), shared entities, comparable value kinds, and the same
speaker for quotes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
import sys
from array import array
from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import snowballstemmer

from ..extract.values import time_point
from ..model import FAMILIES, Claim, Link
from ..words import STOPWORDS
from .statistics import DocumentFrequencies, Statistics

MAX_BLOCK = 150  # a key shared by more claims than this says little about any pair
LINK_THRESHOLD = 0.18
NEAR_COPY = 0.9  # a link this strong is a sentence and its copy
UNRELATED_NAMES = 0.1  # sources sharing less of their names than this report different events
EVENT_DAYS = 31  # reports of one event seldom lie further apart
NAMES_MONTHS_APART = 0.5  # the share of names sources further apart must have in common


# Fitted by bench/fit_link_weights.py (logistic regression on the labelled
# links of both gold corpora); see docs/decisions.md.
WEIGHTS = {
    "lexical": 3.57,
    "overlap": 4.15,
    "entities": 0.79,
    "same_value": 1.55,
    "same_family": 1.29,
    "value_context": 2.03,
    "speaker": 1.81,
    "same_source": -1.81,
}
BIAS = -6.08


def terms(claim: Claim) -> list[str]:
    """The sentence's own words (values cut out, stop words dropped, crudely
    stemmed), plus a term per value kind and per normalized value, so that two
    sentences stating "since 2017" and "in six years" share what they mean."""
    text = claim.text
    for value in sorted(claim.values, key=lambda v: v.start, reverse=True):
        text = text[: value.start] + " " + text[value.end :]
    tokens = re.findall(r"[^\W\d_]+", text.lower().replace("’", "'"))
    words = [stem(token) for token in tokens if len(token) > 2 and token not in STOPWORDS]
    return words + value_terms(claim)


def value_terms(claim: Claim) -> list[str]:
    found = []
    for value in claim.values:
        if value.value is None or value.kind not in FAMILIES:
            continue
        found.append(f"#{value.kind}")
        point = value_point(value)
        if point:
            found.append(f"#{FAMILIES[value.kind]}={point}")
    return found


def value_point(value) -> str:
    """The normalized value as one comparable token: a start date, a last year, a number."""
    point = time_point(value)
    if point:
        return ":".join(point)
    if isinstance(value.value, (int, float)):
        return f"{value.value:g}{value.unit}"
    return ""


# Called for every word of every candidate pair: a corpus has far fewer distinct words.
_ENGLISH = snowballstemmer.stemmer("english")  # PyStemmer's C code when it is installed: the same stems, faster


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem: 'checks'/'check', 'visited'/'visit', 'participation'/'participate' -> 'particip',
    'died'/'dies' -> 'die' (docs/decisions.md, "The stemmer")."""
    return _ENGLISH.stemWord(word.removesuffix("'s"))


CONTEXT_WORDS = 6  # content words each side
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


def value_context(claim: Claim, value) -> set[str]:
    """Lower-case words around a value: what it measures ("talks lasted", "days of mourning").

    Capitalised words (names, titles) are left out: two figures next to the
    same minister's name are not thereby figures for the same thing.
    """
    return set(_context_of(claim.text, value.start, value.end))


# Linking asks for the context of each value of a claim once per candidate pair (2 million times
# for 17,000 claims at 1,000 documents); the words around a value depend only on these three.
@functools.lru_cache(maxsize=1 << 17)
def _context_of(text: str, start: int, end: int) -> frozenset[str]:
    return frozenset(_words_before(text, start) + _words_after(text, end))


def forget_contexts() -> None:
    """Empty the cache of the words around values once linking is done: about 1.2 kB a value (13 MB at 2,061
    sources), which the build's process would otherwise hold while it writes the pages."""
    _context_of.cache_clear()


def _content_words(text: str) -> list[str]:
    return [stem(word) for word in _LOWER_WORD.findall(text) if word not in STOPWORDS and len(word) > 2]


# The context is read from a window that grows until it holds enough words: stemming a whole
# 10,000-character sentence for each of its values made linking one such sentence take minutes.
# A window always ends at a space, which no word crosses, so the words are those of the whole text.
_WINDOW = 120


def _words_before(text: str, end: int) -> list[str]:
    """The last CONTEXT_WORDS content words of ``text[:end]``."""
    width = _WINDOW
    while True:
        cut = text.rfind(" ", 0, end - width) if end > width else -1
        if cut == -1:
            return _content_words(text[:end])[-CONTEXT_WORDS:]
        found = _content_words(text[cut:end])
        if len(found) >= CONTEXT_WORDS:
            return found[-CONTEXT_WORDS:]
        width *= 4


def _words_after(text: str, start: int) -> list[str]:
    """The first CONTEXT_WORDS content words of ``text[start:]``."""
    width = _WINDOW
    while True:
        stop = text.find(" ", start + width)
        if stop == -1:
            return _content_words(text[start:])[:CONTEXT_WORDS]
        found = _content_words(text[start:stop])
        if len(found) >= CONTEXT_WORDS:
            return found[:CONTEXT_WORDS]
        width *= 4


def context_agreement(a: Claim, b: Claim, weights: TermWeights) -> float:
    """How alike the words around values of the same family are, at best.

    An IDF-weighted overlap coefficient: two rare words in common ("flood
    warning") count for more than common ones, and a long sentence is not
    penalised for its length.
    """
    best = 0.0
    for value_a in a.values:
        family = FAMILIES.get(value_a.kind)
        if family is None or value_a.value is None:
            continue
        context_a = value_context(a, value_a)
        for value_b in b.values:
            if FAMILIES.get(value_b.kind) != family or value_b.value is None:
                continue
            context_b = value_context(b, value_b)
            if context_a and context_b:
                shared = sum(weights.idf(word) for word in context_a & context_b)
                smaller = min(sum(weights.idf(word) for word in context_a), sum(weights.idf(word) for word in context_b))
                best = max(best, shared / smaller)
    return best


def families(claim: Claim) -> set[str]:
    return {FAMILIES[value.kind] for value in claim.values if value.value is not None and value.kind in FAMILIES}


class TermWeights:
    """Inverse document frequency of terms over the claims being linked, or over a generation's claims."""

    def __init__(self, documents: Iterable[list[str]] | DocumentFrequencies):
        frequencies = documents if isinstance(documents, DocumentFrequencies) else DocumentFrequencies.of(documents)
        self.document_frequency = frequencies.counts
        self.total = max(frequencies.total, 1)
        # Scoring asks for an idf some 30 million times at 1,000 documents: compute each once.
        self._idf = {term: self._formula(count) for term, count in frequencies.counts.items()}
        self._unseen = self._formula(0)

    def _formula(self, count: int) -> float:
        return math.log((1 + self.total) / (1 + count)) + 1

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unseen)

    def vector(self, document: list[str]) -> dict[str, float]:
        counts = Counter(document)
        vector = {term: (1 + math.log(count)) * self.idf(term) for term, count in counts.items()}
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        return {term: weight / norm for term, weight in vector.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def blocking_keys(claim: Claim, claim_terms: Iterable[str]) -> set[str]:
    keys = {f"e:{entity}" for entity in claim.entities}
    if claim.speaker:
        keys.add(f"s:{claim.speaker}")
    keys.update(f"t:{term}" for term in claim_terms)
    return keys


def candidate_pairs(claims: Sequence[Claim], claim_terms: Mapping[str, Iterable[str]]) -> Iterator[tuple[str, str]]:
    """Pairs that share at least two keys: entities, speakers, discriminating words (blocking).

    They come in sorted order, one claim's partners at a time: 10,000
    documents make millions of candidate pairs, which are scored as they come
    and never all held at once.  A claim's keys are made again when its turn
    comes rather than kept: held for every claim, they outweighed the index.
    """
    by_id = {claim.id: claim for claim in claims}
    yield from _candidates(*block_index(by_id, claim_terms), by_id, claim_terms)


def _candidates(ids: list[str], index: dict[str, list[int]], by_id: Mapping[str, Claim],
                claim_terms: Mapping[str, Iterable[str]]) -> Iterator[tuple[str, str]]:
    for position, claim_id in enumerate(ids):
        shared: Counter[int] = Counter()
        for key in blocking_keys(by_id[claim_id], claim_terms[claim_id]):
            block = index[key]
            if _usable(len(block)):
                shared.update(block[bisect_right(block, position):])
        for partner in sorted(partner for partner, count in shared.items() if count >= 2):
            yield claim_id, ids[partner]


def block_index(claims: Mapping[str, Claim], claim_terms: Mapping[str, Iterable[str]]) -> tuple[list[str], dict[str, list[int]]]:
    """The claim ids, sorted, and each blocking key's holders as positions in them, ascending."""
    ids = sorted(claims)
    index: dict[str, list[int]] = defaultdict(list)
    for position, claim_id in enumerate(ids):
        for key in blocking_keys(claims[claim_id], claim_terms[claim_id]):
            index[key].append(position)
    return ids, index


def _usable(block_size: int) -> bool:
    return 2 <= block_size <= MAX_BLOCK


def usable_keys(index: Mapping[str, Sequence[int]]) -> bytes:
    """Which blocking keys are usable now, for the next build (ScoredLinks.usable): each usable key's hash (8 bytes,
    the same in every process), sorted. A dict of every key's count, each key a string of its own once read back,
    was held beside this build's index (175,831 keys at 5,060 documents; docs/benchmarks.md)."""
    hashes = np.fromiter((_key_hash(key) for key, block in index.items() if _usable(len(block))), dtype=np.int64)
    return np.sort(hashes).tobytes()


def _key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little", signed=True)


def _pairs_again(ids: list[str], index: Mapping[str, list[int]], claims: Mapping[str, Claim], claim_terms: Mapping[str, Iterable[str]],
                 fresh: set[int], usable_before: bytes) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The candidate pairs to score again, and the pairs of claims left as they were whose earlier result is void.

    A pair of claims left as they were was a candidate before exactly when it is one now, unless a key they
    share became usable or unusable (its block grew past MAX_BLOCK, or shrank): such pairs are looked at
    again, as is every pair with a new or changed claim (``fresh``: positions in ``ids``). A key no claim holds
    now was held only by claims gone or changed, which are fresh. ``usable_before``: the last build's
    usable_keys. Pairs come as (Claim.id, Claim.id), sorted."""

    def usable_keys_of(claim_id: str) -> set[str]:
        return {key for key in blocking_keys(claims[claim_id], claim_terms[claim_id]) if _usable(len(index[key]))}

    pairs = set()
    for position in fresh:
        shared: Counter[int] = Counter()
        for key in usable_keys_of(ids[position]):
            shared.update(index[key])
        pairs.update((ids[min(position, partner)], ids[max(position, partner)])
                     for partner, count in shared.items() if count >= 2 and partner != position)
    keys = list(index)
    hashes = np.fromiter((_key_hash(key) for key in keys), dtype=np.int64, count=len(keys))
    was_usable = np.isin(hashes, np.frombuffer(usable_before, dtype=np.int64))
    void = set()
    for key, was in zip(keys, was_usable.tolist()):
        if _usable(len(index[key])) != was:
            kept = [position for position in index[key] if position not in fresh]
            void.update((ids[a], ids[b]) for n, a in enumerate(kept) for b in kept[n + 1:])
    pairs.update((a, b) for a, b in void if len(usable_keys_of(a) & usable_keys_of(b)) >= 2)
    return pairs, void


# Scoring looks terms up in a claim's vector as a dict (cosine), which takes some 75 bytes a term against a TermVector's
# 16: the dicts of the claims met lately are kept, this many, not one for every claim (10,000 made linking 19 % slower
# at 2,060 documents, 38,261 claims; 40,000 within 5 % of a dict for every claim, docs/benchmarks.md).
WEIGHTED_MEMO = 40_000


@dataclass
class LinkContext:
    """What scoring needs about every claim, computed once."""

    claims: dict[str, Claim]
    weights: TermWeights
    vectors: dict[str, TermVector]  # each claim's terms, weighted (iterated, its terms)
    masses: dict[str, float]  # the summed idf of each claim's terms
    _weighted: OrderedDict[str, dict[str, float]] = field(default_factory=OrderedDict, repr=False)  # the least lately met first

    @classmethod
    def build(cls, claims: Sequence[Claim], frequencies: DocumentFrequencies | None = None,
              known: Mapping[str, TermVector] | None = None) -> LinkContext:
        """``frequencies``: of terms over a generation's claims (statistics.py); else over these claims.
        ``known``: vectors made under those frequencies, by Claim.id, for claims that are as they were."""
        known = known if frequencies is not None and known is not None else {}
        claim_terms = {claim.id: terms(claim) for claim in claims if claim.id not in known}
        weights = TermWeights(frequencies or claim_terms.values())
        vectors = {claim.id: known[claim.id] if claim.id in known else TermVector.of(weights.vector(claim_terms[claim.id]))
                   for claim in claims}
        masses = {claim_id: sum(weights.idf(term) for term in vector.terms) for claim_id, vector in vectors.items()}
        return cls({claim.id: claim for claim in claims}, weights, vectors, masses)

    def weighted(self, claim_id: str) -> dict[str, float]:
        """The claim's vector as a dict (its keys serve as its set of terms)."""
        found = self._weighted.get(claim_id)
        if found is None:
            if len(self._weighted) >= WEIGHTED_MEMO:
                self._weighted.popitem(last=False)
            found = self._weighted[claim_id] = self.vectors[claim_id].as_dict()
        else:
            self._weighted.move_to_end(claim_id)
        return found


def pair_features(a: Claim, b: Claim, context: LinkContext) -> dict[str, float]:
    vector_a, vector_b = context.weighted(a.id), context.weighted(b.id)
    terms_a, terms_b = vector_a.keys(), vector_b.keys()
    mass_a, mass_b = context.masses[a.id], context.masses[b.id]
    shared_mass = sum(context.weights.idf(term) for term in terms_a & terms_b)
    union = set(a.entities) | set(b.entities)
    values_a = {term for term in terms_a if "=" in term}
    return {
        "lexical": cosine(vector_a, vector_b),
        "overlap": shared_mass / (min(mass_a, mass_b) or 1.0),
        "entities": len(set(a.entities) & set(b.entities)) / len(union) if union else 0.0,
        # a value most claims share (the day of the event) says little; a rare one says a lot
        # idf("") is the largest idf there is (a term no claim has), so this is in [0, 1]
        "same_value": max((context.weights.idf(term) for term in values_a & terms_b), default=0.0) / context.weights.idf(""),
        "same_family": 1.0 if families(a) & families(b) else 0.0,
        "value_context": context_agreement(a, b, context.weights),
        "speaker": 1.0 if a.speaker and a.speaker == b.speaker else 0.0,
        "same_source": 1.0 if a.source == b.source else 0.0,
    }


def score_pair(a: Claim, b: Claim, context: LinkContext) -> Link:
    features = pair_features(a, b, context)
    logit = BIAS + sum(WEIGHTS[name] * value for name, value in features.items())
    score = 1 / (1 + math.exp(-logit))
    first, second = sorted((a.id, b.id))
    return Link(first, second, round(score, 4))


@dataclass(frozen=True, slots=True)
class TermVector:
    """A claim's weighted terms as the next build gets them (ScoredLinks.vectors): the terms, interned, in the
    order of the vector (which cosine sums in) and their weights as doubles. Some 16 bytes a term where a dict
    of floats takes some 75: 2 million terms at 10,000 documents."""

    terms: tuple[str, ...]
    weights: array  # of "d"

    @classmethod
    def of(cls, vector: Mapping[str, float]) -> TermVector:
        return cls(tuple(map(sys.intern, vector)), array("d", vector.values()))

    def as_dict(self) -> dict[str, float]:
        """The vector as LinkContext scores with it, weight for weight the one it was made of."""
        return dict(zip(self.terms, self.weights, strict=True))

    def __iter__(self) -> Iterator[str]:
        """Its terms, as a dict of them gives its keys (blocking_keys reads them so)."""
        return iter(self.terms)

    def __reduce__(self):
        # pieces of a state are pickled apart (cache.put_pieces): one string a term again once read back
        return _term_vector, (self.terms, self.weights)


def _term_vector(terms: tuple[str, ...], weights: array) -> TermVector:
    return TermVector(tuple(map(sys.intern, terms)), weights)


@dataclass(frozen=True)
class ScoredLinks:
    """The links scored at least the threshold (before best_per_source), and which blocking keys were usable
    (usable_keys): what the next build under the same statistics needs to score only what changed."""

    links: tuple[Link, ...]
    usable: bytes
    vectors: Mapping[str, TermVector]  # each claim's weighted terms (LinkContext.vectors), by Claim.id

    def __reduce__(self):
        # Link pickles field by field, as every slots dataclass does: as plain tuples it is many times faster
        return _scored_links, (tuple((link.a, link.b, link.score) for link in self.links), self.usable, self.vectors)


def _scored_links(links: tuple[tuple[str, str, float], ...], usable: bytes, vectors: Mapping[str, TermVector]) -> ScoredLinks:
    return ScoredLinks(tuple(Link(*link) for link in links), usable, vectors)


def link_claims(
    claims: Sequence[Claim],
    names: Mapping[str, frozenset[str]] | None = None,
    dates: Mapping[str, dt.date] | None = None,
    threshold: float = LINK_THRESHOLD,
    statistics: Statistics | None = None,
) -> tuple[list[Link], list[list[str]]]:
    """Links above the threshold, and the groups they make (connected claims), each sorted.

    ``names`` gives the entities each source names anywhere in its text and
    ``dates`` each firmly dated source's reference date, by source id; terms
    and names are weighed by ``statistics`` (a generation's), else by these claims.
    """
    scored = score_links(claims, names or {}, dates or {}, threshold, statistics)
    return linked_groups(claims, scored.links)


def linked_groups(claims: Sequence[Claim], scored: Sequence[Link]) -> tuple[list[Link], list[list[str]]]:
    """best_per_source of the scored links, and the groups they make (connected_groups)."""
    links = best_per_source(scored, {claim.id: claim for claim in claims})
    return links, connected_groups([claim.id for claim in claims], links)


def score_links(
    claims: Sequence[Claim], names: Mapping[str, frozenset[str]], dates: Mapping[str, dt.date], threshold: float,
    statistics: Statistics | None = None, previous: ScoredLinks | None = None, unchanged: frozenset[str] = frozenset(),
) -> ScoredLinks:
    """The candidate pairs scored at least ``threshold``, in the order of their claim ids.

    With ``previous`` (an earlier build's, under the same ``statistics``), a pair of ``unchanged`` claims
    (Claim.id: their source's inputs are as they were) keeps its earlier result: a score depends only
    on the two claims, their sources' names and dates and the frozen statistics.
    """
    unchanged_vectors = {claim_id: previous.vectors[claim_id] for claim_id in unchanged} if previous is not None else None
    context = LinkContext.build(claims, statistics.claim_terms if statistics else None, unchanged_vectors)
    related = SourceRelatedness(names, dates, statistics.names if statistics else None)
    ids, index = block_index(context.claims, context.vectors)
    kept: list[Link] = []
    if previous is None:
        pairs = _candidates(ids, index, context.claims, context.vectors)
    else:
        fresh = {position for position, claim_id in enumerate(ids) if claim_id not in unchanged}
        again, void = _pairs_again(ids, index, context.claims, context.vectors, fresh, previous.usable)
        pairs = sorted(again)
        kept = [link for link in previous.links if link.a in unchanged and link.b in unchanged and (link.a, link.b) not in void]
    links = []
    for a, b in pairs:
        first, second = context.claims[a], context.claims[b]
        if not related.same_event(first.source, second.source):
            continue
        link = score_pair(first, second, context)
        if link.score >= threshold:
            links.append(link)
    links = sorted(kept + links, key=lambda link: (link.a, link.b))
    return ScoredLinks(tuple(links), usable_keys(index), context.vectors)


class SourceRelatedness:
    """Whether two sources can report one event, from the names they share and their dates.

    Reports of one event name the same people, places and bodies, and come out
    within weeks of each other.  Two sources that name several each but share
    next to none of them, weighted by how rare each name is in the corpus (a
    ministry every story names counts for little), are about different events:
    a similar sentence in them states a different fact, not the same fact
    differently.  Sources dated months apart must share most of their names.
    """

    def __init__(self, names: Mapping[str, frozenset[str]], dates: Mapping[str, dt.date] | None = None,
                 frequencies: DocumentFrequencies | None = None):
        """``frequencies``: of names over a generation's sources (statistics.py); else over ``names``."""
        self.names, self.dates = names, dates or {}
        self.idf = (frequencies or DocumentFrequencies.of(names.values())).weights()
        self.mass = {source: sum(self.idf[name] for name in found) for source, found in names.items()}

    def overlap(self, a: str, b: str) -> float | None:
        """The weighted share of the smaller name set that the other source names too; None without names."""
        if a == b or not self.names.get(a) or not self.names.get(b):
            return None
        shared = sum(self.idf[name] for name in self.names[a] & self.names[b])
        return shared / min(self.mass[a], self.mass[b])

    def same_event(self, a: str, b: str) -> bool:
        overlap = self.overlap(a, b)
        if overlap is None:
            return True
        apart = a in self.dates and b in self.dates and abs((self.dates[a] - self.dates[b]).days) > EVENT_DAYS
        return overlap >= (NAMES_MONTHS_APART if apart else UNRELATED_NAMES)


def best_per_source(links: Sequence[Link], claims: dict[str, Claim]) -> list[Link]:
    """Drop a link between two sources when either claim has a near copy in the other's source.

    Outlets that carry the same wire copy hold the same sentences: sentence A
    of one is then the counterpart of sentence A of the other, not of its
    sentence B that gives a similar figure, whose different value is no
    discrepancy.  Reports in their own words seldom have such copies, and a
    fact they state twice keeps both links.
    """
    best: dict[tuple[str, str], float] = {}
    for link in links:
        for mine, other in ((link.a, link.b), (link.b, link.a)):
            key = (mine, claims[other].source)
            best[key] = max(best.get(key, 0.0), link.score)

    def outdone(mine: str, other: str, score: float) -> bool:
        top = best[(mine, claims[other].source)]
        return top >= NEAR_COPY and top > score

    return [
        link for link in links
        if claims[link.a].source == claims[link.b].source
        or not (outdone(link.a, link.b, link.score) or outdone(link.b, link.a, link.score))
    ]


def connected_groups(claim_ids: Sequence[str], links: Sequence[Link], threshold: float = LINK_THRESHOLD) -> list[list[str]]:
    """Average-linkage grouping over the links, strongest first.

    Two groups merge only when the links between them, averaged over every
    pair of their members (a missing link counts as 0), stay above a share of
    the link threshold, so that a chain a-b-c does not join a and c when they
    have nothing in common.
    """
    score = {(link.a, link.b): link.score for link in links}
    group_of = {claim_id: claim_id for claim_id in claim_ids}
    members: dict[str, list[str]] = {claim_id: [claim_id] for claim_id in claim_ids}
    for link in sorted(links, key=lambda item: (-item.score, item.a, item.b)):
        first, second = group_of[link.a], group_of[link.b]
        if first == second:
            continue
        total = sum(score.get((min(x, y), max(x, y)), 0.0) for x in members[first] for y in members[second])
        if total / (len(members[first]) * len(members[second])) < threshold:
            continue
        keep, gone = min(first, second), max(first, second)
        for claim_id in members[gone]:
            group_of[claim_id] = keep
        members[keep].extend(members.pop(gone))
    # A claim left on its own joins the group of its strongest link: it states that
    # group's fact, if perhaps with other words around it than the group shares.
    strongest: dict[str, Link] = {}
    for link in links:
        for claim_id in (link.a, link.b):
            if link.score > getattr(strongest.get(claim_id), "score", 0.0):
                strongest[claim_id] = link
    for claim_id, link in sorted(strongest.items()):
        other = link.b if link.a == claim_id else link.a
        if len(members.get(claim_id, ())) == 1 and len(members[group_of[other]]) > 1:
            target = group_of[other]
            members.pop(claim_id)
            group_of[claim_id] = target
            members[target].append(claim_id)
    return [sorted(group) for group in members.values()]


def group_id(anchor: str, basis: str = "sentences") -> str:
    """Named after one claim of the group (see groups.anchor_claim), so it keeps its id while that claim is in it."""
    key = anchor if basis == "sentences" else f"{basis}|{anchor}"
    return "g-" + hashlib.sha1(key.encode()).hexdigest()[:10]
