"""The guide's engine: which question comes next, and what a set of answers adds up to.

Pure: no files, no printing. The questions, urgency levels and ranking rules are data from
``content/guide.yaml``; this module only walks them. The same answers always give the same
``Outcome``, whether they were typed at the prompt or read from a file.

Safety first: a "yes" to an emergency sign ends the guide with no self-care at all. A red
flag left unanswered counts as "not sure". "Not sure" counts as "yes", except for an
emergency sign, where it gives "see a doctor today" with the emergency signs listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from msback.content.models import (
    LEVELS,
    Answer,
    Guide,
    GuideRule,
    Level,
    LevelId,
    Question,
    Raise,
    Topic,
)
from msback.content.safety import answer_from
from msback.errors import quote

Answers = Mapping[str, Answer]
#: Starts each emergency sign listed after a "not sure" to an emergency question.
EMERGENCY_SIGN = "Emergency sign to watch for:"


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
    because: tuple[str, ...] = ()  # the answers that set the urgency, as reasons
    left_out: tuple[str, ...] = ()  # one line per option left out for safety, and why
    #: The last lines of the result: what a rule says first (crisis numbers), then what to
    #: do at this urgency, so the end of the screen always says it.
    closing: tuple[str, ...] = ()

    def because_text(self) -> str:
        """ "Because you said yes to ...; ..." naming up to three answers; "" for none."""
        return because_text(self.because)

    def checklist(self, shown: Sequence[Recommendation]) -> tuple[str, ...]:
        """Questions for the appointment: the general ones, then one per option shown."""
        return _unique(
            [*self.doctor_questions] + [r.doctor_questions[0] for r in shown if r.doctor_questions]
        )

    def to_json(self) -> dict[str, Any]:
        """The outcome with its stable JSON keys."""
        return {
            "urgency": self.urgency,
            "because": list(self.because),
            "messages": list(self.messages),
            "left_out": list(self.left_out),
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


def parse_answers(guide: Guide, raw: Any) -> dict[str, Answer]:
    """Check a mapping of question id -> answer read from a file (ids in any case)."""
    if not isinstance(raw, Mapping):
        raise AnswerError("the answers must be a mapping of question id to answer")
    known = {q.id for q in guide.questions}
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        qid = str(key).strip().lower()
        if qid not in known:
            raise AnswerError(
                f"unknown question id {quote(key)} (list them: msback guide --list-questions)"
            )
        if value is None:
            raise AnswerError(f"question '{qid}' has no answer (use yes, no or not-sure)")
        answer = answer_from(value)
        if answer is None:
            raise AnswerError(
                f"question '{qid}': {quote(value)} is not an allowed answer "
                "(use yes, no or not-sure)"
            )
        answers[qid] = answer
    return answers


# -- which questions ----------------------------------------------------------------------


def is_emergency_yes(question: Question, answer: Answer | None) -> bool:
    return question.urgency == "emergency" and answer == "yes"


def counts_unanswered(guide: Guide, question: Question) -> bool:
    """A question left unanswered counts as "not sure" (never as "no") when its answer can
    raise the urgency or keeps an option safe: a safety question, one that a rule's urgency
    depends on, or a guard."""
    if question.stage == "safety" or question.guards:
        return True
    return any(question.id in rule.when for rule in guide.rules if rule.urgency)


class Walk(NamedTuple):
    """The questions some answers lead through, and the answers that count.

    ``given`` holds the answers on the path; a question on the path with no answer that
    ``counts_unanswered`` counts there as "not-sure" and is named in ``unanswered``.
    """

    path: list[Question]
    given: dict[str, Answer]
    unanswered: frozenset[str]


def _matches(when: Mapping[str, tuple[Answer, ...]], given: Answers) -> bool:
    return all(given.get(q) in allowed for q, allowed in when.items())


def _fired(guide: Guide, given: Answers) -> list[GuideRule]:
    return [rule for rule in guide.rules if _matches(rule.when, given)]


def walk(guide: Guide, answers: Answers) -> Walk:
    """Follow the questions in order. ``ask_if`` needs an earlier answer; a question with
    ``guards`` is on the path only when one of its options would otherwise be shown. The
    path ends at an emergency "yes": nothing else is asked after it."""
    path: list[Question] = []
    given: dict[str, Answer] = {}
    unanswered: set[str] = set()
    for question in guide.questions:
        if not _matches(question.ask_if, given):
            continue
        if question.guards and not _would_show(guide, given, question.guards):
            continue
        path.append(question)
        answer = answers.get(question.id)
        if answer is None and counts_unanswered(guide, question):
            answer = "not-sure"
            unanswered.add(question.id)
        if answer is not None:
            given[question.id] = answer
        if is_emergency_yes(question, answers.get(question.id)):
            break
    return Walk(path, given, frozenset(unanswered))


def asked(guide: Guide, answers: Answers) -> list[Question]:
    """The questions these answers lead through, in order (see ``walk``)."""
    return walk(guide, answers).path


def next_question(guide: Guide, answers: Answers) -> Question | None:
    """The first question on the path not answered yet; None when the guide is finished."""
    for question in asked(guide, answers):
        if question.id not in answers:
            return question
        if is_emergency_yes(question, answers[question.id]):
            return None
    return None


def progress(guide: Guide, answers: Answers, current: Question) -> tuple[int, int]:
    """(number of this question, questions on the path), counting undecided ones as asked.

    Questions before ``current`` are answered, so their path is known. After it, an
    ``ask_if`` on an unanswered question and a guard whose option might still be raised
    count as asked, so the total only shrinks as answers come in.
    """
    path = asked(guide, answers)
    number = [q.id for q in path].index(current.id) + 1
    known = {q.id: answers[q.id] for q in path[: number - 1]}
    open_ids = {q.id for q in guide.questions[[q.id for q in guide.questions].index(current.id) :]}
    later = 0
    for question in guide.questions:
        if question.id not in open_ids or question.id == current.id:
            continue
        deps = question.ask_if.items()
        if not all(dep in open_ids or known.get(dep) in allowed for dep, allowed in deps):
            continue
        if question.guards and not _might_show(guide, known, open_ids, question.guards):
            continue
        later += 1
    return number, number + later


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


def topic_ids(guide: Guide) -> set[str]:
    """Every topic ``evaluate`` may need: the options, the safety topic, the levels' topics."""
    ids = {option.topic for option in guide.options} | {guide.safety_topic}
    return ids | {level.topic for level in guide.levels if level.topic}


def evaluate(guide: Guide, topics: Mapping[str, Topic], answers: Answers) -> Outcome:
    """Urgency first, then relief options ranked for this person, doctor questions, sources.

    ``topics`` must hold every topic in ``topic_ids(guide)``.
    """
    walked = walk(guide, answers)
    given = walked.given
    questions = {q.id: q for q in walked.path}
    safety = [(q, given[q.id]) for q in walked.path if q.stage == "safety"]
    fired = _fired(guide, given)

    set_by = _set_by(safety, fired, questions)
    urgency = _most_urgent(lv for lv, _ in set_by)
    because = _unique(
        cause(q, given[q.id], walked.unanswered)
        for lv, qs in set_by if lv == urgency for q in qs
    )  # fmt: skip
    level = _level(guide, urgency)
    level_topics = [topics[guide.safety_topic]] + ([topics[level.topic]] if level.topic else [])
    if urgency == "emergency":
        sources = _sources(level_topics)
        closing: tuple[str, ...] = (level.action or level.message[0],)
        return Outcome(urgency, level.title, level.message, (), (), sources, because, (), closing)

    # Each level a safety answer set (a body that needs checking) adds what it leaves out
    # and what to ask, even when a more urgent answer wins; a less urgent one also says its
    # ``also`` line (a possible relapse: tell the MS team too). A level set only by a
    # pain-stage answer (a crisis) keeps exercise and asks nothing of its own.
    checked = [
        lv for lv in LEVELS
        if any(lev == lv and any(q.stage == "safety" for q in qs) for lev, qs in set_by)
    ]  # fmt: skip
    checked_levels = [_level(guide, lv) for lv in checked]
    messages = [rule.message for rule in fired if rule.first] + list(level.message)
    messages += [lv.also for lv in checked_levels if lv.id != urgency and lv.also]
    unsure = [q for q, a in safety if q.urgency == "emergency" and a == "not-sure"]
    if unsure:
        messages.append(guide.not_sure_emergency)
        messages.extend(f"{EMERGENCY_SIGN} {item}" for q in unsure for item in q.items)
    messages.extend(rule.message for rule in fired if not rule.first)

    scores = _scores(guide, fired)
    hidden_by = _hidden_by(fired)
    at_level = {topic for lv in checked_levels for topic in lv.hides}
    hide_note = next((lv.hide_note for lv in checked_levels if lv.hides), "")
    left_out = _left_out(guide, topics, walked, questions, scores, hidden_by, at_level, hide_note)
    ranked = _rank(guide, topics, fired, scores, set(hidden_by) | at_level)
    recommendations = ranked[: level.max_options]
    general = [q for lv in checked_levels for q in lv.doctor_questions]
    general += [q for rule in fired for q in rule.doctor_questions]
    chosen = [topics[rec.id] for rec in recommendations]
    closing = _unique(
        [rule.message for rule in fired if rule.first] + [level.action or level.message[0]]
    )
    return Outcome(
        urgency, level.title, _unique(messages), tuple(recommendations), _unique(general),
        _sources(level_topics + chosen), because, tuple(left_out), closing,
    )  # fmt: skip


def answered_urgency(guide: Guide, answers: Answers) -> LevelId | None:
    """The most urgent level the answers given so far set on their own (a person who stops
    part way); None if none of them raises the urgency. Unanswered questions count for
    nothing here: this is a reminder, not a result."""
    questions = {q.id: q for q in guide.questions}
    safety = [
        (questions[qid], answer)
        for qid, answer in answers.items()
        if qid in questions and questions[qid].stage == "safety"
    ]
    set_by = _set_by(safety, _fired(guide, answers), questions)
    return _most_urgent(lv for lv, _ in set_by) if set_by else None


def _set_by(
    safety: Iterable[tuple[Question, Answer]],
    fired: Iterable[GuideRule],
    questions: Mapping[str, Question],
) -> list[tuple[LevelId, list[Question]]]:
    """Each level the answers set, with the questions that set it: a safety answer
    (``safety_level``), or a rule's urgency (the questions in its ``when``)."""
    found: list[tuple[LevelId, list[Question]]] = []
    for question, answer in safety:
        level = safety_level(question, answer)
        if level is not None:
            found.append((level, [question]))
    found += [(r.urgency, [questions[q] for q in r.when]) for r in fired if r.urgency]
    return found


def cause(question: Question, answer: Answer, unanswered: frozenset[str] = frozenset()) -> str:
    """One answer as a reason, never stating a "not sure" as a fact."""
    about = question.about or question.text.rstrip("?").lower()
    if question.id in unanswered:
        return f"you did not answer the question about {about}"
    if answer == "yes":
        return f"you said yes to {about}"
    return f"you were not sure about {about}"


def because_text(causes: Sequence[str], limit: int = 3) -> str:
    """ "Because A; B; C; and N more." for the first ``limit`` reasons; "" for none."""
    if not causes:
        return ""
    more = len(causes) - limit
    text = "; ".join(causes[:limit]) + (f"; and {more} more" if more > 0 else "")
    return f"Because {text}."


def _scores(guide: Guide, fired: Sequence[GuideRule]) -> dict[str, int]:
    """Every option's points from its base and the rules that fired (hidden or not)."""
    return {
        o.topic: o.base + sum(r.raises[o.topic].points for r in fired if o.topic in r.raises)
        for o in guide.options
    }


def _hidden_by(fired: Sequence[GuideRule]) -> dict[str, list[GuideRule]]:
    hidden: dict[str, list[GuideRule]] = {}
    for rule in fired:
        for topic_id in rule.hides:
            hidden.setdefault(topic_id, []).append(rule)
    return hidden


def _would_show(guide: Guide, given: Answers, options: Iterable[str]) -> bool:
    """Whether any of these options would be recommended on the answers so far."""
    fired = _fired(guide, given)
    scores, hidden = _scores(guide, fired), _hidden_by(fired)
    return any(scores.get(o, 0) > 0 and o not in hidden for o in options)


def _might_show(guide: Guide, known: Answers, open_ids: set[str], options: Iterable[str]) -> bool:
    """Whether any of these options could still be recommended, while the questions in
    ``open_ids`` are unanswered (an upper bound that only falls as answers come in)."""

    def could(when: Mapping[str, tuple[Answer, ...]]) -> bool:
        return all(q in open_ids or known.get(q) in allowed for q, allowed in when.items())

    hidden = {t for r in guide.rules if _matches(r.when, known) for t in r.hides}
    bases = {o.topic: o.base for o in guide.options}
    for option in options:
        if option in hidden:
            continue
        if bases.get(option, 0) > 0:
            return True
        raisers = [r for r in guide.rules if r.raises.get(option, Raise(0)).points > 0]
        if any(could(r.when) for r in raisers):
            return True
    return False


def _left_out(
    guide: Guide,
    topics: Mapping[str, Topic],
    walked: Walk,
    questions: Mapping[str, Question],
    scores: Mapping[str, int],
    hidden_by: Mapping[str, list[GuideRule]],
    at_level: set[str],
    hide_note: str,
) -> list[str]:
    """One line for each option left out that would otherwise have been shown, and why."""
    lines: list[str] = []
    for option in guide.options:
        rules = hidden_by.get(option.topic)
        if scores[option.topic] <= 0 or not rules:
            continue
        causes = _unique(
            cause(questions[q], walked.given[q], walked.unanswered)
            for rule in rules for q in rule.when
        )  # fmt: skip
        advice = next((r.hide_advice for r in rules if r.hide_advice), "")
        why = because_text(causes).removeprefix("Because ").rstrip(".")
        lines.append(f"Left out: {topics[option.topic].title}, because {why}. {advice}".strip())
    waiting = [
        topics[o.topic].title
        for o in guide.options
        if o.topic in at_level and o.topic not in hidden_by and scores[o.topic] > 0
    ]
    if waiting:
        lines.append(f"Left out for now: {'; '.join(waiting)}. {hide_note}".strip())
    return lines


def _rank(
    guide: Guide,
    topics: Mapping[str, Topic],
    fired: list[GuideRule],
    scores: Mapping[str, int],
    hidden: set[str],
) -> list[Recommendation]:
    """Every option not hidden and scoring above zero, best first; an option with
    ``after`` comes below those options whenever they are shown."""
    ranked: list[tuple[int, int, Recommendation]] = []
    for order, option in enumerate(guide.options):
        score = scores[option.topic]
        if option.topic in hidden or score <= 0:
            continue
        reasons: list[tuple[int, Reason]] = []
        cautions: list[str] = []
        questions: list[str] = []
        for rule in fired:
            cautions.extend(rule.cautions.get(option.topic, ()))
            questions.extend(rule.option_questions.get(option.topic, ()))
            raised = rule.raises.get(option.topic)
            if raised is not None and raised.points > 0 and raised.why:
                reasons.append((raised.points, Reason(rule.said, raised.why)))
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
    recs = [rec for *_, rec in sorted(ranked)]
    return _put_after(guide, recs)


def _put_after(guide: Guide, recs: list[Recommendation]) -> list[Recommendation]:
    """Move each option with ``after`` just below the last of those options shown."""
    afters = {o.topic: o.after for o in guide.options if o.after}
    for _ in range(len(recs) * len(recs) + 1):  # bounded, even if ``after`` had a cycle
        ids = [r.id for r in recs]
        move = next(
            (
                (i, max(ids.index(a) for a in afters[rid] if a in ids))
                for i, rid in enumerate(ids)
                if rid in afters and any(a in ids and ids.index(a) > i for a in afters[rid])
            ),
            None,
        )
        if move is None:
            break
        i, j = move
        recs.insert(j, recs.pop(i))
    return recs
