"""The guide's engine: which question comes next, and what a set of answers adds up to.

Pure: no files, no printing. The questions, urgency levels and ranking rules are data from
``content/guide.yaml``; this module only walks them. The same answers always give the same
``Outcome``, whether they were typed at the prompt or read from a file.

Safety first: a "yes" to an emergency sign ends the guide with no self-care at all. A red
flag left unanswered counts as "not sure", and "not sure" never gives a lower urgency than
"no" (for an emergency sign it gives at least same-day, with the signs listed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from msback.models import LEVELS, Answer, Guide, GuideRule, Level, LevelId, Question, Topic

Answers = Mapping[str, Answer]

_WORDS: dict[str, Answer] = {
    "y": "yes", "yes": "yes", "true": "yes",
    "n": "no", "no": "no", "false": "no",
    "?": "not-sure", "not-sure": "not-sure", "not sure": "not-sure", "notsure": "not-sure",
    "unsure": "not-sure", "dont-know": "not-sure", "don't know": "not-sure",
}  # fmt: skip


class AnswerError(ValueError):
    """An answers mapping that names an unknown question or gives a word that isn't an answer."""


class Recommendation(NamedTuple):
    """A relief option for this person: why it fits, its cautions, questions for the doctor."""

    id: str
    title: str
    summary: str
    reasons: tuple[str, ...]
    cautions: tuple[str, ...]
    doctor_questions: tuple[str, ...]
    score: int


class Outcome(NamedTuple):
    """What the answers add up to. ``recommendations`` is empty for an emergency."""

    urgency: LevelId
    title: str
    messages: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    doctor_questions: tuple[str, ...]
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The outcome with its stable JSON keys."""
        return {
            "urgency": self.urgency,
            "messages": list(self.messages),
            "recommendations": [
                {
                    "id": r.id,
                    "title": r.title,
                    "reasons": list(r.reasons),
                    "cautions": list(r.cautions),
                    "doctor_questions": list(r.doctor_questions),
                }
                for r in self.recommendations
            ],
            "doctor_questions": list(self.doctor_questions),
            "sources": list(self.sources),
        }


# -- answers ------------------------------------------------------------------------------


def answer_from(value: Any) -> Answer | None:
    """An answer from a typed word or a file value (y, yes, true, n, ?, not sure...)."""
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, str):
        return _WORDS.get(value.strip().lower())
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
                f"unknown question id '{key}' (list them: msback guide --list-questions)"
            )
        answer = answer_from(value)
        if answer is None:
            raise AnswerError(
                f"question '{key}': {value!r} is not an allowed answer (use yes, no or not-sure)"
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
    """The urgency one safety answer gives: "no" none, "not sure" never below same-day."""
    if answer == "yes":
        return question.urgency
    if answer == "not-sure":
        if question.urgency == "emergency":
            return _most_urgent([question.not_sure or "same-day", "same-day"])
        return question.not_sure or question.urgency
    return None


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
    for question, answer in safety:
        if question.urgency == "emergency" and answer == "not-sure":
            messages.append(guide.not_sure_emergency)
            messages.extend(f"Emergency sign: {item}" for item in question.items)
    messages.extend(rule.message for rule in fired)

    recommendations = _rank(guide, topics, fired)
    checklist = _unique(
        [*level.doctor_questions]
        + [q for rule in fired for q in rule.doctor_questions]
        + [rec.doctor_questions[0] for rec in recommendations if rec.doctor_questions]
    )
    chosen = [topics[rec.id] for rec in recommendations]
    return Outcome(
        urgency, level.title, _unique(messages), tuple(recommendations), checklist,
        _sources(level_topics + chosen),
    )  # fmt: skip


def _rank(
    guide: Guide, topics: Mapping[str, Topic], fired: list[GuideRule]
) -> list[Recommendation]:
    """Score every option from its base points and the rules that fired; best first."""
    ranked: list[tuple[int, int, Recommendation]] = []
    for order, option in enumerate(guide.options):
        score = option.base
        reasons: list[str] = []
        cautions: list[str] = []
        for rule in fired:
            cautions.extend(rule.cautions.get(option.topic, ()))
            if option.topic in rule.raises:
                score += rule.raises[option.topic]
                reasons.append(rule.reason)
        if option.base and option.base_reason:
            reasons.append(option.base_reason)  # the answers first, the general reason last
        if score <= 0:
            continue
        topic = topics[option.topic]
        rec = Recommendation(
            id=topic.id,
            title=topic.title,
            summary=topic.summary,
            reasons=_unique(reasons),
            cautions=_unique([*cautions, *topic.cautions]),
            doctor_questions=topic.doctor_questions[:2],
            score=score,
        )
        ranked.append((-score, order, rec))
    return [rec for *_, rec in sorted(ranked)]
