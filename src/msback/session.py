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
from msback.errors import MsbackError
from msback.models import Answer, Guide, Question


class Quit(Exception):
    """The person typed q."""


class InputEnded(MsbackError):
    """Standard input closed before the guide finished."""


class Prompter:
    """Shows screens and reads one line at a time from the person."""

    def __init__(self, env: Environment, out: Output, screen: TextIO) -> None:
        self.env, self.out, self.screen = env, out, screen

    def show(self, doc: render.Doc, clear: bool = False) -> None:
        text = render.render(doc, self.out)
        if clear and self.out.style == "rich":
            text = CLEAR_SCREEN + text
        elif clear:
            text = "\n" + text
        self.write(text)

    def write(self, text: str) -> None:
        self.screen.write(text if self.out.style == "rich" else _ascii(text))
        self.screen.flush()

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


def _ascii(text: str) -> str:
    from msback.environment import to_ascii

    return to_ascii(text)


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
