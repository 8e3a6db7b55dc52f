"""Numbered content rules (MSB001...), used by ``msback lint`` and by loading.

Each rule has one failing fixture in ``tests/fixtures/lint/``. Loading refuses content that
breaks a rule marked fatal (it could not be shown safely or correctly); the others are
style and completeness rules that ``msback lint`` and CI enforce.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from msback.content.files import (
    GUIDE_FILE,
    Problem,
    display_path,
    field_name,
    line_of,
    parse_yaml,
    topic_files,
    validate_guide,
    validate_topic,
)
from msback.content.models import LEVELS
from msback.environment import SERVICE_NUMBERS
from msback.errors import ContentError

if TYPE_CHECKING:
    from yaml.nodes import Node

    from msback.content.models import Guide, Library, Synonym, Topic, TriedFile


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
        Rule("MSB013", True, "guide: duplicate question id"),
        Rule("MSB014", True, "guide: names a question, topic or level that does not exist"),
        Rule("MSB015", True, "guide: safety question or urgency level set up wrongly"),
        Rule("MSB016", False, "guide: treatment topic that no answer can reach"),
        Rule("MSB017", True, "guide: question that can never be asked"),
        Rule("MSB018", True, "guide: the safety topic and the safety questions disagree"),
        Rule(
            "MSB019",
            True,
            "synonyms: unknown topic, a phrase listed twice or already a name, or warning"
            " words that do not lead to a safety topic or one of numbers to call now",
        ),
        Rule("MSB020", True, "guide: a 'do not' situation that is not hidden, or not on the card"),
        Rule(
            "MSB021",
            True,
            "guide: an answer that sets the urgency or hides an option has no 'about'",
        ),
        Rule("MSB022", True, "tried: a word listed twice, or a target that is not a treatment"),
        Rule("MSB023", False, "text: emphasis in capitals, which a screen reader spells out"),
        Rule("MSB024", False, "text: a number to call that the screen-reader view cannot say"),
        Rule(
            "MSB025",
            True,
            "flare: misses one of the guide's emergency, same-day or MS-team questions, or"
            " names one that does not exist; or a plan prompt's id is listed twice",
        ),
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
class Located:
    """A file that passed the schema, with its node tree so problems can name lines."""

    path: Path
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


#: Words in capitals that are abbreviations, read as such; any other word in capitals is
#: emphasis, which a screen reader spells out letter by letter ("N, E, W").
ABBREVIATIONS = frozenset({
    "MS", "NHS", "NICE", "GP", "UK", "TENS", "US", "EU", "CBD", "MHRA", "HSE", "BMJ", "CPD",
    "VA", "UTI", "SSRI", "NZ", "FDA", "FAST", "CBT", "TB", "OK", "MSK", "HSC", "GGC", "FT",
    "DVLA", "CCG", "UKTIS", "UKST", "SNRI", "OT", "NI", "NECSU", "NCBI", "MIMS", "NSAID",
    "NSAIDS", "AFO", "FES", "ITB", "LP", "TN", "ISC", "MRI", "CT", "ED", "A&E", "PT", "DMT",
    "SPS", "UKMI", "HPRA", "EMA", "PMC", "NG", "CG", "BNF", "SIGN", "ABPI", "HRT", "NRS", "NR",
    "IG", "HL", "LOINC", "SNOMED", "FHIR", "CSV", "JSON", "HTML", "PDF", "ID", "IDS", "THC",
    "OTC", "PIL", "SPC", "SMPC", "QS", "RCT", "RCTS", "WHO", "USA", "SCI", "RCGP", "ACR",
    "EULAR", "AHRQ", "NIH", "NINDS", "NMSS", "MSAA", "MSTRUST", "MSIF", "CSF", "PDQ", "IBS",
    "UV", "BMI", "ABC", "FAQ", "MAOI", "CKS", "IOF", "HSCT", "CEFAR", "FHT"
})  # fmt: skip
_CAPITALS = re.compile(r"\b[A-Z][A-Z]+\b")
#: A phone number: digits in groups ("116 123"), or a number after a word for calling.
_PHONE = re.compile(
    r"\b(?:call|dial|ring|phone|text|NHS|Lifeline|Samaritans)(?: on)? (\d{3,}(?: \d{3,4})*)\b"
    r"|(?<![\d.:/-])\d{3,5}(?: \d{3,4})+(?![\d:/-]|\.\d)",
    re.I,
)


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
    shouted = sorted({w for w in _CAPITALS.findall(text) if w not in ABBREVIATIONS})
    if shouted:
        found.append(
            ("MSB023", f"{', '.join(shouted)} in capitals: a screen reader spells it out; say"
             " it in plain words (or add a real abbreviation to ABBREVIATIONS)")
        )  # fmt: skip
    unknown = sorted({n for m in _PHONE.finditer(text) if (n := m.group(1) or m.group(0))}
                     - set(SERVICE_NUMBERS))  # fmt: skip
    if unknown:
        found.append(
            ("MSB024", f"{', '.join(unknown)}: a number to call that msback does not know;"
             " add it to SERVICE_NUMBERS so the screen-reader view says it digit by digit")
        )  # fmt: skip
    bad = sorted({c for c in text if not (" " <= c <= "~")})
    if bad:
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
        found.append(("MSB010", f"non-ASCII character(s) {shown}; use plain ASCII"))
    return found


@dataclass(frozen=True)
class Parsed(Located):
    """A topic file that passed the schema."""

    topic: Topic


@dataclass(frozen=True)
class ParsedGuide(Located):
    """The guide file that passed the schema."""

    guide: Guide


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
    for i, section in enumerate(topic.sections):
        if not section.items and not section.flags:
            problems.append(
                item.problem(
                    "MSB002", f"sections[{i}].items", "a section needs items", "sections", i
                )
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
    owner: dict[str, Parsed] = {}  # every id and alias -> the file that claimed it first
    for item in items:
        names: list[tuple[str, Loc, str]] = [("id", ("id",), item.topic.id)]
        names += [(f"aliases[{i}]", ("aliases", i), a) for i, a in enumerate(item.topic.aliases)]
        seen: set[str] = set()
        for field, loc, name in names:
            first = owner.setdefault(name, item)
            if name in seen:
                why = "is listed twice"
            elif first is not item:
                why = f"is already used by '{first.topic.id}' ({first.path.name})"
            else:
                why = ""
            seen.add(name)
            if why:
                problems.append(item.problem("MSB004", field, f"'{name}' {why}", *loc))
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


def _guide_strings(guide: Guide) -> Iterator[tuple[str, Loc, str]]:
    """(field, YAML location, text) for every piece of prose in the guide."""
    for i, text in enumerate(guide.intro):
        yield f"intro[{i}]", ("intro", i), text
    yield "not_sure_emergency", ("not_sure_emergency",), guide.not_sure_emergency
    for i, level in enumerate(guide.levels):
        yield f"levels[{i}].title", ("levels", i, "title"), level.title
        for j, text in enumerate(level.message):
            yield f"levels[{i}].message[{j}]", ("levels", i, "message", j), text
        for j, text in enumerate(level.doctor_questions):
            yield f"levels[{i}].doctor_questions[{j}]", ("levels", i, "doctor_questions", j), text
        yield f"levels[{i}].hide_note", ("levels", i, "hide_note"), level.hide_note
        yield f"levels[{i}].also", ("levels", i, "also"), level.also
    for i, q in enumerate(guide.questions):
        for name, text in (("text", q.text), ("note", q.note), ("about", q.about)):
            yield f"questions[{i}].{name}", ("questions", i, name), text
        for j, line in enumerate(q.at_once):
            yield f"questions[{i}].at_once[{j}]", ("questions", i, "at_once", j), line
        for j, item in enumerate(q.items):
            yield f"questions[{i}].items[{j}]", ("questions", i, "items", j), item
    for i, o in enumerate(guide.options):
        yield f"options[{i}].base_reason", ("options", i, "base_reason"), o.base_reason
    if guide.flare is not None:
        for i, text in enumerate(guide.flare.intro):
            yield f"flare.intro[{i}]", ("flare", "intro", i), text
        for i, text in enumerate(guide.flare.no_plan):
            yield f"flare.no_plan[{i}]", ("flare", "no_plan", i), text
        for name in ("while_checked", "tell_team", "steps_intro"):
            yield f"flare.{name}", ("flare", name), getattr(guide.flare, name)
        for i, q in enumerate(guide.flare.questions):
            for name, text in (("text", q.text), ("note", q.note), ("about", q.about)):
                yield f"flare.questions[{i}].{name}", ("flare", "questions", i, name), text
            for name, lines in (("at_once", q.at_once), ("items", q.items)):
                for j, line in enumerate(lines):
                    yield (
                        f"flare.questions[{i}].{name}[{j}]",
                        ("flare", "questions", i, name, j),
                        line,
                    )
    for i, prompt in enumerate(guide.plan):
        for name, text in (("label", prompt.label), ("ask", prompt.ask)):
            yield f"plan[{i}].{name}", ("plan", i, name), text
        for j, example in enumerate(prompt.examples):
            yield f"plan[{i}].examples[{j}]", ("plan", i, "examples", j), example
    for i, r in enumerate(guide.rules):
        for name, text in (
            ("said", r.said),
            ("message", r.message),
            ("hide_advice", r.hide_advice),
        ):
            yield f"rules[{i}].{name}", ("rules", i, name), text
        for j, text in enumerate(r.doctor_questions):
            yield f"rules[{i}].doctor_questions[{j}]", ("rules", i, "doctor_questions", j), text
        for topic_id, up in r.raises.items():
            yield (
                f"rules[{i}].raises.{topic_id}.why",
                ("rules", i, "raises", topic_id, "why"),
                up.why,
            )
        for topic_id, texts in r.option_questions.items():
            for j, text in enumerate(texts):
                loc: Loc = ("rules", i, "option_questions", topic_id, j)
                yield field_name(loc), loc, text
        for topic_id, texts in r.cautions.items():
            for j, text in enumerate(texts):
                yield (
                    f"rules[{i}].cautions.{topic_id}[{j}]",
                    ("rules", i, "cautions", topic_id, j),
                    text,
                )


def check_guide(item: ParsedGuide, topics: dict[str, Topic]) -> list[Problem]:
    """Guide rules: unique questions, references that resolve, urgency set up safely,
    every treatment reachable, every question askable; and the text rules on its prose."""
    guide, problems = item.guide, []

    def problem(rule: str, message: str, *loc: int | str) -> Problem:
        return item.problem(rule, field_name(loc), message, *loc)

    order: dict[str, int] = {}
    for i, q in enumerate(guide.questions):
        if q.id in order:
            problems.append(
                problem("MSB013", f"question id '{q.id}' is used twice", "questions", i, "id")
            )
        order.setdefault(q.id, i)

    level_ids = [level.id for level in guide.levels]
    for level_id in LEVELS:
        if level_ids.count(level_id) != 1:
            problems.append(problem("MSB015", f"level '{level_id}' must be defined once", "levels"))
    known = {
        "topic": set(topics),
        "question": set(order),
        "option": {o.topic for o in guide.options},
    }
    for kind, name, loc in _references(guide):
        if name not in known[kind]:
            problems.append(problem("MSB014", f"no {kind} '{name}'", *loc))

    for i, q in enumerate(guide.questions):
        if q.stage == "safety" and q.urgency is None:
            problems.append(problem("MSB015", "a safety question needs an urgency", "questions", i))
        if q.stage == "pain" and q.urgency:
            problems.append(
                problem("MSB015", "only safety questions set urgency; use a rule", "questions", i)
            )
        for dep, allowed in q.ask_if.items():
            if dep in order and order[dep] >= i:
                problems.append(
                    problem(
                        "MSB017",
                        f"asked only after '{dep}', which does not come before it",
                        "questions",
                        i,
                        "ask_if",
                        dep,
                    )
                )
            elif not allowed:
                problems.append(
                    problem("MSB017", "ask_if lists no answers", "questions", i, "ask_if", dep)
                )

    for i, level in enumerate(guide.levels):
        if level.id in ("same-day", "ms-team") and not 0 < (level.max_options or 99) <= 3:
            problems.append(
                problem(
                    "MSB015",
                    "self-care must stay short here: set max_options to 1, 2 or 3",
                    "levels",
                    i,
                    "max_options",
                )
            )
    problems.extend(_check_warning_signs(item, topics))
    problems.extend(_check_do_not(item, topics))
    problems.extend(_check_about(item))
    problems.extend(_check_flare(item))

    raised = {o.topic for o in guide.options if o.base > 0}
    raised |= {t for r in guide.rules for t, up in r.raises.items() if up.points > 0}
    for i, only in enumerate(guide.lookup_only):
        if only.topic not in topics:
            problems.append(problem("MSB014", f"no topic '{only.topic}'", "lookup_only", i))
        elif only.topic in raised or not only.reason.strip():
            why = "the guide raises it" if only.topic in raised else "say why"
            problems.append(problem("MSB016", f"'{only.topic}' is lookup-only, but {why}",
                                    "lookup_only", i))  # fmt: skip
    raised |= {only.topic for only in guide.lookup_only}
    unreached = problem("MSB016", "", "options")  # where, found once for every such topic
    for topic in topics.values():
        if topic.kind == "treatment" and topic.id not in raised:
            problems.append(unreached._replace(message=f"no answer can recommend '{topic.id}'"))

    for field, loc, text in _guide_strings(guide):
        for rule, message in check_text(text):
            problems.append(item.problem(rule, field, message, *loc))
    return problems


#: The levels whose questions ``msback flare`` must ask before any plan (issue 20).
FLARE_LEVELS = ("emergency", "same-day", "ms-team")


def _check_flare(item: ParsedGuide) -> list[Problem]:
    """MSB025: the flare check asks every guide question that can call for help now, today
    or from the MS team, by id and in the guide's order; its own questions have ids of
    their own and an urgency no higher than "soon"; plan prompts are listed once."""
    guide, problems = item.guide, []

    def problem(message: str, *loc: int | str) -> Problem:
        return item.problem("MSB025", field_name(loc), message, *loc)

    seen: set[str] = set()
    for i, prompt in enumerate(guide.plan):
        if prompt.id in seen:
            problems.append(problem(f"plan prompt '{prompt.id}' is listed twice", "plan", i, "id"))
        seen.add(prompt.id)
    flare = guide.flare
    if flare is None:
        return problems
    questions = {q.id: q for q in guide.questions}
    needed = [q.id for q in guide.questions if q.stage == "safety" and q.urgency in FLARE_LEVELS]
    for i, qid in enumerate(flare.safety):
        if qid not in questions:
            problems.append(problem(f"no guide question '{qid}'", "flare", "safety", i))
    missing = [qid for qid in needed if qid not in flare.safety]
    if missing:
        problems.append(problem(f"the flare check must ask {', '.join(missing)}", "flare"))
    listed = [qid for qid in flare.safety if qid in questions]
    if listed != sorted(listed, key=list(questions).index):
        problems.append(problem("list the guide's questions in the guide's order", "flare"))
    own = [q.id for q in flare.questions]
    for i, q in enumerate(flare.questions):
        if q.id in questions or own.count(q.id) > 1:
            problems.append(problem(f"question id '{q.id}' is used twice", "flare", "questions", i))
        if q.urgency in FLARE_LEVELS:
            problems.append(
                problem(
                    "a flare question more urgent than 'soon' belongs in the guide",
                    "flare",
                    "questions",
                    i,
                    "urgency",
                )
            )
        for dep in q.ask_if:
            if dep not in flare.safety and dep not in own[:i]:
                problems.append(
                    problem(
                        f"asked only after '{dep}', which is not asked before it",
                        "flare",
                        "questions",
                        i,
                        "ask_if",
                    )
                )
    return problems


def _references(guide: Guide) -> list[tuple[str, str, Loc]]:
    """Every name the guide gives: (kind, name, where), for MSB014."""
    refs: list[tuple[str, str, Loc]] = [("topic", guide.safety_topic, ("safety_topic",))]
    refs += [
        ("topic", lv.topic, ("levels", i, "topic")) for i, lv in enumerate(guide.levels) if lv.topic
    ]
    refs += [("topic", o.topic, ("options", i, "topic")) for i, o in enumerate(guide.options)]
    if guide.flare is not None and guide.flare.topic:
        refs.append(("topic", guide.flare.topic, ("flare", "topic")))
    for i, r in enumerate(guide.rules):
        refs += [("question", q, ("rules", i, "when", q)) for q in r.when]
        refs += [("option", t, ("rules", i, "raises", t)) for t in r.raises]
        refs += [("option", t, ("rules", i, "cautions", t)) for t in r.cautions]
        refs += [("option", t, ("rules", i, "option_questions", t)) for t in r.option_questions]
        refs += [("option", t, ("rules", i, "hides", j)) for j, t in enumerate(r.hides)]
    for i, q in enumerate(guide.questions):
        refs += [("question", dep, ("questions", i, "ask_if", dep)) for dep in q.ask_if]
        refs += [("option", t, ("questions", i, "guards", j)) for j, t in enumerate(q.guards)]
    for i, lv in enumerate(guide.levels):
        refs += [("option", t, ("levels", i, "hides", j)) for j, t in enumerate(lv.hides)]
    for i, o in enumerate(guide.options):
        refs += [("option", t, ("options", i, "after", j)) for j, t in enumerate(o.after)]
        for j, d in enumerate(o.do_not):
            refs += [
                ("question", q, ("options", i, "do_not", j, "hidden_by", k))
                for k, q in enumerate(d.hidden_by)
            ]
    return refs


def _check_warning_signs(item: ParsedGuide, topics: dict[str, Topic]) -> list[Problem]:
    """MSB018: the safety topic lists exactly the signs the safety questions ask about.

    Its sections with ``flags: LEVEL`` are filled in from the questions, one per level that
    a safety question uses; and it states the guide's "not sure" rule word for word.
    """
    guide, problems = item.guide, []
    safety = topics.get(guide.safety_topic)
    if safety is None:
        return []  # MSB014 reports the missing topic

    def problem(message: str, *loc: int | str) -> Problem:
        return item.problem("MSB018", field_name(loc), message, *loc)

    used = [q.urgency for q in guide.questions if q.stage == "safety" and q.urgency]
    for i, q in enumerate(guide.questions):
        if q.stage == "safety" and not q.items:
            problems.append(
                problem("a safety question lists its warning signs in items", "questions", i)
            )
    listed = [s.flags for s in safety.sections if s.flags]
    for level in dict.fromkeys(used):
        if listed.count(level) != 1:
            problems.append(
                problem(
                    f"'{guide.safety_topic}' needs one section with 'flags: {level}' to list "
                    f"the signs the guide asks at that level (it has {listed.count(level)})",
                    "safety_topic",
                )
            )
    for level in listed:
        if level not in used:
            problems.append(
                problem(
                    f"'{guide.safety_topic}' lists flags for '{level}', "
                    "but no safety question gives that level",
                    "safety_topic",
                )
            )
    if any(s.flags and s.items for s in safety.sections):
        problems.append(
            problem(
                f"a 'flags' section in '{guide.safety_topic}' must not list items of its own: "
                "they come from the safety questions",
                "safety_topic",
            )
        )
    for topic in topics.values():
        if topic.id != guide.safety_topic and any(s.flags for s in topic.sections):
            problems.append(
                problem(f"only '{guide.safety_topic}' may have 'flags' sections ({topic.id})")
            )
    policy = " ".join(guide.not_sure_emergency.split())
    if policy not in (" ".join(c.split()) for c in safety.cautions):
        problems.append(
            problem(
                f"'{guide.safety_topic}' must state the 'not sure' rule word for word "
                "in its cautions",
                "not_sure_emergency",
            )
        )
    return problems


#: A key caution saying "do not take ... if" or "not suitable" must be in the option's ``do_not``.
_DO_NOT_WORDS = re.compile(
    r"\b(?:do not|don't|never) (?:take|use)\b[^.]*\bif\b|\bnot suitable\b", re.IGNORECASE
)


def _check_do_not(item: ParsedGuide, topics: Mapping[str, Topic]) -> list[Problem]:
    """MSB020: every "do not" hides its option on "yes" and "not sure", and is on the card.

    A rule that hides an option on "yes" hides it on "not sure" too. Each ``do_not`` entry's
    words are in one of the option's key cautions (the short card always shows them), and
    the questions in ``hidden_by`` really hide the option, or ``reason`` says why none can.
    A key caution that says "do not take", "do not use" or "not suitable" needs an entry.
    """
    guide, problems = item.guide, []

    def problem(message: str, *loc: int | str) -> Problem:
        return item.problem("MSB020", field_name(loc), message, *loc)

    hiders: dict[str, set[str]] = {}
    for i, rule in enumerate(guide.rules):
        for q, allowed in rule.when.items():
            if rule.hides and "yes" in allowed and "not-sure" not in allowed:
                problems.append(
                    problem(f"hides on 'yes' to '{q}' but not on 'not-sure'", "rules", i, "when", q)
                )
        for topic_id in rule.hides:
            hiders.setdefault(topic_id, set()).update(rule.when)
    for i, option in enumerate(guide.options):
        topic = topics.get(option.topic)
        if topic is None:
            continue  # MSB014
        key = [c.lower() for c in topic.cautions[: option.key_cautions]]
        for j, entry in enumerate(option.do_not):
            loc: Loc = ("options", i, "do_not", j)
            if not any(entry.caution.lower() in c for c in key):
                problems.append(
                    problem(
                        f"'{entry.caution}' is not in the first {option.key_cautions} cautions "
                        f"of '{topic.id}'",
                        *loc, "caution",
                    )
                )  # fmt: skip
            for k, q in enumerate(entry.hidden_by):
                if q not in hiders.get(option.topic, set()):
                    problems.append(
                        problem(f"no rule on '{q}' hides '{option.topic}'", *loc, "hidden_by", k)
                    )
            if not entry.hidden_by and not entry.reason.strip():
                problems.append(
                    problem("name the questions that hide it (hidden_by), or give a reason", *loc)
                )
        listed = [e.caution.lower() for e in option.do_not]
        for n, caution in enumerate(key):
            if _DO_NOT_WORDS.search(caution) and not any(w in caution for w in listed):
                problems.append(
                    problem(
                        f"key caution {n + 1} of '{topic.id}' says \"do not\": "
                        "list it in do_not",
                        "options", i, "topic",
                    )
                )  # fmt: skip
    return problems


def _check_about(item: ParsedGuide) -> list[Problem]:
    """MSB021: an answer that can set the urgency or hide an option says what it is about,
    so the result can say "because you said yes to ..."."""
    guide = item.guide
    needs = {q.id for q in guide.questions if q.urgency or q.guards}
    needs |= {q for r in guide.rules if r.urgency or r.hides for q in r.when}
    return [
        item.problem(
            "MSB021", f"questions[{i}].about", f"'{q.id}' needs 'about'", "questions", i, "id"
        )
        for i, q in enumerate(guide.questions)
        if q.id in needs and not q.about.strip()
    ]


def _urgent(topic: Topic | None) -> bool:
    return topic is not None and (topic.kind == "safety" or topic.gives_help_now())


def read_synonyms(
    content_dir: Path, topics: Mapping[str, Topic]
) -> tuple[tuple[Synonym, ...], list[Problem]]:
    """The synonyms file, if there is one, and MSB019's problems with it.

    Each entry leads to one topic that exists, or to search words; no phrase is listed
    twice, and none is already a topic's id or alias (that would be two ways to say one
    thing, and a clash waiting to happen).
    """
    from msback.content.files import SYNONYMS_FILE, validate_synonyms
    from msback.content.lookup import normalise

    path = content_dir / SYNONYMS_FILE
    if not path.exists():
        return (), []
    data, node, problem = parse_yaml(path)
    if problem:
        return (), [problem]
    synonyms, problems = validate_synonyms(path, data, node)
    if synonyms is None:
        return (), problems
    item = Located(path, node)
    names = {n for t in topics.values() for n in (t.id, *t.aliases)}
    seen: dict[str, int] = {}
    for i, entry in enumerate(synonyms):
        loc: Loc = ("synonyms", i)
        if bool(entry.topic) == bool(entry.search):
            problems.append(
                item.problem("MSB019", field_name(loc), "give either a topic or search words", *loc)
            )
        elif entry.topic and entry.topic not in topics:
            problems.append(
                item.problem(
                    "MSB019", field_name((*loc, "topic")), f"no topic '{entry.topic}'", *loc,
                    "topic",
                )
            )  # fmt: skip
        elif entry.warning and not _urgent(topics.get(entry.topic)):
            problems.append(
                item.problem(
                    "MSB019", field_name(loc),
                    "warning words must lead to a safety topic, or one that starts with"
                    " numbers to call now", *loc,
                )
            )  # fmt: skip
        if not entry.words:
            problems.append(item.problem("MSB019", field_name(loc), "no words", *loc))
        for j, phrase in enumerate(entry.words):
            key = normalise(phrase)
            where: Loc = (*loc, "words", j)
            if not key:
                why = "an empty phrase"
            elif key in seen:
                why = f"'{phrase}' is listed twice (first in synonyms[{seen[key]}])"
            elif key in names:
                why = f"'{phrase}' is already a topic id or alias"
            else:
                why = ""
            seen.setdefault(key, i)
            if why:
                problems.append(item.problem("MSB019", field_name(where), why, *where))
            for rule, message in check_text(phrase):
                problems.append(item.problem(rule, field_name(where), message, *where))
    return synonyms, problems


def read_tried(content_dir: Path, topics: Mapping[str, Topic]) -> tuple[TriedFile, list[Problem]]:
    """The tried file, if there is one, and MSB022's problems with it: every target is a
    treatment topic (something a person can try: never a safety or background page), each
    entry has words and targets, each own-words entry a note, and no word is listed twice."""
    from msback.content.files import TRIED_FILE, validate_tried
    from msback.content.lookup import normalise
    from msback.content.models import TriedFile

    path = content_dir / TRIED_FILE
    if not path.exists():
        return TriedFile(()), []
    data, node, problem = parse_yaml(path)
    if problem:
        return TriedFile(()), [problem]
    found, problems = validate_tried(path, data, node)
    if found is None:
        return TriedFile(()), problems
    item = Located(path, node)
    seen: dict[str, Loc] = {}
    groups: list[tuple[Loc, tuple[str, ...]]] = [
        (("tried", i), e.words) for i, e in enumerate(found.tried)
    ]
    groups += [(("own", i), e.words) for i, e in enumerate(found.own)]
    for i, entry in enumerate(found.tried):
        loc: Loc = ("tried", i)
        if not entry.words or not entry.topics:
            problems.append(item.problem("MSB022", field_name(loc), "needs words and topics", *loc))
        for j, target in enumerate(entry.topics):
            where: Loc = (*loc, "topics", j)
            kind = topics[target].kind if target in topics else None
            if kind != "treatment":
                why = f"no topic '{target}'" if kind is None else f"'{target}' is not a treatment"
                problems.append(item.problem("MSB022", field_name(where), why, *where))
    for i, own in enumerate(found.own):
        loc = ("own", i)
        if not own.words or not own.note.strip():
            problems.append(item.problem("MSB022", field_name(loc), "needs words and a note", *loc))
        for rule, message in check_text(own.note):
            problems.append(item.problem(rule, field_name((*loc, "note")), message, *loc, "note"))
    for loc, words in groups:
        for j, word in enumerate(words):
            key = normalise(word)
            where = (*loc, "words", j)
            if not key or key in seen:
                why = f"'{word}' is listed twice (first in {field_name(seen[key])})" if key else ""
                problems.append(
                    item.problem("MSB022", field_name(where), why or "an empty word", *where)
                )
            seen.setdefault(key, loc)
            for rule, message in check_text(word):
                problems.append(item.problem(rule, field_name(where), message, *where))
    return found, problems


def _read_guide(content_dir: Path) -> tuple[ParsedGuide | None, list[Problem]]:
    path = content_dir / GUIDE_FILE
    if not path.exists():
        return None, []
    data, node, problem = parse_yaml(path)
    if problem:
        return None, [problem]
    guide, problems = validate_guide(path, data, node)
    return (ParsedGuide(path, node, guide) if guide is not None else None), problems


class Checked(NamedTuple):
    """A content folder after every rule: what parsed, and all problems."""

    parsed: list[Parsed]
    guide: ParsedGuide | None
    synonyms: tuple[Synonym, ...]
    problems: list[Problem]
    tried: TriedFile | None = None


def check_all(
    content_dir: Path, reuse: Mapping[str, Topic] | None = None
) -> tuple[list[Parsed], ParsedGuide | None, list[Problem]]:
    """Every rule over topics and guide: what parsed, and all problems (see ``check``)."""
    checked = check(content_dir, reuse)
    return checked.parsed, checked.guide, checked.problems


def check(content_dir: Path, reuse: Mapping[str, Topic] | None = None) -> Checked:
    """Every rule over topics, guide and synonyms, each file read once.

    ``reuse`` maps topic file names to topics that passed every rule of their own file
    before and whose file has not changed since (the lookup cache knows them): they are not
    parsed again, but the rules across files and the guide's rules still see them.
    """
    parsed: list[Parsed] = []
    problems: list[Problem] = []
    files = topic_files(content_dir)
    if not files:
        problems.append(
            Problem(display_path(content_dir / "topics"), "MSB002", "", "no topic files (*.yaml)")
        )
    for path in files:
        known = reuse.get(path.name) if reuse else None
        if known is not None:
            parsed.append(Parsed(path, None, known))
            continue
        data, node, problem = parse_yaml(path)
        if problem:
            problems.append(problem)
            continue
        topic, schema_problems = validate_topic(path, data, node)
        problems.extend(schema_problems)
        if topic is not None:
            item = Parsed(path, node, topic)
            parsed.append(item)
            problems.extend(check_topic(item))
    problems.extend(check_references(parsed))
    topics = {item.topic.id: item.topic for item in parsed}
    guide, guide_problems = _read_guide(content_dir)
    problems.extend(guide_problems)
    synonyms, synonym_problems = read_synonyms(content_dir, topics)
    problems.extend(synonym_problems)
    tried, tried_problems = read_tried(content_dir, topics)
    problems.extend(tried_problems)
    if guide is not None:
        problems.extend(check_guide(guide, topics))
    return Checked(parsed, guide, synonyms, problems, tried)


def load_library(content_dir: Path, reuse: Mapping[str, Topic] | None = None) -> Library:
    """Load and validate a content directory, refusing it on the first fatal problem."""
    from msback.content.models import Library

    checked = check(content_dir, reuse)
    fatal = [p for p in checked.problems if RULES[p.rule].fatal]
    if fatal:
        more = f" (and {len(fatal) - 1} more: run 'msback lint')" if len(fatal) > 1 else ""
        raise ContentError(f"content error: {fatal[0]}{more}")
    topics = {item.topic.id: item.topic for item in checked.parsed}
    guide = checked.guide.guide if checked.guide else None
    if guide is not None:
        from msback.content.safety import with_warning_signs

        topics[guide.safety_topic] = with_warning_signs(topics[guide.safety_topic], guide)
    tried = checked.tried
    return Library(
        topics, guide, checked.synonyms, tried.tried if tried else (), tried.own if tried else ()
    )
