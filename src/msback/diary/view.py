"""The diary as text for a person: a saved entry in one line, and the history. Pure.

The history and "what helped" are documents (``render`` blocks), wrapped and drawn as
plain text or Rich like every other screen. ``history_doc`` draws the glyph chart only for
a terminal (``chart_width``); the plain form, for screen readers and pipes, gives one line
per day with its numbers instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from msback.diary import chart, insights, nudges
from msback.diary.entry import Entry, Tried, offset_text
from msback.diary.episodes import Episode, describe
from msback.diary.scores import SCORES
from msback.environment import TIME_FORMAT
from msback.render import Block, Bullets, Doc, Lines

#: Said under the glyph chart, for a screen reader: where the same numbers are in words.
CHART_IN_WORDS = "The chart in words: msback history --plain gives each day's numbers."
#: Entries listed unless all are asked for.
SHOWN_ENTRIES = 10


#: This computer's UTC offset at a local time (``entry.local_offset``), given by the caller
#: so the views stay pure.
Here = Callable[[dt.datetime], int]


def when(at: str, offset: int | None = None, here: Here | None = None) -> str:
    """ "2026-11-26 07:10" as "Thu 26 Nov 2026 07:10": the time where it was logged, and its
    UTC offset when it was logged in another time zone than this computer had then
    ("... 07:10 (UTC+09:00)"). Summer time here is not another zone, nor is either of
    the two times the clocks showed twice when they went back: no offset is shown."""
    try:
        moment = dt.datetime.strptime(at, TIME_FORMAT)
    except ValueError:  # a kept result's time another program wrote: shown as it is
        return at
    text = f"{moment:%a} {moment.day} {moment:%b %Y %H:%M}"
    if (
        offset is not None
        and here is not None
        and offset not in (here(moment), here(moment.replace(fold=1)))
    ):
        text += f" (UTC{offset_text(offset)})"
    return text


LABELS = {score.name: score.label for score in SCORES}


def day_name(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def tried_phrase(item: Tried, titles: Mapping[str, str]) -> str:
    """Something tried in words: the person's words, with what msback counts them as when
    that is not just the same name ("hot water bottle (heat packs)", "TENS machines",
    "Nurofen Plus (anti-inflammatory painkillers and codeine)", or "rest" as written)."""
    if not item.topics:
        return item.label
    names = [titles.get(t, t) for t in item.topics]
    same = {_plain(name) for name in (*item.topics, *names)}
    joined = ", ".join(names)
    return joined if _plain(item.label) in same else f"{item.label} ({joined})"


def _plain(name: str) -> str:
    """A name without case, hyphens or extra spaces, to compare: "TENS" and "tens"."""
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def entry_line(entry: Entry, titles: Mapping[str, str], here: Here | None = None) -> str:
    """One entry in words: "pain 5, lower back, tried water therapy, Thu 26 Nov 2026 07:10"
    (with its UTC offset when it was logged in a zone other than ``here``'s)."""
    parts = [f"pain {entry.pain}"]
    if entry.where:
        parts.append(entry.where)
    if entry.tried:
        parts.append("tried " + "; ".join(tried_phrase(item, titles) for item in entry.tried))
    parts += [f"{LABELS[name]} {value}" for name, value in entry.scores]
    text = ", ".join(parts) + f", {when(entry.at, entry.offset, here)}"
    return text + (f'. Note: "{entry.note}"' if entry.note else "")


def history_doc(
    entries: Sequence[Entry],
    today: dt.date,
    days: int,
    titles: Mapping[str, str],
    *,
    chart_width: int | None,
    unicode: bool = True,
    every: bool = False,
    kept_in: str = "",
    here: Here | None = None,
    episodes: Sequence[Episode] = (),
) -> Doc:
    """The history: the period, its chart (if ``chart_width``, the days of recorded
    episodes marked) or one line per day (saying which were in one), the episodes in the
    period, the summary, what helped, any nudge, the entries (latest first), and where the
    diary is. Each entry is on the day and at the time where it was logged (see ``when``).
    Nudges point to the warning signs rather than list them: ``log`` lists them as it
    happens."""
    summary = insights.summarise(entries, today, days)
    header = Lines((f"Your pain diary, {day_name(summary.first)} to {day_name(summary.last)}:",))
    kept = (
        (Lines((f"Your diary is kept only on this computer, in {kept_in}.",)),) if kept_in else ()
    )
    shown_episodes = overlapping(episodes, summary.first, summary.last, today)
    listed = episodes_doc(shown_episodes, today)
    if not summary.days:
        empty = f"No entries in the last {days} days. Add one with: msback log"
        return (header, Lines((empty,), gap=False), *listed, *kept)
    blocks: list[Block] = [header]
    during = episode_days(shown_episodes, summary.first, summary.last, today)
    if chart_width:
        legend, *drawn = chart.draw(
            summary.days, summary.first, summary.last, chart_width, unicode, during
        )
        blocks += [Lines((legend,), gap=False), Lines(tuple(drawn), gap=False, preformatted=True)]
        blocks.append(Lines((CHART_IN_WORDS,), gap=False))  # the glyphs' text equivalent
    else:
        blocks.append(
            Bullets(
                tuple(
                    f"{day_name(d.day)}: average {d.average:g}, worst {d.worst}"
                    + (f", {d.entries} entries" if d.entries > 1 else "")
                    + (f", during a {during[d.day]}" if d.day in during else "")
                    for d in summary.days
                )
            )
        )
    blocks += listed
    blocks.append(Lines(tuple(summary_lines(summary))))
    period = [e for e in entries if e.day >= summary.first.isoformat()]
    blocks += helped_doc(period, titles)
    blocks += nudges_doc(nudges.nudges(entries, today), None)  # the lists: msback log
    shown = period if every else period[-SHOWN_ENTRIES:]
    more = len(period) - len(shown)
    blocks += [
        Lines(("Entries, latest first:",)),
        Bullets(tuple(entry_line(e, titles, here) for e in reversed(shown))),
    ]
    if more:
        entries_word = "entry" if more == 1 else "entries"
        blocks.append(
            Lines((f"{more} earlier {entries_word} not shown: add --all to see every one.",), False)
        )
    return (*blocks, *kept)


def overlapping(
    episodes: Sequence[Episode], first: dt.date, last: dt.date, today: dt.date
) -> list[Episode]:
    """The episodes that overlap the days from ``first`` to ``last`` (one still going
    runs to ``today``)."""
    start, end = first.isoformat(), last.isoformat()
    return [e for e in episodes if e.started <= end and (e.ended or today.isoformat()) >= start]


def episode_days(
    episodes: Sequence[Episode], first: dt.date, last: dt.date, today: dt.date
) -> dict[dt.date, str]:
    """Each day from ``first`` to ``last`` inside an episode, with what it is called."""
    found: dict[dt.date, str] = {}
    for e in episodes:
        day = max(first, dt.date.fromisoformat(e.started))
        end = min(last, dt.date.fromisoformat(e.ended) if e.ended else today)
        while day <= end:
            found[day] = e.called
            day += dt.timedelta(days=1)
    return found


def episodes_doc(episodes: Sequence[Episode], today: dt.date) -> Doc:
    """The episodes of the period, a line each (``episodes.describe``); nothing if none."""
    if not episodes:
        return ()
    return (
        Lines(("Flares and relapses you recorded:",)),
        Bullets(tuple(describe(e, today) for e in episodes)),
    )


#: The warning-sign list for an urgency level, from the content: its heading and items, or
#: None (``Store.warning_signs``). Given by the caller, so the views stay pure.
Signs = Callable[[str], tuple[str, tuple[str, ...]] | None]


def nudges_doc(found: Sequence[nudges.Nudge], signs: Signs | None) -> Doc:
    """The nudges in words: first the warning-sign lists that fit them (each once, from
    ``signs``; without it, where to find them), then each nudge with whom to contact, so
    the last lines on the screen say what to do."""
    if not found:
        return ()
    blocks: list[Block] = []
    levels = dict.fromkeys(level for n in found for level in n.signs)
    for level in levels:
        shown = signs(level) if signs is not None else None
        if shown is None:
            blocks.append(Lines(("The warning signs: msback show red-flags",)))
            break
        heading, items = shown
        blocks += [Lines((heading + ":",)), Bullets(items)]
    blocks += [Lines(tuple(n.lines())) for n in found]
    return tuple(blocks)


def summary_lines(summary: insights.Summary) -> list[str]:
    assert summary.average is not None
    assert summary.best is not None
    assert summary.worst is not None
    count = len(summary.days)
    lines = [
        f"Average pain {summary.average:g} out of 10, on {count} day"
        f"{'' if count == 1 else 's'} with entries."
    ]
    change = summary.change
    if change is not None:
        span = (summary.last - summary.first).days + 1
        if abs(change) < insights.SMALLEST_CHANGE:
            lines.append(f"About the same as the {span} days before ({summary.previous:g}).")
        else:
            word = "higher" if change > 0 else "lower"
            lines.append(f"{abs(change):g} points {word} than the {span} days before.")
    if count > 1:
        lines.append(
            f"Best day: {day_name(summary.best.day)} (average {summary.best.average:g})."
            f" Worst day: {day_name(summary.worst.day)} (average {summary.worst.average:g})."
        )
    return lines


def helped_doc(entries: Sequence[Entry], titles: Mapping[str, str]) -> Doc:
    """ "What helped" in words, or why there is nothing to say yet; nothing if nothing was
    logged as tried."""
    found = insights.what_helped(entries)
    tried = {t for e in entries for t in e.tried_keys}
    if not tried:
        return ()
    heading = Lines(("What you tried (this compares days; it cannot show what caused what):",))
    if not found:
        need = insights.MIN_DAYS
        return (
            heading,
            Bullets(
                (f"Not enough days yet: it needs {need} days with it logged and {need} without.",)
            ),
        )
    return (
        heading,
        Bullets(tuple(insights.helped_sentence(h, titles.get(h.topic, h.topic)) for h in found)),
    )
