"""The data that flows through the pipeline: every type that crosses a stage, as small frozen dataclasses,
and the kinds of things as Literals, each with one meaning.

ingest -> Ingested/Source, segment -> Sentence, extract -> Claim/Value/Mention/Entity/Fact,
link -> Link/Story/Group, compare -> Discrepancy, the pipeline -> Analysis,
annotate -> Annotated. Nothing here knows about Pelican.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # a source's versions are the changes stage's own types; only their names are needed here
    from .changes import Change, Version

# What a value measures (Value.kind).
ValueKind = Literal[
    "date", "date_range", "weekday", "time", "duration", "relative", "since", "count", "money", "percent", "ordinal",
    "age", "length", "area", "volume", "mass", "speed", "temperature", "magnitude",
    "quote",  # the words a sentence credits to its speaker: a fact of its own (extract/facts.py)
]
VALUE_KINDS: tuple[str, ...] = get_args(ValueKind)
# What a name names (Mention.kind, Entity.kind); "unknown" when the words do not say.
EntityKind = Literal["person", "organization", "place", "unknown"]
ENTITY_KINDS: tuple[str, ...] = ("person", "organization", "place")  # the kinds an editor may give
# What kind of difference a discrepancy is, in the order a reader needs them, the most serious first.
DiscrepancyKind = Literal["conflict", "speaker", "possible", "update", "change", "minor", "spelling", "wording"]
DISCREPANCY_KINDS: tuple[str, ...] = get_args(DiscrepancyKind)
# A group's status: the worst of its discrepancies, else whether more than one source states it; the worst first.
GroupStatus = Literal["conflict", "speaker", "possible", "update", "minor", "corroborated", "single"]
GROUP_STATUSES: tuple[str, ...] = get_args(GroupStatus)
# How a group's claims were linked: alike as whole sentences, or as mentions of one fact.
GroupBasis = Literal["sentences", "fact"]
# Whether an editor's annotation is shown to readers (Annotation.status).
PublicationStatus = Literal["draft", "published"]
PUBLICATION_STATUSES: tuple[str, ...] = get_args(PublicationStatus)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-level unit of a document: what a reader sees as one block."""

    text: str
    kind: str = "paragraph"  # paragraph | heading | item | quote
    line: int = 0  # 1-based line in the original file, 0 when unknown


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """Text the cleaner took out, kept so that the source page can show it."""

    text: str
    reason: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input file, reported to editors and maintainers."""

    path: str
    message: str
    line: int = 0
    severity: str = "warning"  # warning (counts in strict mode) | info (a repair worth knowing)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class DatedEvidence:
    """A date with the words in the text (or metadata) that support it."""

    date: dt.date
    evidence: tuple[str, ...] = ()
    origin: str = ""  # metadata | text | dateline | weekday | years | corpus | story: see dates.ORIGIN_WORDS


@dataclass(frozen=True, slots=True)
class Source:
    """One news document after ingestion and cleaning."""

    id: str  # stable slug, used in URLs and as the JSON id
    path: str  # relative to the content directory, with forward slashes
    format: str  # txt | html | md
    title: str
    text: str  # cleaned text; blocks separated by a blank line
    blocks: tuple[Block, ...]
    removed: tuple[RemovedBlock, ...] = ()
    url: str = ""
    publisher: str = ""
    author: str = ""
    lang: str = "en"
    # where the publisher's name comes from: "the page's metadata", the header, or the text's phrases that name it
    publisher_evidence: tuple[str, ...] = ()
    encoding: str = "utf-8"
    published: DatedEvidence | None = None
    reference: DatedEvidence | None = None
    date_notes: tuple[str, ...] = ()  # e.g. publication date disagrees with the text
    content_hash: str = ""  # sha256 of the file's bytes

    def date(self) -> dt.date | None:
        """When it was written, as far as the analysis trusts: the reference date, else the stamped one."""
        dated = self.reference or self.published
        return dated.date if dated else None

    def block_offsets(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each block in ``text``."""
        offsets, start = [], 0
        for block in self.blocks:
            offsets.append((start, start + len(block.text)))
            start += len(block.text) + 2
        return tuple(offsets)


@dataclass(frozen=True)
class Ingested:
    """What reading one file gave: a Source (or None) and what went wrong."""

    path: str
    source: Source | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a source, with character offsets into ``Source.text``."""

    source: str  # Source.id
    index: int  # position in the source
    block: int  # index of the Block it lies in
    start: int
    end: int
    text: str
    anchor: str  # stable HTML id, derived from the sentence's own words


# Value kinds that can describe the same quantity: a date, a range and "since March 2" all place a start in time.
FAMILIES = {
    "date": "time", "date_range": "time", "since": "time", "weekday": "time", "time": "clock", "relative": "time",
    "duration": "duration", "count": "count", "money": "money", "percent": "percent", "ordinal": "ordinal",
    "age": "age", "magnitude": "magnitude", "length": "length", "area": "area", "volume": "volume", "mass": "mass",
    "speed": "speed", "temperature": "temperature", "quote": "quote",
}


@dataclass(frozen=True, slots=True)
class Value:
    """A normalized value found in a claim."""

    kind: ValueKind
    text: str  # surface text as it stands in the sentence
    start: int  # offsets into the sentence text
    end: int
    # normalized: ISO date, number, [low, high] for a range or a vague amount ("dozens"), ...; None when it failed
    value: object = None
    # counts: the counted noun ("person"); quantities: their SI unit ("meter"); money: ISO currency; time: zone
    unit: str = ""
    qualifier: str = ""  # approximate | more_than | at_least | less_than | up_to | exact | ""
    reason: str = ""  # why value is None, or how it was derived


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a source's text that may refer to a person, organization or place."""

    source: str  # Source.id
    start: int  # offsets into Source.text
    end: int
    text: str  # as written, e.g. "Okafor's"
    name: str  # possessive stripped, whitespace normalised, e.g. "Okafor"
    kind: EntityKind = "unknown"  # a guess from the context


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: EntityKind = "unknown"
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publisher of sources: one the editors pinned in content/outlets/, or one a source names."""

    id: str
    name: str
    url: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[str, ...] = ()  # Source.ids it published
    file: str = ""  # the editors' file that pins it, "" when only the sources name it


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    source: str
    sentence: str  # Sentence.anchor
    text: str
    start: int
    end: int
    values: tuple[Value, ...] = ()
    entities: tuple[str, ...] = ()  # Entity ids
    speaker: str = ""  # Entity id of the quoted or attributed speaker
    quote: str = ""
    kinds: tuple[str, ...] = ()
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Fact:
    """One value a sentence states about something: one mention of a fact.

    A sentence states as many facts as it has values; "30 people died and 150
    were hurt" gives two, each with the words that say what it measures.
    """

    id: str
    claim: str  # Claim.id
    source: str  # Source.id
    value: Value
    attribute: tuple[str, ...] = ()  # lemmas of the words that say what is measured, the nearest first
    subject: tuple[str, ...] = ()  # Entity ids named in the sentence


@dataclass(frozen=True, slots=True)
class Story:
    """Sources that report one event."""

    id: str
    sources: tuple[str, ...]  # Source.ids, earliest first
    title: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """Two claims that state the same fact; a corpus has many, so only the score is kept (pair_features has the rest)."""

    a: str  # Claim.id, a < b
    b: str
    score: float  # probability-like, in [0, 1]


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    claims: tuple[str, ...]
    status: GroupStatus
    statement: str = ""
    # "sentences": claims alike as a whole (copies of one text, or close rewordings);
    # "fact": the mentions of one fact across sources, value by value (Group.facts)
    basis: GroupBasis = "sentences"
    facts: tuple[str, ...] = ()  # Fact.ids, for basis "fact"
    story: str = ""  # Story.id
    question: str = ""  # what the fact answers, in a few words: "how many people died"
    origins: tuple[tuple[str, ...], ...] = ()  # a fact group's sources, grouped by where they had the fact


@dataclass(frozen=True, slots=True)
class Discrepancy:
    id: str
    group: str
    kind: DiscrepancyKind  # "change": between versions of one source; "spelling": one name spelled two ways
    severity: float
    claims: tuple[str, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class Rating:
    """One step of the verdict scale configured in CROSSCHECK_VERDICTS."""

    label: str
    value: int
    colour: str  # a CSS colour; never the only signal (the label is always shown)
    description: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """An editor's file in content/annotations: a verdict, a note, or a correction."""

    id: str  # the file's Slug:, else its name without .md
    path: str  # relative to the content folder
    body: str = ""  # the editor's Markdown, kept whatever else is wrong with the file
    body_line: int = 1
    title: str = ""
    claim_reviewed: str = ""  # Claim-Reviewed: the claim in the editor's words, for ClaimReview's claimReviewed
    claim: str = ""  # Claim: a group or claim id
    source: str = ""  # Source:, Quote:, Prefix:, Suffix: a W3C TextQuoteSelector
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    verdict: str = ""  # a Rating.label, or "" when none was given or it was unknown
    author: str = ""
    date: str = ""  # ISO date first published: Date:, else the file's first commit
    modified: str = ""  # ISO date last updated: Modified:, else the file's last commit
    status: PublicationStatus = "draft"
    merge: tuple[str, ...] = ()
    split: tuple[str, ...] = ()
    move: tuple[tuple[str, str], ...] = ()  # Move: (claim id, group id) pairs
    dismiss: tuple[str, ...] = ()
    target: str = ""  # the Group.id it resolved to; "" while orphaned
    links: tuple[tuple[str, str, str], ...] = ()  # (as written in the body, kind, id) for {filename}/{claim} links
    header_lines: tuple[tuple[str, int], ...] = ()  # (key, line) of each header field, for messages

    def only_corrects(self) -> bool:
        """A file that only merges, splits or dismisses needs no target of its own."""
        return not (self.claim or self.source or self.quote) and bool(self.merge or self.split or self.dismiss)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds applied before expensive work, so that one file cannot stall or flood the build.

    From the CROSSCHECK_MAX_* settings (settings.limits); the defaults are theirs.
    """

    title_characters: int = 200  # a longer title is cut: it is repeated on every page that lists the source
    parser_characters: int = 400  # text given to one call of the quantity parser; a longer sentence is read in pieces
    number_digits: int = 30  # a longer run of digits is no number of news, and sends the parser into backtracking
    claims_per_source: int = 1000  # claims kept from one source: each is a page, a feed entry and a row
    # The share of sources added, removed or changed after which linking counts its statistics again
    # (link/statistics.py). Left out of the repr, which cache keys read: it changes no source's analysis.
    statistics_drift: float = field(default=0.1, repr=False)


@dataclass(frozen=True)
class Analysis:
    sources: tuple[Source, ...]
    sentences: dict[str, tuple[Sentence, ...]]  # by Source.id
    problems: tuple[Problem, ...]
    claims: dict[str, tuple[Claim, ...]] = field(default_factory=dict)  # by Source.id
    entities: tuple[Entity, ...] = ()
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)  # by Source.id
    entity_of: dict[tuple[str, int, int], str] = field(default_factory=dict)  # mention key -> Entity.id
    groups: tuple[Group, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    links: tuple[Link, ...] = ()
    stories: tuple[Story, ...] = ()
    facts: tuple[Fact, ...] = ()  # every mention of a value, in the order of the claims
    # by Source.id, for clipped sources that changed: their kept versions and what changed (changes.history)
    histories: dict[str, tuple[tuple[Version, ...], tuple[Change, ...]]] = field(default_factory=dict)
    outlets: tuple[Outlet, ...] = ()  # the publishers of the sources (editors.outlets)

    def all_claims(self) -> list[Claim]:
        return [claim for source in self.sources for claim in self.claims.get(source.id, ())]

    def group_of(self) -> dict[str, str]:
        """Each claim's own group: the one its whole sentence belongs to (fact groups come on top)."""
        return {claim_id: group.id for group in self.groups if group.basis == "sentences" for claim_id in group.claims}

    def groups_of(self) -> dict[str, tuple[str, ...]]:
        """Every group a claim is in: its own, then the fact groups of its values."""
        found: dict[str, tuple[str, ...]] = {}
        for group in sorted(self.groups, key=lambda group: group.basis != "sentences"):
            for claim_id in group.claims:
                found[claim_id] = found.get(claim_id, ()) + (group.id,)
        return found


@dataclass(frozen=True)
class Annotated:
    """What the annotations did to an analysis."""

    annotations: tuple[Annotation, ...]  # every file read, placed or not
    verdict_of: dict[str, Annotation]  # Group.id -> its published annotation, when that has a verdict
    published_of: dict[str, Annotation]  # Group.id -> its one published annotation
    dismissed: dict[str, Annotation]  # Discrepancy.id -> the annotation that dismissed it
    problems: tuple[Problem, ...]
    retired: dict[str, str] = field(default_factory=dict)  # a group id corrections retired -> the group its claims are in

    def orphans(self) -> list[Annotation]:
        return [annotation for annotation in self.annotations if not annotation.target and not annotation.only_corrects()]


def _pickled_by_position(cls: type) -> None:
    """Pickle a slots dataclass as its class and its fields' values in order. The default for slots dataclasses
    calls dataclasses.fields() for every object, both ways: the cache holds some two million of them at 10,000
    documents (docs/benchmarks.md)."""
    names = [each.name for each in fields(cls)]
    values = operator.attrgetter(*names)
    if len(names) == 1:
        cls.__reduce__ = lambda self: (cls, (values(self),))
    else:
        cls.__reduce__ = lambda self: (cls, values(self))


for _slotted in [each for each in list(globals().values())
                 if isinstance(each, type) and is_dataclass(each) and "__slots__" in each.__dict__]:
    _pickled_by_position(_slotted)
del _slotted
