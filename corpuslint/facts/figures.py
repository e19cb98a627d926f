"""Figure facts: numeric claims with their exact span, value interval and what
they count (issue 4, in progress: amounts, ratios and fractions, dates,
periods and durations; scope and the FIG rules come next).

An amount is a numeral (3,825; 76.92; 1.2bn), a number word (three, a dozen,
half a million) or a vague amount (hundreds, tens of thousands), with an
optional currency ($, €, £, liras), magnitude (million, bn), percent sign or
word, or unit (square kilometres, miles, bcm). Its value is an interval:
exact figures are a point, vague amounts a range, and qualifiers widen or
bound it (nearly, about, more than, at least, up to). The counted noun is the
noun phrase that follows ("3,825 troops", "700,000 Azerbaijani citizens"),
else the verb before it ("Azerbaijan lost 2,906").

Not claims: years, page and note numbers, ordinals, identifiers after
'Resolution', 'No.', 'Article' and the like, times, phone numbers.
"""

from __future__ import annotations

import datetime
import math
import sys
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from ..documents import Document
from ..findings import Span
from ..patterns import SPACE_RUN, lower_case, occurrences
from .quotes import inside
from .spans import make_span
from .words import Words

INFINITY = math.inf

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MAGNITUDES = {
    "dozen": 12, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tn": 1e12,
}
# Vague amounts: "hundreds" is at least two hundred and less than a thousand.
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2e6, 9.999e6), "tens of millions": (2e7, 9.999e7), "billions": (2e9, 9.999e9),
    "a few hundred": (200, 500), "several hundred": (300, 999), "a few thousand": (2_000, 5_000),
    "several thousand": (3_000, 9_999), "a few million": (2e6, 5e6), "several million": (3e6, 9.999e6),
}
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₺": "TRY", "₽": "RUB", "₼": "AZN", "֏": "AMD"}
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "liras": "TRY",
    "lira": "TRY", "rubles": "RUB", "roubles": "RUB", "manat": "AZN", "manats": "AZN", "drams": "AMD", "dram": "AMD",
}
MEASURE_UNITS = {
    "square kilometers": "km2", "square kilometres": "km2", "sq km": "km2", "km²": "km2", "km2": "km2",
    "square miles": "mi2", "kilometers": "km", "kilometres": "km", "km": "km", "miles": "mi", "mile": "mi",
    "meters": "m", "metres": "m", "feet": "ft", "foot": "ft", "tonnes": "t", "tons": "t", "barrels": "bbl",
    "cubic meters": "m3", "cubic metres": "m3", "bcm": "bcm", "hectares": "ha",
}
# Qualifier → how it turns a value v into an interval (low factor, high factor).
QUALIFIERS = {
    "nearly": (0.85, 1.0), "almost": (0.85, 1.0), "close to": (0.85, 1.0), "just under": (0.9, 1.0),
    "about": (0.8, 1.2), "around": (0.8, 1.2), "approximately": (0.8, 1.2), "roughly": (0.8, 1.2),
    "some": (0.8, 1.2), "an estimated": (0.8, 1.2), "estimated": (0.8, 1.2),
    "over": (1.0, INFINITY), "more than": (1.0, INFINITY), "above": (1.0, INFINITY), "at least": (1.0, INFINITY),
    "in excess of": (1.0, INFINITY), "well over": (1.1, INFINITY), "up to": (0.0, 1.0), "as many as": (0.0, 1.0),
    "fewer than": (0.0, 1.0), "less than": (0.0, 1.0), "under": (0.0, 1.0),
}
IDENTIFIER_BEFORE = regex.compile(
    r"\b(?:resolutions?|no\.|nos\.|number|article|articles|section|chapter|page|pages|p\.|pp\.|vol\.|volume|"
    r"flight|route|highway|room|protocol|amendment|paragraph|para\.|fig\.|figure|table|grade|level|"
    r"code|id|tb|cable|rule|item)\s*$",
    regex.IGNORECASE,
)
STOP_WORDS = frozenset(
    "the a an of in on at to for by from with and or but as than that which who whom this these those its their "
    "his her is are was were be been has have had will would could should may might through into during after "
    "before over under since until against across among between within without per about like near".split()
)

_WORD_NUMBER = "|".join(sorted([*UNITS_WORDS, *TENS_WORDS], key=len, reverse=True))
_QUALIFIER = "|".join(sorted((regex.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_VAGUE = "|".join(sorted((regex.escape(v) for v in VAGUE), key=len, reverse=True))
MAGNITUDES_WRITTEN = ("dozen", "hundred", "thousand", "million", "billion", "trillion")
_MAGNITUDE = "|".join(MAGNITUDES_WRITTEN)
_CURRENCY = r"US\$|[$€£₺₽₼֏]"
_MEASURE = "|".join(sorted((regex.escape(u) for u in MEASURE_UNITS), key=len, reverse=True))

AMOUNT = regex.compile(
    rf"""
    (?=[\d$€£₺₽₼֏]|\b\p{{L}})  # a cheap first test, so most positions are skipped at once
    (?:\b(?P<qualifier>{_QUALIFIER})\s+)?
    (?:
        (?P<vague>{_VAGUE})\b  # not "scoresheet"
      | (?P<half>(?:a\s+)?half\s+(?:a\s+)?(?=(?:{_MAGNITUDE})\b))?(?:(?P<article>an?)\s+(?=(?:{_MAGNITUDE}|dozen)\b))?(?P<currency>{_CURRENCY})?
        (?:
            (?P<numeral>(?<![\d.,:]|\p{{L}}[-‑])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,]\d)|(?<![\d.,:]|\p{{L}}[-‑])\d+(?:\.\d+)?(?![\d.,]?\d))
          | \b(?P<words>(?:{_WORD_NUMBER})(?:[-‑‐\s](?:{_WORD_NUMBER}))?)\b
          | (?=(?:{_MAGNITUDE})\b)
        )
        (?:\s*(?P<magnitude>{_MAGNITUDE}|bn|bln|mn|mln|tn|[kmb])(?![\p{{L}}\d]))?
        (?:
            \s*(?P<percent>%|percent\b|per\s+cent\b)
          | [\s\-‑‐]*(?P<measure>{_MEASURE})(?![\p{{L}}])
          | \s+(?P<currency_word>dollars?|euros?|pounds|liras?|rubles|roubles|manats?|drams?)\b
        )?
    )
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
WORD = regex.compile(r"[\p{L}][\p{L}'’]*")


MONTH_NUMBERS = {
    m: i for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")], start=1) for m in names
}
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_FULL_MONTH = "|".join(name.capitalize() for name in MONTH_NUMBERS if len(name) > 3 or name == "may")
DATE = regex.compile(
    rf"""\b(?:
        (?P<md_month>{_MONTH})\.?\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<md_year>1\d{{3}}|20\d{{2}})
      | (?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm_month>{_MONTH})\.?,?\s+(?P<dm_year>1\d{{3}}|20\d{{2}})
      | (?P<m_month>{_MONTH})\.?\s+(?P<m_year>1\d{{3}}|20\d{{2}})
    )\b""",
    regex.IGNORECASE | regex.VERBOSE,
)
# Phone numbers (1-800-621-3362, +44 20 7946 0958 is left alone), version
# numbers (3.2.1), ISO dates in file names: three or more digit groups.
IDENTIFIER = regex.compile(r"(?<![\w.,])\+?\d{1,4}(?:[-.‑]\d{1,4}){2,}(?![\w])")
# "September 27", "27 September": a date whose year is read from the nearest
# full date or year around it, or, if none is near, not a figure at all.
PARTIAL_DATE = regex.compile(
    rf"""\b(?:
        (?P<md_month>{_FULL_MONTH})\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?!\s*(?:%|percent|per\s+cent))
      | (?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm_month>{_FULL_MONTH})
    )\b(?![.,]?\d)""",
    regex.VERBOSE,
)
NEAR_YEAR = regex.compile(r"(?<![\d.,])(?:1[5-9]\d\d|20\d\d)(?![\d.,]?\d)")
YEAR_RANGE = regex.compile(
    r"(?<![\d.,])(?P<from>1\d{3}|20\d{2})\s*[-–—‑]\s*(?P<to>\d{2}|1\d{3}|20\d{2})(?![\d.,]?\d)"
    r"|\bbetween\s+(?P<b_from>1\d{3}|20\d{2})\s+and\s+(?P<b_to>1\d{3}|20\d{2})\b"
    r"|\bfrom\s+(?P<f_from>1\d{3}|20\d{2})\s+(?:to|until|till)\s+(?P<f_to>1\d{3}|20\d{2})\b"
    r"|\bthe\s+(?P<decade>1\d{2}0|20\d0)s\b",
    regex.IGNORECASE,
)
DURATION_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30.44, "months": 30.44, "year": 365.25,
                  "years": 365.25, "decade": 3652.5, "decades": 3652.5}
_DURATION_NUMBER = rf"\d{{1,3}}|{_WORD_NUMBER}"
DURATION = regex.compile(
    rf"(?=\d|\b\p{{L}})(?:\b(?P<qualifier>{_QUALIFIER})\s+)?(?<![\d.,])(?P<count>{_DURATION_NUMBER})[-‑‐\s](?P<unit>days?|weeks?|months?|years?|decades?)\b",
    regex.IGNORECASE,
)


ORDINAL_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
MULTIPLE_WORDS = {"double": 2, "doubled": 2, "triple": 3, "tripled": 3, "quadruple": 4, "quadrupled": 4,
                  "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10, "hundredfold": 100}
_FRACTION = "|".join(sorted(ORDINAL_FRACTIONS, key=len, reverse=True))
# "one-fifth", "an eighth", "two-thirds", "nine-tenths"; "five times", "double", "tenfold".
RATIO = regex.compile(
    rf"""(?=\d|\b\p{{L}})(?:\b(?P<qualifier>{_QUALIFIER})\s+)?\b(?:
        (?P<numerator>an?|one|two|three|four|five|six|seven|eight|nine)[-‑‐\s](?P<fraction>{_FRACTION})
      | (?P<times>\d+(?:\.\d+)?|{_WORD_NUMBER})\s+times
      | (?P<multiple>{"|".join(MULTIPLE_WORDS)})
    )\b""",
    regex.IGNORECASE | regex.VERBOSE,
)


# Every figure pattern's match holds one of these: a digit, a number word, a
# magnitude ("millions"), a vague amount's word, a fraction or multiple word,
# "times". The patterns run only in the stretches of text around them, which
# reads a document several times faster (prose is mostly words) and finds the
# same matches: a stretch reaches further than a match can from its anchor.
_ANCHOR_WORDS = sorted(
    {*UNITS_WORDS, *TENS_WORDS, *ORDINAL_FRACTIONS, *MULTIPLE_WORDS, "times", "scores", "tens", "few", "several",
     *(word for phrase in VAGUE for word in phrase.split() if word not in ("a", "of"))},
    key=len, reverse=True,
)
# A text whose lower-casing would shift its offsets ("İ" lower-cases to two characters, and
# "ſ" matches "s" ignoring case but lower-cases to itself) is read as written, ignoring
# case. Any other is read through its words (facts/words.py) and lower-cased text, with
# set lookups and str.find: no other character's lower case is an ASCII letter it does
# not match ignoring case, or changes whether it is a word character or a digit
# (tests/test_figures.py checks every code point).
_ANCHOR = rf"\d+|\b(?:dozen|hundred|thousand|million|billion|trillion|(?:{'|'.join(_ANCHOR_WORDS)})\b)"
ANCHOR_IGNORING_CASE = regex.compile(_ANCHOR, regex.IGNORECASE)  # for a text lower-casing would shift
DIGITS = regex.compile(r"\d+")
# Each word _ANCHOR matches is a whole word of _ANCHOR_WORDS, or starts with a magnitude
# ("millionaire"), found by str.find. Some anchors that are none (a magnitude after a
# digit, "5million") only widen a stretch, which finds the same matches.
ANCHOR_WORD_SET = frozenset(_ANCHOR_WORDS)
REACH_BEFORE = 80  # characters a match may start before its first anchor: "in excess of US$"
REACH_AFTER = 120  # and end after its last: " square kilometres", plus what its lookaheads read


def anchor_stretches(view: str, lower: str | None = None, words: Words | None = None,
                     digit_runs: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Disjoint, ordered stretches of `view` that every figure match lies within. `lower`,
    `words`, `digit_runs`: lower_case(view), Words.of(view) and DIGITS' spans in `lower`,
    when the caller has them."""
    stretches: list[tuple[int, int]] = []
    lower = lower or lower_case(view)
    if lower is None:
        anchors = [match.span() for match in ANCHOR_IGNORING_CASE.finditer(view)]
    else:
        if digit_runs is None:
            digit_runs = list(map(regex.Match.span, DIGITS.finditer(lower)))
        anchors = sorted([*digit_runs, *(words or Words.of(view)).spans_of(ANCHOR_WORD_SET),
                          *((at, at + len(magnitude)) for magnitude in MAGNITUDES_WRITTEN
                            for at in occurrences(lower, magnitude))])
    for anchor_start, anchor_end in anchors:
        start, end = max(0, anchor_start - REACH_BEFORE), min(len(view), anchor_end + REACH_AFTER)
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], end)  # anchors never overlap: ends grow with starts
        else:
            stretches.append((start, end))
    return stretches


def scan(pattern: regex.Pattern, view: str, stretches: list[tuple[int, int]],
         needs: Callable[[int, int], bool] | None = None):
    """pattern.finditer over the stretches, in order: the matches of a whole-text scan.
    A pattern whose every match holds a word it needs ("days", "thirds") skips the
    stretches without one, for which needs(start, end) is false: most stretches are
    numbers with no such word."""
    for start, end in stretches:
        if needs is None or needs(start, end):
            yield from pattern.finditer(view, start, end)


# The words every DURATION and every RATIO match holds, whole (after a space or hyphen, before
# a word boundary): its unit; its fraction, multiple or "times".
DURATION_WORDS = frozenset(DURATION_UNITS)
RATIO_WORDS = frozenset({*ORDINAL_FRACTIONS, "times", *MULTIPLE_WORDS})


def needs_word(words: Words, vocabulary: frozenset[str]) -> Callable[[int, int], bool]:
    """needs(start, end) for scan: whether the stretch holds a word of `vocabulary`, told by
    bisecting the starts of the view's words in it."""
    starts = [start for start, _ in words.spans_of(vocabulary)]
    return lambda start, end: bisect_left(starts, start) < bisect_left(starts, end)


# Where an AMOUNT match can start: the first digit of a number (its numeral's look-behind
# wants no digit before it), a currency sign, or one of these words. A letter that starts a
# match starts a word (the match's look-ahead wants a word boundary before it), and the
# match's first word is whole (a space, hyphen, "$" or word boundary follows it): a
# qualifier, a vague amount, a number word, a magnitude, "a half", "a million", "US$".
AMOUNT_FIRST_WORDS = frozenset(phrase.split()[0] for phrase in {
    *QUALIFIERS, *VAGUE, *UNITS_WORDS, *TENS_WORDS, *MAGNITUDES_WRITTEN, "half", "a", "an", "us"})
CURRENCY_SIGN_CHARACTERS = "$€£₺₽₼֏"


def amount_starts(lower: str, words: Words, digit_runs: list[tuple[int, int]]) -> list[int]:
    """Where an AMOUNT match may start, in order. `digit_runs`: DIGITS' spans in `lower`."""
    return sorted({*(start for start, _ in digit_runs),
                   *(at for sign in CURRENCY_SIGN_CHARACTERS for at in occurrences(lower, sign)),
                   *(start for start, _ in words.spans_of(AMOUNT_FIRST_WORDS))})


def amounts(view: str, stretches: list[tuple[int, int]], starts: list[int] | None):
    """scan(AMOUNT, view, stretches), trying a match only where one may start: `starts`
    (amount_starts), or everywhere for a text lower-casing would shift (None). AMOUNT's
    own first test passes at every word, and trying the whole pattern there is most of
    the cost; AMOUNT never matches empty text."""
    if starts is None:
        yield from scan(AMOUNT, view, stretches)
        return
    match_at = AMOUNT.match
    for start, end in stretches:
        after = start  # finditer's next try: the end of its last match
        for at in starts[bisect_left(starts, start):bisect_left(starts, end)]:
            if at >= after:
                match = match_at(view, at, end)
                if match is not None:
                    yield match
                    after = match.end()


@dataclass(slots=True)
class Figure:
    text: str
    span: Span
    kind: str  # count, money, percent, measure, duration (value in days), date, period, ratio
    value: float  # the figure as written (the centre of a vague amount)
    low: float
    high: float
    unit: str | None  # currency code, measure unit, or None
    noun: str | None  # what it counts: the noun after it, else the verb before it
    qualifier: str | None
    quoted: bool
    date: str | None = None  # ISO date or period for dates: "2020-11-09", "2020-09", "1992/1994"
    mixed_unit: str | None = None  # a second, different currency written in the same amount ("$16,000 liras")
    # Context (figure_context.annotate): what it counts, who, when, which named claim.
    concept: str | None = None
    actors: list[str] = field(default_factory=list)  # names in its clause, folded ("arme", "azer")
    subject: str | None = None  # with none in its clause, the last name before it in its sentence
    scope: str | None = None  # an event id or years, for messages
    scope_low: float | None = None  # the scope as an interval of (fractional) years
    scope_high: float | None = None
    event: str | None = None
    period: str | None = None  # the period the figure is stated for ("2008/2018"), if one is in its sentence
    claim: str | None = None
    sentence: int = -1  # index of its sentence in the document
    link: str | None = None  # the words from the previous figure of its sentence to this one ("(", " in 2021 to ")

    def to_row(self) -> list:
        """The fields in declaration order (the cache's form: a warm run reads 14 figures per
        article, and names repeated in every one made a quarter of an entry's bytes)."""
        row = [getattr(self, name) for name in FIGURE_FIELDS]
        row[1] = self.span.to_list()
        row[5] = None if self.high == INFINITY else self.high
        return row

    @classmethod
    def from_row(cls, row: list) -> "Figure":
        if len(row) != len(FIGURE_FIELDS):
            raise ValueError(f"a figure has {len(FIGURE_FIELDS)} fields, not {len(row)}")
        # Strings interned: kinds, units, nouns and concepts repeat across a corpus's figures.
        values = [sys.intern(value) if type(value) is str else value for value in row]
        values[1] = Span.from_list(row[1])
        if row[5] is None:
            values[5] = INFINITY
        return cls(*values)


FIGURE_FIELDS = tuple(Figure.__dataclass_fields__)
assert FIGURE_FIELDS[1] == "span" and FIGURE_FIELDS[5] == "high"  # the positions to_row and from_row convert


WORD_BREAK = regex.compile(r"[-\s]+")
NOUN_AFTER = regex.compile(r"[)\]]?(?:[\s-]+[\p{L}][\p{L}'’]*){1,5}")
YEAR_NUMERAL = regex.compile(r"1[0-9]{3}|20[0-9]{2}")
AGE_AFTER = regex.compile(r"[-‑\s]+old\b")
OF_AFTER = regex.compile(r"\s+of\b")
MAGNITUDE_AFTER = regex.compile(rf"\s+(?:a\s+)?(?:{_MAGNITUDE})\b", regex.IGNORECASE)
PLURAL_AFTER = regex.compile(r"[\s-]+\p{L}+s\b")
NUMERAL_SUFFIX = regex.compile(r"(?:st|nd|rd|th)\b|:\d|s\b", regex.IGNORECASE)


def _qualify(written: str | None, low: float, high: float) -> tuple[str | None, float, float]:
    """Widen or bound [low, high] by a qualifier: nearly, about, more than, up to."""
    if not written:
        return None, low, high
    qualifier = SPACE_RUN.sub(" ", written.lower())
    low_factor, high_factor = QUALIFIERS[qualifier]
    return qualifier, low * low_factor, (INFINITY if high_factor == INFINITY else high * high_factor)


def _word_value(words: str) -> float:
    total = 0
    for part in WORD_BREAK.split(words.lower()):
        total += UNITS_WORDS.get(part, 0) + TENS_WORDS.get(part, 0)
    return total


LEADING = frozenset("of the were was are is".split())


def _counted(text: str, end: int, start: int, money: bool) -> str | None:
    """What the figure counts: the noun phrase after it (its last word), past a
    closing parenthesis and 'of the' / 'were' ("20% of the territory", "76.92
    percent) were Armenians"); else the word before it ("Azerbaijan lost
    2,906"). Money is about the verb before it ("spent $24 billion")."""
    after = NOUN_AFTER.match(text[end : end + 80])
    if after and not money:
        kept = []
        for word in WORD.findall(after.group()):
            lower = word.lower()
            if not kept and lower in LEADING:
                continue
            if lower in STOP_WORDS:
                break
            kept.append(word)
            if len(kept) == 3:
                break
        if kept:
            return kept[-1].lower()
    before = WORD.findall(text[max(0, start - 40) : start])
    for word in reversed(before):
        if word.lower() not in STOP_WORDS:
            return word.lower()
    return None


CASE_SAFE = str.maketrans({"\u0130": "I", "\u017f": "s"})


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_year(match: regex.Match) -> bool:
    numeral = match["numeral"]
    return bool(
        numeral and YEAR_NUMERAL.fullmatch(numeral)
        and not (match["magnitude"] or match["percent"] or match["measure"] or match["currency"] or match["currency_word"])
    )


def extract_figures(
    document: Document, view: str, quotes: list[tuple[int, int]], skip: list[tuple[int, int]] = (),
    words: Words | None = None, lower: str | None = None,
) -> list[Figure]:
    """Figures in the prose view; `skip` holds ranges that are not prose claims (notes, markers).
    `words`, `lower`: Words.of(view) and lower_case(view), when the caller has them."""
    as_written = view  # figures quote the text as written
    # The patterns ignore case, and so match "MİLLİON" (Turkish dotted capital I) and "dayſ" (long
    # s), whose lower case is not a key of the tables below; read them as I and s (same length,
    # so every offset holds).
    if "\u0130" in view or "\u017f" in view:  # translating costs a millisecond; most documents have neither
        view = view.translate(CASE_SAFE)
        lower = words = None  # those of the text as written, where "İ" lower-cases to two characters
    skip = sorted(skip)
    lower = lower or lower_case(view)  # never None now: the translation left neither "İ" nor "ſ"
    words = words or Words.of(view)
    digit_runs = list(map(regex.Match.span, DIGITS.finditer(lower)))
    stretches = anchor_stretches(view, lower, words, digit_runs)
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []  # dates and durations first; amounts do not re-read their numbers

    def blocked(start: int, end: int) -> bool:
        """Not a claim (a note, a marker) or already read as a date or duration."""
        return bool((skip and inside(skip, start, end)) or (taken and inside(taken, start, end)))

    def record(match: regex.Match, kind: str, value: float, low: float, high: float, unit: str | None,
               qualifier: str | None = None, date: str | None = None) -> None:
        start, end = match.start(), match.end()
        figures.append(Figure(as_written[start:end], make_span(document, start, end), kind, value, low, high, unit,
                              _counted(view, end, start, kind in ("money", "date")), qualifier,
                              inside(quotes, start, end), date))
        taken.append((start, end))
        taken.sort()

    for match in scan(IDENTIFIER, view, stretches):  # phone numbers, versions: no figure inside them
        taken.append((match.start(), match.end()))
    taken.sort()
    for match in scan(DATE, view, stretches):
        start, end = match.start(), match.end()
        if blocked(start, end):
            continue
        month = MONTH_NUMBERS[(match["md_month"] or match["dm_month"] or match["m_month"]).lower().rstrip(".")]
        year = int(match["md_year"] or match["dm_year"] or match["m_year"])
        day = match["md_day"] or match["dm_day"]
        if day and not _valid_date(year, month, int(day)):
            continue  # "February 30, 2020" is no date
        iso = f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        record(match, "date", float(year), float(year), float(year), None, date=iso)
    for match in scan(PARTIAL_DATE, view, stretches):
        start, end = match.start(), match.end()
        month_name = match["md_month"] or match["dm_month"]
        if blocked(start, end):
            continue
        day = int(match["md_day"] or match["dm_day"])
        month = MONTH_NUMBERS[month_name.lower().rstrip(".")]
        after = NEAR_YEAR.search(view, end, min(len(view), end + 80))
        before = list(NEAR_YEAR.finditer(view, max(0, start - 300), start))
        year = int(after.group()) if after else int(before[-1].group()) if before else None
        if year is None or not 1 <= day <= 31:
            taken.append((start, end))  # a day of the month, not a count; its year unknown
            taken.sort()
            continue
        if not _valid_date(year, month, day):
            continue
        record(match, "date", float(year), float(year), float(year), None, date=f"{year:04d}-{month:02d}-{day:02d}")
    for match in scan(YEAR_RANGE, view, stretches):
        start, end = match.start(), match.end()
        if blocked(start, end):
            continue
        if match["decade"]:
            first = int(match["decade"])
            last = first + 9
        else:
            first = int(match["from"] or match["b_from"] or match["f_from"])
            to = match["to"] or match["b_to"] or match["f_to"]
            last = int(to) if len(to) == 4 else first // 100 * 100 + int(to)
            if last < first:
                continue  # "1999-01" is not a range of years
        record(match, "period", float(first), float(first), float(last), None, date=f"{first}/{last}")
    for match in scan(DURATION, view, stretches, needs_word(words, DURATION_WORDS)):
        start, end = match.start(), match.end()
        if blocked(start, end):
            continue
        count = match["count"]
        number = float(count) if count.isdigit() else _word_value(count)
        if number == 0:
            continue
        if AGE_AFTER.match(view[end : end + 6]):
            taken.append((start, end))  # an age ("45 years old", "a 19-year-old"), not how long something lasted
            taken.sort()
            continue
        days = number * DURATION_UNITS[match["unit"].lower()]
        low, high = days, days
        qualifier, low, high = _qualify(match["qualifier"], low, high)
        record(match, "duration", days, low, high, "days", qualifier)

    for match in scan(RATIO, view, stretches, needs_word(words, RATIO_WORDS)):
        start, end = match.start(), match.end()
        if blocked(start, end):
            continue
        if match["fraction"]:
            fraction = match["fraction"].lower()
            if not fraction.endswith("s") and fraction != "half" and not OF_AFTER.match(view[end : end + 4]):
                continue  # "a third party", "a Third Karabakh War": an ordinal, not a fraction
            if MAGNITUDE_AFTER.match(view[end : end + 20]):
                continue  # "a half million", "half a million": an amount
            numerator = match["numerator"].lower()
            count = 1.0 if numerator in ("a", "an") else _word_value(numerator)
            value = count / ORDINAL_FRACTIONS[match["fraction"].lower()]
        elif match["times"]:
            times = match["times"]
            value = float(times) if times[0].isdigit() else _word_value(times)
        else:
            value = float(MULTIPLE_WORDS[match["multiple"].lower()])
        if value == 0:
            continue
        low = high = value
        qualifier, low, high = _qualify(match["qualifier"], low, high)
        record(match, "ratio", value, low, high, None, qualifier)

    for match in amounts(view, stretches, amount_starts(lower, words, digit_runs)):
        text = match.group()
        if not text.strip() or not (match["numeral"] or match["words"] or match["vague"] or match["magnitude"]):
            continue
        start, end = match.start(), match.end()
        if blocked(start, end):
            continue
        if match["words"] and not (match["magnitude"] or match["percent"] or match["measure"] or match["currency_word"]):
            # A bare number word is a claim only before a plural noun ("three days",
            # "seven regions"), not in "the two share" or "one of the facts".
            if not PLURAL_AFTER.match(view[end : end + 30]):
                continue
        if match["numeral"]:
            if _is_year(match) or IDENTIFIER_BEFORE.search(view[max(0, start - 20) : start]):
                continue
            following = view[end : end + 3]
            if NUMERAL_SUFFIX.match(following):
                continue  # an ordinal (11th), a time (2:30), a decade (1990s)
            base = float(match["numeral"].replace(",", ""))
        elif match["words"]:
            base = _word_value(match["words"])
        elif match["vague"]:
            base = 0.0
        else:
            base = 1.0  # "a million": the magnitude alone
        magnitude = (match["magnitude"] or "").lower()
        factor = MAGNITUDES.get(magnitude, 1.0)
        if magnitude in ("m", "b", "k") and not match["currency"]:
            factor = 1.0  # "5m" is five metres unless it is money ("$5m")
        if match["vague"]:
            low, high = VAGUE[SPACE_RUN.sub(" ", match["vague"].lower())]
            value = (low + high) / 2
        else:
            value = base * factor
            if match["half"]:
                value /= 2
            low = high = value
        qualifier, low, high = _qualify(match["qualifier"], low, high)
        if match["percent"]:
            kind, unit = "percent", "%"
        elif match["currency"] or match["currency_word"]:
            kind = "money"
            unit = CURRENCY_SIGNS.get(match["currency"] or "", None) or CURRENCY_WORDS.get((match["currency_word"] or "").lower())
        elif match["measure"]:
            kind, unit = "measure", MEASURE_UNITS.get(match["measure"].lower())
        else:
            kind, unit = "count", None
        written = CURRENCY_WORDS.get((match["currency_word"] or "").lower())
        mixed = written if match["currency"] and written and written != unit else None
        figures.append(
            Figure(text=as_written[start:end], span=make_span(document, start, end), kind=kind, value=value, low=low, high=high,
                   unit=unit, noun=_counted(view, end, start, kind == "money"), qualifier=qualifier,
                   quoted=inside(quotes, start, end), mixed_unit=mixed)
        )
    figures.sort(key=lambda f: f.span.start)
    return _without_rates(view, _ranges_joined(document, view, as_written, figures))


RANGE_BETWEEN = regex.compile(r"^\s*(?:to|[-–—‑])\s*$", regex.IGNORECASE)
AND_BETWEEN = regex.compile(r"^\s*and\s*$")
BETWEEN_BEFORE = regex.compile(r"between\s+$", regex.IGNORECASE)
LOWER_LETTER = regex.compile(r"[a-z]")
NOT_DIGIT_OR_POINT = regex.compile(r"[^\d.]")
AMOUNT_KINDS = ("count", "money", "percent", "measure")


def _ranges_joined(document: Document, view: str, as_written: str, figures: list[Figure]) -> list[Figure]:
    """'20,000 to 30,000', '20,000-30,000', 'between 1 and 3 million': one figure, the
    whole interval (not its upper end, with the lower left as a stray count)."""
    joined: list[Figure] = []
    for figure in figures:
        previous = joined[-1] if joined else None
        if previous and previous.kind == figure.kind and figure.kind in AMOUNT_KINDS and not previous.quoted \
                and previous.unit in (None, figure.unit) and previous.high != INFINITY and not figure.qualifier:
            between = view[previous.span.end : figure.span.start]
            before = view[max(0, previous.span.start - 8) : previous.span.start]
            if RANGE_BETWEEN.match(between) or (AND_BETWEEN.match(between) and BETWEEN_BEFORE.search(before)):
                low = previous.low
                if figure.value >= 1000 * previous.value and not LOWER_LETTER.search(previous.text.lower()):
                    low = previous.low * (figure.value / float(NOT_DIGIT_OR_POINT.sub("", figure.text.split()[0]) or 1))
                if low <= figure.high:
                    start, end = previous.span.start, figure.span.end
                    joined[-1] = Figure(as_written[start:end], make_span(document, start, end), figure.kind,
                                        (low + figure.high) / 2, low, figure.high, figure.unit, figure.noun,
                                        previous.qualifier, figure.quoted)
                    continue
        joined.append(figure)
    return joined


PER = regex.compile(r"^\s+(?:\p{L}+\s+)?per\s+(?:\d|one\b|a\b|every\b)", regex.IGNORECASE)
PER_BETWEEN = regex.compile(r"^\s+(?:\p{L}+\s+)?per\s+$", regex.IGNORECASE)


def _without_rates(view: str, figures: list[Figure]) -> list[Figure]:
    """'12 deaths per 100,000 people' is a rate: neither number counts deaths or people."""
    rates: set[int] = set()
    for index, figure in enumerate(figures):
        if figure.kind in AMOUNT_KINDS and PER.match(view[figure.span.end : figure.span.end + 40]):
            rates.add(index)
            if index + 1 < len(figures) and PER_BETWEEN.match(view[figure.span.end : figures[index + 1].span.start]):
                rates.add(index + 1)
    return [f for index, f in enumerate(figures) if index not in rates]
