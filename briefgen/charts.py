"""Small inline SVG charts (no script needed to see them): briefings per month.

Pure functions from dates to an escaped SVG string; the theme's CSS gives the colours.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from html import escape

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_MONTHS = 120  # ten years of bars; older months are summed into the first bar's label


def _months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def render_timeline(dates: Sequence[dt.date], label: str) -> str:
    """A bar chart of how many briefings fall in each month, from the first to the last."""
    if not dates:
        return ""
    counts = Counter((d.year, d.month) for d in dates)
    months = _months_between(min(counts), max(counts))[-MAX_MONTHS:]
    peak = max(counts[m] for m in months) or 1
    width, height, gap = 600, 80, 1
    bar = width / len(months)
    first, last = months[0], months[-1]
    span = f"{MONTH_ABBR[first[1] - 1]} {first[0]} to {MONTH_ABBR[last[1] - 1]} {last[0]}"
    peak_month = min(m for m in months if counts[m] == peak)
    summary = (f"{label}: {sum(counts[m] for m in months)} briefings from {span}; "
               f"the busiest month was {MONTH_ABBR[peak_month[1] - 1]} {peak_month[0]} with {peak}.")
    parts = [f'<svg class="timeline-chart" viewBox="0 0 {width} {height + 16}" role="img" aria-label="{escape(summary)}">',
             f"<title>{escape(summary)}</title>",
             f'<line class="axis" x1="0" y1="{height}" x2="{width}" y2="{height}"/>']
    for index, month in enumerate(months):
        count = counts[month]
        if not count:
            continue
        h = max(2.0, height * count / peak)
        x = index * bar
        parts.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{max(bar - gap, 1):.1f}" height="{h:.1f}">'
                     f"<title>{MONTH_ABBR[month[1] - 1]} {month[0]}: {count}</title></rect>")
    parts.append(f'<text x="0" y="{height + 14}">{MONTH_ABBR[first[1] - 1]} {first[0]}</text>')
    if last != first:
        parts.append(f'<text x="{width}" y="{height + 14}" text-anchor="end">{MONTH_ABBR[last[1] - 1]} {last[0]}</text>')
    parts.append("</svg>")
    return "".join(parts)
