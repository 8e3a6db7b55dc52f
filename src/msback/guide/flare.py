"""``msback flare``: the guide's own safety check, then the person's plan. Pure.

The check is the guide itself, cut down: the guide's questions that ``flare.safety`` names
(every one that can call for help now, today or from the MS team: MSB025), then the flare's
own few. It is walked and judged by the same engine, so "not sure" counts exactly as it does
in the guide, and an emergency "yes" ends it.
"""

from __future__ import annotations

from collections.abc import Mapping

from msback.content.models import Answer, Flare, Guide, Topic
from msback.guide.engine import Outcome
from msback.guide.screens import urgency_blocks
from msback.render import Bullets, Doc, Heading, Para, Title


class NoFlareCheck(Exception):
    """The content has no ``flare`` section (an older or cut-down content folder)."""


def flare_guide(guide: Guide) -> Guide:
    """The flare check as a guide of its own: the named safety questions, in the guide's
    order, then the flare's questions; no options or rules, the guide's levels."""
    if guide.flare is None:
        raise NoFlareCheck
    chosen = set(guide.flare.safety)
    questions = tuple(q for q in guide.questions if q.id in chosen) + guide.flare.questions
    return Guide(
        flare=guide.flare,
        intro=guide.flare.intro,
        safety_topic=guide.safety_topic,
        not_sure_emergency=guide.not_sure_emergency,
        levels=guide.levels,
        questions=questions,
        options=(),
        rules=(),
    )


def check_doc(outcome: Outcome, check: Guide, answers: Mapping[str, Answer]) -> Doc:
    """What the check found: how urgent, why, and what to do (for an emergency, all); then
    what the flare's own questions say at once to a "yes" or "not sure" (pseudo-relapse),
    again, so an answers file or a glance back shows it too."""
    said = [
        line
        for q in (check.flare.questions if check.flare else ())
        if answers.get(q.id, "no") != "no"
        for line in q.at_once
    ]
    return (
        Title("Your flare check"),
        *urgency_blocks(outcome),
        *([Bullets(tuple(said))] if said else []),
    )


def closing_doc(outcome: Outcome) -> Doc:
    """The urgency again, last, when the check found something to do first."""
    if outcome.urgency == "self-care":
        return ()
    return (Para(f"First: {outcome.title}", strong=True), Bullets(outcome.closing))


def no_plan_doc(flare: Flare, topic: Topic | None, self_care: bool = True) -> Doc:
    """With no plan yet: how to write one, and the first part of the bad-days topic; its
    self-care steps only when nothing needs checking first (``self_care``: during a
    possible relapse or infection, exercise waits for the check)."""
    blocks: Doc = (Heading("Your flare plan"), *(Para(line) for line in flare.no_plan))
    if topic is None:
        return blocks
    if not self_care:
        return (*blocks, Para(f"More: msback show {topic.id}"))
    blocks += (Para(flare.steps_intro),) if flare.steps_intro else ()
    first = topic.sections[0] if topic.sections else None
    blocks += (Heading(topic.title, 2), Para(topic.summary))
    if first is not None:
        blocks += (Bullets(first.items),)
    return (*blocks, Para(f"More: msback show {topic.id}"))


def waiting_doc(guide: Guide, outcome: Outcome, has_plan: bool = True) -> Doc:
    """Before the plan, when the check found something to see a doctor or the MS team about
    first: wait to be checked before exercise (the level's ``hide_note``), and the plan is
    for the wait, not instead of the check."""
    if outcome.urgency not in ("same-day", "ms-team") or guide.flare is None:
        return ()
    level = next(lv for lv in guide.levels if lv.id == outcome.urgency)
    lines = (level.hide_note, guide.flare.while_checked if has_plan else "")
    return (Heading("While you wait to be checked"), Bullets(tuple(t for t in lines if t)))
