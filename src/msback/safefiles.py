"""Files on the ground floor: bounded reads, atomic writes, private folders and files.

Every file msback reads from the person (topics, answers, a CSV to import) goes through
``read_small_text``: it opens regular files only, without blocking, so a FIFO, a device or a
folder is refused at once and nothing can hang or fill memory. Every file msback writes is
written whole or not at all (``write_atomic``, ``save_text``), and never over a file the
person did not ask to replace. The diary's and the cache's folders are private
(``private_folder``): 0700, the user's own, not a symlink. No medical logic here.

``tempfile`` is imported only when a file is written: most runs only read.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

#: A topic file or an answers file is small; anything bigger is refused before parsing.
MAX_FILE_BYTES = 1_000_000
TEMP_PREFIX = ".tmp-"
#: The temporary file of a save (a summary, a report), beside the file it becomes.
SAVE_PREFIX = ".msback-"
#: A temporary file this old was left by a run that was killed: never one being written.
STALE_SECONDS = 600


class NotReadable(Exception):
    """A file that is not a regular file, too big, unreadable or not UTF-8; says why."""


class NotPrivate(Exception):
    """A folder or file that is not the user's own private one (a symlink, a file where a
    folder should be, someone else's, or not a regular file); says why."""


def read_small_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A small regular file's text. A FIFO, a device or a folder is refused at once (it is
    opened without blocking and checked before reading), so nothing can hang or fill memory.
    ``FileNotFoundError`` passes through; everything else is ``NotReadable``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise NotReadable(reason(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable("not a regular file")
        if st.st_size > limit:
            raise NotReadable(f"too big ({st.st_size:,} bytes; the limit is {limit:,})")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise NotReadable(reason(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise NotReadable(f"too big (over {limit:,} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotReadable("not UTF-8 text") from None


def reason(exc: OSError) -> str:
    """An OS error in a few lowercase words: "permission denied"."""
    return (exc.strerror or str(exc)).lower()


def owned(st: os.stat_result) -> bool:
    """Whether a file or folder belongs to the user running msback."""
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def private_folder(folder: Path) -> None:
    """Make ``folder`` (0700) if needed and make sure it is the user's own real folder.

    ``OSError`` if it cannot be made; ``NotPrivate`` if it is a symlink, a file or someone
    else's. A folder others could read is made private again.
    """
    os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode) or not owned(st):
        raise NotPrivate(f"{folder} is not your own folder")
    if os.name == "posix" and st.st_mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)


def private_file(path: Path) -> None:
    """Make ``path`` (0600, empty) if it is missing; make sure it is a regular file that
    others cannot read. ``OSError`` if it cannot be made; ``NotPrivate`` if it is not a
    regular file (it is left as it was)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):  # another msback made it just now
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    if not stat.S_ISREG(st.st_mode):
        raise NotPrivate(f"{path} is not a regular file")
    if os.name == "posix" and st.st_mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (a temporary file in the same folder, then
    a rename): a reader sees the old file or the new one, never half of one. 0600."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_text(path: Path, text: str, overwrite: bool) -> None:
    """Write a file the person named, in one step. An existing file is never replaced unless
    ``overwrite`` (``FileExistsError``), and never one that is not a regular file: a
    folder is ``IsADirectoryError``, a device or FIFO ``NotPrivate`` (``/dev/null`` must
    not become a file)."""
    import tempfile

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    if mode is not None and not stat.S_ISREG(mode):
        raise NotPrivate(f"{path} is not a regular file")
    folder = path.parent if str(path.parent) else Path(".")
    clean_stale(folder, SAVE_PREFIX, ".tmp")  # a killed save left one: it may hold notes
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=SAVE_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file exists: never overwrites by accident
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(path) from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def clean_stale(folder: Path, prefix: str, suffix: str, older_than: float = STALE_SECONDS) -> None:
    """Remove temporary files of msback's own (by name, the user's own, regular) that a
    killed run left in ``folder``; never one another run may still be writing."""
    import time

    limit = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
                continue
            with contextlib.suppress(OSError):
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and owned(st) and st.st_mtime < limit:
                    os.unlink(entry.path)
