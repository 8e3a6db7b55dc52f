"""``msback remind``: the pure logic, the setting file, the read-only look at the diary, the
Typer command, and the console script's quick path, which must answer exactly as the Typer
command does (in a real pseudo-terminal where it matters)."""

from __future__ import annotations

import datetime as dt
import os
import pty
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msback.cli import app
from msback.diary import database, remind, reminder
from msback.diary.entry import Entry, now_when
from msback.environment import Environment
from msback.errors import ExitCode, UsageError
from msback.paths import Paths

MSBACK = str(Path(sys.executable).parent / "msback")
LINE = remind.LINE + "\n"
NOW = "2026-11-26 20:15"  # a Thursday evening, in the CLI tests' fixed clock


def at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M")


# --- the pure logic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "now", "last", "on_screen", "expected"),
    [
        (dt.time(19), "2026-11-26 20:15", "2026-11-25 21:00", True, True),  # yesterday's only
        (dt.time(19), "2026-11-26 20:15", None, True, True),  # an empty diary
        (dt.time(19), "2026-11-26 19:00", None, True, True),  # the minute itself
        (dt.time(19), "2026-11-26 18:59", None, True, False),  # not yet
        (dt.time(19), "2026-11-26 20:15", "2026-11-26 00:00", True, False),  # logged today
        (dt.time(19), "2026-11-26 20:15", "2026-11-27 08:00", True, False),  # dated later
        (dt.time(19), "2026-11-26 20:15", None, False, False),  # not a terminal
        (None, "2026-11-26 20:15", None, True, False),  # no reminder set
        (dt.time(0), "2026-11-26 00:00", "2026-11-25 23:59", True, True),
    ],
)
def test_should_remind(
    hour: dt.time | None, now: str, last: str | None, on_screen: bool, expected: bool
) -> None:
    moment = at(last) if last else None
    assert remind.should_remind(hour, at(now), moment, on_screen) is expected


@pytest.mark.parametrize(
    ("typed", "hour"),
    [
        ("19:00", dt.time(19)),
        ("19", dt.time(19)),
        ("7pm", dt.time(19)),
        ("7 pm", dt.time(19)),
        ("7 PM", dt.time(19)),
        ("7 p.m.", dt.time(19)),
        ("7:30pm", dt.time(19, 30)),
        ("19.30", dt.time(19, 30)),
        ("19h30", dt.time(19, 30)),
        ("1930", dt.time(19, 30)),
        (" 9:05 ", dt.time(9, 5)),
        ("12am", dt.time(0)),
        ("12pm", dt.time(12)),
        ("0", dt.time(0)),
        ("00:00", dt.time(0)),
        ("23:59", dt.time(23, 59)),
        ("noon", dt.time(12)),
        ("midnight", dt.time(0)),
    ],
)
def test_parse_at_forgiving_forms(typed: str, hour: dt.time) -> None:
    assert remind.parse_at(typed) == hour


@pytest.mark.parametrize(
    "typed", ["", "24", "25:00", "19:60", "19:5", "13pm", "0am", "7 p", "abc", "-1", "19:00:00"]
)
def test_parse_at_refuses_with_one_line(typed: str) -> None:
    with pytest.raises(UsageError) as raised:
        remind.parse_at(typed)
    assert raised.value.exit_code == ExitCode.USAGE
    assert "\n" not in raised.value.message
    assert "19:00, 19, 7pm or 19.30" in raised.value.message
    assert not raised.value.hint


def test_setting_text_reads_back_without_and_with_json() -> None:
    for hour in (dt.time(0), dt.time(7, 5), dt.time(23, 59)):
        assert remind.read_setting(remind.setting_text(hour)) == hour
    assert remind.setting_text(dt.time(19)) == '{"at": "19:00"}\n'
    assert remind.read_setting('{\n  "at" : "08:30"\n}') == dt.time(8, 30)  # hand-edited


@pytest.mark.parametrize(
    "text",
    [
        '{"at": "24:00"}',
        '{"at": "7pm"}',
        '{"at": 19}',
        "[]",
        "",
        "{",
        '{"at": "\uff11\uff19:\uff10\uff10"}',  # full-width digits
        "19:00",
    ],
)
def test_a_setting_msback_did_not_write_is_no_reminder(text: str) -> None:
    assert remind.read_setting(text) is None


def test_setup_has_a_guarded_line_for_each_shell() -> None:
    text = remind.setup_text(None)
    assert "[[ $- == *i* ]] && command -v msback >/dev/null && msback remind" in text
    assert "[[ -o interactive ]]" in text
    assert "status is-interactive; and" in text
    assert "$Host.Name -eq 'ConsoleHost'" in text
    for place in ("~/.bashrc", "~/.zshrc", "~/.config/fish/config.fish", "$PROFILE"):
        assert place in text
    assert "never edits" in text
    assert "msback remind --at 19:00" in text
    assert "set for 07:30" in remind.setup_text(dt.time(7, 30))
    assert text.isascii()


# --- files: the setting, the data folder, the diary read only -----------------------------


def test_constants_match_the_diary() -> None:
    assert reminder.DIARY_FILE == database.FILE_NAME
    assert reminder.APPLICATION_ID == database.APPLICATION_ID
    assert reminder.KNOWN_VERSION <= database.SCHEMA_VERSION


@pytest.mark.parametrize(
    "variables",
    [
        {"HOME": "/home/ann"},
        {"HOME": "/home/ann/"},
        {"HOME": "/home/ann", "XDG_DATA_HOME": "/data/ann"},
        {"HOME": "/home/ann", "XDG_DATA_HOME": "relative/data"},
        {"HOME": "/home/ann", "XDG_DATA_HOME": ""},
        {"HOME": "/home/ann", "MSBACK_HOME": "~/diary"},
        {"HOME": "/home/ann", "MSBACK_HOME": "/srv/d"},
    ],
)
def test_data_folder_is_where_paths_finds_it(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]
) -> None:
    for name in ("XDG_DATA_HOME", "MSBACK_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    quick = reminder.data_folder(os.environ)
    if quick is not None:  # None: Paths (platformdirs) is asked instead
        assert Path(quick) == Paths(os.environ).data


def test_the_setting_file_is_private_and_replaced_whole(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "home"
    reminder.save_hour(folder, dt.time(19))
    reminder.save_hour(folder, dt.time(20, 30))
    assert reminder.read_hour(folder) == dt.time(20, 30)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "remind.json").st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["remind.json"]
    assert reminder.remove_hour(folder) is True
    assert reminder.remove_hour(folder) is False
    assert reminder.read_hour(folder) is None


def test_a_fifo_or_folder_as_setting_never_blocks(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "remind.json")
    assert reminder.read_hour(tmp_path) is None
    other = tmp_path / "other"
    (other / "remind.json").mkdir(parents=True)
    assert reminder.read_hour(other) is None


def _diary(folder: Path, *entries: Entry) -> Path:
    with database.open_diary(folder) as diary:
        diary.add(list(entries))
    return database.diary_file(folder)


def _entry(when: str, offset: int = 0) -> Entry:
    return Entry(when, 4, offset=offset)


def test_last_entry_is_read_in_this_computers_zone(
    tmp_path: Path, in_zone: Callable[[str], None]
) -> None:
    # 23:30 in Tokyo (+09:00) is 14:30 UTC: on the 26th in London, the 26th in New York.
    _diary(tmp_path, _entry("2026-11-25 10:00"), _entry("2026-11-26 23:30", 540))
    assert reminder.last_entry(tmp_path) == at("2026-11-26 14:30")
    in_zone("America/New_York")
    assert reminder.last_entry(tmp_path) == at("2026-11-26 09:30")
    # Logged at 01:00 in Tokyo on the 27th: still the 26th here, so no reminder tonight.
    _diary(tmp_path, _entry("2026-11-27 01:00", 540))
    now = at("2026-11-26 20:15")
    assert reminder.answer(tmp_path, now, True) == ""


def test_reading_creates_nothing_and_never_waits(tmp_path: Path) -> None:
    reminder.save_hour(tmp_path, dt.time(19))
    _diary(tmp_path, _entry("2026-11-25 10:00"))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert reminder.answer(tmp_path, at(NOW), True) == remind.LINE
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal, no -shm
    # Another msback writing (its -wal and -shm there, an exclusive lock held): no wait.
    writer = sqlite3.connect(database.diary_file(tmp_path), isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("INSERT INTO entry_quarantine (at) VALUES ('x')")
        start = time.monotonic()
        assert reminder.answer(tmp_path, at(NOW), True) == remind.LINE
        assert time.monotonic() - start < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_no_diary_folder_is_made(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    assert reminder.answer(folder, at(NOW), True) == ""
    assert not folder.exists()


@pytest.mark.parametrize("kind", ["garbage", "foreign", "newer", "fifo", "symlink", "no-table"])
def test_anything_but_a_diary_says_nothing(tmp_path: Path, kind: str) -> None:
    reminder.save_hour(tmp_path, dt.time(0))
    path = tmp_path / database.FILE_NAME
    if kind == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        _diary(tmp_path / "real", _entry("2026-11-25 10:00"))
        path.symlink_to(tmp_path / "real" / database.FILE_NAME)
    else:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE entry (at TEXT, utc_offset INTEGER)")
        if kind == "newer":
            db.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
        elif kind == "no-table":
            db.execute("DROP TABLE entry")
            db.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
            db.execute("PRAGMA user_version = 5")
        else:
            db.execute("PRAGMA application_id = 1234")
        db.commit()
        db.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert reminder.answer(tmp_path, at(NOW), True) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --- the Typer command --------------------------------------------------------------------


def invoke(home: Path, args: list[str], tty: bool = True, now: str = NOW):  # type: ignore[no-untyped-def]
    env = Environment(stdout_tty=tty, variables={"MSBACK_HOME": str(home)}, now=now)
    return CliRunner().invoke(app, ["remind", *args], obj=env)


def test_at_off_and_setup(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = invoke(home, ["--at", "7 pm"], tty=False)
    assert done.exit_code == 0
    assert done.stdout == (
        "Reminder set for 19:00: from then, msback remind says so if nothing is logged that"
        " day. To see it when you open a terminal: msback remind --setup\n"
    )
    assert reminder.read_hour(home) == dt.time(19)
    setup = invoke(home, ["--setup"])
    assert setup.exit_code == 0
    assert "Your reminder is set for 19:00." in setup.stdout
    assert invoke(home, ["--off"]).stdout == "Reminder off.\n"
    assert not (home / "remind.json").exists()
    assert invoke(home, ["--off"]).stdout == "There was no reminder set; nothing changed.\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--at", "25:00"], "msback: '25:00' is not a time of day msback understands"),
        (["--at", "7", "--off"], "msback: --at and --off cannot be used together."),
        (["--off", "--setup"], "msback: --off and --setup cannot be used together."),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], error: str) -> None:
    done = invoke(tmp_path / "home", args)
    assert done.exit_code == ExitCode.USAGE
    assert done.stderr.startswith(error)
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "home").exists()


def test_a_folder_that_is_not_private_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "home").symlink_to(tmp_path / "real")
    done = invoke(tmp_path / "home", ["--at", "19"])
    assert done.exit_code == ExitCode.ERROR
    assert "so msback keeps no reminder there." in done.stderr
    assert not (tmp_path / "real" / "remind.json").exists()


@pytest.mark.parametrize(
    ("hour", "entries", "tty", "expected"),
    [
        (None, ["2026-11-25 10:00"], True, ""),  # no reminder set
        ("21:00", ["2026-11-25 10:00"], True, ""),  # the hour has not come
        ("19:00", ["2026-11-26 08:00"], True, ""),  # logged today
        ("19:00", ["2026-11-25 10:00"], True, LINE),  # nothing today, on a screen
        ("19:00", [], True, LINE),  # an empty diary
        ("19:00", ["2026-11-25 10:00"], False, ""),  # not a terminal
    ],
)
def test_bare_remind(
    tmp_path: Path, hour: str | None, entries: list[str], tty: bool, expected: str
) -> None:
    home = tmp_path / "home"
    _diary(home, *map(_entry, entries))
    if hour:
        invoke(home, ["--at", hour])
    done = invoke(home, [], tty=tty)
    assert (done.exit_code, done.stdout, done.stderr) == (0, expected, "")


def test_forget_turns_the_reminder_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _diary(home, _entry("2026-11-25 10:00"))
    invoke(home, ["--at", "19"])
    env = Environment(stdout_tty=False, stdin_tty=False, variables={"MSBACK_HOME": str(home)})
    done = CliRunner().invoke(app, ["forget"], input="forget\n", obj=env)
    assert done.exit_code == 0
    assert "Your reminder (msback remind) was turned off too." in done.stderr
    assert sorted(p.name for p in home.iterdir()) == []


# --- the console script's quick path against the Typer command ---------------------------

TYPER = "import sys; from msback.cli import run; sys.exit(run(['remind']))"


def run_in(args: list[str], env: dict[str, str], tty: bool) -> tuple[int, bytes, bytes]:
    """Run a command with stdout on a pseudo-terminal (or a pipe); exit code, stdout, stderr."""
    if not tty:
        done = subprocess.run(args, env=env, capture_output=True, timeout=30, check=False)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            args, env=env, stdout=follower, stderr=subprocess.PIPE, timeout=30, check=False
        )
    finally:
        os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: all is read
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return done.returncode, out.replace(b"\r\n", b"\n"), done.stderr


def _real_now() -> dt.datetime:
    now = dt.datetime.now()
    if now.hour == 23 and now.minute >= 58:  # the cases need "today" to last the test
        time.sleep((60 - now.second) + 60 * (59 - now.minute) + 1)
        now = dt.datetime.now()
    return now


CASES = [
    "no settings",
    "hour not passed",
    "entry today",
    "nothing today + tty",
    "empty diary + tty",
    "not a tty",
    "damaged diary",
    "foreign file",
    "missing folder",
]


@pytest.mark.terminal
@pytest.mark.parametrize("case", CASES)
def test_the_quick_path_answers_as_the_typer_command(tmp_path: Path, case: str) -> None:
    now = _real_now()
    home = tmp_path / "home"
    hour = dt.time(0)
    if case == "hour not passed":
        hour = dt.time(23, 59)
    when = now_when(now if case == "entry today" else now - dt.timedelta(days=1))
    if case not in ("missing folder", "damaged diary", "foreign file", "empty diary + tty"):
        _diary(home, Entry(when.at, 5, offset=when.offset))
    elif case == "empty diary + tty":
        _diary(home)
    elif case == "damaged diary":
        home.mkdir()
        (home / database.FILE_NAME).write_bytes(b"not a database at all" * 100)
    elif case == "foreign file":
        home.mkdir()
        db = sqlite3.connect(home / database.FILE_NAME)
        db.execute("CREATE TABLE entry (at TEXT, utc_offset INTEGER)")
        db.commit()
        db.close()
    if case not in ("no settings", "missing folder"):
        reminder.save_hour(home, hour)
    tty = case != "not a tty"
    env = {**os.environ, "MSBACK_HOME": str(home)}
    before = sorted(p.name for p in home.iterdir()) if home.exists() else None
    quick = run_in([MSBACK, "remind"], env, tty)
    typer = run_in([sys.executable, "-c", TYPER], env, tty)
    assert quick == typer
    expected = LINE if case in ("nothing today + tty", "empty diary + tty") else ""
    assert quick == (0, expected.encode(), b"")
    after = sorted(p.name for p in home.iterdir()) if home.exists() else None
    assert after == before  # nothing made: no folder, no diary, no -wal or -shm


@pytest.mark.terminal
def test_the_quick_path_loads_no_typer_rich_or_msgspec(tmp_path: Path) -> None:
    home = tmp_path / "home"
    yesterday = now_when(_real_now() - dt.timedelta(days=1))
    _diary(home, Entry(yesterday.at, 5, offset=yesterday.offset))
    reminder.save_hour(home, dt.time(0))
    env = {**os.environ, "MSBACK_HOME": str(home)}
    code, out, err = run_in([sys.executable, "-X", "importtime", MSBACK, "remind"], env, True)
    assert (code, out) == (0, LINE.encode())
    loaded = {line.rsplit("|", 1)[-1].strip() for line in err.decode().splitlines()}
    assert "msback.diary.reminder" in loaded
    for heavy in ("typer", "click", "rich", "msgspec", "platformdirs", "json", "pathlib", "typing"):
        assert heavy not in loaded, heavy


def test_other_arguments_go_to_typer(tmp_path: Path) -> None:
    env = {**os.environ, "MSBACK_HOME": str(tmp_path / "home")}
    code, out, _ = run_in([MSBACK, "remind", "--at", "19"], env, False)
    assert code == 0
    assert out.startswith(b"Reminder set for 19:00")
    code, _, err = run_in([MSBACK, "remind", "--nonsense"], env, False)
    assert code == ExitCode.USAGE
    assert b"--nonsense" in err
