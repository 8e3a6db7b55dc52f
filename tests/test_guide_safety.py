"""The guide never suggests what could harm (content-brief-addendum-2, R1-R18).

Hide rules: a "do not" answer (yes, not sure, or left unanswered where it would matter)
leaves the option out of everything msback prints. Urgent paths reach their level, and
the result always says which answers set it.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msback import render
from msback.content.models import ANSWERS, LEVELS, Answer
from msback.environment import Output
from msback.guide import engine, screens

from .test_guide_engine import ALL_NO, GUIDE, QUESTIONS, TOPICS, rec_ids, run

OPTIONS = {o.topic: o for o in GUIDE.options}
HIDING = [(rule, topic_id) for rule in GUIDE.rules for topic_id in rule.hides]


def raising(topic_id: str) -> dict[str, Answer]:
    """Answers that raise this option (the first rule that gives it points)."""
    rule = next(r for r in GUIDE.rules if r.raises.get(topic_id) and r.raises[topic_id].points > 0)
    answers: dict[str, Answer] = {q: allowed[0] for q, allowed in rule.when.items()}
    for q in list(answers):  # a follow-up needs the answer that brings it up
        for dep, allowed in QUESTIONS[q].ask_if.items():
            answers.setdefault(dep, allowed[0])
        for guarded in QUESTIONS[q].guards[:1]:  # a guard is asked when its option shows
            answers = {**raising(guarded), **answers}
    return answers


def views(outcome: engine.Outcome, answers: dict[str, Answer]) -> dict[str, str]:
    """Everything msback prints for a result: short, details, JSON and the summary."""
    out = Output("plain", False, 80, 80, True)  # type: ignore[arg-type]
    answered = [(q, answers[q.id]) for q in engine.asked(GUIDE, answers) if q.id in answers]
    return {
        "short": render.render(screens.outcome_doc(outcome), out),
        "details": render.render(screens.outcome_doc(outcome, details=True), out),
        "json": render.to_json(outcome.to_json()),
        "summary": screens.summary_markdown(outcome, answered, "2026-11-30 10:00"),
    }


def assert_left_out(topic_id: str, outcome: engine.Outcome, answers: dict[str, Answer]) -> None:
    title = TOPICS[topic_id].title
    assert topic_id not in rec_ids(outcome)
    for name, text in views(outcome, answers).items():
        cards = [
            line for line in text.splitlines()
            if title in line and "Left out" not in line
        ]  # fmt: skip
        assert not cards, (name, cards)
        assert f'"id": "{topic_id}"' not in text, name


# -- hide, not just caution ---------------------------------------------------------------


def hide_cases() -> list[object]:
    cases = []
    for rule, topic_id in HIDING:
        for q in rule.when:
            for answer in ("yes", "not-sure", None):
                if answer is None and not engine.counts_unanswered(GUIDE, QUESTIONS[q]):
                    continue
                answers = {**ALL_NO, **raising(topic_id)}
                for dep, allowed in QUESTIONS[q].ask_if.items():
                    answers[dep] = allowed[0]
                if answer is None:
                    del answers[q]
                else:
                    answers[q] = answer
                case = f"{q}={answer or 'unanswered'}"
                cases.append(pytest.param(topic_id, case, answers, id=f"{topic_id}-{case}"))
    return cases


@pytest.mark.parametrize(("topic_id", "case", "answers"), hide_cases())
def test_every_hide_rule_leaves_the_option_out_of_every_view(
    topic_id: str, case: str, answers: dict[str, Answer]
) -> None:
    assert topic_id in rec_ids(run(**raising(topic_id)))  # otherwise it would be shown
    assert_left_out(topic_id, engine.evaluate(GUIDE, TOPICS, answers), answers)


def test_the_result_says_in_one_line_what_was_left_out_and_why() -> None:
    outcome = run(strain="yes", pregnancy="yes")
    assert outcome.left_out == (
        "Left out: Anti-inflammatory painkillers (ibuprofen, naproxen), because you said yes "
        "to being pregnant, or maybe pregnant. Ask a pharmacist or midwife which painkiller "
        "is safe in pregnancy.",
    )
    unsure = run(strain="yes", nsaid_do_not="not-sure")
    assert "because you were not sure about a reason not to take" in unsure.left_out[0]
    unanswered = {**ALL_NO, "strain": "yes"}
    del unanswered["nsaid-do-not"]
    outcome = engine.evaluate(GUIDE, TOPICS, unanswered)
    assert "anti-inflammatories" not in rec_ids(outcome)
    assert "you did not answer the question about a reason not to take" in outcome.left_out[0]


def test_an_option_that_would_not_be_shown_is_not_said_to_be_left_out() -> None:
    assert run(pregnancy="yes").left_out == ()  # no strain: no anti-inflammatories anyway
    assert not [line for line in run(history_signs="yes").left_out if line.startswith("Left out:")]


@pytest.mark.parametrize("answer", ["yes", "not-sure"])
def test_a_possible_kidney_infection_hides_anti_inflammatories(answer: Answer) -> None:
    outcome = run(strain="yes", infection_signs=answer)
    assert "anti-inflammatories" not in rec_ids(outcome)
    assert "kidney infection" in outcome.left_out[0]
    assert "paracetamol" in rec_ids(outcome)


def test_ask_first_answers_keep_the_option_with_a_caution() -> None:
    outcome = run(strain="yes", nsaid_ask_first="yes")
    nsaid = next(r for r in outcome.recommendations if r.id == "anti-inflammatories")
    assert nsaid.key_cautions[0].startswith("Check with a pharmacist or doctor first")
    assert outcome.left_out == ()


def test_codeine_is_its_own_option_and_breastfeeding_hides_only_it() -> None:
    outcome = run(strain="yes", nsaid_do_not="yes", breastfeeding="yes")
    assert "codeine" not in rec_ids(outcome)
    assert "paracetamol" in rec_ids(outcome)
    assert any(line.startswith("Left out: Codeine") for line in outcome.left_out)


@pytest.mark.parametrize("answer", ["yes", "not-sure"])
def test_an_implant_or_epilepsy_hides_tens_and_its_must_knows_are_on_the_card(
    answer: Answer,
) -> None:
    tens = next(r for r in run(nerve_feel="yes").recommendations if r.id == "tens")
    assert "pacemaker" in tens.key_cautions[0]
    assert "epilepsy" in " ".join(tens.key_cautions[:2]).lower()
    assert "tens" not in rec_ids(run(nerve_feel="yes", implant=answer))


def test_the_implant_question_is_asked_only_when_tens_would_be_shown() -> None:
    assert "implant" not in [q.id for q in engine.asked(GUIDE, ALL_NO)]
    assert "implant" in [q.id for q in engine.asked(GUIDE, {**ALL_NO, "tried": "yes"})]
    pregnant = {**ALL_NO, "tried": "yes", "pregnancy": "yes"}  # TENS is hidden already
    assert "implant" not in [q.id for q in engine.asked(GUIDE, pregnant)]


def test_every_do_not_in_the_guide_is_hidden_by_its_questions() -> None:
    """The data MSB020 checks: each "do not" is on the card and hidden by its questions."""
    for option in GUIDE.options:
        key = " ".join(TOPICS[option.topic].cautions[: option.key_cautions]).lower()
        for entry in option.do_not:
            assert entry.caution.lower() in key, (option.topic, entry.caution)
            for q in entry.hidden_by:
                answers = {**ALL_NO, **raising(option.topic), q: "yes"}
                for dep, allowed in QUESTIONS[q].ask_if.items():
                    answers[dep] = allowed[0]
                assert option.topic not in rec_ids(engine.evaluate(GUIDE, TOPICS, answers))


answer_sets = st.dictionaries(st.sampled_from(sorted(QUESTIONS)), st.sampled_from(ANSWERS))


@settings(max_examples=400, deadline=None)
@given(answer_sets)
def test_no_answer_set_with_a_do_not_shows_that_option(answers: dict[str, Answer]) -> None:
    walked = engine.walk(GUIDE, answers)
    outcome = engine.evaluate(GUIDE, TOPICS, answers)
    shown = rec_ids(outcome)
    for option in GUIDE.options:
        for entry in option.do_not:
            for q in entry.hidden_by:
                if walked.given.get(q) in ("yes", "not-sure"):
                    assert option.topic not in shown, (option.topic, q)


@settings(max_examples=300, deadline=None)
@given(answer_sets)
def test_exercise_and_physio_rank_above_acupuncture_and_tens(answers: dict[str, Answer]) -> None:
    ids = rec_ids(engine.evaluate(GUIDE, TOPICS, answers))
    for low, high in itertools.product(
        ("complementary-care", "tens"), ("physical-therapy", "exercise")
    ):
        if low in ids and high in ids:
            assert ids.index(high) < ids.index(low)
    if "codeine" in ids and "anti-inflammatories" in ids:
        assert ids.index("anti-inflammatories") < ids.index("codeine")


def test_ask_first_answers_and_age_never_raise_codeine_above_anti_inflammatories() -> None:
    for answer in ANSWERS:
        ids = rec_ids(run(strain="yes", nsaid_ask_first=answer))
        assert "anti-inflammatories" in ids
        assert "codeine" not in ids


# -- urgent situations --------------------------------------------------------------------


def item(question: str, words: str) -> str:
    return next(i for i in QUESTIONS[question].items if words in i)


@pytest.mark.parametrize(
    ("words", "brief"),
    [
        ("spreads to an arm, your jaw, neck, back or tummy", "R7 chest"),
        ("breathlessness, sweating, or feeling sick or faint", "R7 chest"),
        ("over 15 minutes", "R7 chest"),
        ("have not peed all day", "R8 sepsis"),
        ("blotchy, blue or very pale", "R8 sepsis"),
        ("bad muscle pain", "R8 sepsis"),
        ("something is badly wrong", "R8 sepsis"),
        ("confused or slurring", "R8 sepsis"),
        ("face drooping, arm weakness", "R12 stroke"),
        ("weakness or numbness down one side", "R12 stroke"),
        ("even if it has passed", "R12 stroke"),
        ("sudden loss of sight or balance", "R12 stroke"),
    ],
)
def test_emergency_items_carry_the_brief_words(words: str, brief: str) -> None:
    assert item("emergency-other", words)
    assert run(emergency_other="yes").urgency == "emergency"


def test_a_known_unchanged_hug_is_no_flag_and_leads_to_nerve_pain() -> None:
    assert "usual MS hug" in QUESTIONS["nerve-feel"].text
    outcome = run(nerve_feel="yes")
    assert outcome.urgency == "self-care"
    assert rec_ids(outcome)[0] == "nerve-pain"
    assert "not a warning sign" in QUESTIONS["spine-signs"].note
    assert item("spine-signs", "unlike your usual MS hug")
    assert run(spine_signs="yes").urgency == "same-day"  # a NEW band, or chest pain that went


def test_a_possible_fracture_is_same_day_and_hides_anti_inflammatories() -> None:
    outcome = run(history_signs="yes", strain="yes")
    assert outcome.urgency == "same-day"
    assert "anti-inflammatories" not in rec_ids(outcome)
    assert item("history-signs", "even without a fall")
    assert run(history_signs="yes", fracture_severe="yes").urgency == "emergency"
    assert "fracture-severe" not in [q.id for q in engine.asked(GUIDE, ALL_NO)]


def test_immune_suppressing_medicine_alone_is_no_flag_but_carries_a_safety_net() -> None:
    immune = item("infection-signs", "weakens your immune system")
    assert "and you feel unwell" in immune
    for level in ("self-care", "soon"):
        message = next(lv for lv in GUIDE.levels if lv.id == level).message
        assert any("Get same-day help for a fever or shivers" in m for m in message)
    assert "On an MS medicine that weakens immunity?" in " ".join(run().messages)


def test_past_cancer_alone_is_see_your_gp_soon() -> None:
    assert "you have had cancer" in QUESTIONS["see-soon"].items
    assert run(see_soon="yes").urgency == "soon"


@pytest.mark.parametrize("answer", ["yes", "not-sure"])
def test_thoughts_of_harm_show_crisis_numbers_at_once_and_first(answer: Answer) -> None:
    assert "crisis" not in [q.id for q in engine.asked(GUIDE, ALL_NO)]
    assert "crisis" in [q.id for q in engine.asked(GUIDE, {**ALL_NO, "low-mood": answer})]
    at_once = " ".join(QUESTIONS["crisis"].at_once)
    for number in ("116 123", "111", "0808 808 8000", "988", "112", "999"):
        assert number in at_once
    outcome = run(low_mood="yes", crisis=answer)
    assert LEVELS.index(outcome.urgency) <= LEVELS.index("same-day")
    assert outcome.messages[0].startswith("If you have thoughts that life is not worth living")
    assert "116 123" in outcome.messages[0]


def test_tiredness_and_low_mood_are_two_questions() -> None:
    assert "tired-or-low" not in QUESTIONS
    assert QUESTIONS["tired"].text == "Do you often feel very tired?"
    assert "low in mood" in QUESTIONS["low-mood"].text


@pytest.mark.parametrize("level", ["same-day", "ms-team"])
def test_exercise_and_water_therapy_wait_at_doctor_today_and_ms_team(level: str) -> None:
    flag = "spine-signs" if level == "same-day" else "possible-relapse"
    outcome = run(stiffness="yes", **{flag.replace("-", "_"): "yes"})
    assert outcome.urgency == level
    assert not {"exercise", "water-therapy"} & set(rec_ids(outcome))
    assert outcome.left_out[-1].startswith("Left out for now: Exercise")


def test_sleep_is_raised_for_stiffness_never_for_night_pain() -> None:
    assert "sleep-and-positioning" in rec_ids(run(stiffness="yes"))
    for rule in GUIDE.rules:
        if "sleep-and-positioning" in rule.raises:
            assert "spine-signs" not in rule.when


def test_all_no_asks_no_more_questions_than_before() -> None:
    """Issue 14's budget: 19 questions on the all-"no" path before it, 19 after."""
    answers: dict[str, Answer] = {}
    while (question := engine.next_question(GUIDE, answers)) is not None:
        answers[question.id] = "no"
    assert len(answers) <= 19


# -- say why ------------------------------------------------------------------------------


def test_the_result_names_the_answers_that_set_the_urgency() -> None:
    outcome = run(spine_signs="yes", see_soon="yes")
    assert outcome.because_text() == (
        "Because you said yes to a warning sign about the pain itself, such as pain at night, "
        "in the upper back, or a new band around the chest."
    )  # "see soon" did not set it, so it is not named
    unsure = run(spine_signs="not-sure")
    assert unsure.because_text().startswith("Because you were not sure about a warning sign")
    many = run(infection_signs="yes", spine_signs="yes", history_signs="yes", crisis="yes",
               low_mood="yes")  # fmt: skip
    assert many.because_text().endswith("; and 1 more.")
    assert run().because == ()


def test_why_is_in_the_short_result_details_json_and_summary() -> None:
    answers = {**ALL_NO, "leg-pain": "yes"}
    outcome = engine.evaluate(GUIDE, TOPICS, answers)
    texts = views(outcome, answers)
    said = "you said yes to pain that shoots down one leg"
    assert f"Because {said}." in " ".join(texts["short"].split())
    assert f"Because {said}." in " ".join(texts["details"].split())
    assert said in texts["json"]
    assert "Because I said yes to pain that shoots down one leg." in texts["summary"]
    emergency = run(emergency_other="yes")
    assert emergency.because_text().startswith("Because you said yes to an emergency sign")


def test_not_sure_never_becomes_a_fact_checklist_included() -> None:
    outcome = run(leg_pain="not-sure")
    assert "What is causing the pain that shoots down my leg?" not in outcome.checklist(())
    assert outcome.messages[-1].startswith("If pain shoots down one leg")
    for qid in QUESTIONS:
        for text in run(**{qid.replace("-", "_"): "not-sure"}).checklist(()):
            assert not text.startswith("What is causing"), (qid, text)


# -- the topics say the same ----------------------------------------------------------------


def words_of(topic_id: str) -> str:
    return " ".join(text for _, text in TOPICS[topic_id].texts()).lower()


@pytest.mark.parametrize("topic_id", ["relapse", "numbness-and-tingling"])
def test_stroke_signs_come_before_any_24_hour_wording(topic_id: str) -> None:
    """R12: a stroke can look like MS; do not wait 24 hours to see."""
    text = words_of(topic_id)
    assert "face" in text
    assert "999" in text
    assert text.index("slurred speech") < text.index("24 hours")


def test_the_bladder_topic_names_the_sepsis_signs_as_the_guide_does() -> None:
    text = words_of("bladder-and-bowel")
    for sign in ("confused", "not peed all day", "blotchy", "999"):
        assert sign in text, sign
    assert "sepsis" in words_of("red-flags") or "very ill" in words_of("red-flags")


@pytest.mark.parametrize(
    "winner", [{"low_mood": "yes", "crisis": "not-sure"}, {"spine_signs": "yes"}]
)
def test_a_possible_relapse_is_never_lost_when_a_more_urgent_answer_wins(
    winner: dict[str, Answer],
) -> None:
    """Found by a newcomer: relapse plus a crisis answer showed exercise and no MS-team word."""
    outcome = run(possible_relapse="yes", moving="yes", stiffness="yes", **winner)
    assert outcome.urgency == "same-day"
    assert not {"exercise", "water-therapy", "staying-active"} & set(rec_ids(outcome))
    assert any("tell your MS nurse or neurologist too" in m for m in outcome.messages)
    assert "Could this be a relapse, and do I need treatment for it?" in outcome.doctor_questions
