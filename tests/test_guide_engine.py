"""The guide engine over the real guide.yaml: table-driven cases and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msback.content import safety
from msback.content.models import ANSWERS, LEVELS, Answer
from msback.content.rules import DOSE, load_library
from msback.guide import engine, screens

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

SAFETY_IDS = [
    "emergency-nerves", "emergency-other", "infection-signs", "spine-signs", "history-signs",
    "fracture-severe", "possible-relapse", "see-soon",
]  # fmt: skip
#: Answers a follow-up safety question needs before it is asked.
CONTEXT: dict[str, dict[str, Answer]] = {"fracture-severe": {"history-signs": "yes"}}


def flagged(question: str, answer: Answer) -> dict[str, Answer]:
    """The answers that put this safety question on the path with this answer."""
    return {**ALL_NO, **CONTEXT.get(question, {}), question: answer}


@pytest.mark.parametrize(
    ("question", "yes_level", "not_sure_level"),
    [
        ("emergency-nerves", "emergency", "same-day"),
        ("emergency-other", "emergency", "same-day"),
        ("infection-signs", "same-day", "same-day"),
        ("spine-signs", "same-day", "same-day"),
        ("history-signs", "same-day", "same-day"),
        ("fracture-severe", "emergency", "same-day"),
        ("possible-relapse", "ms-team", "ms-team"),
        ("see-soon", "soon", "soon"),
    ],
)
def test_each_red_flag_alone(question: str, yes_level: str, not_sure_level: str) -> None:
    assert engine.evaluate(GUIDE, TOPICS, flagged(question, "yes")).urgency == yes_level
    assert engine.evaluate(GUIDE, TOPICS, flagged(question, "not-sure")).urgency == not_sure_level


@pytest.mark.parametrize("pain", [{}, {"stiffness": "yes", "strain": "yes", "heat": "yes"}])
@pytest.mark.parametrize("question", SAFETY_IDS)
def test_each_red_flag_with_pain_answers(question: str, pain: dict[str, Answer]) -> None:
    """Pain answers never lower what a safety answer gives, and self-care stays short."""
    alone = engine.evaluate(GUIDE, TOPICS, flagged(question, "yes"))
    both = engine.evaluate(GUIDE, TOPICS, {**flagged(question, "yes"), **pain})
    assert LEVELS.index(both.urgency) <= LEVELS.index(alone.urgency)
    if both.urgency in ("same-day", "ms-team"):
        assert 0 < len(both.recommendations) <= 3


def test_every_safety_question_is_covered_above() -> None:
    assert SAFETY == SAFETY_IDS


# Every flag in the content brief (sections 1a, 1b, 1c and 2): words the guide must ask,
# and the level a "yes" must give. Someone who has the flag cannot truthfully answer "no".
BRIEF_FLAGS = [
    ("1a both legs", "tingling, weakness or numbness in both legs", "emergency"),
    ("1a saddle numbness", "genitals, buttocks or back passage", "emergency"),
    ("1a trouble starting to pee", "trouble starting to pee", "emergency"),
    ("1a cannot pee", "cannot pee", "emergency"),
    ("1a loss of control", "loss of bladder or bowel control, leaking", "emergency"),
    ("1a not knowing bladder is full", "not knowing when your bladder is full", "emergency"),
    ("1a sexual function", "change in sexual function", "emergency"),
    ("R7 chest pain, 999 tier", "sudden chest pain or tightness", "emergency"),
    ("R7 chest pain over 15 minutes", "lasted over 15 minutes", "emergency"),
    ("R8 sepsis", "an infection, and you feel very ill", "emergency"),
    ("R12 stroke", "sudden face drooping, arm weakness", "emergency"),
    ("R9 fracture, 999 tier", "the pain is so bad that you cannot move", "emergency"),
    ("1a serious accident", "serious accident", "emergency"),
    ("1b fever", "high temperature (fever)", "same-day"),
    ("1b weight loss", "lost weight without trying", "same-day"),
    ("1b lump or shape", "lump or swelling, or your back has changed shape", "same-day"),
    (
        "1b rest or night",
        "does not ease when you rest or change position, or it is worse",
        "same-day",
    ),
    ("1b cough, sneeze, bowels", "cough, sneeze or open your bowels", "same-day"),
    ("1b upper back", "upper back, between the shoulders", "same-day"),
    ("R18 past cancer alone", "you have had cancer", "soon"),
    ("R18 past cancer with a spinal sign", "you had cancer in the past", "same-day"),
    ("N16 blurred sight in one eye", "the sight in one eye", "same-day"),
    ("R9 fracture without a fall", "even without a fall", "same-day"),
    (
        "1b osteoporosis or steroids",
        "thin bones (osteoporosis), or have taken steroids",
        "same-day",
    ),
    (
        "R10 immune-suppressing medicine and unwell",
        "weakens your immune system, and you feel unwell",
        "same-day",
    ),
    ("1b recent infection", "infection recently", "same-day"),
    ("1b injecting drugs", "inject drugs", "same-day"),
    ("2 burning when peeing", "burns or stings when you pee", "same-day"),
    ("2 possible relapse", "lasted more than 24 hours", "ms-team"),
    ("1c no better after weeks", "no better after a few weeks of self-care", "soon"),
    ("1c daily activities", "stops you doing your daily activities", "soon"),
    ("1c very severe", "very bad", "soon"),
    ("1c getting worse", "keeps getting worse", "soon"),
    ("1c worried or coping", "worried about the pain, or finding it hard to cope", "soon"),
    ("1c walking or unsteady", "walking has changed, or you are much more unsteady", "soon"),
    ("R7 new band, or unlike the usual hug", "band of pain or tightness", "same-day"),
]


@pytest.mark.parametrize(("flag", "words", "level"), BRIEF_FLAGS, ids=[f[0] for f in BRIEF_FLAGS])
def test_every_flag_in_the_brief_is_asked_at_its_level(flag: str, words: str, level: str) -> None:
    asking = [
        q for q in GUIDE.questions
        if q.stage == "safety" and any(words in item for item in q.items)
    ]  # fmt: skip
    assert asking, f"no safety question asks about: {flag}"
    assert {q.urgency for q in asking} == {level}
    for question in asking:
        assert engine.evaluate(GUIDE, TOPICS, flagged(question.id, "yes")).urgency == level


def test_ms_aware_wording_new_or_different() -> None:
    assert "new, or clearly different from your usual MS" in QUESTIONS["emergency-nerves"].text
    assert "new, or clearly different from your usual MS" in QUESTIONS["emergency-other"].items[0]
    assert "new, or clearly different from your usual MS" in QUESTIONS["see-soon"].items[3]
    assert "new, or unlike your usual MS hug" in QUESTIONS["spine-signs"].items[4]
    assert "MS hug" in QUESTIONS["spine-signs"].note


def test_no_safety_question_holds_more_than_five_signs() -> None:
    assert max(len(QUESTIONS[q].items) for q in SAFETY) <= 5


def test_the_red_flags_topic_lists_exactly_what_the_guide_asks() -> None:
    """One source of truth: every warning sign on `msback show red-flags` is asked."""
    import yaml

    raw = yaml.safe_load((CONTENT / "topics" / "red-flags.yaml").read_text(encoding="utf-8"))
    urgent = ("Emergency", "Same day", "MS team", "Soon")
    for section in raw["sections"]:
        if section["heading"].startswith(urgent):
            assert "flags" in section, section["heading"]
            assert "items" not in section, section["heading"]
    topic = TOPICS["red-flags"]
    asked_items = {item for q in SAFETY for item in QUESTIONS[q].items}
    listed = [item for s in topic.sections if s.flags for item in s.items]
    assert sorted(listed) == sorted(asked_items)
    for section in (s for s in topic.sections if s.flags):
        level_items = [i for q in SAFETY if QUESTIONS[q].urgency == section.flags
                       for i in QUESTIONS[q].items]  # fmt: skip
        assert list(section.items) == level_items
    assert GUIDE.not_sure_emergency in topic.cautions


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


# -- "not sure" ---------------------------------------------------------------------------


def test_not_sure_on_an_emergency_sign_lists_the_signs() -> None:
    outcome = run(emergency_other="not-sure")
    assert outcome.urgency == "same-day"
    assert GUIDE.not_sure_emergency in outcome.messages
    assert "call 999, 911 or 112 if it is happening now" in GUIDE.not_sure_emergency
    chest = QUESTIONS["emergency-other"].items[1]
    assert f"Emergency sign to watch for: {chest}" in outcome.messages
    assert outcome.recommendations  # self-care may follow, second to the check
    assert len(outcome.recommendations) <= 3


def test_the_not_sure_rule_is_stated_the_same_everywhere() -> None:
    policy = GUIDE.not_sure_emergency
    assert policy in TOPICS["red-flags"].cautions
    readme = " ".join((CONTENT.parent / "README.md").read_text(encoding="utf-8").split())
    assert policy in readme


def test_not_sure_text_never_states_the_thing_as_fact() -> None:
    """What a "not sure" answer shows is worded as a possibility, never as what you said."""
    for qid in QUESTIONS:
        outcome = run(**{qid: "not-sure"})
        texts = list(outcome.messages)
        for rec in outcome.recommendations:
            texts += [*rec.cautions, *(r.text for r in rec.reasons)]
        said = [t for t in texts if "You said" in t or "your answers include a sign" in t.lower()]
        assert not said, (qid, said)
    heat = run(stiffness="yes", heat="not-sure")
    water = next(r for r in heat.recommendations if r.id == "water-therapy")
    assert water.cautions[0].startswith("If heat brings on your MS symptoms")


def test_unanswered_red_flags_count_as_not_sure() -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, dict.fromkeys(PAIN, "no"))
    assert outcome.urgency == "same-day"
    emergency_items = [i for q in EMERGENCY for i in QUESTIONS[q].items]
    listed = [m for m in outcome.messages if m.startswith(engine.EMERGENCY_SIGN)]
    assert len(listed) == len(emergency_items)


def test_all_not_sure() -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, dict.fromkeys(QUESTIONS, "not-sure"))
    assert outcome.urgency == "same-day"
    assert "leg" in " ".join(outcome.messages)


def test_self_care_only_when_every_warning_sign_was_answered_no() -> None:
    outcome = run()
    assert outcome.urgency == "self-care"
    assert outcome.messages[0] == "You answered no to every warning sign in the safety check."
    for qid in (q.id for q in engine.asked(GUIDE, ALL_NO) if q.stage == "safety"):
        partial = {k: v for k, v in ALL_NO.items() if k != qid}
        assert engine.evaluate(GUIDE, TOPICS, partial).urgency != "self-care"


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
    assert run(see_soon="yes", possible_relapse="yes", spine_signs="yes").urgency == "same-day"


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
        ("tired", "tiredness", "exercise"),
        ("low-mood", "exercise", "bad-days"),
        ("tried", "physical-therapy", "complementary-care"),
        ("nerve-feel", "nerve-pain", "tens"),
    ],
)
def test_each_cause_alone(question: str, first: str, included: str) -> None:
    outcome = run(**{question: "yes"})
    assert outcome.urgency == "self-care"
    assert rec_ids(outcome)[0] == first
    assert included in rec_ids(outcome)
    top = outcome.recommendations[0]
    assert top.reasons[0].said, top.reasons  # a reason tied to this answer comes first


def test_each_option_gets_a_reason_of_its_own() -> None:
    """A rule that raises several options explains each one differently."""
    for rule in GUIDE.rules:
        whys = [up.why for up in rule.raises.values() if up.points > 0]
        assert len(whys) == len(set(whys)), rule.when
    ot = next(r for r in run(strain="yes").recommendations if r.id == "occupational-therapy")
    assert "anti-inflammator" not in ot.reasons[0].text
    assert "occupational therapist" in ot.reasons[0].text


def test_reasons_put_the_answers_before_the_general_reason() -> None:
    pt = run(balance="yes").recommendations[0]
    assert pt.reasons[0].text.startswith("You said your balance or walking is a problem")
    assert pt.reasons[-1].text.startswith("Physio is worth having")


def test_heat_changes_the_water_therapy_advice() -> None:
    water = next(
        r for r in run(stiffness="yes", heat="yes").recommendations if r.id == "water-therapy"
    )
    assert "ask the pool its water temperature" in water.cautions[0]
    without = next(r for r in run(stiffness="yes").recommendations if r.id == "water-therapy")
    assert "ask the pool its water temperature" not in " ".join(without.cautions)


def test_strain_brings_the_nsaid_must_know_cautions_even_in_the_short_result() -> None:
    nsaid = run(strain="yes").recommendations[0]
    assert nsaid.id == "anti-inflammatories"
    text = " ".join(nsaid.key_cautions).lower()
    for must_know in (  # R1: the "do not" and "ask first" lists, and R2
        "pregnan", "wheez", "ulcer or bleed now", "heart, kidney or liver failure", "over 65",
        "blood thinners", "steroids", "antidepressants", "kidney infection",
    ):  # fmt: skip
        assert must_know in text, must_know


@pytest.mark.parametrize("risk", ["yes", "not-sure"])
def test_ask_first_risks_rank_nsaids_lower_with_a_check_first_caution(risk: Answer) -> None:
    plain = run(strain="yes")
    risky = run(strain="yes", nsaid_ask_first=risk)
    assert rec_ids(plain)[0] == "anti-inflammatories"
    assert rec_ids(risky).index("anti-inflammatories") > 0
    nsaid = next(r for r in risky.recommendations if r.id == "anti-inflammatories")
    assert nsaid.cautions[0].startswith("Check with a pharmacist or doctor first")
    assert nsaid.key_cautions[0] == nsaid.cautions[0]
    if risk == "not-sure":
        assert "not sure" in nsaid.cautions[0]


@pytest.mark.parametrize("risk", ["yes", "not-sure"])
def test_when_nsaids_must_not_be_taken_codeine_is_raised_with_its_cautions(risk: Answer) -> None:
    risky = run(strain="yes", nsaid_do_not=risk)
    assert "anti-inflammatories" not in rec_ids(risky)
    codeine = next(r for r in risky.recommendations if r.id == "codeine")
    assert codeine.reasons[0].said.startswith("Your answers suggest")  # never "You said"
    text = " ".join(codeine.key_cautions).lower()
    for must_know in ("pregnan", "bladder", "dizz", "short"):
        assert must_know in text, must_know
    assert rec_ids(risky).index("paracetamol") < rec_ids(risky).index("codeine")
    for answer in ("no", "yes", "not-sure"):  # "ask first" never brings codeine in
        assert "codeine" not in rec_ids(run(strain="yes", nsaid_ask_first=answer))


def test_stiffness_puts_spasm_triggers_before_medicines() -> None:
    ids = rec_ids(run(stiffness="yes"))
    assert ids.index("spasms-and-cramps") < ids.index("spasticity-medicines")


def test_a_cannabis_based_spray_comes_up_only_after_other_treatments_and_low() -> None:
    assert "cannabis-and-cbd" not in rec_ids(run(stiffness="yes"))
    ids = rec_ids(run(stiffness="yes", tried="yes"))
    assert ids.index("cannabis-and-cbd") >= screens.SHORT_OPTIONS  # never in the short result


def test_heat_sensitivity_changes_the_heat_pack_advice() -> None:
    card = next(r for r in run(tried="yes", heat="yes").recommendations if r.id == "heat-packs")
    assert card.cautions[0].startswith("If heat brings on your MS symptoms")
    assert "numb" in " ".join(card.cautions).lower()


def test_medicine_questions_are_asked_only_when_nsaids_would_be_shown() -> None:
    for qid in ("pregnancy", "nsaid-do-not", "nsaid-ask-first"):
        assert qid in [q.id for q in engine.asked(GUIDE, {**ALL_NO, "strain": "yes"})]
        assert qid not in [q.id for q in engine.asked(GUIDE, ALL_NO)]


@pytest.mark.parametrize("flag", ["history-signs", "possible-relapse"])
@pytest.mark.parametrize("answer", ["yes", "not-sure"])
def test_no_nsaids_where_steroids_make_them_risky(flag: str, answer: Answer) -> None:
    outcome = run(strain="yes", **{flag.replace("-", "_"): answer})
    assert "anti-inflammatories" not in rec_ids(outcome)
    assert any("steroids" in line for line in outcome.left_out)


def test_combination_ranks_by_points_then_guide_order() -> None:
    outcome = run(stiffness="yes", balance="yes", moving="yes", tired="yes")
    scores = [r.score for r in outcome.recommendations]
    assert scores == sorted(scores, reverse=True)
    assert rec_ids(outcome)[0] == "physical-therapy"


def test_checklist_only_asks_about_options_that_are_shown() -> None:
    outcome = run(stiffness="yes", heat="yes", tired="yes", balance="yes")
    shown = outcome.recommendations[:3]
    hidden = list(outcome.recommendations[3:])
    checklist = outcome.checklist(shown)
    for rec in hidden:
        assert not set(rec.doctor_questions) & (set(checklist) - set(outcome.doctor_questions))
    assert "water-therapy" in rec_ids(outcome)
    if "water-therapy" not in [r.id for r in shown]:
        assert not any("water" in q for q in checklist)


def test_complementary_question_is_skipped_when_it_cannot_matter() -> None:
    tried: dict[str, Answer] = {**ALL_NO, "tried": "yes"}
    del tried["complementary"]
    assert "complementary" not in [q.id for q in engine.asked(GUIDE, tried)]
    assert "complementary" in [q.id for q in engine.asked(GUIDE, ALL_NO)]


def test_the_last_question_is_always_asked() -> None:
    assert not GUIDE.questions[-1].ask_if


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["no", "no", "no", "yes", "not-sure"]), min_size=30, max_size=30))
def test_progress_counts_up_by_one_and_ends_at_its_total(replies: list[Answer]) -> None:
    """ "Question N of M": N goes up by one, and the last question shown is M of M
    (unless an emergency "yes" stops the guide at once)."""
    answers: dict[str, Answer] = {}
    seen: list[tuple[int, int]] = []
    while (question := engine.next_question(GUIDE, answers)) is not None:
        seen.append(engine.progress(GUIDE, answers, question))
        answers[question.id] = replies[len(seen) - 1]
    assert [n for n, _ in seen] == list(range(1, len(seen) + 1))
    totals = [m for _, m in seen]
    assert totals == sorted(totals, reverse=True)  # M only shrinks as questions drop out
    if not any(engine.is_emergency_yes(QUESTIONS[q], a) for q, a in answers.items()):
        assert seen[-1][0] == seen[-1][1]


def test_nothing_in_any_outcome_looks_like_a_dose() -> None:
    outcome = engine.evaluate(GUIDE, TOPICS, dict.fromkeys(PAIN, "yes"))
    texts = [*outcome.messages, *outcome.doctor_questions]
    for rec in outcome.recommendations:
        texts += [*(r.text for r in rec.reasons), *rec.cautions, *rec.doctor_questions, rec.summary]
    assert not [t for t in texts if DOSE.search(t)]


# -- answers files ------------------------------------------------------------------------


def test_parse_answers_accepts_everyday_words() -> None:
    raw = {"stiffness": True, "heat": "Y", "moving": False, "balance": "not sure", "strain": "?"}
    assert engine.parse_answers(GUIDE, raw) == {
        "stiffness": "yes", "heat": "yes", "moving": "no", "balance": "not-sure",
        "strain": "not-sure",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("y", "yes"), ("YES", "yes"), (" yeah ", "yes"), ("Yep", "yes"), ("yes.", "yes"),
        ("n", "no"), ("No", "no"), ("nope", "no"), ("NAH", "no"),
        ("s", "not-sure"), ("?", "not-sure"), ("not sure", "not-sure"), ("Not  Sure", "not-sure"),
        ("unsure", "not-sure"), ("don't know", "not-sure"), ("Don\u2019t know", "not-sure"),
        ("dont know", "not-sure"),
        ("dunno", "not-sure"), ("No idea", "not-sure"), ("not really", "not-sure"),
        ("I don\u2019t think so", "not-sure"), ("probably not", "not-sure"),
        ("yes please", "yes"), ("Yes please!", "yes"), ("definitely not", "no"),
    ],
)  # fmt: skip
def test_lenient_answers(typed: str, answer: Answer) -> None:
    assert safety.answer_from(typed) == answer


@pytest.mark.parametrize("typed", ["", "yess", "b", "q", "1", "sure", "a bit", "i think so"])
def test_not_answers(typed: str) -> None:
    assert safety.answer_from(typed) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"nope": "yes"}, "unknown question id 'nope'"),
        ({"heat": "purple"}, "question 'heat': 'purple' is not an allowed answer"),
        ({"heat": "x" * 5000}, r"question 'heat': 'x{55}\.\.\.' is not"),
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
    outcome = engine.evaluate(GUIDE, TOPICS, {**answers, **CONTEXT.get(flag, {}), flag: "yes"})
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
    assert list(data) == [
        "urgency", "because", "messages", "left_out", "recommendations", "doctor_questions",
        "sources",
    ]  # fmt: skip
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


def test_guide_survives_compiling_unchanged() -> None:
    import msgspec

    from msback.content.models import Guide

    assert msgspec.json.decode(msgspec.json.encode(GUIDE), type=Guide) == GUIDE


def test_topic_ids_names_everything_evaluate_reads() -> None:
    needed = engine.topic_ids(GUIDE)
    assert {"red-flags", "relapse", "water-therapy", "complementary-care"} <= needed
    only_needed = {t: TOPICS[t] for t in needed}
    for answers in (dict.fromkeys(QUESTIONS, "yes"), ALL_NO, {"possible-relapse": "yes"}):
        outcome = engine.evaluate(GUIDE, only_needed, answers)  # a missing topic: KeyError
        assert outcome == engine.evaluate(GUIDE, TOPICS, answers)


def test_nothing_shown_is_emphasised_in_capitals() -> None:
    """A screen reader spells "NEW" out letter by letter: every word in capitals in the
    content and the README is a known abbreviation (lint rule MSB023)."""
    import re
    from pathlib import Path

    from msback.content.rules import ABBREVIATIONS, check_text

    for topic in TOPICS.values():
        for field, text in topic.texts():
            assert not [r for r, _ in check_text(text) if r == "MSB023"], (topic.id, field, text)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```|`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]*>", "", readme, flags=re.S)
    shouted = set(re.findall(r"\b[A-Z][A-Z]+\b", prose)) - ABBREVIATIONS
    # the developers' part: formats, placeholders and tools, not emphasis
    technical = {
        "ASCII", "CI", "CLI", "CRC", "DD", "FIFO", "HH", "MB", "MM", "OWASP", "PATH", "SHA",
        "SQL", "SVG", "TOPIC", "UTC", "UTF", "VM", "YAML", "YYYY", "WORDS", "FILE", "DIR",
        "WHEN", "N", "M", "TEXT", "COMMAND", "SCORE", "PLACE", "FORMAT"
    }  # fmt: skip
    assert sorted(shouted - technical) == []


def test_emergency_numbers_are_written_one_way_everywhere() -> None:
    """How emergency numbers are written, decided once (CONTENT_STYLE.md): as digits, as
    they are dialled ("999", "116 123"), never in words or with dots; and an emergency call
    always gives 999, 911 and 112 together unless the text names its country."""
    import re

    texts = [text for topic in TOPICS.values() for _, text in topic.texts()]
    for q in GUIDE.questions:
        texts += [q.text, q.note, *q.items, *q.at_once]
    for level in GUIDE.levels:
        texts += [*level.message, level.action]
    texts += [rule.message for rule in GUIDE.rules]
    for text in texts:
        assert not re.search(r"nine[- ]nine[- ]nine|9[-.]9[-.]9|9 9 9", text, re.I), text
        if "999" in text and "UK" not in text and "Ireland" not in text:
            assert "911" in text, text
            assert "112" in text, text
