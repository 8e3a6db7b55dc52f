"""The diary's safety nudges (brief addendum 2, R16): each fires on its case, stays quiet
otherwise, says whom to contact and by when, and never suggests taking more of a medicine."""

from __future__ import annotations

import datetime as dt

import pytest

from msback.content.store import open_store
from msback.diary import nudges
from msback.diary.entry import Entry, Tried

TODAY = dt.date(2026, 11, 26)
CONTACTS = ("999", "NHS 111", "GP", "pharmacist", "MS team", "physio")
WHEN = ("now", "today", "in the next few days")


def day(back: int, pain: int, *tried: str, where: str = "", stiffness: int | None = None,
        time: str = "09:00") -> Entry:  # fmt: skip
    """An entry ``back`` days before today; ``tried`` as the words a person types."""
    items = tuple(Tried(t, ("codeine",) if t == "co-codamol" else (t,)) for t in tried)
    scores = (("spasticity", stiffness),) if stiffness is not None else ()
    at = f"{(TODAY - dt.timedelta(days=back)).isoformat()} {time}"
    return Entry(at, pain, where, items, scores, offset=0)


def kinds(entries: list[Entry]) -> list[str]:
    return [n.kind for n in nudges.nudges(entries, TODAY)]


def check_words(found: list[nudges.Nudge]) -> None:
    """Every nudge names whom to contact and by when, and never says to take more."""
    for nudge in found:
        assert any(c in nudge.contact for c in CONTACTS), nudge
        assert any(w in nudge.contact for w in WHEN), nudge
        text = f"{nudge.text} {nudge.contact}".lower()
        assert "take more" not in text
        assert "increase" not in text


@pytest.mark.parametrize(
    ("entries", "kind"),
    [
        ([day(0, 9)], "very-high-pain"),
        ([day(0, 10)], "very-high-pain"),
        ([day(0, 5, where="both legs")], "both-legs"),
        ([day(40, 5, where="both legs"), day(0, 5, where="both legs")], "both-legs"),
        ([day(0, 5, where="upper back")], "upper-back"),
        ([day(0, 7), day(1, 8), day(3, 7)], "high-pain-days"),  # 3 of 4: one missed day
        ([day(i, 5, "co-codamol") for i in range(4)], "codeine-days"),
        ([day(i, 5, "co-codamol") for i in (1, 2, 4, 5)], "codeine-days"),  # a day not logged
        (
            [
                day(40, 2, where="both legs"),
                day(9, 3, where="both legs"),
                day(0, 5, where="both legs"),
            ],
            "both-legs",
        ),  # worse than usual
        ([day(i, 5, "anti-inflammatories") for i in (0, 1, 2, 3, 5, 7, 9)], "nsaid-days"),
        ([day(i, 4, stiffness=3) for i in (1, 2, 3)] + [day(0, 4, stiffness=5)], "stiffness-up"),
        ([day(0, 6), day(1, 5), day(8, 3), day(9, 4)], "week-up"),
    ],
)
def test_each_nudge_fires_on_its_case_and_names_whom_to_contact(
    entries: list[Entry], kind: str
) -> None:
    found = nudges.nudges(entries, TODAY)
    assert kind in [n.kind for n in found]
    check_words(found)


@pytest.mark.parametrize(
    "entries",
    [
        [day(0, 8)],
        [day(10, 5, where="upper back"), day(0, 5, where="upper back")],
        [day(0, 7), day(2, 7), day(5, 7)],
        [day(0, 7), day(1, 6), day(2, 7), day(3, 6)],
        [day(i, 5, "co-codamol") for i in range(3)],
        [day(i, 5, "co-codamol") for i in (0, 1, 2, 4)] + [day(3, 5)],  # logged without it
        [day(i, 5, "co-codamol") for i in (0, 1, 4, 5)],  # two days not logged end the run
        [day(i, 5, "anti-inflammatories") for i in range(6)],
        [day(i, 4, stiffness=3) for i in (1, 2, 3)] + [day(0, 4, stiffness=4)],
        [day(1, 4, stiffness=1), day(0, 4, stiffness=9)],  # too few scores to know the usual
        [day(0, 5), day(8, 4)],
        [],
    ],
)
def test_each_nudge_stays_quiet_otherwise(entries: list[Entry]) -> None:
    found = nudges.nudges(entries, TODAY)
    assert found == [], [n.kind for n in found]


def test_a_place_already_logged_in_the_month_is_not_new() -> None:
    """The second entry is not new; the first (earlier today) was and still says so."""
    first = day(0, 5, where="both legs", time="08:00")
    assert kinds([first]) == ["both-legs"]
    assert nudges._new_or_worse(nudges._days([first, day(0, 5, where="both legs")]), first)
    later = day(0, 5, where="both legs")
    assert not nudges._new_or_worse(nudges._days([first, later]), later)


def test_log_says_very_high_pain_and_a_new_place_about_the_entry_it_saved() -> None:
    """Later the same day, another entry does not repeat them; patterns still show."""
    first = day(0, 9, where="both legs", time="08:00")
    later = day(0, 4, where="both legs")
    assert [n.kind for n in nudges.nudges([first], TODAY, new=first)] == [
        "both-legs", "very-high-pain"
    ]  # fmt: skip
    assert nudges.nudges([first, later], TODAY, new=later) == []
    assert kinds([first, later]) == ["both-legs", "very-high-pain"]  # history: the day's
    run = [day(1, 8), day(2, 8)]
    assert "high-pain-days" in [n.kind for n in nudges.nudges([*run, first], TODAY, new=first)]
    assert nudges.nudges([*run, first, later], TODAY, new=later) == []  # said at the first


def test_a_pattern_is_said_again_the_same_day_only_when_this_entry_sets_it_off() -> None:
    run = [day(1, 8), day(2, 3)]
    morning = day(0, 2, time="08:00")
    evening = day(0, 8)  # the third high day of four
    assert nudges.nudges([*run, morning], TODAY, new=morning) == []
    said = nudges.nudges([*run, morning, evening], TODAY, new=evening)
    assert [n.kind for n in said] == []  # 8, 3, 2+8: two high days only
    third = day(3, 9)
    said = nudges.nudges([third, *run, morning, evening], TODAY, new=evening)
    assert [n.kind for n in said] == ["high-pain-days"]


def test_the_same_minute_entry_saved_first_counts_as_before() -> None:
    first = day(0, 5, where="upper back")
    second = day(0, 4, where="upper back", time="09:00")._replace(note="again")
    assert [n.kind for n in nudges.nudges([first], TODAY, new=first)] == ["upper-back"]
    assert nudges.nudges([first, second], TODAY, new=second) == []


def test_a_first_entry_says_none_there_before_not_for_the_first_time() -> None:
    (said,) = nudges.nudges([day(0, 5, where="both legs")], TODAY)
    assert "none there in the 30 days before" in said.text


def test_a_late_entry_still_says_a_warning_sign_and_when() -> None:
    """Caught up the next morning: a 999 sign logged for last night is never passed over."""
    late = day(1, 10, where="both legs", time="21:00")
    found = nudges.nudges([late, day(0, 3)], TODAY, new=late)
    assert [n.kind for n in found] == ["both-legs", "very-high-pain"]
    assert "on Wed 25 Nov" in found[0].text
    assert "If it is still there" in found[1].text


def test_not_sure_is_never_left_without_a_route() -> None:
    for nudge in nudges.nudges([day(0, 9, where="both legs")], TODAY):
        assert "Not sure? See a doctor today" in nudge.contact


def test_a_long_codeine_run_adds_the_advice_on_stopping() -> None:
    short = nudges.nudges([day(i, 5, "co-codamol") for i in range(5)], TODAY)
    long = nudges.nudges([day(i, 5, "co-codamol") for i in range(15)], TODAY)
    assert "stop suddenly" not in short[0].contact
    assert "do not stop suddenly without advice" in long[0].contact


def test_very_high_pain_and_a_new_place_show_the_warning_signs_that_fit() -> None:
    found = nudges.nudges([day(0, 9, where="both legs")], TODAY)
    assert [n.signs for n in found] == [("emergency",), ("emergency", "same-day")]
    upper = nudges.nudges([day(0, 5, where="upper back")], TODAY)
    assert upper[0].signs == ("emergency", "same-day")
    assert "today" in upper[0].contact


def test_the_signs_a_nudge_names_are_lists_the_content_has() -> None:
    signs = open_store(None, None).warning_signs()
    named = {level for *_, levels in nudges._PLACES for level in levels}
    assert named | {"emergency", "same-day"} <= set(signs)
    assert any("both legs" in item for item in signs["emergency"].items)


def test_the_medicine_topics_nudged_about_exist() -> None:
    store = open_store(None, None)
    for topic in (nudges.CODEINE, nudges.NSAIDS):
        assert store.topic(topic).kind == "treatment"
    assert store.tried("Nurofen Plus") == ("anti-inflammatories", "codeine")


def test_a_day_logged_in_a_zone_ahead_counts_as_the_latest_day() -> None:
    """Viewed where it is still yesterday, a run ending on a day logged in Tokyo shows."""
    ahead = Entry("2026-11-27 01:00", 8, offset=540)
    assert "high-pain-days" in kinds([day(0, 8), day(1, 8), ahead])


def test_episodes_are_runs_of_days_with_their_dates() -> None:
    entries = [day(i, 8) for i in (10, 9, 8, 7)] + [day(2, 9)]
    found = nudges.episodes(entries, TODAY - dt.timedelta(days=20), TODAY)
    assert [(e.kind, (TODAY - e.first).days, (TODAY - e.last).days) for e in found] == [
        ("high-pain-days", 8, 6),  # from the third high day to the last 4 days holding 3
        ("very-high-pain", 2, 2),
    ]
