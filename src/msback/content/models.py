"""The shape of msback's content, defined once: immutable msgspec Structs.

The same classes check YAML (``msgspec.convert`` in ``files.py``), decode the compiled
content and the cache with full type checks (``msgspec.json.decode``), and carry data through
the engine and the views. Unknown fields are refused everywhere.
"""

from typing import Any, Literal

import msgspec

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


class Model(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Base of every content shape: immutable, unknown fields refused."""


class Source(Model, frozen=True):
    """Where a fact comes from: the source article's section or a study or guideline."""

    name: str
    detail: str = ""


class Section(Model, frozen=True):
    """A headed list of short plain-language points.

    In the guide's safety topic, a section with ``flags`` set to an urgency level lists the
    warning signs the guide asks about at that level: its items are filled in from the
    guide's safety questions when the content is loaded, so the two can never differ.
    """

    heading: str
    items: tuple[str, ...] = ()
    flags: LevelId | None = None


class Topic(Model, frozen=True):
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

    def gives_help_now(self) -> bool:
        """Whether it starts with a list of numbers to call now, every line one (the
        low-mood topic's crisis lines): search ranks it first among the topics a query
        names, and warning words may lead to it."""
        from msback.environment import SERVICE_NUMBERS

        first = self.sections[0].items if self.sections else ()
        return bool(first) and all(any(n in item for n in SERVICE_NUMBERS) for item in first)

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
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data


class IndexEntry(Model, frozen=True, array_like=True):
    """What ``list``, lookup and completion need about a topic, without its body."""

    id: str
    kind: str
    title: str
    summary: str
    aliases: tuple[str, ...] = ()


class Synonym(Model, frozen=True):
    """Everyday words or phrases (``content/synonyms.yaml``) that lead to a topic, or that
    a search should read as other words: "numb bum" -> red-flags, "wobbly" -> balance."""

    words: tuple[str, ...]
    topic: str = ""  # show and search lead here
    search: str = ""  # search reads the words as these
    #: Warning words ("fell", "chest tight"): a query with all of a phrase's words, in any
    #: order and among any others, keeps this safety topic at the top of a search.
    warning: bool = False


class SynonymsFile(Model, frozen=True):
    """The shape of ``content/synonyms.yaml``."""

    synonyms: tuple[Synonym, ...]


class TriedWords(Model, frozen=True):
    """Words people write for something they tried (``content/tried.yaml``), and the
    treatment topics it counts for in the diary: "hot water bottle" -> heat-packs,
    "Nurofen Plus" -> anti-inflammatories and codeine. Separate from topic aliases: "heat"
    leads ``msback show`` to heat sensitivity, but as something tried it is a heat pack."""

    words: tuple[str, ...]
    topics: tuple[str, ...]


class OwnWords(Model, frozen=True):
    """Words for something tried that count for no one treatment (``content/tried.yaml``):
    too general ("painkillers"), or a kind msback has no topic for yet (gels are not
    tablets). They are kept as the person wrote them, and ``note`` is said once."""

    words: tuple[str, ...]
    note: str


class TriedFile(Model, frozen=True):
    """The shape of ``content/tried.yaml``."""

    tried: tuple[TriedWords, ...]
    own: tuple[OwnWords, ...] = ()


class Index(Model, frozen=True):
    """All topics' index entries, by id, every alias mapped to its topic id, synonyms, and
    the words for what people tried."""

    entries: dict[str, IndexEntry]
    aliases: dict[str, str]
    synonyms: tuple[Synonym, ...] = ()
    tried: tuple[TriedWords, ...] = ()
    own: tuple[OwnWords, ...] = ()


class Library(Model, frozen=True):
    """A fully validated content directory."""

    topics: dict[str, Topic]
    guide: "Guide | None" = None
    synonyms: tuple[Synonym, ...] = ()
    tried: tuple[TriedWords, ...] = ()
    own: tuple[OwnWords, ...] = ()

    def make_index(self) -> Index:
        """The small index derived from the topics."""
        entries = {
            t.id: IndexEntry(t.id, t.kind, t.title, t.summary, t.aliases)
            for t in self.topics.values()
        }
        aliases = {a: t.id for t in self.topics.values() for a in t.aliases}
        return Index(entries, aliases, self.synonyms, self.tried, self.own)


# -- the guide (content/guide.yaml) -------------------------------------------------------


class Level(Model, frozen=True):
    """An urgency level: what to do, in words, and questions it adds for the doctor."""

    id: LevelId
    title: str
    message: tuple[str, ...]
    doctor_questions: tuple[str, ...] = ()
    topic: str = ""  # a topic whose sources back this level, e.g. relapse for ms-team
    max_options: int | None = None  # at most this many self-care options at this level
    hides: tuple[str, ...] = ()  # options not safe to suggest at this level
    hide_note: str = ""  # why, and what to do instead (shown when one would have been shown)
    also: str = ""  # said when a safety answer set this level but a more urgent one won
    #: What to do, in one line: the last thing the result says (else the first message).
    action: str = ""


class Question(Model, frozen=True):
    """One screen of the guide. A safety question's ``urgency`` is what "yes" gives.

    "Not sure" counts as "yes", except for an emergency sign: there it gives same-day,
    with the emergency signs listed (see ``msback.guide.engine.safety_level``).
    """

    id: str
    stage: Literal["safety", "pain"]
    text: str
    items: tuple[str, ...] = ()
    note: str = ""
    urgency: LevelId | None = None
    ask_if: dict[str, tuple[Answer, ...]] = {}
    #: Options this question keeps safe: it is asked only when one of them would otherwise
    #: be shown, and then an unanswered one counts as "not sure".
    guards: tuple[str, ...] = ()
    #: What the question is about, to finish "because you said yes to ..." and "because you
    #: were not sure about ...". Needed where an answer can set the urgency or hide an option.
    about: str = ""
    #: Shown at once after a "yes" or "not sure", before the next question (crisis numbers).
    at_once: tuple[str, ...] = ()


class DoNot(Model, frozen=True):
    """A situation in which a guideline says "do not" for an option.

    ``caution`` is words that one of the option's key cautions must contain (so the short
    card always says it). ``hidden_by`` names the questions whose "yes" or "not sure" hides
    the option; where no question can ask it, ``reason`` says why (a clinician reads it).
    """

    caution: str
    hidden_by: tuple[str, ...] = ()
    reason: str = ""


class Option(Model, frozen=True):
    """A relief option the guide can recommend: a topic, with points everyone gets.

    ``key_cautions``: how many of the topic's first cautions the short result always shows
    (the must-know ones for a medicine); ``--details`` and the summary show them all.
    """

    topic: str
    base: int = 0
    base_reason: str = ""
    key_cautions: int = 1
    after: tuple[str, ...] = ()  # always ranked below these options when they are shown
    do_not: tuple[DoNot, ...] = ()  # checked by msback lint (MSB020)


class Raise(Model, frozen=True):
    """Points a rule gives one option, and why the option fits that answer."""

    points: int
    why: str = ""


class GuideRule(Model, frozen=True):
    """When answers match ``when``: raise or hide options, explain why, add cautions,
    doctor questions, an urgency and a message."""

    when: dict[str, tuple[Answer, ...]]
    said: str = ""  # what the person said, in the second person: "You said ..."
    raises: dict[str, Raise] = {}
    hides: tuple[str, ...] = ()  # options not safe to suggest with this answer
    cautions: dict[str, tuple[str, ...]] = {}
    hide_advice: str = ""  # after "... left out, because ...": what to do instead
    doctor_questions: tuple[str, ...] = ()  # for the appointment checklist, always
    option_questions: dict[str, tuple[str, ...]] = {}  # used only if the option shows
    urgency: LevelId | None = None
    message: str = ""
    first: bool = False  # the message comes first in the result (crisis numbers)


class LookupOnly(Model, frozen=True):
    """A treatment the guide does not raise, and why (for reviewers)."""

    topic: str
    reason: str


class PlanPrompt(Model, frozen=True):
    """One prompt of ``msback plan``: the person's flare plan, written on a good day."""

    id: str
    label: str  # short, for showing the plan: "What usually helps me"
    ask: str  # the question, one at a time
    examples: tuple[str, ...] = ()  # what others write: ideas, never advice to follow
    report: bool = False  # the clinic report shows this part (its first lines)


class Flare(Model, frozen=True):
    """``msback flare``: the guide's own safety questions first (by id: a grouping, not a
    copy), then its own few, then the person's plan."""

    intro: tuple[str, ...]
    safety: tuple[str, ...]  # ids of guide questions: every emergency, same-day, MS-team one
    questions: tuple[Question, ...] = ()  # asked after them; ids unlike the guide's
    topic: str = ""  # shown when the person has no plan yet (the bad-days topic)
    while_checked: str = ""  # before the plan, when the check found something to do first
    tell_team: str = ""  # after recording a possible relapse the MS team has not been told of
    no_plan: tuple[str, ...] = ()  # said then, before it
    steps_intro: str = ""  # before the topic's first steps (left out when a check comes first)
    words: tuple[str, ...] = ()  # common words for what is new or worse, to pick from


class Guide(Model, frozen=True):
    """The whole questionnaire as data."""

    intro: tuple[str, ...]
    safety_topic: str  # the topic the safety screen is drawn from (its sources are cited)
    not_sure_emergency: str  # the one-sentence "not sure" policy; said when it applies
    levels: tuple[Level, ...]
    questions: tuple[Question, ...]
    options: tuple[Option, ...]
    rules: tuple[GuideRule, ...]
    #: Treatment topics found only by show and search, each with why the guide does not
    #: raise it (MSB016 accepts these).
    lookup_only: tuple[LookupOnly, ...] = ()
    flare: Flare | None = None
    plan: tuple[PlanPrompt, ...] = ()
