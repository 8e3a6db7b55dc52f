"""The pain trend as a chart for the terminal: daily average as bars, worst as a mark. Pure.

One column per day; when the period has more days than the screen has columns, each
column stands for several days (their average, and the worst of them), so ten years still
fit. A day with no entries is an empty column: nothing is drawn that was not logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import NamedTuple

from msback.diary.insights import Day

HEIGHT = 10  # one row per point of the 0-10 scale
LABEL = 4  # "10 |"


class Column(NamedTuple):
    first: dt.date
    last: dt.date
    average: float | None
    worst: int | None


def columns(days: Sequence[Day], first: dt.date, last: dt.date, width: int) -> list[Column]:
    """The period from ``first`` to ``last`` in at most ``width`` columns."""
    total = (last - first).days + 1
    per = max(1, -(-total // max(1, width)))  # days per column, rounded up
    by_day = {d.day: d for d in days}
    out = []
    for start in range(0, total, per):
        span = [first + dt.timedelta(days=i) for i in range(start, min(start + per, total))]
        logged = [by_day[d] for d in span if d in by_day]
        average = round(sum(d.average for d in logged) / len(logged), 1) if logged else None
        worst = max(d.worst for d in logged) if logged else None
        out.append(Column(span[0], span[-1], average, worst))
    return out


def draw(
    days: Sequence[Day],
    first: dt.date,
    last: dt.date,
    width: int,
    unicode: bool,
    marked: Collection[dt.date] = (),
) -> list[str]:
    """The chart's lines: a title, ``HEIGHT`` rows, the axis and the dates under it; with
    ``marked`` days (a flare or relapse the person recorded), a row of marks under the
    columns that hold one, named in the title (a shape, never a colour alone)."""
    bar, mark = ("\u2588", "\u25aa") if unicode else ("#", "*")
    flare = "\u25b2" if unicode else "^"
    room = max(10, width - LABEL - 1)
    cols = columns(days, first, last, room)
    per = (cols[0].last - cols[0].first).days + 1 if cols else 1
    # Wider columns when there is room: two glyphs and a gap read better than one.
    cell = max(1, min(3, room // max(1, len(cols))))
    glyphs, gap = (cell - 1, " ") if cell > 1 else (1, "")
    what = "each day" if per == 1 else f"every {per} days"
    shown = [c for c in cols if any(c.first <= d <= c.last for d in marked)]
    named = f", {flare} a flare or relapse you recorded" if shown else ""
    lines = [f"Pain, {what}: {bar} average, {mark} worst (0-10){named}"]
    for level in range(HEIGHT, 0, -1):
        row = ""
        for col in cols:
            if col.average is not None and round(col.average) >= level:
                row += bar * glyphs + gap
            elif col.worst is not None and col.worst == level:
                row += mark * glyphs + gap
            else:
                row += " " * (glyphs + len(gap))
        lines.append(f"{level:>2} |{row.rstrip()}")
    span = len(cols) * (glyphs + len(gap))
    lines.append(" 0 +" + "-" * span)
    if shown:
        row = "".join((flare * glyphs if c in shown else " " * glyphs) + gap for c in cols)
        lines.append(" " * LABEL + row.rstrip())
    start, end = _date(first), _date(last)
    lines.append(" " * LABEL + start + " " * max(1, span - len(start) - len(end)) + end)
    return lines


def _date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"
