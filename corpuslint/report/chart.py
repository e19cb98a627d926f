"""A fact's statements on one axis, as inline SVG: one row per source, a dot for
a point value, a bar for an interval, an arrow for "more than". Statements
that agree share a colour. Logarithmic when the values span two orders of
magnitude, so 500,000 and 1 million stay apart and readable."""

from __future__ import annotations

import math
from html import escape
from pathlib import PurePosixPath

from .model import Statement

WIDTH, LABEL, ROW, TOP = 720, 230, 26, 24
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _clusters(statements: list[Statement]) -> list[int]:
    """Each statement's colour: its group of agreeing statements (model._agreement),
    groups numbered in order of their first statement."""
    order: dict[int, int] = {}
    return [order.setdefault(statement.cluster, len(order)) for statement in statements]


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
    finite = [v for s in plotted for v in (s.low, s.high) if v != math.inf]
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

    colours = _clusters(plotted)
    height = TOP + ROW * len(plotted) + 30
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="{escape(title)}: each source\'s value on one axis">',
        f"<title>{escape(title)}</title>",
    ]
    axis_y = TOP + ROW * len(plotted) + 4
    parts.append(f'<line x1="{LABEL + 10}" y1="{axis_y}" x2="{WIDTH - 10}" y2="{axis_y}" stroke="#888"/>')
    ticks = [low, (low * high) ** 0.5 if logarithmic else (low + high) / 2, high]
    for tick in ticks:
        parts.append(f'<line x1="{x(tick):.1f}" y1="{axis_y}" x2="{x(tick):.1f}" y2="{axis_y + 5}" stroke="#888"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{axis_y + 18}" text-anchor="middle" class="tick">'
                     f"{escape(_tick_label(tick, axis))}</text>")
    for row, (statement, colour) in enumerate(zip(plotted, colours)):
        y = TOP + ROW * row + ROW / 2
        fill = PALETTE[colour % len(PALETTE)]
        label = f"{PurePosixPath(statement.path).name[:30]}:{statement.line}"
        parts.append(f'<text x="{LABEL}" y="{y + 4:.1f}" text-anchor="end" class="label">{escape(label)}</text>')
        parts.append(f'<line x1="{LABEL + 10}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="#eee"/>')
        start, end = x(statement.low), x(statement.high)
        tip = f"{statement.written}: {statement.reading}"
        if end - start < 3:
            parts.append(f'<circle cx="{start:.1f}" cy="{y:.1f}" r="6" fill="{fill}"><title>{escape(tip)}</title></circle>')
        else:
            parts.append(f'<rect x="{start:.1f}" y="{y - 5:.1f}" width="{end - start:.1f}" height="10" rx="5" '
                         f'fill="{fill}" fill-opacity="0.75"><title>{escape(tip)}</title></rect>')
            if statement.high == math.inf:
                parts.append(f'<path d="M{end:.1f},{y - 8:.1f} L{end + 9:.1f},{y:.1f} L{end:.1f},{y + 8:.1f} Z" fill="{fill}"/>')
    if logarithmic:
        parts.append(f'<text x="{WIDTH - 10}" y="14" text-anchor="end" class="tick">logarithmic scale</text>')
    parts.append("</svg>")
    return "".join(parts)
