"""Topics as documents and JSON: a topic page, the list, search results.

Pure: they build ``render`` blocks from content; the CLI draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from msback.content.lookup import Hit
from msback.content.models import KIND_HEADINGS, Index, Topic
from msback.render import Block, Bullets, Doc, Heading, Pairs, Para, Title


def topic_doc(topic: Topic, titles: Mapping[str, str]) -> Doc:
    """A topic page: summary, its sections, cautions, doctor questions, related, sources."""
    kind = KIND_HEADINGS.get(topic.kind, topic.kind).rstrip("s").lower()
    if topic.kind == "about":
        kind = "background"
    blocks: list[Block] = [Title(topic.title, f"Topic: {topic.id} ({kind})"), Para(topic.summary)]
    for section in topic.sections:
        blocks += [Heading(section.heading), Bullets(section.items)]
    if topic.cautions:
        blocks += [Heading("Cautions"), Bullets(topic.cautions)]
    if topic.doctor_questions:
        blocks += [Heading("Questions to ask your doctor"), Bullets(topic.doctor_questions)]
    if topic.related:
        rows = tuple((rel, titles.get(rel, "")) for rel in topic.related)
        blocks += [Heading("Related topics"), Pairs(rows)]
    if topic.sources:
        blocks += [
            Heading("Sources"),
            Bullets(tuple(f"{s.name} ({s.detail})" if s.detail else s.name for s in topic.sources)),
        ]
    return (*blocks, *act_now(topic))  # a long page scrolls: what to do is also last


def list_doc(index: Index) -> Doc:
    """Every topic grouped by kind, each with its one-line summary."""
    blocks: list[Block] = []
    for kind, heading in KIND_HEADINGS.items():
        entries = sorted((e for e in index.entries.values() if e.kind == kind), key=lambda e: e.id)
        if entries:
            blocks += [Heading(heading), Pairs(tuple((e.id, e.summary) for e in entries))]
    blocks.append(Para("Show a topic with: msback show TOPIC"))
    return tuple(blocks)


def help_first(topic: Topic) -> Doc:
    """What to do now, from a safety topic (its first two cautions) or from a topic
    that starts with numbers to call (that list): shown above search results that warning
    words or crisis words put it first of (``Hit.urgent``)."""
    if topic.gives_help_now():
        now = _numbers_to_call(topic)
    else:
        now = (Heading(topic.title), Bullets(topic.cautions[:2] or (topic.summary,)))
    return (*now, Para(f"Read it now: msback show {topic.id}"))


def _numbers_to_call(topic: Topic) -> Doc:
    """The first section of a topic that ``gives_help_now``: its numbers to call."""
    return (Heading(topic.sections[0].heading), Bullets(topic.sections[0].items))


def act_now(topic: Topic) -> Doc:
    """What to do, to end a long page or list with (what stays on a screen that scrolled):
    a safety topic's first caution, or the numbers to call a topic starts with."""
    if topic.gives_help_now():
        return _numbers_to_call(topic)
    if topic.kind == "safety" and topic.cautions:
        return (Para(f"Remember: {topic.cautions[0]}"),)
    return ()


#: The most of a query a search's heading says back: a long one ends in "...".
QUERY_SHOWN = 60


def search_doc(query: str, hits: Sequence[Hit], total: int, first: Doc = (), last: Doc = ()) -> Doc:
    """The best search results, each with the line that matched, and how many there are;
    ``first`` comes before them (``help_first``) and ``last`` after (``act_now``)."""
    found = "1 topic matches" if total == 1 else f"{total} topics match"
    more = total - len(hits)
    said = query if len(query) <= QUERY_SHOWN else query[: QUERY_SHOWN - 3].rstrip() + "..."
    return (
        *first,
        Para(f'{found} "{said}", best first.'),
        Pairs(tuple((h.topic_id, h.line) for h in hits)),
        *([Para(f"{more} more not shown: add --all to see every one.")] if more > 0 else []),
        *last,
    )


def topic_json(topic: Topic, resolved_from: str | None) -> dict[str, Any]:
    return {**topic.to_dict(), "resolved_from": resolved_from}


def list_json(index: Index) -> dict[str, Any]:
    order = list(KIND_HEADINGS)
    entries = sorted(
        index.entries.values(),
        key=lambda e: (order.index(e.kind) if e.kind in order else len(order), e.id),
    )
    return {
        "topics": [
            {
                "id": e.id,
                "kind": e.kind,
                "title": e.title,
                "summary": e.summary,
                "aliases": list(e.aliases),
            }
            for e in entries
        ]
    }


def search_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    return {
        "query": query,
        "results": [
            {
                "id": h.topic_id,
                "title": h.title,
                "kind": h.kind,
                "score": h.score,
                "line": h.line,
                "urgent": h.urgent,
            }
            for h in hits
        ],
    }


# -- views -------------------------------------------------------------------------------
