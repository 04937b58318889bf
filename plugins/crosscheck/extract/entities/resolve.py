"""The mentions of a whole corpus clustered into entities.

Names are compared through a transliteration key and rapidfuzz similarity; a
surname alone joins the one person of that surname, and an acronym joins the
one organization whose initials it spells. Editors' entity files win over what
was found. See docs/decisions-entities.md for the measurements.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy
from rapidfuzz import fuzz, process

from ...link.components import UnionFind
from ...model import ENTITY_KINDS, Entity, Mention
from ...words import hashed, slugify
from .kinds import majority
from .names import (
    ORG_WORDS,
    PLACE_WORDS,
    acronym_forms,
    all_initials,
    fold,
    is_acronym,
    lower_parts,
    name_words,
    transliteration_key,
)

logger = logging.getLogger(__name__)

# rapidfuzz ratio between transliteration keys, measured in docs/decisions-entities.md.
# Spelling variants of a surname that the key does not make equal score 87-91
# (Gorbachev/Gorbachov, Daskalas/Daskala); different surnames score up to 86
# (Novak/Novakovic, Petrov/Petrovic) and 92 for feminine forms (Ivanov/Ivanova),
# which a rule of its own keeps apart.
SURNAME_SIMILARITY = 87

# Given names: Oleksandr/Alexander 84, Dmytro/Dmitry 83; Marko/Mirko and Milena/Mila 80.
GIVEN_NAME_SIMILARITY = 82

# Given names whose consonants agree need less: Muhammad/Mohammed 71, Iosif/Joseph 75.
GIVEN_NAME_SKELETON_SIMILARITY = 70


@dataclass
class _Node:
    """One distinct name: what the mentions (and editors) say about it."""

    name: str
    count: int = 0
    kinds: Counter = field(default_factory=Counter)
    sources: set = field(default_factory=set)
    owner: str = ""  # id of the editor entity that lists this name


class _Clusters:
    """Names in clusters (link.components.UnionFind) whose root is the smallest name, so the order of
    unions does not matter; two editor entities are never merged."""

    def __init__(self, names: Iterable[str], owners: dict[str, str]):
        self.sets = UnionFind(sorted(names))
        self.owner = {name: owners.get(name, "") for name in self.sets.parent}

    def find(self, name: str) -> str:
        return self.sets.find(name)

    def union(self, left: str, right: str) -> bool:
        left, right = sorted((self.find(left), self.find(right)))
        if left == right:
            return True
        if self.owner[left] and self.owner[right] and self.owner[left] != self.owner[right]:
            return False
        self.sets.union(right, left)
        self.owner[left] = self.owner[left] or self.owner[right]
        return True

    def roots(self) -> list[str]:
        """One name a cluster, in the order of each cluster's first name."""
        return [self.find(names[0]) for names in self.sets.groups()]


def resolve_entities(
    mentions: Iterable[Mention], editor_entities: Sequence[Entity] = ()
) -> tuple[tuple[Entity, ...], dict[tuple[str, int, int], str]]:
    """Cluster mentions across sources into entities.

    Returns the entities sorted by id and a map from (source, start, end) of
    each mention to its entity's id.  A mention of a bare organization word
    ("the Institute") that names no one organization is left out of the map.
    """
    mentions = sorted(mentions, key=lambda m: (m.source, m.start, m.end))
    nodes = _nodes(mentions, editor_entities)
    clusters = _Clusters(nodes, {name: node.owner for name, node in nodes.items()})
    _link_editor_names(clusters, editor_entities, nodes)
    _link_by_spelling(clusters, nodes)
    _link_people(clusters, nodes)
    _link_organizations(clusters, nodes)
    pending = _link_references(clusters, nodes)
    member_of = {(m.source, m.start, m.end): clusters.find(m.name) for m in mentions}
    named_in: dict[str, set[str]] = defaultdict(set)  # source -> the clusters it names
    for name, node in nodes.items():
        if name not in pending:
            for source in node.sources:
                named_in[source].add(clusters.find(name))
    # A bare word ("the Ministry") may mean any of thousands of clusters in a large corpus;
    # a source names a few: the candidates are met from whichever side is smaller.
    candidates_by_cluster = {
        name: _grouped(candidates, clusters.find) for name, candidates in pending.items()
    }
    for mention in mentions:
        by_cluster = candidates_by_cluster.get(mention.name)
        if by_cluster is None:
            continue
        present = named_in[mention.source]
        smaller, larger = sorted((present, by_cluster.keys()), key=len)
        here = set().union(*(by_cluster[cluster] for cluster in smaller if cluster in larger))
        if len(here) == 1:
            member_of[(mention.source, mention.start, mention.end)] = next(iter(here))
        elif _is_bare_org_word(mention.name):
            del member_of[(mention.source, mention.start, mention.end)]
    entities, id_of = _entities(clusters, nodes, mentions, member_of, editor_entities)
    entity_of = {key: id_of[root] for key, root in member_of.items() if root in id_of}
    logger.debug("%d mentions -> %d entities", len(mentions), len(entities))
    return entities, entity_of


def _grouped(items: Iterable[str], key: Callable[[str], str]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for item in items:
        grouped[key(item)].add(item)
    return grouped


def _nodes(mentions: Sequence[Mention], editor_entities: Sequence[Entity]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for mention in mentions:
        node = nodes.setdefault(mention.name, _Node(mention.name))
        node.count += 1
        node.kinds[mention.kind] += 1
        node.sources.add(mention.source)
    for entity in sorted(editor_entities, key=lambda e: e.id):
        for name in (entity.name, *entity.aliases):
            node = nodes.setdefault(name, _Node(name))
            if node.owner and node.owner != entity.id:
                logger.warning("the name %r is listed by the entities %s and %s; it goes to %s", name, node.owner, entity.id, node.owner)
                continue
            node.owner = entity.id
    return nodes


def _link_editor_names(clusters: _Clusters, editor_entities: Sequence[Entity], nodes: dict[str, _Node]) -> None:
    for entity in editor_entities:
        names = [name for name in (entity.name, *entity.aliases) if nodes[name].owner == entity.id]
        for name in names[1:]:
            clusters.union(names[0], name)


def _link_by_spelling(clusters: _Clusters, nodes: dict[str, _Node]) -> None:
    """Same words up to case, accents and transliteration: one cluster."""
    by_key: dict[tuple, list[str]] = defaultdict(list)
    for name in sorted(nodes):
        by_key[("fold", fold(name))].append(name)
        if not is_acronym(name):
            by_key[("translit", _spelling_key(name))].append(name)
    for names in by_key.values():
        for other in names[1:]:
            clusters.union(names[0], other)


def _spelling_key(name: str) -> tuple[str, ...]:
    words = name_words(name) or name.split()
    return tuple(transliteration_key(word) for word in words)


def _kind_votes(node: _Node) -> Counter:
    return Counter({kind: count for kind, count in node.kinds.items() if kind in ENTITY_KINDS})


def _person_shaped(node: _Node, nodes: dict[str, _Node]) -> bool:
    words = name_words(node.name)
    if not 2 <= len(words) <= 4 or is_acronym(node.name) or _first_word_is_a_name(node.name, nodes):
        return False
    if any(lower_parts(word) & (ORG_WORDS | PLACE_WORDS) for word in words):
        return False
    votes = _kind_votes(node)
    return votes["person"] >= max(votes["organization"], votes["place"])


def _first_word_is_a_name(name: str, nodes: dict[str, _Node]) -> bool:
    """ "Osva Hydro" is no person when "Osva" is named on its own (and not as a person):
    given names seldom stand alone in the news, surnames and places do."""
    words = name.split()
    alone = nodes.get(words[0]) if len(words) > 1 else None
    return alone is not None and alone.count > 0 and not alone.kinds["person"]


def _link_people(clusters: _Clusters, nodes: dict[str, _Node]) -> None:
    """Same surname (up to spelling) and compatible given names: one person."""
    people = [node for name, node in sorted(nodes.items()) if _person_shaped(node, nodes)]
    by_letter: dict[str, list[_Node]] = defaultdict(list)
    for node in people:
        by_letter[transliteration_key(name_words(node.name)[-1])[:1]].append(node)
    for group in by_letter.values():
        surnames = [name_words(node.name)[-1] for node in group]
        index = _Surnames(surnames)
        for position, (left, others) in enumerate(zip(group, index.candidates_of_each(surnames))):
            for other in others:
                if other > position and _same_person(name_words(left.name), name_words(group[other].name)):
                    clusters.union(left.name, group[other].name)


class _Surnames:
    """Surnames, searchable for those ``_same_surname`` may accept without comparing every pair in Python.

    That is the same key, or a spelling close enough (rapidfuzz compares all of
    them in C, many queries at once and on every core); the caller still asks
    ``_same_surname``, so what is linked does not change, only how many pairs
    are tried: all pairs grew with the square of the people named (17 million
    comparisons, 90 s, at 10,000 documents).
    """

    QUERIES_AT_ONCE = 1024  # a block of scores is this many rows of one byte per surname

    def __init__(self, surnames: Sequence[str]):
        self.keys = [transliteration_key(surname) for surname in surnames]
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for position, surname in enumerate(surnames):
            self.by_key[transliteration_key(surname)].append(position)

    def candidates_of_each(self, queries: Sequence[str]) -> Iterator[list[int]]:
        """For each query in turn, the positions of the surnames that may be it, in order."""
        for start in range(0, len(queries), self.QUERIES_AT_ONCE):
            chunk = queries[start : start + self.QUERIES_AT_ONCE]
            scores = process.cdist([transliteration_key(query) for query in chunk], self.keys, scorer=fuzz.ratio,
                                   score_cutoff=SURNAME_SIMILARITY, dtype=numpy.uint8, workers=-1)
            for query, row in zip(chunk, scores):
                found = set(self.by_key.get(transliteration_key(query), ()))
                found.update(numpy.flatnonzero(row).tolist())
                yield sorted(found)


def _same_surname(left: str, right: str) -> bool:
    left_key, right_key = transliteration_key(left), transliteration_key(right)
    if left_key == right_key:
        return True
    if _feminine_form(left_key, right_key):
        return False
    return left_key[:1] == right_key[:1] and fuzz.ratio(left_key, right_key) >= SURNAME_SIMILARITY


def _same_person(left: list[str], right: list[str]) -> bool:
    return _same_surname(left[-1], right[-1]) and _compatible_given_names(left[0], right[0])


def _feminine_form(left_key: str, right_key: str) -> bool:
    """Petrov/Petrova, Tikhanovsky/Tikhanovskaya: husband and wife, not two spellings."""
    shorter, longer = sorted((left_key, right_key), key=len)
    return longer == shorter + "a" or (longer.endswith("aia") and longer[:-3] + "i" == shorter)


def _feminine_given_name(left_key: str, right_key: str) -> bool:
    """Ivan/Ivana, Mario/Maria, Oleg/Olga, Alexander/Alexandra."""
    return left_key.endswith("a") != right_key.endswith("a")


def _compatible_given_names(left: str, right: str) -> bool:
    left_bare, right_bare = left.rstrip("."), right.rstrip(".")
    left_key, right_key = transliteration_key(left_bare), transliteration_key(right_bare)
    if len(left_bare) == 1 or len(right_bare) == 1:
        return left_key[:1] == right_key[:1]
    if left_key == right_key:
        return True
    if _feminine_given_name(left_key, right_key):
        return False
    similarity = fuzz.ratio(left_key, right_key)
    if similarity >= GIVEN_NAME_SIMILARITY:
        return True
    return _consonants(left_key) == _consonants(right_key) and similarity >= GIVEN_NAME_SKELETON_SIMILARITY


def _consonants(key: str) -> str:
    return re.sub(r"[aeiou]", "", key)


def _organization_words(name: str) -> tuple[str, ...] | None:
    words = name_words(name)
    if len(words) < 2 or not any(lower_parts(word) & ORG_WORDS for word in words):
        return None
    return tuple(sorted(_organization_word_key(word) for word in words))


def _organization_word_key(word: str) -> str:
    """A name word with British and American spelling made one ("Defence"/"Defense")."""
    key = transliteration_key(word).lower()
    return re.sub(r"c(?=[ei])", "s", key)


def _link_organizations(clusters: _Clusters, nodes: dict[str, _Node]) -> None:
    """ "Interior Ministry" = "Ministry of Interior"."""
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for name in sorted(nodes):
        words = _organization_words(name)
        if words:
            by_words[words].append(name)
    for names in by_words.values():
        for other in names[1:]:
            clusters.union(names[0], other)


def _link_references(clusters: _Clusters, nodes: dict[str, _Node]) -> dict[str, set[str]]:
    """Surnames alone, acronyms and bare organization words join the one cluster they can mean.

    Returns, for names that could mean several clusters, the roots of those
    clusters: each mention of such a name is decided by its own source.
    """
    roots_votes = _cluster_votes(clusters, nodes)
    surnames: dict[str, list[str]] = defaultdict(list)  # first letter of the key -> people's surnames
    people_by_surname: dict[str, set[str]] = defaultdict(set)  # surname -> roots
    by_initials: dict[str, set[str]] = defaultdict(set)
    by_org_word: dict[str, set[str]] = defaultdict(set)
    for name, node in sorted(nodes.items()):
        words = name_words(name)
        if len(words) < 2:
            continue
        if _person_shaped(node, nodes):
            surname = words[-1]
            if not people_by_surname[surname]:
                surnames[transliteration_key(surname)[:1]].append(surname)
            people_by_surname[surname].add(clusters.find(name))
        else:
            for initials in all_initials(name):
                by_initials[initials].add(clusters.find(name))
            for part in _lower_parts_of(name) & ORG_WORDS:
                by_org_word[part].add(clusters.find(name))
    single_words = defaultdict(list)  # by the letter their surname index is under
    for name in sorted(nodes):
        if " " not in name and not _is_bare_org_word(name) and not is_acronym(name):
            single_words[transliteration_key(name)[:1]].append(name)
    close_surnames: dict[str, list[str]] = {}
    for letter, names in single_words.items():
        if letter in surnames:
            found = _Surnames(surnames[letter]).candidates_of_each(names)
            close_surnames.update((name, [surnames[letter][position] for position in positions])
                                  for name, positions in zip(names, found))
    pending: dict[str, set[str]] = {}
    links: list[tuple[str, set[str]]] = []
    for name in sorted(nodes):
        if " " in name:
            continue
        if _is_bare_org_word(name):
            pending[name] = set(by_org_word.get(name.lower(), ()))  # decided mention by mention, or dropped
            continue
        if is_acronym(name):
            roots = set().union(*(by_initials.get(form, set()) for form in acronym_forms(name)))
        else:
            votes = roots_votes[clusters.find(name)]
            if not votes["person"] and votes["place"] + votes["organization"] >= 2:
                continue  # a place or organization that happens to be someone's surname
            close = close_surnames.get(name, ())
            roots = set().union(*(people_by_surname[surname] for surname in close if _same_surname(name, surname)))
        roots.discard(clusters.find(name))
        if roots:
            links.append((name, roots))
    for name, roots in links:
        if len(roots) == 1 and clusters.union(name, next(iter(roots))):
            continue
        pending[name] = {clusters.find(root) for root in roots}
    return pending


def _lower_parts_of(name: str) -> set[str]:
    return set().union(*(lower_parts(word) for word in name.split()))


def _is_bare_org_word(name: str) -> bool:
    return " " not in name and name.lower() in ORG_WORDS


def _cluster_votes(clusters: _Clusters, nodes: dict[str, _Node]) -> dict[str, Counter]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for name, node in nodes.items():
        votes[clusters.find(name)].update(_kind_votes(node))
    return votes


def _entities(
    clusters: _Clusters,
    nodes: dict[str, _Node],
    mentions: Sequence[Mention],
    member_of: dict[tuple[str, int, int], str],
    editor_entities: Sequence[Entity],
) -> tuple[tuple[Entity, ...], dict[str, str]]:
    editors = {entity.id: entity for entity in editor_entities}
    counts: dict[str, Counter] = defaultdict(Counter)  # root -> name -> mentions
    kinds: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        root = member_of.get((mention.source, mention.start, mention.end))
        if root is not None:
            counts[clusters.find(root)][mention.name] += 1
            if mention.kind in ENTITY_KINDS and not (mention.kind == "person" and _first_word_is_a_name(mention.name, nodes)):
                kinds[clusters.find(root)][mention.kind] += 1
    automatic: list[tuple[str, Entity, int]] = []  # (root, entity without a final id, mentions)
    id_of: dict[str, str] = {}
    entities: list[Entity] = []
    for root in clusters.roots():
        seen = counts.get(root, Counter())
        owner = clusters.owner[root]
        if owner:
            editor = editors[owner]
            aliases = set(editor.aliases) | set(seen)
            kind = editor.kind if editor.kind in ENTITY_KINDS else majority(kinds[root])
            entities.append(Entity(editor.id, editor.name, kind, tuple(sorted(aliases - {editor.name})), editor.description))
            id_of[root] = editor.id
            continue
        if not seen:
            continue
        name = _canonical(seen)
        entity = Entity("", name, majority(kinds[root]), tuple(sorted(set(seen) - {name})))
        automatic.append((root, entity, sum(seen.values())))
    taken = set(editors)
    by_slug: dict[str, list[tuple[str, Entity, int]]] = defaultdict(list)
    for item in automatic:
        by_slug[slugify(item[1].name) or "entity"].append(item)
    for slug, items in sorted(by_slug.items()):
        # The most mentioned keeps the plain slug; others get a suffix from their own names,
        # so that an id does not change when unrelated sources are added.
        items.sort(key=lambda item: (-item[2], hashlib.sha1(_names_of(item[1]).encode()).hexdigest()))
        for position, (root, entity, _) in enumerate(items):
            entity_id = slug if position == 0 and slug not in taken else hashed(slug, _names_of(entity), taken)
            taken.add(entity_id)
            id_of[root] = entity_id
            entities.append(Entity(entity_id, entity.name, entity.kind, entity.aliases, entity.description))
    return tuple(sorted(entities, key=lambda entity: entity.id)), id_of


def _names_of(entity: Entity) -> str:
    return "\n".join([entity.name, *entity.aliases])


def _canonical(counts: Counter) -> str:
    """The most complete name (most words, acronyms last), then the most frequent."""
    def rank(name: str) -> tuple:
        words = 0 if is_acronym(name) else min(len(name_words(name)), 4)
        return (-words, -counts[name], -len(name), name)

    return min(counts, key=rank)
