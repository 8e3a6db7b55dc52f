"""Finding topics: by id or alias, close-match suggestions, and full-text search. Pure.

PyStemmer is imported only when a word is stemmed (search, and building the index), not for
``show`` by name.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from msback.content.models import Index, Synonym, Topic
from msback.errors import whole


class Resolved(NamedTuple):
    """A name the user typed and the topic it led to (``alias`` is set when it was an alias)."""

    topic_id: str
    alias: str | None = None


class Hit(NamedTuple):
    """A search result: the topic, how well it matched, and the best matching line.

    ``line`` is empty when the best line is a topic's text: ``field`` says which text
    (an index into ``search_fields``) and ``with_line`` fills it in from the topic, so a
    search reads whole topics only for the hits it shows.
    """

    topic_id: str
    title: str
    kind: str
    score: int
    line: str
    field: int = -1
    #: Put first by warning words, or a topic that warning words lead to (or of numbers to
    #: call now) that the query names: what to do comes first (``pages.help_first``).
    urgent: bool = False


def normalise(name: str) -> str:
    """Lower case, with spaces and underscores as hyphens: 'Herniated disk' -> 'herniated-disk'
    (and compatibility forms as plain letters: full-width letters are the usual ones)."""
    name = unicodedata.normalize("NFKC", whole(name))
    return re.sub(r"[\s_]+", "-", name.strip().lower().replace("'", "").replace("\u2019", ""))


def tried_names(index: Index) -> dict[str, tuple[str, ...]]:
    """Every word for something a person tried, to the treatment topics it counts for: the
    words of ``content/tried.yaml``, then each treatment topic's id, title and aliases. Only
    treatments: as something tried, "heat" is a heat pack, not heat sensitivity. Own words
    ("painkillers", "ibuprofen gel") count for none: ()."""
    found: dict[str, tuple[str, ...]] = {}
    for entry in index.entries.values():
        if entry.kind == "treatment":
            short = entry.title.split(" (", maxsplit=1)[0]
            for name in (entry.id, entry.title, short, *entry.aliases):
                found.setdefault(normalise(name), (entry.id,))
    for words in index.tried:
        found.update((normalise(word), words.topics) for word in words.words)
    for own in index.own:
        found.update((normalise(word), ()) for word in own.words)
    return found


#: Words that say how much or in what form, not what: "co-codamol 30/500 tablets" is
#: co-codamol, "2 ibuprofen" is ibuprofen.
_FORM = re.compile(
    r"^([0-9]+([./][0-9]+)*(mg|mcg|g|ml|%)?|x[0-9]+|tablets?|tabs?|caps?|capsules?|pills?"
    r"|soluble|of|a|an|some|my|the)$"
)


def tried_key(name: str) -> str:
    """A word for something tried as ``tried_names`` keys it, without strength or form."""
    return "-".join(w for w in normalise(name).split("-") if w and not _FORM.match(w))


#: The most words a topic's name (alias) may have for a query to name it (``search``).
NAME_WORDS = 6


def alias_stems(aliases: Mapping[str, str]) -> dict[str, str]:
    """Each alias as the stems of its words ("blood-patch" -> "blood patch"), to its topic:
    a query that holds them names the topic ("pregnant", "my falls")."""
    return {" ".join(words(alias.replace("-", " "))): topic for alias, topic in aliases.items()}


def names_of(index: Index) -> dict[str, str]:
    """Every id, alias and synonym phrase that leads to a topic, to that topic's id."""
    found = {tid: tid for tid in index.entries}
    found |= index.aliases
    for entry in index.synonyms:
        if entry.topic and not entry.warning:  # warning words rank a search; they name nothing
            found.update((normalise(phrase), entry.topic) for phrase in entry.words)
    return found


def resolve(find: Callable[[str], str | None], name: str) -> Resolved | None:
    """The topic a name refers to. ``find`` gives the topic id of a normalised id, alias or
    synonym phrase (e.g. ``names_of(index).get``), or None."""
    key = normalise(name)
    topic_id = find(key)
    if topic_id is None:
        return None
    return Resolved(topic_id, None if topic_id == key else key)


#: How alike a typo must be to a name before it is offered (difflib's ratio). At 0.74,
#: "watr-therapy" -> water-therapy (0.96) and "exersize" -> exercise (0.75) are offered;
#: "tens" -> tiredness (0.62) and "stick" -> sciatica (0.62) are not.
SUGGEST_CUTOFF = 0.74
#: How far below the best match another may be and still be offered: "watr-therapy" is
#: water-therapy (0.96), not also heat-therapy (0.83).
NEAR_BEST = 0.1


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
        if close:  # a name all but typed leaves out the distant ones: "watr-therapy"
            best = difflib.SequenceMatcher(None, key, close[0]).ratio()
            close = [
                n
                for n in close
                if difflib.SequenceMatcher(None, key, n).ratio() >= best - NEAR_BEST
            ]
    found: dict[str, Resolved] = {}
    for match in close:
        topic_id = index.aliases.get(match, match)
        if topic_id not in found:
            found[topic_id] = Resolved(topic_id, None if match == topic_id else match)
    return list(found.values())[:limit]


def suggest_tried(index: Index, name: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` words for something tried (``tried_names``) that are plausibly what
    ``name`` meant, each for a different treatment, best first, as people write them."""
    import difflib

    key = tried_key(name)
    names = {n: t for n, t in tried_names(index).items() if t}  # own words lead nowhere
    words = [n for n in sorted(names, key=len) if key and key in n.split("-")]  # "water"
    close = words + [n for n in sorted(names) if key and n.startswith(key)]
    if len(key) > 3:
        close += difflib.get_close_matches(key, list(names), n=limit * 4, cutoff=SUGGEST_CUTOFF)
        parts = {part: n for n in sorted(names, key=len, reverse=True) for part in n.split("-")}
        near = difflib.get_close_matches(key, list(parts), n=limit, cutoff=SUGGEST_CUTOFF)
        close += [parts[part] for part in near]  # "watr": water therapy
    found: dict[tuple[str, ...], str] = {}
    for match in close:
        found.setdefault(names[match], match.replace("-", " "))
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
would you your not im ive see go going need try tried really very just still also
know tell much lot bit ok okay please thanks anyone anybody does did had after been being were
because but than then too now our he him his she her hers give gives gave giving
came come comes went made make makes thing things something anything everything ever even
again think thinking thought guess"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
#: Negations written one way whichever way they are typed: "can't", "cant" and "cannot" are
#: all "can not", so "not peed" is said by "haven't peed" and "have not peed" alike.
_NEGATED = {
    "cant": "can", "cannot": "can", "wont": "will", "dont": "do", "doesnt": "does",
    "didnt": "did", "isnt": "is", "arent": "are", "wasnt": "was", "werent": "were",
    "havent": "have", "hasnt": "has", "hadnt": "had", "couldnt": "could", "wouldnt": "would",
    "shouldnt": "should", "aint": "is",
}  # fmt: skip


def tokens(text: str) -> list[str]:
    """The words of ``text`` as search compares them: case folded, apostrophes (straight or
    curly) dropped, and each negation as two words ("don't" and "dont": "do not")."""
    found: list[str] = []
    text = unicodedata.normalize("NFKC", whole(text)).casefold()
    for word in _WORD.findall(text.replace("'", "").replace("\u2019", "")):
        base = _NEGATED.get(word)
        found += (base, "not") if base else (word,)
    return found


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
    return [stem(w) for w in tokens(text)]


def query_terms(query: str) -> list[str]:
    """The meaningful stems of a query, in order, each once: stop words dropped."""
    found = [w for w in tokens(query) if w not in STOP_WORDS]
    return list(dict.fromkeys(stem(w) for w in found))


class SearchRow(NamedTuple):
    """What a search hit shows of a topic without reading it, and its weighted length."""

    id: str
    title: str
    kind: str
    aliases: str  # as the alias line shows them
    length: int = 0  # its words, each counted with its field's weight (BM25's length)
    help_now: bool = False  # it starts with numbers to call now (``Topic.gives_help_now``)


#: Where each stem is: (row, field, weight x count) triples, flattened, rows ascending.
Postings = dict[str, list[int]]


def search_fields(topic: Topic) -> list[tuple[str, str]]:
    """Every text search looks in, as (field name, text), in reading order: the id and the
    aliases first."""
    return [
        ("id", topic.id.replace("-", " ")),
        ("aliases", " ".join(a.replace("-", " ") for a in topic.aliases)),
        *topic.texts(),
    ]


def search_index(topics: Iterable[Topic]) -> tuple[list[SearchRow], Postings]:
    """An inverted index of the topics, in id order: a row for each, and where each stem is
    with its weighted count, so a search reads only its own words' entries."""
    rows: list[SearchRow] = []
    postings: Postings = {}
    for number, topic in enumerate(sorted(topics, key=lambda t: t.id)):
        fields = search_fields(topic)
        length = 0
        for field, (name, text) in enumerate(fields):
            counts: dict[str, int] = {}
            for word in words(text):
                counts[word] = counts.get(word, 0) + 1
            for word, count in counts.items():
                postings.setdefault(word, []).extend((number, field, _WEIGHTS[name] * count))
                length += _WEIGHTS[name] * count
        rows.append(
            SearchRow(
                topic.id, topic.title, topic.kind, fields[1][1], length, topic.gives_help_now()
            )
        )
    return rows, postings


#: BM25 (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
#: 2009), over the field-weighted counts above (BM25F's simple form). K1: how soon more
#: mentions stop adding (higher than the usual 1.2, as the weights already multiply the
#: counts); B: how much a long topic's mentions are discounted.
K1, B = 6.0, 0.5
#: How much more the words an everyday phrase stands for count than the words typed
#: ("wiped out" means fatigue and tiredness).
MEANT = 2.0


def bm25(weighted: int, length: int, average: float, idf: float) -> float:
    """One word's part of a topic's score: its weighted count, saturated and length-normed."""
    norm = K1 * (1 - B + B * length / average) if average else K1
    return idf * weighted * (K1 + 1) / (weighted + norm)


def idf(topics: int, having: int) -> float:
    """How rare a word is across ``topics``: near 0 for one in nearly every topic ("pain")."""
    return math.log(1 + (topics - having + 0.5) / (having + 0.5))


def search(
    rows: Sequence[SearchRow],
    postings: Callable[[str], Sequence[int]],
    query: str,
    synonyms: Iterable[Synonym] = (),
    named: Mapping[str, str] | None = None,
) -> list[Hit]:
    """Topics that mention the query's meaningful words, in score order (BM25 over the
    field-weighted counts: a rare word counts for more than one in every topic, a word in
    the title or the aliases for more than one in the body), then by id. ``rows`` and
    ``postings`` (a stem's entries) are a ``search_index``.
    Each hit says its best line (``with_line`` fills in a topic's text).

    A synonym phrase in the query ("pins and needles") adds its search words, or puts its
    topic first; so does a topic's name (``named``: ``alias_stems``), longer names first.
    """
    terms, stressed, favoured, urgent = _read_query(rows, postings, query, synonyms, named)
    # For each row: its score, and the terms each of its fields has.
    found: dict[int, tuple[list[float], dict[int, set[str]]]] = {}
    average = sum(row.length for row in rows) / len(rows) if rows else 0.0
    for term in terms:
        entries = postings(term)
        per_row: dict[int, int] = {}
        for i in range(0, len(entries) - 2, 3):
            at, field, weighted = entries[i], entries[i + 1], entries[i + 2]
            per_row[at] = per_row.get(at, 0) + weighted
            found.setdefault(at, ([0.0], {}))[1].setdefault(field, set()).add(term)
        rarity = idf(len(rows), len(per_row)) * (MEANT if term in stressed else 1.0)
        for at, weighted in per_row.items():
            found[at][0][0] += bm25(weighted, rows[at].length, average, rarity)
    ranked: list[tuple[int, int, int, Hit]] = []  # (0 favoured or 1 scored, order, row, hit)
    order = list(favoured)  # warning words first, then the phrases that lead to a topic
    for number, row in enumerate(rows):
        if row.id in favoured:
            line = f"{row.title} (for '{favoured[row.id]}')"
            hit = Hit(row.id, row.title, row.kind, 0, line, urgent=row.id in urgent)
            ranked.append((0, order.index(row.id), number, hit))
    for number, (score, fields) in found.items():
        row = rows[number]
        if row.id in favoured:
            continue
        best = (0, -1)  # (how many of the words, field): the first field with the most
        for field in sorted(fields):
            if field >= 2 and len(fields[field]) > best[0]:  # not the id or the aliases
                best = (len(fields[field]), field)
        line = "" if best[1] >= 0 else _alias_line(row)
        points = round(score[0] * 100)
        ranked.append((1, -points, number, Hit(row.id, row.title, row.kind, points, line, best[1])))
    ranked.sort(key=lambda r: r[:3])  # rows are in id order: ties go by id
    # A topic put first by a phrase scores above every other, so scores read in order too.
    top = max((hit.score for group, *_, hit in ranked if group), default=0)
    return [
        hit._replace(score=top + len(order) - place) if group == 0 else hit
        for group, place, _, hit in ranked
    ]


#: A query word this long or longer that no topic has may be a misspelt name: it matches an
#: id, alias or synonym word within NEAR edits (one, or two from seven letters on), as
#: "flexerol" (flexeril), "zannaflex" (zanaflex) and "savitex" (sativex).
NEAR_FROM = 6


class _SaidAs(NamedTuple):
    """A synonym phrase as a query is compared with it: its stems, and them in order."""

    stems: frozenset[str]
    spoken: str  # " stem stem ": the phrase's words together, in order


#: The synonyms last read as stems (by identity), and those stems: a process searches with
#: the one tuple of its store, so each phrase is stemmed once, not once a search.
_read_synonyms: dict[int, tuple[object, list[tuple[Synonym, list[tuple[str, _SaidAs]]]]]] = {}


def _phrases(synonyms: Iterable[Synonym]) -> list[tuple[Synonym, list[tuple[str, _SaidAs]]]]:
    """Each synonym entry with its phrases, each with how a query says it."""
    kept = _read_synonyms.get(id(synonyms))
    if kept is not None and kept[0] is synonyms:
        return kept[1]
    found = []
    for entry in synonyms:
        stemmed = [(phrase, words(phrase)) for phrase in entry.words]
        found.append(
            (entry, [(p, _SaidAs(frozenset(w), " " + " ".join(w) + " ")) for p, w in stemmed])
        )
    if isinstance(synonyms, tuple):  # a generator is read once: nothing to keep
        _read_synonyms.clear()  # one tuple at a time: no growing
        _read_synonyms[id(synonyms)] = (synonyms, found)
    return found


def _read_query(
    rows: Sequence[SearchRow],
    postings: Callable[[str], Sequence[int]],
    query: str,
    synonyms: Iterable[Synonym],
    named: Mapping[str, str] | None,
) -> tuple[list[str], set[str], dict[str, str], set[str]]:
    """What ``search`` looks for: the query's terms (with what its everyday phrases mean, and
    the names its misspellings are of), those meant by a phrase (they count for more), the
    topics put first, each with the words that led there: warning words, then a topic with
    numbers to call now (crisis lines), then safety topics, then the rest; and which of
    them are urgent (put first by warning words, or a topic warning words lead to, or crisis
    lines, named another way: "cant pee")."""
    terms = query_terms(query)
    typed = tokens(query)
    stems = [stem(w) for w in typed]  # words(query), kept beside the words as typed
    spoken = " " + " ".join(stems) + " "  # stems: "falls" says the alias "falling"
    said = set(stems)
    warned: dict[str, str] = {}
    favoured: dict[str, str] = {}
    stressed: set[str] = set()  # the words an everyday phrase means: they count for more
    crisis = {row.id for row in rows if row.help_now}
    spent: set[str] = set()  # the words of a crisis phrase: "want to die" finds no "died"
    pairs = list(itertools.pairwise(stems))
    only_stop = any(before == "not" for before, _ in pairs) and all(
        after == "stop" for before, after in pairs if before == "not"
    )
    for entry, phrases in _phrases(synonyms):
        for phrase, said_as in phrases:
            if entry.warning:
                # any order; but "won't stop moving" says they move: "legs won't move" is
                # not said when each negation of the query is of "stop"
                if said_as.stems <= said and not ("not" in said_as.stems and only_stop):
                    warned.setdefault(entry.topic, phrase)
                    spent.update(said_as.stems if entry.topic in crisis else ())
            elif said_as.spoken in spoken:
                if entry.topic:
                    favoured.setdefault(entry.topic, phrase)
                    spent.update(said_as.stems if entry.topic in crisis else ())
                else:
                    meant = [t for t in query_terms(entry.search) if t not in terms]
                    terms += meant
                    stressed.update(meant)
    for size in range(min(len(stems), NAME_WORDS), 0, -1):  # "blood patch" before "patch"
        for start in range(len(stems) - size + 1):
            if size == 1 and typed[start] in STOP_WORDS and terms:
                continue  # "what helps spasms" names no topic, though "help" alone does
            key = " ".join(stems[start : start + size])
            if named and key in named:  # said back as typed: "for 'tens machines'"
                favoured.setdefault(named[key], " ".join(typed[start : start + size]))
    terms += [t for t in _near_terms(rows, postings, query, synonyms) if t not in terms]
    terms = [t for t in terms if t not in spent]
    urgency = {row.id: 0 if row.help_now else 1 if row.kind == "safety" else 2 for row in rows}
    rest = sorted((k for k in favoured if k not in warned), key=urgency.__getitem__)
    favoured = warned | {k: favoured[k] for k in rest}  # warnings, crisis lines, safety first
    alarm = crisis | {entry.topic for entry in synonyms if entry.warning}  # "cant pee" too
    return terms, stressed, favoured, set(warned) | (favoured.keys() & alarm)


def _near_terms(
    rows: Sequence[SearchRow],
    postings: Callable[[str], Sequence[int]],
    query: str,
    synonyms: Iterable[Synonym],
) -> list[str]:
    """Stems of the names that the query's unknown long words are misspellings of: within
    one edit (two from 7 letters), starting with the same letter, as typing slips do
    ("baclofin", "zannaflex"; never "killing" for "falling")."""
    unknown = [
        w for w in tokens(query) if len(w) >= NEAR_FROM and w.isalpha() and not postings(stem(w))
    ]
    if not unknown:
        return []
    names = {w for row in rows for w in _WORD.findall(f"{row.id} {row.aliases}") if w.isalpha()}
    names |= {w for e in synonyms for p in e.words for w in tokens(p)}
    found = []
    for word in unknown:
        allowed = 1 if len(word) < 7 else 2
        close = [
            (d, n)
            for n in names
            if n[0] == word[0]
            and abs(len(n) - len(word)) <= allowed
            and (d := edits(word, n, allowed)) <= allowed
        ]
        if close:
            found.append(stem(min(close)[1]))
    return found


def edits(a: str, b: str, most: int) -> int:
    """The Damerau-Levenshtein distance of ``a`` and ``b`` (a swap of two neighbouring
    letters is one edit), or ``most + 1`` as soon as it must be more than ``most``."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return row[-1]


def with_line(hit: Hit, topic: Topic) -> Hit:
    """The hit with its line: the text of the topic it matched best."""
    if hit.line or hit.field < 0:
        return hit
    return hit._replace(line=search_fields(topic)[hit.field][1])


def _alias_line(row: SearchRow) -> str:
    """For a topic found by its id or an alias only: its title and the names it goes by."""
    return f"{row.title} (also called: {row.aliases})" if row.aliases else row.title
