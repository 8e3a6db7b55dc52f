"""The guide's result and summary over the real content: length, order, honesty, handout."""

from __future__ import annotations

import itertools
import re

import pytest

from msback import render
from msback.content.models import Answer
from msback.environment import Output
from msback.guide import engine, screens
from msback.render import Doc

from .test_guide_engine import ALL_NO, GUIDE, QUESTIONS, TOPICS, run

# Every pain question but the guard questions (their answers are a parameter below).
PAIN = [q.id for q in GUIDE.questions if q.stage == "pain" and not q.guards]
GUARDS = [q.id for q in GUIDE.questions if q.guards]
THREE_YES = [  # "complementary" is asked only when "tried" is not yes
    combo for combo in itertools.combinations(PAIN, 3)
    if not {"tried", "complementary"} <= set(combo)
]  # fmt: skip
MAX_LINES = 45


def lines(outcome: engine.Outcome, style: str = "plain", details: bool = False) -> list[str]:
    out = Output(style, False, 80, 80, True)  # type: ignore[arg-type]
    text = render.render(screens.outcome_doc(outcome, details), out)
    return text.rstrip("\n").split("\n")


_COUNTS: dict[tuple[str, str], int] = {}


def _line_count(doc: Doc, style: str) -> int:
    """Lines of ``doc`` at 80 columns; a result seen before (about 2 in 3 of the answer
    sets below share one) is not drawn again."""
    key = (repr(doc), style)
    if key not in _COUNTS:
        out = Output(style, False, 80, 80, True)  # type: ignore[arg-type]
        _COUNTS[key] = render.render(doc, out).rstrip("\n").count("\n") + 1
    return _COUNTS[key]


@pytest.mark.parametrize(
    "follow_up",
    [
        {},
        dict.fromkeys(GUARDS, "no"),
        dict.fromkeys(GUARDS, "yes"),
        dict.fromkeys(GUARDS, "not-sure"),
    ]
    + [{guard: "yes"} for guard in GUARDS],
)
def test_short_result_fits_45_lines_at_80_columns_for_any_three_pain_answers(
    follow_up: dict[str, Answer],
) -> None:
    worst = 0
    for combo in THREE_YES:
        answers: dict[str, Answer] = {**ALL_NO, **dict.fromkeys(combo, "yes"), **follow_up}
        doc = screens.outcome_doc(engine.evaluate(GUIDE, TOPICS, answers), False)
        for style in ("plain", "rich"):
            count = _line_count(doc, style)
            assert count <= MAX_LINES, (combo, style, count)
            worst = max(worst, count)
    print(f"longest short result over {len(THREE_YES)} answer sets: {worst} lines")


def test_short_result_order_urgency_first_and_last() -> None:
    text = lines(run(stiffness="yes", balance="yes", tired="yes"))
    assert text[0] == "Your result"
    assert text[2] == "How urgent: No warning signs in your answers"
    end = "\n".join(text[text.index("How urgent: No warning signs in your answers", 3) :])
    assert end.startswith("How urgent: No warning signs in your answers\n- Self-care may help.")
    assert "- More: msback guide --details" in end  # the last lines say what to do
    assert "Questions for your appointment" not in text  # the Ask lines are on the cards
    assert "All your questions are in the summary, as a checklist to take along" in " ".join(text)
    numbered = [line for line in text if re.match(r"\d\. ", line)]
    assert len(numbered) == 3
    assert "Sources:" not in text


@pytest.mark.parametrize(
    ("answers", "action"),
    [
        ({"infection-signs": "yes"}, "See a doctor today: ask your GP for an urgent appointment"),
        ({"possible-relapse": "yes"}, "Call your MS nurse or neurologist within a day or two."),
        ({"see-soon": "yes"}, "Book a visit with your doctor or physio within the next few"),
    ],
)
def test_the_last_lines_say_the_urgency_with_what_to_do(
    answers: dict[str, Answer], action: str
) -> None:
    """At 24 rows the top scrolls away: the end of the result carries the action too."""
    text = lines(run(**answers))
    urgency = text[2]
    assert urgency in text[3:]  # said again near the end
    assert text[text.index(urgency, 3) + 1].startswith(f"- {action}")


def test_each_card_has_one_reason_its_cautions_and_one_question() -> None:
    text = "\n".join(lines(run(stiffness="yes", heat="yes")))
    cards = re.split(r"\n\n(?=\d\. )", text)[1:]
    for card in cards:
        body = card.split("\n\nQuestions for your appointment")[0]
        assert body.count("Why it fits:") == 1
        assert body.count("- Ask: ") == 1
        assert "Caution: " in body


def test_details_show_everything() -> None:
    outcome = run(stiffness="yes", balance="yes", tired="yes")
    text = "\n".join(lines(outcome, details=True))
    assert "Sources:" in text
    for rec in outcome.recommendations:
        assert rec.title in text
        for caution in rec.cautions:
            assert caution[:40] in " ".join(text.split())


def test_at_doctor_today_self_care_is_second_and_short() -> None:
    outcome = run(spine_signs="yes", stiffness="yes", balance="yes", tired="yes")
    text = lines(outcome)
    assert text[2] == "How urgent: See a doctor today"
    assert "Self-care comes second. While you arrange that, these may also help:" in text
    assert len(outcome.recommendations) <= 3


def test_not_sure_to_an_emergency_sign_shows_the_rule_and_the_signs() -> None:
    words = " ".join(" ".join(lines(run(emergency_nerves="not-sure"))).split())
    assert "How urgent: See a doctor today" in words
    assert GUIDE.not_sure_emergency in words
    for item in QUESTIONS["emergency-nerves"].items:
        assert f"Emergency sign to watch for: {item}" in words
    assert "Your answers include a sign" not in words


ANSWER_SETS: list[dict[str, Answer]] = [
    dict.fromkeys(QUESTIONS, "no"),
    {**dict.fromkeys(QUESTIONS, "yes"), "emergency-nerves": "no", "emergency-other": "no"},
    dict.fromkeys(QUESTIONS, "not-sure"),
    {**ALL_NO, "strain": "yes", "nsaid-ask-first": "yes", "heat": "yes", "stiffness": "yes"},
]


@pytest.mark.parametrize("answers", ANSWER_SETS)
def test_summary_is_a_clean_clinic_handout(answers: dict[str, Answer]) -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, answers)
    answered = [(q, answers[q.id]) for q in engine.asked(GUIDE, answers) if q.id in answers]
    text = screens.summary_markdown(outcome, answered, "2026-11-26 10:15")
    assert text.startswith("# My back pain summary (2026-11-26 10:15)\n")
    assert not re.search(r"msback (show|guide|list|search)|\brun '", text)  # no commands
    for heading in ("## How urgent msback said this is", "## About my pain", "## My answers"):
        assert heading in text
    assert "How bad it is, from 0 (no pain) to 10 (worst pain I can imagine):" in text
    if outcome.recommendations:
        assert "## Options I would like to discuss" in text
        assert "- [ ] " in text
        assert "You said" not in text  # the handout speaks as the person: "My answers"
    assert "## Sources" in text


@pytest.mark.parametrize(
    ("yours", "mine"),
    [
        ("Gait training helps you learn to walk more easily.", "helps me learn"),
        ("A physio can show you exercises to do at home.", "show me exercises"),
        ("You said you have stiff muscles.", "I said I have stiff muscles."),
        ("Because you were not sure about a fever.", "Because I was not sure"),
        ("You said you often feel very tired.", "I said I often feel very tired."),
        ("Codeine was left out, because you said yes to being pregnant.", "because I said yes"),
    ],
)
def test_the_persons_voice_keeps_i_and_me_apart(yours: str, mine: str) -> None:
    assert mine in screens.first_person(yours)
