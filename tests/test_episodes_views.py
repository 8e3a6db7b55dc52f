"""Episodes and the flare plan beyond the store: the history, the report, the exports (JSON
a backup that imports back, CSV entries only, FHIR with episodes) and import."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from msback.cli import app
from msback.diary import chart, insights, report, transfer
from msback.diary.database import open_diary
from msback.diary.entry import Entry
from msback.diary.episodes import TEXT_LIMIT, Episode, PlanPart, clean_text
from msback.environment import Environment
from msback.render import to_json

NOW = "2026-11-26 09:30"
TODAY = dt.date(2026, 11, 26)
RELAPSE = Episode(
    "possible relapse", "2026-11-20", "2026-11-23", "numb <b>left</b> leg\nworse walking",
    ("walking",), "heat", "2026-11-21", True,
)  # fmt: skip
FLARE = Episode("pain flare", "2026-11-25")
PLAN = [
    PlanPart("helps", "What usually helps me", "Rest & a cool flannel\nCall Sam\nSit down\nMore"),
    PlanPart("drop", "What I can drop", "Cooking"),
    PlanPart("tell", "Who I tell", "My MS nurse <Jo>"),
]


def run(args: list[str], now: str = NOW) -> Result:
    return CliRunner().invoke(
        app, args, obj=Environment(stdin_tty=False, stdout_tty=False, now=now)
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"  # MSBACK_HOME (conftest)


def fill(home: Path, episodes: bool = True, plan: bool = True) -> None:
    """Ten days of entries, a possible relapse that ended and a flare still going."""
    with open_diary(home) as diary:
        diary.add([Entry(f"2026-11-{d} 09:00", d - 16, "lower back") for d in range(17, 27)])
        if episodes:
            diary.add_episode(RELAPSE)
            diary.add_episode(FLARE)
        if plan:
            diary.save_plan(PLAN)


def stored(home: Path) -> tuple[list[Episode], list[PlanPart]]:
    with open_diary(home) as diary:
        return [e._replace(id=0) for e in diary.episodes()], diary.plan()


# -- history ------------------------------------------------------------------------------


def test_history_plain_says_which_days_were_in_an_episode_and_lists_them(home: Path) -> None:
    fill(home)
    result = run(["history", "--days", "7", "--plain"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "- Fri 20 Nov 2026: average 4, worst 4, during a possible relapse\n" in out
    assert "- Tue 24 Nov 2026: average 8, worst 8\n" in out
    assert "- Wed 25 Nov 2026: average 9, worst 9, during a pain flare\n" in out
    assert (
        "Flares and relapses you recorded:"
        " - 2026-11-20 to 2026-11-23 (4 days): possible relapse; new or worse: walking; in my"
        ' words: "numb <b>left</b> leg worse walking"; possible trigger: heat; MS team told'
        " 2026-11-21; steroids given"
        " - 2026-11-25, still going (2 days): pain flare Average pain"
    ) in " ".join(out.split())  # each episode a bullet (wrapped at the screen's width)
    assert out.index("Flares and relapses") < out.index("Average pain")


def test_history_leaves_out_episodes_before_the_period(home: Path) -> None:
    fill(home)
    out = run(["history", "--days", "2", "--plain"]).stdout
    assert "pain flare" in out
    assert "possible relapse" not in out


def test_the_chart_marks_episode_days_with_a_shape_named_in_its_title() -> None:
    entries = [Entry(f"2026-11-{d} 09:00", 5) for d in range(20, 27)]
    summary = insights.summarise(entries, TODAY, 7)
    days = {dt.date(2026, 11, d) for d in (21, 22)}
    for unicode, flare in ((True, "\u25b2"), (False, "^")):
        lines = chart.draw(summary.days, summary.first, summary.last, 40, unicode, days)
        assert lines[0].endswith(f", {flare} a flare or relapse you recorded")
        axis = next(i for i, line in enumerate(lines) if line.startswith(" 0 +"))
        marks = lines[axis + 1]
        assert set(marks.strip()) <= {flare, " "}
        assert marks.count(flare) == 2 * 2  # two days, two glyphs a column
    plain = chart.draw(summary.days, summary.first, summary.last, 40, False)
    assert "flare" not in plain[0]
    assert len(plain) == len(lines) - 1


# -- exports and import -------------------------------------------------------------------


def test_json_is_a_complete_backup_that_imports_back_exactly(home: Path, tmp_path: Path) -> None:
    fill(home)
    exported = run(["history", "--json"])
    assert exported.exit_code == 0
    assert exported.stderr == ""  # JSON carries it all: nothing to say
    data = json.loads(exported.stdout)
    assert data["episodes"][1] == {
        "called": "pain flare", "started": "2026-11-25", "ended": "", "what": "", "words": [],
        "trigger": "", "told": "", "steroids": None,
    }  # fmt: skip
    assert data["plan"][2] == {"part": "tell", "label": "Who I tell", "text": "My MS nurse <Jo>"}
    backup = tmp_path / "backup.json"
    backup.write_text(exported.stdout, encoding="utf-8")
    episodes, plan = stored(home)
    assert run(["forget"]).exit_code == 0  # no word typed: kept
    (home / "diary.sqlite3").unlink()
    first = run(["import", str(backup)])
    assert first.exit_code == 0, first.output
    assert "Imported 10 new entries." in first.stderr
    assert "Imported 2 new episodes." in first.stderr
    assert "Imported your flare plan (your diary had none)." in first.stderr
    assert stored(home) == (episodes, plan)
    assert run(["history", "--json"]).stdout == exported.stdout
    again = run(["import", str(backup)])
    assert "Imported 0 new episodes (2 already in your diary)." in again.stderr
    assert stored(home) == (episodes, plan)


def test_importing_never_replaces_the_plan_the_person_has(home: Path, tmp_path: Path) -> None:
    fill(home)
    backup = tmp_path / "backup.json"
    backup.write_text(run(["history", "--json"]).stdout, encoding="utf-8")
    mine = [PlanPart("helps", "What usually helps me", "Lying down")]
    (home / "diary.sqlite3").unlink()
    with open_diary(home) as diary:
        diary.save_plan(mine)
        diary.add_episode(Episode("pain flare", "2026-11-26"))  # another one is open here
    result = run(["import", str(backup)])
    assert result.exit_code == 0, result.output
    assert "it was kept, and the file's plan was not imported" in " ".join(result.stderr.split())
    assert "An episode still going in the file was not added" in result.stderr
    episodes, plan = stored(home)
    assert plan == mine
    assert [e.started for e in episodes] == ["2026-11-20", "2026-11-26"]  # not the open one


def test_an_older_json_export_without_episodes_or_a_plan_still_imports(
    home: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.json"
    old.write_text(
        '{"entries": [{"at": "2026-11-20 09:00", "utc_offset": "+00:00", "pain": 4,'
        ' "where": "neck", "tried": [{"label": "pool", "topics": ["water-therapy"]}],'
        ' "spasticity": null, "fatigue": 3, "note": "ok"}]}',
        encoding="utf-8",
    )
    result = run(["import", str(old)])
    assert result.exit_code == 0, result.output
    assert result.stderr == "Imported 1 new entry.\n"
    with open_diary(home) as diary:
        (entry,) = diary.entries()
    assert (entry.at, entry.pain, entry.where, entry.note) == ("2026-11-20 09:00", 4, "neck", "ok")
    assert entry.tried[0].topics == ("water-therapy",)
    assert entry.scores == (("fatigue", 3),)


def test_a_bad_json_backup_imports_nothing_and_says_where(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"entries": [], "episodes": [{"called": "flu", "started": "2026-11-20"},'
        ' {"called": "pain flare", "started": "2026-11-20", "ended": "2026-11-01"}],'
        ' "plan": [{"part": "", "label": "x", "text": "y"}]}',
        encoding="utf-8",
    )
    result = run(["import", str(bad)])
    assert result.exit_code == 1
    assert "has 3 bad item(s), so nothing was imported" in result.stderr
    assert "episodes item 1: called must be one of" in result.stderr
    assert "episodes item 2: it ended before it started" in result.stderr
    assert "plan item 1: part must name the plan prompt" in result.stderr
    assert not (home / "diary.sqlite3").exists()


_TEXT = st.text(st.characters(codec="utf-8"), max_size=300).map(clean_text)


@settings(max_examples=40, deadline=None)
@given(what=_TEXT, plan=st.lists(_TEXT.filter(bool), min_size=1, max_size=3))
def test_any_text_the_diary_keeps_round_trips_through_json_exactly(
    what: str, plan: list[str]
) -> None:
    episode = RELAPSE._replace(what=what)
    parts = [PlanPart(f"part-{i}", f"Label {i}", text) for i, text in enumerate(plan)]
    assert len(what) <= TEXT_LIMIT
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backup.json"
        path.write_text(
            "".join(transfer.json_chunks([], (), transfer.Records([episode], parts))),
            encoding="utf-8",
        )
        found = transfer.read_file(path, lambda _: (), dt.datetime(2026, 11, 26, 9, 30))
        assert found.records == transfer.Records([episode], parts)
        with open_diary(Path(folder) / "home") as diary:
            diary.restore([], [], *found.records)
            assert [e._replace(id=0) for e in diary.episodes()] == [episode]
            assert diary.plan() == parts


def test_the_json_stream_is_the_whole_document() -> None:
    records = transfer.Records([RELAPSE, FLARE], PLAN)
    entries = [Entry("2026-11-20 09:00", 4)]
    streamed = "".join(transfer.json_chunks(entries, (), records))
    assert streamed == to_json(transfer.to_json(entries, records))
    assert "".join(transfer.json_chunks([], (), records)) == to_json(transfer.to_json([], records))


def test_csv_holds_entries_only_and_says_so(home: Path) -> None:
    fill(home)
    result = run(["history", "--csv"])
    assert result.exit_code == 0
    assert result.stderr == (
        "CSV holds entries only; your episodes and your flare plan are in: msback history --json\n"
    )
    assert "relapse" not in result.stdout


def test_csv_says_nothing_when_there_are_no_episodes_or_plan(home: Path) -> None:
    fill(home, episodes=False, plan=False)
    assert run(["history", "--csv"]).stderr == ""


def test_fhir_carries_episodes_as_text_only_observations(home: Path) -> None:
    bundle_model = pytest.importorskip("fhir.resources.R4B.bundle")
    fill(home)
    result = run(["history", "--fhir"])
    assert "FHIR holds entries and episodes only; your flare plan is in" in result.stderr
    data = json.loads(result.stdout)
    bundle = bundle_model.Bundle.model_validate(data)
    assert len(bundle.entry) == 10 + 2 + 1
    relapse, flare = (e.resource for e in bundle.entry[10:12])
    assert relapse.code.text == "Episode the person recorded: possible relapse"
    assert relapse.code.coding is None  # text only: no code was checked (README)
    assert (str(relapse.effectivePeriod.start), str(relapse.effectivePeriod.end)) == (
        "2026-11-20",
        "2026-11-23",
    )
    assert relapse.status == "final"
    assert [n.text for n in relapse.note] == [
        "What is new or worse: numb <b>left</b> leg\nworse walking",
        "In common words: walking.",
        "Possible trigger: heat.",
        "MS team told on 2026-11-21.",
        "Steroids given.",
    ]
    assert flare.status == "preliminary"
    assert flare.effectivePeriod.end is None
    assert relapse.subject.reference == bundle.entry[-1].fullUrl


# -- the report ---------------------------------------------------------------------------


def made(**extra: object) -> report.Report:
    entries = [Entry(f"2026-11-{d:02d} 09:00", 5, "lower back") for d in range(1, 27)]
    return report.build(entries, TODAY, 30, {}, None, **extra)  # type: ignore[arg-type]


def test_the_report_lists_episodes_and_the_reported_parts_of_the_plan() -> None:
    built = made(episodes=[RELAPSE, FLARE], plan=PLAN, reported=("tell", "helps"))
    assert built.flares == [
        "2026-11-20 to 2026-11-23 (4 days): possible relapse; new or worse: walking; in my"
        ' words: "numb <b>left</b> leg worse walking"; possible trigger: heat; MS team told'
        " 2026-11-21; steroids given",
        "2026-11-25, still going (2 days): pain flare",
    ]
    assert built.plan == (
        ("Who I tell", "My MS nurse <Jo>"),
        (
            "What usually helps me",
            "Rest & a cool flannel\nCall Sam\nSit down ... (more in my plan)",
        ),
    )
    page = report.to_html(built)
    assert "<li>2026-11-25, still going (2 days): pain flare</li>" in page
    assert "<li><strong>Who I tell:</strong> My MS nurse &lt;Jo&gt;</li>" in page
    assert "Rest &amp; a cool flannel / Call Sam / Sit down ... (more in my plan)" in page
    assert "Cooking" not in page  # a part not for the report stays private
    order = [page.index(f'id="{s}"') for s in ("trend", "flares", "warnings", "numbers", "plan")]
    assert order == sorted(order)  # page one: the flares by the chart; the plan after the table
    text = report.to_markdown(built)
    assert "## Flares and relapses\n\n- 2026-11-20 to 2026-11-23 (4 days)" in text
    assert "**Who I tell:**\n\nMy MS nurse &lt;Jo&gt;  \n" in text


def test_the_report_leaves_the_sections_out_for_someone_who_never_used_them() -> None:
    built = made()
    assert built.flares is None
    assert built.plan == ()
    assert "Flares and relapses" not in report.to_html(built)
    assert "flare plan" not in report.to_markdown(built)


def test_with_a_plan_but_no_episodes_in_the_period_the_report_says_so_in_a_line() -> None:
    old = RELAPSE._replace(started="2026-01-02", ended="2026-01-05")
    built = made(episodes=[old], plan=PLAN[:1], reported=("helps",))
    assert built.flares == []
    assert "<p>None recorded in this period.</p>" in report.to_html(built)


def test_many_episodes_are_cut_to_the_latest(home: Path) -> None:
    many = [Episode("pain flare", f"2026-11-{d:02d}", f"2026-11-{d:02d}") for d in range(1, 25, 3)]
    built = made(episodes=many)
    assert built.flares is not None
    assert len(built.flares) == report.SHOWN_EPISODES + 1
    assert built.flares[-1] == "And 2 earlier, from 2026-11-01."


def test_msback_report_shows_the_plan_parts_the_content_marks(home: Path) -> None:
    fill(home)
    result = run(["report", "--days", "30", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## Flares and relapses" in result.stdout
    assert "**What usually helps me:**" in result.stdout
    assert "**Who I tell:**" in result.stdout
    assert "Cooking" not in result.stdout  # "drop" is not marked report: true
