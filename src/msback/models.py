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


class Source(NamedTuple):
    """Where a fact comes from: the source article's section or a study or guideline."""

    name: str
    detail: str = ""


class Section(NamedTuple):
    """A headed list of short plain-language points."""

    heading: str
    items: tuple[str, ...]


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
            "sections": [{"heading": s.heading, "items": list(s.items)} for s in self.sections],
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
            sections=tuple(Section(s["heading"], tuple(s["items"])) for s in data["sections"]),
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

    def make_index(self) -> Index:
        """The small index derived from the topics."""
        entries = {
            t.id: IndexEntry(t.id, t.kind, t.title, t.summary, t.aliases)
            for t in self.topics.values()
        }
        aliases = {a: t.id for t in self.topics.values() for a in t.aliases}
        return Index(entries, aliases)
