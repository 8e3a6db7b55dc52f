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


def spawn(args: list[str], **env: str):  # type: ignore[no-untyped-def]
    return pexpect.spawn(
        MSBACK,
        args,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
        env={**os.environ, "TERM": "xterm-256color", **env},
    )


def test_terminal_shows_rich_bullets_and_colour() -> None:
    child = spawn(["show", "pool"])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\u2022 Warm water gives sore muscles a chance to relax." in child.before
    assert re.search(r"\x1b\[[0-9;]*36m", child.before)  # headings in colour on a colour terminal


def test_no_color_keeps_words_and_drops_colour() -> None:
    child = spawn(["show", "pool"], NO_COLOR="1")
    child.expect(pexpect.EOF)
    assert "Questions to ask your doctor" in child.before
    assert not re.search(r"\x1b\[[0-9;]*36m", child.before)


def test_narrow_terminal_stays_readable() -> None:
    child = spawn(["show", "water-therapy"], COLUMNS="40")
    child.expect(pexpect.EOF)
    text = child.before.replace("\r\n", "\n")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.splitlines()) <= 40
    assert "Questions to ask your doctor" in plain
