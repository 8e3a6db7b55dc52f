"""msback in a real pseudo-terminal (pexpect): what a person at a keyboard sees."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from .keys import press_ctrl_c

pexpect = pytest.importorskip("pexpect")
# One worker runs the terminal tests in turn: their timing must not race another pty.
pytestmark = [pytest.mark.terminal, pytest.mark.xdist_group("terminal")]
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


def guide(cwd: Path, args: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    child = spawn(["guide", *args], cwd)
    child.expect("Press Enter to start")
    child.sendline("")
    return child


def answer(child, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        child.expect("> ")
        child.sendline(key)


SAFETY_NO = ["n"] * 7
# stiffness yes, moving no, aid no, balance yes, strain no, leg no, nerve pain no, tired yes,
# low mood no, tried no, complementary no, pregnant no, breastfeeding no (asked: stiffness
# brings up botulinum toxin, which is not given in either), implant no (balance brings up
# foot drop, whose stimulator needs it said), heat no
PAIN = ["y", "n", "n", "y", "n", "n", "n", "y", "n", "n", "n", "n", "n", "n", "n"]


def test_guide_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    child = guide(work)
    child.expect("Question 1 of 26")
    answer(child, ["n"])
    child.expect("Question 2 of 26")
    press_ctrl_c(child)
    child.expect("Your answers so far are kept privately for a day")
    assert finish(child) == 130
    assert list(work.iterdir()) == []


def test_guide_end_of_input_exits_1(tmp_path: Path) -> None:
    child = guide(tmp_path)
    child.expect("Question 1 of 26")
    child.expect("> ")
    child.sendeof()
    child.expect("input ended before the guide finished, so nothing was saved.")
    assert finish(child) == 1


def test_guide_back_and_quit(tmp_path: Path) -> None:
    child = guide(tmp_path)
    answer(child, ["n"])
    child.expect("Question 2 of 26")
    answer(child, ["b"])
    child.expect("Question 1 of 26")
    child.expect("Your answer before was: No.")
    answer(child, ["nope", "n"])
    child.expect("Question 3 of 26")
    answer(child, ["q"])  # nothing is lost: the answers are kept for a day
    child.expect("Your answers so far are kept privately for a day")
    assert finish(child) == 0


def test_guide_lenient_answers_and_empty_enter(tmp_path: Path) -> None:
    child = guide(tmp_path)
    answer(child, [""])
    child.expect("Please type y for yes, n for no, or s if you are not sure.")
    answer(child, ["Nope", "nah", " S "])  # not sure to an infection sign: same day
    answer(child, ["no"] * 4 + ["YEAH"])
    for _ in range(25):  # no to the rest, however many the answers bring up
        if child.expect(["> ", "How urgent: See a doctor today"]) == 1:
            break
        child.sendline("n")
    else:
        raise AssertionError("the guide never ended")
    child.expect("Save a summary")
    child.sendline("n")
    child.expect("Keep this result in your diary")
    child.sendline("n")
    child.expect("Not kept in your diary.")
    assert finish(child) == 0


def test_guide_end_to_end_with_a_saved_summary_and_a_taken_name(tmp_path: Path) -> None:
    (tmp_path / "visit.md").write_text("keep me", encoding="utf-8")
    child = guide(tmp_path)
    answer(child, SAFETY_NO + PAIN)
    child.expect("How urgent: No warning signs in your answers")
    child.expect("Save a summary to bring to your appointment")
    child.sendline("y")
    child.expect("Or type a file name")
    child.sendline("visit.md")
    child.expect("There is already a file called visit.md")
    child.sendline("visit2.md")
    child.expect("Saved the summary to")
    child.expect("visit2.md")
    child.expect("Keep this result in your diary")
    child.sendline("y")
    child.expect("Kept in your diary")
    assert finish(child) == 0
    report = spawn(["report", "--format", "md"])
    assert finish(report) == 0
    assert "No warning signs in my answers" in report.before  # kept, in the person's voice
    assert (tmp_path / "visit.md").read_text(encoding="utf-8") == "keep me"
    text = (tmp_path / "visit2.md").read_text(encoding="utf-8")
    assert "Do your muscles often feel stiff or tight, or do you get muscle spasms? **Yes**" in text


def test_guide_ctrl_c_at_the_save_prompt_says_what_happened(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    child = guide(work)
    answer(child, ["n"] * 19)
    child.expect("Save a summary to bring to your appointment")
    press_ctrl_c(child)
    child.expect("Your result is shown above. The summary was not saved.")
    assert finish(child) == 130
    assert list(work.iterdir()) == []


def test_emergency_reaches_the_screen_when_stdout_goes_to_a_file(tmp_path: Path) -> None:
    """`msback guide > result.txt`: the questions and the emergency stay on the terminal."""
    child = pexpect.spawn(
        "bash",
        ["-c", f"'{MSBACK}' guide > result.txt"],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 60),
        env={
            **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
            "TERM": "xterm-256color",
        },
    )
    child.expect("Press Enter to start")
    child.sendline("")
    answer(child, ["y"])
    child.expect("Emergency: get help now")
    assert finish(child) == 0
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before.replace("\r\n", "\n"))
    assert max(len(line.rstrip()) for line in screen.splitlines()) <= 60  # the screen's width
    words = " ".join(screen.replace("\u2022", " ").split())
    assert "Call 999 (UK), 911 (US, Canada) or 112 (EU) now" in words
    assert "Do not wait to see if it passes." in words
    saved = (tmp_path / "result.txt").read_text(encoding="utf-8")
    assert "How urgent: Emergency: get help now" in saved
    assert "Question 1" not in saved


def test_log_at_a_terminal_in_four_questions_and_ctrl_c_saves_nothing(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    child = spawn(["log"], MSBACK_HOME=home)
    child.expect("Type 0 to 10: ")
    child.sendline("6")
    child.expect("Where: ")
    child.sendline("low")
    child.expect(r"Tried \(several with commas\): ")
    child.sendline("pool")
    child.expect("A note\\? Enter to skip: ")
    child.sendline("")
    child.expect(r"Saved: pain 6, lower back, tried pool \(water therapy\)")
    assert finish(child) == 0
    stopped = spawn(["log"], MSBACK_HOME=home)
    stopped.expect("Type 0 to 10: ")
    stopped.sendline("3")
    stopped.expect("Enter keeps: lower back. Where: ")
    press_ctrl_c(stopped)
    stopped.expect("stopped - nothing was saved.")
    assert finish(stopped) == 130
    history = spawn(["history", "--csv"], MSBACK_HOME=home)
    assert finish(history) == 0
    assert history.before.count("\n") == 2  # the header and the one entry saved


def test_an_unknown_tried_word_at_a_terminal_never_loses_the_score(tmp_path: Path) -> None:
    """The case from issue 17: 7, then "exercise, water". msback asks once about "water"
    with suggestions; typed again, it is kept as written, and the 7 is saved."""
    home = str(tmp_path / "home")
    child = spawn(["log"], MSBACK_HOME=home)
    child.expect("Type 0 to 10: ")
    child.sendline("7")
    child.expect("Where: ")
    child.sendline("")
    child.expect(r"Tried \(several with commas\): ")
    child.sendline("exercise, water")
    child.expect("msback knows no treatment called 'water'. Did you mean: water therapy")
    child.expect("Tried: ")
    child.sendline("water")  # only the word it asked about: exercise is kept already
    child.expect("A note\\? Enter to skip: ")
    child.sendline("")
    child.expect("Saved: pain 7, tried exercise; water")
    assert finish(child) == 0
    again = spawn(["log"], MSBACK_HOME=home)
    again.expect("Type 0 to 10: ")
    again.sendline("5")
    again.expect("Where: ")
    again.sendline("")
    again.expect("Last time: exercise; water.")
    again.expect(r"Tried \(several with commas\): ")
    again.sendline("")  # Enter: nothing this time, never last time's again
    again.expect("A note\\? Enter to skip: ")
    again.sendline("")
    again.expect("Saved: pain 5,")
    assert "tried" not in again.readline()
    assert finish(again) == 0


def narrow(args: list[str], **env: str):  # type: ignore[no-untyped-def]
    """msback in a 40-column terminal, as on a phone or with large print; everything it
    writes is kept in ``child.logfile_read``."""
    import io

    child = pexpect.spawn(
        MSBACK, args, encoding="utf-8", timeout=20, dimensions=(24, 40),
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "40", **env},
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    return child


def unwrapped(child, allowed: tuple[str, ...] = ()) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines the program wrote wider than 40 columns (the terminal would break them
    mid-word), less those that start as ``allowed`` (preformatted examples)."""
    text = child.logfile_read.getvalue()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", text)
    lines = plain.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [
        line
        for line in lines
        if len(line) > 40
        and " " in line.strip()  # one word longer than the screen (a file's path) cannot wrap
        and not line.strip().startswith(allowed)
    ]


def test_every_prompt_and_message_is_wrapped_at_40_columns(tmp_path: Path) -> None:
    """The guide's hints and wrong-answer line, log's prompts and retries, forget's
    question and -h: a line the program did not wrap fails."""
    home = str(tmp_path / "home")
    log = narrow(["log"], MSBACK_HOME=home)
    for expect, key in [
        ("Type 0 to 10: ", "eleven"), ("Type 0 to 10: ", "6"), ("Where: ", "my hip"),
        ("Where: ", "lower back"), (r"commas\): ", "hedt"), ("Tried: ", ""),
        ("Enter to skip: ", ""),
    ]:  # fmt: skip
        log.expect(expect)
        log.sendline(key)
    assert finish(log) == 0
    forget = narrow(["forget"], MSBACK_HOME=home)
    forget.expect("keep it: ")
    forget.sendline("")
    assert finish(forget) == 0
    helped = narrow(["log", "-h"])
    assert finish(helped) == 0
    guide = narrow(["guide"], MSBACK_HOME=home)
    guide.expect("quit: ")
    guide.sendline("")
    guide.expect("> ")
    guide.sendline("purple")
    guide.expect("> ")
    guide.sendline("q")
    assert finish(guide) == 0
    mistakes = [narrow(args) for args in (["show"], ["log", "-3"], ["history", "--days", "0"])]
    for child in mistakes:
        assert finish(child) == 2
    for child in (log, forget, guide, *mistakes):
        assert unwrapped(child) == [], child.args
    assert unwrapped(helped, allowed=("msback ", "--")) == []


def test_shows_help_for_warning_words_wraps_its_list_under_each_item() -> None:
    """``show`` of warning words says what to do on stderr first: at 40 columns each item's
    wrapped lines stay indented under it, so where one item ends is plain to see."""
    child = narrow(["show", "I can't pee"])
    assert finish(child) == 1
    assert unwrapped(child) == []
    lines = child.logfile_read.getvalue().replace("\r\n", "\n").split("\n")
    start = lines.index("When to get help urgently:")
    items = lines[start + 1 : lines.index("", start)]
    assert items[0].startswith("- Call 999")
    assert len(items) > 2  # the first item wrapped
    assert all(line.startswith(("- ", "  ")) for line in items)


def test_search_with_no_words_asks_for_them_so_no_shell_quoting_is_needed() -> None:
    """At a terminal, ``msback search`` alone asks; "I can't pee" typed there needs no
    quotes (in a shell the apostrophe would start a quoted string)."""
    child = narrow(["search"])
    child.expect("Search for: ")
    child.sendline("I can't pee")
    assert finish(child) == 0
    text = child.logfile_read.getvalue()
    assert 'match "I can\'t pee"' in text.replace("\r\n", " ")
    assert "When to get help urgently" in text
    assert unwrapped(child) == []
    nothing = narrow(["search"])
    nothing.expect("Search for: ")
    nothing.sendline("")
    assert finish(nothing) == 2  # Enter alone: what to type, as with no words in a script


def test_an_answer_read_another_way_is_said_again_on_the_next_screen(tmp_path: Path) -> None:
    """The colour view wipes the screen for each question: "Taken as: not sure." for
    "not really" would flash by, so the next screen says it too."""
    child = spawn(["guide"], MSBACK_HOME=str(tmp_path / "home"))
    child.expect("quit: ")
    child.sendline("")
    child.expect("> ")
    child.sendline("not really")
    child.expect("Question 2 of")
    child.expect(re.escape("(Your last answer was taken as: not sure.)"))
    child.expect("> ")
    child.sendline("q")
    assert finish(child) == 0
