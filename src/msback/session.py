"""The interactive side of ``msback guide``: prompting, reading keys, saving the summary.

Only input and output live here. Which question comes next and what the answers mean is
decided by ``guide.py``; what a screen looks like by ``render.py``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO

from msback import guide as engine
from msback import render
from msback.environment import CLEAR_SCREEN, Environment, Output
from msback.errors import MsbackError, NotFoundError, UsageError
from msback.models import Answer, Guide, Question

STOPPED = "Stopped - nothing was saved."


class Quit(Exception):
    """The person typed q."""


class InputEnded(MsbackError):
    """Standard input closed before the guide finished."""


class Prompter:
    """Shows screens and reads one line at a time from the person."""

    def __init__(self, env: Environment, out: Output, screen: TextIO) -> None:
        self.env, self.out, self.screen = env, out, screen

    @classmethod
    def at_terminal(cls, env: Environment, out: Output, json: bool) -> Prompter:
        """A prompter on the terminal; refuse when input is not a terminal.

        Questions go to stdout when it is the terminal, else to stderr, so that
        ``msback guide > result.txt`` or ``--json`` keeps only the result in stdout.
        """
        if not env.stdin_isatty:
            raise UsageError(
                "msback guide asks its questions at a terminal, and input here is not one.",
                "To answer from a file, use: msback guide --answers FILE "
                "(see: msback guide --list-questions)",
            )
        screen = env.stdout if env.stdout_isatty and not json else env.stderr
        return cls(env, out, screen)

    def show(self, doc: render.Doc, clear: bool = False) -> None:
        text = render.render(doc, self.out)
        if clear and self.out.style == "rich":
            text = CLEAR_SCREEN + text
        elif clear:
            text = "\n" + text
        self.write(text)

    def write(self, text: str) -> None:
        self.env.write(text, self.out, self.screen)

    def ask(self, prompt: str) -> str:
        self.write(prompt)
        line = self.env.stdin.readline()
        if not line:
            self.write("\n")
            raise InputEnded(
                "input ended before the guide finished, so nothing was saved.",
                "To answer from a file instead, use: msback guide --answers FILE",
            )
        return line.strip()

    def yes_no(self, prompt: str) -> bool:
        while True:
            reply = engine.answer_from(self.ask(f"{prompt} Type y or n: "))
            if reply in ("yes", "no"):
                return reply == "yes"
            self.write("Please type y for yes or n for no.\n")


def ask_all(prompter: Prompter, guide: Guide) -> dict[str, Answer]:
    """Walk the guide one question per screen. b goes back (other answers kept), q quits."""
    answers: dict[str, Answer] = {}
    history: list[str] = []
    previous: dict[str, Answer] = {}
    prompter.show(render.intro_doc(guide))
    if prompter.ask("Press Enter to start, or type q to quit: ").lower() in ("q", "quit", "exit"):
        raise Quit
    while (question := engine.next_question(guide, answers)) is not None:
        number, total = engine.progress(guide, answers, question)
        prompter.show(
            render.question_doc(question, number, total, previous.get(question.id)), clear=True
        )
        while True:
            key = prompter.ask("> ").lower()
            if key in ("q", "quit", "exit"):
                raise Quit
            if key in ("b", "back"):
                if history:
                    back = history.pop()
                    previous[back] = answers.pop(back)
                    break
                prompter.write("This is the first question, so there is no going back.\n")
                continue
            answer = engine.answer_from(key)
            if answer is not None:
                answers[question.id] = answer
                history.append(question.id)
                break
            prompter.write(f"'{key}' is not an answer here. {render.KEYS_HINT}\n")
    return answers


def answered(guide: Guide, answers: engine.Answers) -> list[tuple[Question, Answer]]:
    """The questions on the path that got an answer, with it, in order."""
    return [(q, answers[q.id]) for q in engine.asked(guide, answers) if q.id in answers]


def save_text(path: Path, text: str, overwrite: bool) -> None:
    """Write a file atomically; refuse to replace an existing one unless ``overwrite``."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".msback-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file exists: never overwrites by accident
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(path) from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def read_answers(path: Path, guide: Guide) -> dict[str, Answer]:
    """Read an answers file (JSON or YAML, safe loading only) and check it against the guide."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such answers file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc.__class__.__name__}).") from None
    data = _parse(text, path)
    try:
        return engine.parse_answers(guide, data)
    except engine.AnswerError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _parse(text: str, path: Path) -> object:
    if path.suffix.lower() not in (".yaml", ".yml"):
        import json

        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML is a superset of most JSON; try it next
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise UsageError(f"{path}: not a YAML or JSON file{where}.") from None


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

    An existing file is replaced only with ``overwrite`` or after asking.
    """
    import datetime

    today = env.today or datetime.date.today().isoformat()
    if save is None:
        if prompter is None or outcome.urgency == "emergency":
            return  # an emergency needs a call, not a file
        if not prompter.yes_no("\nSave a summary to bring to your appointment?"):
            env.message("Not saved.")
            return
        default = f"msback-summary-{today}.md"
        save = Path(prompter.ask(f"File name (Enter for {default}): ") or default)
    text = render.summary_markdown(outcome, answered(guide, answers), today)
    while True:
        try:
            save_text(save.expanduser(), text, overwrite)
            break
        except FileExistsError:
            if prompter is None:
                raise UsageError(
                    f"{save} already exists. Choose another name, or add --overwrite."
                ) from None
            if not prompter.yes_no(f"{save} already exists. Replace it?"):
                env.message("Not saved.")
                return
            overwrite = True
        except OSError as exc:
            raise MsbackError(
                f"{save}: could not save the summary ({exc.strerror or exc})."
            ) from None
    env.message(f"Saved the summary to {save}.")
