"""Issue 20: the flare plan (``msback plan``), the flare check (``msback flare``) and the
episode record, from the pure parts up to the installed command in a real terminal."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msback.cli import app
from msback.content.rules import FLARE_LEVELS, load_library
from msback.diary import episodes
from msback.diary.database import DiaryError, forget, open_diary
from msback.diary.episodes import Episode, PlanPart
from msback.environment import Environment
from msback.errors import UsageError
from msback.guide import engine
from msback.guide.flare import flare_guide

from .conftest import CONTENT
from .keys import press_ctrl_c

NOW = "2026-11-26 09:30"
TODAY = dt.date(2026, 11, 26)
MSBACK = str(Path(sys.executable).parent / "msback")
LIBRARY = load_library(CONTENT)
assert LIBRARY.guide is not None
GUIDE = LIBRARY.guide
CHECK = flare_guide(GUIDE)


def run(args: list[str], keys: str = "", tty: bool = False) -> Result:
    env = Environment(stdin_tty=tty, stdout_tty=False, now=NOW)
    return CliRunner().invoke(app, args, input=keys, obj=env)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"  # MSBACK_HOME (conftest)


def all_no(guide: engine.Guide) -> dict[str, engine.Answer]:  # type: ignore[name-defined]
    answers: dict[str, engine.Answer] = {}  # type: ignore[name-defined]
    while (question := engine.next_question(guide, answers)) is not None:
        answers[question.id] = "no"
    return answers


# -- the flare check: the guide's own questions, by id ------------------------------------


def test_the_check_asks_every_question_that_can_call_for_help_first() -> None:
    needed = [q.id for q in GUIDE.questions if q.stage == "safety" and q.urgency in FLARE_LEVELS]
    asked = [q.id for q in CHECK.questions]
    assert asked[: len(needed)] == needed  # the guide's own, in its order, first
    assert all(GUIDE.questions[[g.id for g in GUIDE.questions].index(q)] in CHECK.questions
               for q in needed)  # fmt: skip
    own = GUIDE.flare.questions if GUIDE.flare else ()
    assert all(q.urgency not in FLARE_LEVELS for q in own)


def test_all_no_reaches_the_plan_within_the_guides_safety_screens_plus_two() -> None:
    guide_screens = [q for q in engine.asked(GUIDE, all_no(GUIDE)) if q.stage == "safety"]
    flare_screens = engine.asked(CHECK, all_no(CHECK))
    assert len(flare_screens) <= len(guide_screens) + 2
    assert engine.evaluate(CHECK, LIBRARY.topics, all_no(CHECK)).urgency == "self-care"


@pytest.mark.parametrize("answer", ["yes", "not-sure"])
def test_an_emergency_sign_is_judged_as_the_guide_judges_it(answer: str) -> None:
    answers = {"emergency-nerves": answer}
    outcome = engine.evaluate(CHECK, LIBRARY.topics, answers)
    in_guide = engine.evaluate(GUIDE, LIBRARY.topics, answers)
    assert outcome.urgency == in_guide.urgency == ("emergency" if answer == "yes" else "same-day")
    if answer == "yes":
        assert engine.next_question(CHECK, answers) is None  # nothing else is asked


def test_relapse_signs_lead_to_the_ms_team_and_ask_about_heat_and_infection() -> None:
    answers = all_no(CHECK) | {"possible-relapse": "yes"}
    assert "flare-cause" in [q.id for q in engine.asked(CHECK, answers)]
    outcome = engine.evaluate(CHECK, LIBRARY.topics, answers | {"flare-cause": "yes"})
    assert outcome.urgency == "ms-team"
    assert any("MS nurse" in m for m in outcome.messages)


# -- episodes and the plan, pure ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "called"),
    [("1", "pain flare"), ("Flare", "pain flare"), ("2", "possible relapse"),
     ("relapse?", "possible relapse"), ("relapse", "possible relapse"),
     ("3", "relapse my team confirmed"), ("team confirmed", "relapse my team confirmed"),
     ("Pain flare-up", "pain flare"), ("relaps", "possible relapse"),
     ("pseudo relapse", "possible relapse")],
)  # fmt: skip
def test_what_it_is_called_is_the_persons_choice_forgivingly_typed(typed: str, called: str) -> None:
    assert episodes.parse_called(typed) == called


@pytest.mark.parametrize(
    ("typed", "day"),
    [("today", "2026-11-26"), ("yesterday", "2026-11-25"), ("3 days ago", "2026-11-23"),
     ("2 weeks ago", "2026-11-12"), ("2026-11-01", "2026-11-01"), ("28/10/2026", "2026-10-28"),
     ("20 nov", "2026-11-20"), ("30 dec", "2025-12-30")],
)  # fmt: skip
def test_days_are_read_as_people_write_them(typed: str, day: str) -> None:
    assert episodes.parse_day(typed, TODAY, "the start") == day


@pytest.mark.parametrize("typed", ["tomorrow", "2026-12-25", "31/02/2026", "soon", "0026-01-01"])
def test_a_day_that_is_not_one_or_in_the_future_says_so(typed: str) -> None:
    with pytest.raises(UsageError):
        episodes.parse_day(typed, TODAY, "the start")


def test_an_episode_says_its_dates_length_and_who_was_told() -> None:
    open_one = Episode("possible relapse", "2026-11-20", trigger="heat", told="2026-11-21")
    assert episodes.describe(open_one, TODAY) == (
        "2026-11-20, still going (7 days): possible relapse; possible trigger: heat;"
        " MS team told 2026-11-21"
    )
    ended = open_one._replace(ended="2026-11-20", steroids=False, trigger="", told="")
    assert (
        episodes.describe(ended, TODAY)
        == "2026-11-20 to 2026-11-20 (1 day): possible relapse; MS team not told yet; no steroids"
    )
    confirmed = ended._replace(called="relapse my team confirmed")  # the team knows of it
    assert "not told" not in episodes.describe(confirmed, TODAY)


# -- the diary keeps them --------------------------------------------------------------


def test_the_plan_is_kept_word_for_word_and_replaced_whole(home: Path) -> None:
    words = "Warm bath — not hot! 2x 10mg baclofen (my own note) \u2764"
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What helps me", words), PlanPart("drop", "Drop", "")])
        assert diary.plan() == [PlanPart("helps", "What helps me", words)]  # empty: not kept
        diary.save_plan([PlanPart("tell", "Who I tell", "Sam")])
        assert diary.plan() == [PlanPart("tell", "Who I tell", "Sam")]


def test_one_episode_is_open_at_a_time_and_ends_on_a_day(home: Path) -> None:
    with open_diary(home) as diary:
        first = diary.add_episode(Episode("pain flare", "2026-11-20", words=("pain", "walking")))
        with pytest.raises(DiaryError, match="already open"):
            diary.add_episode(Episode("possible relapse", "2026-11-21"))
        diary.end_episode(first, "2026-11-22")
        assert diary.open_episode() is None
        diary.add_episode(Episode("possible relapse", "2026-11-24", what="legs", steroids=True))
        found = diary.episodes()
    assert [(e.called, e.ended, e.words, e.steroids) for e in found] == [
        ("pain flare", "2026-11-22", ("pain", "walking"), None),
        ("possible relapse", "", (), True),
    ]


def test_forget_deletes_the_plan_and_episodes(home: Path) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What helps me", "stretches")])
        diary.add_episode(Episode("pain flare", "2026-11-20"))
    assert forget(home)
    with open_diary(home) as diary:
        assert diary.plan() == []
        assert diary.episodes() == []


# -- the commands, scripted -------------------------------------------------------------


def test_ending_with_none_open_says_so_in_one_line_and_asks_nothing(home: Path) -> None:
    result = run(["flare", "--ended"])
    assert result.exit_code == 0
    assert result.output == "No episode is open, so there is nothing to end.\n"
    assert not (home / "diary.sqlite3").exists()  # nothing made


def test_an_episode_is_recorded_from_flags_and_ended(home: Path) -> None:
    result = run(
        ["flare", "--called", "possible relapse", "--started", "2 days ago", "--what",
         "left leg weaker", "--trigger", "hot", "--told", "yesterday", "--steroids", "no"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Recorded: 2026-11-24, still going (3 days): possible relapse; in my words:"
        ' "left leg weaker"; possible trigger: heat; MS team told 2026-11-25; no steroids\n'
    )
    again = run(["flare", "--called", "flare"])
    assert again.exit_code == 1
    assert "already open" in again.output
    ended = run(["flare", "--ended", "--date", "today"])
    assert ended.output.startswith("Ended: 2026-11-24 to 2026-11-26 (3 days): possible relapse")
    with open_diary(home) as diary:
        (kept,) = diary.episodes()
    assert kept.what == "left leg weaker"
    assert kept.ended == "2026-11-26"


def test_flags_say_to_tell_the_team_of_a_possible_relapse_not_told_yet(home: Path) -> None:
    tell = load_library(CONTENT).guide.flare.tell_team  # type: ignore[union-attr]
    untold = run(["flare", "--called", "relapse"])  # "relapse" alone records a possible one
    assert untold.exit_code == 0, untold.output
    assert tell in untold.output
    run(["flare", "--ended"])
    told = run(["flare", "--called", "possible relapse", "--told", "today"])
    run(["flare", "--ended"])
    flare = run(["flare", "--called", "pain flare"])
    assert tell not in told.output + flare.output


@pytest.mark.parametrize(
    "args",
    [["flare", "--called", "a bad week"], ["flare", "--called", "flare", "--started", "tomorrow"],
     ["flare", "--what", "worse"], ["flare", "--called", "flare", "--steroids", "maybe"],
     ["flare", "--ended", "--date", "soon"], ["flare", "--date", "today"]],
)  # fmt: skip
def test_bad_flags_say_so_in_one_line_and_save_nothing(home: Path, args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("msback: ")
    if (home / "diary.sqlite3").exists():
        with open_diary(home) as diary:
            assert diary.episodes() == []


def write_answers(tmp_path: Path, answers: dict[str, str]) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in answers.items()), encoding="utf-8")
    return str(path)


def test_all_no_shows_no_warning_signs_then_how_to_write_a_plan(tmp_path: Path) -> None:
    result = run(["flare", "--answers", write_answers(tmp_path, all_no(CHECK))])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.index("No warning signs") < text.index("msback plan")
    assert "Getting through bad days" in text
    assert "More: msback show bad-days" in text


def test_an_emergency_ends_with_what_to_do_now_and_no_plan(tmp_path: Path, home: Path) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What usually helps me", "a warm bath")])
    result = run(["flare", "--answers", write_answers(tmp_path, {"emergency-nerves": "yes"})])
    assert result.exit_code == 0
    assert "Emergency: get help now" in result.stdout
    assert "a warm bath" not in result.stdout
    assert "plan" not in result.stdout.lower()


def test_relapse_signs_give_ms_team_advice_then_the_plan(tmp_path: Path, home: Path) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What usually helps me", "a warm bath")])
    answers = all_no(CHECK) | {"possible-relapse": "yes", "flare-cause": "no"}
    result = run(["flare", "--answers", write_answers(tmp_path, answers)])
    text = result.stdout
    assert text.index("MS nurse") < text.index("Your flare plan") < text.index("a warm bath")
    assert text.rstrip().endswith(("day or two.", "see a doctor today."))  # the urgency, last


def test_plan_show_prints_the_plan_or_says_there_is_none(home: Path) -> None:
    none = run(["plan", "--show"])
    assert none.exit_code == 0
    assert none.output.startswith("You have no flare plan yet.")
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("tell", "Who I tell", "Sam, 07700 900123")])
    shown = run(["plan", "--show", "--plain"])
    assert shown.stdout == "My flare plan\nWho I tell:\n- Sam, 07700 900123\n"


def test_plan_and_flare_refuse_input_that_is_not_a_terminal() -> None:
    for args in (["plan"], ["flare"]):
        result = run(args)
        assert result.exit_code == 2, args
        assert "terminal" in result.output


# -- in a real terminal --------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")


def spawn(args: list[str], home: Path):  # type: ignore[no-untyped-def]
    return pexpect.spawn(
        MSBACK, args, encoding="utf-8", timeout=20, dimensions=(40, 100),
        env={**os.environ, "TERM": "xterm-256color", "MSBACK_HOME": str(home), "NO_COLOR": "1"},
    )  # fmt: skip


def finish(child) -> int:  # type: ignore[no-untyped-def]
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus)


def answer_check(child, answers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Answer the flare check in a terminal: each question asked, as ``answers`` say (no
    for the rest), pressing Enter after a question's at-once lines."""
    given: dict[str, engine.Answer] = {}  # type: ignore[name-defined]
    child.expect("Press Enter to start")
    child.sendline("")
    while (question := engine.next_question(CHECK, given)) is not None:
        answer = answers.get(question.id, "no")
        child.expect("> ")
        child.sendline(answer[0])
        given[question.id] = answer  # type: ignore[assignment]
        if question.at_once and answer != "no":
            child.expect("Press Enter to carry on")
            child.sendline("")


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_write_a_plan_then_change_it_then_show_it(home: Path) -> None:
    child = spawn(["plan"], home)
    child.expect("1 of 7")
    child.sendline("stretches, then a warm bath")
    for _ in range(6):
        child.expect("> ")
        child.sendline("")
    assert finish(child) == 0
    child = spawn(["plan"], home)
    child.expect("Type a number")
    child.sendline("4")
    child.expect("> ")
    child.sendline("Sam 07700 900123")
    child.expect("Type a number")
    child.sendline("")
    assert finish(child) == 0
    with open_diary(home) as diary:
        assert [p.text for p in diary.plan()] == ["stretches, then a warm bath", "Sam 07700 900123"]
    child = spawn(["plan", "--show"], home)
    child.expect("My flare plan")
    child.expect("What usually helps me")
    child.expect("stretches, then a warm bath")
    child.expect("Who I tell")
    child.expect("Sam 07700 900123")
    assert finish(child) == 0


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_ctrl_c_while_writing_saves_nothing_half_written(home: Path) -> None:
    child = spawn(["plan"], home)
    child.expect("1 of 7")
    child.sendline("stretches")
    child.expect("2 of 7")
    press_ctrl_c(child)
    assert finish(child) == 130
    with open_diary(home) as diary:
        assert diary.plan() == []


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_a_flare_all_no_shows_the_plan_then_records_the_episode(home: Path) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What usually helps me", "a warm bath")])
    child = spawn(["flare"], home)
    answer_check(child, {})
    child.expect("a warm bath")
    child.expect("Record this episode")
    child.sendline("y")
    keys = [("Type 1, 2 or 3: ", "1"), ("When did it start", "yesterday"),
            ("press Enter to skip: ", "2, walking"), ("own words", "stiff legs & back"),
            ("trigger", "none"), ("told your MS team", ""), ("steroids", "n")]  # fmt: skip
    for prompt, key in keys:
        child.expect(prompt)
        child.sendline(key)
    child.expect("Recorded")
    assert finish(child) == 0
    with open_diary(home) as diary:
        (kept,) = diary.episodes()
    assert (kept.called, kept.what, kept.words, kept.trigger, kept.told, kept.steroids) == (
        "pain flare", "stiff legs & back", ("stiffness", "walking"), "none known", "", False,
    )  # fmt: skip


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_an_emergency_yes_in_a_terminal_ends_with_the_emergency(home: Path) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What usually helps me", "a warm bath")])
    child = spawn(["flare"], home)
    answer_check(child, {"emergency-nerves": "yes"})
    child.expect("Emergency: get help now")
    assert finish(child) == 0
    assert "a warm bath" not in child.before
    assert "Record this" not in child.before


def test_a_same_day_or_ms_team_result_says_to_wait_for_the_check_before_the_plan(
    tmp_path: Path, home: Path
) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What usually helps me", "short walks")])
    for answers, wait in (
        ({"possible-relapse": "yes", "flare-cause": "no"}, "During a possible relapse, rest"),
        ({"infection-signs": "not-sure"}, "Wait until a doctor has checked you."),
    ):
        result = run(["flare", "--answers", write_answers(tmp_path, all_no(CHECK) | answers)])
        text = result.stdout
        assert text.index(wait) < text.index("not instead of it") < text.index("short walks")
    calm = run(["flare", "--answers", write_answers(tmp_path, all_no(CHECK))]).stdout
    assert "not instead of it" not in calm


@pytest.mark.parametrize(
    ("typed", "picked"),
    [("1 5", ("pain", "weakness")), ("1, walking", ("pain", "walking")),
     ("numbness or tingling; 2", ("numbness or tingling", "stiffness")), ("", ())],
)  # fmt: skip
def test_common_words_are_picked_by_numbers_or_words_with_commas_or_spaces(
    typed: str, picked: tuple[str, ...]
) -> None:
    from msback.diary.recording import pick_words

    words = GUIDE.flare.words if GUIDE.flare else ()
    assert pick_words(typed, words) == picked


def test_a_uk_day_and_month_is_read_day_first() -> None:
    assert episodes.parse_day("20/11", TODAY, "the start") == "2026-11-20"
    assert episodes.parse_day("28/11", TODAY, "the start") == "2025-11-28"  # never ahead
    assert episodes.parse_day("3/4", TODAY, "the start") == "2026-04-03"


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_recording_goes_back_says_back_and_reminds_to_tell_the_team(home: Path) -> None:
    child = spawn(["flare"], home)
    answer_check(child, {})
    child.expect("Record this episode")
    child.sendline("y")
    child.expect("Type 1, 2 or 3: ")
    child.sendline("relapse")
    child.expect("Taken as: possible relapse.")
    child.expect("When did it start")
    child.sendline("b")  # back to what it is called
    child.expect("Type 1, 2 or 3: ")
    child.sendline("2")
    for prompt, key in (("When did it start", "28/11"), ("press Enter to skip: ", "1 5"),
                        ("own words", "legs weaker"), ("trigger", "hot"),
                        ("told your MS team", ""), ("steroids", "")):  # fmt: skip
        child.expect(prompt)
        child.sendline(key)
    child.expect("Tell your MS team soon")
    assert finish(child) == 0
    with open_diary(home) as diary:
        (kept,) = diary.episodes()
    started = episodes.parse_day("28/11", dt.date.today(), "the start")
    assert (kept.called, kept.started, kept.words, kept.trigger) == (
        "possible relapse", started, ("pain", "weakness"), "heat",
    )  # fmt: skip


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_relapse_signs_in_a_terminal_give_ms_team_advice_then_the_plan(home: Path) -> None:
    with open_diary(home) as diary:
        diary.save_plan([PlanPart("helps", "What usually helps me", "a cool room")])
    child = spawn(["flare"], home)
    answer_check(child, {"possible-relapse": "yes", "flare-cause": "yes"})
    child.expect("Contact your MS team within a day or two")
    child.expect("While you wait to be checked")
    child.expect("a cool room")
    child.expect("Record this episode")
    child.sendline("n")
    assert finish(child) == 0


@pytest.mark.terminal
@pytest.mark.xdist_group("terminal")
def test_ctrl_c_while_recording_keeps_nothing_and_an_episode_ends_in_a_terminal(
    home: Path,
) -> None:
    child = spawn(["flare"], home)
    answer_check(child, {})
    child.expect("Record this episode")
    child.sendline("y")
    child.expect("Type 1, 2 or 3: ")
    child.sendline("1")
    child.expect("When did it start")
    press_ctrl_c(child)
    assert finish(child) == 130
    with open_diary(home) as diary:
        assert diary.episodes() == []
        diary.add_episode(Episode("pain flare", "2026-11-20"))
    child = spawn(["flare", "--ended"], home)
    child.expect("Ended: 2026-11-20 to ")
    assert finish(child) == 0
    with open_diary(home) as diary:
        assert diary.open_episode() is None


def test_the_pseudo_relapse_lines_are_in_the_result_too(tmp_path: Path) -> None:
    answers = all_no(CHECK) | {"possible-relapse": "yes", "flare-cause": "not-sure"}
    text = run(["flare", "--answers", write_answers(tmp_path, answers)]).stdout
    assert "pseudo-relapse" in text
    assert text.index("within a day or two") < text.index("pseudo-relapse")
    calm = run(["flare", "--answers", write_answers(tmp_path, all_no(CHECK))]).stdout
    assert "pseudo-relapse" not in calm


def test_with_no_plan_first_steps_show_only_when_nothing_needs_checking_first(
    tmp_path: Path,
) -> None:
    calm = run(["flare", "--answers", write_answers(tmp_path, all_no(CHECK))]).stdout
    assert "Start gentle stretches" in calm
    answers = all_no(CHECK) | {"possible-relapse": "yes", "flare-cause": "no"}
    relapse = run(["flare", "--answers", write_answers(tmp_path, answers)]).stdout
    assert "Start gentle stretches" not in relapse  # exercise waits for the check (R13)
    assert "msback plan" in relapse
    assert "More: msback show bad-days" in relapse
