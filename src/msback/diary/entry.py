"""One diary entry, and the forgiving parsing of what people type for it. Pure.

Scores use the standard 0-10 numeric rating scale. Times are the wall-clock minute where
the entry was logged ("2026-11-26 21:00") with that place's UTC offset: a diary is read by
the person who wrote it, in their own time, and entries logged in two time zones still
sort and compare by the moment they were logged.
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
#: The same scale for the other scores (stiffness, tiredness).
OTHER_SCALE = "0 is none and 10 is the worst you can imagine."
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
#: The fields of an entry as the diary stores them, by their column names: also the order of
#: a row kept aside as unreadable, which exports carry as it was.
STORED = ("at", "pain", "place", "tried", *NAMES, "note", "utc_offset")
#: Entries before this year are refused: a typo (0226 for 2026), never a real diary entry.
FIRST_YEAR = 1900


#: The longest name for one thing tried.
TRIED_LIMIT = 100


class Tried(NamedTuple):
    """Something the person tried: their own words, and the treatment topics those count
    for (``content/tried.yaml``); none when msback knows no treatment by that name, and the
    words are kept as written."""

    label: str
    topics: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """What "what helped" and the report group it by: its topics, else its words."""
        return self.topics or (self.label,)


def tried_text(items: tuple[Tried, ...]) -> str:
    """What was tried as the diary stores it: one line per item, its words, a tab, and its
    topics separated by spaces. Words never hold a tab or a line break (``parse_tried``)."""
    return "\n".join(f"{item.label}\t{' '.join(item.topics)}" for item in items)


def tried_items(text: str) -> tuple[Tried, ...]:
    """The items of ``tried_text``."""
    items = []
    for line in text.split("\n") if text else ():
        label, _, topics = line.partition("\t")
        items.append(Tried(label, tuple(topics.split())))
    return tuple(items)


def split_tried(text: str) -> list[str]:
    """The things named in what a person typed, "heat, pool; tens" -> three, each cleaned
    as a note is (no control characters) and at most ``TRIED_LIMIT`` characters."""
    names = []
    for part in re.split(r"[,;]", text):
        name = " ".join("".join(c if c.isprintable() else " " for c in part).split())
        if len(name) > TRIED_LIMIT:
            raise UsageError(
                f"{quote(name)} is too long for something tried: keep each to"
                f" {TRIED_LIMIT} characters (use --note for more)."
            )
        if name:
            names.append(name)
    return names


class Entry(NamedTuple):
    """A diary entry: when, how much pain (0-10), and what else the person noted.

    A NamedTuple, not a msgspec Struct: ``msback log`` then needs no msgspec at all, which
    saves about 18 ms of its start-up."""

    at: str  # local time, "YYYY-MM-DD HH:MM"
    pain: int
    where: str = ""
    tried: tuple[Tried, ...] = ()
    scores: tuple[tuple[str, int], ...] = ()  # (name, 0-10) of the scores given, see SCORES
    note: str = ""
    #: Minutes east of UTC where it was logged (60 for UTC+01:00). None only until it is
    #: stored: then it is this computer's offset at that time (``local_offset``).
    offset: int | None = None

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def tried_keys(self) -> tuple[str, ...]:
        """Everything tried, as "what helped" groups it (``Tried.keys``), each once."""
        return tuple(dict.fromkeys(key for item in self.tried for key in item.keys))

    def score(self, name: str) -> int | None:
        """The score called ``name`` (``scores.SCORES``), or None if it was not given."""
        return next((value for key, value in self.scores if key == name), None)

    @property
    def instant(self) -> dt.datetime:
        """The moment it was logged, in UTC: what entries are sorted and compared by."""
        moment = dt.datetime.strptime(self.at, TIME_FORMAT)
        offset = local_offset(moment) if self.offset is None else self.offset
        return (moment - dt.timedelta(minutes=offset)).replace(tzinfo=dt.UTC)

    def stored(self) -> Entry:
        """The entry as the diary keeps it: with its UTC offset (this computer's at that
        time when it was not given)."""
        if self.offset is not None:
            return self
        return self._replace(offset=local_offset(dt.datetime.strptime(self.at, TIME_FORMAT)))


class When(NamedTuple):
    """A time given for an entry: the wall-clock minute, its UTC offset, and a line to tell
    the person when the time was ambiguous (the hour the clocks went back happens twice)."""

    at: str
    offset: int
    notice: str = ""


#: The widest UTC offset accepted, in minutes (ISO 8601 and most systems allow +-18:00).
MAX_OFFSET = 18 * 60


def local_offset(moment: dt.datetime) -> int:
    """This computer's UTC offset, in minutes east, at the local time ``moment`` as it was
    on that date (the system's time zone rules). ``moment.fold`` picks the second of a
    repeated hour. Old local mean times (-00:01:15 in London before 1847) round to minutes."""
    offset = moment.astimezone().utcoffset() or dt.timedelta(0)
    return round(offset.total_seconds() / 60)


def offset_text(minutes: int) -> str:
    """An offset as ISO 8601 writes it: "+09:00", "-05:00", "+00:00"."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def parse_offset(text: str) -> int:
    """A UTC offset as people and programs write it ("+09:00", "-0500", "+5:30", "-5", "Z",
    "UTC", "UTC+1", "GMT-03:00"), in minutes east of UTC."""
    key = "".join(text.split()).upper()
    key = key.removeprefix("UTC").removeprefix("GMT")
    if key in ("", "Z"):
        return 0
    match = re.fullmatch(r"([+-])([0-9]{1,2})(?::?([0-9]{2}))?", key)
    minutes = int(match[2]) * 60 + int(match[3] or 0) if match else MAX_OFFSET + 1
    if match is None or minutes > MAX_OFFSET or int(match[3] or 0) > 59:
        raise UsageError(
            f"{quote(text)} is not a UTC offset msback understands.",
            "Write it as +01:00, -05:00 or Z.",
        )
    return -minutes if match[1] == "-" else minutes


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
    scale = SCALE if what == "pain" else OTHER_SCALE
    raise UsageError(
        f"{what} must be a whole number from 0 to 10, not {quote(text)}.", f"On the scale, {scale}"
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


def parse_when(text: str, now: dt.datetime) -> When:
    """A time for a late entry, here (this computer's time zone): "yesterday 21:00", "today
    8:30", "21:00", "2026-11-20", "2026-11-20 21:00" or "2026-11-20T21:00". A date alone
    means midday. Never later than ``now`` (local, as ``Environment.clock`` gives it); never
    in the hour the clocks skipped; in the hour they went back, the first time, and the
    notice says so."""
    when = _parse_clock(text, now)
    gap = skipped_hour(when)
    if gap is not None:
        raise UsageError(
            f"{quote(text)} did not happen here: the clocks went forward from {gap[0]:%H:%M}"
            f" to {gap[1]:%H:%M} that night.",
            "Give a time before or after the time they skipped.",
        )
    first, second = local_offset(when), local_offset(when.replace(fold=1))
    notice = ""
    if first != second:  # a repeated hour: the earlier of the two, which has the larger offset
        earlier = max(first, second)
        notice = (
            f"{when:%H:%M} happened twice that night (the clocks went back); msback took the"
            f" first time, at UTC{offset_text(earlier)}."
        )
        first = earlier
    return _not_future(text, When(when.strftime(TIME_FORMAT), _real_offset(first), notice), now)


def parse_when_at(text: str, offset: int, now: dt.datetime) -> When:
    """A time given with its own UTC offset (a row of msback's CSV logged elsewhere): as
    ``parse_when``, but read in that offset, not this computer's zone."""
    when = _parse_clock(text, now)
    return _not_future(text, When(when.strftime(TIME_FORMAT), offset), now)


def now_when(now: dt.datetime) -> When:
    """The time ``now`` (local, as ``Environment.clock`` gives it) as an entry's time."""
    return When(now.strftime(TIME_FORMAT), _real_offset(local_offset(now)))


def _real_offset(minutes: int) -> int:
    """``minutes`` if it is an offset a real place has (``MAX_OFFSET``); else a
    ``UsageError``: a computer set to UTC+20:00 cannot say when an entry was made."""
    if abs(minutes) > MAX_OFFSET:
        raise UsageError(
            f"this computer's time zone is UTC{offset_text(minutes)}, which no place uses.",
            "Set the computer's time zone (or TZ) to where you are, then try again.",
        )
    return minutes


def _not_future(text: str, when: When, now: dt.datetime) -> When:
    """``when`` if its moment has passed by ``now``; else a ``UsageError``. Compared as
    moments: an entry logged a moment ago where the clocks are ahead is not in the future."""
    logged = Entry(when.at, 0, offset=when.offset).instant
    if logged > now.astimezone(dt.UTC):
        raise UsageError(
            f"{quote(text)} is in the future.",
            "Give a time that has passed, e.g. --at 'yesterday 21:00'.",
        )
    return when


def _parse_clock(text: str, now: dt.datetime) -> dt.datetime:
    """The wall-clock time ``text`` names (see ``parse_when``), from 1900 on."""
    words = re.sub(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})t", r"\1 ", text.strip().lower())
    day = now.date()
    clock: str | None = None
    parts = words.split()
    if parts and parts[0] in ("tomorrow", "tonight"):
        raise UsageError(
            f"{quote(text)} is in the future.",
            "Give a time that has passed, e.g. --at 'yesterday 21:00'.",
        )
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
    return when


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
