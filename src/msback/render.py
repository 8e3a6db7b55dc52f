"""Turn topics and results into one small document, then into plain text, Rich or JSON.

The document (a tuple of blocks) is the single structure both text views are drawn from,
so plain and Rich output always say the same things. Rich is imported only when used, and
content is always given to Rich as ``Text``, never as markup, so ``[brackets]`` survive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from msback.environment import Output
from msback.lookup import Hit
from msback.models import KIND_HEADINGS, Index, Topic


class Title(NamedTuple):
    text: str
    subtitle: str = ""


class Para(NamedTuple):
    text: str
    strong: bool = False


class Heading(NamedTuple):
    text: str


class Bullets(NamedTuple):
    items: tuple[str, ...]


class Pairs(NamedTuple):
    """Rows of (name, description), e.g. topic ids with their summaries."""

    rows: tuple[tuple[str, str], ...]


Block = Title | Para | Heading | Bullets | Pairs
Doc = tuple[Block, ...]

# -- documents ---------------------------------------------------------------------------


def topic_doc(topic: Topic, index: Index) -> Doc:
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
        rows = tuple(
            (rel, index.entries[rel].title if rel in index.entries else "") for rel in topic.related
        )
        blocks += [Heading("Related topics"), Pairs(rows)]
    if topic.sources:
        blocks += [
            Heading("Sources"),
            Bullets(tuple(f"{s.name} ({s.detail})" if s.detail else s.name for s in topic.sources)),
        ]
    return tuple(blocks)


def list_doc(index: Index) -> Doc:
    """Every topic grouped by kind, each with its one-line summary."""
    blocks: list[Block] = []
    for kind, heading in KIND_HEADINGS.items():
        entries = sorted((e for e in index.entries.values() if e.kind == kind), key=lambda e: e.id)
        if entries:
            blocks += [Heading(heading), Pairs(tuple((e.id, e.summary) for e in entries))]
    blocks.append(Para("Show a topic with: msback show TOPIC"))
    return tuple(blocks)


def search_doc(query: str, hits: Sequence[Hit]) -> Doc:
    """Search results, best first, each with the line that matched."""
    noun = "topic" if len(hits) == 1 else "topics"
    return (
        Para(f'{len(hits)} {noun} match "{query}", best first.'),
        Pairs(tuple((h.topic_id, h.line) for h in hits)),
    )


# -- JSON --------------------------------------------------------------------------------


def to_json(data: Any) -> str:
    """Stable, ASCII-only, indented JSON with a final newline."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


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
            {"id": h.topic_id, "title": h.title, "kind": h.kind, "score": h.score, "line": h.line}
            for h in hits
        ],
    }


# -- views -------------------------------------------------------------------------------


def render(doc: Doc, out: Output) -> str:
    """The document as text for ``out``: plain or Rich (JSON is built from data, not docs)."""
    return render_rich(doc, out) if out.style == "rich" else render_plain(doc, out.wrap)


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    if not width or width < 20:
        return [first + text]
    import textwrap

    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first]


def render_plain(doc: Doc, width: int | None = None) -> str:
    """Screen-reader friendly text: no colour or boxes, headings as words, one item per line."""
    lines: list[str] = []
    for block in doc:
        if isinstance(block, Title):
            lines += _wrap(block.text, width)
            if block.subtitle:
                lines += _wrap(block.subtitle, width)
        elif isinstance(block, Para):
            if lines:
                lines.append("")
            lines += _wrap(block.text, width)
        elif isinstance(block, Heading):
            if lines:
                lines.append("")
            lines += _wrap(block.text if block.text.endswith(":") else block.text + ":", width)
        elif isinstance(block, Bullets):
            for item in block.items:
                lines += _wrap(item, width, "- ", "  ")
        else:
            for name, text in block.rows:
                lines += _wrap(f"{name}: {text}" if text else name, width, "- ", "  ")
    return "\n".join(lines) + "\n"


def render_rich(doc: Doc, out: Output) -> str:
    """The document drawn with Rich for a terminal, returned as text with ANSI styles."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = StringIO()
    console = Console(
        file=buffer,
        width=out.width,
        force_terminal=True,
        no_color=not out.color,
        color_system="standard",
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    bullet = "\u2022" if out.unicode else "-"

    def grid(rows: Iterable[tuple[Text, Text]]) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for left, right in rows:
            table.add_row(left, right)
        return table

    for block in doc:
        if isinstance(block, Title):
            console.print(Text(block.text, style="bold"))
            if block.subtitle:
                console.print(Text(block.subtitle, style="dim"))
        elif isinstance(block, Para):
            console.print()
            console.print(Text(block.text, style="bold" if block.strong else "italic"))
        elif isinstance(block, Heading):
            console.print()
            console.print(Text(block.text, style="bold cyan"))
        elif isinstance(block, Bullets):
            console.print(grid((Text(f" {bullet}"), Text(item)) for item in block.items))
        else:
            console.print(
                grid((Text(f" {name}", style="bold"), Text(text)) for name, text in block.rows)
            )
    return buffer.getvalue()
