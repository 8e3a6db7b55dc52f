"""The diary's safety nudges: what the entries show that is worth a word, whom to contact
and by when. Pure.

Whom to contact and how soon follow brief addendum 2, R16 (its tiers: 999, the same day,
soon), with §1a/§1b of the brief for fever and R8 for sepsis. The numbers that set them off
are design choices, not sourced cut-offs (R16: no source sets one): they are in one table
here rather than in content, because ``log`` checks them after every entry and reading the
content for it would slow every ``log`` down. Each nudge describes what was logged and says
whom to contact; none diagnoses, and none suggests taking more, or less, of a medicine. A
nudge may name the warning-sign lists that fit (``signs``: urgency levels of the guide's
safety topic), which the command shows from the content as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from msback.diary.entry import Entry

#: Pain this high is worth telling someone about (R16: "very severe").
VERY_HIGH_PAIN = 9
#: Pain at least HIGH_PAIN on HIGH_DAYS of the last HIGH_WINDOW days (one missed day does
#: not hide it).
HIGH_PAIN, HIGH_DAYS, HIGH_WINDOW = 7, 3, 4
#: A warning place is new if not logged in the PLACE_DAYS before, and worse than usual if
#: its pain is at least PLACE_RISE above the highest logged there in those days.
PLACE_DAYS, PLACE_RISE = 30, 2
#: Pharmacy codeine is for 3 days' use only (MHRA 2009): a nudge after more days running. A
#: day with no entry at all does not break the run (people forget to log); a day logged
#: without codeine does. After LONG_CODEINE_DAYS, the brief's advice on stopping.
CODEINE, CODEINE_DAYS, LONG_CODEINE_DAYS = "codeine", 3, 14
#: Anti-inflammatories on at least NSAID_DAYS of the last NSAID_WINDOW days (the leaflet's
#: 10 days, nudged a little before).
NSAIDS, NSAID_DAYS, NSAID_WINDOW = "anti-inflammatories", 7, 10
#: Stiffness at least STIFFNESS_RISE above the person's own average of the STIFFNESS_WINDOW
#: days before, from at least STIFFNESS_BASE scores.
STIFFNESS, STIFFNESS_RISE, STIFFNESS_WINDOW, STIFFNESS_BASE = "spasticity", 2, 14, 3
#: A weekly average up by this much from the week before.
WEEK_RISE = 2.0

EMERGENCY_CALL = "call 999, 911 or 112"
SAME_DAY = "see a doctor today (urgent GP or NHS 111)"
NOT_SURE = (
    f"Not sure? {SAME_DAY[0].upper()}{SAME_DAY[1:]}, or {EMERGENCY_CALL} if it is happening now."
)
SOON = "Tell your GP, physio or MS team about it in the next few days."
CHECK_SIGNS = (
    "If anything is new or different, check the warning signs (msback show red-flags), or go"
    " through your pain step by step (msback guide)."
)
PHARMACIST = "Talk to a pharmacist or your GP about it in the next few days."


class Nudge(NamedTuple):
    """One thing the diary shows that is worth a word."""

    kind: str  # what set it off, one of KINDS
    text: str  # what the entries show, in plain words
    contact: str  # whom to contact, and by when
    signs: tuple[str, ...] = ()  # the warning-sign lists that fit (urgency levels)

    def lines(self) -> list[str]:
        return [self.text, self.contact]


#: What each kind of nudge is called in the clinic report, most urgent first (the order
#: nudges are said in).
KINDS: dict[str, str] = {
    "both-legs": f"Pain in both legs, first in {PLACE_DAYS} days or higher than there before",
    "very-high-pain": f"Pain {VERY_HIGH_PAIN} or 10",
    "upper-back": f"Pain in the upper back, first in {PLACE_DAYS} days or higher than before",
    "stiffness-up": f"Stiffness {STIFFNESS_RISE} or more above the usual",
    "high-pain-days": f"Pain {HIGH_PAIN} or more on {HIGH_DAYS} of {HIGH_WINDOW} days",
    "codeine-days": f"Codeine logged on more than {CODEINE_DAYS} days running",
    "nsaid-days": f"Anti-inflammatories logged on {NSAID_DAYS} or more of {NSAID_WINDOW} days",
    "week-up": f"Weekly average up {WEEK_RISE:g} points or more",
}
#: The nudges about one entry (its pain, its place), not about a pattern of days.
_ABOUT_ONE_ENTRY = ("both-legs", "very-high-pain", "upper-back")


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
    is later: a day logged in a time zone ahead), most urgent first.

    With ``new`` (the entry ``log`` just saved, among ``entries``), very high pain and a
    warning place are about that entry alone, whatever its date (a late entry for last
    night still says them); a pattern of days is said at the first entry of a day, or when
    this entry sets it off, so logging again the same day does not repeat it."""
    days = _days(entries)
    latest = max([today, *days])
    if new is None:
        return _order(_on(days, latest))
    others = list(entries)
    if new in others:
        others.remove(new)
    before = {n.kind for n in _on(_days(others), latest)}
    first_today = not any(e.day == new.day for e in others)
    about_new = _about(days, new, late=new.day < latest.isoformat())
    patterns = [
        n
        for n in _on(days, latest)
        if n.kind not in _ABOUT_ONE_ENTRY and (first_today or n.kind not in before)
    ]
    return _order(about_new + patterns)


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


def _order(found: list[Nudge]) -> list[Nudge]:
    """Most urgent first (``KINDS``), each kind once."""
    order = list(KINDS)
    unique = {n.kind: n for n in reversed(found)}
    return sorted(unique.values(), key=lambda n: order.index(n.kind))


def _on(days: Days, day: dt.date) -> list[Nudge]:
    """The nudges that ``day`` sets off: its entries' own, then the patterns up to it."""
    found = (
        [n for e in days[day].entries for n in _about(days, e, dated=True)] if day in days else []
    )
    found += _high_days(days, day) + _medicines(days, day) + _stiffness_up(days, day)
    return _order(found + _week_up(days, day))


def _about(days: Days, entry: Entry, dated: bool = False, late: bool = False) -> list[Nudge]:
    """The nudges about one entry: very high pain, and a warning place that is new or
    worse than usual. ``dated``: the text names its day; ``late``: logged for an earlier
    day just now, so the text asks whether it is still there."""
    found = []
    when = f" on {_day_name(entry.day)}" if dated or late else ""
    still = " If it is still there:" if late else ""
    for place, words, kind, contact, signs in _PLACES:
        change = _new_or_worse(days, entry) if entry.where == place else None
        if change is not None:
            text = f"You logged pain in {words}{when}, {change}.{still}"
            found.append(Nudge(kind, text, contact, signs))
    if entry.pain >= VERY_HIGH_PAIN:
        found.append(
            Nudge(
                "very-high-pain",
                f"You logged pain of {entry.pain} out of 10{when}.{still}",
                f"If an emergency sign fits, {EMERGENCY_CALL} now. If a same-day sign fits, or"
                f" the pain stops you sleeping, {SAME_DAY}. {NOT_SURE} Otherwise, tell your GP"
                " or MS team in the next few days; call NHS 111 if you cannot cope.",
                ("emergency", "same-day"),
            )
        )
    return found


#: The places that are a warning sign when new or worse than usual (``entry.PLACES``), in
#: a sentence: whom to contact, and which signs fit.
_PLACES = (
    (
        "both legs",
        "both legs",
        "both-legs",
        f"If this is new, or worse or different from your usual MS, {EMERGENCY_CALL} now,"
        f" and check the emergency signs. {NOT_SURE}",
        ("emergency",),
    ),
    (
        "upper back",
        "your upper back",
        "upper-back",
        f"New pain in the upper back, between the shoulders, needs a doctor today: {SAME_DAY}."
        f" With chest pain, or a band of pain around your chest that is new, {EMERGENCY_CALL}"
        " now (see the emergency signs).",
        ("emergency", "same-day"),
    ),
)


def _new_or_worse(days: Days, entry: Entry) -> str | None:
    """How ``entry``'s place changed, in words: not logged in the ``PLACE_DAYS`` before it,
    or its pain at least ``PLACE_RISE`` above the highest logged there then; else None.
    An entry in the same minute counts as before it if it was saved first."""
    since = entry.instant - dt.timedelta(days=PLACE_DAYS)
    start = dt.date.fromisoformat(entry.day)
    before: list[int] = []
    for i in range(PLACE_DAYS + 2):  # a day either side: other time zones
        for e in days.get(start - dt.timedelta(days=i - 1), _EMPTY).entries:
            if e == entry and e.instant == entry.instant:
                break  # saved after the ones before it in the list: they came first
            if e.where == entry.where and since <= e.instant <= entry.instant:
                before.append(e.pain)
    if not before:
        return f"and none there in the {PLACE_DAYS} days before"
    if entry.pain >= max(before) + PLACE_RISE:
        return f"higher than any there in the {PLACE_DAYS} days before ({max(before)})"
    return None


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


def _codeine_run(days: Days, day: dt.date) -> int:
    """Days running up to ``day`` with codeine logged; one day with no entry at all (not
    logged) is passed over, a day logged without codeine ends the run."""
    running, skipped, back = 0, 0, 0
    while True:
        logged = days.get(day - dt.timedelta(days=back))
        back += 1
        if logged is None:
            skipped += 1
            if skipped > 1:
                return running
            continue
        if CODEINE not in logged.tried:
            return running
        running, skipped = running + 1, 0


def _medicines(days: Days, day: dt.date) -> list[Nudge]:
    found = []
    running = _codeine_run(days, day)
    if running > CODEINE_DAYS:
        stopping = (
            " After more than a few weeks, do not stop suddenly without advice."
            if running >= LONG_CODEINE_DAYS
            else ""
        )
        found.append(
            Nudge(
                "codeine-days",
                f"You logged a painkiller with codeine or a similar opioid (such as co-codamol"
                f" or co-dydramol) on {running} days running. Codeine bought at a pharmacy is"
                f" meant for {CODEINE_DAYS} days at most.",
                f"Talk to a pharmacist or your GP about it before you use it again if you can,"
                f" or in the next few days.{stopping}",
            )
        )
    taken = [d for d in _window(day, NSAID_WINDOW) if d in days and NSAIDS in days[d].tried]
    if len(taken) >= NSAID_DAYS:
        found.append(
            Nudge(
                "nsaid-days",
                f"You logged anti-inflammatory painkillers (such as ibuprofen or naproxen) on"
                f" {len(taken)} of the last {NSAID_WINDOW} days.",
                PHARMACIST,
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
            "Check for things that can set it off, such as a urine infection or constipation."
            " If it burns or stings when you pee, or you pee more often than usual, see your"
            f" GP or a pharmacist today. With a fever, shivers or pain in your side, {SAME_DAY};"
            f" with any emergency sign, {EMERGENCY_CALL}."
            " With other new MS symptoms lasting over 24 hours, contact your MS team today or"
            " tomorrow. If there is no clear cause, or it does not settle, tell your MS team in"
            " the next few days.",
            ("emergency", "same-day"),
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


def _day_name(day: str) -> str:
    moment = dt.date.fromisoformat(day)
    return f"{moment:%a} {moment.day} {moment:%b}"


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
