"""`msback guide` through CliRunner: interactive keys, scripted answers, errors, summaries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msback.cli import app
from msback.environment import Environment

from .test_cli import golden

NOW = "2026-11-24 09:30"
SAFETY_NO = "n\n" * 7
ALL_NO = SAFETY_NO + "n\n" * 12  # strain = no (no medicine questions), tried = no
ANSWERS_YAML = """\
emergency-nerves: no
emergency-other: no
infection-signs: no
spine-signs: no
history-signs: no
possible-relapse: no
see-soon: no
stiffness: yes
moving: no
mobility-aid: no
balance: yes
strain: no
leg-pain: no
nerve-feel: no
tired: yes
low-mood: no
tried: no
complementary: no
pregnancy: no
breastfeeding: no
implant: no
heat: yes
"""
KEYS = "\n" + "".join(
    f"{'y' if line.endswith('yes') else 'n'}\n" for line in ANSWERS_YAML.splitlines()
)


def interactive(
    args: list[str], keys: str, stdout_tty: bool = True, carry_on: bool = False
) -> Result:
    """Run the guide as if at a terminal, typing ``keys``; plain output for readable checks.
    Answers kept from an earlier run in the test are dropped first, unless ``carry_on``."""
    if not carry_on:
        (Path(os.environ["MSBACK_HOME"]) / "guide-answers.json").unlink(missing_ok=True)
    env = Environment(stdin_tty=True, stdout_tty=stdout_tty, now=NOW)
    return CliRunner().invoke(app, ["guide", "--plain", *args], input=keys, obj=env)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS_YAML, encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# -- interactive ----------------------------------------------------------------------------


def test_full_run_shows_progress_and_result(in_tmp: Path) -> None:
    result = interactive([], "\n" + ALL_NO + "n\nn\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("msback guide\n")
    assert "It does not diagnose, and it is not for emergencies." in out
    assert "Question 1 of 26\nSafety check\n" in out  # every follow-up may still come
    assert "Question 14 of 23\nAbout your pain\n" in out  # no strain: no medicine questions
    assert "Question 19 of 19\nAbout your pain\n" in out
    assert "How urgent: No warning signs in your answers" in out
    assert out.index("Question 8 of 25") < out.index("Do your muscles often feel stiff")
    assert result.stderr == "Not saved.\nNot kept in your diary.\n"
    assert list(in_tmp.iterdir()) == []


def test_the_count_ends_on_the_last_question_shown() -> None:
    # tried = yes: no complementary; TENS may be shown, so pregnancy and implant are asked
    keys = "\n" + SAFETY_NO + "n\n" * 9 + "y\n" + "n\n" * 3
    result = interactive([], keys)
    assert result.exit_code == 0, result.output
    assert "Question 17 of 22" in result.stdout
    assert "Question 20 of 20" in result.stdout  # heat, the last question, always asked
    assert "Would you like to hear about complementary care" not in result.stdout


def test_back_keeps_earlier_answers_and_shows_the_previous_one() -> None:
    result = interactive([], "\nn\nn\nb\ny\n")
    assert result.exit_code == 0
    screens = result.stdout.split("Question ")
    assert screens[4].startswith("2 of 26")  # back from question 3 to 2
    assert "Your answer before was: No." in screens[4]
    assert "How urgent: Emergency: get help now" in result.stdout


def test_a_question_with_a_list_is_asked_again_at_the_answer() -> None:
    """On a short screen the question above a long list has scrolled away by the prompt."""
    from msback.guide.engine import next_question

    from .test_guide_engine import GUIDE

    first = next_question(GUIDE, {})
    assert first is not None
    assert first.items
    result = interactive([], "\nq\n")
    assert f"{first.text} > " in result.stdout.replace("\n", " ")  # wrapped at 80 columns


def test_back_on_the_first_question_explains() -> None:
    result = interactive([], "\nb\nq\n")
    assert "This is the first question, so there is nothing to go back to." in result.stdout


def test_quit_keeps_the_answers_privately_for_a_day_and_nothing_else(
    in_tmp: Path, tmp_path: Path
) -> None:
    result = interactive([], "\nn\nq\n")
    assert result.exit_code == 0
    assert result.stderr == (
        "Stopped. Your answers so far are kept privately for a day: run msback guide to carry on.\n"
    )
    assert "Your result" not in result.stdout
    assert list(in_tmp.iterdir()) == []
    kept = tmp_path / "home" / "guide-answers.json"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert json.loads(kept.read_text(encoding="utf-8"))["answers"] == {"emergency-nerves": "no"}


SAFETY_COUNT = 7  # safety questions on the all-no path


def test_a_stopped_guide_carries_on_with_the_safety_check_first(tmp_path: Path) -> None:
    """Stop after the first pain question; come back: the safety check is asked again
    (the earlier answer shown), then the pain questions go on from where they stopped;
    finishing deletes the kept answers."""
    first = interactive([], "\n" + "n\n" * SAFETY_COUNT + "y\nq\n")
    assert "kept privately for a day" in first.stderr
    again = interactive([], "y\n" + "n\n" * 40, carry_on=True)
    assert again.exit_code == 0, again.output
    assert "You stopped part way through the guide at" in again.stdout
    shown = " ".join(again.stdout.split())
    earlier = "You answered No earlier. Please answer again, for how things are now."
    assert shown.count(earlier) == SAFETY_COUNT
    assert "still the same" not in shown  # y and n answer the question, never "same or not"
    assert "Press Enter to start" not in again.stdout
    assert "often feel stiff or tight" not in again.stdout  # answered before: not asked again
    assert "How urgent:" in again.stdout
    assert not (tmp_path / "home" / "guide-answers.json").exists()


def test_yes_when_carrying_on_means_yes_to_the_sign_not_same_as_before() -> None:
    """A safety answer asked again is an answer to the question: "y" is yes to the warning
    sign (an emergency here), "n" is no."""
    interactive([], "\n" + "n\n" * SAFETY_COUNT + "y\nq\n")
    again = interactive([], "y\ny\n", carry_on=True)
    assert "How urgent: Emergency: get help now" in again.stdout


def test_no_to_carrying_on_starts_afresh_and_forgets(tmp_path: Path) -> None:
    interactive([], "\nn\nq\n")
    fresh = interactive([], "n\nq\n", carry_on=True)
    assert "Press Enter to start" in fresh.stdout
    assert not (tmp_path / "home" / "guide-answers.json").exists()


def test_q_when_asked_to_carry_on_keeps_the_answers(tmp_path: Path) -> None:
    """q there stops, as q does everywhere: the answers stay kept (a newcomer's test)."""
    interactive([], "\nn\nq\n")
    stopped = interactive([], "q\n", carry_on=True)
    assert stopped.exit_code == 0
    assert "Press Enter to start" not in stopped.stdout
    assert "kept privately for a day" in stopped.stderr
    assert (tmp_path / "home" / "guide-answers.json").exists()


def test_answers_files_never_carry_on(answers_file: Path) -> None:
    interactive([], "\nn\nq\n")
    result = CliRunner().invoke(app, ["guide", "--answers", str(answers_file)])
    assert result.exit_code == 0
    assert "Carry on" not in result.output


def test_quit_at_the_intro() -> None:
    result = interactive([], "q\n")
    assert (result.exit_code, result.stderr) == (0, "Stopped - nothing was saved.\n")


def test_invalid_input_asks_again_with_a_hint() -> None:
    result = interactive([], "\npurple\ny\n")
    assert "Sorry, 'purple' is not an answer here. Type y (yes), n (no) or s (not sure)." in (
        result.stdout
    )
    assert "How urgent: Emergency" in result.stdout


def test_empty_enter_repeats_the_keys_kindly() -> None:
    result = interactive([], "\n\ny\n")
    assert "Please type y for yes, n for no, or s if you are not sure." in result.stdout
    assert "'' is not an answer" not in result.stdout


@pytest.mark.parametrize("key", ["s", "?", "Not sure", "unsure", "don't know", " S "])
def test_not_sure_keys(key: str) -> None:
    result = interactive(["--json"], f"\n{key}\n" + "n\n" * 7 + "n\n" * 11)
    assert json.loads(result.stdout)["urgency"] == "same-day"


@pytest.mark.parametrize(("yes", "no"), [("yeah", "nope"), ("YEP", "Nah"), ("Yes", "No")])
def test_everyday_yes_and_no(yes: str, no: str) -> None:
    result = interactive(["--json"], f"\n{no}\n{yes}\n")
    assert json.loads(result.stdout)["urgency"] == "emergency"


def test_end_of_input_is_a_clear_error(in_tmp: Path) -> None:
    result = interactive([], "\nn\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "msback: input ended before the guide finished, so nothing was saved.\n"
        "To answer from a file instead, use: msback guide --answers FILE\n"
        "Your answers so far are kept privately for a day: run msback guide to carry on.\n"
    )
    assert list(in_tmp.iterdir()) == []


def test_emergency_offers_no_summary_and_no_self_care() -> None:
    result = interactive([], "\ny\n")
    assert "Relief options" not in result.stdout
    assert "Save a summary" not in result.stdout
    assert "Call 9 9 9 (UK), 9 1 1 (US, Canada) or 1 1 2 (EU)" in result.stdout


def test_saved_summary(in_tmp: Path, tmp_path: Path) -> None:
    """Enter saves it in the person's documents folder (made if missing), never in the
    folder they happen to be in; the full path is shown before and after."""
    result = interactive([], KEYS + "y\n\nn\n")
    assert result.exit_code == 0, result.output
    saved = tmp_path / "documents" / "msback-summary-2026-11-24-0930.md"
    assert f"Enter saves it as {saved}" in " ".join(result.stdout.split())
    assert result.stderr == f"Saved the summary to {saved.resolve()}\nNot kept in your diary.\n"
    assert not list(in_tmp.glob("msback-summary-*"))
    golden("summary.md", saved.read_text(encoding="utf-8"))


def test_two_summaries_in_the_same_minute_never_collide(in_tmp: Path, tmp_path: Path) -> None:
    for _ in range(2):
        result = interactive([], KEYS + "y\n\nn\n")
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "documents").iterdir())
    assert names == ["msback-summary-2026-11-24-0930-2.md", "msback-summary-2026-11-24-0930.md"]


def test_yes_at_the_file_name_means_the_default_name(in_tmp: Path, tmp_path: Path) -> None:
    result = interactive([], KEYS + "y\ny\nn\n")
    assert result.exit_code == 0, result.output
    assert not (in_tmp / "y").exists()
    assert (tmp_path / "documents" / "msback-summary-2026-11-24-0930.md").is_file()


def test_a_typed_name_is_in_the_folder_you_are_in(in_tmp: Path) -> None:
    result = interactive([], KEYS + "y\nmine.md\nn\n")
    assert result.exit_code == 0, result.output
    assert (in_tmp / "mine.md").is_file()
    assert f"Saved the summary to {(in_tmp / 'mine.md').resolve()}" in result.stderr


def test_the_result_can_be_kept_in_the_diary_for_the_report(in_tmp: Path, tmp_path: Path) -> None:
    from msback.diary.database import open_diary

    result = interactive([], KEYS + "n\ny\n")
    assert result.exit_code == 0, result.output
    assert "Keep this result in your diary, for a report for your clinic?" in result.stdout
    assert "Kept in your diary" in result.stderr
    with open_diary(tmp_path / "home") as diary:
        kept = diary.latest_result()
    assert kept is not None
    assert kept["at"] == NOW
    assert kept["title"] == "No warning signs in your answers"
    assert kept["answers"]["stiffness"] == "yes"  # type: ignore[index]
    assert kept["doctor_questions"]
    assert 1 <= len(kept["checklist"]) <= len(kept["doctor_questions"])  # type: ignore[arg-type]
    assert kept["checklist"][-1] in result.stdout  # type: ignore[index]  # as shown on screen


def test_save_to_diary_for_scripts_and_never_asked_after_an_emergency(
    answers_file: Path, tmp_path: Path
) -> None:
    from msback.diary.database import open_diary

    scripted = CliRunner().invoke(
        app, ["guide", "--answers", str(answers_file), "--json", "--save-to-diary"],
        obj=Environment(now=NOW),
    )  # fmt: skip
    assert scripted.exit_code == 0, scripted.output
    with open_diary(tmp_path / "home") as diary:
        assert diary.latest_result() is not None
    emergency = interactive([], "\ny\n")
    assert "Keep this result" not in emergency.stdout


def test_q_at_any_save_prompt_means_dont_save(in_tmp: Path) -> None:
    for keys in ("q\n", "y\nq\n"):
        result = interactive([], KEYS + keys)
        assert (result.exit_code, result.stderr) == (0, "Not saved.\nNot kept in your diary.\n")
        assert list(in_tmp.iterdir()) == []


def test_a_taken_name_asks_for_another(in_tmp: Path) -> None:
    target = in_tmp / "mine.md"
    target.write_text("keep me", encoding="utf-8")
    result = interactive([], KEYS + "y\nmine.md\nmine2.md\n")
    assert "There is already a file called mine.md. Type another name, or q to not save:" in (
        " ".join(result.stdout.split())  # wrapped at the screen's width
    )
    assert target.read_text(encoding="utf-8") == "keep me"
    assert (in_tmp / "mine2.md").read_text(encoding="utf-8").startswith("# My back pain summary")
    assert result.stderr.startswith(f"Saved the summary to {(in_tmp / 'mine2.md').resolve()}\n")
    refused = interactive([], KEYS + "y\nmine.md\nq\n")
    assert refused.stderr.startswith("Not saved.\n")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_folder_name_asks_for_a_file_name(in_tmp: Path) -> None:
    (in_tmp / "notes").mkdir()
    result = interactive([], KEYS + "y\nnotes\nnotes/mine.md\n")
    assert "notes is a folder. Type a file name, or q to not save:" in result.stdout
    assert (in_tmp / "notes" / "mine.md").exists()


def test_end_of_input_at_the_save_prompt_says_what_happened(in_tmp: Path) -> None:
    result = interactive([], KEYS + "y\n")
    assert result.exit_code == 0
    assert "How urgent: No warning signs" not in result.stderr
    assert "Your result" in result.stdout
    assert result.stderr.endswith("Your result is shown above. The summary was not saved.\n")
    assert list(in_tmp.iterdir()) == []


def test_interactive_and_scripted_give_the_same_outcome(answers_file: Path) -> None:
    typed = interactive(["--json"], KEYS)
    scripted = CliRunner().invoke(app, ["guide", "--answers", str(answers_file), "--json"])
    assert typed.exit_code == scripted.exit_code == 0
    assert json.loads(typed.stdout) == json.loads(scripted.stdout)
    assert "Question 1 of 26" in typed.stderr  # with --json the questions go to stderr


def test_questions_stay_on_the_terminal_when_stdout_is_redirected() -> None:
    result = interactive([], "\n" + ALL_NO + "n\n", stdout_tty=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("Your result\n")
    assert "Question 1 of 26" in result.stderr
    assert "Question 1 of 26" not in result.stdout
    # The urgency is shown where the person is answering, not only in the file.
    assert "How urgent: No warning signs in your answers" in result.stderr


def test_an_emergency_reaches_the_screen_when_stdout_is_redirected() -> None:
    result = interactive([], "\ny\n", stdout_tty=False)
    assert result.exit_code == 0
    for stream in (" ".join(result.stdout.split()), " ".join(result.stderr.split())):
        assert "How urgent: Emergency: get help now" in stream
        assert "Call 9 9 9 (UK), 9 1 1 (US, Canada) or 1 1 2 (EU) now" in stream
        assert "Do not wait to see if it passes." in stream


def test_short_result_by_default_and_everything_with_details(answers_file: Path) -> None:
    short = CliRunner().invoke(app, ["guide", "--answers", str(answers_file)])
    full = CliRunner().invoke(app, ["guide", "--answers", str(answers_file), "--details"])
    assert short.exit_code == full.exit_code == 0
    assert "\n4. " not in short.stdout
    assert "\n4. " in full.stdout
    assert "Sources:" not in short.stdout
    assert "Sources:" in full.stdout
    last = short.stdout.rstrip("\n").split("\n\n")[-1]  # the last paragraph
    assert last.startswith("How urgent: No warning signs in your answers\n- Self-care may")
    assert "msback guide --details" in last
    golden("guide-result-details.txt", full.stdout)


def test_no_terminal_points_to_answers() -> None:
    result = CliRunner().invoke(app, ["guide"], input="y\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "msback guide --answers FILE" in result.stderr


# -- scripted -------------------------------------------------------------------------------


def test_list_questions_json() -> None:
    result = CliRunner().invoke(app, ["guide", "--list-questions", "--json"])
    questions = json.loads(result.stdout)["questions"]
    assert questions[0]["id"] == "emergency-nerves"
    assert all(q["answers"] == ["yes", "no", "not-sure"] for q in questions)
    assert {"id", "text", "answers"} <= set(questions[0])
    assert len({q["id"] for q in questions}) == len(questions) == 26


def test_list_questions_plain() -> None:
    result = CliRunner().invoke(app, ["guide", "--list-questions"])
    assert "complementary (pain):" in result.stdout
    assert "Asked only when tried is: no, not-sure" in result.stdout


def test_answers_file_plain_result_matches_golden(answers_file: Path) -> None:
    result = CliRunner().invoke(app, ["guide", "--answers", str(answers_file)])
    assert result.exit_code == 0
    golden("guide-result.txt", result.stdout)


def test_answers_json_keys(answers_file: Path) -> None:
    data = json.loads(
        CliRunner().invoke(app, ["guide", "--answers", str(answers_file), "--json"]).stdout
    )
    assert list(data) == [
        "urgency", "because", "messages", "left_out", "recommendations", "doctor_questions",
        "sources",
    ]  # fmt: skip
    assert data["urgency"] == "self-care"
    assert data["recommendations"][0]["id"] == "physical-therapy"


def test_json_answers_file_and_missing_answers(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"stiffness": "yes"}), encoding="utf-8")
    data = json.loads(CliRunner().invoke(app, ["guide", "--answers", str(path), "--json"]).stdout)
    assert data["urgency"] == "same-day"  # unanswered red flags count as "not sure"
    assert "spasms-and-cramps" in [r["id"] for r in data["recommendations"]]


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("nope: yes\n", 2, "a.yaml: unknown question id 'nope'"),
        ("heat: purple\n", 2, "a.yaml: question 'heat': 'purple' is not an allowed answer"),
        ("- heat\n- yes\n", 2, "a.yaml: the answers must be a mapping"),
        ("heat: [unclosed\n", 2, "a.yaml: not a YAML or JSON file (line 2)."),
        ("!!python/object/apply:os.system ['echo hacked']\n", 2, "a.yaml: not a YAML or JSON"),
    ],
)
def test_bad_answers_files(tmp_path: Path, text: str, code: int, message: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["guide", "--answers", str(path)])
    assert result.exit_code == code
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert "hacked" not in result.output


def test_missing_and_binary_answers_files(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["guide", "--answers", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1
    assert missing.stderr.endswith("none.yaml: no such answers file.\n")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\xff\xfe")
    result = CliRunner().invoke(app, ["guide", "--answers", str(binary)])
    assert result.exit_code == 2
    assert "cannot be read" in result.stderr


def test_save_with_answers(answers_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    args = ["guide", "--answers", str(answers_file), "--save", str(target)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# My back pain summary (")
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 2
    assert "out.md already exists. Choose another name, or add --overwrite." in again.stderr
    forced = CliRunner().invoke(app, [*args, "--overwrite"])
    assert forced.exit_code == 0


def test_content_without_a_guide(runner: CliRunner, make_content) -> None:  # type: ignore[no-untyped-def]
    folder = make_content({"one": {}})
    result = runner.invoke(app, ["--content-dir", str(folder), "guide", "--list-questions"])
    assert result.exit_code == 1
    assert "this content has no guide.yaml" in result.stderr


def test_thoughts_of_harm_show_the_crisis_numbers_at_once(in_tmp: Path) -> None:
    # 7 safety no; stiffness..tired no (8); low mood: not sure; crisis: yes; then Enter
    keys = "\n" + SAFETY_NO + "n\n" * 8 + "s\n" + "y\n" + "\n" + "n\n" * 3 + "n\nn\n"
    result = interactive([], keys)
    assert result.exit_code == 0, result.output
    out = result.stdout
    shown = out.index("Samaritans on 1 1 6, 1 2 3")
    assert shown < out.index("Press Enter to carry on")
    assert shown < out.index("Have you already tried pain medicines")  # before the next one
    result_part = out[out.index("Your result") :]
    assert "How urgent: See a doctor today" in result_part
    because = "Because you said yes to thoughts that life is not worth living"
    assert because in " ".join(result_part.split())
    first = result_part.index("- If you have thoughts that life is not worth living")
    assert first < result_part.index("- Contact your doctor today")


def test_a_hidden_option_is_named_with_why_in_the_plain_result(answers_file: Path) -> None:
    answers_file.write_text(
        ANSWERS_YAML.replace("strain: no", "strain: yes") + "pregnancy: not-sure\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["guide", "--answers", str(answers_file), "--plain"])
    words = " ".join(result.stdout.split())
    assert (
        "Left out: Anti-inflammatory painkillers (ibuprofen, naproxen), because you were "
        "not sure about being pregnant, or maybe pregnant." in words
    )
    assert "1. Anti-inflammatory" not in result.stdout


def test_stopping_after_a_warning_sign_says_what_the_answers_so_far_mean(in_tmp: Path) -> None:
    """q, Ctrl-C or the end of input never hides a sign already answered yes or not sure."""
    quit_early = interactive([], "\ns\nq\n")  # not sure about an emergency sign, then q
    assert quit_early.exit_code == 0
    assert quit_early.stderr.startswith("Stopped. Your answers so far are kept privately")
    assert "Before you go: your answers so far mean: See a doctor today." in quit_early.stderr
    assert "call 9 9 9, 9 1 1 or 1 1 2 if it is happening now" in quit_early.stderr
    ended = interactive([], "\n" + "n\n" * 2 + "y\n")  # an infection sign, then input ends
    assert ended.exit_code == 1
    assert "Before you go: your answers so far mean: See a doctor today." in ended.stderr
    calm = interactive([], "\nn\nq\n")
    assert calm.stderr.startswith("Stopped. Your answers so far are kept")  # nothing to remind
    assert "Before you go" not in calm.stderr


def test_stopping_after_thoughts_of_harm_shows_the_crisis_numbers_again(in_tmp: Path) -> None:
    keys = "\n" + SAFETY_NO + "n\n" * 8 + "y\n" + "y\n" + "\n" + "q\ny\n"
    result = interactive([], keys)
    assert "Stopped. Your answers so far are kept privately" in result.stderr
    assert "Samaritans on 1 1 6, 1 2 3" in result.stderr


def test_a_crisis_answer_alone_keeps_exercise_and_asks_no_infection_question() -> None:
    from .test_guide_engine import run

    outcome = run(low_mood="yes", crisis="not-sure")
    assert outcome.urgency == "same-day"
    assert outcome.left_out == ()
    assert "Could an infection or another cause be behind my back pain?" not in (
        outcome.doctor_questions
    )
    assert sum("mood" in q for q in outcome.doctor_questions) == 1


def test_answers_file_ids_in_any_case_and_a_blank_answer_is_one_clear_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("Emergency-Nerves: yes\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["guide", "--answers", str(path), "--plain"])
    assert "How urgent: Emergency" in result.stdout
    path.write_text("moving:\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["guide", "--answers", str(path)])
    assert result.exit_code == 2
    assert "question 'moving' has no answer (use yes, no or not-sure)" in result.stderr


def test_a_summary_name_in_a_missing_folder_asks_again(in_tmp: Path) -> None:
    keys = "\n" + ALL_NO + "y\n" + "missing/visit.md\n" + "visit.md\n" + "n\n"
    result = interactive([], keys)
    assert result.exit_code == 0, result.output
    assert "Could not save to missing/visit.md (no such file or directory)." in result.stdout
    assert (in_tmp / "visit.md").is_file()


def test_phone_numbers_are_never_split_across_lines() -> None:
    from msback.environment import Output, wrap
    from msback.render import Bullets, Para, render

    line = "Northern Ireland: call Lifeline on 0808 808 8000, free."
    for width in range(20, 60):
        assert "0808 808 8000" in " ".join(wrap(line, width))
        for style in ("plain", "rich"):
            out = Output(style, False, width, width, True)  # type: ignore[arg-type]
            text = render((Bullets((line,)), Para(line)), out)
            assert " ".join(text.split()).count("0808 808 8000") == 2, (style, width)


def test_n_at_the_file_name_prompt_means_do_not_save(in_tmp: Path) -> None:
    result = interactive([], "\n" + ALL_NO + "y\n" + "n\n" + "n\n")
    assert result.exit_code == 0, result.output
    assert "Not saved." in result.stderr
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "taken"), [("dunno", "not sure"), ("I'm not sure", "not sure"), ("no thanks", "no")]
)
def test_a_word_other_than_y_n_s_is_said_back(typed: str, taken: str) -> None:
    result = interactive([], f"\n{typed}\nq\n")
    assert f"Taken as: {taken}." in result.stdout


@pytest.mark.parametrize("width", [40, 80])
def test_a_prompt_never_splits_the_words_the_answer_follows(width: int) -> None:
    import io

    from msback.environment import Output
    from msback.prompting import Prompter

    screen = io.StringIO()
    env = Environment(out_stream=screen, in_stream=io.StringIO("y\n"), stdout_tty=True)
    out = Output("plain", False, width, width, False)  # type: ignore[arg-type]
    asked = Prompter(env, out, screen)
    assert asked.yes_no("Keep this result in your diary, for a report for your clinic?")
    lines = screen.getvalue().split("\n")
    assert lines[-1].endswith("Type y or n: ")
    assert all(len(line) <= width for line in lines)
