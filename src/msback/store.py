"""Fast, read-only access to content through a JSON cache of the validated library.

Validating YAML needs PyYAML and pydantic, which cost more start-up time than all of
``show`` is allowed. So the first run validates the whole content directory once and writes
a small index plus one JSON file per topic to the user cache. Later runs check the files'
stamps (name, size, mtime) against the index and read only what they need: ``show`` reads
the index and one topic. Any edit to the content changes a stamp and triggers a full
re-validation, so broken content is always reported, never served from a stale cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from msback import __version__
from msback.content import GUIDE_FILE, TOPICS
from msback.errors import ContentError, NotFoundError
from msback.models import Guide, Index, IndexEntry, Library, Topic

ENV_CACHE_DIR = "MSBACK_CACHE_DIR"
CACHE_FORMAT = 1
Stamp = list[Any]


def default_cache_root() -> Path | None:
    """``$MSBACK_CACHE_DIR`` (empty turns the cache off), else the platform's user cache folder.

    A few lines instead of platformdirs: that library costs more start-up time than ``show``
    may spend in all, and msback needs only this one folder.
    """
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured is not None:
        return Path(configured).expanduser() if configured else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "msback" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "msback"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "msback"


def stamps(content_dir: Path) -> list[Stamp]:
    """Name, size and modification time of every content file: the cache's validity key."""
    found: list[Stamp] = []
    with os.scandir(content_dir / TOPICS) as entries:
        for entry in entries:
            if entry.name.endswith(".yaml"):
                st = entry.stat()
                found.append([entry.name, st.st_size, st.st_mtime_ns])
    with contextlib.suppress(OSError):
        st = (content_dir / GUIDE_FILE).stat()
        found.append([f"../{GUIDE_FILE}", st.st_size, st.st_mtime_ns])
    found.sort()
    return found


def _write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: a temporary file in the same folder, then a rename."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


class Store:
    """The content of one directory, served from the cache when it is fresh."""

    def __init__(self, content_dir: Path, cache_root: Path | None) -> None:
        self.content_dir = content_dir
        self._library: Library | None = None
        self._index: Index | None = None
        self._stamps: list[Stamp] | None = None
        self._cache: Path | None = None
        if cache_root is not None:
            # One cache folder per content folder: a readable name plus a checksum of the path.
            raw = str(content_dir).encode("utf-8", "surrogateescape")
            name = "".join(c if c.isalnum() else "-" for c in content_dir.name)[:40]
            self._cache = cache_root / f"{name}-{zlib.crc32(raw):08x}-{zlib.adler32(raw):08x}"

    # -- public -------------------------------------------------------------------------

    def index(self) -> Index:
        """Every topic's id, kind, title, summary and aliases."""
        if self._index is None:
            self._index = self._cached_index() or self.library().make_index()
        return self._index

    def topic(self, topic_id: str) -> Topic:
        """One topic by its exact id."""
        if self._library is None and self._cache is not None and topic_id in self.index().entries:
            data = _read_json(self._cache / TOPICS / f"{topic_id}.json")
            if isinstance(data, dict):
                try:
                    return Topic.from_dict(data)
                except (KeyError, TypeError):
                    pass  # a damaged cache file: fall back to the validated library
        try:
            return self.library().topics[topic_id]
        except KeyError:
            raise NotFoundError(f"no topic '{topic_id}'") from None

    def guide(self) -> Guide:
        """The questionnaire behind ``msback guide``."""
        self.index()  # checks the cache's stamps, or validates everything afresh
        if self._library is None and self._cache is not None and self._stamps is not None:
            data = _read_json(self._cache / "guide.json")
            if isinstance(data, dict) and data.get("stamps") == self._stamps:
                try:
                    return Guide.from_dict(data["guide"])
                except (KeyError, TypeError, ValueError):
                    pass  # a damaged cache file: fall back to the validated library
        guide = self.library().guide
        if guide is None:
            raise ContentError(f"this content has no {GUIDE_FILE}, so the guide cannot run")
        return guide

    def topics(self) -> list[Topic]:
        """Every topic, in id order."""
        return [self.topic(topic_id) for topic_id in sorted(self.index().entries)]

    def library(self) -> Library:
        """The fully validated library (reads and checks every file; refreshes the cache)."""
        if self._library is None:
            from msback.rules import load_library

            before = stamps(self.content_dir)
            self._library = load_library(self.content_dir)
            self._index = self._library.make_index()
            with contextlib.suppress(OSError):
                self._write_cache(before, self._library)
        return self._library

    # -- cache --------------------------------------------------------------------------

    def _cached_index(self) -> Index | None:
        if self._cache is None:
            return None
        data = _read_json(self._cache / "index.json")
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return None
        current = stamps(self.content_dir)
        if data.get("version") != __version__ or data.get("stamps") != current:
            return None
        self._stamps = current
        try:
            entries = {
                e[0]: IndexEntry(e[0], e[1], e[2], e[3], tuple(e[4])) for e in data["topics"]
            }
        except (KeyError, IndexError, TypeError):
            return None
        aliases = {alias: e.id for e in entries.values() for alias in e.aliases}
        return Index(entries, aliases)

    def _write_cache(self, before: list[Stamp], library: Library) -> None:
        if self._cache is None:
            return
        (self._cache / TOPICS).mkdir(parents=True, exist_ok=True)
        for topic in library.topics.values():
            _write_json(self._cache / TOPICS / f"{topic.id}.json", topic.to_dict())
        if library.guide is not None:
            _write_json(
                self._cache / "guide.json", {"stamps": before, "guide": library.guide.to_dict()}
            )
        rows = [
            [t.id, t.kind, t.title, t.summary, list(t.aliases)] for t in library.topics.values()
        ]
        index = {"format": CACHE_FORMAT, "version": __version__, "stamps": before, "topics": rows}
        _write_json(self._cache / "index.json", index)  # last: it makes the rest valid
