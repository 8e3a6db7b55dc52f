"""Property tests: no input, however odd, makes msback crash or load unchecked content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from msback.cli import app
from msback.content.files import parse_yaml, validate_guide, validate_topic
from msback.content.models import Guide, Topic
from msback.content.rules import load_library
from msback.errors import ContentError

FIELDS = [
    "id", "kind", "title", "summary", "sections", "cautions", "doctor_questions", "aliases",
    "related", "sources", "heading", "items", "name", "detail", "flags",
]  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["treatment", "cause", "safety", "emergency", "yes", "no", "not-sure"]),
)  # fmt: skip
yamlish = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish)
def test_validation_gives_a_model_or_problems_never_an_exception(data: Any) -> None:
    path = Path("fuzz.yaml")
    topic, problems = validate_topic(path, data, None)
    assert (topic is None) == bool(problems)
    assert topic is None or isinstance(topic, Topic)
    guide, guide_problems = validate_guide(path, data, None)
    assert (guide is None) == bool(guide_problems)
    assert guide is None or isinstance(guide, Guide)
    for problem in problems + guide_problems:
        assert "\n" not in str(problem)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish, st.text(max_size=40))
def test_a_folder_with_any_topic_file_loads_or_is_one_content_error(
    tmp_path_factory: Any, data: Any, raw: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "topics").mkdir()
    (folder / "topics" / "a.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (folder / "topics" / "b.yaml").write_text(raw, encoding="utf-8")
    for path in (folder / "topics").iterdir():
        parse_yaml(path)  # never raises
    message = ""
    try:
        load_library(folder)
    except ContentError as exc:
        message = exc.message
    assert "\n" not in message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60), st.sampled_from(["show", "search"]))
def test_show_and_search_never_crash_on_any_text(text: str, command: str) -> None:
    result = CliRunner().invoke(
        app, [command, "--", text] if text.startswith("-") else [command, text]
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert "unexpected error" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
