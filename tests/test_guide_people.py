"""People described in plain words, answered as they would honestly answer, checked against
what the named guideline says (content-brief-addendum-2, R1-R18).

Where they came from: a clinical read of the guide on 2026-11-30, which wrote each person
first, decided from the brief what must happen, then answered the questions as that person
would. They test the rules, not these cases: a fix goes in the rule a guideline states. A
separate set of people is kept out of the repository on purpose.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from msback.content.models import Answer
from msback.guide import engine

from .test_guide_engine import ALL_NO, GUIDE, TOPICS, rec_ids


class Person(NamedTuple):
    who: str
    answers: dict[str, Answer]
    urgency: str
    never: tuple[str, ...] = ()  # options a guideline says must not be suggested
    shown: tuple[str, ...] = ()  # options that must be there
    omitted: tuple[str, ...] = ()  # questions left out of the answers file


NSAID = "anti-inflammatories"
PEOPLE = [
    Person("20 weeks pregnant, strained her back lifting a toddler (R1)",
           {"strain": "yes", "pregnancy": "yes"}, "self-care", (NSAID, "tens"), ("paracetamol",)),
    Person("70, on ocrelizumab, ordinary backache after gardening, feels well (R10, R3)",
           {"strain": "yes", "nsaid-ask-first": "yes"}, "self-care", ("codeine",), (NSAID,)),
    Person("on warfarin, twisted back (R1 ask first)",
           {"strain": "yes", "nsaid-ask-first": "yes"}, "self-care", ("codeine",), (NSAID,)),
    Person("pacemaker, usual treatments have not helped, burning pain (R6, R14)",
           {"tried": "yes", "nerve-feel": "yes", "implant": "yes", "stiffness": "yes"},
           "self-care", ("tens",), ("physical-therapy", "exercise")),
    Person("breastfeeding, asthma flares with ibuprofen, strain, stiff (R1, R3, R5)",
           {"strain": "yes", "breastfeeding": "yes", "nsaid-do-not": "yes", "stiffness": "yes",
            "tried": "yes"}, "self-care", (NSAID, "codeine", "cannabis-and-cbd"), ("paracetamol",)),
    Person("face drooped and speech slurred for 20 minutes this morning, now gone (R12)",
           {"emergency-other": "yes"}, "emergency"),
    Person("not sure whether a face droop this morning counts (R12)",
           {"emergency-other": "not-sure"}, "same-day"),
    Person("known MS hug, now new and different, comes and goes (R7)",
           {"spine-signs": "yes", "nerve-feel": "yes"}, "same-day", ("exercise",)),
    Person("pregnant, fever and pain in the side, after a strain (R1, R2, R8)",
           {"infection-signs": "yes", "pregnancy": "yes", "strain": "yes"}, "same-day",
           (NSAID, "exercise", "water-therapy")),
    Person("osteoporosis, sneezed, sudden pain, cannot move (R9)",
           {"history-signs": "yes", "fracture-severe": "yes"}, "emergency"),
    Person("repeated steroid courses, bent over, sudden pain, not sure she can move (R9)",
           {"history-signs": "yes", "fracture-severe": "not-sure", "strain": "yes"}, "same-day",
           (NSAID,)),
    Person("urine infection, now confused and shivering (R8)",
           {"emergency-other": "yes", "infection-signs": "yes"}, "emergency"),
    Person("on natalizumab, new constant pain that wakes him (R10)",
           {"spine-signs": "yes"}, "same-day"),
    Person("new leg numbness for 3 days, stiff, twisted back (R13, relapse and steroids)",
           {"possible-relapse": "yes", "strain": "yes", "stiffness": "yes", "moving": "yes"},
           "ms-team", (NSAID, "exercise", "water-therapy", "staying-active")),
    Person("breast cancer 8 years ago, ordinary backache after gardening (R18)",
           {"see-soon": "yes", "strain": "yes"}, "soon"),
    Person("past cancer and pain worse at night (R18)",
           {"see-soon": "yes", "spine-signs": "yes"}, "same-day"),
    Person("often low, not sure about thoughts of harming herself (R11)",
           {"low-mood": "yes", "crisis": "not-sure"}, "same-day"),
    Person("often low; the crisis question left out of the answers file (R11)",
           {"low-mood": "yes"}, "same-day", omitted=("crisis",)),
    Person("a strain; the medicine questions left out of the answers file (R1)",
           {"strain": "yes"}, "self-care", (NSAID,),
           omitted=("pregnancy", "nsaid-do-not", "nsaid-ask-first")),
    Person("told anti-inflammatories are unsafe; breastfeeding left out of the file (R3)",
           {"strain": "yes", "nsaid-do-not": "yes"}, "self-care", (NSAID, "codeine"),
           omitted=("breastfeeding",)),
    Person("baclofen pump, not sure about implants, nerve pain (R6)",
           {"nerve-feel": "yes", "implant": "not-sure"}, "self-care", ("tens",), ("nerve-pain",)),
    Person("pain shoots down one leg; that question left out of the file (R18, not sure)",
           {}, "soon", omitted=("leg-pain",)),
]  # fmt: skip


@pytest.mark.parametrize("person", PEOPLE, ids=[p.who for p in PEOPLE])
def test_people_described_in_plain_words(person: Person) -> None:
    answers = {**ALL_NO, **person.answers}
    for question in person.omitted:
        del answers[question]
    outcome = engine.evaluate(GUIDE, TOPICS, answers)
    assert outcome.urgency == person.urgency, outcome.because
    shown = rec_ids(outcome)
    assert not set(person.never) & set(shown), shown
    assert set(person.shown) <= set(shown), shown
    if person.urgency != "self-care":
        assert outcome.because, "the result must say why"
