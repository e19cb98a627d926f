"""A fact's statements on one axis, as inline SVG: one row per source, a dot for
a point value, a bar for an interval, an arrow for "more than". Statements
that agree share a colour. Logarithmic when the values span two orders of
magnitude, so 500,000 and 1 million stay apart and readable.

A fact told by more than MAX_ROWS sources gets one row per reading instead,
labelled with the reading and how many sources give it: a row per source made a chart 52,522
pixels tall for a fact 2,000 articles state, which no editor scrolls through.
When even the readings are too many, the most common are drawn, with the
lowest and highest kept (an outlier is often the error), and a line under the
axis says how many readings and sources are left out; the table below the
chart lists every source."""

from __future__ import annotations

import math
from html import escape
from dataclasses import dataclass
from pathlib import PurePosixPath

from .model import Statement

WIDTH, LABEL, ROW, TOP = 720, 230, 26, 24
MAX_ROWS = 30
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _clusters(statements: list[Statement]) -> list[int]:
    """Each statement's colour: its group of agreeing statements (model._agreement),
    groups numbered in order of their first statement."""
    order: dict[int, int] = {}
    return [order.setdefault(statement.cluster, len(order)) for statement in statements]


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    low: float
    high: float
    colour: int
    tip: str


def _rows(plotted: list[Statement]) -> tuple[list[_Row], int, int]:
    """The chart's rows, and the readings and sources left out of them."""
    colours = _clusters(plotted)
    if len(plotted) <= MAX_ROWS:
        return [_Row(f"{PurePosixPath(s.path).name[:30]}:{s.line}", s.low, s.high, colour, f"{s.written}: {s.reading}")
                for s, colour in zip(plotted, colours)], 0, 0
    readings: dict[tuple[float, float], list[int]] = {}
    for index, statement in enumerate(plotted):
        readings.setdefault((statement.low, statement.high), []).append(index)
    # Most sources first; a tie in reading order, so the same corpus draws the same chart.
    common = sorted(readings.values(), key=lambda indices: (-len(indices), plotted[indices[0]].low, plotted[indices[0]].high))
    drawn = set(range(min(len(common), MAX_ROWS)))
    if len(common) > MAX_ROWS:
        bounds = [(plotted[indices[0]].low, plotted[indices[0]].high) for indices in common]
        ends = {bounds.index(min(bounds)), bounds.index(max(bounds, key=lambda b: (b[1], b[0])))} - drawn
        drawn = set(range(MAX_ROWS - len(ends))) | ends
    rows = []
    for position in sorted(drawn):
        indices = common[position]
        first = plotted[indices[0]]
        place = f"{PurePosixPath(first.path).name[:30]}:{first.line}"
        reading = first.reading if len(first.reading) <= 22 else first.reading[:21] + "…"
        label = place if len(indices) == 1 else f"{reading}: {len(indices):,} sources"
        tip = f"{first.written}: {first.reading}" + ("" if len(indices) == 1 else f" ({len(indices):,} sources; first {place})")
        rows.append(_Row(label, first.low, first.high, colours[indices[0]], tip))
    left_out = len(common) - len(drawn)
    return rows, left_out, len(plotted) - sum(len(common[position]) for position in drawn)


def _tick_label(value: float, axis: str) -> str:
    if axis == "date":
        days = int(round(value))
        year, rest = divmod(days, 372)
        month, day = divmod(rest, 31)
        return f"{day} {MONTHS[min(month, 11)]} {year}" if day else f"{MONTHS[min(month, 11)]} {year}"
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{word}"
    return f"{value:.3g}"


def render_chart(statements: list[Statement], title: str) -> str:
    plotted = [s for s in statements if s.plotted]
    if len(plotted) < 2:
        return ""
    axis = plotted[0].axis
    rows, readings_left_out, sources_left_out = _rows(plotted)
    finite = [v for row in rows for v in (row.low, row.high) if v != math.inf]
    low, high = min(finite), max(finite)
    logarithmic = axis == "value" and low > 0 and high / low >= 100
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08 if not logarithmic else 0

    def x(value: float) -> float:
        if value == math.inf:
            return WIDTH - 12
        if logarithmic:
            share = (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))
        else:
            share = (value - (low - pad)) / ((high + pad) - (low - pad))
        return LABEL + 10 + share * (WIDTH - LABEL - 40)

    height = TOP + ROW * len(rows) + (48 if readings_left_out else 30)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="{escape(title)}: each source\'s value on one axis">',
        f"<title>{escape(title)}</title>",
    ]
    axis_y = TOP + ROW * len(rows) + 4
    parts.append(f'<line x1="{LABEL + 10}" y1="{axis_y}" x2="{WIDTH - 10}" y2="{axis_y}" stroke="#888"/>')
    ticks = [low, (low * high) ** 0.5 if logarithmic else (low + high) / 2, high]
    for tick in ticks:
        parts.append(f'<line x1="{x(tick):.1f}" y1="{axis_y}" x2="{x(tick):.1f}" y2="{axis_y + 5}" stroke="#888"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{axis_y + 18}" text-anchor="middle" class="tick">'
                     f"{escape(_tick_label(tick, axis))}</text>")
    for number, row in enumerate(rows):
        y = TOP + ROW * number + ROW / 2
        fill = PALETTE[row.colour % len(PALETTE)]
        parts.append(f'<text x="{LABEL}" y="{y + 4:.1f}" text-anchor="end" class="label">{escape(row.label)}</text>')
        parts.append(f'<line x1="{LABEL + 10}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#eee"/>')
        start, end = x(row.low), x(row.high)
        if end - start < 3:
            parts.append(f'<circle cx="{start:.1f}" cy="{y:.1f}" r="6" fill="{fill}"><title>{escape(row.tip)}</title></circle>')
        else:
            parts.append(f'<rect x="{start:.1f}" y="{y - 5:.1f}" width="{end - start:.1f}" height="10" rx="5" '
                         f'fill="{fill}" fill-opacity="0.75"><title>{escape(row.tip)}</title></rect>')
            if row.high == math.inf:
                parts.append(f'<path d="M{end:.1f},{y - 8:.1f} L{end + 9:.1f},{y:.1f} L{end:.1f},{y + 8:.1f} Z" fill="{fill}"/>')
    if logarithmic:
        parts.append(f'<text x="{WIDTH - 10}" y="14" text-anchor="end" class="tick">logarithmic scale</text>')
    if readings_left_out:
        parts.append(f'<text x="{LABEL + 10}" y="{axis_y + 38}" class="tick">{readings_left_out:,} other '
                     f'reading{"s" if readings_left_out > 1 else ""}, from {sources_left_out:,} '
                     f'source{"s" if sources_left_out > 1 else ""}, not drawn: the table lists every source</text>')
    parts.append("</svg>")
    return "".join(parts)
