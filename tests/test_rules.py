"""The numbered lint rules: each has a failing fixture, and the real content passes them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from msback.content.files import Problem
from msback.content.rules import DOSE, RULES, check_all, check_text, load_library
from msback.errors import ContentError

from .conftest import CONTENT, FIXTURES

LINT = FIXTURES / "lint"


def test_minimal_guide_fixture_is_clean() -> None:
    _, _, problems = check_all(FIXTURES / "guide-base")
    assert problems == []


def test_every_rule_has_exactly_one_fixture() -> None:
    assert sorted(p.name for p in LINT.iterdir()) == sorted(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_fixture_breaks_only_its_rule(code: str) -> None:
    _, _, problems = check_all(LINT / code)
    assert problems, f"{code} fixture raised no problem"
    assert {p.rule for p in problems} == {code}, [str(p) for p in problems]


def test_real_content_has_no_problems() -> None:
    parsed, _, problems = check_all(CONTENT)
    assert [str(p) for p in problems] == []
    assert len(parsed) >= 20


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("MSB001", "/topics/one.yaml:7: MSB001 colour: unknown field"),
        ("MSB002", "/topics/one.yaml:1: MSB002 summary: required field is missing"),
        ("MSB003", "/topics/one.yaml:1: MSB003 id: 'two' does not match the file name 'one'"),
        ("MSB005", "/topics/one.yaml:7: MSB005 related[0]: no topic 'nowhere'"),
        ("MSB011", "/topics/one.yaml:8: MSB011 YAML error: did not find expected ',' or ']'"),
    ],
)
def test_problem_lines_name_file_line_rule_and_field(code: str, expected: str) -> None:
    _, _, problems = check_all(LINT / code)
    line = str(problems[0])
    assert line.startswith(f"{problems[0].path.split('/topics/')[0]}{expected}"), line


def test_duplicate_alias_names_the_other_topic() -> None:
    _, _, problems = check_all(LINT / "MSB004")
    assert any("'shared' is already used by 'one' (one.yaml)" in p.message for p in problems)


def test_alias_equal_to_its_own_id_is_reported(make_content) -> None:  # type: ignore[no-untyped-def]
    folder = make_content({"one": {"aliases": "one"}})
    _, _, problems = check_all(folder)
    assert [(p.rule, p.message) for p in problems] == [("MSB004", "'one' is listed twice")]


@pytest.mark.parametrize(
    "text",
    [
        "Take 400 mg.",
        "Use 2 tablets.",
        "Twice: 10ml",
        "three times a day",
        "every 6 hours",
        "a 5 mg dose",
        "0.5 mg",
    ],
)
def test_dose_like_text_is_caught(text: str) -> None:
    assert DOSE.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Ask your doctor about baclofen.",
        "Within 24 hours.",
        "Mult Scler 2020;26:1-2",
        "At least 30 days after.",
        "11 trials, 1,139 people",
        "over 65",
        "low-dose aspirin",
    ],
)
def test_ordinary_numbers_are_not_doses(text: str) -> None:
    assert not DOSE.search(text), text


def test_sentence_length_counts_each_sentence() -> None:
    short = "Short one. " * 30
    assert check_text(short) == []
    long_sentence = " ".join(["word"] * 26) + "."
    assert [rule for rule, _ in check_text(long_sentence)] == ["MSB009"]


def test_load_library_refuses_fatal_problems_in_one_line() -> None:
    with pytest.raises(ContentError) as caught:
        load_library(LINT / "MSB001")
    assert "\n" not in caught.value.message
    assert "MSB001 colour: unknown field" in caught.value.message


def test_load_library_accepts_style_problems() -> None:
    # A long sentence is for `msback lint` and CI to catch; it must not stop a person reading.
    library = load_library(LINT / "MSB009")
    assert list(library.topics) == ["one"]


def test_problem_str_without_line() -> None:
    assert (
        str(Problem("a.yaml", "MSB007", "sources", "missing")) == "a.yaml: MSB007 sources: missing"
    )


def test_fatal_flags_match_the_documented_split() -> None:
    fatal = {code for code, rule in RULES.items() if rule.fatal}
    assert fatal == {
        "MSB001", "MSB002", "MSB003", "MSB004", "MSB005", "MSB006", "MSB011", "MSB012",
        "MSB013", "MSB014", "MSB015", "MSB017", "MSB018", "MSB019", "MSB020", "MSB021",
        "MSB022", "MSB025",
    }  # fmt: skip


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "topics").mkdir()
    _, _, problems = check_all(tmp_path)
    assert [p.rule for p in problems] == ["MSB002"]
