"""The interactive side of ``msback guide``: prompting, reading keys, saving the summary.

Only input and output live here. Which question comes next and what the answers mean is
decided by ``engine.py``; what a screen looks like by ``render.py``.

msgspec and PyYAML are imported only to read an answers file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from msback.content.models import Answer, Guide, Question
from msback.content.safety import answer_from
from msback.environment import TIME_FORMAT, Environment
from msback.errors import MsbackError, NotFoundError, UsageError
from msback.guide import engine, screens
from msback.prompting import QUIT_WORDS, InputEnded, Prompter, Quit
from msback.safefiles import NotPrivate, reason, save_text

STOPPED = "Stopped - nothing was saved."
STOPPED_KEPT = (
    "Stopped. Your answers so far are kept privately for a day: run msback guide to carry on."
)
BACK_WORDS = ("b", "back")
#: Answers said back as they were typed: any other word is confirmed ("Taken as: not sure.").
PLAIN_KEYS = ("y", "yes", "n", "no", "s", "not sure", "not-sure")
EMPTY_HINT = "Please type y for yes, n for no, or s if you are not sure. (b goes back, q quits.)"
#: What end of input says while the guide asks.
ENDED = (
    "input ended before the guide finished, so nothing was saved.",
    "To answer from a file instead, use: msback guide --answers FILE",
)


def terminal_prompter(
    env: Environment, plain: bool, json: bool, command: str = "guide"
) -> Prompter:
    """The prompter of ``msback COMMAND`` (the guide, or the flare check) on the person's
    screen; refused when input is not a terminal."""
    listing = " (see: msback guide --list-questions)" if command == "guide" else ""
    if not env.stdin_isatty:
        raise UsageError(
            f"msback {command} asks its questions at a terminal, and input here is not one.",
            f"To answer from a file, use: msback {command} --answers FILE{listing}",
        )
    ended = (
        ENDED
        if command == "guide"
        else (
            f"input ended before msback {command} finished, so nothing was saved.",
            f"To answer from a file instead, use: msback {command} --answers FILE",
        )
    )
    return Prompter.on_screen(env, plain, json, ended, answer_from)


def ask_all(
    prompter: Prompter,
    guide: Guide,
    answers: dict[str, Answer] | None = None,
    earlier: dict[str, Answer] | None = None,
    on_answer: Callable[[dict[str, Answer]], None] | None = None,
    title: str = "msback guide",
) -> dict[str, Answer]:
    """Walk the guide one question per screen. b goes back (other answers kept), q quits.

    ``answers`` is filled in as the person answers, so a caller still has them if the
    person stops part way (and can remind them of a warning sign they said yes to); it may
    start with answers carried over from an earlier visit, whose questions are not asked
    again. ``earlier``: answers from that visit, shown beside the questions asked again
    ("still the same?"). ``on_answer`` is told the answers after each one (to keep them).
    ``title`` heads the opening screen.
    """
    answers = {} if answers is None else answers
    history: list[str] = []
    previous: dict[str, Answer] = dict(earlier or {})
    again = set(previous)
    if not answers:
        prompter.show(screens.intro_doc(guide, title))
        if prompter.ask("Press Enter to start, or type q to quit: ").lower() in QUIT_WORDS:
            raise Quit
    taken = ""  # the last answer as read, when it was not typed as a key ("not really")
    while (question := engine.next_question(guide, answers)) is not None:
        number, total = engine.progress(guide, answers, question)
        prompter.show(
            screens.question_doc(
                question, number, total, previous.get(question.id), question.id in again
            ),
            clear=True,
        )
        if taken and prompter.clears:  # the new screen wiped it: say it again, on this one
            prompter.say(f"(Your last answer was taken as: {taken}.)")
        taken = ""
        # After a list the question is asked again, as on a short screen it has scrolled away.
        prompt = f"{question.text} > " if question.items else "> "
        while True:
            raw = prompter.ask(prompt)
            key = raw.lower()
            if not key:
                prompter.say(EMPTY_HINT)
                continue
            if key in QUIT_WORDS:
                raise Quit
            if key in BACK_WORDS:
                if history:
                    back = history.pop()
                    previous[back] = answers.pop(back)
                    break
                prompter.say(
                    "This is the first question, so there is nothing to go back to. "
                    f"{screens.KEYS_HINT}"
                )
                continue
            answer = answer_from(raw)
            if answer is not None:
                if key not in PLAIN_KEYS:  # said back, so a screen reader user knows
                    taken = screens.ANSWER_WORDS[answer].lower()
                    prompter.say(f"Taken as: {taken}.")
                answers[question.id] = answer
                history.append(question.id)
                again.discard(question.id)
                if on_answer is not None:
                    on_answer(dict(answers))
                if question.at_once and answer != "no":
                    prompter.show(screens.at_once_doc(question))
                    prompter.ask("Press Enter to carry on: ")
                break
            shown = raw if len(raw) <= 20 else raw[:17] + "..."
            prompter.say(f"Sorry, '{shown}' is not an answer here. {screens.KEYS_HINT}")
    return answers


def answered(guide: Guide, answers: engine.Answers) -> list[tuple[Question, Answer]]:
    """The questions on the path that got an answer, with it, in order."""
    return [(q, answers[q.id]) for q in engine.asked(guide, answers) if q.id in answers]


def read_answers(path: Path, guide: Guide) -> dict[str, Answer]:
    """Read an answers file (JSON or YAML, safe loading only) and check it against the guide.

    Only a small regular file is read: a FIFO, ``/dev/zero`` or a device is refused at once.
    """
    from msback.safefiles import NotReadable, read_small_text

    try:
        text = read_small_text(path)
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such answers file.") from None
    except NotReadable as exc:
        raise UsageError(f"{path}: cannot be read as an answers file ({exc}).") from None
    data = _parse(text, path)
    try:
        return engine.parse_answers(guide, data)
    except engine.AnswerError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _parse(text: str, path: Path) -> object:
    if path.suffix.lower() not in (".yaml", ".yml"):
        import msgspec

        try:
            return msgspec.json.decode(text)
        except msgspec.DecodeError:
            pass  # YAML is a superset of most JSON; try it next
    import yaml

    from msback.content.files import refuse_aliases

    try:
        refuse_aliases(text)
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        why = f": {problem}" if problem and "anchors" in problem else ""
        raise UsageError(f"{path}: not a YAML or JSON file{where}{why}.") from None


NOT_SAVED = "Your result is shown above. The summary was not saved."


class SaveStopped(Exception):
    """Ctrl-C or end of input at a save prompt: the result was shown, nothing was saved."""

    def __init__(self, interrupted: bool) -> None:
        super().__init__(NOT_SAVED)
        self.interrupted = interrupted


def offer_summary(
    env: Environment,
    prompter: Prompter | None,
    guide: Guide,
    answers: engine.Answers,
    outcome: engine.Outcome,
    save: Path | None,
    overwrite: bool,
) -> None:
    """Save the Markdown summary to ``save``, or, at the terminal, where the person wants it.

    An existing file is never replaced without ``overwrite``: at the terminal the person is
    asked for another name. q at any save prompt means "don't save".
    """
    now = env.clock().strftime(TIME_FORMAT)
    text = screens.summary_markdown(outcome, answered(guide, answers), now)
    try:
        if save is None:
            if prompter is None or outcome.urgency == "emergency":
                return  # an emergency needs a call, not a file
            if not prompter.yes_no("\nSave a summary to bring to your appointment?"):
                env.message("Not saved.")
                return
            default = default_summary(env.paths.documents, now)
            prompter.say(f"Enter saves it as {default}")
            reply = prompter.ask("Or type a file name (q to not save): ")
            if reply.lower() in (*QUIT_WORDS, "n", "no"):  # "no" here means do not save
                env.message("Not saved.")
                return
            # "y" again means "yes, save it": the default name, never a file called "y"
            save = Path(reply) if reply and reply.lower() not in ("y", "yes", "ok") else default
        saved = _save_until_done(prompter, save.expanduser(), text, overwrite)
    except KeyboardInterrupt:
        raise SaveStopped(interrupted=True) from None
    except InputEnded:
        raise SaveStopped(interrupted=False) from None
    if saved is None:
        env.message("Not saved.")
    else:
        env.message(f"Saved the summary to {saved.resolve()}")


def default_summary(folder: Path, now: str) -> Path:
    """The summary's default file in ``folder`` (made if missing): named by the minute, and
    never one that is there already (a second run in the same minute gets "-2")."""
    stem = f"msback-summary-{now.replace(' ', '-').replace(':', '')}"
    with contextlib.suppress(OSError):  # saving will say what is wrong with the folder
        folder.mkdir(parents=True, exist_ok=True)
    path, number = folder / f"{stem}.md", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}.md"
    return path


def _save_until_done(
    prompter: Prompter | None, path: Path, text: str, overwrite: bool
) -> Path | None:
    """Write the file; at the terminal, ask for another name while the name is taken."""
    while True:
        try:
            save_text(path, text, overwrite)
            return path
        except NotPrivate:  # a device or a FIFO: never turn /dev/null into a file
            raise UsageError(
                f"{path} is not a regular file. Give a file name to save to."
            ) from None
        except FileExistsError:
            if prompter is None:
                raise UsageError(
                    f"{path} already exists. Choose another name, or add --overwrite."
                ) from None
            reply = prompter.ask(
                f"There is already a file called {path}. Type another name, or q to not save: "
            )
        except IsADirectoryError:
            if prompter is None:
                raise UsageError(f"{path} is a folder. Give a file name.") from None
            reply = prompter.ask(f"{path} is a folder. Type a file name, or q to not save: ")
        except OSError as exc:
            if prompter is None:
                raise MsbackError(
                    f"{path}: could not save the summary ({exc.strerror or exc})."
                ) from None
            reply = prompter.ask(
                f"Could not save to {path} ({reason(exc)}). Type another name, or q to not save: "
            )
        if not reply or reply.lower() in QUIT_WORDS:
            return None
        path = Path(reply).expanduser()
