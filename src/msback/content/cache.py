"""Where the private cache of a content folder lives, and how it is kept private and fresh.

The file itself has the layout of ``compiled.py``; this module finds, reads and writes it
for ``show``, ``list`` and ``search``.

Only YAML folders use it (``--content-dir``, or ``content/`` in a checkout); the built-in
content is compiled into the package, and the guide never reads a cache. Any doubt means
"ignore it and rebuild from the YAML":

- Freshness: every content file's name, size, mtime, ctime and inode, as git's index keeps
  them (``touch -r`` can put an mtime back, not a ctime). Any difference rebuilds.
- Privacy: the folder is created 0700 and must be the user's own and not a symlink; the file
  is opened without following links and must be the user's own, not writable by others.
- Integrity: one file per content folder, named by the SHA-256 of its resolved path, written
  to a temporary file and renamed into place; decoded with full type checks, each part with
  a CRC (``compiled.py``). Stray temporary files from a crash are removed.

``mmap`` is imported only when a cache file is opened.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from msback import safefiles

#: A content file's stamp: (name, size, mtime, ctime, inode).
Stamp = tuple[str, int, int, int, int]

STALE_TEMP_SECONDS = 600


def stamps(content_dir: Path, names: Iterable[str]) -> tuple[Stamp, ...]:
    """(name, size, mtime, ctime, inode) of each file named relative to ``content_dir``.

    What git's index keeps: ``touch -r`` can put an mtime back, but not a ctime. Raises
    OSError if a file cannot be stat'ed.
    """
    if os.stat not in os.supports_dir_fd:
        return tuple(_stamp(name, os.stat(content_dir / name)) for name in names)
    fd = os.open(content_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:  # 10,000 files take about 50 ms here, nearly all of it in the stat calls
        return tuple(_stamp(name, os.stat(name, dir_fd=fd)) for name in names)
    finally:
        os.close(fd)


def _stamp(name: str, st: os.stat_result) -> Stamp:
    return (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def sha256_hex(data: bytes) -> str:
    """SHA-256 from the C module alone: hashlib's OpenSSL start-up costs more than all the
    rest of a cache read."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12+
        except ImportError:
            from hashlib import sha256
    digest: str = sha256(data).hexdigest()
    return digest


def file_for(root: Path, content_dir: Path) -> Path:
    """The cache file of one content folder: collision-free, named by a hash of its path."""
    return root / f"{sha256_hex(os.fsencode(content_dir.resolve()))}.cache"


def private_folder(root: Path) -> bool:
    """Make ``root`` (0700) if needed; True only if it is the user's own real folder."""
    try:
        safefiles.private_folder(root)
    except (OSError, safefiles.NotPrivate):
        return False  # a symlink, a file, or someone else's folder: never use it
    return True


def write(path: Path, data: bytes) -> None:
    """Write the cache file atomically (0600), and remove stray temporary files."""
    safefiles.write_atomic(path, data)
    clean_stray_temps(path.parent)


def clean_stray_temps(root: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove temporary files a killed run left behind (not ones another run is writing)."""
    limit = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for entry in entries:
            if entry.name.startswith(safefiles.TEMP_PREFIX) and entry.is_file(
                follow_symlinks=False
            ):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(entry.path)


def open_mapped(path: Path) -> memoryview | None:
    """The cache file mapped into memory (only the pages read are loaded), or None if it is
    missing, not the user's own, writable by others, or a symlink."""
    import mmap

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not safefiles.owned(st) or not st.st_size:
            return None
        if os.name == "posix" and st.st_mode & 0o022:
            return None
        return memoryview(mmap.mmap(fd, 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
