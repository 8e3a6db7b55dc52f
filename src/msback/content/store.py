"""Where the content comes from at run time, so what msback says follows the content as it is.

- The built-in content of an installed msback: ``msback/content.json``, compiled and
  validated when the wheel was built (``hatch_build.py``) and trusted like the code. It is
  read with a typed decode: no YAML, no validation cost.
- A YAML folder: ``env.paths.content`` (``--content-dir`` or ``$MSBACK_CONTENT_DIR``), or
  ``content/`` in a source checkout (an editable install). The guide validates it afresh
  at every run and never reads a cache. ``show``, ``list`` and ``search`` may use the
  private cache in
  ``cache.py``; whenever it is missing, stale, not private or damaged, they validate the
  YAML instead and write a new one.

msgspec is imported only when compiled content is decoded.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from msback.content import compiled
from msback.content.models import Guide, Index, Library, Section, Synonym, Topic
from msback.errors import ContentError, NotFoundError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from msback.content.cache import Stamp
    from msback.content.lookup import Hit, Postings, Resolved, SearchRow

T = TypeVar("T")


def open_store(explicit: str | None, cache_root: Path | None) -> Store:
    """The store for this run: a chosen folder (``env.paths.content``), else the built-in
    content, else the checkout; ``cache_root`` is ``env.paths.cache``."""
    from msback.content.files import locate_content_dir

    if explicit:
        return FolderStore(locate_content_dir(explicit), cache_root)
    if compiled.PACKAGED.is_file():
        return PackagedStore(compiled.PACKAGED)
    return FolderStore(locate_content_dir(None), cache_root)


class Store:
    """The content of one source: its index, names, search rows, topics, and the guide.

    Both kinds of store read the same compiled file (``compiled.py``): ``_compiled`` gives
    it when there is one to trust, and the methods below fall back to ``_library`` when
    there is none or it turns out damaged (``_damaged`` says what happens then).
    """

    #: Search's index when there is no compiled file to read it from (``search``).
    _built: tuple[list[SearchRow], Postings, dict[str, str]] | None = None
    #: ``suggest``'s answers, by the name asked about.
    _suggested: dict[str, list[Resolved]] | None = None

    def _compiled(self) -> compiled.Packed | None:
        raise NotImplementedError

    def _damaged(self, exc: compiled.Damaged) -> None:
        raise NotImplementedError

    def _library(self) -> Library:
        raise NotImplementedError

    def _read(self, read: Callable[[compiled.Packed], T]) -> tuple[T] | None:
        """What ``read`` finds in the compiled file, or None if there is none to trust."""
        packed = self._compiled()
        if packed is None:
            return None
        try:
            return (read(packed),)
        except compiled.Damaged as exc:
            self._damaged(exc)
            return None

    def index(self) -> Index:
        """Every topic's id, kind, title, summary and aliases, and the synonyms."""
        found = self._read(lambda p: p.part("index", Index))
        return found[0] if found is not None else self._library().make_index()

    def resolve(self, name: str) -> Resolved | None:
        """The topic an id, alias or everyday phrase refers to, if any."""
        from msback.content.lookup import names_of, normalise, resolve

        found = self._read(lambda p: p.find(normalise(name)))
        if found is not None:
            known = resolve(lambda _: found[0], name)
        else:
            known = resolve(names_of(self.index()).get, name)
        return known if known is not None else self._joined(name)

    def _joined(self, name: str) -> Resolved | None:
        """A name typed with its words run together ("redflags", "lowmood"): the closest
        name, if it is the same but for its hyphens."""
        from msback.content.lookup import Resolved, normalise

        key = normalise(name).replace("-", "")
        if len(key) < 4:
            return None
        near = self.suggest(name)[:1]
        same = near and (near[0].alias or near[0].topic_id).replace("-", "") == key
        return Resolved(near[0].topic_id, normalise(name)) if same else None

    def suggest(self, name: str) -> list[Resolved]:
        """Up to three topics ``name`` may be a typo of (``lookup.suggest``), worked out once
        per name: a miss asks for them to resolve, to search and to say what was meant."""
        from msback.content.lookup import suggest

        if self._suggested is None:
            self._suggested = {}
        found = self._suggested.get(name)
        if found is None:
            found = self._suggested[name] = suggest(self.index(), name)
        return found

    def tried(self, name: str) -> tuple[str, ...] | None:
        """The treatment topics that a word for something tried counts for
        (``lookup.tried_names``, without strength or form: "co-codamol 30/500"); () for
        msback's own words that count for none ("painkillers"); None if it knows none."""
        from msback.content.lookup import normalise, tried_key, tried_names

        names = tried_names(self.index())
        found = names.get(normalise(name))
        return found if found is not None else names.get(tried_key(name))

    def own_note(self, name: str) -> str:
        """What to say about a word that counts for no one treatment ("painkillers"), or ""."""
        from msback.content.lookup import normalise, tried_key

        keys = {normalise(name), tried_key(name)}
        own = self.index().own
        return next((o.note for o in own for w in o.words if normalise(w) in keys), "")

    def synonyms(self) -> tuple[Synonym, ...]:
        """The everyday words and phrases that lead to a topic or to search words."""
        found = self._read(lambda p: p.part("synonyms", tuple[Synonym, ...]))
        return found[0] if found is not None else self._library().synonyms

    def search(self, query: str) -> list[Hit]:
        """Topics that mention the query's words, best first (``lookup.search``); the hits'
        lines are not filled in (``lookup.with_line``). A name run together that finds
        nothing ("redflags") is searched as the name ("red flags"), its topic first."""
        from msback.content.lookup import words

        hits = self._search(query)
        joined = None if hits else self._joined(query)
        if joined is None:
            return hits
        name = joined.topic_id.replace("-", " ")  # it names the topic: first, as an alias is
        return self._search(name, {" ".join(words(name)): joined.topic_id})

    def _search(self, query: str, naming: dict[str, str] | None = None) -> list[Hit]:
        from msback.content.lookup import SearchRow, alias_stems, search, search_index

        synonyms = self.synonyms()
        packed = self._searchable()
        if packed is not None:
            with contextlib.suppress(compiled.Damaged):
                rows = packed.part("rows", list[SearchRow])
                named = packed.part("named", dict[str, str])
                every = named | naming if naming else named
                return search(rows, packed.postings, query, synonyms, every)
            self._damaged(compiled.Damaged("search index"))
        if self._built is None:  # no compiled file: built once per store, not per search
            rows, postings = search_index(self.topics())
            self._built = (rows, postings, alias_stems(self.index().aliases))
        rows, postings, named = self._built
        every = named | naming if naming else named
        return search(rows, lambda stem: postings.get(stem, []), query, synonyms, every)

    def _searchable(self) -> compiled.Packed | None:
        """The compiled file, if there is one to trust and it holds search's index."""
        packed = self._compiled()
        return packed if packed is not None and packed.searchable() else None

    def topic(self, topic_id: str) -> Topic:
        """One topic by its exact id."""
        found = self._read(lambda p: p.topic(topic_id))
        page = found[0] if found is not None else self._library().topics.get(topic_id)
        if page is None:
            raise NotFoundError(f"no topic '{topic_id}'")
        return page

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

    def warning_signs(self) -> dict[str, Section]:
        """The guide's safety topic's lists of warning signs, by the urgency level they call
        for ("emergency", "same-day"...): the diary's nudges show the ones that fit."""
        found = self._read(lambda p: p.part("guide", Guide | None))  # type: ignore[arg-type]
        guide = found[0] if found is not None else None  # a lookup cache holds no guide
        guide = guide or self._library().guide
        if guide is None:
            return {}
        page = self.topic(guide.safety_topic)
        return {section.flags: section for section in page.sections if section.flags}


class PackagedStore(Store):
    """The built-in content, compiled into the installed package and trusted like the code."""

    def __init__(self, path: Path) -> None:
        try:
            self._packed = compiled.Packed(path.read_bytes())
        except (OSError, compiled.Damaged) as exc:
            raise ContentError(
                f"msback's built-in content cannot be read ({_why(exc)}); reinstall msback"
            ) from None

    def _compiled(self) -> compiled.Packed:
        return self._packed

    def _damaged(self, exc: compiled.Damaged) -> None:
        raise ContentError(
            f"msback's built-in content is damaged ({_why(exc)}); reinstall msback"
        ) from None

    def _library(self) -> Library:
        return Library({})  # never reached: _damaged has stopped the run

    def for_guide(self) -> tuple[Guide, dict[str, Topic]]:
        found = self._read(lambda p: p.part("guide", Guide | None))  # type: ignore[arg-type]
        if found is None or found[0] is None:
            raise ContentError("msback's built-in content has no guide; reinstall msback")
        return found[0], {t.id: t for t in self.topics()}


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
        self._freshness: bool | None = None  # whether the cache matches the stamps
        self._for_search = False  # a search: a cache written now holds search's index too

    def _compiled(self) -> compiled.Packed | None:
        """A fresh, intact cache (perhaps the one just written); None if there is none (then
        validate)."""
        return self._fresh_cache()

    def _damaged(self, exc: compiled.Damaged) -> None:
        self._packed = None  # never trust this file again in this run

    def _searchable(self) -> compiled.Packed | None:
        """The fresh cache with search's index: added now, from the cache's own topics, if a
        show or list wrote it without (``compiled.pack``). None if the cache is stale (then
        the YAML is validated and the new cache written with the index: ``_write_cache``)."""
        self._for_search = True
        packed = self._compiled()
        if packed is None or packed.searchable():
            return packed
        try:
            data = compiled.with_search(packed, self.topics())
            self._packed = extended = compiled.Packed(data)
        except compiled.Damaged:
            self._packed = None
            return None
        self._save(data)
        return extended

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
        from msback.content.rules import load_library

        with _collector_paused():  # many objects that live to the end of the run
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
            from msback.content import cache
            from msback.content.files import (
                GUIDE_FILE,
                SYNONYMS_FILE,
                TOPICS,
                TRIED_FILE,
                topic_names,
            )

            self._stamps_taken = True
            extra = [
                n
                for n in (GUIDE_FILE, SYNONYMS_FILE, TRIED_FILE)
                if (self.content_dir / n).exists()
            ]
            with contextlib.suppress(OSError, ContentError):  # validation will say what
                listed = topic_names(self.content_dir, ordered=False)  # 10,000 need no sort
                names = [f"{TOPICS}/{n}" for n in listed] + extra
                self._now = cache.stamps(self.content_dir, names)
        return self._now

    def _cache_file(self) -> Path | None:
        from msback.content import cache

        if self.cache_root is None or not cache.private_folder(self.cache_root):
            return None
        return cache.file_for(self.cache_root, self.content_dir)

    def _read_cache(self) -> compiled.Packed | None:
        """This folder's cache, read once per run, if it is private and intact and of this
        version and folder; it may be stale."""
        if not self._cache_read:
            from msback.content import cache

            self._cache_read = True
            path = self._cache_file()
            mapped = cache.open_mapped(path) if path is not None else None
            with contextlib.suppress(compiled.Damaged):
                packed = compiled.Packed(mapped) if mapped is not None else None
                if packed is not None and packed.head.source == str(self.content_dir.resolve()):
                    self._packed = packed
        return self._packed

    def _fresh_cache(self) -> compiled.Packed | None:
        """The cache, if it was written from files with exactly the stamps they have now
        (checked once per run: the stamps of every file, byte for byte)."""
        packed = self._read_cache()
        if self._freshness is None:
            now = self._stamps()
            self._freshness = (
                packed is not None
                and now is not None
                and packed.has("stamps")
                and packed.raw("stamps") == _encode(now)
            )
        return packed if self._freshness else None

    def _reusable(self, now: tuple[Stamp, ...]) -> dict[str, Topic]:
        from msback.content.files import TOPICS

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
                topic = packed.topic(name.removesuffix(".yaml"))
                # The safety topic's warning signs come from the guide: always re-read it.
                if topic is not None and not any(s.flags for s in topic.sections):
                    reuse[name] = topic
        return reuse

    def _write_cache(self, before: tuple[Stamp, ...], library: Library) -> None:
        """Write the cache of what was just validated, and read from it for the rest of the
        run."""
        path = self._cache_file()
        if path is None:
            return
        lookups = Library(library.topics, None, library.synonyms, library.tried, library.own)
        extra = {"stamps": _encode(before)}
        source = str(self.content_dir.resolve())
        data = compiled.pack(lookups, extra, source, self._for_search, self._packed)
        self._packed, self._cache_read, self._freshness = compiled.Packed(data), True, True
        self._save(data, path)

    def _save(self, data: bytes, path: Path | None = None) -> None:
        """Write the cache file (to ``path``, else this folder's), quietly if it cannot be."""
        from msback.content import cache

        path = path or self._cache_file()
        if path is not None:
            with contextlib.suppress(OSError):
                cache.write(path, data)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a folder is read and validated: it would scan the
    growing heap of topics again and again (about a fifth of the first run after an edit in
    a folder of 10,000 topics). Anything it would free is freed once it is back on."""
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _encode(value: object) -> bytes:
    import msgspec

    return msgspec.json.encode(value)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
