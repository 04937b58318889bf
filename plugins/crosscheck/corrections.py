"""Editors' corrections to the grouping: operations on claims, applied in one documented order.

1. ``Split: c-…``: the claim leaves every group it shares with other claims and
   states a fact of its own, in a group named ``group_id(claim, "split")``.
2. ``Move: c-… to g-…``: the claim leaves its groups and joins the one named.
3. ``Merge: g-…, g-…``: the groups named (a claim id names its claim's own
   group) become one, which keeps the first id.

Each step names groups as they stand after the steps before it, so a claim
split off can be moved or merged by its claim id or its new group's id, in one
file or in two. A group id that stops naming a group (merged away, or emptied
by a move) is *retired*: it keeps pointing at the group that took its claims.
Only published annotations are applied (annotate.py checks drafts' ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .compare import compare_facts, compare_group
from .link import group_id
from .model import Annotation, Claim, Discrepancy, Fact, Group, Problem, Source

ORDER = ("split", "move", "merge")


@dataclass(frozen=True)
class Corrected:
    groups: tuple[Group, ...]
    discrepancies: tuple[Discrepancy, ...]
    retired: dict[str, str]  # a group id no longer in use -> the group that took its claims
    moved_by: dict[str, tuple[str, ...]]  # Claim.id -> the files whose corrections changed its groups
    retired_by: dict[str, str]  # retired group id -> the file that retired it
    problems: tuple[Problem, ...]


class Grouping:
    """Groups of claims while corrections are applied, and the names editors give them."""

    def __init__(self, groups: Iterable[Group], claims: Mapping[str, Claim]):
        self.groups = {group.id: group for group in groups}
        self.claims = claims
        self.homes: dict[str, list[str]] = {}
        for group in self.groups.values():
            for claim_id in group.claims:
                self.homes.setdefault(claim_id, []).append(group.id)
        bases = {group.basis for group in self.groups.values()} | {"sentences", "split"}
        # A group is named after one of its claims; an id it had before (or would have after a split)
        # still finds it through that claim.
        self.named_after = {group_id(claim_id, basis): claim_id for claim_id in self.homes for basis in bases}
        self.retired: dict[str, str] = {}
        self.retired_by: dict[str, str] = {}
        self.moved_by: dict[str, tuple[str, ...]] = {}
        self.changed: set[str] = set()
        self.merged: set[str] = set()

    def own(self, claim_id: str) -> str | None:
        """The claim's own group: its sentence's, rather than one it shares a value with."""
        homes = self.homes.get(claim_id, ())
        return min(homes, key=lambda gid: (self.groups[gid].basis not in ("sentences", "split"), gid)) if homes else None

    def resolve(self, name: str) -> str | None:
        """The group ``name`` means now: a group id, a claim id, a retired id or an id the group had before."""
        seen = set()
        while name in self.retired and name not in seen:
            seen.add(name)
            name = self.retired[name]
        if name in self.groups:
            return name
        if name in self.homes:
            return self.own(name)
        claim_id = self.named_after.get(name)
        return self.own(claim_id) if claim_id else None

    def _moved(self, claim_id: str, path: str) -> None:
        self.moved_by[claim_id] = tuple(dict.fromkeys(self.moved_by.get(claim_id, ()) + (path,)))

    def _leave(self, claim_id: str, gid: str, successor: str, path: str) -> None:
        group = self.groups[gid]
        rest = tuple(other for other in group.claims if other != claim_id)
        self.homes[claim_id].remove(gid)
        if rest:
            statement = group.statement
            if statement == self.claims[claim_id].text:
                statement = max((self.claims[other] for other in rest), key=lambda claim: (claim.score, -len(claim.text))).text
            self.groups[gid] = replace(group, claims=rest, statement=statement)
            self.changed.add(gid)
        else:
            self._retire(gid, successor, path)

    def _join(self, claim_id: str, gid: str) -> None:
        if gid not in self.homes[claim_id]:
            self.groups[gid] = replace(self.groups[gid], claims=self.groups[gid].claims + (claim_id,))
            self.homes[claim_id].append(gid)
            self.changed.add(gid)

    def _retire(self, gid: str, successor: str, path: str) -> None:
        del self.groups[gid]
        self.changed.discard(gid)
        self.retired[gid] = successor
        self.retired_by[gid] = path

    def split(self, claim_id: str, path: str) -> None:
        shared = [gid for gid in self.homes[claim_id] if len(self.groups[gid].claims) > 1]
        if not shared:
            return
        alone = group_id(claim_id, "split")
        for gid in shared:
            self._leave(claim_id, gid, alone, path)
        if not self.homes[claim_id]:
            self.groups[alone] = Group(alone, (claim_id,), "single", self.claims[claim_id].text, "sentences")
            self.homes[claim_id].append(alone)
            self.retired.pop(alone, None)
        self._moved(claim_id, path)

    def move(self, claim_id: str, target: str, path: str) -> None:
        if target in self.homes[claim_id]:
            return
        for gid in list(self.homes[claim_id]):
            self._leave(claim_id, gid, target, path)
        self._join(claim_id, target)
        self._moved(claim_id, path)

    def merge(self, gids: Sequence[str], path: str) -> None:
        keep = gids[0]
        for other in gids[1:]:
            for claim_id in self.groups[other].claims:
                self.homes[claim_id].remove(other)
                self._join(claim_id, keep)
                self._moved(claim_id, path)
            self._retire(other, keep, path)
        self.changed.add(keep)
        self.merged.add(keep)


def correct(groups: Sequence[Group], discrepancies: Sequence[Discrepancy], claims: Mapping[str, Claim],
            sources: Mapping[str, Source], linked: set[tuple[str, str]],
            annotations: Sequence[Annotation], line_of, facts: Mapping[str, Fact] | None = None) -> Corrected:
    """Apply the published annotations' Split:, Move: and Merge: (see ORDER); compare changed groups again.

    Ids that name nothing are skipped here: annotate.py reports them, for drafts too."""
    grouping = Grouping(groups, claims)
    problems: list[Problem] = []
    for annotation in annotations:
        for claim_id in annotation.split:
            if claim_id in grouping.homes:
                grouping.split(claim_id, annotation.path)
    for annotation in annotations:
        for claim_id, name in annotation.move:
            target = grouping.resolve(name)
            if claim_id in grouping.homes and target:
                grouping.move(claim_id, target, annotation.path)
    for annotation in annotations:
        if not annotation.merge:
            continue
        named = [gid for gid in map(grouping.resolve, annotation.merge) if gid]
        distinct = list(dict.fromkeys(named))
        if len(distinct) < len(named) and len(named) > 1:
            same = next(gid for gid in distinct if named.count(gid) > 1)
            through = next((grouping.retired_by[name] for name in annotation.merge if name in grouping.retired_by),
                           "another annotation")
            written = [name for name, gid in zip(annotation.merge, named) if gid == same]
            problems.append(Problem(annotation.path, f"Merge: {written[0]} and {written[1]} are already one group "
                                    f"(through {through}); this merge goes round in a circle and changes nothing",
                                    line_of(annotation, "merge")))
        if len(distinct) > 1:
            grouping.merge(distinct, annotation.path)
    # a change between versions of one source stays with its group while the group keeps the claim that states it
    kept = [item for item in discrepancies if item.group in grouping.groups and (
        item.group not in grouping.changed or item.kind == "change" and set(item.claims) <= set(grouping.groups[item.group].claims))]
    final = []
    for gid, group in grouping.groups.items():
        if gid in grouping.changed and group.basis == "fact" and facts:
            # a fact group keeps the mentions of the claims left in it, compared value by value
            remaining = [facts[fact_id] for fact_id in group.facts if facts[fact_id].claim in group.claims]
            status, found = compare_facts(gid, remaining, sources)
            group = replace(group, status=status, facts=tuple(fact.id for fact in remaining))
            kept.extend(found)
        elif gid in grouping.changed:
            # the editor says a merged group states one fact: every pair of its sources is compared, linked or not
            status, found = compare_group(gid, [claims[claim_id] for claim_id in group.claims], sources,
                                          None if gid in grouping.merged else linked)
            group = replace(group, status=status)
            kept.extend(found)
        final.append(group)
    return Corrected(tuple(sorted(final, key=lambda group: group.id)),
                     tuple(sorted(kept, key=lambda item: (-item.severity, item.id))),
                     grouping.retired, grouping.moved_by, grouping.retired_by, tuple(problems))


def retired_since(previous: Sequence[Group], previous_retired: Mapping[str, str], groups: Sequence[Group],
                  retired: Mapping[str, str]) -> dict[str, str]:
    """Every group id readers may have seen that names no group now -> the group that now holds its claims.

    ``previous``: the groups of the last build, ``previous_retired``: the ids it kept pages for;
    ``retired``: the ids this build's corrections retire, which win. An analysis renames a group
    when an earlier source joins it (it is named after its earliest claim), so a previous group
    is matched by what it held, not by its id: the group with most of its facts, then of its claims,
    then of its basis, then the smallest. One whose claims all left the corpus leads nowhere."""
    now = {group.id: group for group in groups}
    found = dict(retired)
    gone = [old for old in previous if old.id not in now and old.id not in found]
    holding: dict[str, list[Group]] = {}  # a claim or fact id -> the groups it is in now; not needed when none is gone
    for group in groups if gone else ():
        for member in group.claims + group.facts:
            holding.setdefault(member, []).append(group)
    for old in gone:
        if old.id in found:  # a last build's id listed twice
            continue
        facts, claims = set(old.facts), set(old.claims)
        candidates = {new.id: new for member in old.claims + old.facts for new in holding.get(member, ())}
        ranked = sorted((-len(facts.intersection(new.facts)), -len(claims.intersection(new.claims)),
                         new.basis != old.basis, len(new.claims), new.id) for new in candidates.values())
        if ranked:
            found[old.id] = ranked[0][-1]
    for old, new in previous_retired.items():
        # the last build's targets were its groups, so one step through this build's map reaches a group of now
        new = new if new in now else found.get(new, "")
        if old not in now and old not in found and new in now:
            found[old] = new
    return found
