"""The corpus-wide counts linking weighs words and names by, frozen per generation.

Linking weighs a term by how rare it is in the corpus (its inverse document
frequency): the words of sentences among the claims, the names among the
sources, the distinctive words of sources among the sources. Counted afresh at
every build, one added source would change every weight a little, and with
them every score: the whole corpus would have to be linked again. So the
counts are taken at a *generation* and kept while the corpus drifts little
from it (pipeline.py decides when to start a new one); a term the generation
never saw weighs as a term no document holds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Claim, Source


@dataclass(frozen=True)
class DocumentFrequencies:
    """In how many documents each item occurs, and how many documents there were."""

    counts: Mapping[str, int]
    total: int

    @classmethod
    def of(cls, documents: Iterable[Iterable[str]]) -> DocumentFrequencies:
        counts: Counter[str] = Counter()
        total = 0
        for document in documents:
            counts.update(set(document))
            total += 1
        return cls(dict(counts), total)

    def idf(self, item: str) -> float:
        """Smoothed inverse document frequency; an item no document holds has the largest."""
        return math.log((1 + self.total) / (1 + self.counts.get(item, 0))) + 1

    def table(self) -> dict[str, float]:
        """The idf of every item counted, for lookups in hot loops (an unseen item: ``idf("")``)."""
        return {item: math.log((1 + self.total) / (1 + count)) + 1 for item, count in self.counts.items()}

    def weights(self) -> IdfTable:
        """``table()``, which gives an item never counted the idf of an unseen item."""
        return IdfTable(self.table(), self.idf(""))


class IdfTable(dict):
    """An idf table in which an item never counted has the idf of an unseen item."""

    def __init__(self, table: Mapping[str, float], unseen: float):
        super().__init__(table)
        self.unseen = unseen

    def __missing__(self, item: str) -> float:
        return self.unseen


@dataclass(frozen=True)
class Statistics:
    """The document frequencies of one generation.

    ``claim_terms``: sentence terms (sentences.terms) over claims; ``names``: entities over sources;
    ``source_words``: lower-case words over sources (stories.distinctive_words); ``distinctive``: each
    source's distinctive words over sources (what stories are matched on). ``sources``: Source.id -> the
    digest its claims were made from, at the generation (what the drift since is measured against).
    """

    claim_terms: DocumentFrequencies
    names: DocumentFrequencies
    source_words: DocumentFrequencies
    distinctive: DocumentFrequencies
    sources: Mapping[str, str]

    def drift(self, sources: Mapping[str, str]) -> float:
        """The share of the generation's sources added, removed or changed since (by their digests)."""
        added_or_changed = sum(1 for source_id, digest in sources.items() if self.sources.get(source_id) != digest)
        removed = sum(1 for source_id in self.sources if source_id not in sources)
        return (added_or_changed + removed) / max(len(self.sources), 1)


def statistics_of(claims: Sequence[Claim], sources: Sequence[Source], names: Mapping[str, frozenset[str]],
                  digests: Mapping[str, str] | None = None) -> Statistics:
    """The document frequencies of this corpus: a new generation."""
    from .sentences import terms  # both modules read Statistics
    from .stories import distinctive_words, word_counts

    counts = word_counts(sources)
    source_words = DocumentFrequencies.of(counts.values())
    words = distinctive_words(counts, source_words)
    return Statistics(DocumentFrequencies.of(terms(claim) for claim in claims), DocumentFrequencies.of(names.values()),
                      source_words, DocumentFrequencies.of(words.values()), dict(digests or {}))
