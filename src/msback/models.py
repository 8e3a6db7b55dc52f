"""The shape of msback's content: immutable named tuples.

They carry no pydantic import and cost almost nothing to define, so the fast paths (``show``,
``list``) can build them from the JSON cache cheaply. ``content.py`` validates YAML into these
same classes with pydantic, which forbids unknown fields in named tuples.
"""

from typing import Any, Literal, NamedTuple

Kind = Literal["about", "cause", "treatment", "safety", "coping"]

#: Kinds in the order ``list`` shows them, with their group headings.
KIND_HEADINGS: dict[str, str] = {
    "about": "About",
    "cause": "Causes",
    "treatment": "Treatments",
    "safety": "Safety",
    "coping": "Coping",
}


Answer = Literal["yes", "no", "not-sure"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "not-sure")
LevelId = Literal["emergency", "same-day", "ms-team", "soon", "self-care"]
#: Urgency levels, most urgent first.
LEVELS: tuple[LevelId, ...] = ("emergency", "same-day", "ms-team", "soon", "self-care")


class Source(NamedTuple):
    """Where a fact comes from: the source article's section or a study or guideline."""

    name: str
    detail: str = ""


class Section(NamedTuple):
    """A headed list of short plain-language points.

    In the guide's safety topic, a section with ``flags`` set to an urgency level lists the
    warning signs the guide asks about at that level: its items are filled in from the
    guide's safety questions when the content is loaded, so the two can never differ.
    """

    heading: str
    items: tuple[str, ...] = ()
    flags: LevelId | None = None


class Topic(NamedTuple):
    """One topic: a cause, a treatment, a safety page, a coping page or background."""

    id: str
    kind: Kind
    title: str
    summary: str
    sections: tuple[Section, ...] = ()
    cautions: tuple[str, ...] = ()
    doctor_questions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    def texts(self) -> list[tuple[str, str]]:
        """Every line of text in the topic as (field, text), in reading order."""
        out: list[tuple[str, str]] = [("title", self.title), ("summary", self.summary)]
        for section in self.sections:
            out.extend(("sections", item) for item in section.items)
        out.extend(("cautions", c) for c in self.cautions)
        out.extend(("doctor_questions", q) for q in self.doctor_questions)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with stable keys."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "sections": [
                {"heading": s.heading, "items": list(s.items), "flags": s.flags}
                for s in self.sections
            ],
            "cautions": list(self.cautions),
            "doctor_questions": list(self.doctor_questions),
            "aliases": list(self.aliases),
            "related": list(self.related),
            "sources": [{"name": s.name, "detail": s.detail} for s in self.sources],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Topic":
        """Rebuild a topic from ``to_dict`` output (trusted: it was validated before caching)."""
        return cls(
            id=data["id"],
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            sections=tuple(
                Section(s["heading"], tuple(s["items"]), s["flags"]) for s in data["sections"]
            ),
            cautions=tuple(data["cautions"]),
            doctor_questions=tuple(data["doctor_questions"]),
            aliases=tuple(data["aliases"]),
            related=tuple(data["related"]),
            sources=tuple(Source(s["name"], s["detail"]) for s in data["sources"]),
        )


class IndexEntry(NamedTuple):
    """What ``list``, lookup and completion need about a topic, without its body."""

    id: str
    kind: str
    title: str
    summary: str
    aliases: tuple[str, ...] = ()


class Index(NamedTuple):
    """All topics' index entries, by id, and every alias mapped to its topic id."""

    entries: dict[str, IndexEntry]
    aliases: dict[str, str]


class Library(NamedTuple):
    """A fully validated content directory."""

    topics: dict[str, Topic]
    guide: "Guide | None" = None

    def make_index(self) -> Index:
        """The small index derived from the topics."""
        entries = {
            t.id: IndexEntry(t.id, t.kind, t.title, t.summary, t.aliases)
            for t in self.topics.values()
        }
        aliases = {a: t.id for t in self.topics.values() for a in t.aliases}
        return Index(entries, aliases)


# -- the guide (content/guide.yaml) -------------------------------------------------------


class Level(NamedTuple):
    """An urgency level: what to do, in words, and questions it adds for the doctor."""

    id: LevelId
    title: str
    message: tuple[str, ...]
    doctor_questions: tuple[str, ...] = ()
    topic: str = ""  # a topic whose sources back this level, e.g. relapse for ms-team
    max_options: int | None = None  # at most this many self-care options at this level


class Question(NamedTuple):
    """One screen of the guide. A safety question's ``urgency`` is what "yes" gives.

    "Not sure" counts as "yes", except for an emergency sign: there it gives same-day,
    with the emergency signs listed (see ``guide.safety_level``).
    """

    id: str
    stage: Literal["safety", "pain"]
    text: str
    items: tuple[str, ...] = ()
    note: str = ""
    urgency: LevelId | None = None
    ask_if: dict[str, tuple[Answer, ...]] = {}  # noqa: RUF012 - never mutated


class Option(NamedTuple):
    """A relief option the guide can recommend: a topic, with points everyone gets.

    ``key_cautions``: how many of the topic's first cautions the short result always shows
    (the must-know ones for a medicine); ``--details`` and the summary show them all.
    """

    topic: str
    base: int = 0
    base_reason: str = ""
    key_cautions: int = 1


class Raise(NamedTuple):
    """Points a rule gives one option, and why the option fits that answer."""

    points: int
    why: str = ""


class GuideRule(NamedTuple):
    """When answers match ``when``: raise or hide options, explain why, add cautions,
    doctor questions, an urgency and a message."""

    when: dict[str, tuple[Answer, ...]]
    said: str = ""  # what the person said, in the second person: "You said ..."
    raises: dict[str, Raise] = {}  # noqa: RUF012 - never mutated
    hides: tuple[str, ...] = ()  # options not safe to suggest with this answer
    cautions: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - never mutated
    doctor_questions: tuple[str, ...] = ()  # for the appointment checklist, always
    option_questions: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - only if the option shows
    urgency: LevelId | None = None
    message: str = ""


class Guide(NamedTuple):
    """The whole questionnaire as data."""

    intro: tuple[str, ...]
    safety_topic: str  # the topic the safety screen is drawn from (its sources are cited)
    not_sure_emergency: str  # the one-sentence "not sure" policy; said when it applies
    levels: tuple[Level, ...]
    questions: tuple[Question, ...]
    options: tuple[Option, ...]
    rules: tuple[GuideRule, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (for the cache)."""
        return {
            "intro": list(self.intro),
            "safety_topic": self.safety_topic,
            "not_sure_emergency": self.not_sure_emergency,
            "levels": [level._asdict() for level in self.levels],
            "questions": [q._asdict() for q in self.questions],
            "options": [o._asdict() for o in self.options],
            "rules": [r._asdict() for r in self.rules],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Guide":
        """Rebuild from ``to_dict`` output (trusted: it was validated before caching)."""

        def tuples(mapping: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
            return {k: tuple(v) for k, v in mapping.items()}

        return cls(
            intro=tuple(data["intro"]),
            safety_topic=data["safety_topic"],
            not_sure_emergency=data["not_sure_emergency"],
            levels=tuple(
                Level(
                    **{
                        **d,
                        "message": tuple(d["message"]),
                        "doctor_questions": tuple(d["doctor_questions"]),
                    }
                )
                for d in data["levels"]
            ),
            questions=tuple(
                Question(**{**d, "items": tuple(d["items"]), "ask_if": tuples(d["ask_if"])})
                for d in data["questions"]
            ),
            options=tuple(Option(**d) for d in data["options"]),
            rules=tuple(
                GuideRule(
                    **{
                        **d,
                        "when": tuples(d["when"]),
                        "raises": {k: Raise(*v) for k, v in d["raises"].items()},
                        "hides": tuple(d["hides"]),
                        "cautions": tuples(d["cautions"]),
                        "doctor_questions": tuple(d["doctor_questions"]),
                        "option_questions": tuples(d["option_questions"]),
                    }
                )
                for d in data["rules"]
            ),
        )
