"""Stage 2 of the pipeline: each document is turned once into facts.

Facts are plain, serialisable data (to_dict/from_dict round-trip through
JSON), so checks never rescan text and per-document work can be cached and
run in parallel. Later families add their own facts beside `citations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..documents import Document
from ..markup import prose_view
from ..patterns import lower_case
from ..ruledata import RuleData
from .citations import CitationFacts, Marker, Note, extract_citations
from .damage import SplitCandidate, extract_damage
from .figure_context import annotate, sentences
from .figures import Figure, extract_figures
from .names import Mentions, NameMention, NameToken, address_chunks, extract_names, names_from_dict, names_to_dict
from .quotes import merge, quotation_regions
from .attributions import Quotation, extract_quotations
from .pointers import Pointer, extract_pointers, section_numbers
from .sources import NoteParts, parse_works
from .words import Words
from ..suppressions import Suppression, extract_suppressions

__all__ = [
    "DocumentFacts", "extract_facts", "CitationFacts", "Marker", "Note",
    "NameMention", "NameToken", "SplitCandidate", "Figure",
]

FACTS_VERSION = 12


# Fields a partial document (gathered from the focus index) holds in another shape than
# a list of its items.
PARTIAL_FIELDS = {"names": Mentions.of}


@dataclass
class DocumentFacts:
    path: str
    kind: str
    line_count: int
    digest: str = ""  # of the file's bytes when its facts were taken
    # Lines broken at a fixed width (e-mail style), so a line end inside a word
    # or URL is layout, not damage.
    hard_wrapped: bool = False
    citations: CitationFacts = field(default_factory=CitationFacts)
    names: Mentions = field(default_factory=Mentions)  # a compact sequence of NameMention
    splits: list[SplitCandidate] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    vocabulary: dict[str, int] = field(default_factory=dict)  # lower-cased word -> count
    quotations: list[tuple[int, int]] = field(default_factory=list)  # offsets of quoted passages
    suppressions: list[Suppression] = field(default_factory=list)  # <!-- corpuslint: disable … -->
    # The works each note cites, in citations.notes order (empty: not understood).
    sources: list[tuple[NoteParts, ...]] = field(default_factory=list)
    attributions: list[Quotation] = field(default_factory=list)  # quoted statements and who said them
    pointers: list[Pointer] = field(default_factory=list)  # "see note 12", "in section 3"
    section_numbers: list[str] = field(default_factory=list)  # of numbered headings
    # Read back without what only the document rules read (from_dict's `whole`): the note
    # markers, quoted passages, pointers and section numbers above are then left empty.
    partial: bool = False

    def to_dict(self) -> dict:
        if self.partial:  # stored, it would read back as a document without markers or quotations
            raise ValueError(f"{self.path}: facts read without what the document rules read are not stored")
        return {
            "version": FACTS_VERSION,
            "path": self.path,
            "kind": self.kind,
            "line_count": self.line_count,
            "digest": self.digest,
            "hard_wrapped": self.hard_wrapped,
            "citations": self.citations.to_dict(),
            "names": names_to_dict(self.names),
            "splits": [c.to_dict() for c in self.splits],
            "figures": [f.to_row() for f in self.figures],
            "vocabulary": self.vocabulary,
            "quotations": [list(q) for q in self.quotations],
            "suppressions": [s.to_dict() for s in self.suppressions],
            "sources": [[p.to_row() for p in works] for works in self.sources],
            "attributions": [q.to_dict() for q in self.attributions],
            "pointers": [p.to_dict() for p in self.pointers],
            "section_numbers": self.section_numbers,
        }

    @classmethod
    def from_dict(cls, data: dict, shared_forms: dict | None = None, whole: bool = True) -> "DocumentFacts":
        """`shared_forms`, kept across documents, lets equal name forms share their tokens.
        `whole` False leaves out what only the document rules read (note markers, quoted
        passages, pointers, section numbers), for a run whose document-rule findings are
        in hand: the corpus rules never read them, and at 10,000 articles they held 80 MB
        of a warm run's peak."""
        if data.get("version") != FACTS_VERSION:
            raise ValueError(f"facts version {data.get('version')!r} is not {FACTS_VERSION}")
        return cls(
            path=data["path"],
            kind=data["kind"],
            line_count=data["line_count"],
            digest=data["digest"],
            hard_wrapped=data["hard_wrapped"],
            citations=CitationFacts.from_dict(data["citations"], markers=whole),
            names=names_from_dict(data["names"], shared_forms),
            splits=[SplitCandidate.from_dict(c) for c in data["splits"]],
            figures=[Figure.from_row(f) for f in data["figures"]],
            vocabulary=data["vocabulary"],
            quotations=[tuple(q) for q in data["quotations"]] if whole else [],
            suppressions=[Suppression.from_dict(s) for s in data["suppressions"]],
            sources=[tuple(NoteParts.from_row(p) for p in works) for works in data["sources"]],
            attributions=[Quotation.from_dict(q) for q in data["attributions"]],
            pointers=[Pointer.from_dict(p) for p in data["pointers"]] if whole else [],
            section_numbers=data["section_numbers"] if whole else [],
            partial=not whole,
        )


WRAP_LIMIT = 100  # no line of a hard-wrapped document is longer than this
WRAP_MINIMUM_LINES = 5


def is_hard_wrapped(text: str) -> bool:
    """Lines broken at a fixed width: nearly all within 100 characters, and most
    of them near the widest, whether the column is 72 or 40 characters wide."""
    lengths = [len(line.rstrip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < WRAP_MINIMUM_LINES:
        return False
    if sum(1 for n in lengths if n > WRAP_LIMIT) > 0.02 * len(lengths):
        return False
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    near_width = sum(1 for n in lengths if n >= 0.6 * width)
    return width >= 30 and near_width >= 0.5 * len(lengths)


def extract_facts(document: Document, rule_data: RuleData) -> DocumentFacts:
    view = prose_view(document)
    hard_wrapped = is_hard_wrapped(document.text)
    quotes = quotation_regions(view.text, markdown=document.is_markdown)
    lower = lower_case(view.text)  # where the addresses, pointers and figures' anchors are looked for
    addresses = address_chunks(view.text, lower)  # read by the damage and the names alike
    words = Words.of(view.text)  # read by the damage, the figures and the names
    splits, vocabulary = extract_damage(document, view.text, quotes, hard_wrapped, addresses, words)
    citations = extract_citations(document, view, rule_data.citations)
    # Note markers and the notes themselves are not claims in the text.
    not_claims = [(m.span.start, m.span.end) for m in citations.markers]
    not_claims += [(n.label_span.start, n.body_span.end) for n in citations.notes]
    if citations.notes_section:
        not_claims.append((citations.notes_section.start, citations.notes_section.end))
    not_claims = merge(not_claims)
    figures = extract_figures(document, view.text, quotes, not_claims, words, lower)
    spans = sentences(view.text, hard_wrapped)  # read by the figures' context and the quotations' attribution
    annotate(view.text, figures, rule_data.figures, spans)
    return DocumentFacts(
        path=document.path,
        kind=document.kind,
        line_count=document.line_count,
        digest=document.digest,
        hard_wrapped=hard_wrapped,
        citations=citations,
        figures=figures,
        names=Mentions.of(extract_names(document, view.text, quotes, addresses, words)),
        splits=splits,
        vocabulary=vocabulary,
        quotations=quotes,
        suppressions=extract_suppressions(document),
        sources=[parse_works(note.body) for note in citations.notes],
        attributions=extract_quotations(document, view.text, quotes, not_claims, spans),
        pointers=extract_pointers(document, view.text, quotes, lower),
        section_numbers=section_numbers(view.text, not_claims, document.is_markdown),
    )
