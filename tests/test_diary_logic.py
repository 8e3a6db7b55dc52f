"""The diary's pure parts on fixed diaries, with hand-checked numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from msback.diary import chart, insights, transfer, view
from msback.diary.entry import Entry, Tried, parse_place, parse_score, parse_when
from msback.errors import UsageError

NOW = dt.datetime(2026, 11, 26, 9, 30)
TODAY = NOW.date()


def day(offset: int, pain: int, *tried: str, time: str = "09:00") -> Entry:
    """An entry ``offset`` days before today."""
    items = tuple(Tried(t, (t,)) for t in tried)
    return Entry(f"{(TODAY - dt.timedelta(days=offset)).isoformat()} {time}", pain, tried=items)


# -- what people type ----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "score"), [("0", 0), ("10", 10), (" 7 ", 7), ("05", 5)])
def test_scores_are_whole_numbers_from_0_to_10(typed: str, score: int) -> None:
    assert parse_score(typed) == score


@pytest.mark.parametrize("typed", ["11", "-1", "2.5", "abc", "", "1e1", "\u0661"])
def test_other_scores_say_what_is_allowed(typed: str) -> None:
    with pytest.raises(UsageError, match="whole number from 0 to 10") as caught:
        parse_score(typed)
    assert "worst pain you can imagine" in caught.value.hint


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("low", "lower back"),
        ("Lower Back", "lower back"),
        ("legs", "both legs"),
        ("mid", "middle back"),
    ],
)
def test_places_forgive_everyday_words(typed: str, place: str) -> None:
    assert parse_place(typed) == place


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("yesterday 21:00", "2026-11-25 21:00"),
        ("today 8:05", "2026-11-26 08:05"),
        ("07:15", "2026-11-26 07:15"),
        ("2026-11-20", "2026-11-20 12:00"),
        ("2026-11-20 21:30", "2026-11-20 21:30"),
        ("2026-11-20T21:30", "2026-11-20 21:30"),
        ("yesterday", "2026-11-25 12:00"),
    ],
)
def test_late_entries(typed: str, at: str) -> None:
    assert parse_when(typed, NOW).at == at


@pytest.mark.parametrize("typed", ["next week", "25:00", "2026-02-30", "soon", "2026-11-20 9pm"])
def test_times_that_are_not_understood(typed: str) -> None:
    with pytest.raises(UsageError, match="not a time msback understands"):
        parse_when(typed, NOW)


@pytest.mark.parametrize("typed", ["10:00", "2026-11-27"])
def test_times_in_the_future_are_refused(typed: str) -> None:
    with pytest.raises(UsageError, match="in the future"):
        parse_when(typed, NOW)


# -- the trend ----------------------------------------------------------------------------


def test_days_average_several_entries_and_keep_the_worst() -> None:
    days = insights.days_of([day(0, 4), day(0, 7, time="20:00"), day(1, 2)])
    assert [(d.day.isoformat(), d.average, d.worst, d.entries) for d in days] == [
        ("2026-11-25", 2.0, 2, 1),
        ("2026-11-26", 5.5, 7, 2),
    ]


def test_summary_with_the_change_from_the_period_before() -> None:
    # Last 7 days: 4, 6, 5 (days 0, 1, 3) -> average 5.0; before: 8 and 6 -> 7.0.
    entries = [day(0, 4), day(1, 6), day(3, 5), day(8, 8), day(10, 6), day(20, 1)]
    summary = insights.summarise(entries, TODAY, 7)
    assert summary.average == 5.0
    assert summary.previous == 7.0
    assert summary.change == -2.0
    assert summary.best is not None
    assert summary.best.day == TODAY
    assert summary.worst is not None
    assert summary.worst.day == TODAY - dt.timedelta(days=1)
    assert view.summary_lines(summary)[1] == "2 points lower than the 7 days before."


def test_a_small_change_is_about_the_same() -> None:
    summary = insights.summarise([day(0, 5), day(8, 6)], TODAY, 7)
    assert summary.change == -1.0
    assert view.summary_lines(summary)[1] == "About the same as the 7 days before (6)."


# -- what helped --------------------------------------------------------------------------


def test_what_helped_in_descriptive_words() -> None:
    # Pool on days 0-2 (pain 3, 2, 4: average 3.0); days 3-6 without (6, 7, 5, 6: 6.0).
    entries = [day(0, 3, "water-therapy"), day(1, 2, "water-therapy"), day(2, 4, "water-therapy"),
               day(3, 6), day(4, 7), day(5, 5), day(6, 6)]  # fmt: skip
    (found,) = insights.what_helped(entries)
    assert found == insights.Helped("water-therapy", 3, 3.0, 4, 6.0)
    assert insights.helped_sentence(found, "water therapy") == (
        "On the 3 days you logged water therapy, your average pain was 3 points lower than on"
        " the 4 days you didn't."
    )


def test_under_two_points_is_about_the_same_and_never_a_cause() -> None:
    entries = [day(i, 5, "exercise") for i in range(3)] + [day(i, 6) for i in range(3, 6)]
    (found,) = insights.what_helped(entries)
    sentence = insights.helped_sentence(found, "exercise")
    assert "about the same" in sentence
    assert "because" not in sentence
    assert "helped" not in sentence


def test_what_helped_needs_enough_days_on_each_side() -> None:
    too_few_with = [day(0, 3, "exercise"), day(1, 3, "exercise")] + [day(i, 6) for i in range(2, 8)]
    too_few_without = [day(i, 3, "exercise") for i in range(6)] + [day(6, 6), day(7, 6)]
    assert insights.what_helped(too_few_with) == []
    assert insights.what_helped(too_few_without) == []


def test_several_entries_on_a_day_count_the_day_once() -> None:
    entries = [day(0, 2, "exercise"), day(0, 4, time="20:00")] + [
        day(i, 2, "exercise") for i in (1, 2)
    ] + [day(i, 6) for i in (3, 4, 5)]  # fmt: skip
    (found,) = insights.what_helped(entries)
    assert (found.with_days, found.with_average) == (3, 2.3)  # day 0 averages 3: (3+2+2)/3


# -- the chart ----------------------------------------------------------------------------


def test_chart_draws_average_bars_and_worst_marks() -> None:
    days = insights.days_of([day(2, 4), day(2, 8, time="20:00"), day(0, 2)])
    lines = chart.draw(days, TODAY - dt.timedelta(days=2), TODAY, 40, unicode=False)
    assert lines[0] == "Pain, each day: # average, * worst (0-10)"
    rows = {line[:2].strip(): line[4:] for line in lines[1:11]}
    assert rows["8"] == "**"  # day 1 of 3: worst 8 (columns two wide, with a gap)
    assert rows["6"] == "##"  # its average, 6
    assert rows["2"] == "##    ##"  # day 2 has no entries: an empty column
    assert rows["1"] == "##    ##"
    assert lines[11] == " 0 +---------"


def test_ten_years_fit_the_screen() -> None:
    first = TODAY - dt.timedelta(days=3652)
    days = [insights.Day(first + dt.timedelta(days=i), 5.0, 6, 1) for i in range(3653)]
    lines = chart.draw(days, first, TODAY, 80, unicode=True)
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith("Pain, every 49 days")  # 3,653 days in 75 columns


# -- CSV, JSON, FHIR ----------------------------------------------------------------------


def test_csv_quotes_notes_and_lists_what_was_tried() -> None:
    both = (Tried("water-therapy", ("water-therapy",)), Tried("exercise", ("exercise",)))
    entry = Entry("2026-11-26 07:10", 5, "lower back", both,
                  (("spasticity", 3),), 'pool, then "rest"')  # fmt: skip
    assert transfer.to_csv([entry]) == (
        "\ufeffdate,time,utc_offset,pain,where,tried,tried_topics,spasticity,fatigue,note,format\n"
        "2026-11-26,07:10,+00:00,5,lower back,water-therapy;exercise,water-therapy;exercise,3,,"
        '"pool, then ""rest""",msback-2\n'
    )


def test_fhir_observation_uses_loinc_and_snomed() -> None:
    entry = Entry(
        "2026-11-26 07:10",
        5,
        "lower back",
        (Tried("water-therapy", ("water-therapy",)),),
        (("fatigue", 4),),
        "ok",
    )
    bundle = transfer.to_fhir([entry], {"water-therapy": "water therapy"})
    observation = bundle["entry"][0]["resource"]
    assert observation["code"]["coding"][0]["code"] == "72514-3"
    assert observation["valueInteger"] == 5
    assert observation["effectiveDateTime"].startswith("2026-11-26T07:10:00")  # and the offset
    assert observation["effectiveDateTime"][19] in "+-Z"
    assert observation["bodySite"]["coding"][0]["code"] == "37822005"
    assert [n["text"] for n in observation["note"]] == [
        "ok", "Tried: water therapy.", "Tiredness (fatigue) 4 out of 10."
    ]  # fmt: skip


def test_every_score_comes_from_the_one_table() -> None:
    """A new score is one line in diary/scores.py plus a migration: the CSV columns, the
    JSON keys, the FHIR notes, the history line and log's options all follow the table."""
    from typer.testing import CliRunner

    from msback.cli import app
    from msback.diary import scores, view

    assert transfer.COLUMNS[7:-2] == scores.NAMES
    entry = Entry("2026-11-26 07:10", 5, scores=tuple((s.name, 3) for s in scores.SCORES))
    assert list(transfer.to_json([entry])["entries"][0])[5:-1] == list(scores.NAMES)
    notes = [n["text"] for n in transfer.to_fhir([entry], {})["entry"][0]["resource"]["note"]]
    assert notes == [f"{s.fhir} 3 out of 10." for s in scores.SCORES]
    line = view.entry_line(entry, {})
    assert all(f"{s.label} 3" in line for s in scores.SCORES)
    usage = CliRunner().invoke(app, ["log", "--help"]).stdout
    assert all(f"--{s.name} N" in usage for s in scores.SCORES)


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text_and_read_back_exactly(
    tmp_path: Path,
) -> None:
    """OWASP CSV injection: a risky first character gets one ', which import takes off again
    only in msback's own marked export; an older file's note that starts with ' keeps it."""
    notes = ['=HYPERLINK("http://x")', "+1 better", "-2", "@home", "'quoted", "plain"]
    entries = [Entry(f"2026-11-2{i} 09:00", 3, note=n) for i, n in enumerate(notes)]
    text = transfer.to_csv(entries)
    assert text.startswith("\ufeffdate,")  # a BOM: spreadsheets then show accents
    import csv
    import io

    cells = [row["note"] for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))]
    assert cells == ["'" + note for note in notes[:5]] + ["plain"]
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    back, *_ = transfer.read_csv(path, lambda name: (), dt.datetime(2026, 11, 30, 12, 0))
    assert [e.note for e in back] == notes
    older = tmp_path / "older.csv"
    older.write_text("date,pain,note\n2026-11-20,3,'kept as typed\n", encoding="utf-8")
    read, *_ = transfer.read_csv(older, lambda name: (), dt.datetime(2026, 11, 30, 12, 0))
    assert [e.note for e in read] == ["'kept as typed"]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_exports_are_the_same_documents_as_whole_ones(count: int) -> None:
    from msback.render import to_json

    entries = [
        Entry(
            f"2026-11-2{i} 09:00",
            i,
            "lower back",
            (Tried("water-therapy", ("water-therapy",)),),
            (("fatigue", i),),
            "café",
        )
        for i in range(count)
    ]
    titles = {"water-therapy": "water therapy"}
    assert "".join(transfer.json_chunks(entries)) == to_json(transfer.to_json(entries))
    assert "".join(transfer.fhir_chunks(entries, titles)) == to_json(
        transfer.to_fhir(entries, titles)
    )
    assert "".join(transfer.csv_chunks(entries)) == transfer.to_csv(entries)
