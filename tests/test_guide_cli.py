"""`msback guide` through CliRunner: interactive keys, scripted answers, errors, summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msback.cli import app
from msback.environment import Environment

from .test_cli import golden

TODAY = "2026-11-24"
SAFETY_NO = "n\n" * 5
ALL_NO = SAFETY_NO + "n\n" * 10  # tried = no, so the complementary question is asked too
ANSWERS_YAML = """\
emergency-nerves: no
emergency-injury: no
same-day-signs: no
possible-relapse: no
see-soon: no
stiffness: yes
moving: no
mobility-aid: no
balance: yes
strain: no
leg-pain: no
tired-or-low: yes
heat: yes
tried: no
complementary: no
"""
KEYS = "\n" + "".join(
    f"{'y' if line.endswith('yes') else 'n'}\n" for line in ANSWERS_YAML.splitlines()
)


def interactive(args: list[str], keys: str, stdout_tty: bool = True) -> Result:
    """Run the guide as if at a terminal, typing ``keys``; plain output for readable checks."""
    env = Environment(stdin_tty=True, stdout_tty=stdout_tty, today=TODAY)
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
    result = interactive([], "\n" + ALL_NO + "n\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("msback guide\n")
    assert "It does not diagnose, and it is not for emergencies." in out
    assert "Question 1 of 15\nSafety check\n" in out
    assert "Question 15 of 15\nAbout your pain\n" in out
    assert "How urgent: No warning signs in your answers" in out
    assert out.index("Question 5 of 15") < out.index("Do your muscles often feel stiff")
    assert result.stderr == "Not saved.\n"
    assert list(in_tmp.iterdir()) == []


def test_skipped_question_shrinks_the_count() -> None:
    keys = "\n" + SAFETY_NO + "n\n" * 8 + "y\n" + "n\n"
    result = interactive([], keys)
    assert "Question 14 of 15" in result.stdout  # counted while 'tried' was still open
    assert "Question 15 of" not in result.stdout
    assert "Would you like to hear about complementary care" not in result.stdout


def test_back_keeps_earlier_answers_and_shows_the_previous_one() -> None:
    result = interactive([], "\nn\nn\nb\ny\n")
    assert result.exit_code == 0
    screens = result.stdout.split("Question ")
    assert screens[4].startswith("2 of 15")  # back from question 3 to 2
    assert "Your answer before was: No." in screens[4]
    assert "How urgent: Emergency: get help now" in result.stdout


def test_back_on_the_first_question() -> None:
    result = interactive([], "\nb\nq\n")
    assert "This is the first question, so there is no going back." in result.stdout


def test_quit_saves_nothing(in_tmp: Path) -> None:
    result = interactive([], "\nn\nq\n")
    assert result.exit_code == 0
    assert result.stderr == "Stopped - nothing was saved.\n"
    assert "Your result" not in result.stdout
    assert list(in_tmp.iterdir()) == []


def test_quit_at_the_intro() -> None:
    result = interactive([], "q\n")
    assert (result.exit_code, result.stderr) == (0, "Stopped - nothing was saved.\n")


def test_invalid_input_asks_again_with_a_hint() -> None:
    result = interactive([], "\nmaybe\ny\n")
    assert "'maybe' is not an answer here. Type y (yes), n (no) or ? (not sure)." in result.stdout
    assert "How urgent: Emergency" in result.stdout


def test_not_sure_key() -> None:
    result = interactive(["--json"], "\n?\n" + "n\n" * 4 + "n\n" * 10)
    assert json.loads(result.stdout)["urgency"] == "same-day"


def test_end_of_input_is_a_clear_error(in_tmp: Path) -> None:
    result = interactive([], "\nn\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "msback: input ended before the guide finished, so nothing was saved.\n"
        "To answer from a file instead, use: msback guide --answers FILE\n"
    )
    assert list(in_tmp.iterdir()) == []


def test_emergency_offers_no_summary_and_no_self_care() -> None:
    result = interactive([], "\ny\n")
    assert "Relief options" not in result.stdout
    assert "Save a summary" not in result.stdout
    assert "Call 999 (UK), 911 (US, Canada) or 112 (EU)" in result.stdout


def test_saved_summary(in_tmp: Path) -> None:
    result = interactive([], KEYS + "y\n\n")
    assert result.exit_code == 0, result.output
    saved = in_tmp / f"msback-summary-{TODAY}.md"
    assert result.stderr == f"Saved the summary to {saved.name}.\n"
    golden("summary.md", saved.read_text(encoding="utf-8"))


def test_never_overwrites_without_asking(in_tmp: Path) -> None:
    target = in_tmp / "mine.md"
    target.write_text("keep me", encoding="utf-8")
    refused = interactive([], KEYS + "y\nmine.md\nn\n")
    assert refused.stderr == "Not saved.\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    replaced = interactive([], KEYS + "y\nmine.md\ny\n")
    assert "mine.md already exists. Replace it?" in replaced.stdout
    assert target.read_text(encoding="utf-8").startswith(f"# msback summary, {TODAY}")


def test_interactive_and_scripted_give_the_same_outcome(answers_file: Path) -> None:
    typed = interactive(["--json"], KEYS)
    scripted = CliRunner().invoke(app, ["guide", "--answers", str(answers_file), "--json"])
    assert typed.exit_code == scripted.exit_code == 0
    assert json.loads(typed.stdout) == json.loads(scripted.stdout)
    assert "Question 1 of 15" in typed.stderr  # with --json the questions go to stderr


def test_questions_stay_on_the_terminal_when_stdout_is_redirected() -> None:
    result = interactive([], "\n" + ALL_NO + "n\n", stdout_tty=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("Your result\n")
    assert "Question 1 of 15" in result.stderr
    assert "Question 1 of 15" not in result.stdout


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
    assert len({q["id"] for q in questions}) == len(questions) == 15


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
    assert list(data) == ["urgency", "messages", "recommendations", "doctor_questions", "sources"]
    assert data["urgency"] == "self-care"
    assert data["recommendations"][0]["id"] == "physical-therapy"


def test_json_answers_file_and_missing_answers(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"stiffness": "yes"}), encoding="utf-8")
    data = json.loads(CliRunner().invoke(app, ["guide", "--answers", str(path), "--json"]).stdout)
    assert data["urgency"] == "same-day"  # unanswered red flags count as "not sure"
    assert "spasticity-medicines" in [r["id"] for r in data["recommendations"]]


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("nope: yes\n", 2, "a.yaml: unknown question id 'nope'"),
        ("heat: maybe\n", 2, "a.yaml: question 'heat': 'maybe' is not an allowed answer"),
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
    assert target.read_text(encoding="utf-8").startswith("# msback summary, ")
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
