"""Recording an episode at the terminal: a few short questions, each forgiving.

Nothing is kept until the last answer: stopping at any question records nothing. msback
never names the episode: the person picks what they (or their team) call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

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
from msback.render import Heading, Para

T = TypeVar("T")


def _until_valid(prompter: Prompter, prompt: str, parse: Callable[[str], T]) -> T:
    """Ask until ``parse`` accepts the answer; q quits."""
    while True:
        raw = prompter.ask(prompt)
        if raw.lower() in QUIT_WORDS:
            raise Quit
        try:
            return parse(raw)
        except MsbackError as exc:
            prompter.say(exc.message + (f" {exc.hint}" if exc.hint else ""))


def pick_words(raw: str, words: Sequence[str]) -> tuple[str, ...]:
    """The common words picked by number ("1, 3") or by name ("pain, walking")."""
    picked: list[str] = []
    for item in raw.replace(";", ",").split(","):
        key = item.strip().lower()
        if not key:
            continue
        if key.isdigit() and 1 <= int(key) <= len(words):
            picked.append(words[int(key) - 1])
        elif key in words:
            picked.append(key)
        else:
            raise MsbackError(f"'{item.strip()}' is not one of the numbers or words listed.")
    return tuple(dict.fromkeys(picked))


def ask_episode(prompter: Prompter, words: Sequence[str], today: dt.date) -> Episode:
    """The episode, from a few questions (Enter skips all but the first). ``Quit`` on q."""
    prompter.show(
        (
            Heading("Record this episode"),
            Para(
                "A dated record helps your MS team. Press Enter to skip any question but the first."
            ),
        )
    )
    choices = ", ".join(f"{n} {name}" for n, name in enumerate(CALLED, 1))
    called = _until_valid(prompter, f"What do you call it? {choices}: ", parse_called)
    started = _until_valid(
        prompter,
        "When did it start? Press Enter for today, or type yesterday, 3 days ago or a date: ",
        lambda raw: parse_day(raw, today, "the start") if raw else today.isoformat(),
    )
    what = _until_valid(prompter, "What is new or worse? In your own words: ", clean_text)
    listed = ", ".join(f"{n} {word}" for n, word in enumerate(words, 1))
    picked = _until_valid(
        prompter, f"Any of these new or worse? Type numbers or words ({listed}): ",
        lambda raw: pick_words(raw, words),
    )  # fmt: skip
    trigger = _until_valid(
        prompter,
        f"A possible trigger? {', '.join(TRIGGERS)}: ",
        lambda raw: parse_trigger(raw) if raw else "",
    )
    told = _until_valid(
        prompter,
        "Have you told your MS team? Type the day you did (today, yesterday, a date), or"
        " press Enter if not yet: ",
        lambda raw: _told(raw, today, started),
    )
    steroids = _until_valid(
        prompter,
        "Were you given steroids for it? Type y or n, or press Enter to skip: ",
        lambda raw: parse_yes_no(raw, "steroids") if raw else None,
    )
    return Episode(called, started, "", what, picked, trigger, told, steroids)


def _told(raw: str, today: dt.date, started: str) -> str:
    key = raw.strip().lower()
    if key in ("", "n", "no", "not yet"):
        return ""
    day = today.isoformat() if key in ("y", "yes") else parse_day(raw, today, "telling them")
    if day < started:
        raise MsbackError(f"{day} is before it started ({started}).")
    return day
