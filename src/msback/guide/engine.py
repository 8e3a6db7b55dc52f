"""The guide's engine: which question comes next, and what a set of answers adds up to.

Pure: no files, no printing. The questions, urgency levels and ranking rules are data from
``content/guide.yaml``; this module only walks them. The same answers always give the same
``Outcome``, whether they were typed at the prompt or read from a file.

Safety first: a "yes" to an emergency sign ends the guide with no self-care at all. A red
flag left unanswered counts as "not sure". "Not sure" counts as "yes", except for an
emergency sign, where it gives "see a doctor today" with the emergency signs listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from msback.content.models import LEVELS, Answer, Guide, GuideRule, Level, LevelId, Question, Topic
from msback.errors import quote

Answers = Mapping[str, Answer]

_WORDS: dict[str, Answer] = {
    "y": "yes", "yes": "yes", "yeah": "yes", "yep": "yes", "yup": "yes", "ya": "yes",
    "true": "yes",
    "n": "no", "no": "no", "nope": "no", "nah": "no", "false": "no",
    "s": "not-sure", "?": "not-sure", "not sure": "not-sure", "not-sure": "not-sure",
    "notsure": "not-sure", "unsure": "not-sure", "don't know": "not-sure",
    "dont know": "not-sure", "do not know": "not-sure", "dont-know": "not-sure",
    "idk": "not-sure", "maybe": "not-sure",
}  # fmt: skip
_SPACES = re.compile(r"\s+")


class AnswerError(ValueError):
    """An answers mapping that names an unknown question or gives a word that isn't an answer."""


class Reason(NamedTuple):
    """Why an option fits: what the person said, and why the option suits that."""

    said: str
    why: str

    @property
    def text(self) -> str:
        return f"{self.said} {self.why}".strip()


class Recommendation(NamedTuple):
    """A relief option for this person: why it fits, its cautions, questions for the doctor.

    ``cautions`` and ``doctor_questions`` put this person's own first; the short result
    shows ``key_cautions`` and the first doctor question, ``--details`` shows them all.
    """

    id: str
    title: str
    summary: str
    reasons: tuple[Reason, ...]
    cautions: tuple[str, ...]
    key_cautions: tuple[str, ...]
    doctor_questions: tuple[str, ...]
    score: int


class Outcome(NamedTuple):
    """What the answers add up to. ``recommendations`` is empty for an emergency.

    ``doctor_questions`` are the ones that belong to no option; ``checklist`` adds those of
    the options actually shown, so no question refers to an option the person did not see.
    """

    urgency: LevelId
    title: str
    messages: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    doctor_questions: tuple[str, ...]
    sources: tuple[str, ...]

    def checklist(self, shown: Sequence[Recommendation]) -> tuple[str, ...]:
        """Questions for the appointment: the general ones, then one per option shown."""
        return _unique(
            [*self.doctor_questions] + [r.doctor_questions[0] for r in shown if r.doctor_questions]
        )

    def to_json(self) -> dict[str, Any]:
        """The outcome with its stable JSON keys."""
        return {
            "urgency": self.urgency,
            "messages": list(self.messages),
            "recommendations": [
                {
                    "id": r.id,
                    "title": r.title,
                    "reasons": [reason.text for reason in r.reasons],
                    "cautions": list(r.cautions),
                    "doctor_questions": list(r.doctor_questions),
                }
                for r in self.recommendations
            ],
            "doctor_questions": list(self.checklist(self.recommendations)),
            "sources": list(self.sources),
        }


# -- answers ------------------------------------------------------------------------------


def answer_from(value: Any) -> Answer | None:
    """An answer from a typed word or a file value: y, yeah, n, nope, s, ?, not sure...

    Case, spaces, curly apostrophes and a closing full stop or exclamation mark are ignored.
    """
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, str):
        word = _SPACES.sub(" ", value.replace("\u2019", "'")).strip().lower().rstrip(".!")
        return _WORDS.get(word.strip())
    return None


def parse_answers(guide: Guide, raw: Any) -> dict[str, Answer]:
    """Check a mapping of question id -> answer read from a file."""
    if not isinstance(raw, Mapping):
        raise AnswerError("the answers must be a mapping of question id to answer")
    known = {q.id for q in guide.questions}
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        if str(key) not in known:
            raise AnswerError(
                f"unknown question id {quote(key)} (list them: msback guide --list-questions)"
            )
        answer = answer_from(value)
        if answer is None:
            raise AnswerError(
                f"question '{key}': {quote(value)} is not an allowed answer "
                "(use yes, no or not-sure)"
            )
        answers[str(key)] = answer
    return answers


# -- which questions ----------------------------------------------------------------------


def is_emergency_yes(question: Question, answer: Answer | None) -> bool:
    return question.urgency == "emergency" and answer == "yes"


def asked(guide: Guide, answers: Answers) -> list[Question]:
    """The questions these answers lead through, in order.

    A question with ``ask_if`` is on the path only when its earlier question got one of the
    listed answers. The path ends at an emergency "yes": nothing else is asked after it.
    """
    path: list[Question] = []
    for question in guide.questions:
        if all(answers.get(dep) in allowed for dep, allowed in question.ask_if.items()):
            path.append(question)
            if is_emergency_yes(question, answers.get(question.id)):
                break
    return path


def next_question(guide: Guide, answers: Answers) -> Question | None:
    """The first question on the path not answered yet; None when the guide is finished."""
    for question in asked(guide, answers):
        if question.id not in answers:
            return question
        if is_emergency_yes(question, answers[question.id]):
            return None
    return None


def progress(guide: Guide, answers: Answers, current: Question) -> tuple[int, int]:
    """(number of this question, questions on the path), counting undecided skips as asked."""
    path = [
        q for q in guide.questions
        if all(answers.get(dep, allowed[0]) in allowed for dep, allowed in q.ask_if.items())
    ]  # fmt: skip
    ids = [q.id for q in path]
    return ids.index(current.id) + 1, len(path)


# -- the outcome --------------------------------------------------------------------------


def _most_urgent(levels: Iterable[LevelId | None]) -> LevelId:
    found = [level for level in levels if level is not None]
    return min(found, key=LEVELS.index) if found else "self-care"


def _level(guide: Guide, level_id: LevelId) -> Level:
    return next(level for level in guide.levels if level.id == level_id)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def _sources(topics: Iterable[Topic]) -> tuple[str, ...]:
    """Each source once, by name (``msback show TOPIC`` gives the sections and details)."""
    return _unique(s.name for t in topics for s in t.sources)


def safety_level(question: Question, answer: Answer) -> LevelId | None:
    """The urgency one safety answer gives. "No": none. "Yes": the question's level.

    "Not sure": the same as "yes", except for an emergency sign, where it is same-day (and
    ``evaluate`` lists the emergency signs with the call-now sentence). Never lower than "no".
    """
    if answer == "no" or question.urgency is None:
        return None
    if answer == "not-sure" and question.urgency == "emergency":
        return "same-day"
    return question.urgency


def warning_signs(guide: Guide) -> dict[LevelId, tuple[str, ...]]:
    """Every warning sign the safety questions ask about, by the urgency a "yes" gives."""
    signs: dict[LevelId, list[str]] = {}
    for question in guide.questions:
        if question.stage == "safety" and question.urgency is not None:
            signs.setdefault(question.urgency, []).extend(question.items)
    return {level: tuple(items) for level, items in signs.items()}


def with_warning_signs(topic: Topic, guide: Guide) -> Topic:
    """The safety topic with its ``flags`` sections filled in from the safety questions."""
    from msgspec.structs import replace

    signs = warning_signs(guide)
    sections = tuple(
        replace(s, items=signs.get(s.flags, ())) if s.flags else s for s in topic.sections
    )
    return replace(topic, sections=sections)


def topic_ids(guide: Guide) -> set[str]:
    """Every topic ``evaluate`` may need: the options, the safety topic, the levels' topics."""
    ids = {option.topic for option in guide.options} | {guide.safety_topic}
    return ids | {level.topic for level in guide.levels if level.topic}


def evaluate(guide: Guide, topics: Mapping[str, Topic], answers: Answers) -> Outcome:
    """Urgency first, then relief options ranked for this person, doctor questions, sources.

    ``topics`` must hold every topic in ``topic_ids(guide)``.
    """
    path = asked(guide, answers)
    safety = [(q, answers.get(q.id, "not-sure")) for q in path if q.stage == "safety"]
    given = {q.id: answers[q.id] for q in path if q.id in answers}
    fired = [
        rule for rule in guide.rules
        if all(given.get(q) in allowed for q, allowed in rule.when.items())
    ]  # fmt: skip

    urgency = _most_urgent(
        [safety_level(q, a) for q, a in safety] + [rule.urgency for rule in fired]
    )
    level = _level(guide, urgency)
    level_topics = [topics[guide.safety_topic]] + ([topics[level.topic]] if level.topic else [])
    if urgency == "emergency":
        return Outcome(urgency, level.title, level.message, (), (), _sources(level_topics))

    messages = list(level.message)
    unsure = [q for q, a in safety if q.urgency == "emergency" and a == "not-sure"]
    if unsure:
        messages.append(guide.not_sure_emergency)
        messages.extend(f"Emergency sign: {item}" for q in unsure for item in q.items)
    messages.extend(rule.message for rule in fired)

    recommendations = _rank(guide, topics, fired)[: level.max_options]
    general = [*level.doctor_questions] + [q for rule in fired for q in rule.doctor_questions]
    chosen = [topics[rec.id] for rec in recommendations]
    return Outcome(
        urgency, level.title, _unique(messages), tuple(recommendations), _unique(general),
        _sources(level_topics + chosen),
    )  # fmt: skip


def _rank(
    guide: Guide, topics: Mapping[str, Topic], fired: list[GuideRule]
) -> list[Recommendation]:
    """Score every option from its base points and the rules that fired; best first.

    An option a fired rule hides, or whose score is not above zero, is left out.
    """
    hidden = {topic_id for rule in fired for topic_id in rule.hides}
    ranked: list[tuple[int, int, Recommendation]] = []
    for order, option in enumerate(guide.options):
        if option.topic in hidden:
            continue
        score = option.base
        reasons: list[tuple[int, Reason]] = []
        cautions: list[str] = []
        questions: list[str] = []
        for rule in fired:
            cautions.extend(rule.cautions.get(option.topic, ()))
            questions.extend(rule.option_questions.get(option.topic, ()))
            raised = rule.raises.get(option.topic)
            if raised is not None:
                score += raised.points
                if raised.points > 0 and raised.why:
                    reasons.append((raised.points, Reason(rule.said, raised.why)))
        if score <= 0:
            continue
        reasons.sort(key=lambda pair: -pair[0])  # the strongest reason first (stable)
        ordered = [reason for _, reason in reasons]
        if option.base and option.base_reason:
            ordered.append(Reason("", option.base_reason))  # the general reason last
        topic = topics[option.topic]
        rec = Recommendation(
            id=topic.id,
            title=topic.title,
            summary=topic.summary,
            reasons=tuple(dict.fromkeys(ordered)),
            cautions=_unique([*cautions, *topic.cautions]),
            key_cautions=_unique([*cautions, *topic.cautions[: option.key_cautions]]),
            doctor_questions=_unique([*questions, *topic.doctor_questions]),
            score=score,
        )
        ranked.append((-score, order, rec))
    return [rec for *_, rec in sorted(ranked)]
