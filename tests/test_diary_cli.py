"""The diary commands as people use them: log, history, helped, import, forget, where."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msback.cli import app
from msback.diary.database import open_diary
from msback.diary.entry import Entry, Tried
from msback.environment import Environment

NOW = "2026-11-26 09:30"
MSBACK = str(Path(sys.executable).parent / "msback")


def run(args: list[str], keys: str = "", tty: bool = False, now: str = NOW) -> Result:
    env = Environment(stdin_tty=tty, stdout_tty=False, now=now)
    return CliRunner().invoke(app, args, input=keys, obj=env)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"  # MSBACK_HOME (conftest)


def entries(home: Path) -> list[Entry]:
    """The diary's entries, each checked to carry this computer's UTC offset at its time,
    then without it (so the tests' expected entries stay short)."""
    with open_diary(home) as diary:
        found = diary.entries()
    assert all(e.offset is not None and e == e._replace(offset=None).stored() for e in found)
    return [e._replace(offset=None) for e in found]


# -- log ----------------------------------------------------------------------------------


def test_log_saves_in_one_line_and_a_script_carries_nothing_over(home: Path) -> None:
    """The person's own word is kept beside what it counts as; a scripted log without
    --where or --tried stores no place and nothing tried (never last time's)."""
    first = run(["log", "6", "--where", "low", "--tried", "pool", "--spasticity", "4"])
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        "Saved: pain 6, lower back, tried pool (water therapy), stiffness 4,"
        " Thu 26 Nov 2026 09:30\n"
    )
    second = run(["log", "3", "--at", "yesterday 21:00", "--note", "after the pool"])
    assert second.stdout.startswith("Saved: pain 3, Wed 25 Nov 2026 21:00.")
    assert entries(home) == [
        Entry("2026-11-25 21:00", 3, note="after the pool"),
        Entry(
            "2026-11-26 09:30",
            6,
            "lower back",
            (Tried("pool", ("water-therapy",)),),
            (("spasticity", 4),),
        ),
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["log", "11"], "pain must be a whole number from 0 to 10, not '11'."),
        (["log", "2.5"], "pain must be a whole number from 0 to 10, not '2.5'."),
        (["log", "abc"], "pain must be a whole number from 0 to 10, not 'abc'."),
        (["log", "--", "-1"], "pain must be a whole number from 0 to 10, not '-1'."),
        (["log", "5", "--fatigue", "12"], "fatigue must be a whole number from 0 to 10"),
        (["log", "5", "--where", "knee"], "'knee' is not a place msback knows."),
        (["log", "5", "--at", "next week"], "'next week' is not a time msback understands."),
        (["log", "5", "--at", "2026-12-01"], "'2026-12-01' is in the future."),
    ],
)
def test_bad_log_input_is_one_line_and_saves_nothing(
    home: Path, args: list[str], says: str
) -> None:
    result = run(args)
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith(f"msback: {says}")
    assert "Traceback" not in result.output
    assert not (home / "diary.sqlite3").exists()


def test_an_unknown_tried_word_in_a_script_is_kept_as_written_and_said(home: Path) -> None:
    """Never loses the entry: the score is saved, the words kept as typed, and one line
    says so (free-text items are fine; "what helped" lists them on their own)."""
    result = run(["log", "5", "--tried", "watr-therapy; heat"])
    assert result.exit_code == 0, result.stderr
    assert "Kept 'watr-therapy' as you wrote it" in result.stderr
    assert entries(home) == [
        Entry(
            "2026-11-26 09:30",
            5,
            tried=(Tried("watr-therapy"), Tried("heat", ("heat-packs",))),
        )
    ]


def test_log_asks_at_most_four_questions_at_a_terminal(home: Path) -> None:
    run(["log", "5", "--where", "neck", "--tried", "exercise"])
    result = run(["log"], keys="7\n\n\nstiff after sitting\n", tty=True)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("?") <= 4
    assert "0 is no pain" in result.stderr
    assert "Enter keeps: neck" in result.stderr
    assert "Last time: exercise. Type same to log it again, or press Enter for nothing." in (
        result.stderr
    )
    assert entries(home)[-1] == Entry("2026-11-26 09:30", 7, "neck", note="stiff after sitting")


def test_same_at_tried_logs_last_times_again(home: Path) -> None:
    run(["log", "5", "--tried", "hot water bottle"], now="2026-11-25 09:00")
    result = run(["log"], keys="6\n\nsame\n\n", tty=True)
    assert result.exit_code == 0, result.output
    assert "Last time: hot water bottle (heat packs)." in result.stderr
    assert entries(home)[-1].tried == (Tried("hot water bottle", ("heat-packs",)),)


def test_log_forgives_a_bad_answer_and_none_clears_what_was_tried(home: Path) -> None:
    run(["log", "5", "--tried", "exercise"], now="2026-11-25 09:00")
    result = run(["log"], keys="eleven\n4\nlegs\nnone\n\n", tty=True)
    assert result.exit_code == 0, result.output
    assert "whole number from 0 to 10" in result.stderr
    assert entries(home)[-1] == Entry("2026-11-26 09:30", 4, "both legs")


def test_log_without_a_score_and_no_terminal_says_how(home: Path) -> None:
    result = run(["log"])
    assert result.exit_code == 2
    assert result.stderr.startswith("msback: give your pain score, 0 to 10: msback log 5")


def test_high_pain_on_three_of_four_days_brings_the_safety_nudge(home: Path) -> None:
    """One missed day does not hide it (it used to reset "3 days running")."""
    for day, pain in (("2026-11-23", "8"), ("2026-11-24", "7")):
        run(["log", pain, "--at", f"{day} 10:00"])
    result = run(["log", "8"])
    assert "Your pain was 7 or more on 3 of the last 4 days." in result.stderr
    assert "Tell your GP, physio or MS team about it in the next few days." in result.stderr
    assert "msback show red-flags" in result.stderr


# -- history and helped -------------------------------------------------------------------


POOL = (Tried("water-therapy", ("water-therapy",)),)


def fill(home: Path) -> None:
    """Ten days: water therapy on four of them, with lower pain."""
    with open_diary(home) as diary:
        diary.add(
            [Entry(f"2026-11-{d:02d} 09:00", p, "lower back", POOL if w else ())
             for d, p, w in [(17, 6, 0), (18, 3, 1), (19, 7, 0), (20, 2, 1), (21, 6, 0),
                             (22, 3, 1), (23, 6, 0), (24, 2, 1), (25, 5, 0), (26, 4, 0)]]
        )  # fmt: skip


def test_history_plain_has_a_line_per_day_and_the_summary(home: Path) -> None:
    fill(home)
    result = run(["history", "--days", "7", "--plain"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Your pain diary, Fri 20 Nov 2026 to Thu 26 Nov 2026:\n")
    assert "- Fri 20 Nov 2026: average 2, worst 2\n" in out
    # 2, 6, 3, 6, 2, 5, 4 -> 28 / 7 = 4; the 7 days before: 6, 3, 7 -> 5.3.
    assert "Average pain 4 out of 10, on 7 days with entries.\n" in out
    assert "About the same as the 7 days before (5.3).\n" in out
    assert "On the 3 days you logged water therapy, your average pain was" in out
    assert "\u2588" not in out
    assert f"{home / 'diary.sqlite3'}." in out


def test_history_on_an_empty_diary(home: Path) -> None:
    result = run(["history"])
    assert result.exit_code == 0
    assert "No entries in the last 30 days. Add one with: msback log" in result.stdout
    assert not home.exists()  # looking creates nothing


def test_helped_compares_days_in_words(home: Path) -> None:
    fill(home)
    result = run(["helped", "--days", "10"])
    # With: 3, 2, 3, 2 -> 2.5; without: 6, 7, 6, 6, 5, 4 -> 5.7: 3.2 points lower.
    assert result.stdout.splitlines()[0] == (
        "What you tried (this compares days; it cannot show what caused what):"
    )
    sentence = " ".join(" ".join(result.stdout.splitlines()[1:]).split())  # unwrapped
    assert sentence == (
        "- On the 4 days you logged water therapy, your average pain was 3.2 points lower than"
        " on the 6 days you didn't."
    )


def test_csv_export_and_import_round_trip_and_never_duplicate(home: Path, tmp_path: Path) -> None:
    fill(home)
    run(["log", "5", "--note", 'said "ouch", twice', "--fatigue", "6"])
    exported = run(["history", "--csv"]).stdout
    before = entries(home)
    path = tmp_path / "diary.csv"
    path.write_text(exported, encoding="utf-8")
    again = run(["import", str(path)])
    assert again.stderr == "Imported 0 new entries (11 already in your diary).\n"
    os.environ["MSBACK_HOME"] = str(tmp_path / "other")
    try:
        fresh = run(["import", str(path)])
        assert fresh.stderr == "Imported 11 new entries.\n"
        assert entries(tmp_path / "other") == before
    finally:
        os.environ["MSBACK_HOME"] = str(home)


def test_a_bad_row_imports_nothing_and_names_its_line(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "Date,Pain,Tried\n2026-11-20,5,pool\n2026-11-21,eleven,\n2026-11-22,4,nonsense\n",
        encoding="utf-8",
    )
    result = run(["import", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"msback: '{path}' has 1 bad row(s), so nothing was imported.\n"
        "line 3: pain must be a whole number from 0 to 10, not 'eleven'\n"
    )  # an unknown word for what was tried is kept as written, not a bad row
    assert not (home / "diary.sqlite3").exists()


def test_json_export_has_every_entry(home: Path) -> None:
    fill(home)
    data = json.loads(run(["history", "--json", "--days", "1"]).stdout)
    assert len(data["entries"]) == 10
    assert data["entries"][0] == {
        "at": "2026-11-17 09:00", "utc_offset": "+00:00", "pain": 6, "where": "lower back",
        "tried": [],
        "spasticity": None, "fatigue": None, "note": "",
    }  # fmt: skip


def test_fhir_export_is_a_valid_r4_bundle(home: Path) -> None:
    bundle_model = pytest.importorskip("fhir.resources.R4B.bundle")
    fill(home)
    data = json.loads(run(["history", "--fhir"]).stdout)
    bundle = bundle_model.Bundle.model_validate(data)
    assert bundle.type == "collection"
    assert len(bundle.entry) == 10 + 1  # ten observations and the person they are about
    first = bundle.entry[0].resource
    assert first.code.coding[0].system == "http://loinc.org"
    assert first.code.coding[0].code == "72514-3"
    assert first.valueInteger == 6
    assert first.bodySite.coding[0].code == "37822005"
    patient = bundle.entry[-1]
    assert patient.resource.__resource_type__ == "Patient"
    observations = [e for e in data["entry"] if e["resource"]["resourceType"] == "Observation"]
    for entry in observations:
        assert entry["resource"]["subject"]["reference"] == patient.fullUrl
        assert isinstance(entry["resource"]["valueInteger"], int)
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d",
            entry["resource"]["effectiveDateTime"],
        )


def test_fhir_ids_follow_the_entry_not_its_place(home: Path) -> None:
    """Stable across export, forget and import, and when an older entry is added."""
    fill(home)
    before = {e["fullUrl"] for e in json.loads(run(["history", "--fhir"]).stdout)["entry"]}
    run(["log", "5", "--at", "2026-11-01 08:00", "--note", "an older one"])
    after = {e["fullUrl"] for e in json.loads(run(["history", "--fhir"]).stdout)["entry"]}
    assert before < after
    assert len(after - before) == 1


# -- forget and where ---------------------------------------------------------------------


def test_forget_needs_the_word(home: Path) -> None:
    fill(home)
    kept = run(["forget"], keys="yes\n")
    assert "Kept: nothing was deleted." in kept.stderr
    assert (home / "diary.sqlite3").exists()
    gone = run(["forget"], keys="forget\n")
    assert "Your diary was deleted." in gone.stderr
    assert list(home.iterdir()) == []


def test_where_says_where_the_diary_lives(home: Path) -> None:
    result = run(["where"])
    assert result.stdout == f"{home / 'diary.sqlite3'} (no entries yet)\n"
    assert "never sends it anywhere" in result.stderr


# -- the installed command ----------------------------------------------------------------


def test_two_hundred_log_processes_at_once_all_land(tmp_path: Path) -> None:
    env = {**os.environ, "MSBACK_HOME": str(tmp_path / "many")}
    runs = [
        subprocess.Popen([MSBACK, "log", str(i % 11), "--note", f"run {i}"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for i in range(200)
    ]  # fmt: skip
    failed = [r.stderr.read() for r in runs if r.wait(timeout=300) != 0 and r.stderr]
    assert failed == []
    assert len(entries(tmp_path / "many")) == 200


def test_a_corrupt_diary_is_one_line_and_left_as_it_was(tmp_path: Path) -> None:
    home = tmp_path / "bad"
    home.mkdir()
    (home / "diary.sqlite3").write_bytes(b"not a database at all" * 50)
    for args in (["log", "5"], ["history"], ["forget"], ["plan", "--show"], ["flare", "--ended"],
                 ["flare", "--called", "flare"]):  # fmt: skip
        done = subprocess.run(
            [MSBACK, *args], env={**os.environ, "MSBACK_HOME": str(home)}, input="forget\n",
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 1, args
        assert "is not an msback diary" in done.stderr
        assert "Traceback" not in done.stderr
    assert (home / "diary.sqlite3").read_bytes() == b"not a database at all" * 50


def test_export_to_a_full_disk_is_one_line(home: Path) -> None:
    fill(home)
    done = subprocess.run(
        f"'{MSBACK}' history --csv > /dev/full", shell=True, capture_output=True, text=True,
        check=False, env={**os.environ, "MSBACK_HOME": str(home)},
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "cannot write" in done.stderr


@pytest.mark.parametrize("name", ["csv", "json", "fhir"])
def test_history_format_gives_the_same_export_as_its_flag(home: Path, name: str) -> None:
    run(["log", "4", "--tried", "water-therapy", "--note", "café"])
    by_flag = run(["history", f"--{name}"])
    by_name = run(["history", "--format", name.upper()])
    assert by_flag.exit_code == by_name.exit_code == 0
    assert by_flag.stdout == by_name.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "xml"], "--format must be one of csv, json, fhir, not 'xml'."),
        (["--format", "csv", "--json"], "choose one export format"),
        (["--csv", "--fhir"], "choose one export format"),
    ],
)
def test_history_format_refuses_unknown_or_two_formats(
    home: Path, args: list[str], says: str
) -> None:
    result = run(["history", *args])
    assert result.exit_code == 2
    assert says in result.stderr
    assert result.stdout == ""


def test_log_stops_as_the_guide_does(home: Path) -> None:
    """One prompting module: the guide's quit words and end of input, for log too."""
    for word in ("q", "quit", "exit", "stop"):
        stopped = run(["log"], keys=f"{word}\n", tty=True)
        assert stopped.exit_code == 0
        assert stopped.stderr.endswith("Stopped - nothing was saved.\n")
    ended = run(["log"], keys="7\n", tty=True)  # input ends at "Where is it?"
    assert ended.exit_code == 1
    assert ended.stderr.endswith("msback: input ended, so nothing was saved.\n")
    assert not (home / "diary.sqlite3").exists() or entries(home) == []


def test_an_unknown_tried_word_is_asked_again_and_the_entry_kept(home: Path) -> None:
    """The score and place typed already are never lost for a word msback does not know."""
    keys = "6\nlower back\nheat pack, hedt\nheat pack\n\n"
    result = run(["log"], keys=keys, tty=True)
    assert result.exit_code == 0, result.output
    assert "msback knows no treatment called 'hedt'. Did you mean: heat?" in result.stderr
    saved = entries(home)[-1]
    assert (saved.pain, saved.where) == (6, "lower back")
    assert saved.tried == (Tried("heat pack", ("heat-packs",)),)


def test_an_unknown_word_typed_again_is_kept_as_written(home: Path) -> None:
    result = run(["log"], keys="6\n\nrest, pool\nrest, pool\n\n", tty=True)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("msback knows no treatment called 'rest'") == 1
    assert entries(home)[-1].tried == (Tried("rest"), Tried("pool", ("water-therapy",)))


def test_retyping_only_the_unknown_word_keeps_what_msback_knew(home: Path) -> None:
    """Nurofen Plus (anti-inflammatories and codeine) is never dropped by answering the
    question about "rest"; Enter there leaves out only "rest"."""
    result = run(["log"], keys="4\n\nNurofen Plus, rest\nrest\n\n", tty=True)
    assert result.exit_code == 0, result.output
    nurofen = Tried("Nurofen Plus", ("anti-inflammatories", "codeine"))
    assert entries(home)[-1].tried == (nurofen, Tried("rest"))
    again = run(["log"], keys="4\n\nNurofen Plus, rest\n\n\n", tty=True)
    assert again.exit_code == 0, again.output
    assert entries(home)[-1].tried == (nurofen,)


def test_same_keeps_last_times_own_words_too(home: Path) -> None:
    run(["log", "3", "--tried", "Nurofen Plus, rest"], now="2026-11-25 09:00")
    result = run(["log"], keys="4\n\nsame\n\n", tty=True)
    assert result.exit_code == 0, result.output
    nurofen = Tried("Nurofen Plus", ("anti-inflammatories", "codeine"))
    assert entries(home)[-1].tried == (nurofen, Tried("rest"))


def test_same_works_at_the_question_asked_again(home: Path) -> None:
    run(["log", "5", "--tried", "heat"], now="2026-11-25 09:00")
    result = run(["log"], keys="4\n\nhedt\nsame\n\n", tty=True)
    assert result.exit_code == 0, result.output
    assert entries(home)[-1].tried == (Tried("heat", ("heat-packs",)),)


@pytest.mark.parametrize("keys", ["6\nq\n", "6\n\nq\n", "6\n\n\nq\n"])
def test_q_stops_at_every_question_and_saves_nothing(home: Path, keys: str) -> None:
    result = run(["log"], keys=keys, tty=True)
    assert result.exit_code == 0, result.output
    assert "Stopped - nothing was saved." in result.stderr
    assert not (home / "diary.sqlite3").exists() or entries(home) == []


def test_a_tried_topics_cell_must_name_a_treatment(home: Path, tmp_path: Path) -> None:
    """An import never does what msback's own mapping refuses: heat as heat sensitivity."""
    path = tmp_path / "mine.csv"
    path.write_text(
        "date,time,pain,tried,tried_topics\n2026-11-20,10:00,5,heat,heat-sensitivity\n"
        "2026-11-21,10:00,5,heat,HEAT-PACKS\n",
        encoding="utf-8",
    )
    result = run(["import", str(path)])
    assert result.exit_code == 1
    assert "line 2: tried_topics names 'heat-sensitivity', which is not a treatment" in (
        result.stderr
    )
    assert "line 3" not in result.stderr  # the case of an id does not matter


def test_a_score_other_than_pain_gets_its_own_scale(home: Path) -> None:
    result = run(["log", "5", "--spasticity", "12"])
    assert result.exit_code == 2
    assert "On the scale, 0 is none and 10 is the worst you can imagine." in result.stderr


def test_a_persons_own_words_show_as_typed_in_plain_views(home: Path) -> None:
    saved = run(["log", "5", "--note", "café 日本 🙂"])
    assert 'Note: "café 日本 🙂"' in saved.stdout
    assert 'Note: "café 日本 🙂"' in run(["history", "--plain"]).stdout


def test_enter_after_a_place_msback_does_not_know_keeps_the_last_place(home: Path) -> None:
    run(["log", "4", "--where", "neck"])
    result = run(["log"], keys="6\nmy hip\n\n\n\n", tty=True)
    assert result.exit_code == 0, result.output
    assert "Enter keeps: neck." in result.stderr
    assert entries(home)[-1].where == "neck"


def test_the_glyph_chart_says_where_its_numbers_are_in_words(home: Path) -> None:
    """A screen reader cannot read bars: under the chart, one line says where the same
    numbers are in words."""
    fill(home)
    env = Environment(stdout_tty=True, now=NOW, variables={**os.environ, "TERM": "xterm"})
    shown = CliRunner().invoke(app, ["history", "--days", "7"], obj=env)
    assert shown.exit_code == 0, shown.output
    assert "The chart in words: msback history --plain gives each day's numbers." in (
        " ".join(shown.stdout.split())
    )
    plain = run(["history", "--days", "7", "--plain"])
    assert "The chart in words" not in plain.stdout  # no chart there: the days are listed
