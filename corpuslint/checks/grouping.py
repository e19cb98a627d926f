"""Disjoint sets (union-find): how cross-document rules turn matched pairs into
groups (one fact, one source, one quotation) without comparing all pairs."""

from __future__ import annotations


class DisjointSets:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees flat
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(b)] = self.find(a)

    def groups(self) -> list[list[int]]:
        """Every set, its members in increasing order; sets in order of their first member."""
        found: dict[int, list[int]] = {}
        for item in range(len(self.parent)):
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())
