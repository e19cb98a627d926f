"""TXT: text damaged by extraction: words split by a stray space or a line
break, and compounds split after their hyphen.

A split word is reported only with evidence that it is one word: the joined
form is in the English dictionary or appears unsplit somewhere in the corpus,
and the split form is not ordinary English. How much evidence is needed
depends on the parts: "erupt ed" (a fragment) needs little; "in dependent"
(two real words) is reported only in a document already showing extraction
damage; "How ever," before a comma reads as "However," anywhere.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..facts import DocumentFacts, SplitCandidate
from ..findings import Finding, Fix, Severity
from ..index import IndexFamily
from ..lexicon import COMMON_WORD, frequency, is_word
from .registry import CorpusRule, DocumentRule, register

FUNCTION_WORDS = frozenset(
    """a an the in on at to of for by as is it be and or but up so no not with from into than that this
    we he she they i you his her its our their my me us him them are was were has have had do does did
    will would can could may might shall should must if then there here how what when where who why all
    any some every each one""".split()
)
# Two-word phrases that are ordinary English though their halves also make a word.
ORDINARY_PHRASES = frozenset(
    tuple(p.split()) for p in (
        "per cent", "a part", "any one", "every one", "some one", "no one", "may be", "in to", "on to",
        "in deed", "all ready", "all together", "any way", "any more", "some time", "some times",
        "every day", "for ever", "a while", "some how", "on line", "over all", "out side", "in side",
        "with in", "with out", "up on", "there fore", "any body", "some body", "every body", "in sofar",
    )
)
ARTICLES = frozenset({"a", "an", "the"})
SENTENCE_ADVERBS = frozenset(
    """however moreover therefore nevertheless nonetheless furthermore otherwise meanwhile likewise thereafter
    hence whereas altogether afterwards nowadays henceforth""".split()
)
JOINED_TO_PART = 0.5
# A document with this many plain fragment splits ("Autono mous") has been
# damaged by extraction; only there do two-word splits ("in dependent") count.
DAMAGED_DOCUMENT = 3
CORPUS_WORD = 3  # a part written this often on its own in the corpus is a word


VOCABULARY = "vocabulary"  # the shared analysis's key (when the engine has not summed it)


def corpus_vocabulary(all_facts: list[DocumentFacts], context) -> Counter:
    """The engine sums vocabularies as it reads; facts built elsewhere (tests) still carry theirs."""
    if context.vocabulary:
        return context.vocabulary
    return context.shared(VOCABULARY, lambda: sum((Counter(f.vocabulary) for f in all_facts), Counter()))


def _part_is_word(part: str, vocabulary: Counter) -> bool:
    # A capitalised part the corpus writes on its own even once more is a name
    # ("Soros is", "Soros-related"), not the front half of a split word.
    if part[:1].isupper() and is_word(part):
        return True  # "Azerbaijan is": a name the dictionary knows
    needed = 2 if part[:1].isupper() else CORPUS_WORD
    return frequency(part) >= COMMON_WORD or vocabulary.get(part.lower(), 0) >= needed


def _verdict(candidate: SplitCandidate, vocabulary: Counter, damaged: bool, followed_by_comma: bool) -> str | None:
    """'fragment' or 'words' when the split is damage, else None."""
    left, right = candidate.left, candidate.right
    if len(left) < 2 or len(right) < 2:
        return None  # "£800m in", "12 h a day": a unit or a letter, not half a word
    joined = (left + right).lower()
    l, r = left.lower(), right.lower()
    if (l, r) in ORDINARY_PHRASES or l in ARTICLES:
        return None  # "a new", "a cross", "per cent": ordinary English
    in_corpus = vocabulary.get(joined, 0) > 0
    if not (is_word(joined) or in_corpus):
        return None
    if not _part_is_word(left, vocabulary) or not _part_is_word(right, vocabulary):
        return "fragment"  # "Autono mous", "erupt ed", "Kara bakh"
    # Both halves are words. "How ever," before a comma can only be the adverb.
    if followed_by_comma and joined in SENTENCE_ADVERBS:
        return "words"
    if not damaged or not in_corpus:
        return None  # only a document already damaged, with the word written whole elsewhere
    if (l in FUNCTION_WORDS and r in FUNCTION_WORDS) or (left[:1].isupper() and r in FUNCTION_WORDS):
        return None  # "be at", "in to", "Azerbaijan is": ordinary
    # The joined word must be about as common as its rarer half: "independent"
    # (17,328) against "dependent" (5,634) is a split; "indifferent" (2,974)
    # against "different" (368,991) is ordinary English ("in different ways").
    rarer = min(frequency(left), frequency(right))
    if frequency(joined) < JOINED_TO_PART * rarer:
        return None
    return "words"


class VocabularyIndex(IndexFamily):
    """TXT001 judges each document against the corpus's word counts: a focused run
    reads the totals of the words its split candidates ask about."""

    name = "vocabulary"

    def counts(self, facts: DocumentFacts, context) -> dict[str, int]:
        return facts.vocabulary

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict:
        asked = {word.lower() for facts in focus.values() for c in facts.splits if c.kind == "word"
                 for word in (c.left + c.right, c.left, c.right)}
        context.vocabulary = Counter({word: count for word, count in index.totals(self.name, asked).items() if count})
        return {}


@register
class SplitWord(CorpusRule):
    code = "TXT001"
    shares = (VOCABULARY,)
    index = VocabularyIndex()
    name = "split-word"
    severity = Severity.WARNING
    summary = "A word is split in two by a stray space or line break."
    explanation = (
        "Text copied from PDFs and web pages often keeps the break of a hyphenated line end as a "
        "space: 'erupt ed', 'Azerbai jan', 'How ever'. It is reported when the joined word is in "
        "the English dictionary (pyspellchecker's) or written unsplit elsewhere in the corpus, and "
        "the split form is not ordinary English. A split into two real words ('in dependent') "
        "needs more evidence: it is reported only in a document that already shows such damage, "
        "when the whole word is written elsewhere in the corpus and is about as common as its "
        "rarer half ('in different ways' is ordinary English), or for a sentence adverb before a "
        "comma ('How ever,'). The fix rejoins the word; inside a quotation the finding "
        "is reported without a fix."
    )
    flags = (
        "The conflict erupt ed in September 2020.",
        "The war in Azerbai jan ended in November. Azerbaijan won.",
    )
    passes = (
        "The conflict erupted in September 2020.",
        "It was a part of the plan, and it may be over per cent of the cost.",
        "Talks are due to be at the summit in Vienna.",
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        vocabulary = corpus_vocabulary(all_facts, context)
        for facts in all_facts:
            if not context.wanted((facts.path,)):
                continue  # its findings are its own: they touch no other document
            words = [c for c in facts.splits if c.kind == "word"]
            fragments = sum(1 for c in words if _verdict(c, vocabulary, False, False) == "fragment")
            damaged = fragments >= DAMAGED_DOCUMENT
            for candidate in words:
                verdict = _verdict(candidate, vocabulary, damaged, candidate.followed_by_comma)
                if verdict is None:
                    continue
                joined = candidate.left + candidate.right
                how = "a line break" if candidate.gap == "\n" else "a stray space"
                quoted = " (inside a quotation: check it against the original; not fixed automatically)" if candidate.quoted else ""
                yield self.finding(
                    facts.path,
                    candidate.span,
                    f"“{candidate.left}{' ' if candidate.gap != chr(10) else '⏎'}{candidate.right}” is the word "
                    f"“{joined}” split by {how}; join it{quoted}",
                    fix=None if candidate.quoted else Fix(candidate.span.start, candidate.span.end, joined),
                )


@register
class SplitCompound(DocumentRule):
    code = "TXT002"
    name = "split-compound"
    severity = Severity.WARNING
    summary = "A hyphenated compound is split after its hyphen."
    explanation = (
        "A compound broken across a line in the source keeps its hyphen but gains a space: "
        "'Nagorno- Karabakh', 'cease- fire'. The fix removes the space and keeps the hyphen. A "
        "suspended hyphen ('actor- or process-centred', 'pre- and post-war') is not damage. Inside "
        "a quotation the finding is reported without a fix."
    )
    flags = ("The Nagorno- Karabakh conflict led to a cease- fire in 1994.",)
    passes = (
        "The Nagorno-Karabakh conflict led to a ceasefire in 1994.",
        "There may be many reasons, whether they be actor- or process-centred.",
        "Both pre- and post-war governments agreed.",
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for candidate in facts.splits:
            if candidate.kind != "compound":
                continue
            joined = candidate.joined
            quoted = " (inside a quotation: not fixed automatically)" if candidate.quoted else ""
            yield self.finding(
                facts.path,
                candidate.span,
                f"“{candidate.left}{candidate.hyphen} {candidate.right}” is the compound “{joined}” "
                f"split after its hyphen; remove the space{quoted}",
                fix=None if candidate.quoted else Fix(candidate.span.start, candidate.span.end, joined),
            )
