"""Numbered content rules (MSB001...), used by ``msback lint`` and by loading.

Each rule has one failing fixture in ``tests/fixtures/lint/``. Loading refuses content that
breaks a rule marked fatal (it could not be shown safely or correctly); the others are
style and completeness rules that ``msback lint`` and CI enforce.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from msback.content import Problem, display_path, line_of, parse_yaml, topic_files, validate_topic
from msback.errors import ContentError

if TYPE_CHECKING:
    from yaml.nodes import Node

    from msback.models import Library, Topic


@dataclass(frozen=True)
class Rule:
    """A lint rule: its code, whether loading refuses content that breaks it, what it checks."""

    code: str
    fatal: bool
    description: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("MSB001", True, "unknown field"),
        Rule("MSB002", True, "missing field or wrong type"),
        Rule("MSB003", True, "id does not match the file name"),
        Rule("MSB004", True, "duplicate id or alias"),
        Rule("MSB005", True, "reference to a topic that does not exist"),
        Rule("MSB006", True, "dose-like text (msback never gives doses)"),
        Rule("MSB007", False, "topic without sources"),
        Rule("MSB008", False, "treatment without cautions or two doctor questions"),
        Rule("MSB009", False, "sentence over 25 words"),
        Rule("MSB010", False, "character that plain ASCII output cannot show"),
        Rule("MSB011", True, "file that is not valid, safe YAML"),
        Rule("MSB012", True, "id or alias that is not lowercase-kebab-case"),
    )
}

MAX_SENTENCE_WORDS = 25
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|half|a half)"
_UNIT = (
    r"(?:mg|mcg|micrograms?|milligrams?|g|grams?|ml|millilitres?|milliliters?|iu|units?"
    r"|tablets?|pills?|capsules?|doses?|drops?|puffs?)"
)
DOSE = re.compile(
    rf"\b{_NUMBER}\s*-?\s*{_UNIT}\b|\b{_NUMBER}\s+times\s+(?:a|per|each)\s+day\b"
    r"|\bevery\s+\d+\s+hours?\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
Loc = tuple[int | str, ...]  # a place in a YAML document: keys and list indexes


@dataclass(frozen=True)
class Parsed:
    """A topic file that passed the schema, with its node tree for line numbers."""

    path: Path
    topic: Topic
    node: Node | None

    def problem(self, rule: str, field: str, message: str, *loc: int | str) -> Problem:
        return Problem(
            display_path(self.path), rule, field, message, line_of(self.node, loc or (field,))
        )


def _strings(topic: Topic) -> Iterator[tuple[str, Loc, str]]:
    """(field name, YAML location, text) for every piece of prose in a topic."""
    yield "title", ("title",), topic.title
    yield "summary", ("summary",), topic.summary
    for i, section in enumerate(topic.sections):
        yield f"sections[{i}].heading", ("sections", i, "heading"), section.heading
        for j, item in enumerate(section.items):
            yield f"sections[{i}].items[{j}]", ("sections", i, "items", j), item
    for name in ("cautions", "doctor_questions"):
        for i, text in enumerate(getattr(topic, name)):
            yield f"{name}[{i}]", (name, i), text
    for i, src in enumerate(topic.sources):
        yield f"sources[{i}].name", ("sources", i, "name"), src.name
        yield f"sources[{i}].detail", ("sources", i, "detail"), src.detail


def check_text(text: str) -> list[tuple[str, str]]:
    """Text rules for one string: (rule, message) for dose-like text, long sentences, non-ASCII."""
    found: list[tuple[str, str]] = []
    dose = DOSE.search(text)
    if dose:
        found.append(("MSB006", f"dose-like text '{dose.group(0)}'"))
    for sentence in _SENTENCE_END.split(text):
        count = len(sentence.split())
        if count > MAX_SENTENCE_WORDS:
            found.append(("MSB009", f"sentence of {count} words (at most {MAX_SENTENCE_WORDS})"))
    bad = sorted({c for c in text if not (" " <= c <= "~")})
    if bad:
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
        found.append(("MSB010", f"non-ASCII character(s) {shown}; use plain ASCII"))
    return found


def check_topic(item: Parsed) -> list[Problem]:
    """Rules that look at one topic on its own."""
    topic, problems = item.topic, []
    if topic.id != item.path.stem:
        problems.append(
            item.problem(
                "MSB003", "id", f"'{topic.id}' does not match the file name '{item.path.stem}'"
            )
        )
    for i, name in enumerate((topic.id, *topic.aliases)):
        if not KEBAB.match(name):
            loc: Loc = ("id",) if i == 0 else ("aliases", i - 1)
            field = "id" if i == 0 else f"aliases[{i - 1}]"
            problems.append(
                item.problem("MSB012", field, f"'{name}' is not lowercase-kebab-case", *loc)
            )
    if not topic.sources:
        problems.append(item.problem("MSB007", "sources", "every topic must name its sources"))
    if topic.kind == "treatment":
        if not topic.cautions:
            problems.append(item.problem("MSB008", "cautions", "a treatment needs cautions"))
        if len(topic.doctor_questions) < 2:
            problems.append(
                item.problem(
                    "MSB008", "doctor_questions", "a treatment needs at least two doctor questions"
                )
            )
    for field, loc, text in _strings(topic):
        for rule, message in check_text(text):
            problems.append(item.problem(rule, field, message, *loc))
    return problems


def check_references(items: list[Parsed]) -> list[Problem]:
    """Rules across topics: unique ids and aliases, related ids that resolve."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for item in items:
        names: list[tuple[str, Loc, str]] = [("id", ("id",), item.topic.id)]
        names += [(f"aliases[{i}]", ("aliases", i), a) for i, a in enumerate(item.topic.aliases)]
        for field, loc, name in names:
            if name in owner:
                other = owner[name]
                why = (
                    "is listed twice" if other == item.topic.id else f"is already used by '{other}'"
                )
                problems.append(item.problem("MSB004", field, f"'{name}' {why}", *loc))
            owner.setdefault(name, item.topic.id)
    ids = {item.topic.id for item in items}
    for item in items:
        for i, rel in enumerate(item.topic.related):
            if rel not in ids:
                problems.append(
                    item.problem("MSB005", f"related[{i}]", f"no topic '{rel}'", "related", i)
                )
            elif rel == item.topic.id:
                problems.append(
                    item.problem(
                        "MSB005", f"related[{i}]", "a topic cannot relate to itself", "related", i
                    )
                )
    return problems


def check_dir(content_dir: Path) -> tuple[list[Parsed], list[Problem]]:
    """Run every rule over a content directory: the topics that parsed, and all problems."""
    parsed: list[Parsed] = []
    problems: list[Problem] = []
    files = topic_files(content_dir)
    if not files:
        problems.append(
            Problem(display_path(content_dir / "topics"), "MSB002", "", "no topic files (*.yaml)")
        )
    for path in files:
        data, node, problem = parse_yaml(path)
        if problem:
            problems.append(problem)
            continue
        topic, schema_problems = validate_topic(path, data, node)
        problems.extend(schema_problems)
        if topic is not None:
            item = Parsed(path, topic, node)
            parsed.append(item)
            problems.extend(check_topic(item))
    problems.extend(check_references(parsed))
    return parsed, problems


def load_library(content_dir: Path) -> Library:
    """Load and validate a content directory, refusing it on the first fatal problem."""
    from msback.models import Library

    parsed, problems = check_dir(content_dir)
    fatal = [p for p in problems if RULES[p.rule].fatal]
    if fatal:
        more = f" (and {len(fatal) - 1} more: run 'msback lint')" if len(fatal) > 1 else ""
        raise ContentError(f"content error: {fatal[0]}{more}")
    return Library({item.topic.id: item.topic for item in parsed})
