"""Sources -> Stories: the sources that report one event.

Reports of one event name the same people, places and bodies, and use the
same rare words ("dam", "evacuated", "breach"). Two sources belong to one
story when the names they share, weighted by how rare each is in the corpus,
make up enough of the smaller source's names, or, for sources that name
little, when their rarest words overlap enough. Stories are the connected
sources; facts are linked only inside one.

Candidate pairs come from an inverted index on names and rare words; a key that too many sources share
offers each only its next few holders, so the work grows with the sources
that share a key rather than with all pairs.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..model import Source, Story
from ..words import STOPWORDS
from .components import UnionFind
from .sentences import EVENT_DAYS, NAMES_MONTHS_APART, SourceRelatedness
from .statistics import DocumentFrequencies, Statistics

STORY_NAMES = 0.2  # the weighted share of names two reports of one story have in common, at least
STORY_WORDS = 0.2  # the same for their distinctive words, when they name too little
DISTINCTIVE_WORDS = 40  # a source's words with the highest tf-idf that it is matched on
MAX_KEY_SOURCES = 200  # a key more sources hold offers each only its CHAIN next holders
CHAIN = 3
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


def story_id(anchor_source: str) -> str:
    return "s-" + hashlib.sha1(anchor_source.encode()).hexdigest()[:10]


def find_stories(sources: Sequence[Source], names: Mapping[str, frozenset[str]],
                 statistics: Statistics | None = None, words: Mapping[str, tuple[str, ...]] | None = None) -> tuple[Story, ...]:
    """Stories, each named after its earliest source; every source is in exactly one.

    Words and names are weighed by ``statistics`` (a generation's), else by this corpus; ``words``: each
    source's distinctive words under those statistics, when they are known."""
    if statistics is None:
        counts = word_counts(sources)
        words = distinctive_words(counts, DocumentFrequencies.of(counts.values()))
        name_counts, word_frequencies = DocumentFrequencies.of(names.values()), DocumentFrequencies.of(words.values())
    else:
        words = words if words is not None else distinctive_words(word_counts(sources), statistics.source_words)
        name_counts, word_frequencies = statistics.names, statistics.distinctive
    related = SourceRelatedness(names, {s.id: s.date() for s in sources if s.date()}, name_counts)
    word_weight = word_frequencies.weights()
    sets = UnionFind(source.id for source in sources)
    keys = {source.id: {f"n:{name}" for name in names.get(source.id, ())} | {f"w:{word}" for word in words[source.id]}
            for source in sources}
    for a, b in candidate_pairs(keys, limit=MAX_KEY_SOURCES):
        if sets.find(a) != sets.find(b) and same_story(a, b, related, words, word_weight):
            sets.union(a, b)
    by_id = {source.id: source for source in sources}
    stories = []
    for group in sets.groups():
        ordered = sorted((by_id[source_id] for source_id in group),
                         key=lambda source: (source.date() is None, source.date() or 0, source.path))
        stories.append(Story(story_id(ordered[0].id), tuple(source.id for source in ordered), ordered[0].title))
    return tuple(sorted(stories, key=lambda story: story.id))


def same_story(a: str, b: str, related: SourceRelatedness, words: Mapping[str, tuple[str, ...]],
               weight: Mapping[str, float]) -> bool:
    dates = related.dates
    apart = a in dates and b in dates and abs((dates[a] - dates[b]).days) > EVENT_DAYS
    names = related.overlap(a, b)
    if names is not None and names >= (NAMES_MONTHS_APART if apart else STORY_NAMES):
        return True
    if apart or names is not None and len(related.names[a]) > 3 and len(related.names[b]) > 3:
        return False  # both name enough for their names to decide, and they share too few
    shared = sum(weight[word] for word in set(words[a]) & set(words[b]))
    smaller = min(sum(weight[word] for word in words[a]), sum(weight[word] for word in words[b])) or 1.0
    return shared / smaller >= STORY_WORDS


def word_counts(sources: Sequence[Source]) -> dict[str, Counter[str]]:
    """How often each source uses each lower-case word (stop words left out)."""
    return {source.id: Counter(word for word in _WORD.findall(source.text) if word not in STOPWORDS) for source in sources}


def distinctive_words(counts: Mapping[str, Counter[str]], frequencies: DocumentFrequencies) -> dict[str, tuple[str, ...]]:
    """Each source's DISTINCTIVE_WORDS lower-case words of highest tf-idf: ``counts`` are its words (word_counts),
    ``frequencies`` the document frequencies of words over sources."""
    idf = frequencies.weights()
    return {
        source_id: tuple(sorted(found, key=lambda word: (-(1 + math.log(found[word])) * idf[word], word))[:DISTINCTIVE_WORDS])
        for source_id, found in counts.items()
    }


def candidate_pairs(keys: Mapping[str, set[str]], limit: int) -> list[tuple[str, str]]:
    """Pairs of sources that share a key, in a stable order.

    A key held by more than ``limit`` sources offers each holder only its next few holders: every pair
    would be quadratic, and a story told by four hundred outlets still joins up through that chain.
    """
    index: dict[str, list[str]] = defaultdict(list)
    for source_id in sorted(keys):
        for key in keys[source_id]:
            index[key].append(source_id)
    pairs = set()
    for holders in index.values():
        if len(holders) <= limit:
            pairs.update((a, b) for position, a in enumerate(holders) for b in holders[position + 1:])
        else:
            pairs.update((a, b) for position, a in enumerate(holders) for b in holders[position + 1: position + 1 + CHAIN])
    return sorted(pairs)
