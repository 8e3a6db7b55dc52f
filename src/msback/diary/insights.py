"""What a diary shows: days, the trend and "what helped" (the safety nudges are in
``nudges.py``). Pure.

Descriptive only: "what helped" compares days, it never claims a cause. A change of less
than ``SMALLEST_CHANGE`` points (the usual smallest change that matters on the 0-10 scale)
is "about the same".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from msback.diary.entry import Entry

#: The smallest change in pain, in points on the 0-10 scale, that people usually notice.
SMALLEST_CHANGE = 2.0
#: "What helped" needs at least this many days with the option and this many without.
MIN_DAYS = 3


class Day(NamedTuple):
    """One calendar day of the diary."""

    day: dt.date
    average: float
    worst: int
    entries: int


class Summary(NamedTuple):
    """How a period went, and how it compares with the period before it."""

    first: dt.date
    last: dt.date
    days: list[Day]  # days with entries, oldest first
    average: float | None  # the mean of the daily averages
    best: Day | None  # the day with the lowest average (the latest, if several)
    worst: Day | None
    previous: float | None  # the same for the period before, if it has entries

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous is None:
            return None
        return round(self.average - self.previous, 1)


class Helped(NamedTuple):
    """Pain on days an option was logged, against days it was not."""

    topic: str
    with_days: int
    with_average: float
    without_days: int
    without_average: float

    @property
    def difference(self) -> float:
        """Points lower on the days with it (negative: higher)."""
        return round(self.without_average - self.with_average, 1)


def days_of(entries: Iterable[Entry]) -> list[Day]:
    """Each day with entries: its average and worst pain, oldest first."""
    by_day: dict[str, list[int]] = {}
    for entry in entries:
        by_day.setdefault(entry.at[:10], []).append(entry.pain)  # .at[:10]: the day, fast
    return [
        Day(dt.date.fromisoformat(day), round(sum(p) / len(p), 1), max(p), len(p))
        for day, p in sorted(by_day.items())
    ]


def summarise(entries: Sequence[Entry], today: dt.date, days: int) -> Summary:
    """The last ``days`` days up to ``today``, and the ``days`` before them. Days are where
    each entry was logged: one logged a moment ago where the date is already tomorrow (a
    time zone ahead) is on that day, so the period then runs to it."""
    first = today - dt.timedelta(days=days - 1)
    before = first - dt.timedelta(days=days)
    all_days = days_of(entries)
    now = [d for d in all_days if first <= d.day]
    then = [d for d in all_days if before <= d.day < first]
    return Summary(
        first,
        max(today, now[-1].day) if now else today,
        now,
        _mean(d.average for d in now),
        min(reversed(now), key=lambda d: d.average) if now else None,
        max(reversed(now), key=lambda d: d.average) if now else None,
        _mean(d.average for d in then),
    )


def what_helped(entries: Sequence[Entry], known: Sequence[Day] | None = None) -> list[Helped]:
    """For each option tried, pain on the days it was logged against the other days with
    entries, best first; only options with ``MIN_DAYS`` on each side. ``known`` saves
    working out the days of ``entries`` again."""
    days = {d.day.isoformat(): d.average for d in (days_of(entries) if known is None else known)}
    tried_on: dict[str, set[str]] = {}
    for entry in entries:
        for topic in entry.tried_keys:
            tried_on.setdefault(topic, set()).add(entry.at[:10])
    found = []
    for topic, on in tried_on.items():
        with_ = [days[d] for d in on]
        without = [avg for d, avg in days.items() if d not in on]
        if len(with_) >= MIN_DAYS and len(without) >= MIN_DAYS:
            found.append(
                Helped(topic, len(with_), _mean(with_) or 0.0, len(without), _mean(without) or 0.0)
            )
    return sorted(found, key=lambda h: (-h.difference, h.topic))


def helped_sentence(found: Helped, title: str) -> str:
    """The figures in plain, descriptive words; never a claim that the option caused it."""
    with_, without = _days(found.with_days), _days(found.without_days)
    if abs(found.difference) < SMALLEST_CHANGE:
        return (
            f"On the {with_} you logged {title}, your pain was about the same as on the"
            f" {without} you didn't (average {found.with_average:g} against"
            f" {found.without_average:g})."
        )
    direction = "lower" if found.difference > 0 else "higher"
    return (
        f"On the {with_} you logged {title}, your average pain was"
        f" {abs(found.difference):g} points {direction} than on the {without} you didn't."
    )


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 1) if items else None


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
