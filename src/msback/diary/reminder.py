"""``msback remind``'s files: the hour in ``remind.json`` in the data folder, and a
read-only look at the diary's last entry. What to say is decided in ``remind.py`` (pure).

A bare ``msback remind`` runs from a shell's start-up file, so it never blocks and never
creates anything: no folder, no diary, no -wal or -shm file, no lock wait. A missing,
damaged or foreign diary, or any doubt at all, says nothing (exit 0, never a traceback).

``quick`` answers it without Typer, Rich or msgspec (``msback.__main__`` calls it when the
arguments are exactly ``remind``): only ``os``, ``sys``, ``datetime`` and ``sqlite3`` are
imported, and the data folder is found without platformdirs where that is simple (Linux,
macOS). Everything else about the command is in ``cli/remind.py``; the two answer alike
(``tests/test_remind.py`` runs both).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys

from msback.diary import remind

TYPE_CHECKING = False  # typing itself costs a bare remind start-up time
if TYPE_CHECKING:
    from collections.abc import Mapping

#: The diary's file name and mark (as ``database.FILE_NAME`` and ``APPLICATION_ID``; a test
#: checks): ``database`` itself costs more to import than a bare remind may take.
DIARY_FILE = "diary.sqlite3"
APPLICATION_ID = 0x6D73626B
#: The newest diary schema read without importing ``database``. A newer diary (after a
#: migration was added) is compared with ``database.SCHEMA_VERSION`` instead: still right,
#: only slower, until this number is raised.
KNOWN_VERSION = 6


class _NoAnswer(Exception):
    """Something is not as expected: say nothing."""


def setting_file(folder: str | os.PathLike[str]) -> str:
    """The reminder's setting file in the data folder."""
    return os.path.join(folder, remind.FILE_NAME)


def read_hour(folder: str | os.PathLike[str]) -> dt.time | None:
    """The reminder hour kept in ``folder``, or None: no file, or one msback cannot read (a
    FIFO, a folder, too big, not its format) is simply no reminder. Never blocks."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(setting_file(folder), flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > remind.MAX_SETTING_BYTES:
            return None
        data = os.read(fd, remind.MAX_SETTING_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return remind.read_setting(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def save_hour(folder: os.PathLike[str], at: dt.time) -> None:
    """Keep the reminder hour: the folder made private if needed, the file written whole
    (0600) or not at all. ``OSError`` or ``safefiles.NotPrivate`` when it cannot be."""
    from pathlib import Path

    from msback import safefiles

    safefiles.private_folder(Path(folder))
    safefiles.write_atomic(Path(setting_file(folder)), remind.setting_text(at).encode("utf-8"))


def remove_hour(folder: str | os.PathLike[str]) -> bool:
    """Turn the reminder off; False if none was set. ``OSError`` if it cannot be removed."""
    try:
        os.unlink(setting_file(folder))
    except FileNotFoundError:
        return False
    return True


def answer(folder: str | os.PathLike[str], now: dt.datetime, on_screen: bool) -> str:
    """The line a bare ``msback remind`` prints (``remind.LINE``), or "" for nothing.

    ``now`` is the local time, ``on_screen`` whether stdout is a terminal. The diary is read
    only when the hour has come (and the person is looking); any error is nothing."""
    try:
        at = read_hour(folder) if on_screen else None
        if not remind.should_remind(at, now, None, on_screen):  # an entry can only say no
            return ""
        last = last_entry(folder)
        return remind.LINE if remind.should_remind(at, now, last, on_screen) else ""
    except Exception:  # from a shell's start-up file: never a traceback, never a word
        return ""


def last_entry(folder: str | os.PathLike[str]) -> dt.datetime | None:
    """When the diary's last entry was logged, in this computer's local time now (naive);
    None if the diary is empty. ``_NoAnswer`` (or any error) when there is no msback diary
    to read: missing, not a regular file, damaged, another program's, or from a newer msback.

    Read only: ``mode=ro`` when another msback has the diary open (its -wal and -shm files
    are there), else ``immutable=1``, which needs no lock and makes no file; never a wait."""
    import sqlite3

    path = os.path.join(folder, DIARY_FILE)
    if not stat.S_ISREG(os.lstat(path).st_mode):  # missing: FileNotFoundError
        raise _NoAnswer(path)
    wal, shm = os.path.lexists(path + "-wal"), os.path.lexists(path + "-shm")
    if wal != shm:  # mode=ro would make the one missing
        raise _NoAnswer(path)
    query = "mode=ro" if wal else "mode=ro&immutable=1"
    db = sqlite3.connect(f"{_uri(path)}?{query}", uri=True, timeout=0, isolation_level=None)
    try:
        app_id, version = db.execute(
            "SELECT a.application_id, v.user_version"
            " FROM pragma_application_id() AS a, pragma_user_version() AS v"
        ).fetchone()
        if app_id != APPLICATION_ID or not 1 <= version <= _newest(version):
            raise _NoAnswer(path)
        if version >= 4:  # the moment in UTC, as the diary sorts entries (its index)
            instant = "datetime(at, -utc_offset || ' minutes')"
            row = db.execute(f"SELECT {instant} FROM entry ORDER BY {instant} DESC LIMIT 1")
            found = row.fetchone()
            if found is None:
                return None
            moment = dt.datetime.fromisoformat(found[0]).replace(tzinfo=dt.UTC)
            return moment.astimezone().replace(tzinfo=None)
        # An older diary, not yet brought up to date: times in this computer's zone.
        found = db.execute("SELECT at FROM entry ORDER BY at DESC LIMIT 1").fetchone()
        return None if found is None else dt.datetime.fromisoformat(found[0])
    finally:
        db.close()


def _newest(version: int) -> int:
    """The newest schema this msback reads: ``database`` is imported only past the known."""
    if version <= KNOWN_VERSION:
        return KNOWN_VERSION
    from msback.diary.database import SCHEMA_VERSION

    return SCHEMA_VERSION


def _uri(path: str) -> str:
    """A ``file:`` URI for SQLite, without importing pathlib or urllib."""
    text = os.path.abspath(path)
    if os.sep == "\\":
        text = "/" + text.replace("\\", "/")
    for char, code in (("%", "%25"), ("?", "%3f"), ("#", "%23")):
        text = text.replace(char, code)
    return "file:" + text


def data_folder(variables: Mapping[str, str]) -> str | None:
    """The data folder as ``paths.Paths.data`` finds it, without platformdirs, where that is
    simple: ``$MSBACK_HOME``; on Linux ``$XDG_DATA_HOME/msback`` or
    ``~/.local/share/msback``; on macOS without ``$XDG_DATA_HOME``,
    ``~/Library/Application Support/msback``. None elsewhere (Windows, Android, a relative
    home): then ``Paths`` finds it. A test compares the two."""
    home = variables.get("MSBACK_HOME")
    if home:
        return os.path.expanduser(home)
    user = variables.get("HOME", "")
    if not user.startswith("/") or variables.get("ANDROID_DATA") or variables.get("ANDROID_ROOT"):
        return None
    if sys.platform == "linux":
        xdg = variables.get("XDG_DATA_HOME", "")
        base = xdg if xdg.startswith("/") else os.path.join(user, ".local", "share")
        return os.path.join(base, "msback")
    if sys.platform == "darwin" and not variables.get("XDG_DATA_HOME"):  # newer platformdirs
        return os.path.join(user, "Library", "Application Support", "msback")  # read XDG there
    return None


def quick() -> int:
    """A bare ``msback remind``, answered without Typer: the line or nothing, exit 0."""
    try:
        out = sys.stdout
        on_screen = out is not None and out.isatty()
        line = ""
        if on_screen:
            folder = data_folder(os.environ)
            if folder is None:
                from msback.paths import Paths

                folder = str(Paths(os.environ).data)
            now = dt.datetime.now().replace(second=0, microsecond=0)
            line = answer(folder, now, on_screen)
        if line:
            out.write(line + "\n")
            out.flush()
    except Exception:
        silence_stdout()
    return 0


def silence_stdout() -> None:
    """Point stdout at the null device, so Python's last flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except (AttributeError, OSError, ValueError):
        pass
