"""Finding topics: by id or alias, close-match suggestions, and full-text search. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from msback.models import Index, Topic


class Resolved(NamedTuple):
    """A name the user typed and the topic it led to (``alias`` is set when it was an alias)."""

    topic_id: str
    alias: str | None = None


class Hit(NamedTuple):
    """A search result: the topic, how well it matched, and the best matching line."""

    topic_id: str
    title: str
    kind: str
    score: int
    line: str


def normalise(name: str) -> str:
    """Lower case, with spaces and underscores as hyphens: 'Herniated disk' -> 'herniated-disk'."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def resolve(names: Mapping[str, str], name: str) -> Resolved | None:
    """The topic a name refers to. ``names`` maps every id and alias to its topic's id."""
    key = normalise(name)
    topic_id = names.get(key)
    if topic_id is None:
        return None
    return Resolved(topic_id, None if topic_id == key else key)


def suggest(index: Index, name: str, limit: int = 3) -> list[Resolved]:
    """Up to ``limit`` different topics whose id or an alias is close to ``name``, best first."""
    import difflib

    names = sorted({*index.entries, *index.aliases})
    found: dict[str, Resolved] = {}
    for close in difflib.get_close_matches(normalise(name), names, n=limit * 4, cutoff=0.6):
        topic_id = index.aliases.get(close, close)
        if topic_id not in found:
            found[topic_id] = Resolved(topic_id, None if close == topic_id else close)
    return list(found.values())[:limit]


# Where a match counts for more: a word in the title says more than one in a question.
_WEIGHTS = {
    "id": 8,
    "aliases": 6,
    "title": 6,
    "summary": 3,
    "sections": 2,
    "cautions": 1,
    "doctor_questions": 1,
}


class SearchRow(NamedTuple):
    """What search reads of one topic: its text by field, and all of it lower-cased."""

    id: str
    title: str
    kind: str
    summary: str
    fields: tuple[tuple[str, str], ...]  # (field name, text), in reading order
    lowered: str  # every field's text, lower case, one string: a quick first filter


def search_row(topic: Topic) -> SearchRow:
    """A topic as search reads it."""
    fields = (
        ("id", topic.id.replace("-", " ")),
        ("aliases", " ".join(topic.aliases)),
        *topic.texts(),
    )
    lowered = "\n".join(text for _, text in fields).lower()
    return SearchRow(topic.id, topic.title, topic.kind, topic.summary, fields, lowered)


def search(rows: Iterable[SearchRow], query: str) -> list[Hit]:
    """Topics containing every word of ``query``, best first, each with its best line."""
    terms = [t for t in re.split(r"\W+", query.lower()) if t]
    if not terms:
        return []
    hits: list[Hit] = []
    for row in rows:
        if not all(term in row.lowered for term in terms):
            continue
        lowered = [(name, text, text.lower()) for name, text in row.fields]
        if not all(any(term in low for _, _, low in lowered) for term in terms):
            continue
        score = sum(_WEIGHTS[name] * low.count(term) for name, _, low in lowered for term in terms)
        prose = [(name, text, low) for name, text, low in lowered if name not in ("id", "aliases")]
        best = max(prose, key=lambda f: sum(term in f[2] for term in terms))
        line = best[1] if any(term in best[2] for term in terms) else row.summary
        hits.append(Hit(row.id, row.title, row.kind, score, line))
    hits.sort(key=lambda h: (-h.score, h.topic_id))
    return hits
