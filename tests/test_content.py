"""Locating, parsing and validating content; and safety properties of the real content."""

from __future__ import annotations

from pathlib import Path

import pytest

from msback.content import files as content
from msback.content.files import locate_content_dir, parse_yaml, validate_topic
from msback.content.models import KIND_HEADINGS, Topic
from msback.content.rules import DOSE, load_library
from msback.errors import ContentError

from .conftest import CONTENT

LIBRARY = load_library(CONTENT)
TOPICS = sorted(LIBRARY.topics.values(), key=lambda t: t.id)
TREATMENTS = [t for t in TOPICS if t.kind == "treatment"]


def test_locate_prefers_explicit_then_environment(tmp_path: Path) -> None:
    from msback.paths import Paths

    explicit, from_env = tmp_path / "a", tmp_path / "b"
    for folder in (explicit, from_env):
        (folder / "topics").mkdir(parents=True)
    variables = {"MSBACK_CONTENT_DIR": str(from_env)}
    assert locate_content_dir(Paths(variables, str(explicit)).content) == explicit.resolve()
    assert locate_content_dir(Paths(variables).content) == from_env.resolve()
    assert Paths({}).content is None  # the built-in content


def test_locate_falls_back_to_packaged_or_checkout_content() -> None:
    found = locate_content_dir(None)
    assert (found / "topics" / "water-therapy.yaml").is_file()


def test_locate_rejects_a_folder_without_topics(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not a content directory"):
        locate_content_dir(tmp_path)


def test_unsafe_yaml_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    data, _, problem = parse_yaml(bad)
    assert data is None
    assert problem is not None
    assert problem.rule == "MSB011"
    assert problem.line == 1
    assert "python/object" in problem.message
    assert not marker.exists()


def test_validate_reports_wrong_types_with_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "id: x\nkind: cause\ntitle: T\nsummary: S\ncautions: [1, [2]]\n", encoding="utf-8"
    )
    data, node, _ = parse_yaml(path)
    topic, problems = validate_topic(path, data, node)
    assert topic is None
    # msgspec stops at the first wrong value: one line, with the field and the line.
    assert [(p.rule, p.field, p.line) for p in problems] == [("MSB002", "cautions[0]", 5)]
    assert problems[0].message == "expected 'str', got 'int'"


def test_unknown_kind_is_a_schema_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nkind: cure\ntitle: T\nsummary: S\n", encoding="utf-8")
    data, node, _ = parse_yaml(path)
    _, problems = validate_topic(path, data, node)
    assert [(p.rule, p.field, p.line) for p in problems] == [("MSB002", "kind", 2)]


def test_topic_round_trips_through_its_json_dict() -> None:
    import msgspec

    for topic in TOPICS:
        assert msgspec.convert(topic.to_dict(), type=Topic) == topic


def test_csafe_loader_is_used_when_available() -> None:
    import yaml

    assert content._loader() is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# -- the real content -----------------------------------------------------------------


def test_every_kind_is_covered() -> None:
    assert {t.kind for t in TOPICS} == set(KIND_HEADINGS)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_every_topic_names_sources(topic: Topic) -> None:
    assert topic.sources
    assert all(s.name.strip() for s in topic.sources)


@pytest.mark.parametrize("topic", TREATMENTS, ids=lambda t: t.id)
def test_every_treatment_has_cautions_and_doctor_questions(topic: Topic) -> None:
    assert topic.cautions
    assert len(topic.doctor_questions) >= 2
    assert all(q.rstrip().endswith("?") for q in topic.doctor_questions)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_no_topic_gives_a_dose(topic: Topic) -> None:
    for _, text in topic.texts():
        assert not DOSE.search(text), text


def test_medicine_topics_say_never_to_change_prescriptions_alone() -> None:
    meds = LIBRARY.topics["spasticity-medicines"]
    assert any("without your prescriber" in c for c in meds.cautions)
    otc = LIBRARY.topics["anti-inflammatories"]
    assert any("pharmacist before adding" in c for c in otc.cautions)


def test_red_flags_name_emergency_numbers_and_ms_aware_wording() -> None:
    flags = LIBRARY.topics["red-flags"]
    text = " ".join(t for _, t in flags.texts()) + " ".join(s.heading for s in flags.sections)
    for number in ("999", "911", "112"):
        assert number in text
    assert "clearly different from your usual MS" in text


def test_water_therapy_carries_the_heat_caution() -> None:
    water = LIBRARY.topics["water-therapy"]
    assert any("temperature" in c for c in water.cautions)


@pytest.mark.parametrize(
    ("word", "topic_id"),
    [
        ("baclofen", "spasticity-medicines"),
        ("tizanidine", "spasticity-medicines"),
        ("pool", "water-therapy"),
        ("hydrotherapy", "water-therapy"),
        ("physio", "physical-therapy"),
        ("yoga", "exercise"),
        ("stretching", "exercise"),
        ("ibuprofen", "anti-inflammatories"),
        ("naproxen", "anti-inflammatories"),
        ("spasms", "spasticity"),
        ("posture", "mobility-aids-and-posture"),
        ("strain", "muscle-strain"),
        ("heat", "heat-sensitivity"),
        ("acupuncture", "complementary-care"),
        ("massage", "complementary-care"),
        ("sciatica", "leg-pain"),
        ("ot", "occupational-therapy"),
    ],
)
def test_everyday_words_are_aliases(word: str, topic_id: str) -> None:
    assert LIBRARY.make_index().aliases[word] == topic_id
