"""Spoken well: what a screen reader or a speech synthesiser reads from the plain view.

Decided once (CONTENT_STYLE.md): numbers to call are written as dialled ("999") everywhere,
and the screen-reader view (``--plain`` asked for, or ``MSBACK_PLAIN=1``) writes them digit
by digit ("9 9 9"), because speech says "999" as "nine hundred and ninety-nine". Output
that only happens to be plain (a pipe, a file) keeps them as dialled, and data (JSON, the
summary, exports) never changes. Emphasis never relies on capitals.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msback.cli.app import app
from msback.content.rules import ABBREVIATIONS
from msback.environment import SERVICE_NUMBERS, say_digits

from .conftest import CONTENT
from .test_installed import run

EMERGENCY = "emergency-nerves: yes\n"
SAME_DAY = "emergency-nerves: no\nemergency-other: no\ninfection-signs: yes\n"


@functools.cache
def screen_reader_texts() -> tuple[str, ...]:
    """The screen-reader view of the list, the guide's questions and every topic."""
    runner = CliRunner()
    texts = [runner.invoke(app, ["list", "--plain"]).stdout]
    texts += [runner.invoke(app, ["guide", "--list-questions", "--plain"]).stdout]
    texts += [
        runner.invoke(app, ["show", path.stem, "--plain"]).stdout
        for path in sorted((CONTENT / "topics").glob("*.yaml"))
    ]
    return tuple(texts)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Call 999 (UK), 911 (US, Canada) or 112 (EU) now.",
         "Call 9 9 9 (UK), 9 1 1 (US, Canada) or 1 1 2 (EU) now."),
        ("Samaritans on 116 123, free.", "Samaritans on 1 1 6, 1 2 3, free."),
        ("Lifeline 0808 808 8000. 988 (US).", "Lifeline 0 8 0 8, 8 0 8, 8 0 0 0. 9 8 8 (US)."),
        ("call NHS 111.", "call NHS 1 1 1."),
        ("stroke signs, call 999 even if they pass", "stroke signs, call 9 9 9 even if they pass"),
        ("Call 999, 911 or 112 for weak legs.", "Call 9 9 9, 9 1 1 or 1 1 2 for weak legs."),
        ("call 999 or 111 first", "call 9 9 9 or 1 1 1 first"),
        ("NHS 111 mental health option; GP or 111 the same day",
         "NHS 1 1 1 mental health option; GP or 1 1 1 the same day"),
    ],
)  # fmt: skip
def test_numbers_to_call_are_said_digit_by_digit(text: str, said: str) -> None:
    assert say_digits(text) == said
    assert say_digits(said) == said  # saying it twice changes nothing


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-30 at 19:00, pain 7/10",
        "Last 112 days: 111 entries, 999 results",
        "Imported 111 new entries (111 already in your diary). 111 earlier entries",
        "walked 112 steps, rang 111 for advice; not '111'",
        "9990 1112 11.5 999.5 0.999 about 60 to 80 in every 100",
        "Complement Ther Med 2017;31:100-108",
    ],
)
def test_other_numbers_stay_as_they_are(text: str) -> None:
    assert say_digits(text) == text


def test_every_number_to_call_in_the_content_is_a_known_one() -> None:
    """Lint MSB024 runs on the content; here the whole plain view is read, as spoken."""
    texts = screen_reader_texts()
    assert len(texts) > 20
    spoken = "\n".join(texts)
    left = [n for n in SERVICE_NUMBERS if re.search(rf"(?<![\w ]){n}(?!\d)", spoken)]
    assert left == [], "a number to call is not said digit by digit"
    assert "9 9 9, 9 1 1 or 1 1 2" in spoken
    assert "1 1 6, 1 2 3" in spoken


def test_no_word_in_capitals_outside_the_abbreviations() -> None:
    """A screen reader spells a word in capitals letter by letter ("N, E, W")."""
    texts = screen_reader_texts()
    shouted = {w for text in texts for w in re.findall(r"\b[A-Z][A-Z]+\b", text)}
    placeholders = {"TOPIC"}  # a command's placeholder, as help shows it: msback show TOPIC
    assert sorted(shouted - ABBREVIATIONS - placeholders) == []


def test_the_plain_view_asked_for_says_digits_and_a_pipe_keeps_them(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(EMERGENCY, encoding="utf-8")
    runner = CliRunner()
    asked = runner.invoke(app, ["guide", "--answers", str(answers), "--plain"]).stdout
    piped = runner.invoke(app, ["guide", "--answers", str(answers)]).stdout
    env = runner.invoke(app, ["guide", "--answers", str(answers)], env={"MSBACK_PLAIN": "1"})
    data = runner.invoke(app, ["guide", "--answers", str(answers), "--plain", "--json"]).stdout
    assert "Call 9 9 9 (UK), 9 1 1 (US, Canada) or 1 1 2 (EU) now" in asked
    assert "Call 999 (UK), 911 (US, Canada) or 112 (EU) now" in piped
    assert env.stdout == asked
    assert "999" in data  # data is never changed
    assert "9 9 9" not in data
    assert asked.replace("9 9 9", "999").replace("9 1 1", "911").replace("1 1 2", "112") == piped


def test_same_day_result_says_111_digit_by_digit(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(SAME_DAY, encoding="utf-8")
    result = CliRunner().invoke(app, ["guide", "--answers", str(answers), "--plain"])
    assert "NHS 1 1 1" in result.stdout
    assert not re.search(r"(?<![\d ])111(?!\d)", result.stdout)


def _phonemes(text: str) -> str:
    """What espeak-ng would say, as its phoneme mnemonics without stress marks."""
    said = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", "en", "--stdin"],
        input=text, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    return " ".join(said.replace("'", "").replace(",", "").split())


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_speech_synthesiser_says_emergency_numbers_as_digits(tmp_path: Path) -> None:
    """Smoke test with a real synthesiser, on the installed command: the emergency result
    in the screen-reader view is said "nine nine nine", never "nine hundred"."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(EMERGENCY, encoding="utf-8")
    spoken = run(["guide", "--answers", str(answers), "--plain"], tmp_path)
    piped = run(["guide", "--answers", str(answers)], tmp_path)
    assert spoken.returncode == piped.returncode == 0
    nine, hundred = _phonemes("nine"), _phonemes("hundred")
    assert hundred in _phonemes(piped.stdout)  # the check can tell the two apart
    said = _phonemes(spoken.stdout)
    assert f"{nine} {nine} {nine}" in said
    assert hundred not in said
