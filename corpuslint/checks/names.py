"""NAM: names spelled differently, within a document, across documents, or
against the reference spellings in rules/names.yaml.

The analysis (which forms belong together) lives in name_variants.py and runs
once per run; these rules only turn it into findings. A name inside a
quotation keeps its original spelling and is never reported.
"""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from pathlib import PurePosixPath
from typing import Iterator

from ..facts import DocumentFacts
from ..facts.names import QUOTED, SENTENCE_INITIAL, NameMention, NameToken
from ..findings import Finding, Fix, Related, Severity
from ..index import IndexFamily
from . import name_variants
from .name_variants import (
    DiscoveryInput, NameAnalysis, Occurrence, ReferenceIndex, _Key, _reference_alignments, _units_of_form,
    _surface, analyse, block_joined, blockable, blocks_of, fold, is_transposition, summarise, umlaut_joined,
)
from .registry import CorpusRule, register

MAX_RELATED = 12


NAMES = "names"  # the shared analysis's key
DOC = attrgetter("doc")  # of an Occurrence


NAME_COMPONENTS = "name-components"  # which forms are one name, when the focus index worked it out


def name_analysis(all_facts: list[DocumentFacts], context) -> NameAnalysis:
    return context.shared(NAMES, lambda: analyse(all_facts, context.rule_data.names, context.memo.get(NAME_COMPONENTS)))


MAX_PLACES = 3  # files named in a message; the rest are counted (and listed in `related`)


class Places:
    """Where the corpus writes one form: its occurrences by document, grouped once. A
    finding in each of a thousand documents names the other forms' places; grouping
    them again for each would cost the square of a common name's occurrences."""

    def __init__(self, occurrences: list[Occurrence]):
        self.by_doc: dict[int, list[Occurrence]] = {}  # in the order the documents first write it
        for occurrence in occurrences:
            self.by_doc.setdefault(occurrence.doc, []).append(occurrence)
        self.docs = sorted(self.by_doc)
        self.total = len(occurrences)
        self._related: dict[str, list[Related]] = {}

    def where(self, form: str, here: int, paths: list[str]) -> str:
        """“Sargsyan” (2× in this file, line 43; 1× in other.txt, line 5; +4 more files):
        this file first, then the others in corpus order."""
        shown = [here] if here in self.by_doc else []
        shown += [doc for doc in self.docs[:MAX_PLACES] if doc != here][:MAX_PLACES - len(shown)]
        parts = []
        for doc in shown:
            found = self.by_doc[doc]
            place = "this file" if doc == here else PurePosixPath(paths[doc]).name
            parts.append(f"{len(found)}× in {place}, line {found[0].span.line}")
        if len(self.docs) > len(shown):
            rest = self.total - sum(len(self.by_doc[doc]) for doc in shown)
            parts.append(f"{rest}× in {len(self.docs) - len(shown)} more files")
        return f"“{form}” ({'; '.join(parts)})"

    def related(self, paths: list[str], what: str) -> list[Related]:
        """The first place in each of the first MAX_RELATED documents to write it."""
        made = self._related.get(what)
        if made is None:
            made = self._related[what] = [
                Related(paths[o.doc], o.span.line, o.span.column, f"{what} “{o.surface}”")
                for o in (found[0] for found in list(self.by_doc.values())[:MAX_RELATED])
            ]
        return made


MENTION_READER = "name-mention-reader"  # one per run


class MentionReader:
    """How the focus index reads a document's name mentions, worked out once per written
    form for the run: against the reference list (which spellings a form is written
    against, and which it writes; every spelling a match can ask for is each run of
    tokens of a listed form), and as discovery's units and per-document summaries."""

    def __init__(self, index: ReferenceIndex):
        self.index = index
        self.aligned: dict[tuple, list[tuple[int, int, str]]] = {}
        # Per token tuple (by id: the run shares one tuple per written form across
        # documents), held so that no id is reused while its entry is here.
        self.by_form: dict[tuple[int, bool], tuple] = {}
        self.of_form: dict[int, tuple] = {}  # id of a token tuple -> its units (DiscoveryInput's memo)
        self.held: list[tuple] = []
        self.parts: dict[str, set[tuple[str, int]]] = {}  # first token -> {(spelling, tokens)}
        for _, tokens in index.tokens:
            for lo in range(len(tokens)):
                for hi in range(lo, len(tokens)):
                    if lo == hi and tokens[lo][2]:
                        continue  # a particle alone ("von") is never a match's spelling
                    part = "".join(("" if i == lo else tokens[i][1]) + tokens[i][0] for i in range(lo, hi + 1))
                    self.parts.setdefault(tokens[lo][0], set()).add((part, hi - lo + 1))

    def alignments(self, tokens: tuple, initial: bool) -> list[tuple[int, int, str]]:
        """(first token, last token, reference spelling) of each part of a mention of these
        tokens written against the reference list (NAM003), as match_references finds them."""
        known = self.by_form.get((id(tokens), initial))
        if known is not None and known[0] is tokens:
            return known[1]
        key = (tuple((t.text, t.separator, t.particle) for t in tokens), initial)
        found = self.aligned.get(key)
        if found is None:
            found = self.aligned[key] = [(lo, hi, part) for lo, hi, _, part in _reference_alignments(
                NameMention(tokens, 0, 0, 0, False, initial), self.index)]
        self.by_form[id(tokens), initial] = (tokens, found)
        return found

    def covered(self, facts: DocumentFacts) -> set[tuple[int, int, int]]:
        """The tokens of this document's mentions a reference match governs, as analyse
        finds them (the document numbered 0)."""
        return {(0, start, i) for tokens, start, _, _, flags in facts.names.records()
                for lo, hi, _ in self.alignments(tokens, bool(flags & SENTENCE_INITIAL)) for i in range(lo, hi + 1)}

    def written(self, tokens: tuple) -> set[str]:
        """The reference spellings the tokens write exactly, as _places_of_references finds them."""
        known = self.by_form.get((id(tokens), None))
        if known is not None and known[0] is tokens:
            return known[1]
        found = set()
        for i, token in enumerate(tokens):
            for part, length in self.parts.get(token.text, ()):
                if i + length <= len(tokens) and _surface(tokens, i, i + length - 1) == part:
                    found.add(part)
        self.by_form[id(tokens), None] = (tokens, found)
        return found

    def summaries(self, facts: DocumentFacts) -> dict:
        """summarise() of one document, its forms' units made once per run."""
        self.held.extend(facts.names.forms)  # their ids key of_form
        source = DiscoveryInput([facts], self.covered(facts))
        source.of_form = self.of_form
        return summarise(source, self.index)

    def units(self, tokens: tuple) -> tuple:
        self.held.append(tokens)
        return _units_of_form(tokens, self.of_form)


class ReferenceIndexFamily(IndexFamily):
    """NAM003 judges each mention against the reference list, and tells where the corpus
    writes the reference spelling. A focused run reads the mentions that write the
    spellings its own matches ask for, and, for each spelling it writes, the mentions
    elsewhere written against it (their findings name its places) and those that write
    it. The analysis then runs unchanged on those mentions."""

    name = "references"

    def items(self, facts: DocumentFacts, context):
        reader = _reader(context)
        for position, (tokens, start, line, column, flags) in enumerate(facts.names.records()):
            keys = [f"match:{part}" for _, _, part in reader.alignments(tokens, bool(flags & SENTENCE_INITIAL))]
            keys += [f"place:{part}" for part in reader.written(tokens)]
            if keys:
                yield position, [[t.to_list() for t in tokens], start, line, column, flags], keys, ""

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict[str, dict[str, list]]:
        matched, written = set(), set()  # the spellings the focus is written against, and those it writes
        for facts in focus.values():
            for _, _, keys, _ in self.items(facts, context):
                for key in keys:
                    kind, part = key.split(":", 1)
                    (matched if kind == "match" else written).add(part)
        records = {}
        for part in sorted(written):
            elsewhere = index.items(self.name, [f"match:{part}"], skip=focus)
            if elsewhere:  # findings elsewhere that name the focus's places: those places in full
                records.update(elsewhere)
                matched.add(part)
        # Where the corpus writes each spelling a finding names (a spelling the whole
        # corpus writes, and no one misspells, is not read).
        records.update(index.items(self.name, sorted(f"place:{part}" for part in matched), skip=focus))
        return _partial_names((file, tokens, [(position, *rest)]) for (file, position), (tokens, *rest) in records.items())


class VariantIndex(IndexFamily):
    """NAM001 and NAM002 judge clusters of forms of one name. Each document adds to
    every folded form's summary (its forms, first names, whether it is written as a
    name, its umlauts spelt out), which is all `join` judges an edge on; the forms
    written as names are also found by their deletion keys, as join's blocks find
    them. A focused run joins its documents' forms through those summaries to
    closure, reads the mentions of the clusters that have two forms or more (only
    those make findings), and hands the analysis which forms are one name."""

    name = "variants"

    def items(self, facts: DocumentFacts, context):
        """Per written form, its mentions outside quotations, found by its folded units."""
        reader = _reader(context)
        accepted = reader.index.accepted_forms
        mentions: dict[int, list] = {}  # form -> [[mention, start, line, column, flags]]
        flat = facts.names.flat
        for position in range(len(facts.names)):
            at = position * 5
            if not flat[at + 4] & QUOTED:
                mentions.setdefault(flat[at], []).append([position, *flat[at + 1:at + 5]])
        for form, written in mentions.items():
            tokens = facts.names.forms[form]
            keys = [f"unit:{unit.folded}" for unit in reader.units(tokens) if unit.folded not in accepted]
            if keys:
                yield form, [[t.to_list() for t in tokens], written], keys, ""

    def counts(self, facts: DocumentFacts, context) -> dict[str, int]:
        reader = _reader(context)
        counts: dict[str, int] = {}
        for folded, key in reader.summaries(facts).items():
            for form in key.forms:
                counts[f"{folded}\0form\0{form}"] = 1
            for first_name in key.first_names:
                counts[f"{folded}\0name\0{first_name}"] = 1
            for spelt_out in key.umlauts:
                counts[f"{folded}\0umlaut\0{spelt_out}"] = 1
            if key.named:
                counts[f"{folded}\0named"] = 1
        return counts

    def aliases(self, key: str) -> list[str]:
        folded, _, what = key.partition("\0")
        if what == "named" and blockable(folded, NAMED):
            return [f"block:{block}" for block in sorted(blocks_of(folded))]
        if what.startswith("umlaut\0"):
            return [f"umlaut:{what.split(chr(0), 1)[1]}"]
        return []

    @staticmethod
    def _summary(index, folded: str) -> _Key:
        """A folded form's summary over the whole corpus (its totals above zero)."""
        key = _Key()
        for total, count in index.totals_under(VariantIndex.name, f"{folded}\0").items():
            what, _, value = total[len(folded) + 1:].partition("\0")
            if count <= 0:
                continue
            if what == "form":
                key.forms.add(value)
            elif what == "name":
                key.first_names.add(value)
            elif what == "umlaut":
                key.umlauts.add(value)
            elif what == "named":
                key.named = True
        return key

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict[str, dict[str, list]]:
        reader = _reader(context)
        own = set()
        for facts in focus.values():
            own |= reader.summaries(facts).keys()
        summaries: dict[str, _Key] = {}

        def summary(folded: str) -> _Key:
            if folded not in summaries:
                summaries[folded] = self._summary(index, folded)
            return summaries[folded]

        parent: dict[str, str] = {}

        def find(folded: str) -> str:
            parent.setdefault(folded, folded)
            while parent[folded] != folded:
                parent[folded] = parent[parent[folded]]
                folded = parent[folded]
            return folded

        # The focus forms' clusters, to closure: each edge of a member judged on the two
        # summaries, as join judges it; a joined form's edges are followed in turn.
        frontier, explored = sorted(own), set()
        while frontier:
            folded = frontier.pop()
            if folded in explored:
                continue
            explored.add(folded)
            key = summary(folded)
            joined = [e for e in key.umlauts if e != folded and summary(e).forms and umlaut_joined(key, summary(e))]
            for total in index.aliased(self.name, f"umlaut:{folded}"):
                other = total.partition("\0")[0]
                if other != folded and umlaut_joined(summary(other), key):
                    joined.append(other)
            if blockable(folded, key):
                for block in sorted(blocks_of(folded)):
                    limit = name_variants.BLOCK_LIMIT
                    members = [total.partition("\0")[0] for total in index.aliased(self.name, f"block:{block}", limit + 1)]
                    if len(members) > limit:
                        continue  # a common stem: join compares nothing in it
                    joined += [m for m in members if m != folded and find(m) != find(folded)
                               and block_joined(folded, m, key, summary(m), reader.index)]
            for other in joined:
                parent[find(other)] = find(folded)
                frontier.append(other)
        components = {folded: find(folded) for folded in explored}
        context.memo[NAME_COMPONENTS] = components

        forms_of: dict[str, set[str]] = {}
        for folded, root in components.items():
            forms_of.setdefault(root, set()).update(summary(folded).forms)
        wanted = sorted(f"unit:{folded}" for folded, root in components.items() if len(forms_of[root]) >= 2)
        return _partial_names((file, tokens, written)
                              for (file, _), (tokens, written) in index.items(self.name, wanted, skip=focus).items())


def _partial_names(read) -> dict[str, dict[str, list]]:
    """The mentions the index gave, as gather returns them: `read` gives (file, a form's
    tokens as lists, [[mention position, start, line, column, flags], …]). Equal forms
    share one token tuple, as the cache makes them share it."""
    forms: dict[str, tuple[NameToken, ...]] = {}
    found: dict[str, list] = {}
    for file, tokens, written in read:
        text = repr(tokens)
        form = forms.get(text)
        if form is None:
            form = forms[text] = tuple(NameToken.from_list(t) for t in tokens)
        found.setdefault(file, []).extend(
            (position, NameMention(form, start, line, column, bool(flags & QUOTED), bool(flags & SENTENCE_INITIAL)))
            for position, start, line, column, flags in written)
    return {file: {"names": sorted(mentions, key=lambda item: item[0])} for file, mentions in found.items()}


NAMED = _Key()
NAMED.named = True  # blockable's question, for a form known to be written as a name


def _reader(context) -> MentionReader:
    return context.shared(MENTION_READER, lambda: MentionReader(ReferenceIndex(context.rule_data.names)))


@register
class NameDiffersFromReference(CorpusRule):
    code = "NAM003"
    shares = (NAMES,)
    index = ReferenceIndexFamily()
    name = "name-differs-from-reference"
    severity = Severity.WARNING
    summary = "A name is spelled differently from its reference spelling in rules/names.yaml."
    explanation = (
        "The reference list (rules/names.yaml, and any --names file) gives the checked spelling "
        "of people, places and organisations, with their legitimate alternative forms as aliases. "
        "A name that is the same name written differently (another transliteration, a typo, a "
        "different case, a space for a hyphen) is reported even if that wrong form is the only one "
        "the corpus uses. The finding carries a fix to the reference spelling, which "
        "`corpuslint check --fix` applies; names inside quotations keep their original spelling "
        "and are not reported. Listed aliases are never reported."
    )
    flags = (
        "European Commission President Ursula von der Leyden visited Baku in July 2022.",
        "He replaced Levon Ter Petrossian, who resigned in 1998.",
        "The pipeline runs through Tblisi.",
    )
    passes = (
        "European Commission President Ursula von der Leyen visited Baku in July 2022.",
        "Azerbaijan calls the city Khankendi; Armenians call it Stepanakert.",
        "Armenians call the town Shushi, Azerbaijanis Shusha.",
        "“Ursula von der Leyden is coming,” the headline misspelled.",
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        analysis = name_analysis(all_facts, context)
        grouped: dict[str, Places] = {}  # reference spelling -> where the corpus writes it
        for match in analysis.reference_matches:
            occurrence = match.occurrence
            if occurrence.mention.quoted:
                continue
            written = occurrence.surface
            reference = match.replacement
            places = grouped.get(reference)
            if places is None:
                places = grouped[reference] = Places(analysis.form_places.get(reference, []))
            also = f"; the corpus writes {places.where(reference, occurrence.doc, analysis.paths)}" if places.total else ""
            span = occurrence.span
            listed = match.entry.name if fold(reference) in fold(match.entry.name) else f"{match.entry.name}, also {reference}"
            yield self.finding(
                all_facts[occurrence.doc].path,
                span,
                f"“{written}” differs from the reference spelling “{reference}” ({listed}, "
                f"{match.entry.source}){also}; write “{reference}”",
                related=list(places.related(analysis.paths, "reference spelling")),
                fix=Fix(span.start, span.end, reference),
            )


def _variant_findings(rule, all_facts, context, within: bool) -> Iterator[Finding]:
    analysis = name_analysis(all_facts, context)
    for cluster in analysis.clusters:
        if context.focus is not None and not context.wanted(
                all_facts[doc].path for doc in set(map(DOC, chain.from_iterable(cluster.forms.values())))):
            continue  # its findings and their related places are all in its own documents
        preferred = cluster.preferred()
        why = cluster.tie_reason(preferred) if cluster.tied() else f"“{preferred}” is the more common form"
        places = {form: Places(occurrences) for form, occurrences in cluster.forms.items()}
        for form in cluster.forms:
            if form == preferred:
                continue
            others = [f for f in cluster.forms if f != form]
            for doc in places[form].docs:
                here = [o for o in places[form].by_doc[doc] if not o.mention.quoted]
                if not here:
                    continue
                same_document = any(doc in places[f].by_doc for f in others)
                if same_document != within:
                    continue
                first = here[0]
                versus = "; ".join(places[f].where(f, doc, analysis.paths) for f in others)
                related = [r for f in others for r in places[f].related(analysis.paths, "written")]
                related += [
                    Related(all_facts[doc].path, o.span.line, o.span.column, f"“{form}” again") for o in here[1:]
                ][:MAX_RELATED]
                kind = _difference(form, preferred)
                severity = None
                if not within and kind == "a typo":
                    severity = Severity.WARNING  # a transposed letter is a misspelling, not a transliteration
                yield rule.finding(
                    all_facts[doc].path,
                    first.span,
                    f"{Places(here).where(form, doc, analysis.paths)} vs {versus}: the same name written two ways "
                    f"({kind}); {why}, but no reference spelling is listed: "
                    f"choose one (and add it to rules/names.yaml)",
                    related=related,
                    severity=severity,
                )


def _difference(a: str, b: str) -> str:
    if fold(a) == fold(b):
        if a.lower() == b.lower():
            return "case"
        if a.replace("-", " ") == b.replace("-", " "):
            return "hyphen or space"
        return "diacritics"
    return "a typo" if is_transposition(fold(a), fold(b)) else "spelling or transliteration"


@register
class NameVariantInDocument(CorpusRule):
    code = "NAM001"
    shares = (NAMES,)
    index = VariantIndex()
    name = "name-variant-in-document"
    severity = Severity.WARNING
    summary = "One document writes the same name in two ways."
    explanation = (
        "Within one document the same name appears in two forms: with and without diacritics "
        "(Atatürk/Ataturk), with a hyphen and a space, in different transliterations, or with a "
        "typo. A reader cannot tell whether two people or places are meant. The finding points at "
        "the less common form and lists the others with their counts. Forms a letter or two apart "
        "count as one name only with evidence (the same first name, or a swapped or doubled letter "
        "in a rare form), and never when only the ending differs. No reference spelling is "
        "listed for this name, so no fix is applied: choose one form (and add it to "
        "rules/names.yaml to enforce it). Different entities that look alike (Iran/Iraq, "
        "Austria/Australia), inflections (Armenia/Armenian, Aliyev/Aliyevs) and listed aliases are "
        "not variants."
    )
    flags = ("Ahmad Shahbazian advised the president. Later, Ahmad Shahbazyan criticised the remarks.",)
    passes = (
        "Iran and Iraq both bordered the conflict zone; Austria and Australia did not.",
        "Mikkel Christensen scored twice; Anders Kristensen saved a penalty.",
        "RIYADH — Officials in Riyadh said the talks would resume.",
        "Armenia and the Armenian diaspora; the Aliyevs and Heydar Aliyev.",
        "Azerbaijan calls the city Khankendi; Armenians call it Stepanakert.",
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        yield from _variant_findings(self, all_facts, context, within=True)


@register
class NameVariantAcrossDocuments(CorpusRule):
    code = "NAM002"
    shares = (NAMES,)
    index = NameVariantInDocument.index
    name = "name-variant-across-documents"
    severity = Severity.INFO
    summary = "Documents of the corpus write the same name in different ways."
    explanation = (
        "Each document is consistent, but across the corpus the same name appears in different "
        "forms: Erdogan in one article, Erdoğan in another. Diacritics and transliteration "
        "differences are reported as info (house style may allow them); a transposed-letter typo "
        "(Bolsehviks/Bolsheviks) as a warning. The finding is in each document that uses the less "
        "common form and lists the others. To settle it, add the preferred spelling to "
        "rules/names.yaml: the variants are then reported against it (NAM003) with a fix."
    )
    flags = (
        """
        The Bolsehviks took Baku in 1920.
        === next document ===
        The Bolsheviks took Baku in 1920. The Bolsheviks then turned to Armenia.
        """,
    )
    passes = (
        """
        The Bolsheviks took Baku in 1920.
        === next document ===
        The Bolsheviks then turned to Armenia.
        """,
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        yield from _variant_findings(self, all_facts, context, within=False)
