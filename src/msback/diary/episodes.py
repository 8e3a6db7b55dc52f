"""A flare or relapse as the person records it, and their flare plan's parts. Pure.

msback never labels an episode: ``called`` is what the person (or their MS team) calls it.
Dates are the person's own calendar days ("YYYY-MM-DD"); what is new or worse and the plan
are their words, kept exactly as typed (a dose they write is their own note).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from msback.errors import UsageError, quote

#: What the person (or their team) calls an episode: stored as written here.
CALLED = ("pain flare", "possible relapse", "relapse my team confirmed")
#: The words accepted for each (forgiving: "flare", "2", "confirmed").
CALLED_WORDS: dict[str, tuple[str, ...]] = {
    "pain flare": (
        "1", "pain flare", "flare", "pain", "flare up", "setback", "pain flare up", "bad flare",
    ),
    # "relapse" alone is what the person thinks it may be: only their team confirms one.
    "possible relapse": (
        "2", "possible relapse", "possible", "maybe relapse", "relapse?", "relapse",
        "a relapse", "ms relapse", "pseudo relapse", "pseudorelapse", "pseudo",
    ),
    "relapse my team confirmed": (
        "3", "relapse my team confirmed", "confirmed relapse", "team confirmed",
        "my team confirmed",
    ),
}  # fmt: skip
#: A possible trigger, as the issue's record asks for it ("" when not said).
TRIGGERS = ("infection", "heat", "stress", "none known")
TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "infection": ("infection", "infected", "uti", "urine infection", "flu", "virus", "fever"),
    "heat": ("heat", "hot", "hot weather", "hot bath", "warm", "sun"),
    "stress": ("stress", "stressed", "worry", "upset"),
    "none known": ("none known", "none", "no", "not known", "unknown", "dont know", "don't know"),
}
#: The longest text kept for what is new or worse (a paragraph; a plan part is the same).
TEXT_LIMIT = 2000


class Episode(NamedTuple):
    """One recorded episode. ``told``: the day the MS team was told ("" if not told);
    ``steroids``: True, False, or None if not said. ``ended``: "" while it is open."""

    called: str
    started: str
    ended: str = ""
    what: str = ""  # what is new or worse, in the person's words
    words: tuple[str, ...] = ()  # the common words they picked ("pain", "walking")
    trigger: str = ""
    told: str = ""
    steroids: bool | None = None
    id: int = 0  # the diary's row id (0: not stored yet)

    def days(self, today: dt.date) -> int:
        """How many calendar days it lasted (or has lasted so far), counting both ends."""
        last = dt.date.fromisoformat(self.ended) if self.ended else today
        return max(1, (last - dt.date.fromisoformat(self.started)).days + 1)


class PlanPart(NamedTuple):
    """One part of the person's flare plan: which prompt it answers, that prompt's short
    label when it was written (so it still reads well if the prompt is renamed), and their
    words."""

    part: str
    label: str
    text: str


def _pick(raw: str, table: dict[str, tuple[str, ...]], what: str) -> str:
    """The value whose words hold what was typed: case, spaces, hyphens and a typing slip in
    one word of five letters or more forgiven ("Pain flare-up", "relaps"; never "not a
    relapse", which is refused)."""
    import difflib

    key = " ".join(raw.casefold().replace("\u2019", "'").replace("-", " ").split()).strip(".")
    owner = {word: value for value, words in table.items() for word in words}
    if key not in owner and len(key) >= 5 and " " not in key:
        close = difflib.get_close_matches(key, list(owner), n=1, cutoff=0.8)
        key = close[0] if close else key
    if key in owner:
        return owner[key]
    choices = ", ".join(table)
    raise UsageError(f"{quote(raw)} is not {what} msback knows.", f"Use one of: {choices}.")


def parse_called(raw: str) -> str:
    """What the episode is called, from what was typed ("flare", "2", "confirmed")."""
    return _pick(raw, CALLED_WORDS, "a name for an episode")


def parse_trigger(raw: str) -> str:
    """The possible trigger, from what was typed ("hot", "uti", "none")."""
    return _pick(raw, TRIGGER_WORDS, "a trigger")


def parse_yes_no(raw: str, what: str) -> bool:
    key = raw.strip().casefold()
    if key in ("y", "yes", "true", "1"):
        return True
    if key in ("n", "no", "false", "0"):
        return False
    raise UsageError(f"{quote(raw)} is not yes or no, for {what}.")


def parse_day(raw: str, today: dt.date, what: str) -> str:
    """A calendar day from what was typed: "today", "yesterday", "3 days ago", "2026-11-28",
    "28/11/2026", "28/11" (day first, as in the UK) or "28 nov"; never in the future."""
    key = " ".join(raw.casefold().split())
    day: dt.date | None = None
    if key in ("today", "now"):
        day = today
    elif key == "tomorrow":
        day = today + dt.timedelta(days=1)
    elif key == "yesterday":
        day = today - dt.timedelta(days=1)
    elif key.endswith(" ago") and key.split()[0].isdigit():
        count, unit = int(key.split()[0]), key.split()[1].rstrip("s")
        if unit == "day":
            day = today - dt.timedelta(days=count)
        elif unit == "week":
            day = today - dt.timedelta(weeks=count)
    else:
        day = _calendar_day(key, today)
    if day is None:
        raise UsageError(
            f"{quote(raw)} is not a date msback can read, for {what}.",
            "Try: today, yesterday, 3 days ago, or 2026-11-28.",
        )
    if day > today:
        raise UsageError(f"{day.isoformat()} is in the future, for {what}.")
    if day.year < 1900:
        raise UsageError(f"{day.isoformat()} is too long ago, for {what}.")
    return day.isoformat()


def _calendar_day(key: str, today: dt.date) -> dt.date | None:
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(key, form).date()
        except ValueError:
            continue
    for form in ("%d/%m", "%d.%m", "%d %b", "%d %B", "%b %d", "%B %d"):
        try:
            moment = dt.datetime.strptime(f"{key} {today.year}", f"{form} %Y").date()
        except ValueError:
            continue
        return moment if moment <= today else moment.replace(year=today.year - 1)
    return None


def clean_text(raw: str) -> str:
    """The person's words as kept: exactly as typed, but no control characters (a pasted
    escape code could repaint a screen) and at most ``TEXT_LIMIT`` characters."""
    kept = "".join(c if c.isprintable() or c == "\n" else " " for c in raw).strip()
    if len(kept) > TEXT_LIMIT:
        raise UsageError(f"that is {len(kept)} characters; at most {TEXT_LIMIT} are kept.")
    return kept


#: The most of the person's own words ``describe`` shows in its one line (all are kept).
SAID_IN_LINE = 120


def describe(episode: Episode, today: dt.date) -> str:
    """One line for the history and the report: dates, length, what it is called, what was
    new or worse (the words picked, then the person's own, shortened if long), the possible
    trigger, whether the MS team was told (a relapse not yet told says so), steroids."""
    start = episode.started
    span = f"{start} to {episode.ended}" if episode.ended else f"{start}, still going"
    days = episode.days(today)
    parts = [f"{span} ({days} day{'s' if days != 1 else ''}): {episode.called}"]
    if episode.words:
        parts.append("new or worse: " + ", ".join(episode.words))
    if episode.what:
        said = " ".join(episode.what.split())
        cut = said if len(said) <= SAID_IN_LINE else said[: SAID_IN_LINE - 3].rstrip() + "..."
        parts.append(f'in my words: "{cut}"')
    if episode.trigger:
        parts.append(f"possible trigger: {episode.trigger}")
    if episode.told:
        parts.append(f"MS team told {episode.told}")
    elif episode.called == "possible relapse":  # a relapse the team confirmed, they know of
        parts.append("MS team not told yet")
    if episode.steroids is not None:
        parts.append("steroids given" if episode.steroids else "no steroids")
    return "; ".join(parts)
