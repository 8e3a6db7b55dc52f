"""Resolving names, suggesting close matches and searching."""

from __future__ import annotations

from msback.lookup import normalise, resolve, search, search_row, suggest
from msback.rules import load_library

from .conftest import CONTENT

LIBRARY = load_library(CONTENT)
INDEX = LIBRARY.make_index()
NAMES = {**{tid: tid for tid in INDEX.entries}, **INDEX.aliases}
TOPICS = [search_row(t) for t in LIBRARY.topics.values()]


def test_normalise_accepts_everyday_spelling() -> None:
    assert normalise("  Herniated Disk ") == "herniated-disk"
    assert normalise("water_therapy") == "water-therapy"


def test_resolve_by_id_and_by_alias() -> None:
    assert resolve(NAMES, "water-therapy") == ("water-therapy", None)
    assert resolve(NAMES, "Pool") == ("water-therapy", "pool")
    assert resolve(NAMES, "nothing") is None


def test_suggest_offers_up_to_three_distinct_topics() -> None:
    found = suggest(INDEX, "watr-therapy")
    assert found[0].topic_id == "water-therapy"
    assert len(found) <= 3
    assert len({f.topic_id for f in found}) == len(found)


def test_suggest_names_the_alias_that_matched() -> None:
    assert suggest(INDEX, "bacofen")[0] == ("spasticity-medicines", "baclofen")


def test_suggest_nothing_for_nonsense() -> None:
    assert suggest(INDEX, "qqqqqqqq") == []


def test_search_ranks_the_topic_about_the_word_first() -> None:
    hits = search(TOPICS, "heat")
    assert hits[0].topic_id == "heat-sensitivity"
    assert "water-therapy" in [h.topic_id for h in hits]
    assert all("heat" in h.line.lower() for h in hits)


def test_search_needs_every_word() -> None:
    hits = search(TOPICS, "pool temperature")
    assert hits
    assert all(h.topic_id in {"water-therapy", "heat-sensitivity"} for h in hits)


def test_search_for_nothing_finds_nothing() -> None:
    assert search(TOPICS, "   ") == []
    assert search(TOPICS, "zebra") == []
