"""msback in a real pseudo-terminal (pexpect): what a person at a keyboard sees."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.terminal
MSBACK = str(Path(sys.executable).parent / "msback")


def spawn(args: list[str], cwd: Path | None = None, **env: str):  # type: ignore[no-untyped-def]
    """msback in a 40x100 colour terminal."""
    return pexpect.spawn(
        MSBACK,
        args,
        cwd=str(cwd) if cwd else None,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
        env={**os.environ, "TERM": "xterm-256color", **env},
    )


def finish(child) -> int:  # type: ignore[no-untyped-def]
    """Wait for the program to end; its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def test_terminal_shows_rich_bullets_and_colour() -> None:
    child = spawn(["show", "pool"])
    assert finish(child) == 0
    assert "\u2022 Warm water gives sore muscles a chance to relax." in child.before
    assert re.search(r"\x1b\[[0-9;]*36m", child.before)  # headings in colour on a colour terminal


def test_no_color_keeps_words_and_drops_colour() -> None:
    child = spawn(["show", "pool"], NO_COLOR="1")
    assert finish(child) == 0
    assert "Questions to ask your doctor" in child.before
    assert not re.search(r"\x1b\[[0-9;]*36m", child.before)


def test_narrow_terminal_stays_readable() -> None:
    child = spawn(["show", "water-therapy"], COLUMNS="40")
    assert finish(child) == 0
    text = child.before.replace("\r\n", "\n")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.splitlines()) <= 40
    assert "Questions to ask your doctor" in plain


def guide(cwd: Path):  # type: ignore[no-untyped-def]
    child = spawn(["guide"], cwd)
    child.expect("Press Enter to start")
    child.sendline("")
    return child


def test_guide_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    child = guide(work)
    child.expect("Question 1 of 15")
    child.expect("> ")
    child.sendline("n")
    child.expect("Question 2 of 15")
    child.sendintr()
    child.expect("Stopped - nothing was saved.")
    assert finish(child) == 130
    assert list(work.iterdir()) == []


def test_guide_end_of_input_exits_1(tmp_path: Path) -> None:
    child = guide(tmp_path)
    child.expect("Question 1 of 15")
    child.expect("> ")
    child.sendeof()
    child.expect("input ended before the guide finished, so nothing was saved.")
    assert finish(child) == 1


def test_guide_back_and_quit(tmp_path: Path) -> None:
    child = guide(tmp_path)
    child.expect("> ")
    child.sendline("n")
    child.expect("Question 2 of 15")
    child.expect("> ")
    child.sendline("b")
    child.expect("Question 1 of 15")
    child.expect("Your answer before was: No.")
    child.expect("> ")
    child.sendline("q")
    child.expect("Stopped - nothing was saved.")
    assert finish(child) == 0


def test_guide_end_to_end_with_a_saved_summary(tmp_path: Path) -> None:
    child = guide(tmp_path)
    for key in "nnnnn" + "ynnyn" + "nyynn":
        child.expect("> ")
        child.sendline(key)
    child.expect("How urgent: No warning signs in your answers")
    child.expect("Save a summary to bring to your appointment")
    child.sendline("y")
    child.expect("File name")
    child.sendline("visit.md")
    child.expect("Saved the summary to visit.md.")
    assert finish(child) == 0
    text = (tmp_path / "visit.md").read_text(encoding="utf-8")
    assert "Do your muscles often feel stiff or tight, or do you get muscle spasms? **Yes**" in text


def test_guide_ctrl_c_at_the_save_prompt_saves_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    child = guide(work)
    for _ in range(15):
        child.expect("> ")
        child.sendline("n")
    child.expect("Save a summary to bring to your appointment")
    child.sendintr()
    child.expect("Stopped - nothing was saved.")
    assert finish(child) == 130
    assert list(work.iterdir()) == []
