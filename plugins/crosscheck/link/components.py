"""Disjoint sets: what pairs connect, grouped (stories of sources, origins of a fact)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class UnionFind:
    def __init__(self, items: Iterable[Hashable]):
        self.parent = {item: item for item in items}

    def find(self, item: Hashable) -> Hashable:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: Hashable, second: Hashable) -> None:
        self.parent[self.find(first)] = self.find(second)

    def groups(self) -> list[list]:
        """The sets, each in the order its items were given, in the order of their first items."""
        found: dict[Hashable, list] = {}
        for item in self.parent:
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())
