"""Answers kept part way through the guide (``guide/resume.py``): private, for a day, and
only what still fits the content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from msback.guide import resume

from .test_guide_engine import GUIDE

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def test_kept_answers_come_back_within_a_day_and_are_private(tmp_path: Path) -> None:
    resume.save(tmp_path, {"emergency-nerves": "no", "stiffness": "yes"}, NOW)
    path = resume.kept_file(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    kept = resume.load(tmp_path, NOW + dt.timedelta(hours=23))
    assert kept is not None
    assert kept.carried(GUIDE) == {"stiffness": "yes"}  # the safety check is asked again
    assert kept.earlier(GUIDE) == {"emergency-nerves": "no", "stiffness": "yes"}


def test_older_than_a_day_is_not_offered_and_is_deleted(tmp_path: Path) -> None:
    resume.save(tmp_path, {"stiffness": "yes"}, NOW)
    assert resume.load(tmp_path, NOW + dt.timedelta(days=1, minutes=1)) is None
    assert not resume.kept_file(tmp_path).exists()


def test_answers_to_questions_no_longer_there_are_dropped(tmp_path: Path) -> None:
    resume.save(tmp_path, {"stiffness": "yes", "a-question-since-removed": "yes"}, NOW)
    kept = resume.load(tmp_path, NOW)
    assert kept is not None
    assert kept.carried(GUIDE) == {"stiffness": "yes"}
    assert "a-question-since-removed" not in kept.earlier(GUIDE)


def test_guard_questions_are_asked_again(tmp_path: Path) -> None:
    """A question that keeps an option safe (pregnancy, medicines) never carries over."""
    guards = [q.id for q in GUIDE.questions if q.guards]
    resume.save(tmp_path, dict.fromkeys(guards, "no"), NOW)
    kept = resume.load(tmp_path, NOW)
    assert kept is not None
    assert kept.carried(GUIDE) == {}


def test_a_damaged_file_is_deleted_never_fatal(tmp_path: Path) -> None:
    resume.kept_file(tmp_path).write_text("{not json", encoding="utf-8")
    assert resume.load(tmp_path, NOW) is None
    assert not resume.kept_file(tmp_path).exists()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    resume.save(tmp_path / "a-file", {"stiffness": "yes"}, NOW)  # cannot be kept: no error
