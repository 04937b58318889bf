"""Facts -> fact groups: the mentions of one fact across the sources of a story.

Two mentions can state one fact when they come from different sources of the
same story and their values can be compared (both counts of the same thing,
both lengths, both places in time as a start...). They do state it when what
is said around them agrees: the lemmas nearest each value, weighted by
nearness and by how rare they are among the story's facts, the entities of
their sentences, the sentences being near copies, and the values being the
same. A difference in value never stops a link: finding differences is the
point. But two different values must share more than one word (or stand in
copies of one sentence) before they are linked at all, and only strong
evidence (STRONG_SHARED words about what they measure, or the same place in
copies of one sentence) lets the comparison call them a conflict; weaker
evidence makes it a possible conflict, for an editor to check. A conflict
needs more evidence than an agreement, where the equal values are evidence too.

Mentions are grouped by average linkage, so a chain of weak links does not
join two mentions that share nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from rapidfuzz import fuzz

from ..compare import compare_values, in_currency, in_hours
from ..extract.values import PAIR, time_point
from ..lexicon import Lexicon
from ..model import FAMILIES, Claim, Fact, Link, Story
from .components import UnionFind
from .statistics import DocumentFrequencies

# The weights and the threshold were set by hand on the reasoning above, and the
# threshold checked leave-one-corpus-out (bench/fit_fact_threshold.py, docs/decisions.md).
FACT_LINK = 0.2
WEIGHTS = {"attribute": 1.0, "subject": 0.15, "same_value": 0.25, "sentence": 0.5}
RANK_DECAY = 1.0  # the weight of the n-th nearest word is 1 / (1 + RANK_DECAY * n)
STRONG_SHARED = 3  # words two mentions share about what they measure that make them surely one fact
DIFFERENT_VALUES_SHARE = 2  # words two mentions with different values must share to be linked
COPY_SIMILARITY = 85  # sentences this alike, character by character (rapidfuzz ratio, 0-100), are copies of one text
# Two different values in mentions linked with less than this are more likely two things than a possible conflict:
# a difference needs twice the evidence of a link (chosen on the development corpora, docs/decisions.md)
DIFFERENCE_EVIDENCE = 2 * FACT_LINK


@dataclass(frozen=True, slots=True)
class FactLinkContext:
    """What scoring needs about a story's facts, computed once."""

    idf: dict[str, float]
    sentence_links: dict[tuple[str, str], float]  # (Claim.id, Claim.id), sorted -> the sentence link's score
    dates: dict[str, str]  # Source.id -> its reference date, ISO
    positions: dict[str, int]  # Fact.id -> how many values of its family come before it in its sentence
    lexicon: Lexicon | None = None
    speakers: dict[str, str] = field(default_factory=dict)  # Claim.id -> the Entity.id it credits its words to
    copies: frozenset[tuple[str, str]] = frozenset()  # (Claim.id, Claim.id), sorted: copies of one sentence
    # A fact meets hundreds of others in a wire story: its weights and meanings are made once.
    _weights: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    _meanings: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    def word_weights(self, fact: Fact) -> dict[str, float]:
        if fact.id not in self._weights:
            self._weights[fact.id] = {word: self.idf.get(word, 1.0) / (1 + RANK_DECAY * rank)
                                      for rank, word in enumerate(fact.attribute)}
        return self._weights[fact.id]

    def senses(self, word: str) -> frozenset[str]:
        """The word itself and its WordNet concepts: two words are alike when their senses meet."""
        return frozenset((word,)) | (self.lexicon.concepts(word) if self.lexicon is not None else frozenset())

    def meanings(self, fact: Fact) -> dict[str, float]:
        """Every sense of the fact's words, with the weight of its heaviest word that has it."""
        if fact.id not in self._meanings:
            found: dict[str, float] = {}
            for word, weight in self.word_weights(fact).items():
                for sense in self.senses(word):
                    found[sense] = max(found.get(sense, 0.0), weight)
            self._meanings[fact.id] = found
        return self._meanings[fact.id]

    def same_kind(self, first: str, second: str) -> bool:
        return first == second or self.lexicon is not None and self.lexicon.same_kind(first, second)


def slot(fact: Fact) -> tuple[str, str] | None:
    """What a fact's value can be compared with: its family and its role in time, unit or currency."""
    value = fact.value
    family = FAMILIES.get(value.kind)
    if family is None:
        return None
    if family == "time":
        point = time_point(value)
        return (family, point[0] if point else "start" if value.kind == "weekday" else value.kind)
    if family in ("count", "ordinal", "clock", "money", "quote", "duration"):
        # the counted noun and the zone are checked pairwise (one may be unsaid), an ordinal's noun not at all (its
        # nouns split one fact in news nobody tuned on, issue 14, eleventh session); sums in two currencies
        # are compared converted (compare_values), and so are "90 days" and "three months";
        # the same words credited to two people are one quote, and a discrepancy
        return (family, "")
    return (family, value.unit)


def comparable(a: Fact, b: Fact, context: FactLinkContext) -> bool:
    if (a.value.kind == "count" and a.value.unit and b.value.unit and not context.same_kind(a.value.unit, b.value.unit)
            and a.value.value != b.value.value):
        return False  # "26 pirates" may be "the 26 crew"; "12 pumps" are not "11 villages"
    if a.value.kind == "age" and a.subject and b.subject and not _one_person(a, b):
        return False  # two people's ages
    if PAIR in (a.value.reason, b.value.reason) and a.subject and b.subject and not _named(a.subject[0], b.subject[:1]):
        return False  # two fighters' or two teams' records: a record's holder is named first (extract.facts.nearest_first)
    if a.value.kind == "quote" and a.value.unit and b.value.unit and a.value.unit != b.value.unit:
        # words credited to two people are one quote only when they are the same words
        return same_words(a, b)
    if _far_apart(*((in_hours(a.value), in_hours(b.value)) if a.value.kind == "duration" == b.value.kind
                     else (a.value.value, b.value.value))):
        return False  # reports of one figure seldom differ twentyfold: 6.8 million people are not the six dead
    return True


def _one_person(a: Fact, b: Fact) -> bool:
    """Whether two ages can be one person's: the names nearest them are one; or the same age where one sentence
    names, anywhere, the person named nearest the other's age ("the 40-year-old American Dorsey" and "Dorsey,
    40"; entity ids share a word when one name is part of the other's), which can link them but never make a conflict."""
    if a.subject[0] == b.subject[0]:
        return True
    return a.value.value == b.value.value and (_named(a.subject[0], b.subject) or _named(b.subject[0], a.subject))


def _named(entity: str, names: Sequence[str]) -> bool:
    words = set(entity.split("-"))
    return any(entity == name or words & set(name.split("-")) for name in names)


MAGNITUDES_APART = 20


def _far_apart(first, second) -> bool:
    """Twentyfold apart; a range ("tens of thousands", "13 to 19") by its nearer end."""
    low_first, high_first = first if isinstance(first, list) and len(first) == 2 else (first, first)
    low_second, high_second = second if isinstance(second, list) and len(second) == 2 else (second, second)
    ends = (low_first, high_first, low_second, high_second)
    if not all(isinstance(end, (int, float)) and not isinstance(end, bool) and end > 0 for end in ends):
        return False
    if high_first < low_second:
        return low_second / high_first > MAGNITUDES_APART
    return high_second < low_first and low_first / high_second > MAGNITUDES_APART


def same_value(a: Fact, b: Fact) -> bool:
    point_a, point_b = time_point(a.value), time_point(b.value)
    if point_a or point_b:
        return point_a == point_b
    return a.value.value == b.value.value and a.value.unit == b.value.unit


def _relation(a: Fact, b: Fact, context: FactLinkContext) -> str:
    return compare_values(a.value, b.value, context.dates.get(a.source, ""), context.dates.get(b.source, "")).relation


def _agree(a: Fact, b: Fact, context: FactLinkContext) -> bool:
    """The same value, or one close to it: rounding, a qualifier, other words."""
    return _relation(a, b, context) in ("same", "wording", "minor")


def equivalent(a: Fact, b: Fact, context: FactLinkContext) -> bool:
    """The same value said in other words ("Thursday" and the date it names), or the same
    number of things where one report names them and the other does not, or names them as kinds of one
    another ("three people", "three workers"), or the same words quoted (same_words) and credited to no two people."""
    if same_value(a, b):
        return True
    if a.value.kind == "count" == b.value.kind and a.value.value == b.value.value:
        return not (a.value.unit and b.value.unit) or context.same_kind(a.value.unit, b.value.unit)
    if a.value.kind == "quote":
        # compare_values reads who said the words, not the words themselves: see same_words
        return not (a.value.unit and b.value.unit and a.value.unit != b.value.unit) and same_words(a, b)
    return _relation(a, b, context) in ("same", "wording")


def same_words(a: Fact, b: Fact) -> bool:
    """Two quotes of the same words, credited to one person or to no one named, give or take a word or the part quoted:
    one of the two holds the other as alike as copies of one text are, character by character (rapidfuzz
    partial_ratio at COPY_SIMILARITY). "nobody will be protected" in a lead and "We will find out who is responsible,
    and nobody will be protected" in another report's body; "no one will be protected" in a third."""
    return fuzz.partial_ratio(a.value.value, b.value.value) >= COPY_SIMILARITY


def converted(a: Fact, b: Fact, context: FactLinkContext) -> bool:
    """A sum and the same sum in another currency, as a report converts it for its readers ("110 billion euros
    ($143 billion)"): one value said twice. Both currencies must be named, and the rate of the report's day, when it
    is known, must make them the same sum; a currency the rate table lacks cannot show them to differ, nor can a
    currency sign lost in encoding ("?110 billion ($143 billion)", values._MANGLED_SIGN), whose currency is unknown."""
    first, second = a.value, b.value
    if not (first.kind == "money" == second.kind and (first.unit or second.unit) and first.unit != second.unit):
        return False
    if isinstance(first.value, list) or isinstance(second.value, list):
        return False
    amount = in_currency(second, first.unit, context.dates.get(a.source, ""))
    return amount is None or _relation(a, b, context) == "wording"


CONVERSION_GAP = 6  # characters between a sum and its conversion: " (", ", or "


def conversions(facts: Sequence[Fact], context: FactLinkContext) -> dict[str, str]:
    """Each sum that converts the sum just before it in its sentence ("110 billion euros ($143 billion)") -> the
    Fact.id of that sum. A conversion is no mention of its own: it goes wherever the sum it converts goes, and
    takes no part in linking, where it would have only the words of a parenthesis."""
    by_claim: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.value.kind == "money":
            by_claim[fact.claim].append(fact)
    found = {}
    for sums in by_claim.values():
        sums.sort(key=lambda fact: fact.value.start)
        for first, second in pairwise(sums):
            if (first.id not in found and second.value.start - first.value.end <= CONVERSION_GAP
                    and converted(first, second, context)):
                found[second.id] = first.id
    return found


def _matched(a: Fact, b: Fact, context: FactLinkContext) -> dict[str, float]:
    """Each word of a's that b has too (the same lemma, or a synonym), with the weight of b's word."""
    meanings_b = context.meanings(b)
    matched = {}
    for word in a.attribute:
        weight = max((meanings_b.get(sense, 0.0) for sense in context.senses(word)), default=0.0)
        if weight:
            matched[word] = weight
    return matched


def _alike(a: Fact, b: Fact, context: FactLinkContext) -> float:
    """How alike the two facts' sentences are as wholes: their sentence link's score."""
    return context.sentence_links.get((min(a.claim, b.claim), max(a.claim, b.claim)), 0.0)


def _copies(a: Fact, b: Fact, context: FactLinkContext) -> bool:
    return (min(a.claim, b.claim), max(a.claim, b.claim)) in context.copies


def copies_of(claims: Sequence[Claim], sentence_links: Iterable[Link]) -> frozenset[tuple[str, str]]:
    """The linked pairs of sentences that are copies of one text, give or take a word or a figure."""
    text = {claim.id: claim.text.casefold() for claim in claims}
    return frozenset((link.a, link.b) for link in sentence_links
                     if link.a in text and link.b in text and fuzz.ratio(text[link.a], text[link.b]) >= COPY_SIMILARITY)


def strong_evidence(a: Fact, b: Fact, context: FactLinkContext) -> bool:
    """Surely one fact: the same place in copies of one sentence, or STRONG_SHARED words in common."""
    return _copies(a, b, context) or len(_matched(a, b, context)) >= STRONG_SHARED


def attribute_share(a: Fact, b: Fact, context: FactLinkContext, matched: dict[str, float] | None = None) -> float:
    """The weight of the words about what is measured that the two share, over the lighter of their two sets."""
    weights_a, weights_b = context.word_weights(a), context.word_weights(b)
    matched = _matched(a, b, context) if matched is None else matched
    shared = sum(min(weights_a[word], weight) for word, weight in matched.items())
    smaller = min(sum(weights_a.values()), sum(weights_b.values()))
    return shared / smaller if smaller else 0.0


def link_score(a: Fact, b: Fact, context: FactLinkContext) -> float:
    matched = _matched(a, b, context)
    copies = _copies(a, b, context)
    if copies and context.positions.get(a.id) != context.positions.get(b.id):
        return 0.0  # copies of one sentence: its first count is the copy's first count, not its second
    # the same words are what makes two quotes one, whoever they are credited to (the credit is what is compared)
    equal = equivalent(a, b, context) or a.value.kind == "quote" == b.value.kind and same_words(a, b)
    # the counted noun, when both name it, is one word in common ("12 magazines" and "31 magazines")
    noun = a.value.kind == "count" and bool(a.value.unit) and context.same_kind(a.value.unit, b.value.unit)
    if not equal and len(matched) + noun < DIFFERENT_VALUES_SHARE and not copies and not _agree(a, b, context):
        return 0.0
    attribute = attribute_share(a, b, context, matched)
    subject = 1.0 if a.subject[:1] == b.subject[:1] != () else 0.5 if set(a.subject) & set(b.subject) else 0.0
    return (WEIGHTS["attribute"] * attribute + WEIGHTS["subject"] * subject
            + WEIGHTS["same_value"] * equal + WEIGHTS["sentence"] * _alike(a, b, context))


@dataclass(frozen=True, slots=True)
class LinkedFact:
    """The mentions of one fact, and which pairs of them are linked strongly enough to be called in conflict."""

    mentions: tuple[Fact, ...]
    strong: frozenset[tuple[str, str]]  # (Fact.id, Fact.id), sorted
    origins: tuple[tuple[str, ...], ...] = ()  # its sources, grouped by where they had it (see origins)
    # pairs of different values linked with at least DIFFERENCE_EVIDENCE, or strongly; None: every pair
    supported: frozenset[tuple[str, str]] | None = None

    def strongly_linked(self, a: Fact, b: Fact) -> bool:
        return (min(a.id, b.id), max(a.id, b.id)) in self.strong

    def supports_difference(self, a: Fact, b: Fact) -> bool:
        return self.supported is None or (min(a.id, b.id), max(a.id, b.id)) in self.supported


def link_facts(
    facts: Sequence[Fact], stories: Sequence[Story], sentence_links: Iterable[Link] = (),
    dates: Mapping[str, str] | None = None, threshold: float = FACT_LINK,
    lexicon: Lexicon | None = None, speakers: Mapping[str, str] | None = None,
    copies: frozenset[tuple[str, str]] = frozenset(),
) -> list[LinkedFact]:
    """The facts stated by at least two sources, each with its mentions, in a stable order.

    ``dates``: each source's reference date, ISO; ``speakers``: the Entity.id each claim credits its words to;
    ``copies``: the pairs of claims that are copies of one sentence (copies_of).
    """
    story_of = {source_id: story.id for story in stories for source_id in story.sources}
    scores = {(link.a, link.b): link.score for link in sentence_links}
    buckets: dict[tuple, list[Fact]] = defaultdict(list)
    by_story: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        where = slot(fact)
        if where is not None and fact.source in story_of:
            buckets[(story_of[fact.source], *where)].append(fact)
            by_story[story_of[fact.source]].append(fact)
    positions = _positions(facts)
    contexts = {story_id: FactLinkContext(_idf(found), scores, dict(dates or {}), positions, lexicon, dict(speakers or {}), copies)
                for story_id, found in by_story.items()}
    groups = []
    for key in sorted(buckets):
        members = sorted(buckets[key], key=lambda fact: fact.id)
        if len({fact.source for fact in members}) > 1:
            groups.extend(_average_linkage(members, contexts[key[0]], threshold))
    return sorted(groups, key=lambda group: group.mentions[0].id)


def _positions(facts: Sequence[Fact]) -> dict[str, int]:
    seen: Counter[tuple[str, str]] = Counter()
    positions = {}
    for fact in sorted(facts, key=lambda fact: (fact.claim, fact.value.start)):
        key = (fact.claim, FAMILIES.get(fact.value.kind, ""))
        positions[fact.id] = seen[key]
        seen[key] += 1
    return positions


def _idf(facts: Sequence[Fact]) -> dict[str, float]:
    return DocumentFrequencies.of(fact.attribute for fact in facts).table()


def _average_linkage(facts: Sequence[Fact], context: FactLinkContext, threshold: float) -> list[LinkedFact]:
    """Clusters whose mentions from different sources score, on average, at least ``threshold``.

    Mentions alike in every way scoring reads (value, words, subject, place in the sentence) start as one
    cluster and are scored once: a wire story printed by two hundred outlets is not scored 20,000 times.
    Merging goes by the strongest pair first; a mention joined early on weak evidence can leave its cluster
    when it alone keeps two clusters apart (_Clusters._blocker).
    """
    conversion_of = conversions(facts, context)
    converting = [fact for fact in facts if fact.id in conversion_of]
    facts = [fact for fact in facts if fact.id not in conversion_of]
    alike: dict[tuple, list[Fact]] = {}
    for fact in facts:
        key = (repr(fact.value.value), fact.value.unit, fact.value.qualifier, fact.attribute, fact.subject[:1],
               context.positions.get(fact.id))
        alike.setdefault(key, []).append(fact)
    classes = [members for members in alike.values() if len({fact.source for fact in members}) == len(members)]
    classes += [[fact] for members in alike.values() if len({f.source for f in members}) != len(members) for fact in members]
    score: dict[tuple[str, str], float] = {}
    for a, b in combinations([members[0] for members in classes], 2):
        if a.source != b.source and comparable(a, b, context):
            found = link_score(a, b, context)
            if found > 0:
                score[(a.id, b.id)] = found
    clusters = _Clusters(classes, score, context, threshold)
    while clusters.merge():
        pass
    linked = []
    for group in clusters.groups():
        ids = {fact.id for fact in group}
        group = group + [fact for fact in converting if conversion_of[fact.id] in ids]
        if len({fact.source for fact in group}) > 1:
            differing = [(min(x.id, y.id), max(x.id, y.id), x, y) for x, y in combinations(group, 2)
                         if x.source != y.source and not same_value(x, y)]
            strong = frozenset((a, b) for a, b, x, y in differing if strong_evidence(x, y, context))
            supported = strong | {(a, b) for a, b, x, y in differing if link_score(x, y, context) >= DIFFERENCE_EVIDENCE}
            mentions = tuple(sorted(group, key=lambda fact: fact.id))
            linked.append(LinkedFact(mentions, strong, origins(mentions, context), frozenset(supported)))
    return linked


class _Clusters:
    """Average-linkage clusters of classes of alike mentions, each class named by its first mention's id.

    A cluster never holds two mentions of one sentence, nor two values from one report that are not the same
    value said in other words (one report gives a fact one value), nor two incomparable mentions.
    """

    def __init__(self, classes: Sequence[Sequence[Fact]], score: dict[tuple[str, str], float],
                 context: FactLinkContext, threshold: float):
        self.first_of = {members[0].id: list(members) for members in classes}
        self.sources = {name: {fact.source for fact in members} for name, members in self.first_of.items()}
        self.score = score
        self.strongest_first = sorted(score.items(), key=lambda item: (-item[1], item[0]))
        self.context = context
        self.threshold = threshold
        self.cluster_of = {name: name for name in self.first_of}
        self.parts: dict[str, list[str]] = {name: [name] for name in self.first_of}  # cluster -> its classes
        self.left: set[str] = set()  # classes that left a cluster (see _blocker)

    def groups(self) -> list[list[Fact]]:
        return [[fact for part in parts for fact in self.first_of[part]] for parts in self.parts.values()]

    def _pair(self, x: str, y: str) -> tuple[float, int]:
        """Score times cross-source pairs, and the pairs, between two classes."""
        count = len(self.first_of[x]) * len(self.first_of[y]) - len(self.sources[x] & self.sources[y])
        return self.score.get((x, y), self.score.get((y, x), 0.0)) * count, count

    def linkage(self, first: Sequence[str], second: Sequence[str]) -> tuple[float, int]:
        """The summed score of the cross-source pairs between two sets of classes, and how many pairs."""
        total = pairs = 0
        for x in first:
            for y in second:
                part_total, part_pairs = self._pair(x, y)
                total, pairs = total + part_total, pairs + part_pairs
        return total, pairs

    def average(self, first: Sequence[str], second: Sequence[str]) -> float | None:
        """The average score of the cross-source pairs between two sets of classes; None without such pairs."""
        total, pairs = self.linkage(first, second)
        return total / pairs if pairs else None

    def allowed(self, first: Sequence[str], second: Sequence[str]) -> bool:
        context = self.context
        for x in first:
            for y in second:
                if not comparable(self.first_of[x][0], self.first_of[y][0], context):
                    return False
                if any(p.source == q.source and (p.claim == q.claim or not equivalent(p, q, context))
                       for p in self.first_of[x] for q in self.first_of[y]):
                    return False  # a sentence states a fact once, and a report gives it one value
        return True

    def merge(self) -> bool:
        """Join clusters by their strongest pair first, while their average stays at the threshold or above.

        When one class keeps two clusters apart (see _blocker), it leaves its cluster and they merge. Whether a
        class left: its own pairs, passed over while it was held, are then worth trying again.
        """
        left = False
        for (a, b), found in self.strongest_first:
            if found < self.threshold:
                break
            first, second = self.cluster_of[a], self.cluster_of[b]
            if first == second:
                continue
            if not self.allowed(self.parts[first], self.parts[second]):
                leaving = self._blocker(first, second, (a, b))
                if leaving is None:
                    continue
                self._leave(leaving)
                left = True
                first, second = self.cluster_of[a], self.cluster_of[b]
            average = self.average(self.parts[first], self.parts[second])
            if average is None or average < self.threshold:
                continue
            keep, gone = min(first, second), max(first, second)
            for part in self.parts[gone]:
                self.cluster_of[part] = keep
            self.parts[keep].extend(self.parts.pop(gone))
        return left

    def worth(self, first: Sequence[str], second: Sequence[str]) -> float:
        """What linking two sets of classes is worth: each cross-source pair's score above the evidence it needs,
        the threshold for the same value, DIFFERENCE_EVIDENCE for different values (a difference needs more)."""
        total = 0.0
        for x in first:
            for y in second:
                part_total, part_pairs = self._pair(x, y)
                same = equivalent(self.first_of[x][0], self.first_of[y][0], self.context)
                total += part_total - part_pairs * (self.threshold if same else DIFFERENCE_EVIDENCE)
        return total

    def _blocker(self, first: str, second: str, pair: tuple[str, str]) -> list[str] | None:
        """The classes that should leave their cluster so that two clusters can merge: the one class of a cluster
        that keeps them apart (every pair the rules refuse has it), with the classes of its cluster more alike it
        than the rest (see _following), when the merge without them is worth more (see worth) than their ties to
        the rest of their cluster.

        Merging by the strongest pair first can join a mention early to another it shares only a story's
        general words with ("40" with nothing counted after it, "two trucks": both in sentences about the
        raid); the one-value rule then keeps out the mentions that belong with either. Summing the worth of
        pairs is the correlation-clustering objective, whose neutral point is the evidence a link needs.
        Each class leaves at most once, so this ends.
        """
        holding = [(x, y) for x in self.parts[first] for y in self.parts[second] if not self.allowed([x], [y])]
        sides = [{x for x, _ in holding}, {y for _, y in holding}]
        best = None
        for cluster, side, other in zip((first, second), sides, (second, first)):
            if len(side) != 1:
                continue
            [part] = side
            leaving = self._following(part, self.parts[cluster])
            rest = [name for name in self.parts[cluster] if name not in leaving]
            if set(pair) & set(leaving) or set(leaving) & self.left or not rest:
                continue
            average = self.average(rest, self.parts[other])
            if average is None or average < self.threshold:
                continue
            gain = self.worth(rest, self.parts[other]) - self.worth(leaving, rest)
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, leaving)
        return best[1] if best else None

    def _following(self, part: str, cluster: Sequence[str]) -> list[str]:
        """The class and the classes of its cluster that are, on average, more alike it than the rest of the cluster
        (a class with no pair to judge the rest by stays)."""
        others = [name for name in cluster if name != part]
        following = [part]
        for name in others:
            with_part = self.average([name], [part])
            with_rest = self.average([name], [other for other in others if other != name])
            if with_part is not None and with_rest is not None and with_part > with_rest:
                following.append(name)
        return following

    def _leave(self, leaving: Sequence[str]) -> None:
        home = self.cluster_of[leaving[0]]
        rest = [name for name in self.parts.pop(home) if name not in leaving]
        for parts in (rest, list(leaving)):
            for name in parts:
                self.cluster_of[name] = min(parts)
            self.parts[min(parts)] = parts
        self.left.update(leaving)


def origins(mentions: Sequence[Fact], context: FactLinkContext) -> tuple[tuple[str, ...], ...]:
    """The sources of a fact, grouped by where they had it.

    Outlets that print copies of one sentence had the fact from one text (a
    wire story, one interview reprinted); sentences that credit it to the same
    speaker ("according to the institute", "the minister said") had it from that
    speaker. Either way they confirm it once, not once each.
    """
    def speaker(fact: Fact) -> str:
        return context.speakers.get(fact.claim) or (fact.value.unit if fact.value.kind == "quote" else "")

    sets = UnionFind(dict.fromkeys(fact.source for fact in mentions))
    for a, b in combinations(mentions, 2):
        if a.source != b.source and (_copies(a, b, context) or speaker(a) and speaker(a) == speaker(b)):
            sets.union(a.source, b.source)
    return tuple(tuple(group) for group in sets.groups())
