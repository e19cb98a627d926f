"""What a figure is about: its concept, actors, scope and named claim.

Two figures can only disagree if they state the same fact, so each figure is
read in its context:

- its clause (the words up to the next figure, comma or 'and'): the concept
  it counts ("30,000 dead" → killed, "ethnic cleansing of 700,000" →
  displaced) and the names there (Armenia, Azeris). With no name in the
  clause, the last name before it in the sentence is kept as its subject,
  which can tell two facts apart but never makes them the same;
- its scope: an event from rule data named in its sentence ("the 44-day
  war"), else the years named in its clause, else in its sentence (and the
  one before it in the paragraph). A day-precise date ("On February 26,
  1992") narrows the scope to that day, so a massacre's toll is not the
  war's. Years inside an event's span, in a sentence using the event's words
  ("war", "fighting"), are that event;
- a claim named in rule data, when its words are in the sentence and this is
  the nearest figure of the claim's kind to them.

An increment ("tens of thousands more", "another 500") counts nothing on its
own and gets no concept.
"""

from __future__ import annotations

import datetime
import math

import regex

from ..lexicon import frequency
from ..ruledata import PATTERN_TIMEOUT, Event, FigureData
from .figures import MONTH_NUMBERS, TENS_WORDS, UNITS_WORDS, Figure

SENTENCE_END = regex.compile(
    r"(?<!\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Lt|Sgt|Jr|Sr|vs|etc|No|Nos|Vol|pp|p|[A-Z]))"  # not an abbreviation or initial
    r"[.!?…][”\"’)\]]*(?:\d{1,3}|\[\d{1,3}\])?\s+(?=[“\"‘(\[]?[\p{Lu}\d])"
)
CLAUSE_BREAK = regex.compile(r"[,;:()—–]|\s-\s|\b(?:and|but|while|whereas|as)\b", regex.IGNORECASE)
WINDOW_WORDS = 8
WORD = regex.compile(r"[\p{L}][\p{L}'’\-‑]*")
CAPITALISED_RUN = regex.compile(r"\b\p{Lu}[\p{L}'’\-‑]+(?:\s+\p{Lu}[\p{L}'’\-‑]+)*")
# A sentence-initial capitalised word this common is an ordinary word (The, During, Nearly).
COMMON_INITIAL = 20_000  # 'however' 30,997; 'Turkey' 13,818 stays a name
NOT_ACTORS = frozenset(
    [*MONTH_NUMBERS, *UNITS_WORDS, *TENS_WORDS, "hundreds", "thousands", "tens", "millions", "dozens", "half",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i"]
)
LOWER_WORD = regex.compile(r"\b\p{Ll}[\p{L}'’\-‑]*")
POSSESSIVE_END = regex.compile(r"['’]s$")
INCREMENT_AFTER = regex.compile(r"\s+(?:more|additional|others?|extra)\b", regex.IGNORECASE)
NOUN_THEN_MORE = regex.compile(r"\s+\p{L}+" + INCREMENT_AFTER.pattern, regex.IGNORECASE)
INCREMENT_BEFORE = regex.compile(r"\b(?:another|an\s+additional|a\s+further|further|additional)\s+$", regex.IGNORECASE)
TIME_KINDS = ("date", "period")
# "a city of 545,800", "a metropolitan area of 2.9 million": the figure describes that
# unnamed entity, so the sentence's subject (Lisbon) is not what it counts.
OWN_ENTITY = regex.compile(r"\b(?:a|an|the|its|their)\s+(?:[\p{Ll}\-]+\s+){0,2}(?:of|with)\s+$")
YEAR = regex.compile(r"(?<![\d.,$€£/-])\b(1[5-9]\d\d|20[0-4]\d)\b(?![\d,.]\d|\s*(?:%|percent|per cent))")
# "the highest since 2001", "as of 2019": a point of reference, not when the figure applies.
REFERENCE_YEAR = regex.compile(r"\b(?:since|as\s+of|compared\s+with|than\s+in|from)\s+(?:the\s+)?$", regex.IGNORECASE)
DAY = 1 / 366
LINK_LIMIT = 80  # characters between two figures that can still be read as one comparison
# More figures than this in one "sentence" is a table or a list of numbers (and reading
# each one's context against all the others would be quadratic): no context, no comparison.
CROWDED_SENTENCE = 40


def _paragraphs(text: str, hard_wrapped: bool) -> list[tuple[int, int]]:
    """Paragraph ranges: blank-line separated if lines are hard-wrapped, else one per line."""
    separator = regex.compile(r"\n[ \t]*\n\s*" if hard_wrapped else r"\n\s*")
    ranges, start = [], 0
    for match in separator.finditer(text):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(text)))
    return [(a, b) for a, b in ranges if text[a:b].strip()]


def sentences(text: str, hard_wrapped: bool) -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of each sentence."""
    found = []
    for index, (start, end) in enumerate(_paragraphs(text, hard_wrapped)):
        cursor = start
        for match in SENTENCE_END.finditer(text, start, end):
            found.append((cursor, match.start() + 1, index))
            cursor = match.end()
        found.append((cursor, end, index))
    return found


def _year_fraction(iso: str) -> tuple[float, float]:
    """A date's interval in years: a month or a day of it."""
    parts = [int(p) for p in iso.split("-")]
    year = parts[0]
    if len(parts) == 2:
        return year + (parts[1] - 1) / 12, year + parts[1] / 12
    day = datetime.date(*parts).timetuple().tm_yday
    return year + (day - 1) * DAY, year + day * DAY


Time = tuple[float, float, bool]  # (low, high) in years, precise to a day or month


def _times(text: str, start: int, end: int, figures: list[Figure], own: Figure | None) -> list[Time]:
    """Times named in text[start:end]: dates, periods and bare years."""
    times = []
    covered = []
    for figure in figures:
        if figure.span.start < end and figure.span.end > start and figure.kind in TIME_KINDS:
            covered.append((figure.span.start, figure.span.end))
            if figure is own:
                continue
            if figure.kind == "date":
                low, high = _year_fraction(figure.date)
                times.append((low, high, True))
            else:
                times.append((figure.low, figure.high + 1, False))
    for match in YEAR.finditer(text, start, end):
        if REFERENCE_YEAR.search(text, max(0, match.start() - 16), match.start()):
            continue
        if not any(a <= match.start() < b for a, b in covered):
            year = int(match[1])
            times.append((year, year + 1, False))
    return times


def _events(text: str, start: int, end: int, data: FigureData, near: int) -> Event | None:
    """The event named in text[start:end] closest to offset `near`, if any."""
    best = None
    for event in data.events:
        for pattern in event.patterns:
            for match in pattern.finditer(text, start, end, timeout=PATTERN_TIMEOUT):
                distance = abs(match.start() - near)
                if best is None or distance < best[0]:
                    best = (distance, event)
    return best[1] if best else None


def _event_by_years(text: str, low: float, high: float, data: FigureData) -> Event | None:
    """The one event whose span holds these years and whose words the text uses."""
    found = [e for e in data.events
             if e.words is not None and e.first <= low and high <= e.last + 1 and e.words.search(text)]
    return found[0] if len(found) == 1 else None


def _clause(view: str, figure: Figure, sentence: tuple[int, int, int]) -> tuple[int, int]:
    start, end, _ = sentence
    breaks = list(CLAUSE_BREAK.finditer(view, start, figure.span.start))
    clause_start = breaks[-1].end() if breaks else start
    after = CLAUSE_BREAK.search(view, figure.span.end, end)
    return clause_start, after.start() if after else end


def _clause_times(view: str, figure: Figure, sentence: tuple[int, int, int], figures: list[Figure]) -> list[Time]:
    """Times in the figure's clause, between the amounts either side of it; those after it
    first ("from 3,000 killed in 2019 to 4,000 killed in 2020": 2019, then 2020)."""
    start, end = _clause(view, figure, sentence)
    for other in figures:
        if other is not figure and other.kind not in TIME_KINDS:
            if start <= other.span.start and other.span.end <= figure.span.start:
                start = max(start, other.span.end)
            elif figure.span.end <= other.span.start < end:
                end = other.span.start
    return _times(view, figure.span.end, end, figures, figure) or _times(view, start, figure.span.start, figures, figure)


def _scope(view: str, figure: Figure, sentence: tuple[int, int, int], previous: tuple[int, int, int] | None,
           figures: list[Figure], data: FigureData) -> None:
    """`figures`: those of this sentence and the one before (never the whole document)."""
    start, end, _ = sentence
    event = _events(view, start, end, data, figure.span.start)
    if figure.kind == "date":  # a date is its own scope
        low, high = _year_fraction(figure.date)
        figure.scope, figure.scope_low, figure.scope_high = figure.date, low, high
        figure.event = event.id if event else None
        return
    times: list[Time] = []
    if not event:
        times = _clause_times(view, figure, sentence, figures) or _times(view, start, end, figures, figure)
    if not event and not times and previous:  # nothing in its own sentence: the one before
        event = _events(view, previous[0], previous[1], data, figure.span.start)
        if not event:  # only to whole years
            times = [(math.floor(low), math.floor(high - 1e-9) + 1, False)
                     for low, high, _ in _times(view, previous[0], previous[1], figures, None)]
    if not event and times:
        if any(precise for _, _, precise in times):
            times = [t for t in times if t[2]]
        low, high = min(t[0] for t in times), max(t[1] for t in times)
        if not any(precise for _, _, precise in times):
            event = _event_by_years(view[previous[0] if previous else start : end], low, high, data)
        if not event:
            figure.scope_low, figure.scope_high = low, high
            first, last = int(low), int(high - 1e-9)
            figure.scope = str(first) if first == last else f"{first}–{last}"
    if event:
        figure.scope, figure.scope_low, figure.scope_high = event.id, float(event.first), float(event.last + 1)
        figure.event = event.id


DATE_INTRODUCED = regex.compile(r"\bon\s+(?:the\s+)?$", regex.IGNORECASE)


def _date_window(view: str, figure: Figure, sentence: tuple[int, int, int]) -> tuple[str, str]:
    """What a date dates: the words before 'on' ("the truce was signed on 9 November")
    or the two after it ("the 9 November truce"); a date introduced otherwise
    ("the ceasefire lines of July 2020", "violations since 2015") dates nothing here."""
    start, end, _ = sentence
    before = view[start : figure.span.start]
    left = " ".join(WORD.findall(before)[-WINDOW_WORDS:]) if DATE_INTRODUCED.search(before) else ""
    after = view[figure.span.end : end]
    clause_end = CLAUSE_BREAK.search(after)
    right = " ".join(WORD.findall(after[: clause_end.start() if clause_end else None])[:2])
    return left, right


def _window(view: str, figure: Figure, sentence: tuple[int, int, int], neighbours: list[Figure]) -> tuple[str, str]:
    """The clause around a figure: words back to the previous figure or break, and on to the
    next. Dates and periods are part of a clause ("the death toll from the quake of 9 August
    has risen to 1,046"), so only other amounts end it."""
    if figure.kind == "date":
        return _date_window(view, figure, sentence)
    start, end, _ = sentence
    left_limit, right_limit = start, end
    for other in neighbours:
        if other is not figure and other.kind not in TIME_KINDS:
            if other.span.end <= figure.span.start:
                left_limit = max(left_limit, other.span.end)
            elif other.span.start >= figure.span.end:
                right_limit = min(right_limit, other.span.start)
    left = view[left_limit : figure.span.start]
    breaks = list(CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    right = view[figure.span.end : right_limit]
    first_break = CLAUSE_BREAK.search(right)
    if first_break:
        right = right[: first_break.start()]
    left_words = WORD.findall(left)[-WINDOW_WORDS:]
    right_words = WORD.findall(right)[:WINDOW_WORDS]
    return " ".join(left_words), " ".join(right_words)


class _Names:
    """Names in a piece of a document: each run of capitalised words by its last word
    (Hurricane Maria → Maria, not Hurricane), folded to four letters (Azeri ~
    Azerbaijan), in the order they occur. An event's name is its scope, not an actor
    ("the first Karabakh war"); a sentence's first word is a name only if the document
    never writes it in lower case and it is not a common English word (The, Turnout)."""

    def __init__(self, view: str, data: FigureData):
        self.view = view
        self._lower_words: set[str] | None = None
        self.patterns = [p for e in data.events for p in e.patterns]

    def written_in_lower_case(self, word: str) -> bool:
        """Whether the document writes `word` starting lower case. The set of such words is
        read only when first asked for: most documents never ask (a millisecond each)."""
        if self._lower_words is None:
            self._lower_words = {w.lower() for w in LOWER_WORD.findall(self.view)}
        return word.lower() in self._lower_words

    def __call__(self, text: str, sentence_start_word: str | None, at_sentence_start: bool) -> list[str]:
        for pattern in self.patterns:
            text = pattern.sub(lambda m: " " * len(m.group()), text, timeout=PATTERN_TIMEOUT)
        names: list[str] = []
        for run in CAPITALISED_RUN.finditer(text):
            words = run.group().split()
            if at_sentence_start and run.start() == 0 and words[0] == sentence_start_word and (
                    frequency(words[0]) >= COMMON_INITIAL or self.written_in_lower_case(words[0])):
                words = words[1:]
            if not words:
                continue
            lower = POSSESSIVE_END.sub("", words[-1].lower())
            if lower in NOT_ACTORS or len(lower) < 2 or lower[:4] in names:
                continue
            names.append(lower[:4])
        return names


def _claim(view: str, figure: Figure, sentence: tuple[int, int, int], same_kind: list[Figure], window: str,
           data: FigureData):
    """The claim whose words are in the sentence with this the nearest figure of its kind to them."""
    start, end, _ = sentence
    for claim in data.claims:
        if claim.kind != figure.kind:
            continue
        if figure.kind == "date":  # a date belongs to the words that introduce it
            matches = [window] if claim.words.search(window) else []
        else:
            matches = [
                match for match in claim.words.finditer(view, start, end)
                if min(same_kind, key=lambda f: min(abs(f.span.start - match.end()), abs(match.start() - f.span.end)))
                is figure
            ]
        for _ in matches:
            if claim.event and figure.event != claim.event and not _overlaps_event(figure, claim, data):
                continue
            if claim.years and not (figure.scope_low is not None and figure.scope_low < claim.years[1] + 1
                                    and claim.years[0] < figure.scope_high):
                continue
            return claim
    return None


def _overlaps_event(figure: Figure, claim, data: FigureData) -> bool:
    event = next(e for e in data.events if e.id == claim.event)
    return figure.scope_low is not None and figure.scope_low < event.last + 1 and event.first < figure.scope_high


def _is_increment(view: str, figure: Figure) -> bool:
    """'tens of thousands more', 'another 500': added to a total stated elsewhere
    ('five times more' is a ratio, not an increment)."""
    if figure.kind not in ("count", "money", "measure"):
        return False
    after = view[figure.span.end : figure.span.end + 40]
    noun_then_more = NOUN_THEN_MORE.match(after)
    return bool(INCREMENT_AFTER.match(after) or noun_then_more
                or INCREMENT_BEFORE.search(view[max(0, figure.span.start - 20) : figure.span.start]))


def annotate(view: str, figures: list[Figure], data: FigureData, all_sentences: list[tuple[int, int, int]]) -> None:
    """Fill in each figure's concept, actors, subject, scope, period and claim; `all_sentences`
    are the view's sentences (sentences()), taken once per document."""
    if not figures:
        return
    names = _Names(view, data)
    by_sentence: dict[int, list[Figure]] = {}
    index = 0
    for figure in figures:  # both sorted by offset
        while index + 1 < len(all_sentences) and all_sentences[index][1] <= figure.span.start:
            index += 1
        by_sentence.setdefault(index, []).append(figure)
    for index, members in by_sentence.items():
        if len(members) > CROWDED_SENTENCE:
            for figure in members:  # a table or a list of numbers, not claims in prose
                figure.sentence = index
            continue
        sentence = all_sentences[index]
        previous = all_sentences[index - 1] if index and all_sentences[index - 1][2] == sentence[2] else None
        first_word = WORD.match(view, sentence[0])
        start_word = first_word.group() if first_word else None
        windows: dict[int, str] = {}
        nearby = by_sentence.get(index - 1, []) + members if previous else members
        for number, figure in enumerate(members):
            figure.sentence = index
            if number:
                between = view[members[number - 1].span.end : figure.span.start]
                figure.link = between if len(between) <= LINK_LIMIT else None
            _scope(view, figure, sentence, previous, nearby, data)
            left, right = _window(view, figure, sentence, members)
            window = f"{left} {right}"
            windows[id(figure)] = window
            if not _is_increment(view, figure):
                figure.concept = next(
                    (c.id for c in data.concepts if figure.kind in c.kinds and c.words.search(window)), None
                )
            left_at_start = bool(left) and len(WORD.findall(view[sentence[0] : figure.span.start])) == len(left.split())
            figure.actors = sorted(names(left, start_word, left_at_start) + names(right, None, False))
            described = OWN_ENTITY.search(view, max(sentence[0], figure.span.start - 40), figure.span.start)
            if not figure.actors and figure.kind not in TIME_KINDS and not described:
                # No name in the clause: the last name before it in the sentence is its
                # subject ("Azerbaijan which, between 2008 and 2019, spent $24 billion").
                before = names(view[sentence[0] : figure.span.start], start_word, True)
                figure.subject = before[-1] if before else None
            periods = [f for f in members if f.kind == "period" and f is not figure]
            if periods and figure.kind in ("money", "count", "measure"):
                figure.period = min(periods, key=lambda p: abs(p.span.start - figure.span.start)).date
        for figure in members:
            same_kind = [f for f in members if f.kind == figure.kind]
            claim = _claim(view, figure, sentence, same_kind, windows[id(figure)], data)
            figure.claim = claim.id if claim else None
