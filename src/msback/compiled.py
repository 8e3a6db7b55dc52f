"""The built-in content as one validated JSON file, compiled when the wheel is built.

``compile_library`` turns a validated ``Library`` into bytes; ``decode`` reads them back
with a full type check (msgspec refuses any field or type the models do not allow). Topics
stay encoded (``msgspec.Raw``) until one is needed, so ``show`` decodes one topic, not all.
Each topic and the index carry a CRC of their bytes, so a damaged or edited copy is noticed.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TypeVar

import msgspec

from msback import __version__
from msback.models import Guide, Index, Library, Model, Topic

FORMAT = 3
T = TypeVar("T")
#: Where a wheel carries the built-in content, compiled when the wheel was built.
PACKAGED = Path(__file__).resolve().parent / "content.json"


class Compiled(Model, frozen=True):
    """Validated content: the index, each topic and the guide, each with a CRC."""

    format: int
    version: str
    index: msgspec.Raw
    index_crc: int
    topics: dict[str, msgspec.Raw]
    topic_crcs: dict[str, int]
    guide: msgspec.Raw  # JSON null when there is no guide (always so in a cache)
    guide_crc: int


class Damaged(Exception):
    """Compiled content that is not what msback wrote: wrong version, format, type or CRC."""


def compile_library(library: Library) -> bytes:
    """The library as compiled JSON bytes."""
    encode = msgspec.json.encode
    index = encode(library.make_index())
    topics = {tid: encode(topic) for tid, topic in sorted(library.topics.items())}
    guide = encode(library.guide)  # b"null" for no guide
    compiled = Compiled(
        format=FORMAT,
        version=__version__,
        index=msgspec.Raw(index),
        index_crc=zlib.crc32(index),
        topics={tid: msgspec.Raw(data) for tid, data in topics.items()},
        topic_crcs={tid: zlib.crc32(data) for tid, data in topics.items()},
        guide=msgspec.Raw(guide),
        guide_crc=zlib.crc32(guide),
    )
    return encode(compiled)


def decode(data: bytes) -> Compiled:
    """Decode compiled content, checking its types, format and version."""
    try:
        compiled = msgspec.json.decode(data, type=Compiled)
    except msgspec.DecodeError as exc:  # ValidationError is a DecodeError too
        raise Damaged(str(exc)) from None
    if compiled.format != FORMAT or compiled.version != __version__:
        raise Damaged(f"format {compiled.format}, version {compiled.version}")
    return compiled


def index(compiled: Compiled) -> Index:
    """The index, after checking its CRC and types."""
    return _checked(compiled.index, compiled.index_crc, Index)


def topic(compiled: Compiled, topic_id: str) -> Topic | None:
    """One topic, after checking its CRC and types; None if there is no such topic."""
    raw = compiled.topics.get(topic_id)
    if raw is None:
        return None
    return _checked(raw, compiled.topic_crcs.get(topic_id, -1), Topic)


def guide(compiled: Compiled) -> Guide | None:
    """The guide, after checking its CRC and types; None in a cache."""
    found: Guide | None = _checked(compiled.guide, compiled.guide_crc, Guide | None)  # type: ignore[arg-type]
    return found


def library(compiled: Compiled) -> Library:
    """Every topic and the guide."""
    topics = {tid: topic(compiled, tid) for tid in compiled.topics}
    return Library({tid: t for tid, t in topics.items() if t is not None}, guide(compiled))


def _checked(raw: msgspec.Raw, crc: int, kind: type[T]) -> T:
    data = bytes(raw)
    if zlib.crc32(data) != crc:
        raise Damaged(f"CRC mismatch in {getattr(kind, '__name__', 'the guide')}")
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.DecodeError as exc:
        raise Damaged(str(exc)) from None
