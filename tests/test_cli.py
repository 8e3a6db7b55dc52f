"""The command line through Typer's CliRunner: exact output, exit codes, errors."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msback.cli import app
from msback.environment import Environment

from .conftest import CONTENT, GOLDEN

NOT_FOUND = """\
msback: no topic called 'watr-therapy'.
These topics match best:
- water-therapy: Water therapy
- occupational-therapy: Occupational therapy (OT)
- physical-therapy: Physical therapy (physio)
Show one with: msback show water-therapy
"""


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; set MSBACK_UPDATE_GOLDEN=1 to rewrite it."""
    import os

    path = GOLDEN / name
    if os.environ.get("MSBACK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_show_plain_matches_golden(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "water-therapy"])
    assert result.exit_code == 0
    assert result.stderr == ""
    golden("show-water-therapy.txt", result.stdout)


def test_show_alias_says_which_topic(runner: CliRunner) -> None:
    by_id = runner.invoke(app, ["show", "water-therapy"])
    by_alias = runner.invoke(app, ["show", "pool"])
    assert by_alias.exit_code == 0
    assert by_alias.stdout == by_id.stdout
    assert by_alias.stderr == "'pool' is covered by the topic 'water-therapy'.\n"


@pytest.mark.parametrize(
    "word",
    [
        "baclofen",
        "pool",
        "hydrotherapy",
        "physio",
        "yoga",
        "stretching",
        "ibuprofen",
        "naproxen",
        "tizanidine",
        "spasms",
        "posture",
        "strain",
        "herniated-disk",
        "relapse",
        "heat",
        "red-flags",
    ],
)
def test_issue_words_all_resolve(runner: CliRunner, word: str) -> None:
    result = runner.invoke(app, ["show", word, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert word in (data["id"], data["resolved_from"])


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("tens", "tens"),  # once suggested tiredness
        ("hot water bottle", "heat-packs"),  # once suggested hot weather
        ("hot water", "heat-packs"),
        ("heat pad", "heat-packs"),
        ("cbd", "cannabis-and-cbd"),
        ("cannabis", "cannabis-and-cbd"),
        ("gabapentin", "nerve-pain"),
        ("MS hug", "nerve-pain"),
        ("Lhermitte's", "nerve-pain"),
        ("paracetamol", "paracetamol"),
        ("acetaminophen", "paracetamol"),
        ("codeine", "codeine"),
    ],
)
def test_the_words_people_type_open_the_new_topics(
    runner: CliRunner, typed: str, topic: str
) -> None:
    result = runner.invoke(app, ["show", *typed.split(), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == topic


def test_show_not_found(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "watr-therapy"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == NOT_FOUND


def test_show_json_has_stable_keys(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["show", "baclofen", "--json"]).stdout)
    assert list(data) == [
        "id",
        "kind",
        "title",
        "summary",
        "sections",
        "cautions",
        "doctor_questions",
        "aliases",
        "related",
        "sources",
        "resolved_from",
    ]
    assert data["id"] == "spasticity-medicines"
    assert data["resolved_from"] == "baclofen"


def test_list_groups_by_kind(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    headings = [line for line in result.stdout.splitlines() if line.endswith(":")]
    assert headings == ["About:", "Causes:", "Treatments:", "Safety:", "Coping:"]
    golden("list.txt", result.stdout)


def test_list_json(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert list(data) == ["topics"]
    assert list(data["topics"][0]) == ["id", "kind", "title", "summary", "aliases"]
    assert next(t["kind"] for t in data["topics"]) == "about"
    assert len(data["topics"]) == len(list((CONTENT / "topics").glob("*.yaml")))


def test_search_best_first_with_matching_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "heat"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == '15 topics match "heat", best first.'
    assert {lines[1].split(":")[0], lines[2].split(":")[0]} == {
        "- heat-packs",
        "- heat-sensitivity",
    }
    golden("search-heat.txt", result.stdout)


def test_search_says_what_to_do_first_when_warning_or_crisis_words_lead(
    runner: CliRunner,
) -> None:
    """The safety topic's summary and first caution, or the crisis lines, come before the
    results: a person need not open the topic to learn to call."""
    numb = runner.invoke(app, ["search", "my", "bum", "is", "numb", "--plain"]).stdout
    assert numb.startswith("When to get help urgently:\n- Call 9 9 9, 9 1 1 or 1 1 2 now")
    assert numb.count("\n- ") == 2 + 3  # what to do, then only the best three
    assert " ".join(numb.split("\n\n")[-1].split()).startswith("Remember: Call 9 9 9")
    lead = " ".join(numb.split("topics match")[0].split())  # wrapped at 80 columns
    assert "call 9 9 9, 9 1 1 or 1 1 2 if it is happening now" in lead
    die = runner.invoke(app, ["search", "I want to die", "--plain"]).stdout
    assert die.startswith("Get help now if you think of harming yourself:\n")
    assert "Samaritans free on 1 1 6, 1 2 3" in " ".join(die.split("matches")[0].split())
    assert "died" not in die
    assert die.rstrip().endswith("EU: call 1 1 2 in an emergency, or your local crisis line.")
    for words in (["I", "can't", "pee"], ["tingling", "in", "both", "legs"]):  # named, or warned
        said = runner.invoke(app, ["search", *words, "--json"]).stdout
        assert json.loads(said)["results"][0] == {**json.loads(said)["results"][0], "urgent": True}
    heat = runner.invoke(app, ["search", "heat"]).stdout  # a name, not a warning: no lead
    assert heat.startswith("15 topics match")


def test_show_opens_the_crisis_lines_for_words_of_ending_ones_life(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "I", "want", "to", "die", "--plain"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Low mood, depression and thoughts of suicide\n")
    assert result.stderr == "'I want to die' is covered by the topic 'low-mood'.\n"


def test_show_of_warning_words_says_what_to_do_before_the_matches(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "my", "bum", "is", "numb"])
    assert result.exit_code == 1
    assert result.stdout == ""
    said = result.stderr.split("\n")
    assert said[:2] == [
        "msback: 'my bum is numb' may be a sign to act on (it is not a topic's name).",
        "When to get help urgently:",
    ]
    assert "call 999, 911 or 112 if it is happening now" in result.stderr
    assert result.stderr.count("msback show red-flags") == 1


def test_a_safety_page_ends_with_what_to_do(runner: CliRunner) -> None:
    """A long page scrolls: its last line repeats its first caution, not a source."""
    page = runner.invoke(app, ["show", "red-flags", "--plain"]).stdout.strip()
    last = " ".join(page.split("\n\n")[-1].split())  # the last paragraph, wrapped at 80
    assert last.startswith("Remember: Call 9 9 9, 9 1 1 or 1 1 2 now for an emergency sign")
    other = runner.invoke(app, ["show", "exercise", "--plain"]).stdout
    assert "Remember:" not in other


def test_plain_may_come_before_the_command(runner: CliRunner) -> None:
    before = runner.invoke(app, ["--plain", "show", "red-flags"], env={"TERM": "xterm"})
    after = runner.invoke(app, ["show", "red-flags", "--plain"], env={"TERM": "xterm"})
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout
    assert "9 9 9" in before.stdout


@pytest.mark.parametrize("words", [[""], ["  "]])  # none at all: test_robustness
def test_search_with_no_words_says_what_to_type(runner: CliRunner, words: list[str]) -> None:
    result = runner.invoke(app, ["search", *words])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("msback: give the words to look for, e.g. msback search")


def test_search_shows_the_best_ten_and_all_on_request(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["search", "pain", "--json"]).stdout)
    total = len(data["results"])
    assert total > 10  # JSON has every match
    short = runner.invoke(app, ["search", "pain"]).stdout.splitlines()
    assert short[0] == f'{total} topics match "pain", best first.'
    shown = [line[2:].split(":")[0] for line in short if line.startswith("- ")]
    assert shown == [r["id"] for r in data["results"][:10]]
    assert short[-1] == f"{total - 10} more not shown: add --all to see every one."
    every = runner.invoke(app, ["search", "pain", "--all"]).stdout.splitlines()
    assert len([line for line in every if line.startswith("- ")]) == total
    assert "more not shown" not in every[-1]


@pytest.mark.parametrize(
    ("typed", "topic_id"), [("redflags", "red-flags"), ("lowmood", "low-mood")]
)
def test_a_name_typed_without_its_hyphens_opens_it(
    runner: CliRunner, typed: str, topic_id: str
) -> None:
    result = runner.invoke(app, ["show", typed, "--plain"])
    assert result.exit_code == 0
    assert result.stderr == f"'{typed}' is covered by the topic '{topic_id}'.\n"


def test_a_search_for_a_name_run_together_finds_it_first(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["search", "watertherapy", "--json"]).stdout)
    assert data["results"][0]["id"] == "water-therapy"
    assert data["query"] == "watertherapy"


def test_a_search_that_finds_nothing_offers_a_close_name(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "waterthreapy"])
    assert result.exit_code == 1
    assert "Did you mean: water-therapy?" in result.stderr


def test_a_long_search_is_said_back_short(runner: CliRunner) -> None:
    """5,000 characters of words are not said back whole (a screen of heading at 40 columns);
    JSON keeps the query as typed."""
    words = "my back hurts so much " * 230
    heading = runner.invoke(app, ["search", words]).stdout.split("best first.")[0]
    assert heading.replace("\n", " ").endswith('so much my back hurts...", ')
    assert len(heading) < 100
    data = json.loads(runner.invoke(app, ["search", words, "--json"]).stdout)
    assert data["query"] == words


def test_search_json_and_no_match(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["search", "heat", "--json"]).stdout)
    assert data["query"] == "heat"
    assert list(data["results"][0]) == ["id", "title", "kind", "score", "line", "urgent"]
    none = runner.invoke(app, ["search", "zebra"])
    assert none.exit_code == 1
    assert none.stdout == ""
    assert none.stderr.startswith("msback: no topic mentions 'zebra'.")


def test_version(runner: CliRunner) -> None:
    from msback import __version__

    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"msback {__version__}\n")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["show"], "Missing argument"),
        (["shwo", "x"], "No such command"),
        (["list", "--bogus"], "No such option"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.output


BROKEN = {
    "syntax": ("id: one\nkind: cause\ntitle: [unclosed\n", "one.yaml:4: MSB011 YAML error"),
    "unknown-field": (
        "id: one\nkind: cause\ntitle: T\nsummary: S\ncolour: blue\n",
        "one.yaml:5: MSB001 colour: unknown field",
    ),
    "python-tag": (
        "!!python/object/apply:os.system ['echo hacked']\n",
        "one.yaml:1: MSB011 YAML error: could not determine a constructor",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", [["show", "one"], ["list"], ["search", "x"]])
def test_broken_content_is_one_clear_line(
    runner: CliRunner, make_content: Callable[..., Path], case: str, command: list[str]
) -> None:
    body, expected = BROKEN[case]
    folder = make_content({"one": body})
    result = runner.invoke(app, ["--content-dir", str(folder), *command])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("msback: content error: ")
    assert expected in result.stderr
    assert "hacked" not in result.output


def test_duplicate_id_is_one_clear_line(
    runner: CliRunner, make_content: Callable[..., Path]
) -> None:
    folder = make_content({"one": {"aliases": "same"}, "two": {"aliases": "same"}})
    result = runner.invoke(app, ["--content-dir", str(folder), "list"], env={})
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert (
        "two.yaml:5: MSB004 aliases[0]: 'same' is already used by 'one' (one.yaml)" in result.stderr
    )


def test_content_dir_from_environment(runner: CliRunner, make_content: Callable[..., Path]) -> None:
    folder = make_content({"only": {}})
    result = runner.invoke(app, ["list"], env={"MSBACK_CONTENT_DIR": str(folder)})
    assert "- only: A short summary about only." in result.stdout


def test_missing_content_dir(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--content-dir", str(tmp_path / "nope"), "list"])
    assert result.exit_code == 1
    assert result.stderr.endswith("not a content directory (it has no 'topics' folder)\n")


def test_square_brackets_in_content_survive(make_content: Callable[..., Path]) -> None:
    body = (
        "id: one\nkind: cause\ntitle: '[note] Title'\nsummary: Keep [bold]this[/bold] as typed.\n"
        "sources:\n  - name: '[1] A source'\n"
    )
    folder = make_content({"one": body})
    for tty in (False, True):
        text = _invoke_with_env(["--content-dir", str(folder), "show", "one"], tty=tty)
        assert "[note] Title" in text
        assert "Keep [bold]this[/bold] as typed." in text
        assert "[1] A source" in text


def test_plain_output_is_ascii_even_for_non_ascii_content(
    runner: CliRunner, make_content: Callable[..., Path]
) -> None:
    body = "id: one\nkind: cause\ntitle: Caf\u00e9 \u2014 pool\nsummary: It\u2019s 28\u00b0C.\n"
    folder = make_content({"one": body})
    result = runner.invoke(app, ["--content-dir", str(folder), "show", "one"])
    assert result.stdout.isascii()
    assert "Caf? - pool" in result.stdout
    assert "It's 28 degrees C." in result.stdout


def test_plain_wraps_to_columns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "water-therapy", "--plain"], env={"COLUMNS": "40"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "- If you are sensitive to heat, ask the" in lines


class _Utf8Buffer(io.StringIO):
    encoding = "utf-8"  # what a UTF-8 terminal reports


def _invoke_with_env(args: list[str], tty: bool, **variables: str) -> str:
    """Run with an injected Environment, e.g. one that says stdout is a terminal."""
    out = _Utf8Buffer()
    env = Environment(
        out_stream=out,
        err_stream=io.StringIO(),
        stdout_tty=tty,
        stdin_tty=False,
        variables={"COLUMNS": "80", **variables},
    )
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    return out.getvalue()


def test_terminal_gets_rich_output() -> None:
    text = _invoke_with_env(["show", "water-therapy"], tty=True)
    assert "\x1b[" in text  # styled
    assert "\u2022 Warm water gives sore muscles a chance to relax." in text
    assert "Cautions:" not in text  # Rich headings need no colon


def test_rich_golden_at_fixed_width() -> None:
    text = _invoke_with_env(["show", "water-therapy"], tty=True, NO_COLOR="1")
    assert "\x1b[1m" in text  # NO_COLOR keeps bold...
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", text)  # ...but drops every colour
    golden("show-water-therapy.rich.txt", text)


@pytest.mark.parametrize("variables", [{"TERM": "dumb"}, {}])
def test_dumb_terminal_or_pipe_gets_plain(variables: dict[str, str]) -> None:
    text = _invoke_with_env(["show", "water-therapy"], tty=bool(variables), **variables)
    assert "\x1b[" not in text
    assert "Cautions:" in text


def test_lint_real_content(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lint"])
    assert (result.exit_code, result.stdout) == (0, "")
    count = len(list((CONTENT / "topics").glob("*.yaml")))
    assert result.stderr == f"{count} topics and the guide checked: no problems.\n"


def test_lint_reports_each_problem_on_one_line(runner: CliRunner) -> None:
    from .conftest import FIXTURES

    result = runner.invoke(app, ["lint", str(FIXTURES / "lint" / "MSB008")])
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "one.yaml:6: MSB008 doctor_questions: a treatment needs at least two doctor questions\n"
    )
    assert result.stderr == "1 problem(s) in 1 file(s).\n"


def test_lint_lists_rules(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lint", "--rules"])
    lines = result.stdout.splitlines()
    assert lines[0] == "MSB001  stops msback  unknown field"
    assert lines[6] == "MSB007  lint only     topic without sources"


def test_duplicate_topic_id_is_one_clear_line(
    runner: CliRunner, make_content: Callable[..., Path]
) -> None:
    folder = make_content({"one": {}, "copy": {"id": "one"}})
    result = runner.invoke(app, ["--content-dir", str(folder), "show", "one"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "copy.yaml:1: MSB003 id: 'one' does not match the file name 'copy'" in result.stderr
    lint = runner.invoke(app, ["lint", str(folder)])
    assert "one.yaml:1: MSB004 id: 'one' is already used by 'one' (copy.yaml)" in lint.stdout


def test_control_characters_in_content_never_reach_the_terminal(
    runner: CliRunner, make_content: Callable[..., Path]
) -> None:
    body = 'id: one\nkind: cause\ntitle: "Evil \\e[2J title"\nsummary: "bell \\a here"\n'
    folder = make_content({"one": body})
    plain = runner.invoke(app, ["--content-dir", str(folder), "show", "one"]).stdout
    assert plain.startswith("Evil [2J title\n")
    assert "\x1b" not in plain
    assert "\x07" not in plain
    rich = _invoke_with_env(["--content-dir", str(folder), "show", "one"], tty=True, NO_COLOR="1")
    assert "\x1b[2J" not in rich  # Rich drops control codes from Text too


@pytest.mark.parametrize("width", [30, 40])
def test_rich_list_stays_readable_on_a_narrow_screen(width: int) -> None:
    """Names and summaries are stacked, every word kept, nothing cut with an ellipsis."""
    text = _invoke_with_env(["list"], tty=True, NO_COLOR="1", COLUMNS=str(width))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line.rstrip()) for line in plain.splitlines()) <= width
    assert "\u2026" not in plain
    assert " harder-to-compensate\n" in plain
    words = " ".join(plain.split())
    assert "Everyday back pain can hit harder when MS already limits how you move." in words


@pytest.mark.parametrize(
    ("words", "alias"),
    [(["back", "pain"], "back pain"), (["MS", "hug"], "MS hug"), (["Herniated", "Disk"], None)],
)
def test_show_joins_several_words_into_one_name(
    runner: CliRunner, words: list[str], alias: str | None
) -> None:
    result = runner.invoke(app, ["show", *words])
    if alias is None:
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("Herniated")
    elif result.exit_code == 0:
        assert f"'{alias}' is covered by the topic" in result.stderr
    else:  # not an alias (yet): the topics that mention the words, never a usage error
        assert result.exit_code == 1
        assert "These topics match best:" in result.stderr


@pytest.mark.parametrize("typed", ["stick", "zebra crossing", "xy"])
def test_no_misleading_typo_suggestions(runner: CliRunner, typed: str) -> None:
    """stick is not sciatica."""
    result = runner.invoke(app, ["show", *typed.split()])
    assert result.exit_code == 1
    assert "Did you mean" not in result.stderr


def test_short_inputs_only_suggest_names_that_start_with_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "bac"])
    assert "Did you mean: back-strain (muscle-strain), baclofen (spasticity-medicines)," in (
        result.stderr
    )
