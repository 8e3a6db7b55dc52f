"""The ``guide`` command: the questions at a terminal or from a file, the result, the
summary, and keeping the result in the diary."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from msback.cli.app import JsonOption, PlainOption, PlainUsageCommand, app, env_of, guard, store_of
from msback.environment import CLEAR_SCREEN, Environment
from msback.errors import ExitCode

if TYPE_CHECKING:
    from msback.content.models import Answer, Guide
    from msback.environment import Output
    from msback.guide.engine import Outcome
    from msback.prompting import Prompter


@app.command(
    cls=PlainUsageCommand, short_help="The guided questions: safety check first, then your pain."
)
def guide(
    ctx: typer.Context,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answer from a YAML or JSON file (question id: yes, no or not-sure).",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", metavar="FILE", help="Save a Markdown summary here, without asking."
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="With --save: replace the file if it exists.")
    ] = False,
    list_questions: Annotated[
        bool, typer.Option("--list-questions", help="List every question id and stop.")
    ] = False,
    details: Annotated[
        bool,
        typer.Option("--details", help="Show every option, caution, question and source."),
    ] = False,
    save_to_diary: Annotated[
        bool,
        typer.Option(
            "--save-to-diary",
            help="Keep the result in your diary for msback report, without asking.",
        ),
    ] = False,
    plain: PlainOption = False,
    json: JsonOption = False,
) -> None:
    """Answer questions one at a time: a safety check first, then about your pain.

    Ends with how urgent things are, the relief options that fit you best, and questions for
    your doctor. At each question: y (yes), n (no), s (not sure), b (back), q (quit).

    \b
    Examples:
      msback guide
      msback guide --details
      msback guide --answers answers.yaml --json
    """
    from msback import render
    from msback.guide import engine, screens, session

    env = env_of(ctx)
    out = env.output(plain, json)
    with guard(env, stopped=session.STOPPED):
        store = store_of(env)
        questionnaire, topics = store.for_guide()
        if list_questions:
            doc = screens.questions_doc(questionnaire)
            listing = screens.questions_json(questionnaire)
            env.write(render.to_json(listing) if json else render.render(doc, out), out)
            return
        prompter = None
        if answers_file is not None:
            answers = session.read_answers(answers_file, questionnaire)
        else:
            prompter = session.terminal_prompter(env, plain, json)
            typed = _ask(env, prompter, questionnaire)
            if typed is None:
                return
            answers = typed
        outcome = engine.evaluate(questionnaire, topics, answers)
    with guard(env, stopped=session.NOT_SAVED):
        scripted_save = save is not None and prompter is None
        if scripted_save:  # save first: the summary is kept even if the output then fails
            session.offer_summary(env, None, questionnaire, answers, outcome, save, overwrite)
        _show_result(env, out, prompter, outcome, details, json)
        if not scripted_save and (save is not None or (prompter is not None and not json)):
            try:
                session.offer_summary(
                    env, prompter, questionnaire, answers, outcome, save, overwrite=overwrite
                )
            except session.SaveStopped as stop:
                env.message("\n" + session.NOT_SAVED if stop.interrupted else session.NOT_SAVED)
                code = ExitCode.INTERRUPTED if stop.interrupted else ExitCode.OK
                raise typer.Exit(int(code)) from None
        if save_to_diary or (prompter is not None and not json and outcome.urgency != "emergency"):
            keep_guide_result(env, None if save_to_diary else prompter, outcome, answers)


def _ask(
    env: Environment, prompter: "Prompter", questionnaire: "Guide"
) -> "dict[str, Answer] | None":
    """The person's answers at the terminal; None if they chose to stop. Stopping in any
    way (q, Ctrl-C, end of input) reminds them of what their answers so far mean."""
    import datetime as dt

    from msback.guide import resume, session
    from msback.prompting import InputEnded, Quit

    folder = env.paths.data
    answers: dict[str, Answer] = {}
    earlier: dict[str, Answer] = {}
    kept = resume.load(folder, dt.datetime.now(dt.UTC))
    try:
        if kept is not None:
            at = kept.saved.astimezone().strftime("%H:%M")
            try:
                carry_on = prompter.yes_no(
                    f"You stopped part way through the guide at {at}. Carry on where you left"
                    " off? The safety check comes first again.",
                    quit_stops=True,
                )
            except Quit:  # q keeps the answers for another time, as stopping does
                env.message(session.STOPPED_KEPT)
                return None
            if carry_on:
                answers, earlier = kept.carried(questionnaire), kept.earlier(questionnaire)
            else:
                resume.forget(folder)
        asked = session.ask_all(
            prompter, questionnaire, answers, earlier,
            lambda so_far: resume.save(folder, so_far, dt.datetime.now(dt.UTC)),
        )  # fmt: skip
    except Quit:
        _stopped(env, questionnaire, answers, _stop_line(answers, ""))
        return None
    except KeyboardInterrupt:
        _stopped(env, questionnaire, answers, _stop_line(answers, "\n"))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except InputEnded as ended:
        said = f"msback: {ended.message}" + (f"\n{ended.hint}" if ended.hint else "")
        if answers:
            said += "\n" + session.STOPPED_KEPT.removeprefix("Stopped. ")
        _stopped(env, questionnaire, answers, said)
        raise typer.Exit(int(ended.exit_code)) from None
    resume.forget(folder)  # finished: nothing to come back to
    return asked


def _stop_line(answers: "dict[str, Answer]", before: str) -> str:
    """What stopping says: the answers so far are kept for a day, if there are any."""
    from msback.guide import session

    if not answers:
        return before + session.STOPPED
    return before + session.STOPPED_KEPT


def _show_result(
    env: Environment,
    out: "Output",
    prompter: "Prompter | None",
    outcome: "Outcome",
    details: bool,
    json: bool,
) -> None:
    """The result on stdout; if that is a file or a pipe, the urgency on the screen too."""
    from msback import render
    from msback.guide import screens

    if json:
        env.write(render.to_json(outcome.to_json()), out)
    else:
        fresh_screen = prompter is not None and out.style == "rich" and env.stdout_isatty
        text = render.render(screens.outcome_doc(outcome, details), out)
        env.write((CLEAR_SCREEN if fresh_screen else "") + text, out)
    if prompter is not None and not prompter.is_stdout:
        # The result went to a file or a pipe: the person still sees how urgent it is.
        prompter.show(screens.screen_urgency_doc(outcome), clear=True)


def keep_guide_result(
    env: "Environment",
    prompter: "Prompter | None",
    outcome: "Outcome",
    answers: "dict[str, Answer]",
) -> None:
    """Keep the guide's result in the diary, for ``msback report``: asked at a terminal
    (``prompter``), or at once (``--save-to-diary``). Stopping here loses nothing shown."""
    from msback.diary import database
    from msback.prompting import InputEnded

    if prompter is not None:
        try:
            keep = prompter.yes_no("Keep this result in your diary, for a report for your clinic?")
        except (KeyboardInterrupt, InputEnded):
            keep = False
        if not keep:
            env.message("Not kept in your diary.")
            return
    from msback.diary.entry import now_when
    from msback.guide.screens import first_person, short_count

    kept_at = now_when(env.clock())

    shown = outcome.recommendations[: short_count(outcome)]  # what the short result showed
    data = {
        **outcome.to_json(),
        "title": outcome.title,
        "because_text": outcome.because_text(),
        "shown": len(shown),
        "answers": dict(answers),
        "checklist": list(outcome.checklist(shown)),
        # The report is in the person's own voice: "I said yes to ...", "my answers".
        "my_title": first_person(f" {outcome.title} ").strip(),
        "my_because": first_person(outcome.because_text()),
        "my_reasons": [[first_person(r.text) for r in rec.reasons] for rec in shown],
        "my_left_out": [first_person(line) for line in outcome.left_out],
    }
    with database.open_diary(env.paths.data, env.message) as diary:
        diary.keep_result(kept_at.at, kept_at.offset, outcome.urgency, data)
    env.message(f"Kept in your diary ({diary.path}); msback report shows it.")


def _stopped(env: Environment, guide: "Guide", answers: "dict[str, Answer]", message: str) -> None:
    """The person stopped part way: say so, and remind them of what their answers so far
    mean (a warning sign, crisis numbers), so stopping never hides it."""
    from msback.guide.screens import stopped_lines

    env.message(message)
    for line in stopped_lines(guide, answers):
        env.message(line)
