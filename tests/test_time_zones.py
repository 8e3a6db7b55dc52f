"""Time zones: each entry keeps the UTC offset of where it was logged (schema 4).

In-process, with this process moved between zones (``in_zone``); the same cases against the
installed command are in ``test_robustness.py``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from msback.diary import database, insights, transfer, view
from msback.diary.database import SCHEMA_VERSION, open_diary
from msback.diary.entry import (
    Entry,
    local_offset,
    offset_text,
    parse_offset,
    parse_when,
    parse_when_at,
)
from msback.errors import UsageError

Zone = Callable[[str], None]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("+09:00", 540), ("-05:00", -300), ("+0530", 330), ("-5", -300), ("Z", 0), ("UTC", 0),
     ("UTC+1", 60), ("GMT-03:00", -180), (" +00:00 ", 0), ("+18:00", 1080)],
)  # fmt: skip
def test_offsets_as_people_and_programs_write_them(text: str, minutes: int) -> None:
    assert parse_offset(text) == minutes
    assert parse_offset(offset_text(minutes)) == minutes


@pytest.mark.parametrize("text", ["+19:00", "+05:75", "Europe/London", "9", "++1", "+1:2"])
def test_an_offset_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="not a UTC offset"):
        parse_offset(text)


def test_the_offset_here_follows_summer_time_on_that_date(in_zone: Zone) -> None:
    in_zone("Europe/London")
    assert local_offset(dt.datetime(2026, 7, 1, 9, 0)) == 60
    assert local_offset(dt.datetime(2026, 1, 1, 9, 0)) == 0
    assert local_offset(dt.datetime(1800, 1, 1, 12, 0)) == -1  # local mean time, -00:01:15


def test_a_time_the_clocks_went_back_over_is_the_first_one_and_says_so(in_zone: Zone) -> None:
    in_zone("Europe/London")
    now = dt.datetime(2026, 11, 30, 12, 0)
    when = parse_when("2026-10-25 01:30", now)
    assert (when.at, when.offset) == ("2026-10-25 01:30", 60)  # British Summer Time, the first
    assert "happened twice" in when.notice
    assert "UTC+01:00" in when.notice
    assert parse_when("2026-10-25 03:30", now).notice == ""
    with pytest.raises(UsageError, match="clocks went forward from 01:00 to 02:00"):
        parse_when("2026-03-29 01:30", now)


def test_the_future_is_compared_as_moments(in_zone: Zone) -> None:
    """Logged a moment ago in London where it is already tomorrow: not in the future in
    New York, where the date is still today."""
    in_zone("America/New_York")
    now = dt.datetime(2026, 11, 30, 20, 5)  # 01:05 on 1 December in London
    assert parse_when_at("2026-12-01 01:00", 0, now).at == "2026-12-01 01:00"
    with pytest.raises(UsageError, match="in the future"):
        parse_when_at("2026-12-01 01:10", 0, now)
    with pytest.raises(UsageError, match="in the future"):
        parse_when("20:10", now)  # later today here is still the future


def test_entries_sort_by_the_moment_they_were_logged(tmp_path: Path) -> None:
    tokyo = Entry("2026-11-30 09:00", 6, note="Tokyo", offset=540)  # 00:00 UTC
    london = Entry("2026-11-30 02:00", 3, note="London", offset=0)  # 02:00 UTC
    new_york = Entry("2026-11-29 20:00", 4, note="New York", offset=-300)  # 01:00 UTC
    with open_diary(tmp_path) as diary:
        diary.add([london, tokyo, new_york])
        assert [e.note for e in diary.entries()] == ["Tokyo", "New York", "London"]
        assert diary.last() == london
        assert [e.note for e in diary.each_entry()] == ["Tokyo", "New York", "London"]


def test_the_same_wall_time_in_two_zones_is_two_entries(tmp_path: Path) -> None:
    with open_diary(tmp_path) as diary:
        added = diary.add([Entry("2026-11-30 09:00", 5, offset=0), Entry("2026-11-30 09:00", 5)])
        assert added == 1  # the second is this computer's zone (UTC in the tests): the same
        assert diary.add([Entry("2026-11-30 09:00", 5, offset=60)]) == 1


def test_days_are_where_each_entry_was_logged_and_a_day_ahead_is_shown() -> None:
    """An entry logged a moment ago where it is already tomorrow is in the history, on its
    own day, not missing."""
    today = dt.date(2026, 11, 30)
    entries = [Entry("2026-11-30 09:00", 4, offset=-300), Entry("2026-12-01 01:00", 6, offset=0)]
    summary = insights.summarise(entries, today, 1)
    assert [d.day for d in summary.days] == [today, dt.date(2026, 12, 1)]
    assert summary.last == dt.date(2026, 12, 1)


def test_an_entry_shows_its_offset_only_when_logged_in_another_zone(in_zone: Zone) -> None:
    in_zone("Europe/London")
    summer = Entry("2026-07-01 09:00", 4, offset=60)  # London in summer: no offset shown
    tokyo = Entry("2026-12-01 01:00", 5, offset=540)
    assert view.entry_line(summer, {}, local_offset).endswith("Wed 1 Jul 2026 09:00")
    assert view.entry_line(tokyo, {}, local_offset).endswith("Tue 1 Dec 2026 01:00 (UTC+09:00)")
    assert view.entry_line(tokyo, {}).endswith("Tue 1 Dec 2026 01:00")  # no zone given


def test_exports_carry_the_offset_and_read_back_in_any_zone(tmp_path: Path, in_zone: Zone) -> None:
    in_zone("Asia/Tokyo")
    entries = [
        Entry("2026-07-01 09:00", 4, "neck", note="London, summer", offset=60),
        Entry("2026-12-01 01:00", 5, note="Tokyo", offset=540),
    ]
    path = tmp_path / "diary.csv"
    path.write_text(transfer.to_csv(entries), encoding="utf-8")
    fhir = transfer.to_fhir(entries, {})["entry"]
    assert [o["resource"]["effectiveDateTime"] for o in fhir[:2]] == [
        "2026-07-01T09:00:00+01:00", "2026-12-01T01:00:00+09:00"
    ]  # fmt: skip
    assert transfer.to_json(entries)["entries"][1]["utc_offset"] == "+09:00"
    in_zone("America/New_York")
    now = dt.datetime(2026, 11, 30, 12, 0)  # 02:00 on 1 December in Tokyo: after the entry
    read = transfer.read_csv(path, lambda name: (), now)
    assert read.entries == entries


def test_an_older_csv_without_offsets_is_read_in_this_computers_zone(
    tmp_path: Path, in_zone: Zone
) -> None:
    in_zone("Europe/London")
    path = tmp_path / "old.csv"
    path.write_text("date,time,pain\n2026-07-01,09:00,4\n2026-11-01,09:00,5\n", encoding="utf-8")
    read = transfer.read_csv(path, lambda name: (), dt.datetime(2026, 11, 30, 12, 0))
    assert [e.offset for e in read.entries] == [60, 0]


def test_a_bad_offset_in_a_csv_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,time,utc_offset,pain\n2026-11-01,09:00,+25:00,4\n", encoding="utf-8")
    with pytest.raises(transfer.BadImport) as caught:
        transfer.read_csv(path, lambda name: (), dt.datetime(2026, 11, 30, 12, 0))
    assert "line 2: '+25:00' is not a UTC offset" in caught.value.hint


def version_3(folder: Path, rows: list[tuple[str, int]], results: list[str]) -> None:
    """A diary as msback left it at schema version 3, with these entries and kept results."""
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / database.FILE_NAME)
    for step in database.MIGRATIONS[:3]:
        assert isinstance(step, str)
        db.executescript(step)
    db.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    db.execute("PRAGMA user_version = 3")
    db.executemany("INSERT INTO entry (at, pain) VALUES (?, ?)", rows)
    db.executemany(
        "INSERT INTO guide_result (at, urgency, data) VALUES (?, 'soon', '{}')",
        [(at,) for at in results],
    )
    db.commit()
    db.close()


def test_version_4_reads_older_times_in_this_computers_zone_on_their_date(
    tmp_path: Path, in_zone: Zone
) -> None:
    in_zone("Europe/London")
    version_3(
        tmp_path,
        [("2026-07-01 09:00", 4), ("2026-11-01 09:00", 5), ("2026-02-30 09:00", 6)],
        ["2026-07-02 10:00", "2026-11-02 10:00"],
    )
    told: list[str] = []
    with open_diary(tmp_path, told.append) as diary:
        assert [(e.at, e.offset) for e in diary.entries()] == [
            ("2026-07-01 09:00", 60), ("2026-11-01 09:00", 0)
        ]  # fmt: skip
        assert [row[0] for row in diary.quarantined()] == ["2026-02-30 09:00"]  # not a date
        assert diary.latest_result() == {"at": "2026-11-02 10:00", "utc_offset": 0}
    assert len(told) == 1
    assert "as it was on their date" in told[0]
    db = sqlite3.connect(tmp_path / database.FILE_NAME)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    with pytest.raises(sqlite3.IntegrityError):  # no offset, a bad offset, not a date
        db.execute("INSERT INTO entry (at, pain) VALUES ('2026-11-22 09:00', 6)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO entry (at, pain, utc_offset) VALUES ('2026-11-22 09:00', 6, 1500)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO entry (at, pain, utc_offset) VALUES ('2026-02-30 09:00', 6, 0)")
    with open_diary(tmp_path, told.append):
        pass
    assert len(told) == 1  # told once, when it happened


def test_a_new_diary_is_told_nothing(tmp_path: Path) -> None:
    told: list[str] = []
    with open_diary(tmp_path, told.append) as diary:
        diary.add([Entry("2026-11-30 09:00", 3)])
    assert told == []


def test_an_older_diary_on_a_read_only_disk_is_read_in_this_zone(
    tmp_path: Path, in_zone: Zone
) -> None:
    """Opened read-only, a version-3 diary cannot be brought up to date: it is still read,
    its times in this computer's zone."""
    in_zone("Europe/London")
    version_3(tmp_path, [("2026-07-01 09:00", 4)], [])
    uri = (tmp_path / database.FILE_NAME).resolve().as_uri() + "?mode=ro"
    diary = database.Diary(tmp_path / database.FILE_NAME, sqlite3.connect(uri, uri=True), 3)
    with diary:
        (found,) = diary.entries()
        assert found.offset is None
        assert found.stored().offset == 60
        assert diary.quarantined() == []
        assert diary.latest_result() is None


def test_the_repeated_autumn_hour_at_home_shows_no_offset(in_zone: Zone) -> None:
    """Either 01:30 of the night the clocks went back was logged here: no offset shown."""
    in_zone("Europe/London")
    for offset in (60, 0):
        line = view.entry_line(Entry("2026-10-25 01:30", 4, offset=offset), {}, local_offset)
        assert line.endswith("Sun 25 Oct 2026 01:30")


def test_a_computer_zone_no_place_uses_is_one_clear_line(in_zone: Zone) -> None:
    in_zone("<+20>-20")
    with pytest.raises(UsageError, match=r"UTC\+20:00, which no place uses"):
        parse_when("09:00", dt.datetime(2026, 11, 30, 12, 0))


def test_a_csv_with_a_column_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("date,utc_offset,pain,utc_offset\n2026-11-01,+01:00,5,+02:00\n", "utf-8")
    with pytest.raises(transfer.BadImport, match="has the column utc_offset twice"):
        transfer.read_csv(path, lambda name: (), dt.datetime(2026, 11, 30, 12, 0))


def test_an_import_at_a_repeated_time_without_offset_is_counted(
    tmp_path: Path, in_zone: Zone
) -> None:
    in_zone("Europe/London")
    path = tmp_path / "autumn.csv"
    path.write_text("date,time,pain\n2026-10-25,01:30,5\n2026-10-25,03:30,4\n", "utf-8")
    read = transfer.read_csv(path, lambda name: (), dt.datetime(2026, 11, 30, 12, 0))
    assert read.twice == 1
    assert read.entries[0].offset == 60  # the first of the two
