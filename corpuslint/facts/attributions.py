"""Quotations and whom a document credits them to (issue 5, CIT018).

For each quoted passage of four words or more in the text (notes excluded),
the sentence around it is read for who said it and when:

    Azerbaijan’s President Ilham Aliyev proudly stated during the war that “…”
    encapsulated in Heydar Aliyev’s “one nation, two states” phrase
    “…,” as Robert Cutler put it in an October 2020 Foreign Policy essay.
    Aliyev famously announced, already back in 2009, that “…”

Precision first: a speaker is only taken from a name next to a verb of
saying (or a possessive right before the quote); "as he put it" credits no
one, and a passage nobody is credited with is compared on its wording only.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..documents import Document
from ..findings import Span
from ..lexicon import frequency
from .quotes import inside
from .spans import make_span

COMMON_NOUN = 20_000  # 'police', 'government'; 'Turkey' (13,818, the bird) stays a name
COMMON_PLURAL = 1_000  # 'officials', 'critics', 'analysts', 'residents'
MIN_WORDS = 4  # "one nation, two states"; shorter quoted phrases are terms, not statements
OPENING_MARKS = "“\"«„‘'"
SPEECH = (
    r"(?:said|says|say|stated|states|state|declared|declares|declaring|announced|announces|announcing|"
    r"proclaimed|proclaims|proclaiming|claimed|claims|claiming|insisted|insists|insisting|noted|notes|noting|"
    r"wrote|writes|writing|told|tells|added|adds|argued|argues|arguing|explained|explains|described|describes|"
    r"describe|called|calls|calling|coined|coins|remarked|warned|warns|warning|tweeted|asserted|asserts|"
    r"affirmed|emphasized|emphasised|stressed|observed|confirmed|confirms|demanded|shouted|chanted|"
    r"promised|vowed|pledged|replied|responded|admitted|boasted|quipped|put\s+it|puts\s+it)"
)
NAME_TOKEN = r"\p{Lu}[\p{L}\-‑'’.]*"
PARTICLE = r"(?:de|van|von|der|den|al|el|bin|ibn|la|le|du|da|di)"
NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{0,5}}"
SPEAKERS = rf"(?P<name>{NAME}(?:\s+and\s+{NAME})?)"
ADVERB = r"(?:\p{Ll}+ly\s+|also\s+|then\s+|once\s+|later\s+|has\s+|had\s+|have\s+|would\s+|once\s+)*"
# Pashinyan said / Erdogan declaring / Avigdor Lieberman, stated / de Waal claims that
SPEAKER_VERB = regex.compile(rf"(?:^|(?<=[\s(—–]))(?:(?P<particle>{PARTICLE})\s+)?{SPEAKERS}(?:,(?=\s+{ADVERB}\p{{Ll}}+(?<!ing)\b))?\s+{ADVERB}(?P<verb>{SPEECH})\b")
# Pashinyan abruptly abandoned this approach and called for …, declaring “…”
SUBJECT_VERB = regex.compile(rf"(?:^|(?<=[\s(]))(?:(?P<particle>{PARTICLE})\s+)?{SPEAKERS}\s+{ADVERB}\p{{Ll}}+ed\b")
# Heydar Aliyev’s “one nation, two states” phrase
POSSESSIVE = regex.compile(rf"(?:(?P<particle>{PARTICLE})\s+)?{SPEAKERS}['’]s(?:\s+\p{{Ll}}+){{0,2}}\s*$")
# druzhba narodov or “friendship of the peoples”, known as “…”: a gloss or a name, not a statement.
GLOSS = regex.compile(r"\b(?:or|known\s+as|so-called|meaning|dubbed|termed|named|titled|entitled)\s*$", regex.IGNORECASE)
# “…,” as Robert Cutler put it / “…,” said Aliyev / “…,” Aliyev said
AFTER = regex.compile(
    rf"^[\s,.;:!?]*(?:(?:as|according\s+to)\s+)?(?:(?:(?P<particle>{PARTICLE})\s+)?{SPEAKERS}\s+{ADVERB}(?P<verb>{SPEECH})\b"
    rf"|(?P<verb2>{SPEECH})\s+(?:(?P<particle2>{PARTICLE})\s+)?(?P<name2>{NAME}))"
)
SPEECH_WORD = regex.compile(rf"\b{SPEECH}\b")
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
WHEN = regex.compile(
    rf"\b(?i:in|on|back\s+in|during|since|of)\s+(?:(?:an?|the)\s+)?(?:(?:early|late|mid-?)\s*)?"
    rf"(?P<when>(?:\d{{1,2}}\s+)?(?:{MONTH}\s+)?(?:\d{{1,2}},?\s+)?(?P<year>1[6-9]\d\d|20\d\d))(?!s|\d)"
)
# Words that head a name run but are a role, not the person: Prime Minister Pashinyan.
TITLES = frozenset(
    """president president-elect minister prime premier chancellor leader king queen general gen professor prof
    dr mr mrs ms sir ambassador secretary senator sen governor mayor spokesman spokeswoman spokesperson chairman
    chairwoman chair ayatollah sheikh patriarch czar tsar prince princess sultan emir commander colonel col admiral
    pope envoy representative rep deputy foreign defense defence vice speaker supreme former late then
    according""".split()
)
NOT_SPEAKERS = frozenset(
    """he she they it we i you his her their its this that these those there here however moreover thus
    indeed instead yet meanwhile finally the a an in on at as but and or so if when while after before during
    although though since because today later earlier protesters""".split()
)
NOTE_MARKER = regex.compile(r"\[\d{1,3}\]|(?<=[\p{L}.,!?])\d{1,3}$|\[(?:\.\.\.|…)\]|…|\.\.\.")
WORD = regex.compile(r"[\p{L}\p{N}]+")
COMBINING = regex.compile(r"\p{Mn}+")


@dataclass(frozen=True, slots=True)
class Quotation:
    span: Span  # the quoted words, marks excluded
    text: str  # as written
    words: tuple[str, ...]  # folded words: case, punctuation, diacritics and note markers ignored
    speaker: str | None  # as the document names them, role words dropped ("Ilham Aliyev")
    when: str | None  # as written ("August 2019")
    year: int | None
    attribution: str  # the words that credit it, as written, for messages

    def to_dict(self) -> dict:
        return {
            "span": self.span.to_list(),
            "text": self.text,
            "words": list(self.words),
            "speaker": self.speaker,
            "when": self.when,
            "year": self.year,
            "attribution": self.attribution,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Quotation":
        return cls(Span.from_list(data["span"]), data["text"], tuple(map(sys.intern, data["words"])), data["speaker"],
                   data["when"], data["year"], data["attribution"])


@lru_cache(maxsize=1 << 16)
def folded_words(text: str) -> tuple[str, ...]:
    """Words with case, punctuation, diacritics and note markers folded away (memoised:
    titles and outlets repeat across notes and documents)."""
    text = NOTE_MARKER.sub(" ", text)
    text = COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return tuple(WORD.findall(text))


def _common_noun(word: str) -> bool:
    count = frequency(word)
    return count >= COMMON_NOUN or (count >= COMMON_PLURAL and word.endswith("s"))


def _person(match: regex.Match, name_group: str = "name", particle_group: str = "particle") -> str | None:
    """The name a match found, with leading role words (Prime Minister, Azerbaijan’s
    President) dropped; None when what is left is not a name."""
    tokens = match[name_group].split()
    for index in range(len(tokens) - 1, -1, -1):
        bare = tokens[index].strip(".’'").casefold()
        if bare in TITLES or tokens[index].endswith(("’s", "'s")):
            tokens = tokens[index + 1 :]
            break
    while tokens and tokens[0].casefold().strip(".,") in NOT_SPEAKERS:
        tokens = tokens[1:]
    if not tokens or all(t.casefold() == "and" for t in tokens):
        return None
    if len(tokens) == 1 and _common_noun(tokens[0]):
        return None  # "Officials insisted", "Critics called", "Police said": no one in particular
    name = " ".join(tokens).rstrip(".")  # "said Mayor Daniel Ortiz." ends the sentence
    particle = match[particle_group] if match.groupdict().get(particle_group) else None
    if particle and len(tokens) == len(match[name_group].split()):
        name = f"{particle} {name}"  # de Waal
    return name


def _speaker(lead: str, tail: str) -> tuple[str | None, int, str]:
    """(speaker, where in the lead the attribution starts, the attribution as written)."""
    possessive = POSSESSIVE.search(lead)
    if possessive and (name := _person(possessive)):
        return name, possessive.start(), lead[possessive.start():].strip()
    after = AFTER.match(tail)
    if after:
        name = _person(after) if after["name"] else _person(after, "name2", "particle2")
        if name:
            return name, len(lead), tail[: after.end()].strip(" ,.;:")
    if GLOSS.search(lead):
        return None, len(lead), ""
    verbs = [m for m in SPEAKER_VERB.finditer(lead, overlapped=True) if _person(m)]
    if verbs:
        # Of the names before the last verb of saying, the longest: "Turkey and
        # Azerbaijan describe", "President Ilham Aliyev claimed".
        last = min((m for m in verbs if m.start("verb") == verbs[-1].start("verb")), key=lambda m: m.start())
        return _person(last), last.start(), lead[last.start():].strip()
    if SPEECH_WORD.search(lead):
        subjects = [m for m in SUBJECT_VERB.finditer(lead, overlapped=True) if _person(m)]
        if subjects:
            first = subjects[0]  # the clause's subject, who then said it
            return _person(first), first.start(), lead[first.start():].strip()
    return None, len(lead), ""


def _when(lead: str, from_offset: int, tail: str) -> tuple[str | None, int | None]:
    # After the speaker first ("Aliyev said back in 2014"), then before ("In 2021 the
    # director, Tom Reyes, declared"), then after the quotation ("…,” she said in 2019).
    found = list(WHEN.finditer(lead, from_offset)) or list(WHEN.finditer(lead[:from_offset])) or list(
        WHEN.finditer(tail[:120]))
    if not found:
        return None, None
    last = found[-1]
    return last["when"], int(last["year"])


def extract_quotations(
    document: Document, view: str, regions: list[tuple[int, int]], excluded: list[tuple[int, int]],
    spans: list[tuple[int, int, int]],
) -> list[Quotation]:
    """Quoted passages with their attributions; `excluded` (notes) are skipped; `spans`
    are the view's sentences (figure_context.sentences)."""
    candidates = [
        (start, end) for start, end in regions
        if view[start] in OPENING_MARKS and not inside(excluded, start, end)
    ]
    if not candidates:
        return []
    found: list[Quotation] = []
    index = 0
    for start, end in candidates:
        inner_start, inner_end = start + 1, end - 1
        while inner_end > inner_start and view[inner_end - 1] in ",;: ":
            inner_end -= 1  # “one nation, two states,” serves …: the comma is the sentence's
        text = view[inner_start:inner_end]
        words = folded_words(text)
        if len(words) < MIN_WORDS:
            continue
        while index + 1 < len(spans) and spans[index][1] <= start:
            index += 1
        sentence_start = spans[index][0]
        # The sentence may end inside the quotation ("Artsakh is Armenia. Period.”).
        sentence_end = next((e for _, e, _ in spans[index:] if e >= end - 1), len(view))
        lead = " ".join(view[sentence_start:start].split())
        tail = " ".join(view[end : min(sentence_end, end + 200)].split())
        speaker, attribution_start, attribution = _speaker(lead, tail)
        when, year = _when(lead, attribution_start if speaker else 0, tail)
        found.append(Quotation(
            make_span(document, inner_start, inner_end), " ".join(text.split()), words, speaker, when, year,
            attribution[-120:],
        ))
    return found
