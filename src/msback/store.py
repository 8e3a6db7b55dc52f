"""Where the content comes from at run time, so what msback says follows the content as it is.

- The built-in content of an installed msback: ``msback/content.json``, compiled and
  validated when the wheel was built (``hatch_build.py``) and trusted like the code. It is
  read with a typed decode: no YAML, no validation cost.
- A YAML folder: ``--content-dir``/``$MSBACK_CONTENT_DIR``, or ``content/`` in a source
  checkout (an editable install). The guide validates it afresh at every run and never
  reads a cache. ``show``, ``list`` and ``search`` may use the private cache in
  ``cache.py``; whenever it is missing, stale, not private or damaged, they validate the
  YAML instead and write a new one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from msback import __version__, compiled
from msback.cache import Packed, Stamp
from msback.errors import ContentError, NotFoundError
from msback.models import Guide, Index, Library, Model, Topic

if TYPE_CHECKING:
    from msback.lookup import SearchRow

T = TypeVar("T")


def open_store(explicit: str | None, cache_root: Path | None) -> Store:
    """The store for this run: a chosen folder, else the built-in content, else the checkout."""
    import os

    from msback.content import ENV_CONTENT_DIR, locate_content_dir

    if explicit or os.environ.get(ENV_CONTENT_DIR):
        return FolderStore(locate_content_dir(explicit), cache_root)
    if compiled.PACKAGED.is_file():
        return PackagedStore(compiled.PACKAGED)
    return FolderStore(locate_content_dir(None), cache_root)


class Store:
    """The content of one source: an index, topics, and the guide with its topics."""

    def index(self) -> Index:
        """Every topic's id, kind, title, summary and aliases."""
        raise NotImplementedError

    def topic(self, topic_id: str) -> Topic:
        """One topic by its exact id."""
        raise NotImplementedError

    def names(self) -> dict[str, str]:
        """Every id, alias and synonym phrase, to the id of its topic."""
        from msback.lookup import names_of

        return names_of(self.index())

    def titles(self, topic_ids: Iterable[str]) -> dict[str, str]:
        """The titles of these topics (those that exist)."""
        found: dict[str, str] = {}
        for topic_id in topic_ids:
            with contextlib.suppress(NotFoundError):
                found[topic_id] = self.topic(topic_id).title
        return found

    def topics(self) -> list[Topic]:
        """Every topic, in id order."""
        return [self.topic(topic_id) for topic_id in sorted(self.index().entries)]

    def search_rows(self) -> list[SearchRow]:
        """Every topic as search reads it, in id order."""
        from msback.lookup import search_row

        return [search_row(topic) for topic in self.topics()]

    def for_guide(self) -> tuple[Guide, dict[str, Topic]]:
        """The guide and every topic, validated: never from a cache."""
        raise NotImplementedError


class PackagedStore(Store):
    """The built-in content, compiled into the installed package."""

    def __init__(self, path: Path) -> None:
        try:
            self._compiled = compiled.decode(path.read_bytes())
        except (OSError, compiled.Damaged) as exc:
            raise ContentError(
                f"msback's built-in content cannot be read ({_why(exc)}); reinstall msback"
            ) from None
        self._index: Index | None = None

    def index(self) -> Index:
        if self._index is None:
            self._index = self._checked(lambda: compiled.index(self._compiled))
        return self._index

    def topic(self, topic_id: str) -> Topic:
        found = self._checked(lambda: compiled.topic(self._compiled, topic_id))
        if found is None:
            raise NotFoundError(f"no topic '{topic_id}'")
        return found

    def for_guide(self) -> tuple[Guide, dict[str, Topic]]:
        library = self._checked(lambda: compiled.library(self._compiled))
        if library.guide is None:
            raise ContentError("msback's built-in content has no guide; reinstall msback")
        return library.guide, library.topics

    @staticmethod
    def _checked(read: Callable[[], T]) -> T:
        try:
            return read()
        except compiled.Damaged as exc:
            raise ContentError(
                f"msback's built-in content is damaged ({_why(exc)}); reinstall msback"
            ) from None


class FolderStore(Store):
    """A folder of YAML topics and a guide, validated, with a private cache for lookups."""

    def __init__(self, content_dir: Path, cache_root: Path | None) -> None:
        self.content_dir = content_dir
        self.cache_root = cache_root
        self._checked: Library | None = None  # every file validated now: the guide's
        self._lookups: Library | None = None  # may reuse topics of files that did not change
        self._cached: Packed | None = None

    def index(self) -> Index:
        return self._from_cache("index", Index) or self.lookup_library().make_index()

    def names(self) -> dict[str, str]:
        found = self._from_cache("names", dict[str, str])
        return found if found is not None else super().names()

    def search_rows(self) -> list[SearchRow]:
        from msback.lookup import SearchRow

        found = self._from_cache("search", list[SearchRow])
        return found if found is not None else super().search_rows()

    def topic(self, topic_id: str) -> Topic:
        found = self._from_cache(f"topic:{topic_id}", Topic)
        if found is not None:
            return found
        try:
            return self.lookup_library().topics[topic_id]
        except KeyError:
            raise NotFoundError(f"no topic '{topic_id}'") from None

    def _from_cache(self, part: str, kind: type[T]) -> T | None:
        """A part of a fresh, intact cache; None if there is none (then validate)."""
        if self._lookups is not None:
            return None
        packed = self._fresh_cache()
        if packed is None or not packed.has(part):
            return None
        from msback import cache

        try:
            return _decode(packed.part(part), kind)
        except cache.Damaged:
            self._cached = None
            return None

    def for_guide(self) -> tuple[Guide, dict[str, Topic]]:
        library = self.library()
        if library.guide is None:
            raise ContentError("this content has no guide.yaml, so the guide cannot run")
        return library.guide, library.topics

    def library(self) -> Library:
        """Every file parsed and validated now, nothing from a cache: what the guide uses."""
        if self._checked is None:
            self._checked = self._load(reuse=False)
        return self._checked

    def lookup_library(self) -> Library:
        """Validated for lookups: topics of files whose stamp is unchanged since the cache
        was written are reused (they passed every rule of their own file then); the rest are
        parsed and checked, and the rules across files run over all of them."""
        if self._lookups is None:
            self._lookups = self._checked or self._load(reuse=True)
        return self._lookups

    def _load(self, reuse: bool) -> Library:
        from msback.rules import load_library

        before = self._stamps()
        known = self._reusable(before) if reuse and before is not None else None
        library = load_library(self.content_dir, known)
        if before is not None:
            self._write_cache(before, library)
        return library

    # -- cache --------------------------------------------------------------------------

    def _names(self) -> list[str]:
        from msback.content import GUIDE_FILE, TOPICS, topic_names

        guide = [GUIDE_FILE] if (self.content_dir / GUIDE_FILE).exists() else []
        return [f"{TOPICS}/{name}" for name in topic_names(self.content_dir)] + guide

    def _stamps(self) -> tuple[Stamp, ...] | None:
        from msback import cache

        try:
            return cache.stamps(self.content_dir, self._names())
        except (OSError, ContentError):
            return None  # validation will say what is wrong

    def _cache_file(self) -> Path | None:
        from msback import cache

        if self.cache_root is None or not cache.private_folder(self.cache_root):
            return None
        return cache.file_for(self.cache_root, self.content_dir)

    def _read_cache(self) -> Packed | None:
        """This folder's cache if it is private, intact and of this version; maybe stale."""
        from msback import cache

        path = self._cache_file()
        mapped = cache.open_mapped(path) if path is not None else None
        if mapped is None:
            return None
        try:
            packed = Packed(mapped, CacheHead)
        except cache.Damaged:
            return None
        head: CacheHead = packed.head  # type: ignore[assignment]
        if (head.format, head.version) != (cache.FORMAT, __version__):
            return None
        if head.source != str(self.content_dir.resolve()):
            return None
        return packed

    def _fresh_cache(self) -> Packed | None:
        if self._cached is None:
            from msback import cache

            packed = self._read_cache()
            now = self._stamps()
            if packed is None or now is None:
                return None
            head: CacheHead = packed.head  # type: ignore[assignment]
            if head.stamps_digest != cache.sha256_hex(_encode(now)):
                return None
            self._cached = packed
        return self._cached

    def _reusable(self, now: tuple[Stamp, ...]) -> dict[str, Topic]:
        from msback import cache
        from msback.content import TOPICS

        packed = self._read_cache()
        if packed is None:
            return {}
        try:
            before = set(_decode(packed.part("stamps"), tuple[Stamp, ...]))
        except cache.Damaged:
            return {}
        reuse: dict[str, Topic] = {}
        for stamp in now:
            folder, _, name = stamp[0].partition("/")
            if folder != TOPICS or stamp not in before:
                continue
            with contextlib.suppress(cache.Damaged):
                topic = _decode(packed.part(f"topic:{name.removesuffix('.yaml')}"), Topic)
                # The safety topic's warning signs come from the guide: always re-read it.
                if not any(s.flags for s in topic.sections):
                    reuse[name] = topic
        return reuse

    def _write_cache(self, before: tuple[Stamp, ...], library: Library) -> None:
        from msback import cache

        path = self._cache_file()
        if path is None:
            return
        from msback.lookup import names_of, search_row

        index = library.make_index()
        names = names_of(index)
        parts = {
            "stamps": _encode(before),
            "names": _encode(names),
            "index": _encode(index),
            "search": _encode([search_row(t) for _, t in sorted(library.topics.items())]),
            **{f"topic:{tid}": _encode(t) for tid, t in sorted(library.topics.items())},
        }  # the guide is never cached
        head = {
            "format": cache.FORMAT,
            "version": __version__,
            "source": str(self.content_dir.resolve()),
            "stamps_digest": cache.sha256_hex(parts["stamps"]),
        }
        with contextlib.suppress(OSError):
            cache.write(path, cache.pack(head, parts))


class CacheHead(Model, frozen=True):
    """The head of a cache file: what it was built from, and where its parts are."""

    format: int
    version: str
    source: str
    stamps_digest: str  # SHA-256 of the stamps of every content file it was built from
    parts: dict[str, tuple[int, int, int]]  # name -> (offset, length, CRC)


def _encode(value: object) -> bytes:
    import msgspec

    return msgspec.json.encode(value)


def _decode(data: bytes, kind: type[T]) -> T:
    """Decode with full type checks; anything unexpected is ``cache.Damaged``."""
    import msgspec

    from msback import cache

    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.DecodeError as exc:
        raise cache.Damaged(str(exc)) from None


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
