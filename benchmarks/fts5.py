"""SQLite FTS5 against msback's own search index (issue 19): a measurement, not wired in.

Run it with the venv's Python:  python benchmarks/fts5.py [--quick]

For the real content plus 1,000 and plus 10,000 generated topics (``startup.make_topics``;
--quick: plus 1,000 only, fewer rounds) it measures:

1. Building from scratch, in this process, from topics already validated: msback's
   ``lookup.search_index``, and its whole ``compiled.pack`` written to a file; against one
   FTS5 table (a row per topic, a column per weighted field of ``lookup.search_fields``:
   cautions and doctor questions, both weight 1, share one) in a file, in one transaction:
   raw text with ``tokenize='porter unicode61'``, and msback's own Snowball stems as
   pre-stemmed text with ``tokenize='unicode61'``. PyStemmer's memo is emptied first.
2. Updating after one topic is edited: msback's first real run after an edit, in a fresh
   process (``FolderStore.search``: stat every file, re-check the edited one and the rules
   across files, re-pack, write), and the re-pack and write alone; against an FTS5 delete
   and insert of one row and a commit.
3. One query in a fresh process: msback's cache opened with mmap and searched for "heat",
   the search index alone and as ``Store.search`` does it (with synonyms and names); an
   FTS5 file opened read-only and queried with ``bm25(t, 8, 6, 6, 3, 2, 1)``, bare and with
   msback's imports (what an FTS5 msback would pay: msgspec still decodes topics). Runs are
   interleaved with ``python -c pass``; each figure is the median of the per-round ratios.
   And ``python -X importtime`` of sqlite3 (and of msgspec and Stemmer, for scale).
4. Ranking: for 30 queries spread over ``tests/queries.yaml`` (the real content), how often
   FTS5's top 3 equals or overlaps msback's. msback searches without synonyms and names
   (``lookup.search`` as is; it still corrects misspelt names, which FTS5 does not).
5. Whether this Python's SQLite has FTS5, and its version. Without FTS5 it says so and
   measures msback alone.

The machine may be busy: paired, interleaved runs and medians damp the noise, not remove it.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from msback.content import compiled
from msback.content.lookup import STOP_WORDS, query_terms, search, search_fields, search_index
from msback.content.models import Library, Topic
from msback.content.store import FolderStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import make_topics

ROOT = Path(__file__).resolve().parent.parent
#: FTS5 columns, in the order of their bm25() weights (msback's ``_WEIGHTS``).
COLUMNS = ("id", "aliases", "title", "summary", "sections", "notes")
WEIGHTS = "8, 6, 6, 3, 2, 1"
COLUMN_OF = {name: i for i, name in enumerate(COLUMNS)} | {"cautions": 5, "doctor_questions": 5}
_WORD = re.compile(r"[a-z0-9]+")

MSBACK_QUERY = """
import sys
from pathlib import Path
from msback.content import cache, compiled
from msback.content.lookup import SearchRow, search
packed = compiled.Packed(cache.open_mapped(Path(sys.argv[1])))
hits = search(packed.part("rows", list[SearchRow]), packed.postings, sys.argv[2])
print(len(hits), hits[0].topic_id)
"""
#: What ``Store.search`` adds: the synonyms, and every alias as a phrase (from the index).
MSBACK_STORE_QUERY = """
import sys
from pathlib import Path
from msback.content import cache, compiled
from msback.content.lookup import SearchRow, search
from msback.content.models import Index, Synonym
packed = compiled.Packed(cache.open_mapped(Path(sys.argv[1])))
aliases = sorted(packed.part("index", Index).aliases.items(), key=lambda a: -a[0].count("-"))
named = tuple(Synonym((alias.replace("-", " "),), topic) for alias, topic in aliases)
synonyms = packed.part("synonyms", tuple[Synonym, ...]) + named
hits = search(packed.part("rows", list[SearchRow]), packed.postings, sys.argv[2], synonyms)
print(len(hits), hits[0].topic_id)
"""
FTS_QUERY = """
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
found = db.execute(
    "select topic from t where t match ? order by bm25(t, WEIGHTS), topic", (sys.argv[2],)
).fetchall()
print(len(found), found[0][0])
""".replace("WEIGHTS", WEIGHTS)
#: What msback imports to search its cache, searching nothing: the part of the above that
#: an FTS5 msback would pay too (msgspec, pathlib, typing: topics are still decoded).
MSBACK_IMPORTS = """
from msback.content import cache, compiled
from msback.content.lookup import SearchRow, search
"""
#: An FTS5 msback: the same imports, the query's terms by msback's own rules (stop words,
#: Snowball), and the pre-stemmed table.
FTS_IN_MSBACK = """
import sqlite3, sys
from msback.content import cache, compiled
from msback.content.lookup import SearchRow, query_terms, search
match = " OR ".join(f'"{t}"' for t in query_terms(sys.argv[2]))
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
found = db.execute(
    "select topic from t where t match ? order by bm25(t, WEIGHTS), topic", (match,)
).fetchall()
print(len(found), found[0][0])
""".replace("WEIGHTS", WEIGHTS)
#: The pre-stemmed table needs the query stemmed the same way: PyStemmer in the process.
FTS_STEMMED_QUERY = """
import sqlite3, sys
import Stemmer
stems = Stemmer.Stemmer("english").stemWords(sys.argv[2].split())
match = " OR ".join(f'"{s}"' for s in dict.fromkeys(stems))
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
found = db.execute(
    "select topic from t where t match ? order by bm25(t, WEIGHTS), topic", (match,)
).fetchall()
print(len(found), found[0][0])
""".replace("WEIGHTS", WEIGHTS)


def has_fts5() -> bool:
    """Whether this Python's SQLite was built with FTS5."""
    try:
        sqlite3.connect(":memory:").execute("create virtual table t using fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def stems_forgotten() -> None:
    """Empty msback's memo of stems, so each build stems every word as a fresh run does."""
    from msback.content import lookup

    lookup._stems.clear()


def fts_columns(topic: Topic, stemmed: bool) -> list[str]:
    """A topic's row: the text of each column, as ``search_fields`` gives it (or its stems)."""
    from msback.content.lookup import words

    parts: list[list[str]] = [[] for _ in COLUMNS]
    for name, text in search_fields(topic):
        parts[COLUMN_OF[name]].append(" ".join(words(text)) if stemmed else text)
    return ["\n".join(p) for p in parts]


def build_fts(path: Path, topics: Iterable[Topic], stemmed: bool) -> None:
    """One FTS5 table in a new file, a row per topic (rowid: its place in id order)."""
    path.unlink(missing_ok=True)
    tokenize = "unicode61" if stemmed else "porter unicode61"
    db = sqlite3.connect(path)
    with db:
        db.execute(
            f"create virtual table t using fts5({', '.join(COLUMNS)}, topic unindexed,"
            f" tokenize='{tokenize}')"
        )
        db.executemany(
            f"insert into t(rowid, {', '.join(COLUMNS)}, topic) values (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (n, *fts_columns(topic, stemmed), topic.id)
                for n, topic in enumerate(sorted(topics, key=lambda t: t.id))
            ),
        )
    db.close()


def update_fts(path: Path, rowid: int, topic: Topic, stemmed: bool) -> None:
    """An edited topic: its row deleted and inserted again, committed."""
    db = sqlite3.connect(path)
    with db:
        db.execute("delete from t where rowid = ?", (rowid,))
        db.execute(
            f"insert into t(rowid, {', '.join(COLUMNS)}, topic) values (?, ?, ?, ?, ?, ?, ?, ?)",
            (rowid, *fts_columns(topic, stemmed), topic.id),
        )
    db.close()


def fts_match(query: str, stemmed: bool) -> str:
    """The query's meaningful words as an FTS5 OR of quoted tokens: msback's stems for the
    pre-stemmed table, the words themselves for porter (which stems them itself)."""
    if stemmed:
        terms = query_terms(query)
    else:
        said = _WORD.findall(query.casefold().replace("'", ""))
        terms = list(dict.fromkeys(w for w in said if w not in STOP_WORDS))
    return " OR ".join(f'"{t}"' for t in terms)


def fts_top(db: sqlite3.Connection, query: str, stemmed: bool, limit: int = 3) -> list[str]:
    match = fts_match(query, stemmed)
    if not match:
        return []
    sql = f"select topic from t where t match ? order by bm25(t, {WEIGHTS}), topic limit ?"
    return [row[0] for row in db.execute(sql, (match, limit))]


def timed(
    action: Callable[[], object], rounds: int, before: Callable[[], object] = lambda: 0
) -> float:
    """Median seconds of ``action`` (``before`` runs untimed ahead of each round)."""
    times = []
    for _ in range(rounds):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)[:200]} failed: {done.stderr.decode()[-800:]}")
    return elapsed


def interleaved(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float]]:
    """Each command's median seconds and median per-round ratio to the first (the floor),
    the commands run one after another in every round."""
    for args in commands.values():
        run(args)  # warm-up: bytecode, the OS file cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, args in commands.items():
            times[name].append(run(args))
    floor = next(iter(times.values()))
    return {
        name: (
            statistics.median(seconds),
            statistics.median(t / f for t, f in zip(seconds, floor, strict=True)),
        )
        for name, seconds in times.items()
    }


def import_ms(module: str, rounds: int) -> float:
    """Median milliseconds that ``import MODULE`` adds, cumulative (``-X importtime``)."""
    found = []
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        # "import time: self [us] | cumulative | imported package": the top-level line.
        for line in done.stderr.splitlines():
            parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
            if len(parts) == 3 and parts[2] == module:
                found.append(int(parts[1]) / 1000)
    return statistics.median(found)


class Table:
    """Rows of figures, a column per content size, printed at the end."""

    def __init__(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.rows: list[tuple[str, dict[int, str]]] = []

    def put(self, label: str, size: int, text: str) -> None:
        for name, values in self.rows:
            if name == label:
                values[size] = text
                return
        self.rows.append((label, {size: text}))

    def print(self) -> None:
        heads = [f"+{s:,}" if s else "real" for s in self.sizes]
        print(f"{'':<58}" + "".join(f"{h:>16}" for h in heads))
        for label, values in self.rows:
            if label.startswith("#"):
                print(f"\n{label[1:].strip()}")
                continue
            print(f"  {label:<56}" + "".join(f"{values.get(s, ''):>16}" for s in self.sizes))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure_size(
    table: Table, size: int, tmp: Path, fts: bool, build_rounds: int, rounds: int
) -> None:
    folder = make_topics(tmp / f"content-{size}", size)
    cache_root = tmp / f"cache-{size}"
    # Validate once (this writes msback's cache, as a first run does); every build reuses it.
    library = FolderStore(folder, cache_root).lookup_library()
    topics = list(library.topics.values())
    cache_file = next(cache_root.glob("*.cache"))
    lookups = Library(library.topics, None, library.synonyms, library.tried, library.own)
    packed_file = tmp / f"packed-{size}"
    porter, snowball = tmp / f"porter-{size}.db", tmp / f"snowball-{size}.db"
    print(f"  +{size:,}: {len(topics):,} topics validated", file=sys.stderr, flush=True)

    table.put("# 1. Build from scratch (validated topics, in process)", size, "")
    table.put("topics", size, f"{len(topics):,}")
    index_s = timed(lambda: search_index(topics), build_rounds, stems_forgotten)
    table.put("msback search_index", size, ms(index_s))
    pack_s = timed(
        lambda: packed_file.write_bytes(compiled.pack(lookups, source=str(folder))),
        build_rounds,
        stems_forgotten,
    )
    table.put("msback compiled.pack, written (all parts)", size, ms(pack_s))
    if fts:
        for path, stemmed, label in ((porter, False, "porter"), (snowball, True, "Snowball")):
            seconds = timed(lambda p=path, s=stemmed: build_fts(p, topics, s), build_rounds,
                            stems_forgotten)  # fmt: skip
            table.put(f"FTS5 {label}, one transaction, file", size, ms(seconds))
    table.put("msback packed file size", size, f"{packed_file.stat().st_size / 1e6:.2f} MB")
    if fts:
        table.put("FTS5 porter file size", size, f"{porter.stat().st_size / 1e6:.2f} MB")
        table.put("FTS5 Snowball file size", size, f"{snowball.stat().st_size / 1e6:.2f} MB")

    table.put("# 2. Update after editing one topic", size, "")
    edited = folder / "topics" / "water-therapy.yaml"
    original = edited.read_text("utf-8")
    first = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from msback.content.store import FolderStore;"
        "FolderStore(Path(sys.argv[1]), Path(sys.argv[2])).search('heat')",
        str(folder),
        str(cache_root),
    ]
    edits = []
    fresh = []
    for i in range(max(3, build_rounds)):
        edited.write_text(original + f"# edit {i}\n", "utf-8")
        edits.append(run(first))
        fresh.append(run(first))  # the cache now fresh again: a run with no edit
    table.put("msback first run after an edit (fresh process)", size, ms(statistics.median(edits)))
    table.put("msback the run after it, cache fresh", size, ms(statistics.median(fresh)))
    table.put("msback of which re-pack and write (above)", size, ms(pack_s))
    if fts:
        rowid = sorted(library.topics).index("water-therapy")
        topic = library.topics["water-therapy"]
        for path, stemmed, label in ((porter, False, "porter"), (snowball, True, "Snowball")):
            seconds = timed(lambda p=path, s=stemmed: update_fts(p, rowid, topic, s), rounds)
            table.put(f"FTS5 {label}: delete + insert 1 row + commit", size, ms(seconds))

    table.put(f'# 3. One search for "heat" in a fresh process (x python -c pass, {rounds} rounds)',
              size, "")  # fmt: skip
    py = sys.executable
    commands = {
        "floor": [py, "-c", "pass"],
        "imports": [py, "-c", MSBACK_IMPORTS],
        "msback": [py, "-c", MSBACK_QUERY, str(cache_file), "heat"],
        "store": [py, "-c", MSBACK_STORE_QUERY, str(cache_file), "heat"],
    }
    if fts:
        commands["porter"] = [py, "-c", FTS_QUERY, str(porter), '"heat"']
        commands["snowball"] = [py, "-c", FTS_STEMMED_QUERY, str(snowball), "heat"]
        commands["fts_msback"] = [py, "-c", FTS_IN_MSBACK, str(snowball), "heat"]
    found = interleaved(commands, rounds)
    labels = {
        "floor": "python -c pass",
        "imports": "msback's imports alone, no search",
        "msback": "msback cache: mmap, search index",
        "store": "msback cache: as Store.search (+ synonyms, names)",
        "porter": "FTS5 porter alone: sqlite3, open ro, bm25 MATCH",
        "snowball": "FTS5 Snowball alone: + import Stemmer for the query",
        "fts_msback": "FTS5 Snowball + msback's imports, query_terms",
    }
    for name, (seconds, ratio) in found.items():
        text = ms(seconds) if name == "floor" else f"{ratio:.2f}x {seconds * 1000:.0f}ms"
        table.put(labels[name], size, text)


def ranking(tmp: Path, fts: bool) -> None:
    """How far FTS5's top 3 agrees with msback's, over the real content."""
    library = FolderStore(ROOT / "content", None).lookup_library()
    topics = list(library.topics.values())
    rows, postings = search_index(topics)
    data = yaml.safe_load((ROOT / "tests" / "queries.yaml").read_text("utf-8"))["queries"]
    step = max(1, len(data) // 30)
    chosen = data[::step][:30]
    print(f"\n4. Ranking, real content ({len(topics)} topics), {len(chosen)} queries from "
          "tests/queries.yaml; msback without synonyms or names:")  # fmt: skip
    msback_top = {
        q["query"]: [h.topic_id for h in search(rows, lambda s: postings.get(s, []), q["query"])][
            :3
        ]
        for q in chosen
    }
    right = sum(bool(set(msback_top[q["query"]]) & set(q["topics"])) for q in chosen)
    print(f"  {'msback: a right topic in the top 3':<56}{right:>4}/{len(chosen)}")
    if not fts:
        return
    print("  (FTS5's bm25: k1 1.2, b 0.75, fixed, over unweighted lengths; msback's: K1 6,"
          " B 0.5 over field-weighted lengths, and log(1 + N/n)-style idf)")  # fmt: skip
    tops: dict[bool, dict[str, list[str]]] = {}
    for stemmed, label in ((False, "porter"), (True, "Snowball")):
        path = tmp / f"rank-{label}.db"
        build_fts(path, topics, stemmed)
        db = sqlite3.connect(path)
        same = first = overlap = shared = right = 0
        differ = []
        for q in chosen:
            ours, theirs = msback_top[q["query"]], fts_top(db, q["query"], stemmed)
            tops.setdefault(stemmed, {})[q["query"]] = theirs
            same += ours == theirs
            first += ours[:1] == theirs[:1]
            overlap += bool(set(ours) & set(theirs))
            shared += len(set(ours) & set(theirs))
            right += bool(set(theirs) & set(q["topics"]))
            if ours[:1] != theirs[:1]:
                differ.append(f"{q['query']!r}: {ours[:1]} vs {theirs[:1]}")
        db.close()
        n = len(chosen)
        print(f"  FTS5 {label}:")
        print(f"    {'top 3 the same, in order':<54}{same:>4}/{n}")
        print(f"    {'top 1 the same':<54}{first:>4}/{n}")
        print(f"    {'top 3 overlap (at least one shared)':<54}{overlap:>4}/{n}")
        print(f"    {'topics shared of the top 3, mean':<54}{shared / n:>7.2f}")
        print(f"    {'a right topic in the top 3':<54}{right:>4}/{n}")
        print("    first differs: " + "; ".join(differ[:6]) + (" ..." if len(differ) > 6 else ""))
    alike = sum(tops[False][q["query"]] == tops[True][q["query"]] for q in chosen)
    print(f"  {'FTS5 porter against FTS5 Snowball: top 3 the same':<56}{alike:>4}/{len(chosen)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="+1,000 topics only, fewer rounds")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [0, 1000, 10000]
    rounds = 7 if args.quick else 15
    build_rounds = 1 if args.quick else 3
    fts = has_fts5()
    found = "yes" if fts else "NO (msback measured alone)"
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, FTS5: {found}; "
          f"{os.cpu_count()} CPUs", flush=True)  # fmt: skip
    start = time.perf_counter()
    table = Table(sizes)
    with tempfile.TemporaryDirectory(prefix="msback-fts5-") as tmp_name:
        tmp = Path(tmp_name)
        for size in sizes:
            measure_size(table, size, tmp, fts, build_rounds, rounds)
        print()
        table.print()
        imports = ["sqlite3", "msgspec", "Stemmer", "mmap"]
        print(f"\n-X importtime, cumulative, median of {rounds}:")
        for module in imports:
            print(f"  {'import ' + module:<56}{import_ms(module, rounds):>10.1f} ms")
        ranking(tmp, fts)
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
