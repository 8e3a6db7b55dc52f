"""The diary's safety nudges: what the entries show that is worth a word, whom to contact
and by when. Pure.

The thresholds and words follow brief addendum 2, R16 (NHS, MHRA and MS Trust advice), in
one table here rather than in content: ``log`` checks them after every entry, and reading
the content for it would slow every ``log`` down. Each nudge describes what was logged and
says whom to contact; none diagnoses, and none suggests taking more of a medicine. A nudge
may name the warning-sign lists that fit (``signs``: urgency levels of the guide's safety
topic), which the command shows from the content as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from msback.diary.entry import Entry

#: Pain this high, on any day, is worth telling someone about (R16: "very severe").
VERY_HIGH_PAIN = 9
#: Pain at least HIGH_PAIN on HIGH_DAYS of the last HIGH_WINDOW days (one missed day does
#: not hide it).
HIGH_PAIN, HIGH_DAYS, HIGH_WINDOW = 7, 3, 4
#: A new place of pain that is a warning sign: not logged in the NEW_PLACE_DAYS before.
NEW_PLACE_DAYS = 30
#: Pharmacy codeine is for 3 days' use only (MHRA 2009): a nudge after more days running.
CODEINE, CODEINE_DAYS = "codeine", 3
#: Anti-inflammatories on at least NSAID_DAYS of the last NSAID_WINDOW days (the leaflet's
#: 10 days, nudged a little before).
NSAIDS, NSAID_DAYS, NSAID_WINDOW = "anti-inflammatories", 7, 10
#: Stiffness at least STIFFNESS_RISE above the person's own average of the STIFFNESS_WINDOW
#: days before, from at least STIFFNESS_BASE scores.
STIFFNESS, STIFFNESS_RISE, STIFFNESS_WINDOW, STIFFNESS_BASE = "spasticity", 2, 14, 3
#: A weekly average up by this much from the week before (the smallest change that matters).
WEEK_RISE = 2.0

SOON = "Tell your GP, physio or MS team about it in the next few days."
CHECK_SIGNS = (
    "If anything is new or different, check the warning signs (msback show red-flags), or go"
    " through your pain step by step (msback guide)."
)


class Nudge(NamedTuple):
    """One thing the diary shows that is worth a word."""

    kind: str  # what set it off, one of KINDS
    text: str  # what the entries show, in plain words
    contact: str  # whom to contact, and by when
    signs: tuple[str, ...] = ()  # the warning-sign lists that fit (urgency levels)

    def lines(self) -> list[str]:
        return [self.text, self.contact]


#: What each kind of nudge is called in the clinic report's list of episodes.
KINDS: dict[str, str] = {
    "very-high-pain": f"Pain {VERY_HIGH_PAIN} or 10",
    "both-legs": "New pain in both legs",
    "upper-back": "New pain in the upper back",
    "high-pain-days": f"Pain {HIGH_PAIN} or more on {HIGH_DAYS} of {HIGH_WINDOW} days",
    "codeine-days": f"Codeine logged on more than {CODEINE_DAYS} days running",
    "nsaid-days": f"Anti-inflammatories logged on {NSAID_DAYS} or more of {NSAID_WINDOW} days",
    "stiffness-up": f"Stiffness {STIFFNESS_RISE} or more above the usual",
    "week-up": f"Weekly average up {WEEK_RISE:g} points or more",
}


class Episode(NamedTuple):
    """Days in a row on which one kind of nudge was set off."""

    kind: str
    first: dt.date
    last: dt.date


class _Day(NamedTuple):
    entries: list[Entry]  # where each was logged that day
    worst: int
    average: float
    tried: frozenset[str]
    stiffness: int | None  # the highest stiffness score that day


Days = dict[dt.date, _Day]


def nudges(entries: Sequence[Entry], today: dt.date, new: Entry | None = None) -> list[Nudge]:
    """The nudges the entries set off as of ``today`` (or the latest day logged, if that
    is later: a day logged in a time zone ahead), most urgent first. With ``new`` (the entry
    ``log`` just saved), very high pain and a new place are about that entry alone, so a
    second entry the same day does not say them again."""
    days = _days(entries)
    found = _on(days, max([today, *days]))
    if new is None:
        return found
    alone = {n.kind for n in _on(_days([new]), dt.date.fromisoformat(new.day))}
    if not _new_place(days, new):  # its place was logged in the month before it
        alone &= {"very-high-pain"}
    return [n for n in found if n.kind not in _ABOUT_ONE_ENTRY or n.kind in alone]


#: The nudges about one entry (its pain, its place), not about a pattern of days.
_ABOUT_ONE_ENTRY = ("very-high-pain", "both-legs", "upper-back")


def episodes(entries: Sequence[Entry], first: dt.date, last: dt.date) -> list[Episode]:
    """Each run of days from ``first`` to ``last`` on which a kind of nudge was set off, as
    it would have been that day; ``entries`` may start earlier (the windows look back)."""
    days = _days(entries)
    open_runs: dict[str, Episode] = {}
    found: list[Episode] = []
    day = first
    while day <= last:
        for kind in dict.fromkeys(n.kind for n in _on(days, day)):
            run = open_runs.get(kind)
            if run is not None and run.last == day - dt.timedelta(days=1):
                open_runs[kind] = run._replace(last=day)
                continue
            if run is not None:
                found.append(run)
            open_runs[kind] = Episode(kind, day, day)
        day += dt.timedelta(days=1)
    found += open_runs.values()
    order = list(KINDS)
    return sorted(found, key=lambda e: (e.first, order.index(e.kind)))


def _on(days: Days, day: dt.date) -> list[Nudge]:
    """The nudges that ``day`` sets off, most urgent first."""
    found: list[Nudge] = []
    logged = days[day].entries if day in days else []
    worst = max((e.pain for e in logged), default=None)
    if worst is not None and worst >= VERY_HIGH_PAIN:
        found.append(
            Nudge(
                "very-high-pain",
                f"You logged pain of {worst} out of 10.",
                "If any emergency sign below is new, call 999 now; if a same-day sign fits,"
                " see a doctor today (urgent GP or NHS 111). If none fits: pain this bad is"
                " worth telling your GP or MS team in the next few days. Call NHS 111 if you"
                " cannot cope with it.",
                ("emergency", "same-day"),
            )
        )
    for place, words, kind, contact, signs in _PLACES:
        if any(e.where == place and _new_place(days, e) for e in logged):
            text = f"You logged pain in {words}, for the first time in {NEW_PLACE_DAYS} days."
            found.append(Nudge(kind, text, contact, signs))
    found += _high_days(days, day) + _medicines(days, day) + _stiffness_up(days, day)
    found += _week_up(days, day)
    return found


#: The places that are a warning sign when they are new (``entry.PLACES``), in a sentence:
#: whom to contact, and which signs fit.
_PLACES = (
    (
        "both legs",
        "both legs",
        "both-legs",
        "If this is new for you, call 999 now, and check the emergency signs below.",
        ("emergency",),
    ),
    (
        "upper back",
        "your upper back",
        "upper-back",
        "New pain in the upper back, between the shoulders, needs a doctor today: call your"
        " GP for an urgent appointment, or NHS 111.",
        ("same-day",),
    ),
)


def _new_place(days: Days, entry: Entry) -> bool:
    """Whether ``entry``'s place was not logged in the ``NEW_PLACE_DAYS`` before it."""
    since = entry.instant - dt.timedelta(days=NEW_PLACE_DAYS)
    start = dt.date.fromisoformat(entry.day)
    for i in range(NEW_PLACE_DAYS + 2):  # a day either side: other time zones
        for e in days.get(start - dt.timedelta(days=i - 1), _EMPTY).entries:
            if e.where == entry.where and since <= e.instant < entry.instant:
                return False
    return True


def _window(day: dt.date, count: int) -> list[dt.date]:
    return [day - dt.timedelta(days=i) for i in range(count)]


def _high_days(days: Days, day: dt.date) -> list[Nudge]:
    high = [d for d in _window(day, HIGH_WINDOW) if d in days and days[d].worst >= HIGH_PAIN]
    if len(high) < HIGH_DAYS:
        return []
    return [
        Nudge(
            "high-pain-days",
            f"Your pain was {HIGH_PAIN} or more on {len(high)} of the last {HIGH_WINDOW} days.",
            f"{SOON} {CHECK_SIGNS}",
        )
    ]


def _medicines(days: Days, day: dt.date) -> list[Nudge]:
    found = []
    running = 0
    while (d := days.get(day - dt.timedelta(days=running))) is not None and CODEINE in d.tried:
        running += 1
    if running > CODEINE_DAYS:
        found.append(
            Nudge(
                "codeine-days",
                f"You logged codeine on {running} days running. Codeine bought at a pharmacy"
                f" is meant for {CODEINE_DAYS} days at most.",
                "Talk to a pharmacist or your GP about it in the next few days.",
            )
        )
    taken = [d for d in _window(day, NSAID_WINDOW) if d in days and NSAIDS in days[d].tried]
    if len(taken) >= NSAID_DAYS:
        found.append(
            Nudge(
                "nsaid-days",
                f"You logged anti-inflammatory painkillers on {len(taken)} of the last"
                f" {NSAID_WINDOW} days.",
                "Talk to a pharmacist or your GP about it in the next few days.",
            )
        )
    return found


def _stiffness_up(days: Days, day: dt.date) -> list[Nudge]:
    now = days[day].stiffness if day in days else None
    before = [
        d.stiffness
        for i in range(1, STIFFNESS_WINDOW + 1)
        if (d := days.get(day - dt.timedelta(days=i))) is not None and d.stiffness is not None
    ]
    if now is None or len(before) < STIFFNESS_BASE:
        return []
    usual = round(sum(before) / len(before), 1)
    if now < usual + STIFFNESS_RISE:
        return []
    return [
        Nudge(
            "stiffness-up",
            f"Your stiffness ({now}) is {now - usual:g} points above your own average for the"
            f" {STIFFNESS_WINDOW} days before ({usual:g}).",
            "Check for things that can set it off, such as a urine infection (burning,"
            " frequent or smelly pee) or constipation. With signs of a urine infection or a"
            " fever, see your GP or a pharmacist today. If there is no clear cause, or it does"
            " not settle, tell your MS team in the next few days.",
        )
    ]


def _week_up(days: Days, day: dt.date) -> list[Nudge]:
    """This week's average of daily averages against the week before (as ``history``)."""
    this = [days[d].average for d in _window(day, 7) if d in days]
    before = [days[d].average for d in _window(day - dt.timedelta(days=7), 7) if d in days]
    if not this or not before:
        return []
    change = round(round(sum(this) / len(this), 1) - round(sum(before) / len(before), 1), 1)
    if change < WEEK_RISE:
        return []
    return [
        Nudge(
            "week-up",
            f"Your average pain this week is {change:g} points higher than the week before.",
            f"{SOON} {CHECK_SIGNS}",
        )
    ]


_EMPTY = _Day([], 0, 0.0, frozenset(), None)


def _days(entries: Iterable[Entry]) -> Days:
    """Each day with entries (where they were logged): its entries, worst and average
    pain (as ``insights.days_of``), what was tried, and the highest stiffness."""
    by_day: dict[dt.date, list[Entry]] = {}
    for e in entries:
        by_day.setdefault(dt.date.fromisoformat(e.day), []).append(e)
    found: Days = {}
    for day, logged in by_day.items():
        pains = [e.pain for e in logged]
        scores = [s for e in logged if (s := e.score(STIFFNESS)) is not None]
        found[day] = _Day(
            logged,
            max(pains),
            round(sum(pains) / len(pains), 1),
            frozenset(k for e in logged for k in e.tried_keys),
            max(scores) if scores else None,
        )
    return found
