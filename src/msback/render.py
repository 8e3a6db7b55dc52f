"""Turn topics and results into one small document, then into plain text, Rich or JSON.

The document (a tuple of blocks) is the single structure both text views are drawn from,
so plain and Rich output always say the same things. Rich is imported only when used, and
content is always given to Rich as ``Text``, never as markup, so ``[brackets]`` survive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from msback.content.lookup import Hit
from msback.content.models import KIND_HEADINGS, Answer, Guide, Index, Question, Topic
from msback.environment import Output, strip_controls, wrap

if TYPE_CHECKING:
    from msback.guide.engine import Outcome


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


class Pairs(NamedTuple):
    """Rows of (name, description), e.g. topic ids with their summaries."""

    rows: tuple[tuple[str, str], ...]


Block = Title | Para | Heading | Bullets | Pairs
#: Below this width, Rich shows name-and-text rows stacked instead of side by side.
STACK_BELOW = 60
Doc = tuple[Block, ...]

# -- documents ---------------------------------------------------------------------------


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


def search_doc(query: str, hits: Sequence[Hit], total: int) -> Doc:
    """The best search results, each with the line that matched, and how many there are."""
    found = "1 topic matches" if total == 1 else f"{total} topics match"
    more = total - len(hits)
    return (
        Para(f'{found} "{query}", best first.'),
        Pairs(tuple((h.topic_id, h.line) for h in hits)),
        *([Para(f"{more} more not shown: add --all to see every one.")] if more > 0 else []),
    )


KEYS_HINT = "Type y (yes), n (no) or s (not sure). Type b to go back, q to quit."
ANSWER_WORDS: dict[str, str] = {"yes": "Yes", "no": "No", "not-sure": "Not sure"}
#: Options the short result shows at most; ``--details`` and the summary show them all.
SHORT_OPTIONS = 3
#: The short result's budget: at most this many lines at ``SHORT_WIDTH`` columns. Safety
#: lines (why, what was left out, crisis numbers) come first; options give way to them.
SHORT_LINES = 45
SHORT_WIDTH = 80
NOT_A_DIAGNOSIS = "msback does not diagnose. Medicines here are things to ask about, never doses."


def intro_doc(guide: Guide) -> Doc:
    """The opening screen: what the guide does and does not do, the "not sure" rule, keys."""
    return (
        Title("msback guide"),
        Bullets((*guide.intro, guide.not_sure_emergency)),
        Para(KEYS_HINT),
    )


def question_doc(
    question: Question, number: int, total: int, previous: Answer | None = None
) -> Doc:
    """One question on its own screen, with progress and the keys to answer."""
    stage = "Safety check" if question.stage == "safety" else "About your pain"
    blocks: list[Block] = [Title(f"Question {number} of {total}", stage), Para(question.text, True)]
    if question.items:
        blocks.append(Bullets(question.items))
    if question.note:
        blocks.append(Para(question.note))
    if previous:
        blocks.append(Para(f"Your answer before was: {ANSWER_WORDS[previous]}."))
    blocks.append(Para(KEYS_HINT))
    return tuple(blocks)


def at_once_doc(question: Question) -> Doc:
    """What a "yes" or "not sure" to this question shows straight away (crisis numbers)."""
    return (Bullets(question.at_once),)


def _urgency(outcome: Outcome) -> Para:
    return Para(f"How urgent: {outcome.title}", strong=True, alert=outcome.urgency == "emergency")


def _why_urgent(outcome: Outcome) -> list[Block]:
    because = outcome.because_text()
    return [Para(because)] if because else []


def short_count(outcome: Outcome) -> int:
    """How many options the short result shows: up to ``SHORT_OPTIONS``, fewer when the
    result would otherwise run past ``SHORT_LINES`` lines at ``SHORT_WIDTH`` columns (the
    rest are in ``--details``). The same at every screen width, so what a person saw can be
    kept and reported."""
    count = min(SHORT_OPTIONS, len(outcome.recommendations))
    while count > 1:
        # Plain text one column narrower wraps as Rich does with its wider bullets.
        text = render_plain(outcome_doc(outcome, shown=count), SHORT_WIDTH - 1)
        if text.count("\n") <= SHORT_LINES:
            break
        count -= 1
    return count


def outcome_doc(outcome: Outcome, details: bool = False, shown: int | None = None) -> Doc:
    """The result. Urgency first, then why; for an emergency nothing else.

    Short (the default): ``shown`` options (``short_count``), each with its strongest
    reason, the cautions for this person and one doctor question; the appointment
    checklist; and, last, the urgency again. ``details``: every option, reason, caution,
    question and source.
    """
    blocks: list[Block] = [
        Title("Your result"), _urgency(outcome), *_why_urgent(outcome),
        Bullets(outcome.messages + outcome.left_out),
    ]  # fmt: skip
    if outcome.urgency == "emergency":
        return tuple(blocks)
    count = len(outcome.recommendations) if details else shown
    shown_recs = outcome.recommendations[: short_count(outcome) if count is None else count]
    if shown_recs:
        secondary = outcome.urgency in ("same-day", "ms-team")
        blocks.append(
            Heading(
                "Self-care comes second. While you arrange that, these may also help"
                if secondary
                else "Relief options for you, best match first"
            )
        )
    for number, rec in enumerate(shown_recs, 1):
        if details:
            blocks += [
                Heading(f"{number}. {rec.title}"),
                Para(rec.summary),
                Heading("Why it fits", 2),
                Bullets(tuple(r.text for r in rec.reasons)),
                Heading("Cautions", 2),
                Bullets(rec.cautions),
                Heading("Ask your doctor", 2),
                Bullets(rec.doctor_questions),
            ]
        else:
            lines = [f"Why it fits: {rec.reasons[0].text}"] if rec.reasons else []
            lines += [f"Caution: {c}" for c in rec.key_cautions]
            lines += [f"Ask: {q}" for q in rec.doctor_questions[:1]]
            blocks += [Heading(f"{number}. {rec.title}"), Bullets(tuple(lines))]
    checklist = outcome.checklist(shown_recs)
    if checklist:
        blocks += [Heading("Questions for your appointment"), Bullets(checklist)]
    if details:
        blocks += [Heading("Sources"), Bullets(outcome.sources), Para(NOT_A_DIAGNOSIS)]
    more = [f"msback show {shown_recs[0].id if shown_recs else 'TOPIC'}"]
    if not details:
        more.insert(0, "msback guide --details (everything)")
    if outcome.urgency == "self-care":
        more.append("msback show red-flags (warning signs)")
    blocks += [_urgency(outcome), Bullets((f"More: {', '.join(more)}.",))]
    return tuple(blocks)


def screen_urgency_doc(outcome: Outcome) -> Doc:
    """The urgency for the screen the person answered on, when the result went elsewhere.

    For an emergency this is the whole message, so it can never be missed.
    """
    if outcome.urgency == "emergency":
        return (_urgency(outcome), *_why_urgent(outcome), Bullets(outcome.messages))
    return (_urgency(outcome), *_why_urgent(outcome), Bullets(outcome.messages[:1]))


def questions_doc(guide: Guide) -> Doc:
    """Every question with its id, for writing an answers file."""
    blocks: list[Block] = [
        Para(
            "Answer with: yes, no or not-sure. Unanswered safety questions count as not-sure, "
            "and so do unanswered questions that keep a shown option safe."
        )
    ]
    for question in guide.questions:
        blocks += [Heading(f"{question.id} ({question.stage})"), Para(question.text)]
        if question.items:
            blocks.append(Bullets(question.items))
        for dep, allowed in question.ask_if.items():
            blocks.append(Para(f"Asked only when {dep} is: {', '.join(allowed)}"))
        if question.guards:
            guarded = ", ".join(question.guards)
            blocks.append(Para(f"Asked only when one of these would be shown: {guarded}"))
    return tuple(blocks)


def questions_json(guide: Guide) -> dict[str, Any]:
    from msback.content.models import ANSWERS

    return {
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "answers": list(ANSWERS),
                "stage": q.stage,
                "items": list(q.items),
                "ask_if": {dep: list(allowed) for dep, allowed in q.ask_if.items()},
                "guards": list(q.guards),
            }
            for q in guide.questions
        ]
    }


#: Lines the person can fill in on the handout before the appointment.
FILL_IN = (
    "Where the pain is:",
    "How long I have had it:",
    "How bad it is, from 0 (no pain) to 10 (worst pain I can imagine):",
    "Medicines I take now:",
)


def summary_markdown(
    outcome: Outcome, answered: Sequence[tuple[Question, Answer]], when: str
) -> str:
    """A Markdown handout for a clinic visit: everything, and no terminal commands."""
    lines = [
        f"# My back pain summary ({when})",
        "",
        "I made this with msback, a self-care guide for back pain with MS. It does not diagnose.",
        "Please read it with me at my appointment.",
        "",
        "## How urgent msback said this is",
        "",
        f"**{outcome.title}**",
        "",
        *([_first_person(outcome.because_text()), ""] if outcome.because else []),
        *[f"- {m}" for m in outcome.messages + outcome.left_out],
        "",
        "## About my pain",
        "",
        *[f"- {label} ____________________" for label in FILL_IN],
        "",
        "## My answers",
    ]
    for stage, heading in (("safety", "Safety check"), ("pain", "About the pain")):
        rows = [(q, a) for q, a in answered if q.stage == stage]
        if rows:
            lines += ["", f"{heading}:", ""]
        for question, answer in rows:
            lines.append(f"- {question.text} **{ANSWER_WORDS[answer]}**")
            lines.extend(f"  - {item}" for item in question.items)
    if outcome.recommendations:
        lines += ["", "## Options I would like to discuss", ""]
        for number, rec in enumerate(outcome.recommendations, 1):
            lines += [f"### {number}. {rec.title}", "", rec.summary, "", "Why it may fit:", ""]
            lines += [f"- {r.why}" for r in rec.reasons] + ["", "Cautions:", ""]
            lines += [f"- {c}" for c in rec.cautions] + [""]
    checklist = outcome.checklist(outcome.recommendations)
    if checklist:
        lines += ["## Questions for my appointment", ""]
        lines += [f"- [ ] {q}" for q in checklist] + [""]
    lines += ["## Sources", "", *[f"- {s}" for s in outcome.sources], ""]
    return "\n".join(lines)


def _first_person(text: str) -> str:
    """The reasons as the person hands them over: "I said yes to ...", "I was not sure"."""
    for you, me in (
        ("you said", "I said"), ("you were not sure", "I was not sure"),
        ("you did not answer", "I did not answer"), ("yourself", "myself"), (" your ", " my "),
        (" you ", " I "),
    ):  # fmt: skip
        text = text.replace(you, me)
    return text


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


def render_plain(doc: Doc, width: int | None = None) -> str:
    """Screen-reader friendly text: no colour or boxes, headings as words, one item per line."""
    lines: list[str] = []
    for block in doc:
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
            lines += wrap(block.text if block.text.endswith(":") else block.text + ":", width)
        elif isinstance(block, Bullets):
            for item in block.items:
                lines += wrap(item, width, "- ", "  ")
        else:
            for name, text in block.rows:
                lines += wrap(f"{name}: {text}" if text else name, width, "- ", "  ")
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

    def text(value: str, style: str = "") -> Text:  # content never carries escape codes
        return Text(strip_controls(value), style=style)

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
            console.print(grid((Text(f" {bullet}"), text(item)) for item in block.items))
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
