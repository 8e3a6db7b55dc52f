"""The ground floor's output: a small document (a tuple of blocks), drawn as plain text, as
Rich on a terminal, or data as JSON.

Plain and Rich are drawn from the same document, so they always say the same things. No
medical logic: the documents are made by ``content.pages``, ``guide.screens`` and the
diary's views. Rich is imported only when a Rich view is drawn (it costs start-up), and
text is always given to Rich as ``Text``, never as markup, so ``[brackets]`` survive.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from msback.environment import Output, keep_numbers, say_digits, strip_controls, wrap


class Title(NamedTuple):
    text: str
    subtitle: str = ""


class Para(NamedTuple):
    text: str
    strong: bool = False
    alert: bool = False  # an emergency: drawn in reverse red on a terminal (words say it too)


class Heading(NamedTuple):
    text: str
    level: int = 1  # 2: a sub-heading inside a section (no blank line before it in plain text)


class Bullets(NamedTuple):
    items: tuple[str, ...]


class Lines(NamedTuple):
    """Lines of text with no blank line between them (a summary), each wrapped; or, if
    ``preformatted``, drawn exactly as they are (a chart). ``gap``: a blank line before."""

    items: tuple[str, ...]
    gap: bool = True
    preformatted: bool = False


class Pairs(NamedTuple):
    """Rows of (name, description), e.g. topic ids with their summaries."""

    rows: tuple[tuple[str, str], ...]


Block = Title | Para | Heading | Bullets | Lines | Pairs
#: Below this width, Rich shows name-and-text rows stacked instead of side by side.
STACK_BELOW = 60
Doc = tuple[Block, ...]


# -- JSON --------------------------------------------------------------------------------


def to_json(data: Any) -> str:
    """Stable, ASCII-only, indented JSON with a final newline (as ``json.dumps(data,
    indent=2)`` would write it, without importing ``json`` on the start-up path)."""
    import msgspec

    text = msgspec.json.format(msgspec.json.encode(data), indent=2).decode("utf-8")
    return (text if text.isascii() else "".join(map(_ascii, text))) + "\n"


def _ascii(char: str) -> str:
    """One character as JSON writes it with ``ensure_ascii``: non-ASCII as \\u escapes."""
    code = ord(char)
    if code < 0x80:
        return char
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def render(doc: Doc, out: Output) -> str:
    """The document as text for ``out``: plain or Rich (JSON is built from data, not docs)."""
    if out.style == "rich":
        return render_rich(doc, out)
    return render_plain(doc, out.wrap, out.spoken)


def render_plain(doc: Doc, width: int | None = None, spoken: bool = False) -> str:
    """Screen-reader friendly text: no colour or boxes, headings as words, one item per line;
    ``spoken``: numbers to call written digit by digit (``say_digits``)."""
    lines: list[str] = []
    for block in map(_said, doc) if spoken else doc:
        if isinstance(block, Title):
            lines += wrap(block.text, width)
            if block.subtitle:
                lines += wrap(block.subtitle, width)
        elif isinstance(block, Para):
            if lines:
                lines.append("")
            lines += wrap(block.text, width)
        elif isinstance(block, Heading):
            if lines and block.level == 1:
                lines.append("")
            heading = block.text if block.text.endswith((":", "?")) else block.text + ":"
            lines += wrap(heading, width)
        elif isinstance(block, Bullets):
            for item in block.items:
                lines += wrap(item, width, "- ", "  ")
        elif isinstance(block, Lines):
            if lines and block.gap:
                lines.append("")
            for item in block.items:
                lines += [item] if block.preformatted else wrap(item, width)
        else:
            for name, text in block.rows:
                lines += wrap(f"{name}: {text}" if text else name, width, "- ", "  ")
    return "\n".join(lines) + "\n"


def _said(block: Block) -> Block:
    """The block with its numbers to call written digit by digit (never a chart's lines)."""
    if isinstance(block, Title):
        return Title(say_digits(block.text), say_digits(block.subtitle))
    if isinstance(block, Para | Heading):
        return block._replace(text=say_digits(block.text))
    if isinstance(block, Bullets):
        return Bullets(tuple(map(say_digits, block.items)))
    if isinstance(block, Lines):
        return (
            block
            if block.preformatted
            else block._replace(items=tuple(map(say_digits, block.items)))
        )
    return Pairs(tuple((name, say_digits(text)) for name, text in block.rows))


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

    def text(value: str, style: str = "", width: int = out.width) -> Text:
        """Content as plain Text (it never carries escape codes). Rich breaks lines at any
        space, even inside "116 123": text with a number in it is wrapped here instead."""
        value = strip_controls(value)
        if keep_numbers(value) != value:
            value = "\n".join(wrap(value, width))
        return Text(value, style=style)

    def grid(rows: Iterable[tuple[Text, Text]]) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for left, right in rows:
            table.add_row(left, right)
        return table

    for block in doc:
        if isinstance(block, Title):
            console.print(text(block.text, "bold"))
            if block.subtitle:
                console.print(text(block.subtitle))
        elif isinstance(block, Para):
            console.print()
            style = "bold" if block.strong else ""
            console.print(text(block.text, "bold reverse red" if block.alert else style))
        elif isinstance(block, Heading):
            if block.level == 1:
                console.print()
            console.print(text(block.text, "bold cyan" if block.level == 1 else "bold"))
        elif isinstance(block, Bullets):
            rows = ((Text(f" {bullet}"), text(item, width=out.width - 3)) for item in block.items)
            console.print(grid(rows))
        elif isinstance(block, Lines):
            if block.gap and block is not doc[0]:
                console.print()
            for item in block.items:
                console.print(text(item), no_wrap=block.preformatted, crop=block.preformatted)
        elif out.width >= STACK_BELOW:
            console.print(
                grid((text(f" {name}", "bold"), text(value)) for name, value in block.rows)
            )
        else:  # a narrow screen: each name on its own line, its text below, never cut
            from rich.padding import Padding

            for name, value in block.rows:
                console.print(text(f" {name}", "bold"))
                if value:
                    console.print(Padding(text(value), (0, 0, 0, 3)))
    return buffer.getvalue()
