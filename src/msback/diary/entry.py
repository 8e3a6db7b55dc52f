"""One diary entry, and the forgiving parsing of what people type for it. Pure.

Scores use the standard 0-10 numeric rating scale. Times are local wall-clock minutes
("2026-11-26 21:00"): a diary is read by the person who wrote it, in their own time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import NamedTuple

from msback.diary.scores import NAMES
from msback.environment import TIME_FORMAT
from msback.errors import UsageError, quote

#: The 0-10 scale in words, shown when the score is asked for.
SCALE = "0 is no pain, 5 is moderate pain, 10 is the worst pain you can imagine."
#: Where the pain is: the words accepted for each place, first the one stored.
PLACES: dict[str, tuple[str, ...]] = {
    "lower back": ("lower back", "lower", "low back", "low", "lumbar"),
    "middle back": ("middle back", "middle", "mid back", "mid"),
    "upper back": ("upper back", "upper", "top of back"),
    "neck": ("neck",),
    "one leg": ("one leg", "leg", "left leg", "right leg"),
    "both legs": ("both legs", "legs"),
}
NOTE_LIMIT = 500
#: Entries before this year are refused: a typo (0226 for 2026), never a real diary entry.
FIRST_YEAR = 1900


class Entry(NamedTuple):
    """A diary entry: when, how much pain (0-10), and what else the person noted.

    A NamedTuple, not a msgspec Struct: ``msback log`` then needs no msgspec at all, which
    saves about 18 ms of its start-up."""

    at: str  # local time, "YYYY-MM-DD HH:MM"
    pain: int
    where: str = ""
    tried: tuple[str, ...] = ()  # topic ids
    scores: tuple[tuple[str, int], ...] = ()  # (name, 0-10) of the scores given, see SCORES
    note: str = ""

    @property
    def day(self) -> str:
        return self.at[:10]

    def score(self, name: str) -> int | None:
        """The score called ``name`` (``scores.SCORES``), or None if it was not given."""
        return next((value for key, value in self.scores if key == name), None)


def scores_of(values: Mapping[str, int | None]) -> tuple[tuple[str, int], ...]:
    """The scores given, in ``SCORES`` order: one form for each entry, so equal entries
    compare equal however they were made."""
    found: list[tuple[str, int]] = []
    for name in NAMES:
        value = values.get(name)
        if value is not None:
            found.append((name, value))
    return tuple(found)


def parse_score(text: str, what: str = "pain") -> int:
    """A whole number from 0 to 10, or a ``UsageError`` that says what is allowed."""
    cleaned = text.strip()
    if re.fullmatch(r"[0-9]{1,2}", cleaned) and int(cleaned) <= 10:
        return int(cleaned)
    raise UsageError(
        f"{what} must be a whole number from 0 to 10, not {quote(text)}.", f"On the scale, {SCALE}"
    )


def parse_place(text: str) -> str:
    """One of ``PLACES`` from the words people use ("low", "Lower back", "legs")."""
    key = " ".join(text.lower().replace("-", " ").split())
    for place, words in PLACES.items():
        if key in words:
            return place
    raise UsageError(
        f"{quote(text)} is not a place msback knows.",
        "Use one of: " + ", ".join(PLACES) + ".",
    )


def parse_note(text: str) -> str:
    """A note on one line, without control characters, of a sensible length."""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if len(cleaned) > NOTE_LIMIT:
        raise UsageError(f"the note is {len(cleaned)} characters; keep it to {NOTE_LIMIT}.")
    return cleaned


def parse_when(text: str, now: dt.datetime) -> str:
    """A time for a late entry: "yesterday 21:00", "today 8:30", "21:00", "2026-11-20",
    "2026-11-20 21:00" or "2026-11-20T21:00". A date alone means midday. Never later than
    ``now``."""
    words = re.sub(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})t", r"\1 ", text.strip().lower())
    day = now.date()
    clock: str | None = None
    parts = words.split()
    if parts and parts[0] in ("today", "yesterday"):
        day = day - dt.timedelta(days=1 if parts[0] == "yesterday" else 0)
        parts = parts[1:]
        clock = parts[0] if parts else "12:00"
        parts = parts[1:]
    elif parts and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", parts[0]):
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            raise _bad_when(text) from None
        clock = parts[1] if len(parts) > 1 else "12:00"
        parts = parts[2:]
    elif len(parts) == 1:
        clock = parts[0]
        parts = []
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", clock or "")
    if parts or match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise _bad_when(text)
    when = dt.datetime.combine(day, dt.time(int(match[1]), int(match[2])))
    if when.year < FIRST_YEAR:  # year 226 would be stored as "226-..." and break exports
        raise UsageError(
            f"{quote(text)} is before {FIRST_YEAR}: a diary entry cannot be that old.",
            "Check the year, e.g. --at 2026-11-20.",
        )
    gap = skipped_hour(when)
    if gap is not None:
        raise UsageError(
            f"{quote(text)} did not happen here: the clocks went forward from {gap[0]:%H:%M}"
            f" to {gap[1]:%H:%M} that night.",
            "Give a time before or after the hour they skipped.",
        )
    if when > now:
        raise UsageError(
            f"{quote(text)} is in the future.",
            "Give a time that has passed, e.g. --at 'yesterday 21:00'.",
        )
    return when.strftime(TIME_FORMAT)


def skipped_hour(when: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """If the local time ``when`` never happened here (the clocks went forward over it),
    the wall-clock times the gap runs from and to; else None. Uses the computer's zone."""

    def real(moment: dt.datetime) -> bool:
        return all(
            moment.replace(fold=fold).astimezone().replace(tzinfo=None) == moment for fold in (0, 1)
        )

    if real(when):
        return None
    start = when
    for _ in range(24 * 60):  # a gap is never longer than a day
        if real(start - dt.timedelta(minutes=1)):
            break
        start -= dt.timedelta(minutes=1)
    end = when
    for _ in range(24 * 60):
        end += dt.timedelta(minutes=1)
        if real(end):
            break
    return start, end


def _bad_when(text: str) -> UsageError:
    return UsageError(
        f"{quote(text)} is not a time msback understands.",
        "Try: --at 'yesterday 21:00', --at 'today 8:30' or --at 2026-11-20.",
    )
