"""The realistic query set (``tests/queries.yaml``): at least 95% find a right topic.

A query finds a right topic when ``msback show QUERY`` opens one, or offers one as its first
"Did you mean" suggestion, or ``msback search QUERY`` lists one in its top 3. The README
prints the rate from here (cog), so it cannot go stale.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

import yaml

from msback.content.lookup import suggest
from msback.content.store import FolderStore

HERE = Path(__file__).resolve().parent
CONTENT = HERE.parent / "content"
BAR = 0.95


class Result(NamedTuple):
    query: str
    right: tuple[str, ...]
    how: str  # "show", "suggestion", "search top 3", or "" when nothing right was found
    got: tuple[str, ...]  # what show or the search offered


def run_queries(
    content: Path = CONTENT,
    name: str = "queries.yaml",
    key: str = "queries",
    held_out: bool | None = None,
) -> list[Result]:
    """Every query of a set, looked up the way the CLI does, in a store with no cache;
    ``held_out``: only those set aside (True) or only the others (False)."""
    data = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    store = _store(content)
    index = store.index()
    results = []
    for entry in data[key]:
        if held_out is not None and bool(entry.get("held_out")) != held_out:
            continue
        query, right = entry["query"], tuple(entry["topics"])
        resolved = store.resolve(query)
        suggested = [s.topic_id for s in suggest(index, query)] if resolved is None else []
        top = tuple(hit.topic_id for hit in store.search(query)[:3])
        if resolved is not None:
            how, got = ("show" if resolved.topic_id in right else ""), (resolved.topic_id,)
        elif suggested and suggested[0] in right:
            how, got = "suggestion", (suggested[0],)
        else:
            how, got = ("search top 3" if set(top) & set(right) else ""), top
        results.append(Result(query, right, how, got))
    return results


@functools.cache
def _store(content: Path) -> FolderStore:
    """One store per content folder for every set (validating the content is the slow part);
    a store keeps no state between lookups but what it read."""
    return FolderStore(content, None)


def rate(results: list[Result]) -> float:
    return sum(1 for r in results if r.how) / len(results)


def test_at_least_95_percent_of_realistic_queries_find_a_right_topic() -> None:
    results = run_queries()
    assert len(results) >= 60
    misses = [f"{r.query!r}: wanted {r.right}, got {r.got}" for r in results if not r.how]
    print(f"\n{rate(results):.0%} of {len(results)} queries found a right topic")
    assert rate(results) >= BAR, "\n".join(misses)


def test_the_set_covers_every_kind_of_query() -> None:
    results = run_queries()
    assert {r.how for r in results} >= {"show", "suggestion", "search top 3"}


#: Phrases people wrote on public pages, each file with its own held-out share set aside
#: before any tuning: ``queries-real.yaml`` (collected in November 2026, reviewed phrase by
#: phrase on 2026-12-01), ``queries-real-2.yaml`` (forum titles and questions, collected on
#: 2026-12-01), ``queries-real-3.yaml`` and ``-4.yaml`` (posts, blogs and carers' words from 75
#: and 70 more pages, collected on 2026-12-01 by helpers who never ran msback on them). The
#: held-out phrases measure how msback generalises.
REAL = ("queries-real.yaml", "queries-real-2.yaml", "queries-real-3.yaml", "queries-real-4.yaml")
#: The aim (issue 19): 95% of your own set (``queries.yaml`` and the tuned phrases) and 90%
#: of the held-out ones. Measured: see the README (cog). Both are met, so the test holds them.
AIM, HELD_OUT_AIM = 0.95, 0.90
FLOOR, HELD_OUT_FLOOR = AIM, HELD_OUT_AIM


def real_phrases(held_out: bool) -> list[Result]:
    """Every phrase people wrote, tuned on (False) or held out (True), from every file."""
    return [r for name in REAL for r in run_queries(name=name, key="phrases", held_out=held_out)]


def own_set() -> list[Result]:
    """Your own set, as issue 19 counts it: ``queries.yaml`` and the tuned real phrases."""
    return run_queries() + real_phrases(held_out=False)


def test_phrases_people_wrote_do_not_find_fewer_topics() -> None:
    tuned = own_set()
    held = real_phrases(held_out=True)
    assert len(tuned) >= 350
    assert len(held) >= 80
    print(f"\n{rate(tuned):.0%} of {len(tuned)} phrases, {rate(held):.0%} of {len(held)} held out")
    misses = [f"{r.query!r}: wanted {r.right}, got {r.got}" for r in tuned if not r.how]
    assert rate(tuned) >= FLOOR, "\n".join(misses)
    assert rate(held) >= HELD_OUT_FLOOR  # no list of misses: nobody tunes on these


def test_every_word_of_the_sweep_says_where_it_was_seen() -> None:
    """The last block of ``content/synonyms.yaml`` holds everyday words from a sweep of
    public pages: each has its pages (or the word it is a form of) in
    ``tests/vocabulary-seen.yaml``, and that file lists no word the block has dropped."""
    text = (CONTENT / "synonyms.yaml").read_text(encoding="utf-8")
    block = text[text.index("# Everyday words from a sweep") :]
    swept = yaml.safe_load("synonyms:\n" + block)["synonyms"]
    words = [word for entry in swept for word in entry["words"]]
    seen = yaml.safe_load((HERE / "vocabulary-seen.yaml").read_text(encoding="utf-8"))["words"]
    assert sorted(seen) == sorted(words)
    for word, where in seen.items():
        # its pages; or the word it is a form of, with that word's pages unless it is listed
        # here; or why we added it
        pages = where if isinstance(where, list) else where.get("seen", [])
        assert pages or "ours" in where or where.get("form of") in seen, word
        assert all(page.startswith("http") and " : " in page for page in pages), word
