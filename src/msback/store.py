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
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from msback import compiled
from msback.errors import ContentError, NotFoundError
from msback.models import Guide, Index, Library, Topic

if TYPE_CHECKING:
    from collections.abc import Iterable

    from msback.cache import Stamp
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
    """The content of one source: its index, names, search rows, topics, and the guide.

    Both kinds of store read the same compiled parts (``compiled.py``); ``_part`` says where
    they come from, and the methods below fall back to ``_library`` when it has none.
    """

    def _part(self, name: str, kind: type[T]) -> T | None:
        """A compiled part, or None if there is none to trust (then ``_library`` answers)."""
        raise NotImplementedError

    def _library(self) -> Library:
        raise NotImplementedError

    def index(self) -> Index:
        """Every topic's id, kind, title, summary and aliases, and the synonyms."""
        found = self._part("index", Index)
        return found if found is not None else self._library().make_index()

    def names(self) -> dict[str, str]:
        """Every id, alias and synonym phrase, to the id of its topic."""
        from msback.lookup import names_of

        found = self._part("names", dict[str, str])
        return found if found is not None else names_of(self.index())

    def search_rows(self) -> list[SearchRow]:
        """Every topic as search reads it, in id order."""
        from msback.lookup import SearchRow, search_row

        found = self._part("search", list[SearchRow])
        return found if found is not None else [search_row(t) for t in self.topics()]

    def topic(self, topic_id: str) -> Topic:
        """One topic by its exact id."""
        found = self._part(f"topic:{topic_id}", Topic)
        if found is not None:
            return found
        try:
            return self._library().topics[topic_id]
        except KeyError:
            raise NotFoundError(f"no topic '{topic_id}'") from None

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

    def for_guide(self) -> tuple[Guide, dict[str, Topic]]:
        """The guide and every topic, validated: never from a cache."""
        raise NotImplementedError


class PackagedStore(Store):
    """The built-in content, compiled into the installed package and trusted like the code."""

    def __init__(self, path: Path) -> None:
        try:
            self._packed = compiled.Packed(path.read_bytes())
        except (OSError, compiled.Damaged) as exc:
            raise ContentError(
                f"msback's built-in content cannot be read ({_why(exc)}); reinstall msback"
            ) from None

    def _part(self, name: str, kind: type[T]) -> T | None:
        if not self._packed.has(name):
            return None
        try:
            return self._packed.part(name, kind)
        except compiled.Damaged as exc:
            raise ContentError(
                f"msback's built-in content is damaged ({_why(exc)}); reinstall msback"
            ) from None

    def _library(self) -> Library:
        return Library({})  # every part is there: nothing else to fall back on

    def for_guide(self) -> tuple[Guide, dict[str, Topic]]:
        guide = self._part("guide", Guide | None)  # type: ignore[arg-type]
        if guide is None:
            raise ContentError("msback's built-in content has no guide; reinstall msback")
        return guide, {t.id: t for t in self.topics()}


class FolderStore(Store):
    """A folder of YAML topics and a guide, validated, with a private cache for lookups.

    Within one run, the folder's stamps are taken once and the cache file is read once.
    """

    def __init__(self, content_dir: Path, cache_root: Path | None) -> None:
        self.content_dir = content_dir
        self.cache_root = cache_root
        self._checked: Library | None = None  # every file validated now: the guide's
        self._lookups: Library | None = None  # may reuse topics of files that did not change
        self._stamps_taken = False
        self._now: tuple[Stamp, ...] | None = None
        self._cache_read = False
        self._packed: compiled.Packed | None = None

    def _part(self, name: str, kind: type[T]) -> T | None:
        """A part of a fresh, intact cache; None if there is none (then validate)."""
        if self._lookups is not None:
            return None
        packed = self._fresh_cache()
        if packed is None or not packed.has(name):
            return None
        try:
            return packed.part(name, kind)
        except compiled.Damaged:
            self._packed = None  # never trust this file again in this run
            return None

    def _library(self) -> Library:
        return self.lookup_library()

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

    def _stamps(self) -> tuple[Stamp, ...] | None:
        """The stamps of every content file, taken once per run; None if one cannot be."""
        if not self._stamps_taken:
            from msback import cache
            from msback.content import GUIDE_FILE, SYNONYMS_FILE, TOPICS, topic_names

            self._stamps_taken = True
            extra = [n for n in (GUIDE_FILE, SYNONYMS_FILE) if (self.content_dir / n).exists()]
            with contextlib.suppress(OSError, ContentError):  # validation will say what
                names = [f"{TOPICS}/{n}" for n in topic_names(self.content_dir)] + extra
                self._now = cache.stamps(self.content_dir, names)
        return self._now

    def _cache_file(self) -> Path | None:
        from msback import cache

        if self.cache_root is None or not cache.private_folder(self.cache_root):
            return None
        return cache.file_for(self.cache_root, self.content_dir)

    def _read_cache(self) -> compiled.Packed | None:
        """This folder's cache, read once per run, if it is private and intact and of this
        version and folder; it may be stale."""
        if not self._cache_read:
            from msback import cache

            self._cache_read = True
            path = self._cache_file()
            mapped = cache.open_mapped(path) if path is not None else None
            with contextlib.suppress(compiled.Damaged):
                packed = compiled.Packed(mapped) if mapped is not None else None
                if packed is not None and packed.head.source == str(self.content_dir.resolve()):
                    self._packed = packed
        return self._packed

    def _fresh_cache(self) -> compiled.Packed | None:
        from msback import cache

        packed = self._read_cache()
        now = self._stamps()
        if packed is None or now is None:
            return None
        return packed if packed.head.stamps_digest == cache.sha256_hex(_encode(now)) else None

    def _reusable(self, now: tuple[Stamp, ...]) -> dict[str, Topic]:
        from msback.content import TOPICS

        packed = self._read_cache()
        if packed is None:
            return {}
        try:
            before = set(packed.part("stamps", tuple[tuple[str, int, int, int, int], ...]))
        except compiled.Damaged:
            return {}
        reuse: dict[str, Topic] = {}
        for stamp in now:
            folder, _, name = stamp[0].partition("/")
            if folder != TOPICS or stamp not in before:
                continue
            with contextlib.suppress(compiled.Damaged):
                topic = packed.part(f"topic:{name.removesuffix('.yaml')}", Topic)
                # The safety topic's warning signs come from the guide: always re-read it.
                if not any(s.flags for s in topic.sections):
                    reuse[name] = topic
        return reuse

    def _write_cache(self, before: tuple[Stamp, ...], library: Library) -> None:
        from msback import cache

        path = self._cache_file()
        if path is None:
            return
        lookups = Library(library.topics, None, library.synonyms)  # the guide is never cached
        stamps = _encode(before)
        parts = {"stamps": stamps, **compiled.library_parts(lookups)}
        data = compiled.pack(
            parts, source=str(self.content_dir.resolve()), stamps_digest=cache.sha256_hex(stamps)
        )
        with contextlib.suppress(OSError):
            cache.write(path, data)


def _encode(value: object) -> bytes:
    import msgspec

    return msgspec.json.encode(value)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
