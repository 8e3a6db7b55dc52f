"""The guide's screens as documents: the intro, one question, the result (short or with
every detail), the urgency for the screen, the question list, and the clinic summary.

Pure: they build ``render`` blocks from the guide and its outcome; the CLI and the session
draw them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from msback.content.models import Answer, Guide, Question
from msback.content.safety import NOT_A_DIAGNOSIS
from msback.guide.engine import Outcome
from msback.render import Block, Bullets, Doc, Heading, Para, Title, render_plain

KEYS_HINT = "Type y (yes), n (no) or s (not sure). Type b to go back, q to quit."
ANSWER_WORDS: dict[str, str] = {"yes": "Yes", "no": "No", "not-sure": "Not sure"}
#: Options the short result shows at most; ``--details`` and the summary show them all.
SHORT_OPTIONS = 3
#: The short result's budget: at most this many lines at ``SHORT_WIDTH`` columns. Safety
#: lines (why, what was left out, crisis numbers) come first; options give way to them.
SHORT_LINES = 45
SHORT_WIDTH = 80


def intro_doc(guide: Guide, title: str = "msback guide") -> Doc:
    """The opening screen: what the guide does and does not do, the "not sure" rule, keys."""
    return (
        Title(title),
        Bullets((*guide.intro, guide.not_sure_emergency)),
        Para(KEYS_HINT),
    )


def question_doc(
    question: Question,
    number: int,
    total: int,
    previous: Answer | None = None,
    again: bool = False,
) -> Doc:
    """One question on its own screen, with progress and the keys to answer; ``again``: a
    question answered on an earlier visit, asked again (the safety check always is)."""
    stage = "Safety check" if question.stage == "safety" else "About your pain"
    blocks: list[Block] = [Title(f"Question {number} of {total}", stage), Para(question.text, True)]
    if question.items:
        blocks.append(Bullets(question.items))
    if question.note:
        blocks.append(Para(question.note))
    if previous and again:  # y and n still answer the question above, never "same or not"
        blocks.append(
            Para(
                f"You answered {ANSWER_WORDS[previous]} earlier. Please answer again, for how"
                " things are now."
            )
        )
    elif previous:
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


def urgency_blocks(outcome: Outcome) -> list[Block]:
    """How urgent, why, and what to do: the result's first part (for an emergency, all)."""
    return [_urgency(outcome), *_why_urgent(outcome), Bullets(outcome.messages + outcome.left_out)]


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
    blocks: list[Block] = [Title("Your result"), *urgency_blocks(outcome)]
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
    if details and checklist:
        blocks += [Heading("Questions for your appointment"), Bullets(checklist)]
    elif checklist:  # the Ask lines are just above: only the questions of no option
        asked = {q for rec in shown_recs for q in rec.doctor_questions[:1]}
        also = tuple(q for q in checklist if q not in asked)
        if also:
            blocks += [Heading("Also ask at your appointment"), Bullets(also)]
        blocks.append(
            Para(
                "All your questions are in the summary, as a checklist to take along"
                " (and in --details)."
            )
        )
    if details:
        blocks += [Heading("Sources"), Bullets(outcome.sources), Para(NOT_A_DIAGNOSIS)]
    more = [f"msback show {shown_recs[0].id if shown_recs else 'TOPIC'}"]
    if not details:
        more.insert(0, "msback guide --details (everything)")
    if outcome.urgency == "self-care":
        more.append("msback show red-flags (warning signs)")
    closing = outcome.closing or outcome.messages[:1]
    blocks += [_urgency(outcome), Bullets((*closing, f"More: {', '.join(more)}."))]
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
        *([first_person(outcome.because_text()), ""] if outcome.because else []),
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


def first_person(text: str) -> str:
    """Words as the person hands them over: "I said yes to ...", "I was not sure", "my"."""
    for you, me in (
        ("you said", "I said"), ("You said", "I said"), ("you were not sure", "I was not sure"),
        ("you did not answer", "I did not answer"), ("yourself", "myself"), (" your ", " my "),
        ("Your ", "My "),
    ):  # fmt: skip
        text = text.replace(you, me)
    # "you" before a verb is the one doing it ("I have"); anywhere else it is "me"
    # ("helps me learn", "show me exercises").
    return _YOU_DOING.sub(" I ", text).replace(" you ", " me ").replace(" you.", " me.")


_YOU_DOING = re.compile(
    r" you (?=(?:(?:often|usually|sometimes|always|never|still|also|just|really|already)\s+)?"
    r"(?:have|had|are|were|can|could|may|might|feel|felt|get|got|do|did|need|use|"
    r"take|took|know|want|live|walk|sit|stand|lie|sleep|move|think|said|will|would|should)\b)"
)


def stopped_lines(guide: Guide, answers: Mapping[str, Answer]) -> list[str]:
    """What someone who stops part way must not miss: the level their answers so far set,
    what to do, and any numbers a "yes" showed at once (crisis lines). Empty if none."""
    from msback.guide.engine import answered_urgency

    lines: list[str] = []
    urgency = answered_urgency(guide, answers)
    if urgency is not None and urgency != "self-care":
        level = next(lv for lv in guide.levels if lv.id == urgency)
        lines.append(f"Before you go: your answers so far mean: {level.title}.")
        lines += list(level.message[:1])
        unsure = [
            q for q in guide.questions
            if q.urgency == "emergency" and answers.get(q.id) == "not-sure"
        ]  # fmt: skip
        if unsure:
            lines.append(guide.not_sure_emergency)
    for question in guide.questions:
        if question.at_once and answers.get(question.id, "no") != "no":
            lines += list(question.at_once)
    return lines
