"""Validated content in one file of parts: the wheel's built-in content, and the cache.

The layout: MAGIC, the head's length, the head (JSON), then the parts. The head says the
format and msback version (plus, in a cache, the folder it was built from), where each named
part is, with its CRC, and how many buckets of each kind there are. The parts are JSON: each
topic; ``names:K``, the bucket of names (ids, aliases, synonym phrases) whose hash is K, each
to its topic's id and where that topic is; ``stems:K``, buckets of search's inverted index
(``lookup.search_index``) and ``rows``, its topics (a cache gets these two only when a
search first needs them, with ``named``, each alias as stems: they cost more to build than
all the rest); ``index``; ``synonyms``; ``guide`` (null in a cache);
and any the caller adds (a cache adds ``stamps``). A reader decodes only what it needs:
``show`` decodes one small bucket and one topic of ten thousand, ``search`` the buckets of
its words. Every part is checked against its CRC and decoded with full type checks;
anything unexpected is ``Damaged``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from msback import __version__
from msback.content.models import Library, Model, Topic

MAGIC = b"msback-content\n"
#: The layout and parts; a file of another format is refused (or, in a cache, rebuilt).
FORMAT = 13  # 13: a row says if its topic gives help now (12: ``named``; 10: BM25 lengths)
#: Where a wheel carries the built-in content, compiled when the wheel was built.
PACKAGED = Path(__file__).resolve().parents[1] / "content.json"  # msback/content.json
T = TypeVar("T")


class Damaged(Exception):
    """Compiled content that is not what msback wrote: wrong version, format, type or CRC."""


#: About this many keys share a bucket: small enough to decode in well under a millisecond.
KEYS_PER_BUCKET = 256
#: One decoder per type decoded, made once, not at each of 10,000 decodes.
_DECODERS: dict[object, Any] = {}
#: (offset, length, CRC) of a part.
Place = tuple[int, int, int]


class Head(Model, frozen=True):
    """What a compiled file is, and where its parts are."""

    format: int
    version: str
    parts: dict[str, Place]
    buckets: dict[str, int]  # how many ``names:K`` and ``stems:K`` parts there are
    source: str = ""  # a cache: the content folder it was built from


def bucket_of(name: str, buckets: int) -> int:
    """The bucket a name is kept in: the same in every run (CRC-32, not Python's hash)."""
    return zlib.crc32(name.encode("utf-8")) % buckets


def pack(
    library: Library,
    extra: Mapping[str, bytes] | None = None,
    source: str = "",
    search: bool = True,
    reused: Packed | None = None,
) -> bytes:
    """The file's bytes for a validated library (its guide may be None), with any extra
    parts: MAGIC, the head's length, the head, then the parts. ``search=False`` leaves out
    search's index (``rows``, ``stems:K`` and ``named``), the costliest part to build: a
    cache adds it when a search first needs it (``with_search``). Topics read from
    ``reused`` (the cache being replaced) and unchanged since are copied as stored there,
    not encoded again."""
    from msback.content.lookup import names_of

    encode = msgspec.json.encode
    body = bytearray()
    add = _adder(body)

    kept = reused.read if reused is not None else {}

    def stored(tid: str) -> Place:
        topic = library.topics[tid]
        if reused is not None and kept.get(tid) is topic:
            return add(*reused.stored_topic(tid))  # its bytes and CRC, checked when read
        return add(encode(topic))

    where = {tid: stored(tid) for tid in sorted(library.topics)}
    index = library.make_index()
    names = {name: (tid, *where[tid]) for name, tid in names_of(index).items()}
    parts: dict[str, Place] = {}
    buckets: dict[str, int] = {}
    parts |= _bucketed("names", names, buckets, add)
    parts["index"] = add(encode(index))
    parts["synonyms"] = add(encode(library.synonyms))
    parts["guide"] = add(encode(library.guide))
    if search:
        parts |= _search_parts(library.topics.values(), buckets, add)
    parts |= {name: add(data) for name, data in (extra or {}).items()}
    return _assemble(Head(FORMAT, __version__, parts, buckets, source), body)


def with_search(packed: Packed, topics: Iterable[Topic]) -> bytes:
    """The bytes of ``packed`` with search's index of ``topics`` (its own topics) added."""
    body = bytearray(packed.buffer[packed.base :])
    add = _adder(body)

    buckets = dict(packed.head.buckets)
    parts = dict(packed.head.parts) | _search_parts(topics, buckets, add)
    return _assemble(Head(FORMAT, __version__, parts, buckets, packed.head.source), body)


def _adder(body: bytearray) -> Callable[..., Place]:
    """A function that appends a part to ``body`` and gives where it is, with its CRC."""

    def add(data: bytes | memoryview, crc: int | None = None) -> Place:
        place = (len(body), len(data), zlib.crc32(data) if crc is None else crc)
        body.extend(data)
        return place

    return add


def _search_parts(
    topics: Iterable[Topic], buckets: dict[str, int], add: Callable[[bytes], Place]
) -> dict[str, Place]:
    from msback.content.lookup import alias_stems, search_index

    topics = list(topics)
    rows, postings = search_index(topics)
    named = alias_stems({alias: t.id for t in topics for alias in t.aliases})
    encode = msgspec.json.encode
    return _bucketed("stems", postings, buckets, add) | {
        "rows": add(encode(rows)),
        "named": add(encode(named)),
    }


def _bucketed(
    kind: str, table: Mapping[str, object], buckets: dict[str, int], add: Callable[[bytes], Place]
) -> dict[str, Place]:
    """A table's keys in buckets of about KEYS_PER_BUCKET, each a part ``kind:K``."""
    buckets[kind] = count = max(1, len(table) // KEYS_PER_BUCKET)
    grouped: list[dict[str, object]] = [{} for _ in range(count)]
    for key, value in table.items():
        grouped[bucket_of(key, count)][key] = value
    return {f"{kind}:{k}": add(msgspec.json.encode(group)) for k, group in enumerate(grouped)}


def _assemble(head: Head, body: bytes | bytearray) -> bytes:
    encoded = msgspec.json.encode(head)
    return b"".join((MAGIC, b"%016d\n" % len(encoded), encoded, body))


def compile_library(library: Library) -> bytes:
    """The built-in content's file (``hatch_build.py`` writes it into the wheel)."""
    return pack(library)


class Packed:
    """A compiled file opened for reading: its head checked, its parts read on demand."""

    def __init__(self, buffer: bytes | memoryview) -> None:
        start = len(MAGIC)
        if bytes(buffer[:start]) != MAGIC:
            raise Damaged("not msback's compiled content")
        try:
            size = int(bytes(buffer[start : start + 16]))
            self.base = start + 17 + size
            self.head = msgspec.json.decode(bytes(buffer[start + 17 : self.base]), type=Head)
        except (ValueError, msgspec.DecodeError) as exc:
            raise Damaged(str(exc)) from None
        if (self.head.format, self.head.version) != (FORMAT, __version__):
            raise Damaged(f"format {self.head.format} of msback {self.head.version}")
        if self.head.buckets.get("names", 0) < 1 or self.head.buckets.get("stems", 1) < 1:
            raise Damaged("no buckets")
        self.buffer = buffer
        self._names: dict[int, dict[str, tuple[str, int, int, int]]] = {}
        self._stems: dict[int, dict[str, list[int]]] = {}
        #: The topics read so far: a new cache copies the bytes of those reused (``pack``).
        self.read: dict[str, Topic] = {}
        self._places: dict[str, Place] = {}

    def has(self, name: str) -> bool:
        return name in self.head.parts

    def searchable(self) -> bool:
        """Whether it holds search's index (a cache may not yet: ``pack(search=False)``)."""
        return "stems" in self.head.buckets and {"rows", "named"} <= self.head.parts.keys()

    def raw(self, name: str) -> bytes:
        """One named part's bytes as stored, not checked: for comparing with what they
        should be."""
        try:
            offset, length, _ = self.head.parts[name]
        except KeyError:
            raise Damaged(f"no part {name!r}") from None
        return bytes(self.buffer[self.base + offset : self.base + offset + length])

    def part(self, name: str, kind: type[T]) -> T:
        """One named part, checked against its CRC and decoded as ``kind``."""
        if name not in self.head.parts:
            raise Damaged(f"no part {name!r}")
        return self._decode(self.head.parts[name], kind, name)

    def find(self, name: str) -> str | None:
        """The id of the topic a normalised name (id, alias or phrase) leads to, if any."""
        found = self._bucket("names", name, self._names, tuple[str, int, int, int]).get(name)
        return found[0] if found is not None else None

    def topic(self, topic_id: str) -> Topic | None:
        """One topic by its exact id, or None if there is no such topic."""
        names = self._bucket("names", topic_id, self._names, tuple[str, int, int, int])
        found = names.get(topic_id)
        if found is None or found[0] != topic_id:
            return None
        topic = self._decode(found[1:], Topic, f"topic {topic_id!r}")
        self.read[topic_id] = topic
        self._places[topic_id] = found[1:]
        return topic

    def stored_topic(self, topic_id: str) -> tuple[memoryview, int]:
        """A topic's bytes as stored, and their CRC (``topic`` has read and checked them)."""
        offset, length, crc = self._places[topic_id]
        start = self.base + offset
        return memoryview(self.buffer)[start : start + length], crc

    def postings(self, stem: str) -> list[int]:
        """Where a stem is in the topics (see ``lookup.search_index``)."""
        return self._bucket("stems", stem, self._stems, list[int]).get(stem, [])

    def _bucket(
        self, kind: str, key: str, seen: dict[int, dict[str, T]], value: type[T]
    ) -> dict[str, T]:
        if kind not in self.head.buckets:
            raise Damaged(f"no {kind} buckets")
        k = bucket_of(key, self.head.buckets[kind])
        if k not in seen:
            seen[k] = self.part(f"{kind}:{k}", dict[str, value])  # type: ignore[valid-type]
        return seen[k]

    def _decode(self, place: Place, kind: type[T], what: str) -> T:
        offset, length, crc = place
        data = bytes(self.buffer[self.base + offset : self.base + offset + length])
        if len(data) != length or zlib.crc32(data) != crc:
            raise Damaged(f"{what} is damaged")
        decoder: msgspec.json.Decoder[T] | None = _DECODERS.get(kind)
        if decoder is None:
            decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
        try:
            return decoder.decode(data)
        except msgspec.DecodeError as exc:
            raise Damaged(str(exc)) from None
