"""The diary's SQLite file: private, versioned, shared safely, never lost or overwritten."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from msback.diary import database
from msback.diary.database import APPLICATION_ID, SCHEMA_VERSION, DiaryError, open_diary
from msback.diary.entry import Entry, Tried

ENTRY = Entry(
    "2026-11-26 09:00",
    5,
    "lower back",
    (Tried("water-therapy", ("water-therapy",)),),
    (("spasticity", 3), ("fatigue", 4)),
    "a note",
    0,  # UTC+00:00: the tests run in UTC (conftest)
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_diary_is_private_and_marked_as_msbacks(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    os.umask(0o000)  # even with a careless umask
    try:
        with open_diary(folder) as diary:
            diary.add([ENTRY])
            wal = Path(f"{diary.path}-wal")
            shm = Path(f"{diary.path}-shm")
            assert wal.exists()
            assert (mode(wal), mode(shm)) == (0o600, 0o600)
    finally:
        os.umask(0o022)
    assert mode(folder) == 0o700
    assert mode(folder / "diary.sqlite3") == 0o600
    db = sqlite3.connect(folder / "diary.sqlite3")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_entries_come_back_as_they_went_in(tmp_path: Path) -> None:
    with open_diary(tmp_path) as diary:
        assert diary.add([ENTRY, Entry("2026-11-20 08:00", 0)]) == 2
        assert diary.entries() == [Entry("2026-11-20 08:00", 0, offset=0), ENTRY]
        assert diary.entries(since="2026-11-21") == [ENTRY]
        assert diary.last() == ENTRY


def test_the_same_entry_twice_is_kept_once(tmp_path: Path) -> None:
    with open_diary(tmp_path) as diary:
        assert diary.add([ENTRY]) == 1
        assert diary.add([ENTRY, Entry("2026-11-20 08:00", 0)]) == 1
        assert len(diary.entries()) == 2


def test_a_write_is_all_or_nothing(tmp_path: Path) -> None:
    with open_diary(tmp_path) as diary:
        with pytest.raises(DiaryError):
            diary.add([ENTRY, Entry("2026-11-20 08:00", 11)])  # the CHECK refuses 11
        assert diary.entries() == []


def make_version(folder: Path, version: int) -> Path:
    """A diary as msback left it at schema ``version``, with one entry."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "diary.sqlite3"
    db = sqlite3.connect(path)
    for step in database.MIGRATIONS[:version]:
        if callable(step):
            step(db)
        else:
            db.executescript(step)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    offset = ", utc_offset" if version >= 4 else ""  # version 4 keeps each entry's offset
    db.execute(
        f"INSERT INTO entry (at, pain{offset}) VALUES ('2026-11-01 08:00', 4{', 0' * bool(offset)})"
    )
    zero = ", 0" if offset else ""
    tried = "tens\ttens\npool\tpool" if version >= 5 else "tens pool"  # version 5: words
    db.execute(
        f"INSERT INTO entry (at, pain, tried{offset}) VALUES ('2026-11-02 08:00', 5, ?{zero})",
        (tried,),
    )
    db.commit()
    db.close()
    return path


def test_migrates_an_empty_file_msback_made(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    path.touch(mode=0o600)
    with open_diary(tmp_path) as diary:
        diary.add([ENTRY])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_migrates_every_earlier_version_keeping_its_entries(tmp_path: Path, version: int) -> None:
    make_version(tmp_path, version)
    with open_diary(tmp_path) as diary:
        assert diary.entries() == [
            Entry("2026-11-01 08:00", 4, offset=0),
            Entry(
                "2026-11-02 08:00",
                5,
                tried=(Tried("tens", ("tens",)), Tried("pool", ("pool",))),
                offset=0,
            ),
        ]  # version 5: each topic id kept as its own words
        diary.keep_result("2026-11-02 09:00", 0, "soon", {"title": "See your doctor soon"})
        kept = diary.latest_result()
    assert kept == {"title": "See your doctor soon", "at": "2026-11-02 09:00", "utc_offset": 0}
    db = sqlite3.connect(tmp_path / "diary.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize(
    "content",
    [b"my own notes, not a database\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text-file", "corrupt-sqlite"],
)
def test_a_file_that_is_not_a_diary_is_left_byte_for_byte(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "diary.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DiaryError, match="is not an msback diary") as caught:
        open_diary(tmp_path)
    assert "left as it was" in caught.value.message
    assert path.read_bytes() == content
    assert not Path(f"{path}-wal").exists()


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE things (x)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="belongs to another program"):
        open_diary(tmp_path)
    assert path.read_bytes() == before


def test_a_diary_from_a_newer_msback_is_refused(tmp_path: Path) -> None:
    with open_diary(tmp_path) as diary:
        diary.add([ENTRY])
    db = sqlite3.connect(tmp_path / "diary.sqlite3")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(DiaryError, match="newer msback"):
        open_diary(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(DiaryError, match="cannot make the diary"):
        open_diary(folder)


def test_a_folder_on_a_read_only_path_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DiaryError, match="cannot make the diary folder") as caught:
        open_diary(blocker / "home")  # a file where a folder should be: even root cannot
    assert "MSBACK_HOME" in caught.value.hint


def test_a_symlink_for_the_diary_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.sqlite3"
    target.write_bytes(b"")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "diary.sqlite3").symlink_to(target)
    with pytest.raises(DiaryError, match="not a regular file"):
        open_diary(tmp_path / "home")


def test_forget_deletes_the_diary_and_its_side_files(tmp_path: Path) -> None:
    with open_diary(tmp_path) as diary:
        diary.add([ENTRY])
    assert database.forget(tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not database.forget(tmp_path)


def test_forget_never_deletes_a_file_that_is_not_a_diary(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    path.write_text("precious")
    with pytest.raises(DiaryError):
        database.forget(tmp_path)
    assert path.read_text() == "precious"


WRITER = """
import sys
from pathlib import Path
from msback.diary.database import open_diary
from msback.diary.entry import Entry
folder, who, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    with open_diary(folder) as diary:
        diary.add([Entry(f"2026-11-{1 + i % 28:02d} {who % 24:02d}:{i % 60:02d}", i % 11,
                         note=f"writer {who} entry {i}")])
    print(i, flush=True)
"""


def test_several_processes_writing_at_once_all_land(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(w), "25"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for w in range(8)
    ]  # fmt: skip
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read() if writer.stderr else ""
    with open_diary(tmp_path) as diary:
        assert len(diary.entries()) == 8 * 25


def test_kill_9_while_writing_loses_no_committed_entry(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), "1", "100000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdout is not None
    committed = -1
    deadline = time.monotonic() + 30
    while committed < 40 and time.monotonic() < deadline:
        committed = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    with open_diary(tmp_path) as diary:
        assert len(diary.entries()) >= committed + 1  # every entry it reported, at least
    db = sqlite3.connect(tmp_path / "diary.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_another_programs_empty_sqlite_file_with_a_version_is_refused_and_left_as_it_was(
    tmp_path: Path,
) -> None:
    import sqlite3

    path = tmp_path / "diary.sqlite3"
    other = sqlite3.connect(path)
    other.execute("PRAGMA user_version = 1")  # another tool's schema version, no tables
    other.close()
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="another program"):
        open_diary(tmp_path)
    assert path.read_bytes() == before


def test_version_3_keeps_rows_it_cannot_read_aside_and_refuses_new_ones(tmp_path: Path) -> None:
    make_version(tmp_path, 2)
    db = sqlite3.connect(tmp_path / "diary.sqlite3")
    db.execute("INSERT INTO entry (at, pain) VALUES ('2026-11-21 09:00', 5.5)")
    db.execute("INSERT INTO entry (at, pain) VALUES ('not a time', 3)")
    db.commit()
    db.close()
    with open_diary(tmp_path) as diary:
        assert [e.at for e in diary.entries()] == ["2026-11-01 08:00", "2026-11-02 08:00"]
        aside = diary.quarantined()
    assert [(row[0], row[1]) for row in aside] == [("2026-11-21 09:00", 5.5), ("not a time", 3)]
    db = sqlite3.connect(tmp_path / "diary.sqlite3")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO entry (at, pain) VALUES ('2026-11-22 09:00', 6.5)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO entry (at, pain) VALUES ('tomorrow', 6)")
