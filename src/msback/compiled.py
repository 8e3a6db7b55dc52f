"""Validated content in one file of parts: the wheel's built-in content, and the cache.

The layout: MAGIC, the head's length, the head (JSON), then the parts. The head says the
format and msback version (plus, in a cache, the folder and the stamps of its files) and
where each part is, with its CRC. The parts are JSON: ``index``, ``names`` (every id, alias
and synonym phrase to its topic), ``search`` (the rows search reads), ``guide`` (null in a
cache) and ``topic:ID`` for each topic. A reader takes only the parts it needs: ``show``
decodes one topic of ten thousand. Every part is checked against its CRC and decoded with
full type checks; anything unexpected is ``Damaged``.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

import msgspec

from msback import __version__
from msback.models import Library, Model

MAGIC = b"msback-content\n"
#: The layout and parts; a file of another format is refused (or, in a cache, rebuilt).
FORMAT = 7
#: Where a wheel carries the built-in content, compiled when the wheel was built.
PACKAGED = Path(__file__).resolve().parent / "content.json"
T = TypeVar("T")


class Damaged(Exception):
    """Compiled content that is not what msback wrote: wrong version, format, type or CRC."""


class Head(Model, frozen=True):
    """What a compiled file is, and where its parts are."""

    format: int
    version: str
    parts: dict[str, tuple[int, int, int]]  # name -> (offset, length, CRC)
    source: str = ""  # a cache: the content folder it was built from
    stamps_digest: str = ""  # a cache: SHA-256 of the stamps of that folder's files


def library_parts(library: Library) -> dict[str, bytes]:
    """The parts of a validated library (its guide may be None)."""
    from msback.lookup import names_of, search_row

    encode = msgspec.json.encode
    index = library.make_index()
    topics = sorted(library.topics.items())
    return {
        "index": encode(index),
        "names": encode(names_of(index)),
        "search": encode([search_row(topic) for _, topic in topics]),
        "guide": encode(library.guide),
        **{f"topic:{tid}": encode(topic) for tid, topic in topics},
    }


def pack(parts: Mapping[str, bytes], **head: str) -> bytes:
    """The file's bytes: MAGIC, the head's length, the head, then the parts."""
    table: dict[str, tuple[int, int, int]] = {}
    position = 0
    for name, data in parts.items():
        table[name] = (position, len(data), zlib.crc32(data))
        position += len(data)
    encoded = msgspec.json.encode(Head(FORMAT, __version__, table, **head))
    return MAGIC + b"%016d\n" % len(encoded) + encoded + b"".join(parts.values())


def compile_library(library: Library) -> bytes:
    """The built-in content's file (``hatch_build.py`` writes it into the wheel)."""
    return pack(library_parts(library))


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
        self.buffer = buffer

    def has(self, name: str) -> bool:
        return name in self.head.parts

    def part(self, name: str, kind: type[T]) -> T:
        """One part, checked against its CRC and decoded as ``kind``."""
        try:
            offset, length, crc = self.head.parts[name]
        except KeyError:
            raise Damaged(f"no part {name!r}") from None
        data = bytes(self.buffer[self.base + offset : self.base + offset + length])
        if len(data) != length or zlib.crc32(data) != crc:
            raise Damaged(f"part {name!r} is damaged")
        try:
            return msgspec.json.decode(data, type=kind)
        except msgspec.DecodeError as exc:
            raise Damaged(str(exc)) from None
