"""The report for the clinic, page one at a glance, from the person's diary: its content
(``build``), as Markdown, as a document for the screen (``to_doc``), and as HTML through an
autoescaping Jinja2 template. Pure.

A clinician should take it in within a minute: the period and one line on how it went, the
trend as a chart with the same numbers in a table, the warnings the diary gave (its nudges,
with their dates), what was tried, the latest guide result
kept in the diary, and the person's notes. Long periods are summarised (a week or a month a
row), so ten years still make a short report.

Jinja2 is imported only for the HTML report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from msback.content.safety import NOT_A_DIAGNOSIS
from msback.diary import chart, insights, nudges, svg, view
from msback.diary.entry import Entry
from msback.diary.episodes import Episode, PlanPart, describe
from msback.diary.scores import SCORES
from msback.render import Block, Bullets, Doc, Heading, Lines, Para, Title

#: Notes shown at most (the latest).
SHOWN_NOTES = 12
#: Warnings (nudge episodes) listed at most (the latest), so page one stays one page.
SHOWN_WARNINGS = 8
#: Flares and relapses listed at most (the latest), for the same reason.
SHOWN_EPISODES = 6
#: Of each reported part of the flare plan: its first lines, at most this many, and at
#: most ``PLAN_CHARACTERS`` characters in all (cut at a word, and said).
PLAN_LINES = 3
PLAN_CHARACTERS = 300


class Row(NamedTuple):
    """A day, a week or a month of the trend: pain, and the other scores' averages."""

    label: str
    average: float | None
    worst: int | None
    scores: tuple[float | None, ...] = ()  # the average of each of SCORES, in order


class KeptResult(NamedTuple):
    """A guide result the person kept in the diary."""

    when: str
    urgency: str
    options: list[tuple[str, list[str]]]  # (title, why it fits)
    questions: list[str]
    because: str = ""  # why that urgency (results kept before msback said why: "")
    left_out: tuple[str, ...] = ()  # options left out for safety, and why


class Report(NamedTuple):
    made: str
    period: str
    overview: str
    per: str  # "day", "week" or "month"
    rows: list[Row]
    score_labels: tuple[str, ...]  # the other scores the rows carry (stiffness, tiredness)
    places: list[str]  # where the pain was, most often first
    chart_svg: str
    warnings: list[str]  # the diary's nudges in the period, with their dates
    tried: list[str]
    helped: list[str]
    result: KeptResult | None
    notes: list[str]
    footer: str
    #: Flares and relapses recorded in the period, a line each; None when the person has
    #: recorded none and has no flare plan (the section is left out).
    flares: list[str] | None = None
    plan: tuple[tuple[str, str], ...] = ()  # (label, its first lines) of the reported parts


def build(
    entries: Sequence[Entry],
    today: dt.date,
    days: int,
    titles: Mapping[str, str],
    kept: Mapping[str, Any] | None,
    here: view.Here | None = None,
    *,
    episodes: Sequence[Episode] = (),
    plan: Sequence[PlanPart] = (),
    reported: Collection[str] = (),
) -> Report:
    """The report of the last ``days`` days up to ``today``; ``entries`` may start earlier
    (the period before is compared), ``kept`` is the latest kept guide result. Times are
    where they were logged (``view.when``). ``episodes``: every one recorded (those in the
    period are listed); ``plan``: the flare plan, of which the parts named in ``reported``
    (the content's ``report: true``) are shown, their first lines."""
    summary = insights.summarise(entries, today, days)
    first = summary.first.isoformat()
    period = [e for e in entries if e.at >= first]
    per_days = 1 if days <= 31 else 7 if days <= 400 else 30
    per = {1: "day", 7: "week", 30: "month"}[per_days]
    start = summary.first - dt.timedelta(days=summary.first.weekday() if per_days == 7 else 0)
    width = -(-((summary.last - start).days + 1) // per_days)  # weeks start on Monday
    cols = chart.columns(summary.days, start, summary.last, width)
    starts = dt.date.fromisoformat(min(e.at for e in entries)[:10]) if entries else summary.last
    while len(cols) > 1 and cols[0].last < starts:  # a diary younger than the period: start
        cols = cols[1:]  # where it starts; empty days after that are shown, as "none"
    younger = bool(cols) and cols[0].first > summary.first
    labels = tuple(score.label for score in SCORES if any(e.score(score.name) for e in period))
    rows = [Row(_label(c, per_days), c.average, c.worst, _scores(period, c, labels)) for c in cols]
    logged = [r for r in rows if r.average is not None]
    end = view.day_name(summary.last)  # today, or a day ahead logged in a zone ahead
    chart_title = f"Pain each {per}, {view.day_name(summary.first)} to {end}"
    desc = (
        f"Bars show the average pain each {per} on the 0 to 10 scale, and a line above each bar"
        f" the worst. {len(logged)} of {len(rows)} {per}s have entries."
    )
    if younger:
        desc += f" My diary starts on {view.day_name(cols[0].first)}."
    if logged:
        high = max(logged, key=lambda r: r.average or 0)
        low = min(logged, key=lambda r: r.average or 0)
        desc += f" Highest average {high.average:g} ({high.label});"
        desc += f" lowest {low.average:g} ({low.label})."
    counts: dict[str, set[str]] = {}
    said: dict[str, dict[str, None]] = {}  # the person's own words for each, in order
    for entry in period:
        for item in entry.tried:
            for topic in item.keys:
                counts.setdefault(topic, set()).add(entry.at[:10])
                if view.tried_phrase(item, titles) != titles.get(topic, topic):
                    said.setdefault(topic, {})[item.label] = None
    tried = [
        f"{titles.get(t, t)}: logged on {len(d)} day{'' if len(d) == 1 else 's'}"
        + (f" (as: {', '.join(said[t])})" if t in said else "")
        for t, d in sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    helped = [
        insights.helped_sentence(h, titles.get(h.topic, h.topic))
        for h in insights.what_helped(period, summary.days)
    ]
    noted = [e for e in period if e.note][-SHOWN_NOTES:]
    notes = [f"{view.when(e.at, e.offset, here)}: {e.note}" for e in noted]
    return Report(
        made=view.day_name(today),
        period=f"{view.day_name(summary.first)} to {end} ({days} days)",
        overview=_overview(summary, days, len(period)),
        per=per,
        rows=rows,
        chart_svg=svg.trend_svg(
            cols, chart_title, desc, f"My diary starts {_short(cols[0].first)}" if younger else ""
        ),
        score_labels=labels,
        places=_places(period),
        warnings=_warnings(nudges.episodes(entries, summary.first, summary.last)),
        tried=tried,
        helped=helped,
        result=_kept(kept, here),
        notes=notes,
        flares=_flares(episodes, summary.first, summary.last, today) if episodes or plan else None,
        plan=tuple(plan_lines(plan, reported)),
        footer=(
            f"Made by msback on {view.day_name(today)}, from my own pain diary. {NOT_A_DIAGNOSIS}"
        ),
    )


def _scores(
    entries: Sequence[Entry], col: chart.Column, labels: tuple[str, ...]
) -> tuple[float | None, ...]:
    """The average of each other score (by label) over the column's days."""
    first, last = col.first.isoformat(), col.last.isoformat()
    inside = [e for e in entries if first <= e.day <= last]
    found: list[float | None] = []
    for score in SCORES:
        if score.label not in labels:
            continue
        values = [v for e in inside if (v := e.score(score.name)) is not None]
        found.append(round(sum(values) / len(values), 1) if values else None)
    return tuple(found)


def _places(entries: Sequence[Entry]) -> list[str]:
    """Where the pain was, most often first: "lower back: 12 entries"."""
    counts: dict[str, int] = {}
    for e in entries:
        if e.where:
            counts[e.where] = counts.get(e.where, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"{place}: {n} entr{'y' if n == 1 else 'ies'}" for place, n in ranked]


def _flares(
    episodes: Sequence[Episode], first: dt.date, last: dt.date, today: dt.date
) -> list[str]:
    """The episodes in the period in words (``episodes.describe``): the latest
    ``SHOWN_EPISODES``, then how many earlier."""
    found = view.overlapping(episodes, first, last, today)
    shown = [describe(e, today) for e in found[-SHOWN_EPISODES:]]
    earlier = found[:-SHOWN_EPISODES]
    if earlier:
        shown.append(f"And {len(earlier)} earlier, from {earlier[0].started}.")
    return shown


def plan_lines(plan: Sequence[PlanPart], reported: Collection[str]) -> list[tuple[str, str]]:
    """The parts of the flare plan the report shows, in the order of ``reported``: each
    part's label and its first lines, verbatim (the person's own words), cut short if
    long, and then saying so."""
    by_part = {p.part: p for p in plan}
    found = []
    for part in (by_part[r] for r in reported if r in by_part):
        lines = part.text.split("\n")
        text = "\n".join(lines[:PLAN_LINES])
        if len(text) > PLAN_CHARACTERS:
            text = text[:PLAN_CHARACTERS].rsplit(" ", 1)[0]
        if text != part.text:
            text = text.rstrip() + " ... (more in my plan)"
        found.append((part.label, text))
    return found


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _warnings(found: Sequence[nudges.Episode]) -> list[str]:
    """The episodes in words, the latest ``SHOWN_WARNINGS`` (so page one stays one page),
    then how many earlier ones there were."""
    shown = [_episode(e) for e in found[-SHOWN_WARNINGS:]]
    earlier = found[:-SHOWN_WARNINGS]
    if earlier:
        shown.append(
            f"And {len(earlier)} earlier, from {view.day_name(earlier[0].first)} to"
            f" {view.day_name(earlier[-1].last)}."
        )
    return shown


def _episode(episode: nudges.Episode) -> str:
    """ "Pain 7 or more on 3 of 4 days: Tue 3 Nov 2026 to Fri 6 Nov 2026"."""
    when = view.day_name(episode.first)
    if episode.last != episode.first:
        when += f" to {view.day_name(episode.last)}"
    return f"{nudges.KINDS[episode.kind]}: {when}"


def _overview(summary: insights.Summary, days: int, count: int) -> str:
    if summary.average is None:
        return f"No entries in my diary in these {days} days."
    line = (
        f"My average pain was {summary.average:g} out of 10, from {count}"
        f" entr{'y' if count == 1 else 'ies'} on {len(summary.days)} of {days} days"
    )
    change = summary.change
    if change is None:
        return line + "; no entries in the period before to compare with."
    if abs(change) < insights.SMALLEST_CHANGE:
        return line + f"; about the same as the {days} days before ({summary.previous:g})."
    word = "higher" if change > 0 else "lower"
    return (
        line
        + f"; {abs(change):g} points {word} than the {days} days before ({summary.previous:g})."
    )


def _label(col: chart.Column, per_days: int) -> str:
    if per_days == 1:
        return view.day_name(col.first)
    if per_days == 7:
        return f"week from {view.day_name(col.first)}"
    return f"{view.day_name(col.first)} to {view.day_name(col.last)}"


def _kept(kept: Mapping[str, Any] | None, here: view.Here | None) -> KeptResult | None:
    if not kept:
        return None
    shown = kept.get("shown")  # how many the short result showed (older results: unknown)
    count = shown if isinstance(shown, int) and shown > 0 else None  # older: every option
    recs = kept.get("recommendations", [])[:count]
    mine = kept.get("my_reasons")  # the person's own voice (results kept before: as shown)
    options = [
        (str(r["title"]), [str(x) for x in (mine[i] if mine else r.get("reasons", []))])
        for i, r in enumerate(recs)
    ]
    return KeptResult(
        view.when(str(kept["at"]), kept.get("utc_offset"), here),
        str(kept.get("my_title", kept.get("title", kept.get("urgency", "")))),
        options,
        # The short result's checklist, as the person saw it (older results: all questions).
        [str(q) for q in kept.get("checklist", kept.get("doctor_questions", []))],
        str(kept.get("my_because", kept.get("because_text", ""))),
        tuple(str(line) for line in kept.get("my_left_out", kept.get("left_out", []))),
    )


#: Lines the person fills in by hand on the printout: msback never asks or stores them.
FILL_IN = ("Name:", "Date of birth:", "NHS or insurance number:")
BLANK = "_" * 24


def to_markdown(report: Report) -> str:
    """The report as Markdown that reads well as plain text too, in the person's own voice
    (they hand it over): page one's parts first, the table of numbers and the rest after."""
    lines = ["# My pain report", ""]
    lines += [f"{label} {BLANK}  " for label in FILL_IN] + [""]
    lines += [f"**Period:** {report.period}", "", report.overview, ""]
    if report.flares is not None:
        lines += ["## Flares and relapses", ""]
        lines += [f"- {f}" for f in report.flares] or ["None recorded in this period."]
        lines.append("")
    lines += ["## Warnings my diary gave", ""]
    lines += [f"- {w}" for w in report.warnings] or ["None in this period."]
    lines += ["", "## My latest guide result", ""]
    if report.result is None:
        lines.append("No guide result was kept.")
    else:
        result = report.result
        lines += [f"{result.when}: **{result.urgency}**", ""]
        if result.because:
            lines += [result.because, ""]
        if result.left_out:
            lines += [f"- {line}" for line in result.left_out] + ["", "Options shown:", ""]
        for title, reasons in result.options:
            lines.append(f"- **{title}**: {' '.join(reasons)}")
        lines += ["", "Questions for the doctor:", ""]
        lines += [f"- [ ] {q}" for q in result.questions]
    if report.plan:
        lines += ["", "## My flare plan", ""]
        for label, text in report.plan:
            lines += [
                f"**{_md_text(label)}:**",
                "",
                *(f"{_md_text(t)}  " for t in text.split("\n")),
            ]
            lines.append("")
        lines.pop()
    extra = [f"{label.capitalize()} (0-10)" for label in report.score_labels]
    lines += ["", f"## My pain each {report.per}", ""]
    lines += [_md_row([report.per.capitalize(), "Average (0-10)", "Worst", *extra])]
    lines += ["|" + "---|" * (3 + len(extra))]
    lines += [
        _md_row([r.label, _num(r.average), _num(r.worst), *map(_num, r.scores)])
        for r in report.rows
    ]
    lines += ["", "## Where my pain was", ""]
    lines += [f"- {place}" for place in report.places] or ["No place was logged."]
    lines += ["", "## What I tried", ""]
    lines += [f"- {t}" for t in report.tried] or ["Nothing was logged as tried."]
    if report.helped:
        lines += ["", "Compared by day (not proof of what caused what):", ""]
        lines += [f"- {h}" for h in report.helped]
    lines += ["", "## My notes", ""]
    lines += [f"- {_md_text(n)}" for n in report.notes] or ["No notes in this period."]
    lines += ["", "---", "", report.footer]
    return _escape_md("\n".join(lines)) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def to_doc(report: Report) -> Doc:
    """The report for a screen (and a screen reader): the same parts as the Markdown, as
    a document drawn in plain text or Rich, never raw Markdown."""
    blocks: list[Block] = [
        Title("My pain report"),
        Para(f"Period: {report.period}"),
        Para(report.overview, strong=True),
    ]
    if report.flares is not None:
        blocks += [
            Heading("Flares and relapses"),
            Bullets(tuple(report.flares))
            if report.flares
            else Para("None recorded in this period."),
        ]
    blocks += [
        Heading("Warnings my diary gave"),
        Bullets(tuple(report.warnings)) if report.warnings else Para("None in this period."),
        Heading("My latest guide result"),
    ]
    result = report.result
    if result is None:
        blocks.append(Para("No guide result was kept."))
    else:
        blocks.append(Para(f"{result.when}: {result.urgency}", strong=True))
        if result.because:
            blocks.append(Para(result.because))
        blocks.append(
            Bullets(result.left_out + tuple(f"{t}: {' '.join(r)}" for t, r in result.options))
        )
        blocks += [Heading("Questions for the doctor", 2), Bullets(tuple(result.questions))]
    if report.plan:
        blocks.append(Heading("My flare plan"))
        blocks += [Lines((f"{label}:", *text.split("\n"))) for label, text in report.plan]
    blocks.append(Heading(f"My pain each {report.per}"))
    names = [f"{label.lower()} {{}}" for label in report.score_labels]
    rows = []
    for r in report.rows:
        line = f"{r.label}: average {_num(r.average)}, worst {_num(r.worst)}"
        line += "".join(f", {n.format(_num(v))}" for n, v in zip(names, r.scores, strict=True))
        rows.append(line)
    blocks.append(Bullets(tuple(rows)))
    blocks += [Heading("Where my pain was"), Bullets(tuple(report.places)) if report.places
               else Para("No place was logged.")]  # fmt: skip
    blocks.append(Heading("What I tried"))
    blocks.append(
        Bullets(tuple(report.tried)) if report.tried else Para("Nothing was logged as tried.")
    )
    if report.helped:
        blocks += [
            Para("Compared by day (not proof of what caused what):"),
            Bullets(tuple(report.helped)),
        ]
    blocks.append(Heading("My notes"))
    blocks.append(
        Bullets(tuple(report.notes)) if report.notes else Para("No notes in this period.")
    )
    blocks.append(Para(report.footer))
    return tuple(blocks)


def to_html(report: Report, large: bool = False) -> str:
    """The report as one self-contained HTML page (no scripts, fonts or links); ``large``:
    large print, about 22 point on paper."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("msback.diary", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template("report.html")
    return template.render(
        report=report, chart=Markup(report.chart_svg), num=_num, fill_in=FILL_IN, large=large
    )


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"  # as the chart says it: never a dash


def _escape_md(text: str) -> str:
    """Person-written text cannot open raw HTML in a Markdown viewer: < and > are escaped."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


#: Markdown's marks that a note could use to make a link, an image, code or emphasis.
_MD_MARKS = str.maketrans({c: "\\" + c for c in "\\`*_[]|"})


def _md_text(text: str) -> str:
    """A note as text in Markdown: no link, image, code or emphasis, and no web address a
    viewer would turn into a link ("http://" and "www." are broken with a backslash)."""
    text = text.translate(_MD_MARKS)
    for scheme in ("https://", "http://", "ftp://", "mailto:", "www."):
        text = text.replace(scheme, scheme[:-1] + "\\" + scheme[-1])
    return text
