"""``msback plan`` and ``msback flare``: a flare plan written while well, opened in a flare
after the guide's own safety check, and the episode recorded for the MS team."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from msback.cli.app import PlainOption, PlainUsageCommand, app, env_of, guard, store_of
from msback.cli.diary import BUSY, STOPPED
from msback.errors import ContentError, ExitCode, UsageError

if TYPE_CHECKING:
    import datetime as dt

    from msback.content.models import Guide, Topic
    from msback.diary.database import Diary
    from msback.diary.episodes import Episode, PlanPart
    from msback.environment import Environment, Output
    from msback.prompting import Prompter
    from msback.render import Doc

NO_PLAN = "You have no flare plan yet. Write one on a good day: msback plan"


@app.command(cls=PlainUsageCommand, short_help="Write your flare plan on a good day, or see it.")
def plan(
    ctx: typer.Context,
    show: Annotated[bool, typer.Option("--show", help="Print your plan and stop.")] = False,
    plain: PlainOption = False,
) -> None:
    """Write down, while you feel well, what you will do when your back pain flares: what
    helps, what you drop, who you tell and their numbers, what to ask your MS team.

    It asks one question at a time, with examples; every answer is optional (Enter skips).
    Run it again to see your plan and change any part. msback flare shows it in a flare,
    after a safety check. It is kept in your diary, in your own words.

    \b
    Examples:
      msback plan
      msback plan --show
    """
    from msback import render
    from msback.diary import database
    from msback.diary import plan as plans
    from msback.prompting import Prompter, Quit

    env = env_of(ctx)
    out = env.output(plain)
    with guard(env, stopped=STOPPED):
        if show:
            parts = _read_plan(env)
            if parts:
                env.write(render.render(plans.plan_doc(parts), out), out, persons_words=True)
            else:
                env.message(NO_PLAN)
            return
        if not env.stdin_isatty:
            raise UsageError(
                "msback plan asks its questions at a terminal, and input here is not one.",
                "To see your plan: msback plan --show",
            )
        prompts = store_of(env).for_guide()[0].plan
        with database.open_diary(env.paths.data, env.message) as diary:
            diary.on_wait = lambda: env.message(BUSY)
            before = diary.plan()
            prompter = Prompter.on_screen(env, plain)
            try:
                if before:
                    new = plans.change_plan(prompter, prompts, before)
                else:
                    new = plans.write_plan(prompter, prompts)
            except Quit:
                env.message(STOPPED)
                return
            if new is None:
                env.message("Nothing changed: your plan is as it was.")
                return
            diary.save_plan(new)
        if new:
            prompter.show(plans.plan_doc(new, "Saved: your flare plan"), persons_words=True)
            env.message("In a flare, run msback flare: a safety check first, then this plan.")
        else:
            env.message("Your plan is empty now, so nothing is kept.")


def _read_plan(env: Environment) -> list[PlanPart]:
    from msback.diary import database

    diary = database.diary_to_read(env.paths.data, env.message)
    if diary is None:
        return []
    with diary:
        return diary.plan()


@app.command(cls=PlainUsageCommand, short_help="In a flare: a safety check, then your plan.")
def flare(
    ctx: typer.Context,
    ended: Annotated[
        bool, typer.Option("--ended", help="End the episode you recorded: it is over.")
    ] = False,
    called: Annotated[
        str | None,
        typer.Option(
            "--called",
            metavar="NAME",
            help="Record an episode without the questions: 'pain flare', 'possible relapse'"
            " or 'relapse my team confirmed'.",
        ),
    ] = None,
    started: Annotated[
        str | None,
        typer.Option("--started", metavar="DAY", help="With --called: when it started."),
    ] = None,
    what: Annotated[
        str | None,
        typer.Option("--what", metavar="TEXT", help="With --called: what is new or worse."),
    ] = None,
    trigger: Annotated[
        str | None,
        typer.Option(
            "--trigger", metavar="WORD", help="With --called: infection, heat, stress or none."
        ),
    ] = None,
    told: Annotated[
        str | None,
        typer.Option("--told", metavar="DAY", help="With --called: when you told the MS team."),
    ] = None,
    steroids: Annotated[
        str | None,
        typer.Option("--steroids", metavar="YES/NO", help="With --called: steroids given?"),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DAY", help="With --ended: the day it ended."),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answer the check from a file (question id: yes, no or not-sure).",
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """For a flare of back pain: first the guide's warning-sign questions, then your plan.

    An emergency answer ends with what to do now, as the guide does. A few questions on
    signs that need your MS team or a doctor first (new symptoms, heat, an infection, a new
    kind of pain) come next; then your flare plan (made with msback plan), and an offer to
    record the episode for your MS team. At each question: y, n, s (not sure), b (back), q.

    \b
    Examples:
      msback flare
      msback flare --ended
      msback flare --called "possible relapse" --started yesterday --told today
    """
    env = env_of(ctx)
    out = env.output(plain)
    with guard(env, stopped=STOPPED):
        today = env.clock().date()
        if ended:
            if called is not None:
                raise UsageError("use --ended on its own (or with --date).")
            _end(env, today, day)
            return
        if day is not None:
            raise UsageError("--date goes with --ended: msback flare --ended --date yesterday")
        if called is not None:
            _record_from_flags(env, today, called, started, what, trigger, told, steroids)
            return
        if any(v is not None for v in (started, what, trigger, told, steroids)):
            raise UsageError("these options record an episode: give --called too.")
        _check_then_plan(env, out, plain, answers_file, today)


def _end(env: Environment, today: dt.date, raw: str | None) -> None:
    from msback.diary import database, episodes

    folder = env.paths.data
    last = episodes.parse_day(raw, today, "the end") if raw else today.isoformat()
    diary = database.existing_diary(folder, env.message)
    if diary is None:
        env.message("No episode is open, so there is nothing to end.")
        return
    with diary:
        diary.on_wait = lambda: env.message(BUSY)
        current = diary.open_episode()
        if current is None:
            env.message("No episode is open, so there is nothing to end.")
            return
        if last < current.started:
            raise UsageError(f"it started on {current.started}, so it cannot end on {last}.")
        diary.end_episode(current.id, last)
        env.message("Ended: " + episodes.describe(current._replace(ended=last), today))


def _record_from_flags(
    env: Environment,
    today: dt.date,
    called: str,
    started: str | None,
    what: str | None,
    trigger: str | None,
    told: str | None,
    steroids: str | None,
) -> None:
    from msback.diary import database, episodes

    episode = episodes.Episode(
        called=episodes.parse_called(called),
        started=episodes.parse_day(started, today, "--started") if started else today.isoformat(),
        what=episodes.clean_text(what or ""),
        trigger=episodes.parse_trigger(trigger) if trigger else "",
        told=episodes.parse_day(told, today, "--told") if told else "",
        steroids=episodes.parse_yes_no(steroids, "--steroids") if steroids else None,
    )
    if episode.told and episode.told < episode.started:
        raise UsageError("--told is before --started.")
    with database.open_diary(env.paths.data, env.message) as diary:
        diary.on_wait = lambda: env.message(BUSY)
        _save_episode(env, diary, episode, today, _tell_team(env, episode))


def _tell_team(env: Environment, episode: Episode) -> str:
    """The content's reminder to tell the MS team, for a possible relapse not told yet ("" if
    none, or if the content cannot be read: the episode is recorded all the same)."""
    if episode.called != "possible relapse" or episode.told:
        return ""
    try:
        flare = store_of(env).for_guide()[0].flare
    except ContentError:
        return ""
    return flare.tell_team if flare else ""


def _save_episode(
    env: Environment, diary: Diary, episode: Episode, today: dt.date, tell_team: str = ""
) -> None:
    from msback.diary import episodes

    diary.add_episode(episode)
    env.message("Recorded: " + episodes.describe(episode, today))
    if tell_team and episode.called == "possible relapse" and not episode.told:
        env.message(tell_team)
    env.message("When it is over: msback flare --ended")


def _check_then_plan(
    env: Environment, out: Output, plain: bool, answers_file: Path | None, today: dt.date
) -> None:
    from msback import render
    from msback.cli.guide import _stopped
    from msback.guide import engine, session
    from msback.guide.flare import NoFlareCheck, check_doc, closing_doc, flare_guide, waiting_doc
    from msback.prompting import InputEnded, Quit

    store = store_of(env)
    guide, topics = store.for_guide()
    try:
        check = flare_guide(guide)
    except NoFlareCheck:
        raise UsageError(
            "this content has no flare check (guide.yaml: flare), so msback flare cannot run."
        ) from None
    prompter: Prompter | None = None
    if answers_file is not None:
        answers = session.read_answers(answers_file, check)
    else:
        prompter = session.terminal_prompter(env, plain, False, "flare")
        answers = {}
        try:
            session.ask_all(prompter, check, answers, title="msback flare")
        except Quit:
            _stopped(env, check, answers, STOPPED)
            return
        except KeyboardInterrupt:
            _stopped(env, check, answers, "\n" + STOPPED)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except InputEnded as stop:
            _stopped(env, check, answers, f"msback: {stop.message}")
            raise typer.Exit(int(stop.exit_code)) from None
    outcome = engine.evaluate(check, topics, answers)
    if outcome.urgency == "emergency":  # what to do now, and nothing else: as the guide does
        env.write(render.render(check_doc(outcome, check, answers), out), out)
        return
    self_care = outcome.urgency not in ("same-day", "ms-team")  # else exercise waits
    parts = _read_plan(env)
    plan = waiting_doc(guide, outcome, bool(parts)) + _plan_doc(guide, topics, parts, self_care)
    doc = check_doc(outcome, check, answers) + plan + closing_doc(outcome)
    text = ("\n" if prompter is not None else "") + render.render(doc, out)
    env.write(text, out, persons_words=True)  # the plan is in the person's own words
    if prompter is not None:
        _offer_record(env, prompter, guide, today)


def _plan_doc(
    guide: Guide, topics: dict[str, Topic], parts: list[PlanPart], self_care: bool
) -> Doc:
    """The person's plan; with none yet, how to write one and (``self_care``) the first
    steps of the bad-days topic."""
    from msback.diary import plan as plans
    from msback.guide.flare import no_plan_doc

    if parts:
        return plans.plan_doc(parts, "Your flare plan", heading=True)
    assert guide.flare is not None  # flare_guide checked it
    return no_plan_doc(guide.flare, topics.get(guide.flare.topic), self_care)


def _offer_record(env: Environment, prompter: Prompter, guide: Guide, today: dt.date) -> None:
    from msback.diary import database, episodes, recording
    from msback.prompting import Quit

    folder = env.paths.data
    existing = database.existing_diary(folder, env.message)
    current = None
    if existing is not None:
        with existing:
            current = existing.open_episode()
    if current is not None:
        prompter.say(
            "You recorded an episode that is still open: "
            + episodes.describe(current, today)
            + ". When it is over: msback flare --ended"
        )
        return
    if not prompter.yes_no("\nRecord this episode in your diary, for your MS team?"):
        return
    words = guide.flare.words if guide.flare else ()
    try:
        episode = recording.ask_episode(prompter, words, today)
    except Quit:
        env.message(STOPPED)
        return
    with database.open_diary(folder, env.message) as diary:
        diary.on_wait = lambda: env.message(BUSY)
        _save_episode(env, diary, episode, today, guide.flare.tell_team if guide.flare else "")
