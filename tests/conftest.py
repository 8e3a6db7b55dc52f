"""Shared fixtures: a machine-independent environment and helpers for content folders."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One lookup cache for the whole run (of this worker), never the user's: the content is
    validated and compiled once, not in every test. Tests of the cache itself set their own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def stable_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shared_cache: Path
) -> Iterator[None]:
    """Tests must not depend on the terminal, CI flags, the user's cache or time zone (UTC
    unless a test chooses one: see ``in_zone``)."""
    for name in (
        "FORCE_COLOR",
        "TTY_COMPATIBLE",
        "NO_COLOR",
        "GITHUB_ACTIONS",
        "MSBACK_CONTENT_DIR",
        "MSBACK_DEBUG",
        "TERM",
        "PYTHONIOENCODING",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("MSBACK_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("MSBACK_HOME", str(tmp_path / "home"))  # never the person's own diary
    monkeypatch.setenv("MSBACK_DOCUMENTS_DIR", str(tmp_path / "documents"))  # nor their files
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def in_zone(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move this test's process to a time zone ("America/New_York"), as a traveller's
    computer does; ``stable_env`` puts it back."""

    def move(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    return move


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the real content that a test may edit or break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


TOPIC = """\
id: {id}
kind: {kind}
title: {title}
summary: A short summary about {id}.
aliases: [{aliases}]
sources:
  - name: A test source
"""


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[..., Path]:
    """Build a small content folder from {file stem: YAML text or topic fields}."""

    def make(topics: dict[str, str | dict[str, str]], name: str = "made") -> Path:
        folder = tmp_path / name
        (folder / "topics").mkdir(parents=True)
        for stem, spec in topics.items():
            fields = {"id": stem, "kind": "cause", "title": stem.title(), "aliases": ""}
            text = TOPIC.format(**{**fields, **spec}) if isinstance(spec, dict) else spec
            (folder / "topics" / f"{stem}.yaml").write_text(text, encoding="utf-8")
        return folder

    return make
