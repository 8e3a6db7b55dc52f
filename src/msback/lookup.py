"""Finding topics: by id or alias, close-match suggestions, and full-text search. Pure."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from msback.models import Index, Synonym, Topic


class Resolved(NamedTuple):
    """A name the user typed and the topic it led to (``alias`` is set when it was an alias)."""

    topic_id: str
    alias: str | None = None


class Hit(NamedTuple):
    """A search result: the topic, how well it matched, and the best matching line."""

    topic_id: str
    title: str
    kind: str
    score: int
    line: str


def normalise(name: str) -> str:
    """Lower case, with spaces and underscores as hyphens: 'Herniated disk' -> 'herniated-disk'."""
    return re.sub(r"[\s_]+", "-", name.strip().lower().replace("'", "").replace("\u2019", ""))


def names_of(index: Index) -> dict[str, str]:
    """Every id, alias and synonym phrase that leads to a topic, to that topic's id."""
    found = {tid: tid for tid in index.entries}
    found |= index.aliases
    for entry in index.synonyms:
        if entry.topic:
            found.update((normalise(phrase), entry.topic) for phrase in entry.words)
    return found


def resolve(names: Mapping[str, str], name: str) -> Resolved | None:
    """The topic a name refers to. ``names`` maps every id and alias to its topic's id."""
    key = normalise(name)
    topic_id = names.get(key)
    if topic_id is None:
        return None
    return Resolved(topic_id, None if topic_id == key else key)


#: How alike a typo must be to a name before it is offered (difflib's ratio). At 0.74,
#: "watr-therapy" -> water-therapy (0.96) and "exersize" -> exercise (0.75) are offered;
#: "tens" -> tiredness (0.62) and "stick" -> sciatica (0.62) are not.
SUGGEST_CUTOFF = 0.74


def suggest(index: Index, name: str, limit: int = 3) -> list[Resolved]:
    """Up to ``limit`` different topics whose id or an alias is plausibly what ``name``
    meant, best first. Three letters or fewer only match the start of a name ("bac")."""
    import difflib

    key = normalise(name)
    names = sorted({*index.entries, *index.aliases})
    if len(key) <= 3:
        close = [n for n in names if key and n.startswith(key)]
    else:
        close = difflib.get_close_matches(key, names, n=limit * 4, cutoff=SUGGEST_CUTOFF)
    found: dict[str, Resolved] = {}
    for match in close:
        topic_id = index.aliases.get(match, match)
        if topic_id not in found:
            found[topic_id] = Resolved(topic_id, None if match == topic_id else match)
    return list(found.values())[:limit]


# Where a match counts for more: a word in the title says more than one in a question.
_WEIGHTS = {
    "id": 8,
    "aliases": 6,
    "title": 6,
    "summary": 3,
    "sections": 2,
    "cautions": 1,
    "doctor_questions": 1,
}

#: Words a question needs but a search does not: "what helps spasms" searches for spasms.
_STOP_TEXT = """a about am an and any are as at be best can could do does doing for from get got
has have help helps helping how i i'm if in into is it its me my of on or should so some that the
their them there these they this to up us want was we what when where which who why will with
would you your cant dont doesnt im ive"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """The word's English Snowball stem (spasms -> spasm, swimming -> swim), remembered."""
    found = _stems.get(word)
    if found is None:
        found = _stems[word] = _stemmer().stemWord(word)
    return found


@functools.cache
def _stemmer() -> Any:
    import Stemmer  # type: ignore[import-not-found]  # PyStemmer: Snowball stemmers in C

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """The stems of the words in ``text``: case folded, whole words only ("advice" holds no
    "ice")."""
    return [stem(w) for w in _WORD.findall(text.casefold().replace("'", ""))]


def query_terms(query: str) -> list[str]:
    """The meaningful stems of a query, in order, each once: stop words dropped."""
    found = [w for w in _WORD.findall(query.casefold().replace("'", "")) if w not in STOP_WORDS]
    return list(dict.fromkeys(stem(w) for w in found))


class SearchRow(NamedTuple):
    """What search reads of one topic: its text by field, and every stem in it."""

    id: str
    title: str
    kind: str
    summary: str
    fields: tuple[tuple[str, str], ...]  # (field name, text), in reading order
    stems: str  # " stem stem ... ": a quick first filter, one C-level substring test a term


def search_row(topic: Topic) -> SearchRow:
    """A topic as search reads it."""
    fields = (
        ("id", topic.id.replace("-", " ")),
        ("aliases", " ".join(a.replace("-", " ") for a in topic.aliases)),
        *topic.texts(),
    )
    every = {w for _, text in fields for w in words(text)}
    stems = " " + " ".join(sorted(every)) + " "
    return SearchRow(topic.id, topic.title, topic.kind, topic.summary, fields, stems)


def search(rows: Iterable[SearchRow], query: str, synonyms: Iterable[Synonym] = ()) -> list[Hit]:
    """Topics that mention the query's meaningful words, best first, each with the line
    that matched: first by how many of the words match, then by where (title and aliases
    above the summary above the body), then by id.

    A synonym phrase in the query ("pins and needles") adds its search words, or puts its
    topic first.
    """
    terms = query_terms(query)
    spoken = " " + " ".join(_WORD.findall(query.casefold().replace("'", ""))) + " "
    favoured: dict[str, str] = {}
    for entry in synonyms:
        for phrase in entry.words:
            if " " + " ".join(_WORD.findall(phrase.casefold())) + " " in spoken:
                if entry.topic:
                    favoured.setdefault(entry.topic, phrase)
                else:
                    terms += [t for t in query_terms(entry.search) if t not in terms]
    if not terms and not favoured:
        return []
    ranked: list[tuple[int, int, Hit]] = []
    for row in rows:
        present = [t for t in terms if f" {t} " in row.stems]
        if row.id in favoured:
            line = f"{row.title} (for '{favoured[row.id]}')"
            hit = Hit(row.id, row.title, row.kind, 0, line)
            ranked.append((-len(terms) - 1, 0, hit))
            continue
        if not present:
            continue
        score = 0
        best: tuple[int, str] = (0, "")
        for name, text in row.fields:
            stems = words(text)
            hits = [t for t in present if t in stems]
            if not hits:
                continue
            score += _WEIGHTS[name] * sum(stems.count(t) for t in hits)
            if name not in ("id", "aliases") and len(hits) > best[0]:
                best = (len(hits), text)
        line = best[1] or _alias_line(row)
        ranked.append((-len(present), -score, Hit(row.id, row.title, row.kind, score, line)))
    ranked.sort(key=lambda r: (r[0], r[1], r[2].topic_id))
    return [hit for *_, hit in ranked]


def _alias_line(row: SearchRow) -> str:
    """For a topic found by its id or an alias only: its title and the names it goes by."""
    names = dict(row.fields).get("aliases", "")
    return f"{row.title} (also called: {names})" if names else row.title
