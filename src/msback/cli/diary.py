"""The diary's commands: ``log``, ``history``, ``helped``, ``import``, ``forget``,
``where`` and ``report``. Thin: they parse, call the diary's pure parts and its database,
and print.

No ``from __future__ import annotations`` here: Typer would then evaluate every string
annotation at each start, which cost ``log`` alone about 4 ms of every msback command.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from msback.cli.app import DaysOption, PlainOption, PlainUsageCommand, app, env_of, guard, store_of
from msback.environment import wrap
from msback.errors import NotFoundError, UsageError, quote

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Collection, Sequence

    from msback.content.models import Section
    from msback.diary.entry import Entry, Tried, When
    from msback.diary.exporters import Exporter
    from msback.diary.view import Signs
    from msback.environment import Environment
    from msback.prompting import Prompter

CONFIRM_WORD = "forget"
#: Typed at "Tried", these log again what was tried last time.
#: Days of entries ``log`` reads for its nudges: the longest window they look back over
#: (a place new in 30 days), and a day for other time zones.
NUDGE_DAYS = 31
SAME_WORDS = ("same", "same again", "again", "as before", "same as last time")
STOPPED = "Stopped - nothing was saved."
BUSY = "The diary is busy: another program is using it. Waiting..."


@app.command(cls=PlainUsageCommand, short_help="Write down your pain now (0-10), in seconds.")
def log(
    ctx: typer.Context,
    score: Annotated[
        str | None,
        typer.Argument(
            metavar="SCORE",
            show_default=False,
            help="Your pain now, 0 (none) to 10 (the worst you can imagine). Asked if left out.",
        ),
    ] = None,
    where: Annotated[
        str | None,
        typer.Option(
            "--where",
            metavar="PLACE",
            help="lower back, middle back, upper back, neck, one leg or both legs.",
        ),
    ] = None,
    tried: Annotated[
        list[str] | None,
        typer.Option(
            "--tried",
            metavar="WORDS",
            help="What you tried, in your own words, e.g. 'hot water bottle'. Several: "
            "commas, or --tried again.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A short note.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="WHEN", help="For a late entry: 'yesterday 21:00', 2026-11-20 ..."
        ),
    ] = None,
    **scores: str | None,  # one --NAME option per score in the diary's table (see below)
) -> None:
    """Write down how bad your pain is now, on the 0-10 scale, with what you tried.

    Without a score, it asks at most four short questions; Enter skips any but the first.
    Your diary stays on this computer (see: msback where).

    \b
    Examples:
      msback log
      msback log 6 --where "lower back" --tried "hot water bottle"
      msback log 4 --at "yesterday 21:00" --note "after the pool"
    """
    from msback.diary import database, entry, nudges, view
    from msback.prompting import Prompter, Quit
    from msback.render import render

    env = env_of(ctx)
    with guard(env, stopped="msback: stopped - nothing was saved."):
        now = env.clock()
        when = entry.parse_when(at, now) if at else entry.now_when(now)
        options = entry.scores_of(
            {name: entry.parse_score(raw, name) for name, raw in scores.items() if raw}
        )
        names = [name for given in tried or [] for name in entry.split_tried(given)]
        chosen = tuple(dict.fromkeys(_tried_item(env, name) for name in names))
        pain = entry.parse_score(score) if score is not None else None
        place = entry.parse_place(where) if where else None
        text = entry.parse_note(note or "")
        if pain is None and not env.stdin_isatty:
            raise UsageError(
                "give your pain score, 0 to 10: msback log 5", f"On the scale, {entry.SCALE}"
            )
        if when.notice:
            env.message(when.notice)
        with database.open_diary(env.paths.data, env.message) as diary:  # bad input saves none
            diary.on_wait = lambda: env.message(BUSY)
            last = diary.last()
            if pain is None:
                try:
                    new = _ask_entry(Prompter.on_screen(env), when, last, options)
                except Quit:
                    env.message(STOPPED)
                    return
            else:  # a script says everything it means: no place or treatment carried over
                new = entry.Entry(when.at, pain, place or "", chosen, options, text, when.offset)
            added = diary.add([new])
            recent = diary.entries(since=(now.date() - _days(NUDGE_DAYS)).isoformat())
        titles = _titles_tried(env, [new])
        line = ("Saved: " if added else "Already in your diary: ") + view.entry_line(
            new, titles, entry.local_offset
        )
        out = env.output()  # one line for scripts; wrapped on a screen
        shown = wrap(line, out.width) if env.stdout_isatty else [line]
        env.write("\n".join(shown) + "\n", out, persons_words=True)
        for line in _kept_as_written(env, new.tried):
            env.message(line, persons_words=True)
        said = nudges.nudges(recent, now.date(), new) if added else []  # else: said before
        if said:
            out = env.screen_output(env.stderr, True)
            if not env.stderr_isatty:  # one line each for scripts and logs, as messages are
                out = out._replace(wrap=None)
            env.message(render(view.nudges_doc(said, _signs(env)), out).rstrip("\n"))


def _add_score_options(command: "Callable[..., None]") -> None:
    """Give ``log`` one ``--NAME N`` option per score in ``diary.scores.SCORES``, before
    ``--note``: a new score needs no new code here."""
    import inspect

    from msback.diary.scores import SCORES

    signature = inspect.signature(command)
    params = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    at = [p.name for p in params].index("note")
    added = [
        inspect.Parameter(
            score.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None, typer.Option(f"--{score.name}", metavar="N", help=score.help)
            ],
        )
        for score in SCORES
    ]
    params = [*params[:at], *added, *params[at:]]
    params = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if p.name != "ctx" else p for p in params
    ]
    command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    command.__annotations__.update({p.name: p.annotation for p in added})


_add_score_options(log)


def _ask_entry(
    prompter: "Prompter",
    when: "When",
    last: "Entry | None",
    options: "tuple[tuple[str, int], ...]",
) -> "Entry":
    """At most four short questions; Enter skips all but the score; a quit word stops."""
    from msback.diary import entry, view

    env = prompter.env
    score = None
    while score is None:
        raw = _ask(prompter, f"How bad is your pain now? {entry.SCALE}\nType 0 to 10: ")
        try:
            score = entry.parse_score(raw) if raw else None
        except UsageError as exc:
            prompter.say(exc.message)
    places = ", ".join(entry.PLACES)
    kept = last.where if last else ""
    raw = _ask(
        prompter,
        f"Where is it? {places}.\n" + (f"Enter keeps: {kept}. " if kept else "") + "Where: ",
    )
    where = _retry(prompter, raw, entry.parse_place, "Where: ", kept) if raw else kept
    before = last.tried if last else ()
    titles = _titles_tried(env, [last] if last else [])
    hint = (
        "Last time: " + "; ".join(view.tried_phrase(t, titles) for t in before) + "."
        " Type same to log it again, or press Enter for nothing.\n"
        if before
        else "Enter for nothing. "
    )
    raw = _ask(
        prompter,
        f"Did you try anything for it, such as water therapy or a heat pack?\n{hint}"
        "Tried (several with commas): ",
    )
    chosen = _tried(prompter, raw, before)
    note = entry.parse_note(_ask(prompter, "A note? Enter to skip: "))
    return entry.Entry(when.at, score, where, chosen, options, note, when.offset)


def _tried(prompter: "Prompter", raw: str, before: "tuple[Tried, ...]") -> "tuple[Tried, ...]":
    """What was tried, in the person's words with the treatments they count for; ``same``
    is ``before`` (last time's). Words msback knows are kept as soon as they are typed; a
    word it does not know is asked about once, with suggestions, and typed again it is kept
    as written. The score and place given already are never lost. Enter or none: nothing
    more."""
    from msback.content.lookup import suggest_tried
    from msback.diary import entry

    store = store_of(prompter.env)
    typed: list[Tried] = []  # everything typed, in order, across the askings
    warned: set[str] = set()  # words msback asked about once
    confirmed: set[str] = set()  # ... and the person typed again: kept as written
    again: list[Tried] = []  # last time's, by "same"
    while raw and raw.strip().lower() != "none":
        if raw.strip().lower() in SAME_WORDS:
            if not before:
                prompter.say("Nothing was logged as tried last time.")
            typed += before
            again = list(before)  # last time's own words stay, as they were kept then
            break
        try:
            items = [_tried_item(prompter.env, n) for n in entry.split_tried(raw)]
        except UsageError as exc:
            prompter.say(exc.message)
            raw = _answer(prompter, "Tried (Enter for nothing): ")
            continue
        unknown = [t.label.lower() for t in items if store.tried(t.label) is None]
        confirmed |= warned.intersection(unknown)
        typed += items
        asking = list(dict.fromkeys(u for u in unknown if u not in warned))
        if not asking:
            break
        for label in (t.label for t in items if t.label.lower() in asking):
            close = suggest_tried(store.index(), label)
            also = f" Did you mean: {', '.join(close)}?" if close else ""
            prompter.say(f"msback knows no treatment called {quote(label)}.{also}")
        warned.update(asking)
        words = " and ".join(quote(t.label) for t in items if t.label.lower() in asking)
        prompter.say(
            f"Type {words} again to keep your own words, or another word; Enter to leave it out."
        )
        raw = _answer(prompter, "Tried: ")
    kept = [
        t
        for t in typed
        if t in again or store.tried(t.label) is not None or t.label.lower() in confirmed
    ]
    for line in _kept_as_written(prompter.env, kept, unknown_too=False):
        prompter.say(line)
    return tuple(dict.fromkeys(kept))


def _answer(prompter: "Prompter", prompt: str) -> str:
    """One answer; a quit word (q) stops the whole entry, at any question."""
    from msback.prompting import QUIT_WORDS, Quit

    raw = prompter.ask(prompt)
    if raw.strip().lower() in QUIT_WORDS:
        raise Quit
    return raw


def _tried_item(env: "Environment", name: str) -> "Tried":
    """Something tried, by the name the person gave: with the treatment topics it counts
    for (``content/tried.yaml``, then treatment names), or none if msback knows none."""
    from msback.diary.entry import Tried

    return Tried(name, store_of(env).tried(name) or ())


def _kept_as_written(
    env: "Environment", items: "Sequence[Tried]", unknown_too: bool = True
) -> list[str]:
    """A line for each thing tried that counts for no one treatment: msback's note for its
    own words ("painkillers": name the medicine), and, if ``unknown_too``, that a word it
    does not know was kept as written."""
    lines: list[str] = []
    for item in items:
        if item.topics:
            continue  # the content is opened only for a word that counts for none
        note = store_of(env).own_note(item.label)
        if note:
            lines.append(f"Kept {quote(item.label)} as you wrote it. {note}")
        elif unknown_too:
            lines.append(
                f"Kept {quote(item.label)} as you wrote it: msback knows no treatment by that"
                " name, so 'what helped' lists it on its own."
            )
    return lines


def _ask(prompter: "Prompter", prompt: str) -> str:
    """One question: its first lines wrapped at the screen's width, then the prompt."""
    *lines, last = prompt.split("\n")
    if lines:
        prompter.say("\n".join(lines))
    return _answer(prompter, last)


def _retry(
    prompter: "Prompter", raw: str, parse: "Callable[[str], str]", prompt: str, kept: str = ""
) -> str:
    """Parse an answer, asking again while it is not understood; Enter keeps ``kept`` (as
    at the first asking), or nothing."""
    again = f"Enter keeps: {kept}. {prompt}" if kept else prompt
    while True:
        try:
            result: str = parse(raw)
            return result
        except UsageError as exc:
            prompter.say(f"{exc.message} {exc.hint}")
            raw = _answer(prompter, again)
            if not raw:
                return kept


def _titles(env: "Environment", topic_ids: "Collection[str]") -> dict[str, str]:
    """Short everyday names of topics: "water therapy", "anti-inflammatory painkillers"."""
    if not topic_ids:
        return {}
    found = store_of(env).titles(topic_ids)
    return {t: _everyday(found.get(t, t.replace("-", " "))) for t in topic_ids}


def _titles_tried(env: "Environment", entries: "Sequence[Entry]") -> dict[str, str]:
    """The everyday names of everything the entries logged as tried."""
    return _titles(env, {t for e in entries for item in e.tried for t in item.topics})


def _everyday(title: str) -> str:
    """A title as a name in a sentence: "Heat packs, hot water bottles..." -> "heat packs"."""
    short = title.split(" (", maxsplit=1)[0].split(", ", maxsplit=1)[0]
    return short[0].lower() + short[1:] if short[1:2].islower() else short


def _days(count: int) -> "dt.timedelta":
    import datetime as dt

    return dt.timedelta(days=count)


@app.command(cls=PlainUsageCommand, short_help="Your pain over time: chart, summary, entries.")
def history(
    ctx: typer.Context,
    days: DaysOption = 30,
    every: Annotated[bool, typer.Option("--all", help="List every entry of the period.")] = False,
    plain: PlainOption = False,
    export_format: Annotated[
        str | None,
        typer.Option(
            "--format", metavar="FORMAT", help="Every entry, as csv, json or fhir (an export)."
        ),
    ] = None,
    json: Annotated[
        bool,
        typer.Option(
            "--json", help="Every entry, your episodes and flare plan, as JSON: a full backup."
        ),
    ] = False,
    csv: Annotated[
        bool,
        typer.Option("--csv", help="Every entry, as CSV (entries only; msback import reads it)."),
    ] = False,
    fhir: Annotated[
        bool,
        typer.Option(
            "--fhir", help="Every entry and episode, as a FHIR R4 Bundle for clinical systems."
        ),
    ] = False,
) -> None:
    """Your pain over the last days: a chart, the average and the change, the flares and
    relapses you recorded, what you tried, and the entries. --format csv|json|fhir (or
    --csv, --json, --fhir) exports the diary: JSON holds entries, episodes and your flare
    plan (not the guide results you kept), CSV holds entries only.

    \b
    Examples:
      msback history
      msback history --days 90 --plain
      msback history --csv > my-diary.csv
      msback history --format fhir > my-diary.json
    """
    from msback.diary import database, view
    from msback.diary.entry import local_offset
    from msback.render import render

    env = env_of(ctx)
    with guard(env):
        exporter = _exporter(export_format, json=json, csv=csv, fhir=fhir)
        if exporter:
            _export(env, exporter)
            return
        now = env.clock()
        # The view reads only what it shows: this period, the one before, and two weeks for
        # the nudges; ten years of entries cost no more than one month.
        since = (now.date() - _days(max(2 * days, NUDGE_DAYS))).isoformat()
        reading = database.read(env.paths.data, since, env.message)
        entries = reading.entries
        _warn_unreadable(env, reading.unreadable, reading.broken_results)
        out = env.output(plain, False)
        titles = _titles_tried(env, entries)
        doc = view.history_doc(
            entries,
            now.date(),
            days,
            titles,
            chart_width=out.width if out.style == "rich" else None,
            unicode=out.unicode,
            every=every,
            kept_in=str(database.diary_file(env.paths.data)),
            here=local_offset,
            episodes=reading.episodes,
        )
        env.write(render(doc, out), out, persons_words=True)


def _signs(env: "Environment") -> "Signs":
    """The content's warning-sign lists, read only if a nudge needs one."""

    found: dict[str, Section] = {}

    def signs(level: str) -> tuple[str, tuple[str, ...]] | None:
        if not found:
            found.update(store_of(env).warning_signs())
        section = found.get(level)
        return (section.heading, section.items) if section else None

    return signs


def _warn_unreadable(env: "Environment", count: int, broken_results: int = 0) -> None:
    """One line when the diary holds rows msback could not read: they are kept, not lost."""
    if broken_results:
        env.message(
            "Note: a kept guide result could not be read (another program changed it); "
            "it was passed over and kept as it was."
        )
    if count:
        rows = "1 row" if count == 1 else f"{count} rows"
        env.message(
            f"Note: {rows} of your diary could not be read (another program wrote them). "
            "They are kept as they were, and history --csv and --json carry them."
        )


def _export(env: "Environment", exporter: "Exporter") -> None:
    """The whole diary in one format, streamed: read, converted and written a piece at a
    time, so ten years take no more memory than a month."""
    from msback.diary import database
    from msback.diary.transfer import Records

    diary = database.diary_to_read(env.paths.data, env.message)
    if diary is None:
        env.write_data("".join(exporter.write([], {}, [], Records())))
        return
    with diary:
        titles = _titles(env, diary.tried_ids()) if exporter.needs_titles else {}
        kept_aside = diary.quarantined()
        _warn_unreadable(env, len(kept_aside))
        records = Records(diary.episodes(), diary.plan())
        left = exporter.leaves_out(records)
        if left:
            held = " and ".join(("entries", *exporter.carries))
            are = "is" if len(left) == 1 else "are"
            env.message(
                f"{exporter.name.upper()} holds {held} only; {' and '.join(left)} {are} in:"
                " msback history --json"
            )
        env.write_data_chunks(exporter.write(diary.each_entry(), titles, kept_aside, records))


def _exporter(chosen: str | None, **flags: bool) -> "Exporter | None":
    """The export format asked for by --format or one of its flags; None for the view."""
    from msback.diary.exporters import EXPORTERS

    names = [name for name, on in flags.items() if on] + ([chosen.lower()] if chosen else [])
    if len(set(names)) > 1:
        raise UsageError("choose one export format: --format csv, json or fhir.")
    if not names:
        return None
    if names[0] not in EXPORTERS:
        known = ", ".join(EXPORTERS)
        raise UsageError(f"--format must be one of {known}, not {quote(chosen)}.")
    return EXPORTERS[names[0]]


@app.command(cls=PlainUsageCommand, short_help="How pain compared on days you tried something.")
def helped(ctx: typer.Context, days: DaysOption = 90, plain: PlainOption = False) -> None:
    """For each thing you logged as tried: your pain on the days you logged it against the
    other days. It compares days; it cannot show what caused what.

    \b
    Examples:
      msback helped
      msback helped --days 30
    """
    from msback.diary import database, view
    from msback.render import render

    env = env_of(ctx)
    with guard(env):
        now = env.clock()
        first = (now.date() - _days(days - 1)).isoformat()
        reading = database.read(env.paths.data, first, env.message)
        entries = reading.entries
        _warn_unreadable(env, reading.unreadable, reading.broken_results)
        titles = _titles_tried(env, entries)
        doc = view.helped_doc(entries, titles)
        if not doc:
            raise NotFoundError(
                f"nothing logged as tried in the last {days} days.",
                "Log what you try with: msback log 5 --tried water-therapy",
            )
        out = env.output(plain, False)
        env.write(render(doc, out), out, persons_words=True)


@app.command(
    "import",
    cls=PlainUsageCommand,
    short_help="Add entries from a CSV or JSON file (all or nothing).",
)
def import_entries(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            show_default=False,
            help="A CSV file with date, pain and more columns, or msback's JSON export.",
        ),
    ],
) -> None:
    """Add the entries of a CSV file to your diary: all of them, or none if a row is bad.
    Entries already in your diary are not added twice.

    Columns: date, time, utc_offset, pain, where, tried, tried_topics, spasticity, fatigue,
    note (date and pain are needed). msback history --csv writes this format.

    msback's JSON export (history --json) brings back your episodes and flare plan too: an
    episode already recorded is not added twice, and your flare plan is taken from the file
    only if your diary has none (yours is never replaced).

    \b
    Examples:
      msback import my-diary.csv
      msback import my-diary.json
    """
    from msback.diary import database, transfer

    env = env_of(ctx)
    with guard(env, stopped="msback: stopped - nothing was imported."):
        store = store_of(env)
        found = transfer.read_file(
            file,
            lambda name: store.tried(name) or (),
            env.clock(),
            {t for t, e in store.index().entries.items() if e.kind == "treatment"},
        )
        entries, aside, twice = found.entries, found.aside, found.twice
        with database.open_diary(env.paths.data, env.message) as diary:
            diary.on_wait = lambda: env.message(BUSY)
            done = diary.restore(entries, aside, *found.records)
        added = done.entries
        if aside:
            rows = "1 row" if len(aside) == 1 else f"{len(aside)} rows"
            env.message(f"{rows} that msback could not read were kept as they were.")
        if twice:
            rows = "1 entry was" if twice == 1 else f"{twice} entries were"
            env.message(
                f"{rows} at a time the clocks showed twice (they went back that night) and"
                " had no UTC offset; msback took the first of the two times."
            )
        there = len(entries) - added
        env.message(
            f"Imported {added} new entr{'y' if added == 1 else 'ies'}"
            + (f" ({there} already in your diary)." if there else ".")
        )
        for line in done.lines():
            env.message(line)


@app.command(cls=PlainUsageCommand, short_help="Delete your whole diary, after you confirm.")
def forget(ctx: typer.Context) -> None:
    """Delete every entry of your diary from this computer, with your flare plan and the
    episodes you recorded. It asks you to type the word forget first; it cannot be undone.

    \b
    Examples:
      msback forget
    """
    from msback.diary import database
    from msback.guide import resume
    from msback.prompting import InputEnded, Prompter

    env = env_of(ctx)
    with guard(env, stopped="msback: stopped - your diary was kept."):
        path = database.diary_file(env.paths.data)
        if not path.exists():
            if resume.kept_file(env.paths.data).exists():
                resume.forget(env.paths.data)
                env.message("Deleted the guide answers kept from a guide you stopped part way.")
            env.message(f"There is no diary to delete (it would be {path}).")
            return
        unreadable = database.unreadable_rows(env.paths.data, env.message)
        if unreadable:
            env.message(
                f"Your diary also holds {unreadable} row(s) msback could not read; they go "
                "too. To keep them, first run: msback history --csv > diary.csv"
            )
        env.message(
            f"This deletes every entry of your diary ({path}), your flare plan, the"
            " episodes you recorded, the guide results you kept (no export holds them),"
            " and any guide answers kept from a guide you stopped part way. It cannot be"
            " undone."
        )
        asking = Prompter(env, env.screen_output(env.stderr), env.stderr)  # wraps the prompt
        try:
            typed = asking.ask(f"Type {CONFIRM_WORD} to delete it, or press Enter to keep it: ")
        except InputEnded:  # closed or ended input: nothing typed, so nothing deleted
            typed = ""
        if typed.lower() != CONFIRM_WORD:
            env.message("Kept: nothing was deleted.")
            return
        database.forget(env.paths.data)
        resume.forget(env.paths.data)  # a guide stopped part way: its answers go too
        env.message("Your diary was deleted.")
        if _forget_reminder(env):
            env.message("Your reminder (msback remind) was turned off too.")


def _forget_reminder(env: "Environment") -> bool:
    """Turn off the reminder with the diary, so nothing of the person's stays in the data
    folder; whether there was one. A file that cannot be removed is left, quietly."""
    from msback.diary import reminder

    try:
        return reminder.remove_hour(env.paths.data)
    except OSError:
        return False


@app.command("where", cls=PlainUsageCommand, short_help="Where your diary is kept.")
def where_command(ctx: typer.Context) -> None:
    """Say where your diary is kept (set MSBACK_HOME to keep it elsewhere).

    \b
    Examples:
      msback where
    """
    from msback.diary import database

    env = env_of(ctx)
    with guard(env):
        path = database.diary_file(env.paths.data)
        state = "" if path.exists() else " (no entries yet)"
        env.write(f"{path}{state}\n")
        env.message("It stays on this computer: msback never sends it anywhere.")


@app.command(cls=PlainUsageCommand, short_help="A report for your clinic: page one at a glance.")
def report(
    ctx: typer.Context,
    days: DaysOption = 90,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="html or md. Default: html for an -o file ending .html, else md.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Write the report here."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="With -o: replace the file if it exists.")
    ] = False,
    large: Annotated[
        bool, typer.Option("--large", help="Large print (HTML): about 22 point text.")
    ] = False,
) -> None:
    """A report for your clinic, page one at a glance: how your pain went, its chart, the
    warnings your diary gave and your latest kept guide result; then the numbers, where the
    pain was, what you tried, and your notes. Made from your own diary; not a diagnosis. At
    a terminal it is shown as text; -o saves HTML or Markdown.

    \b
    Examples:
      msback report -o pain-report.html
      msback report --days 30 --format md
      msback report --large -o pain-report.html
    """
    from msback.diary import database
    from msback.diary import report as reports
    from msback.diary.entry import local_offset
    from msback.render import render

    env = env_of(ctx)
    with guard(env):
        chosen = (output_format or "").lower() or (
            "html" if output is not None and output.suffix.lower() in (".html", ".htm") else "md"
        )
        if chosen not in ("html", "md"):
            raise UsageError(f"--format must be html or md, not {quote(output_format)}.")
        now = env.clock()
        since = (now.date() - _days(2 * days + NUDGE_DAYS)).isoformat()  # nudges look back
        reading = database.read(env.paths.data, since, env.message)
        entries = reading.entries
        _warn_unreadable(env, reading.unreadable, reading.broken_results)
        titles = _titles_tried(env, entries)
        made = reports.build(
            entries,
            now.date(),
            days,
            titles,
            reading.kept,
            local_offset,
            episodes=reading.episodes,
            plan=reading.plan,
            reported=_reported_parts(env) if reading.plan else (),
        )
        if large and chosen != "html":
            raise UsageError(
                "--large is for the HTML report.", "Try: msback report --large -o report.html"
            )
        if output is None and output_format is None and env.stdout_isatty:
            out = env.output()  # readable text at a terminal, never raw Markdown
            env.write(render(reports.to_doc(made), out), out, persons_words=True)
            return
        text = reports.to_html(made, large) if chosen == "html" else reports.to_markdown(made)
        if output is None:
            env.write_data(text)
            return
        _save_report(output, text, overwrite)
        env.message(f"Saved the report to {output.resolve()}")


def _reported_parts(env: "Environment") -> tuple[str, ...]:
    """The ids of the flare plan's parts the report shows (the content's ``report: true``)."""
    guide, _ = store_of(env).for_guide()
    return tuple(prompt.id for prompt in guide.plan if prompt.report)


def _save_report(path: Path, text: str, overwrite: bool) -> None:
    """Write the report file; never over an existing one unless asked; errors in one line."""
    from msback.errors import MsbackError
    from msback.safefiles import NotPrivate, reason, save_text

    try:
        save_text(path, text, overwrite)
    except NotPrivate:  # a device or a FIFO: never turn /dev/null into a file
        raise UsageError(f"{path} is not a regular file. Give a file name to save to.") from None
    except FileExistsError:
        raise MsbackError(
            f"there is already a file called {path}; it was left as it was.",
            "Add --overwrite to replace it, or give another name with -o.",
        ) from None
    except IsADirectoryError:
        raise MsbackError(f"{path} is a folder. Give a file name with -o.") from None
    except OSError as exc:
        raise MsbackError(f"cannot write the report to {path}: {reason(exc)}.") from None
