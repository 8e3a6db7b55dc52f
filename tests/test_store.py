"""Where content comes from: the compiled built-in file, and a YAML folder with its cache.

The property under test: what msback shows follows from validating the content files as
they are now. A cache may only save time; stale, edited, shared or foreign, it is ignored.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from msback import safefiles
from msback.content import cache, compiled, rules
from msback.content.models import Index
from msback.content.store import FolderStore, PackagedStore
from msback.errors import ContentError, NotFoundError

from .conftest import CONTENT


def cache_file(root: Path, content: Path) -> Path:
    return cache.file_for(root, content)


def test_first_use_validates_and_writes_one_private_cache_file(
    content_copy: Path, tmp_path: Path
) -> None:
    root = tmp_path / "c"
    store = FolderStore(content_copy, root)
    assert "water-therapy" in store.index().entries
    (only,) = root.iterdir()
    assert only == cache_file(root, content_copy)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(only.stat().st_mode) == 0o600


def test_warm_cache_does_not_reload_the_library(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FolderStore(content_copy, tmp_path / "c").index()

    def refuse(_: Path) -> None:
        raise AssertionError("the warm path must not parse YAML")

    monkeypatch.setattr(rules, "load_library", refuse)
    store = FolderStore(content_copy, tmp_path / "c")
    assert store.topic("water-therapy").title == "Water therapy"
    assert store.index().aliases["pool"] == "water-therapy"


def test_the_guide_never_reads_the_cache(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FolderStore(content_copy, tmp_path / "c").index()
    monkeypatch.setattr(cache, "open_mapped", lambda _: pytest.fail("the guide read the cache"))
    guide, topics = FolderStore(content_copy, tmp_path / "c").for_guide()
    assert guide.safety_topic in topics


def test_editing_a_file_refreshes_the_cache(content_copy: Path, tmp_path: Path) -> None:
    FolderStore(content_copy, tmp_path / "c").index()
    path = content_copy / "topics" / "water-therapy.yaml"
    path.write_text(path.read_text().replace("title: Water therapy", "title: Pool therapy"))
    assert FolderStore(content_copy, tmp_path / "c").topic("water-therapy").title == "Pool therapy"


def test_same_size_edit_with_its_time_put_back_is_noticed(
    content_copy: Path, tmp_path: Path
) -> None:
    """`touch -r` restores an mtime, not a ctime: the stamp still changes."""
    path = content_copy / "topics" / "water-therapy.yaml"
    before = path.stat()
    FolderStore(content_copy, tmp_path / "c").index()
    path.write_text(path.read_text().replace("title: Water therapy", "title: Water therapx"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert FolderStore(content_copy, tmp_path / "c").topic("water-therapy").title == (
        "Water therapx"
    )


def test_a_same_size_edit_that_lint_rejects_is_refused(content_copy: Path, tmp_path: Path) -> None:
    path = content_copy / "topics" / "water-therapy.yaml"
    before = path.stat()
    FolderStore(content_copy, tmp_path / "c").index()
    text = path.read_text()
    path.write_text(text.replace("title: Water therapy", "title: 400 mg  therapy"[:19]))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(ContentError, match="MSB006"):
        FolderStore(content_copy, tmp_path / "c").topic("water-therapy")


def test_breaking_content_after_caching_is_reported(content_copy: Path, tmp_path: Path) -> None:
    FolderStore(content_copy, tmp_path / "c").index()
    (content_copy / "topics" / "broken.yaml").write_text("id: [unclosed\n")
    with pytest.raises(ContentError, match=r"broken\.yaml:2: MSB011 YAML error"):
        FolderStore(content_copy, tmp_path / "c").index()


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("Warm water gives", "Take 400 mg. Warm water gives"),
        lambda text: text.replace(f'"format":{compiled.FORMAT}', '"format":999', 1),
        lambda text: text[: len(text) // 2],
        lambda text: "[]",
        lambda text: text.replace('"kind":"treatment"', '"kind":"nonsense"'),
    ],
    ids=["planted-dose", "format", "truncated", "wrong-type", "bad-field"],
)
def test_an_edited_cache_is_ignored(content_copy: Path, tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "c"
    FolderStore(content_copy, root).search("heat")
    path = cache_file(root, content_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(edit(text), encoding="utf-8")
    os.chmod(path, 0o600)
    page = FolderStore(content_copy, root).topic("water-therapy")
    assert "400 mg" not in json.dumps(page.to_dict())
    assert page.kind == "treatment"


def test_a_symlinked_cache_folder_is_never_used(content_copy: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "someone-else"
    FolderStore(content_copy, elsewhere).index()
    planted = cache_file(elsewhere, content_copy)
    planted.write_text(planted.read_text().replace("Water therapy", "Planted page"))
    link = tmp_path / "c"
    link.symlink_to(elsewhere)
    assert FolderStore(content_copy, link).topic("water-therapy").title == "Water therapy"
    assert cache.private_folder(link) is False


def test_a_shared_cache_file_is_never_read(content_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "c"
    FolderStore(content_copy, root).search("heat")
    path = cache_file(root, content_copy)
    os.chmod(path, 0o666)
    assert cache.open_mapped(path) is None


def test_umask_000_still_gives_a_private_cache(content_copy: Path, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        FolderStore(content_copy, tmp_path / "c").index()
    finally:
        os.umask(old)
    root = tmp_path / "c"
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file(root, content_copy).stat().st_mode) == 0o600


def test_an_open_cache_folder_is_closed_again(content_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    os.chmod(root, 0o777)
    FolderStore(content_copy, root).index()
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


def test_two_folders_never_share_a_cache(tmp_path: Path, make_content) -> None:  # type: ignore[no-untyped-def]
    one = make_content({"alpha": {"title": "From one"}}, name="x/content")
    two = make_content({"alpha": {"title": "From two"}}, name="y/content")
    root = tmp_path / "c"
    assert cache_file(root, one) != cache_file(root, two)
    for _ in range(2):
        assert FolderStore(one, root).topic("alpha").title == "From one"
        assert FolderStore(two, root).topic("alpha").title == "From two"


def test_stray_temporary_files_are_cleaned_up(content_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "c"
    FolderStore(content_copy, root).index()
    stray = root / f"{safefiles.TEMP_PREFIX}killed.json"
    stray.write_text("half")
    os.utime(stray, (1, 1))
    fresh = root / f"{safefiles.TEMP_PREFIX}writing-now.json"
    fresh.write_text("in progress")
    (content_copy / "topics" / "exercise.yaml").touch()  # forces a rewrite
    FolderStore(content_copy, root).index()
    assert not stray.exists()
    assert fresh.exists()  # another run may be writing it


def test_no_cache_still_works(content_copy: Path) -> None:
    store = FolderStore(content_copy, None)
    assert store.topic("relapse").kind == "safety"
    with pytest.raises(NotFoundError):
        store.topic("nothing-here")


def test_unwritable_cache_is_not_an_error(content_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert FolderStore(content_copy, blocker / "cache").topic("relapse").id == "relapse"


def test_paths_read_the_environment_once(tmp_path: Path) -> None:
    from msback.paths import Paths

    assert Paths({"MSBACK_CACHE_DIR": str(tmp_path)}).cache == tmp_path
    assert Paths({"MSBACK_CACHE_DIR": ""}).cache is None  # the cache turned off
    xdg = Paths({"XDG_CACHE_HOME": str(tmp_path / "xdg")}).cache
    if os.name == "posix" and not str(xdg).startswith(str(Path.home() / "Library")):
        assert xdg == tmp_path / "xdg" / "msback"
    assert Paths({"MSBACK_HOME": str(tmp_path / "home")}).data == tmp_path / "home"
    assert Paths({}).data.name == "msback"  # the platform's user data folder


# -- the compiled built-in content ---------------------------------------------------------


def many_topics(content: Path, count: int) -> None:
    """Add ``count`` copies of real topics under new ids and aliases to a content folder."""
    originals = sorted(p for p in (content / "topics").glob("*.yaml") if p.stem != "red-flags")
    for i in range(count):
        source = originals[i % len(originals)]
        new_id = f"{source.stem}-copy-{i:04d}"
        lines = []
        for original in source.read_text(encoding="utf-8").splitlines():
            if original.startswith("id: "):
                lines.append(f"id: {new_id}")
            elif original.startswith("aliases: "):
                lines.append(f"aliases: [{new_id}-alias]")
            elif not original.startswith("related: "):
                lines.append(original)
        (content / "topics" / f"{new_id}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def test_a_large_folder_answers_from_small_parts_as_validating_does(
    content_copy: Path, tmp_path: Path
) -> None:
    many_topics(content_copy, 400)
    library = rules.load_library(content_copy)
    FolderStore(content_copy, tmp_path / "c").index()  # writes the cache, without search's
    packed = compiled.Packed(cache_file(tmp_path / "c", content_copy).read_bytes())
    assert packed.head.buckets["names"] > 1
    assert not packed.searchable()
    FolderStore(content_copy, tmp_path / "c").search("heat")  # adds search's index to it
    packed = compiled.Packed(cache_file(tmp_path / "c", content_copy).read_bytes())
    assert packed.head.buckets["stems"] > 1
    warm = FolderStore(content_copy, tmp_path / "c")
    fresh = FolderStore(content_copy, None)  # no cache: validated now
    copy = max(t for t in library.topics if t.startswith("water-therapy-copy-"))
    assert warm.topic(copy) == library.topics[copy]
    assert warm.resolve(f"{copy} alias") == (copy, f"{copy}-alias")
    assert warm.resolve("pool") == ("water-therapy", "pool")
    assert warm.resolve("no-such-thing") is None
    for word in ("heat", "Nurofen Plus", "tens", "rest"):  # what was tried, from the cache too
        assert warm.tried(word) == fresh.tried(word), word
    assert warm.tried("heat") == ("heat-packs",)
    for query in ("heat", "what helps spasms", "pins and needles", "pool temperature", "zebra"):
        assert warm.search(query) == fresh.search(query), query
    assert warm._packed is not None  # every answer above came from the cache,
    assert warm._lookups is None  # with no validation in between


def test_show_writes_the_cache_without_search_and_the_first_search_adds_it(
    content_copy: Path, tmp_path: Path
) -> None:
    root = tmp_path / "c"
    assert FolderStore(content_copy, root).resolve("pool") == ("water-therapy", "pool")
    before = compiled.Packed(cache_file(root, content_copy).read_bytes())
    assert not before.searchable()  # what costs most to build waits for a search
    store = FolderStore(content_copy, root)
    assert store.search("pool temperature") == FolderStore(content_copy, None).search(
        "pool temperature"
    )
    assert store._lookups is None  # from the cache's own topics, with no validation
    after = compiled.Packed(cache_file(root, content_copy).read_bytes())
    assert after.searchable()
    assert after.raw("stamps") == before.raw("stamps")  # still fresh for the same files
    assert after.part("index", Index) == before.part("index", Index)


def test_a_damaged_bucket_in_the_cache_falls_back_to_validating(
    content_copy: Path, tmp_path: Path
) -> None:
    root = tmp_path / "c"
    FolderStore(content_copy, root).search("heat")
    path = cache_file(root, content_copy)
    packed = compiled.Packed(path.read_bytes())
    offset, length, _ = packed.head.parts["stems:0"]
    data = bytearray(path.read_bytes())
    data[packed.base + offset + length // 2] ^= 1
    path.write_bytes(bytes(data))
    assert FolderStore(content_copy, root).search("heat") == FolderStore(content_copy, None).search(
        "heat"
    )


@pytest.fixture
def packaged(tmp_path: Path) -> Path:
    path = tmp_path / "content.json"
    path.write_bytes(compiled.compile_library(rules.load_library(CONTENT)))
    return path


def test_compiled_content_equals_validating_the_yaml(packaged: Path) -> None:
    library = rules.load_library(CONTENT)
    store = PackagedStore(packaged)
    guide, topics = store.for_guide()
    assert guide == library.guide
    assert topics == library.topics
    assert store.index() == library.make_index()


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: b.replace(b'"urgency":"emergency"', b'"urgency":"same-day"', 1),
        lambda b: b.replace(b'"version":"', b'"version":"9', 1),
        lambda b: b[:100],
    ],
    ids=["changed-urgency", "other-version", "truncated"],
)
def test_damaged_built_in_content_is_refused_in_one_line(packaged: Path, edit) -> None:  # type: ignore[no-untyped-def]
    packaged.write_bytes(edit(packaged.read_bytes()))
    with pytest.raises(ContentError, match="reinstall msback") as caught:
        PackagedStore(packaged).for_guide()
    assert "\n" not in caught.value.message


def test_a_changed_topic_in_built_in_content_is_refused(packaged: Path) -> None:
    data = packaged.read_bytes().replace(b"Warm water gives", b"Take 400 mg. Warm gives", 1)
    packaged.write_bytes(data)
    with pytest.raises(ContentError, match="damaged"):
        PackagedStore(packaged).topic("water-therapy")


def test_lookups_after_an_edit_reparse_only_the_changed_file(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msback.content import files as content

    FolderStore(content_copy, tmp_path / "c").index()
    path = content_copy / "topics" / "exercise.yaml"
    path.write_text(path.read_text().replace("title: Exercise", "title: Moving more"))
    parsed: list[str] = []
    real = content.parse_yaml

    def counting(p: Path):  # type: ignore[no-untyped-def]
        parsed.append(p.name)
        return real(p)

    monkeypatch.setattr("msback.content.rules.parse_yaml", counting)
    store = FolderStore(content_copy, tmp_path / "c")
    assert store.topic("exercise").title.startswith("Moving more")
    topics_read = sorted(
        p for p in parsed if p not in ("guide.yaml", "synonyms.yaml", "tried.yaml")
    )
    assert topics_read == ["exercise.yaml", "red-flags.yaml"]
    assert "guide.yaml" in parsed
    parsed.clear()
    FolderStore(content_copy, tmp_path / "c").for_guide()  # the guide re-reads everything
    topics_read = [p for p in parsed if p not in ("guide.yaml", "synonyms.yaml", "tried.yaml")]
    assert len(topics_read) == len(list((content_copy / "topics").iterdir()))


def test_a_cache_rewritten_after_an_edit_is_the_one_written_from_scratch(
    content_copy: Path, tmp_path: Path
) -> None:
    """Unchanged topics are copied from the old cache as stored: byte for byte what
    encoding them again gives."""
    FolderStore(content_copy, tmp_path / "c").search("heat")
    path = content_copy / "topics" / "exercise.yaml"
    path.write_text(path.read_text().replace("title: Exercise", "title: Moving more"))
    FolderStore(content_copy, tmp_path / "c").index()  # reuses all the others' bytes
    FolderStore(content_copy, tmp_path / "fresh").index()  # encodes every topic
    assert (
        cache_file(tmp_path / "c", content_copy).read_bytes()
        == cache_file(tmp_path / "fresh", content_copy).read_bytes()
    )


def test_rules_across_files_still_run_when_topics_are_reused(
    content_copy: Path, tmp_path: Path
) -> None:
    FolderStore(content_copy, tmp_path / "c").index()
    (content_copy / "topics" / "swimming.yaml").write_text(
        "id: swimming\nkind: cause\ntitle: S\nsummary: S.\naliases: [pool]\nsources: [{name: S}]\n"
    )
    with pytest.raises(ContentError, match="MSB004"):
        FolderStore(content_copy, tmp_path / "c").topic("water-therapy")


def test_editing_the_synonyms_refreshes_the_cache(content_copy: Path, tmp_path: Path) -> None:
    FolderStore(content_copy, tmp_path / "c").index()
    path = content_copy / "synonyms.yaml"
    path.write_text(path.read_text() + "  - words: [aching back]\n    topic: ms-and-back-pain\n")
    found = FolderStore(content_copy, tmp_path / "c").resolve("aching back")
    assert found is not None
    assert found.topic_id == "ms-and-back-pain"
