"""The JSON cache: built once, read cheaply, and never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from msback import rules
from msback.errors import ContentError, NotFoundError
from msback.store import Store, default_cache_root


def test_first_use_validates_and_writes_the_cache(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "c"
    store = Store(content_copy, cache)
    assert "water-therapy" in store.index().entries
    (folder,) = cache.iterdir()
    assert (folder / "index.json").is_file()
    assert (folder / "topics" / "water-therapy.json").is_file()


def test_warm_cache_does_not_reload_the_library(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(content_copy, tmp_path / "c").index()

    def refuse(_: Path) -> None:
        raise AssertionError("the warm path must not parse YAML")

    monkeypatch.setattr(rules, "load_library", refuse)
    store = Store(content_copy, tmp_path / "c")
    assert store.topic("water-therapy").title == "Water therapy"
    assert store.index().aliases["pool"] == "water-therapy"


def test_editing_a_file_refreshes_the_cache(content_copy: Path, tmp_path: Path) -> None:
    Store(content_copy, tmp_path / "c").index()
    path = content_copy / "topics" / "water-therapy.yaml"
    path.write_text(path.read_text().replace("title: Water therapy", "title: Pool therapy"))
    os.utime(path, ns=(1, 1))  # a different stamp even on coarse file systems
    assert Store(content_copy, tmp_path / "c").topic("water-therapy").title == "Pool therapy"


def test_breaking_content_after_caching_is_reported(content_copy: Path, tmp_path: Path) -> None:
    Store(content_copy, tmp_path / "c").index()
    (content_copy / "topics" / "broken.yaml").write_text("id: [unclosed\n")
    with pytest.raises(ContentError, match=r"broken\.yaml:2: MSB011 YAML error"):
        Store(content_copy, tmp_path / "c").index()


def test_damaged_cache_files_are_ignored(content_copy: Path, tmp_path: Path) -> None:
    Store(content_copy, tmp_path / "c").index()
    (folder,) = (tmp_path / "c").iterdir()
    (folder / "index.json").write_text("{not json")
    (folder / "topics" / "exercise.json").write_text("[]")
    store = Store(content_copy, tmp_path / "c")
    assert store.topic("exercise").id == "exercise"


def test_no_cache_still_works(content_copy: Path) -> None:
    store = Store(content_copy, None)
    assert store.topic("relapse").kind == "safety"
    with pytest.raises(NotFoundError):
        store.topic("nothing-here")


def test_unwritable_cache_is_not_an_error(content_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert Store(content_copy, blocker / "cache").topic("relapse").id == "relapse"


def test_cache_root_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MSBACK_CACHE_DIR", str(tmp_path))
    assert default_cache_root() == tmp_path
    monkeypatch.setenv("MSBACK_CACHE_DIR", "")
    assert default_cache_root() is None
    monkeypatch.delenv("MSBACK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and not str(default_cache_root()).startswith(
        str(Path.home() / "Library")
    ):
        assert default_cache_root() == tmp_path / "xdg" / "msback"
