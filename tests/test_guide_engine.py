"""The guide engine over the real guide.yaml: table-driven cases and property tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msback import guide as engine
from msback.models import ANSWERS, LEVELS, Answer
from msback.rules import DOSE, load_library

from .conftest import CONTENT

LIBRARY = load_library(CONTENT)
GUIDE = LIBRARY.guide
assert GUIDE is not None
TOPICS = LIBRARY.topics
QUESTIONS = {q.id: q for q in GUIDE.questions}
SAFETY = [q.id for q in GUIDE.questions if q.stage == "safety"]
PAIN = [q.id for q in GUIDE.questions if q.stage == "pain"]
EMERGENCY = [q.id for q in GUIDE.questions if q.urgency == "emergency"]
ALL_NO: dict[str, Answer] = dict.fromkeys(QUESTIONS, "no")


def run(**changes: Answer) -> engine.Outcome:
    """Evaluate 'no' to everything except the given answers (ids with _ for -)."""
    answers = {**ALL_NO, **{k.replace("_", "-"): v for k, v in changes.items()}}
    return engine.evaluate(GUIDE, TOPICS, answers)


def rec_ids(outcome: engine.Outcome) -> list[str]:
    return [r.id for r in outcome.recommendations]


# -- urgency: each red flag alone ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "yes_level", "not_sure_level"),
    [
        ("emergency-nerves", "emergency", "same-day"),
        ("emergency-injury", "emergency", "same-day"),
        ("same-day-signs", "same-day", "same-day"),
        ("possible-relapse", "ms-team", "ms-team"),
        ("see-soon", "soon", "soon"),
    ],
)
def test_each_red_flag_alone(question: str, yes_level: str, not_sure_level: str) -> None:
    assert run(**{question: "yes"}).urgency == yes_level
    assert run(**{question: "not-sure"}).urgency == not_sure_level


def test_every_safety_question_is_covered_above() -> None:
    assert SAFETY == [
        "emergency-nerves", "emergency-injury", "same-day-signs", "possible-relapse", "see-soon",
    ]  # fmt: skip


def test_every_flag_from_the_issue_is_asked() -> None:
    text = " ".join(item for q in SAFETY for item in (QUESTIONS[q].text, *QUESTIONS[q].items))
    for words in (
        "genitals, buttocks or back passage", "bladder or bowel control", "cannot pee",
        "both legs that is getting worse", "serious accident or fall", "chest pain",
        "sexual function", "fever", "weight loss", "had cancer", "worse at night",
        "does not ease when you rest", "minor fall", "thin bones", "steroids",
        "more than 24 hours, without a fever", "few weeks of self-care", "daily activities",
        "getting worse", "hard to cope",
    ):  # fmt: skip
        assert words in text, words


def test_emergency_yes_ends_with_no_self_care() -> None:
    outcome = run(emergency_nerves="yes", stiffness="yes", strain="yes")
    assert outcome.urgency == "emergency"
    assert outcome.recommendations == ()
    assert outcome.doctor_questions == ()
    assert "999" in outcome.messages[0]
    assert "911" in outcome.messages[0]
    assert "112" in outcome.messages[0]


def test_emergency_yes_stops_the_questions() -> None:
    answers: dict[str, Answer] = {"emergency-nerves": "yes"}
    assert engine.next_question(GUIDE, answers) is None
    assert [q.id for q in engine.asked(GUIDE, answers)] == ["emergency-nerves"]


def test_not_sure_on_an_emergency_sign_lists_the_signs() -> None:
    outcome = run(emergency_injury="not-sure")
    assert outcome.urgency == "same-day"
    assert GUIDE.not_sure_emergency in outcome.messages
    assert "Emergency sign: you have chest pain as well as back pain" in outcome.messages
    assert outcome.recommendations  # self-care may follow, second to the check


def test_unanswered_red_flags_count_as_not_sure() -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, dict.fromkeys(PAIN, "no"))
    assert outcome.urgency == "same-day"
    assert sum(m.startswith("Emergency sign:") for m in outcome.messages) == 6


def test_all_not_sure() -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, dict.fromkeys(QUESTIONS, "not-sure"))
    assert outcome.urgency == "same-day"
    assert "leg" in " ".join(outcome.messages)


def test_all_no_is_self_care_with_the_general_options() -> None:
    outcome = run()
    assert outcome.urgency == "self-care"
    assert rec_ids(outcome) == ["physical-therapy", "exercise", "occupational-therapy"]


def test_relapse_routes_to_the_ms_team_and_cites_relapse_sources() -> None:
    outcome = run(possible_relapse="yes")
    assert outcome.urgency == "ms-team"
    assert "National MS Society, Managing Relapses" in outcome.sources
    assert "Could this be a relapse, and do I need treatment for it?" in outcome.doctor_questions


def test_most_urgent_wins() -> None:
    assert run(see_soon="yes", possible_relapse="yes", same_day_signs="yes").urgency == "same-day"


def test_leg_pain_means_see_a_doctor() -> None:
    outcome = run(leg_pain="yes")
    assert outcome.urgency == "soon"
    assert any("shoots down one leg" in m for m in outcome.messages)
    assert "What is causing the pain that shoots down my leg?" in outcome.doctor_questions


# -- each cause alone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "first", "included"),
    [
        ("stiffness", "physical-therapy", "spasticity-medicines"),
        ("moving", "physical-therapy", "staying-active"),
        ("mobility-aid", "occupational-therapy", "physical-therapy"),
        ("balance", "physical-therapy", "water-therapy"),
        ("strain", "anti-inflammatories", "physical-therapy"),
        ("tired-or-low", "exercise", "bad-days"),
        ("tried", "complementary-care", "exercise"),
        ("complementary", "complementary-care", "exercise"),
    ],
)
def test_each_cause_alone(question: str, first: str, included: str) -> None:
    outcome = run(**{question: "yes"})
    assert outcome.urgency == "self-care"
    assert rec_ids(outcome)[0] == first
    assert included in rec_ids(outcome)
    top = outcome.recommendations[0]
    assert any(r.startswith("You ") for r in top.reasons), top.reasons


def test_reasons_put_the_answers_before_the_general_reason() -> None:
    pt = run(balance="yes").recommendations[0]
    assert pt.reasons[0].startswith("You said your balance is poor")
    assert pt.reasons[-1].startswith("Physio is worth having")


def test_heat_changes_the_water_therapy_advice() -> None:
    water = next(
        r for r in run(stiffness="yes", heat="yes").recommendations if r.id == "water-therapy"
    )
    assert "ask the pool its water temperature" in water.cautions[0]
    without = next(r for r in run(stiffness="yes").recommendations if r.id == "water-therapy")
    assert "ask the pool its water temperature" not in " ".join(without.cautions)


def test_strain_brings_the_nsaid_cautions() -> None:
    nsaid = run(strain="yes").recommendations[0]
    assert nsaid.id == "anti-inflammatories"
    text = " ".join(nsaid.cautions)
    assert "stomach bleeding" in text
    assert "pharmacist" in text


def test_combination_ranks_by_points_then_guide_order() -> None:
    outcome = run(stiffness="yes", balance="yes", moving="yes", tired_or_low="yes")
    scores = [r.score for r in outcome.recommendations]
    assert scores == sorted(scores, reverse=True)
    assert rec_ids(outcome)[0] == "physical-therapy"


def test_complementary_question_is_skipped_when_it_cannot_matter() -> None:
    tried: dict[str, Answer] = {**ALL_NO, "tried": "yes"}
    del tried["complementary"]
    assert "complementary" not in [q.id for q in engine.asked(GUIDE, tried)]
    assert engine.next_question(GUIDE, tried) is None
    assert "complementary" in [q.id for q in engine.asked(GUIDE, ALL_NO)]


def test_usual_path_has_at_most_ten_pain_questions() -> None:
    for tried in ANSWERS:
        path = engine.asked(GUIDE, {**ALL_NO, "tried": tried})
        assert len([q for q in path if q.stage == "pain"]) <= 10


def test_progress_counts_the_path() -> None:
    first = GUIDE.questions[0]
    assert engine.progress(GUIDE, {}, first) == (1, len(GUIDE.questions))
    last = QUESTIONS["tried"]
    assert engine.progress(GUIDE, {**ALL_NO, "tried": "yes"}, last) == (14, 14)


def test_nothing_in_any_outcome_looks_like_a_dose() -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, dict.fromkeys(PAIN, "yes"))
    texts = [*outcome.messages, *outcome.doctor_questions]
    for rec in outcome.recommendations:
        texts += [*rec.reasons, *rec.cautions, *rec.doctor_questions, rec.summary]
    assert not [t for t in texts if DOSE.search(t)]


# -- answers files ------------------------------------------------------------------------


def test_parse_answers_accepts_everyday_words() -> None:
    raw = {"stiffness": True, "heat": "Y", "moving": False, "balance": "not sure", "strain": "?"}
    assert engine.parse_answers(GUIDE, raw) == {
        "stiffness": "yes", "heat": "yes", "moving": "no", "balance": "not-sure",
        "strain": "not-sure",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"nope": "yes"}, "unknown question id 'nope'"),
        ({"heat": "maybe"}, "question 'heat': 'maybe' is not an allowed answer"),
        ({"heat": 3}, "question 'heat': 3 is not an allowed answer"),
        (["heat"], "must be a mapping"),
    ],
)
def test_parse_answers_rejects(raw: object, message: str) -> None:
    with pytest.raises(engine.AnswerError, match=message):
        engine.parse_answers(GUIDE, raw)


# -- properties ---------------------------------------------------------------------------

answer_sets = st.dictionaries(st.sampled_from(sorted(QUESTIONS)), st.sampled_from(ANSWERS))


@settings(max_examples=300, deadline=None)
@given(answer_sets, st.sampled_from(EMERGENCY))
def test_any_emergency_yes_gives_emergency_and_no_recommendations(
    answers: dict[str, Answer], flag: str
) -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, {**answers, flag: "yes"})
    assert outcome.urgency == "emergency"
    assert outcome.recommendations == ()


@settings(max_examples=300, deadline=None)
@given(answer_sets, st.sampled_from(SAFETY), st.sampled_from(["yes", "not-sure"]))
def test_raising_a_red_flag_answer_never_lowers_urgency(
    answers: dict[str, Answer], flag: str, higher: Answer
) -> None:
    before = engine.evaluate(GUIDE, TOPICS, {**answers, flag: "no"})
    after = engine.evaluate(GUIDE, TOPICS, {**answers, flag: higher})
    assert LEVELS.index(after.urgency) <= LEVELS.index(before.urgency)


@settings(max_examples=200, deadline=None)
@given(answer_sets)
def test_json_always_has_the_stable_keys(answers: dict[str, Answer]) -> None:
    data = engine.evaluate(GUIDE, TOPICS, answers).to_json()
    assert list(data) == ["urgency", "messages", "recommendations", "doctor_questions", "sources"]
    assert data["urgency"] in LEVELS
    for rec in data["recommendations"]:
        assert list(rec) == ["id", "title", "reasons", "cautions", "doctor_questions"]
    assert data["sources"]


@settings(max_examples=200, deadline=None)
@given(answer_sets)
def test_walking_the_questions_reaches_the_same_outcome(answers: dict[str, Answer]) -> None:
    """Answering one question at a time (as at the prompt) equals evaluating the whole file."""
    walked: dict[str, Answer] = {}
    while (question := engine.next_question(GUIDE, walked)) is not None:
        walked[question.id] = answers.get(question.id, "not-sure")
    scripted = {q.id: walked[q.id] for q in engine.asked(GUIDE, walked)}
    assert engine.evaluate(GUIDE, TOPICS, walked) == engine.evaluate(GUIDE, TOPICS, scripted)


def test_guide_is_cached_and_reloaded_identically(tmp_path: Path) -> None:
    from msback.models import Guide

    assert Guide.from_dict(GUIDE.to_dict()) == GUIDE


def test_topic_ids_names_everything_evaluate_reads() -> None:
    needed = engine.topic_ids(GUIDE)
    assert {"red-flags", "relapse", "water-therapy", "complementary-care"} <= needed
    only_needed = {t: TOPICS[t] for t in needed}
    for answers in (dict.fromkeys(QUESTIONS, "yes"), ALL_NO, {"possible-relapse": "yes"}):
        outcome = engine.evaluate(GUIDE, only_needed, answers)  # a missing topic: KeyError
        assert outcome == engine.evaluate(GUIDE, TOPICS, answers)
