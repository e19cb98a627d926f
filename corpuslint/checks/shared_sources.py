"""CIT017: one source cited differently in two documents.

Two citations are of the same source when they give the same URL, or the
same author(s) and main title. Citations are found through those keys (a
dictionary lookup per citation), never by comparing all pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from itertools import combinations
from typing import Iterator
from urllib.parse import urlsplit

from ..facts import DocumentFacts, Note
from ..facts.citations import CitationFacts
from ..facts.sources import NoteParts
from ..findings import Finding, Related, Severity, Span
from .note_references import (
    FULL_KINDS, describe_work, detail_conflicts, locate_work, same_author, surnames, title_words, work_key,
)
from ..index import IndexFamily
from .grouping import DisjointSets
from .registry import CorpusRule, register


def url_key(url: str | None) -> str | None:
    """The address without scheme, www., query, fragment or trailing slash; None when
    it is cut short (https://www.) or has no path, so it cannot name one source."""
    if not url:
        return None
    parts = urlsplit(url.strip().rstrip(".,;"))
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    if "." not in host or host.endswith(".") or len(path) < 2:
        return None
    return host + path


def differences(a: NoteParts, b: NoteParts) -> list[tuple[str, str, str]]:
    """(what, a's value, b's value) for what two citations of one source give differently."""
    found = []
    words_a, words_b = title_words(a.title), title_words(b.title)
    shorter = min(len(words_a), len(words_b))
    if shorter and words_a[:shorter] != words_b[:shorter]:
        found.append(("title", f"“{a.title}”", f"“{b.title}”"))
    if a.authors and b.authors:
        names_a, names_b = surnames(a), surnames(b)
        if set(names_a) != set(names_b):
            what = "author spelling" if same_author(names_a, names_b) or same_author(names_b, names_a) else "author"
            found.append((what, " and ".join(a.authors), " and ".join(b.authors)))
    found.extend(detail_conflicts(a, b))
    return found


def _deletions(text: str, depth: int) -> set[str]:
    """The text and its forms with up to `depth` letters removed: two names that many
    edits apart (same_author's tolerance) share one of them."""
    found, frontier = {text}, {text}
    for _ in range(depth):
        frontier = {word[:i] + word[i + 1:] for word in frontier for i in range(len(word))}
        found |= frontier
    return found


class _Entry:
    __slots__ = ("facts", "note", "work", "keys")

    def __init__(self, facts: DocumentFacts, note: Note, work: NoteParts, keys: list[tuple[str, str]]):
        self.facts, self.note, self.work, self.keys = facts, note, work, keys

    def where(self) -> str:
        return f"{self.facts.path}:{self.note.label_span.line} (note {self.note.label})"


def _keys(work: NoteParts) -> list[tuple[str, str]]:
    """The keys a citation is found by: its address and its main title. Authors are
    compared once the title matches, so a misspelt author still finds the other citation."""
    if work.kind not in FULL_KINDS:
        return []
    title = work_key(work)
    keys = [("url", url_key(work.url)), ("title", title[1] if title else None)]
    return [key for key in keys if key[1] is not None]


def _entries(all_facts: list[DocumentFacts]) -> list[_Entry]:
    return [_Entry(facts, note, work, keys)
            for facts in all_facts for note, works in zip(facts.citations.notes, facts.sources)
            for work in works if (keys := _keys(work))]


def _join(entries: list[_Entry]) -> DisjointSets:
    """Citations of one source joined (union-find over keys). Every edge is between two
    citations of one key, judged on that key's citations alone, so the sets are the same
    whatever else the list holds (what the focus index relies on)."""
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        for key in entry.keys:
            by_key[key].append(index)
    sets = DisjointSets(len(entries))
    for (kind, _), members in by_key.items():
        if kind == "url":
            for other in members[1:]:
                sets.union(members[0], other)
            continue
        # One title, maybe several authors: join only the same author. Citations with
        # the same surnames are joined at once; distinct author lists meet through a
        # deletion index on their surnames (a one-letter slip, Hayward/Hayword), so a
        # common title cited by a thousand authors is not a million comparisons.
        by_authors: dict[tuple[str, ...], int] = {}
        for index in members:
            names = surnames(entries[index].work)
            if names in by_authors:
                sets.union(by_authors[names], index)
            else:
                by_authors[names] = index
        if len(by_authors) < 2:
            continue  # one author list for this title: nothing to compare
        variants: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for names in by_authors:
            for name in names:  # any surname in common: "Laitin" and "Laitin and Suny" meet
                for variant in _deletions(name, 2 if len(name) >= 9 else 1):
                    variants[variant].append(names)
        for group in variants.values():
            if len(group) < 2:
                continue
            for a, b in combinations(dict.fromkeys(group), 2):
                if sets.find(by_authors[a]) != sets.find(by_authors[b]) and (same_author(a, b) or same_author(b, a)):
                    sets.union(by_authors[a], by_authors[b])
    return sets


def _groups(all_facts: list[DocumentFacts]) -> list[list[_Entry]]:
    """Citations of one source, by URL or by author and main title, cited in two documents or more."""
    entries = _entries(all_facts)
    groups = [[entries[i] for i in members] for members in _join(entries).groups()]
    return [g for g in groups if len({e.facts.path for e in g}) >= 2]


def _key_text(key: tuple[str, str]) -> str:
    return f"{key[0]}:{key[1]}"


class SourceIndex(IndexFamily):
    """CIT017 judges groups of citations joined through their URL and title keys. A
    focused run reads the notes under its citations' keys, joins them, and reads the keys
    of whatever joined, until no new key is reached: the focus citations' groups are
    then whole, as in a run over every document."""

    name = "sources"

    def items(self, facts: DocumentFacts, context):
        for position, (note, works) in enumerate(zip(facts.citations.notes, facts.sources)):
            keys = {_key_text(key) for work in works for key in _keys(work)}
            if keys:
                yield position, [note.to_dict(), [work.to_row() for work in works]], sorted(keys), ""

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict[str, dict[str, list]]:
        found: dict[str, dict[int, tuple[Note, tuple[NoteParts, ...]]]] = {}
        stand_ins = {file: DocumentFacts(file, facts.kind, 0, citations=facts.citations, sources=facts.sources)
                     for file, facts in focus.items()}
        read: set[str] = set()
        wanted = {_key_text(key) for entry in _entries(list(stand_ins.values())) for key in entry.keys}
        while wanted:
            for (file, position), (note, works) in index.items(self.name, sorted(wanted), skip=focus).items():
                found.setdefault(file, {})[position] = (Note.from_dict(note), tuple(map(NoteParts.from_row, works)))
            read |= wanted
            others = [DocumentFacts(file, "", 0, citations=CitationFacts(notes=[n for n, _ in notes.values()]),
                                    sources=[w for _, w in notes.values()]) for file, notes in found.items()]
            entries = _entries([*stand_ins.values(), *others])
            sets = _join(entries)
            joined = {sets.find(i) for i, entry in enumerate(entries) if entry.facts.path in focus}
            wanted = {_key_text(key) for i, entry in enumerate(entries) if sets.find(i) in joined
                      for key in entry.keys} - read
        return {file: {"citations.notes": [(p, note) for p, (note, _) in sorted(notes.items())],
                       "sources": [(p, works) for p, (_, works) in sorted(notes.items())]}
                for file, notes in found.items()}


@register
class SourceCitedDifferently(CorpusRule):
    code = "CIT017"
    index = SourceIndex()
    name = "source-cited-differently"
    severity = Severity.WARNING
    summary = "Two documents cite the same source with a different title, author spelling or date."
    explanation = (
        "The same source (the same URL, or the same author and title) should be cited the same "
        "way everywhere in the corpus. Here another document gives it a different title, spells "
        "its author differently, or dates it differently, so at least one of them is wrong. Each "
        "citation is reported with the others in `related`; check the source and make them agree. "
        "A detail one citation leaves out is not a difference."
    )
    flags = (
        """
        Iran balances.1

        1 Maziar Motamedi, “Iran’s Delicate Balancing Act,” Al Jazeera, October 5, 2020, https://www.aljazeera.com/news/2020/10/5/iran-nk.
        === next document ===
        Iran is careful.1

        1 Maziar Motemedi, “Iran’s Delicate Balancing Act,” Al Jazeera, October 5, 2020, https://www.aljazeera.com/news/2020/10/5/iran-nk.
        """,
        """
        The talks failed.1

        1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, 2020.
        === next document ===
        The talks stalled.1

        1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, 2019.
        """,
    )
    passes = (
        """
        Iran balances.1

        1 Maziar Motamedi, “Iran’s Delicate Balancing Act,” Al Jazeera, October 5, 2020, https://www.aljazeera.com/news/2020/10/5/iran-nk.
        === next document ===
        Iran is careful.1

        1 Maziar Motamedi, “Iran’s Delicate Balancing Act,” Aljazeera, October 5, 2020.
        """,
        """
        The talks failed.1

        1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, 2020.
        === next document ===
        The book is older.1

        1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.
        """,
    )

    def check_corpus(self, all_facts, context) -> Iterator[Finding]:
        located: dict[int, Span] = {}

        def cited_at(entry: _Entry) -> Span:
            """Where the entry's citation is, and so its finding: located once, for its own
            finding and for every finding it is a related place of."""
            if id(entry) not in located:
                located[id(entry)] = locate_work(entry.note, entry.work)
            return located[id(entry)]

        for group in _groups(all_facts):
            if not context.wanted(entry.facts.path for entry in group):
                continue  # its findings and their related places are all in its own documents
            # Citations written alike are one version, compared once: a source cited by a
            # thousand documents in two versions costs one comparison, not a million.
            versions: dict[NoteParts, list[_Entry]] = defaultdict(list)
            own_versions = [replace(entry.work, pages=None) for entry in group]
            for entry, own in zip(group, own_versions):
                versions[own].append(entry)
            if len(versions) < 2:
                continue
            compared = {(a, b): differences(a, b) for a in versions for b in versions if a != b}
            # Members of each version per document: how many of a version's citations are in
            # other documents, without counting them again for each citation of the group.
            in_document = {version: Counter(m.facts.path for m in members) for version, members in versions.items()}
            for entry, own in zip(group, own_versions):
                others = []  # one citation per differing version, from another document
                for version, members in versions.items():
                    said = compared.get((own, version))
                    if not said:
                        continue
                    elsewhere = len(members) - in_document[version][entry.facts.path]
                    if elsewhere:
                        other = next(m for m in members if m.facts.path != entry.facts.path)
                        others.append((other, said, elsewhere))
                if not others:
                    continue
                first, said, _ = others[0]
                what = "; ".join(f"{kind} {theirs} there, {ours} here" for kind, ours, theirs in said)
                more = sum(count for _, _, count in others) - 1
                more = f" (and {more} more citations differ)" if more else ""
                yield self.finding(
                    entry.facts.path, cited_at(entry),
                    f"note {entry.note.label} cites {describe_work(entry.work)}, which {first.where()} cites with "
                    f"{what}{more}; check the source and make the citations agree",
                    # Each related place is the other citation itself, where its own finding is:
                    # the report groups a source's findings by it (not by the note's label, which
                    # a note citing two works shares).
                    [Related(o.facts.path, cited_at(o).line, cited_at(o).column, f"note {o.note.label}: "
                             + "; ".join(f"{kind} {theirs}" for kind, _, theirs in d)
                             + (f" (as in {count - 1} more documents)" if count > 1 else ""))
                     for o, d, count in others],
                )
