"""Recording an episode at the terminal: a few short questions, each forgiving.

Nothing is kept until the last answer: stopping at any question records nothing, and b goes
back one question. msback never names the episode: the person picks what they (or their
team) call it. An answer msback reads as something else is said back ("Taken as: heat.").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from msback.diary.episodes import (
    CALLED,
    TRIGGERS,
    Episode,
    clean_text,
    parse_called,
    parse_day,
    parse_trigger,
    parse_yes_no,
)
from msback.errors import MsbackError
from msback.prompting import QUIT_WORDS, Prompter, Quit
from msback.render import Bullets, Heading, Para

BACK_WORDS = ("b", "back")


class Step(NamedTuple):
    """One question: its key in the episode, the lines shown before it, the prompt, and how
    the answer is read (given the answers so far)."""

    key: str
    lines: tuple[str, ...]
    prompt: str
    parse: Callable[[str, dict[str, Any]], Any]


def pick_words(raw: str, words: Sequence[str]) -> tuple[str, ...]:
    """The common words picked by number or name, separated by commas or spaces ("1, 3",
    "1 3", "pain, walking")."""
    picked: list[str] = []
    for item in raw.replace(";", ",").split(","):
        key = " ".join(item.lower().split())
        if not key:
            continue
        if key in words:
            picked.append(key)
            continue
        for part in key.split():
            if part.isdigit() and 1 <= int(part) <= len(words):
                picked.append(words[int(part) - 1])
            elif part in words:
                picked.append(part)
            else:
                raise MsbackError(f"'{part}' is not one of the numbers or words listed.")
    return tuple(dict.fromkeys(picked))


def _told(raw: str, today: dt.date, started: str) -> str:
    key = raw.strip().lower()
    if key in ("", "n", "no", "not yet"):
        return ""
    day = today.isoformat() if key in ("y", "yes") else parse_day(raw, today, "telling them")
    if day < started:
        raise MsbackError(f"{day} is before it started ({started}).")
    return day


def steps(words: Sequence[str], today: dt.date) -> list[Step]:
    """The questions, in order."""
    called = tuple(f"{n} {name}" for n, name in enumerate(CALLED, 1))
    listed = tuple(f"{n} {word}" for n, word in enumerate(words, 1))
    return [
        Step("called", ("What do you call it?", *called), "Type 1, 2 or 3: ",
             lambda raw, _: parse_called(raw)),
        Step("started", (), "When did it start? Press Enter for today, or type yesterday,"
             " 3 days ago or a date: ",
             lambda raw, _: parse_day(raw, today, "the start") if raw else today.isoformat()),
        *([Step("words", ("Are any of these new or worse?", *listed),
                "Type their numbers or words, or press Enter to skip: ",
                lambda raw, _: pick_words(raw, words))] if words else []),
        Step("what", (), "Anything else new or worse, or that you cannot do now but could"
             " before? In your own words, or press Enter: ", lambda raw, _: clean_text(raw)),
        Step("trigger", (), f"A possible trigger? {', '.join(TRIGGERS)}: ",
             lambda raw, _: parse_trigger(raw) if raw else ""),
        Step("told", (), "Have you told your MS team? Type the day you did (today,"
             " yesterday, a date), or press Enter if not yet: ",
             lambda raw, got: _told(raw, today, got["started"])),
        Step("steroids", (), "Were you given steroids for it? Type y or n, or press Enter"
             " to skip: ", lambda raw, _: parse_yes_no(raw, "steroids") if raw else None),
    ]  # fmt: skip


def _said_back(step: Step, raw: str, value: Any) -> str:
    """What to say back when the answer was read as something the person did not type."""
    if step.key in ("called", "trigger") and value and raw.strip().lower() != value:
        return f"Taken as: {value}."
    if step.key in ("started", "told") and value and raw.strip().lower() not in ("", value):
        return f"Taken as: {value}."
    if step.key == "words" and value and raw.strip().lower() != ", ".join(value):
        return f"Taken as: {', '.join(value)}."
    return ""


def ask_episode(prompter: Prompter, words: Sequence[str], today: dt.date) -> Episode:
    """The episode, from a few questions (Enter skips all but the first; b goes back).
    ``Quit`` on q."""
    prompter.show(
        (
            Heading("Record this flare or relapse"),
            Para(
                "A dated record helps your MS team. Press Enter to skip any question but the"
                " first. Type b to go back, or q to stop: nothing is kept until the end."
            ),
        )
    )
    questions = steps(words, today)
    got: dict[str, Any] = {}
    at = 0
    while at < len(questions):
        step = questions[at]
        if step.lines:
            prompter.show((Para(step.lines[0]), Bullets(step.lines[1:])))
        raw = prompter.ask(step.prompt)
        key = raw.strip().lower()
        if key in QUIT_WORDS:
            raise Quit
        if key in BACK_WORDS:
            at = max(0, at - 1)
            continue
        try:
            value = step.parse(raw, got)
        except MsbackError as exc:
            prompter.say(exc.message + (f" {exc.hint}" if exc.hint else ""))
            continue
        said = _said_back(step, raw, value)
        if said:
            prompter.say(said)
        got[step.key] = value
        at += 1
    return Episode(
        got["called"], got["started"], "", got["what"], got.get("words", ()), got["trigger"],
        got["told"], got["steroids"],
    )  # fmt: skip
