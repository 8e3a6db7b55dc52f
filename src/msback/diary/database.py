"""The diary's one SQLite file, in the user's data folder: private, and never lost.

- Where: the folder it is given, ``env.paths.data`` (``$MSBACK_HOME``, else the user data
  folder: see ``msback.paths``).
  The folder is made 0700 and the file 0600; SQLite gives its -wal and -shm files the
  file's own mode.
- What: ``PRAGMA application_id`` marks the file as msback's and ``PRAGMA user_version``
  is its schema version; ``MIGRATIONS`` take any earlier version forward, one step at a time.
- How: WAL, a busy timeout, and every write one ``BEGIN IMMEDIATE`` transaction, so many
  processes can log at once and a crash loses no committed entry.
- A file that is not msback's diary (not SQLite, another program's, or from a newer
  msback) is refused with one line and left exactly as it was: msback never recreates a
  file over the person's data.

``json`` is imported only to keep or read a guide result: ``msback log`` needs none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from msback import safefiles
from msback.diary.entry import STORED, Entry, Tried, local_offset, tried_items, tried_text
from msback.diary.episodes import Episode, PlanPart
from msback.diary.scores import NAMES
from msback.errors import MsbackError
from msback.paths import ENV_HOME

FILE_NAME = "diary.sqlite3"
#: "msbk": marks the file as msback's diary (``PRAGMA application_id``).
APPLICATION_ID = 0x6D73626B
#: Seconds a write waits for another msback that is writing.
BUSY_TIMEOUT = 30.0
#: Seconds of waiting after which the person is told the diary is busy.
WAIT_NOTICE = 1.0
#: A row msback can read, as version 3 checks it (later scores add their own checks).
_VALID_ROW_V3 = (
    "typeof(at) = 'text'"
    " AND at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'"
    " AND typeof(pain) = 'integer' AND pain BETWEEN 0 AND 10"
    " AND typeof(place) = 'text' AND typeof(tried) = 'text' AND typeof(note) = 'text'"
    " AND (spasticity IS NULL OR (typeof(spasticity) = 'integer' AND spasticity BETWEEN 0 AND 10))"
    " AND (fatigue IS NULL OR (typeof(fatigue) = 'integer' AND fatigue BETWEEN 0 AND 10))"
)
#: A row msback can read, as version 4 checks it: a real date and time (not 30 February)
#: from 1900 on, and a whole-minute UTC offset of at most 18 hours.
_VALID_ROW_V4 = (
    _VALID_ROW_V3 + " AND strftime('%Y-%m-%d %H:%M', julianday(at)) IS at AND at >= '1900'"
    " AND typeof(utc_offset) = 'integer' AND utc_offset BETWEEN -1080 AND 1080"
)
#: The moment an entry was logged, in UTC ("YYYY-MM-DD HH:MM:SS"): entries are sorted by it
#: (an index holds it), so entries logged in two time zones keep their real order.
INSTANT = "datetime(at, -utc_offset || ' minutes')"


def _v4_time_zones(db: sqlite3.Connection) -> str:
    """Version 4: every entry keeps the UTC offset of where it was logged.

    Entries written before this knew only their wall-clock time, so each is read in this
    computer's time zone as it was on that date (the system's zone rules: summer time then,
    winter time in winter). Rows whose time is not a real date (30 February) move to
    entry_quarantine as they were. Kept guide results get the same offset."""

    def offset_of(at: object) -> int | None:
        try:
            moment = dt.datetime.strptime(str(at), "%Y-%m-%d %H:%M")
        except ValueError:
            return None
        return local_offset(moment) if moment.year >= 1900 else None

    db.execute("ALTER TABLE entry_quarantine ADD COLUMN utc_offset")
    db.execute("ALTER TABLE guide_result ADD COLUMN utc_offset INTEGER")
    db.execute("CREATE TEMP TABLE offset_of (id INTEGER PRIMARY KEY, utc_offset INTEGER)")
    db.executemany(
        "INSERT INTO offset_of VALUES (?, ?)",
        ((row_id, offset_of(at)) for row_id, at in db.execute("SELECT id, at FROM entry")),
    )
    db.executemany(
        "UPDATE guide_result SET utc_offset = ? WHERE id = ?",
        [(offset_of(at), row_id) for row_id, at in db.execute("SELECT id, at FROM guide_result")],
    )
    joined = "entry JOIN offset_of USING (id)"
    columns = "id, at, pain, place, tried, spasticity, fatigue, note, offset_of.utc_offset"
    db.execute(f"""
        CREATE TABLE entry_v4 (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,                 -- the wall-clock time where it was logged
            pain INTEGER NOT NULL, place TEXT NOT NULL DEFAULT '',
            tried TEXT NOT NULL DEFAULT '',   -- topic ids, separated by spaces
            spasticity INTEGER, fatigue INTEGER, note TEXT NOT NULL DEFAULT '',
            utc_offset INTEGER NOT NULL,      -- minutes east of UTC where it was logged
            CHECK ({_VALID_ROW_V4})
        )""")
    valid = _VALID_ROW_V4.replace("utc_offset", "offset_of.utc_offset")
    db.execute(
        f"INSERT INTO entry_quarantine ({', '.join(STORED)})"
        f" SELECT {columns.removeprefix('id, ')} FROM {joined} WHERE ifnull(({valid}), 0) = 0"
    )
    db.execute(
        f"INSERT INTO entry_v4 SELECT {columns} FROM {joined} WHERE ifnull(({valid}), 0) = 1"
    )
    db.execute("DROP TABLE entry")
    db.execute("DROP TABLE temp.offset_of")
    db.execute("ALTER TABLE entry_v4 RENAME TO entry")
    db.execute("CREATE INDEX entry_at ON entry (at)")
    db.execute(f"CREATE INDEX entry_instant ON entry ({INSTANT})")
    db.execute(
        "CREATE UNIQUE INDEX entry_same ON entry (at, utc_offset, pain, place, tried,"
        " ifnull(spasticity, -1), ifnull(fatigue, -1), note)"
    )
    return (
        "Your diary now keeps each entry's time zone. Entries already in it were read in"
        " this computer's time zone as it was on their date."
    )


def _v5_tried_words(db: sqlite3.Connection) -> str:
    """Version 5: what was tried keeps the person's own words with the topics they count
    for (``entry.tried_text``). Entries before kept only topic ids: each id becomes its own
    words, so nothing changes in what they show or how they group."""
    rows = db.execute("SELECT id, tried FROM entry WHERE tried != ''").fetchall()
    db.executemany(
        "UPDATE entry SET tried = ? WHERE id = ?",
        [(tried_text(tuple(Tried(t, (t,)) for t in str(old).split())), i) for i, old in rows],
    )
    return ""


#: Each step takes the schema from version N to N + 1 (``PRAGMA user_version``): SQL, or a
#: function that does the step and returns a line to tell the person (or "").
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], str], ...] = (
    """
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,                 -- local time, 'YYYY-MM-DD HH:MM'
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        place TEXT NOT NULL DEFAULT '',
        tried TEXT NOT NULL DEFAULT '',   -- topic ids, separated by spaces
        spasticity INTEGER CHECK (spasticity BETWEEN 0 AND 10),
        fatigue INTEGER CHECK (fatigue BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX entry_at ON entry (at);
    -- The same entry twice (an import run again) is kept once.
    CREATE UNIQUE INDEX entry_same ON entry
        (at, pain, place, tried, ifnull(spasticity, -1), ifnull(fatigue, -1), note);
    """,
    """
    -- Version 2: guide results the person chose to keep, for the clinic report.
    CREATE TABLE guide_result (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,                 -- local time, 'YYYY-MM-DD HH:MM'
        urgency TEXT NOT NULL,
        data TEXT NOT NULL                -- the result as JSON: answers, options, questions
    );
    """,
    f"""
    -- Version 3: the schema refuses rows msback cannot read (a pain of 5.5, a time that is
    -- not 'YYYY-MM-DD HH:MM'), which other tools could write. Rows already there that fail
    -- the checks move, exactly as they were, to entry_quarantine: never dropped.
    CREATE TABLE entry_quarantine (
        id INTEGER PRIMARY KEY, at, pain, place, tried, spasticity, fatigue, note
    );
    INSERT INTO entry_quarantine
        SELECT id, at, pain, place, tried, spasticity, fatigue, note FROM entry
        WHERE ifnull(({_VALID_ROW_V3}), 0) = 0;
    CREATE TABLE entry_checked (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL, pain INTEGER NOT NULL, place TEXT NOT NULL DEFAULT '',
        tried TEXT NOT NULL DEFAULT '', spasticity INTEGER, fatigue INTEGER,
        note TEXT NOT NULL DEFAULT '',
        CHECK ({_VALID_ROW_V3})
    );
    INSERT INTO entry_checked
        SELECT id, at, pain, place, tried, spasticity, fatigue, note FROM entry
        WHERE ifnull(({_VALID_ROW_V3}), 0) = 1;
    DROP TABLE entry;
    ALTER TABLE entry_checked RENAME TO entry;
    CREATE INDEX entry_at ON entry (at);
    CREATE UNIQUE INDEX entry_same ON entry
        (at, pain, place, tried, ifnull(spasticity, -1), ifnull(fatigue, -1), note);
    """,
    _v4_time_zones,
    _v5_tried_words,
    """
    -- Version 6: the person's flare plan, one row per part, in their own words, and the
    -- episodes they record (a pain flare or a relapse, as they or their team call it).
    CREATE TABLE plan (
        part TEXT PRIMARY KEY,            -- the plan prompt's id (guide.yaml: plan)
        label TEXT NOT NULL,              -- that prompt's short label when it was written
        text TEXT NOT NULL CHECK (typeof(text) = 'text' AND text != ''),
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE episode (
        id INTEGER PRIMARY KEY,
        called TEXT NOT NULL
            CHECK (called IN ('pain flare', 'possible relapse', 'relapse my team confirmed')),
        started TEXT NOT NULL CHECK (date(started) IS started AND started >= '1900'),
        ended TEXT NOT NULL DEFAULT ''
            CHECK (ended = '' OR (date(ended) IS ended AND ended >= started)),
        what TEXT NOT NULL DEFAULT '',    -- what is new or worse, as the person wrote it
        words TEXT NOT NULL DEFAULT '',   -- common words they picked, one per line
        trigger TEXT NOT NULL DEFAULT ''
            CHECK (trigger IN ('', 'infection', 'heat', 'stress', 'none known')),
        told TEXT NOT NULL DEFAULT '' CHECK (told = '' OR date(told) IS told),
        steroids INTEGER CHECK (steroids IN (0, 1))
    );
    -- At most one episode is open (not ended) at a time.
    CREATE UNIQUE INDEX episode_open ON episode (ended) WHERE ended = '';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


#: Where a line for the person goes (``env.message``); None: nowhere.
Tell = Callable[[str], None] | None


class DiaryError(MsbackError):
    """The diary cannot be opened or written; the message says why, in one line."""


def diary_file(folder: Path) -> Path:
    """The diary's file in its folder (``env.paths.data``)."""
    return folder / FILE_NAME


class Diary:
    """An open diary. Use ``open_diary``; close it (or use ``with``) when done."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, version: int = SCHEMA_VERSION
    ) -> None:
        self.path = path
        self._db = connection
        self.version = version  # below SCHEMA_VERSION only when opened read-only
        self._select = _SELECT if version >= 4 else _SELECT_BEFORE_V4
        self._order = INSTANT if version >= 4 else "at"
        self._entry = _entry if version >= 5 else _entry_before_v5
        self.on_wait: Callable[[], None] | None = None  # told when a write has to wait
        self.unreadable_results = 0  # kept guide results passed over: not JSON
        self._inode = _inode(path)  # the file this connection writes: forget may remove it

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``): all or nothing.

        If another program holds the diary, ``on_wait`` is told after ``WAIT_NOTICE``
        seconds (so the person knows why nothing happens), and the wait goes on up to
        ``BUSY_TIMEOUT`` in all before it gives up as busy."""
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(WAIT_NOTICE * 1000)}")
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                    raise
                if self.on_wait is not None:
                    self.on_wait()
                self._db.execute(
                    f"PRAGMA busy_timeout = {int((BUSY_TIMEOUT - WAIT_NOTICE) * 1000)}"
                )
                self._db.execute("BEGIN IMMEDIATE")
            finally:
                self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        except sqlite3.Error as exc:
            raise _error(self.path, exc) from None
        if _inode(self.path) != self._inode:  # msback forget removed it while this waited
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise DiaryError(
                "the diary was deleted (msback forget) just now, so nothing was saved."
            )
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _error(self.path, exc) from None
            raise

    def add(self, entries: Sequence[Entry], aside: Sequence[Sequence[Any]] = ()) -> int:
        """Add entries in one transaction; return how many were new (the rest were there).
        ``aside``: rows an export carried as unreadable (``STORED`` order), kept as they
        are (once each)."""
        with self._write() as db:
            return _add(db, entries, aside)

    def restore(
        self,
        entries: Sequence[Entry],
        aside: Sequence[Sequence[Any]],
        episodes: Sequence[Episode],
        plan: Sequence[PlanPart],
    ) -> Restored:
        """Add a backup's entries, episodes and plan in one transaction (all or nothing).
        An episode already recorded (the same name and start) is not added twice, nor an
        open one while another is open; the plan is taken only if the diary has none:
        the person's current plan is never replaced."""
        with self._write() as db:
            added = _add(db, entries, aside)
            have = {(str(c), str(s)) for c, s in db.execute("SELECT called, started FROM episode")}
            is_open = db.execute("SELECT 1 FROM episode WHERE ended = ''").fetchone() is not None
            new, still_open = 0, 0
            for episode in episodes:
                if (episode.called, episode.started) in have:
                    continue
                if not episode.ended and is_open:
                    still_open += 1
                    continue
                row = _episode_row(episode)
                db.execute(_INSERT_EPISODE, row)
                have.add((episode.called, episode.started))
                is_open = is_open or not episode.ended
                new += 1
            mine = [tuple(r) for r in db.execute("SELECT part, label, text FROM plan")]
            theirs = [(p.part, p.label, p.text) for p in plan if p.text]
            if not theirs:
                kept_plan = "none"
            elif not mine:
                db.executemany(_INSERT_PLAN, [(*part, i) for i, part in enumerate(theirs)])
                kept_plan = "added"
            else:
                kept_plan = "same" if sorted(mine) == sorted(theirs) else "kept yours"
            return Restored(added, new, len(episodes) - new - still_open, still_open, kept_plan)

    def entries(self, since: str = "") -> list[Entry]:
        """Every entry from ``since`` (a "YYYY-MM-DD" day where it was logged) on, in the
        order they were logged."""
        sql = f"{self._select} WHERE at >= ? ORDER BY {self._order}, id"
        return [self._entry(row) for row in self._read(sql, (since,))]

    def each_entry(self) -> Iterator[Entry]:
        """Every entry in the order they were logged, one at a time: an export of any size
        holds only the rows it is writing."""
        try:
            cursor = self._db.execute(f"{self._select} ORDER BY {self._order}, id")
            cursor.arraysize = 1000
            while rows := cursor.fetchmany():
                yield from map(self._entry, rows)
        except sqlite3.Error as exc:
            raise _error(self.path, exc) from None

    def quarantined(self) -> list[tuple[Any, ...]]:
        """The rows msback could not read, kept exactly as they were stored (``entry_quarantine``),
        their cells in ``STORED`` order, oldest first."""
        offset = "utc_offset" if self.version >= 4 else "NULL"
        columns = ", ".join(STORED).replace("utc_offset", offset)
        try:
            return self._read(f"SELECT {columns} FROM entry_quarantine ORDER BY id", ())
        except DiaryError:
            if self.version < 3:  # an older diary opened read-only: no such table yet
                return []
            raise

    def tried_ids(self) -> set[str]:
        """Every topic id logged as tried, in any entry."""
        rows = self._read("SELECT DISTINCT tried FROM entry WHERE tried != ''", ())
        if self.version < 5:  # opened read-only: topic ids separated by spaces
            return {t for (text,) in rows for t in str(text).split()}
        return {t for (text,) in rows for item in tried_items(str(text)) for t in item.topics}

    def last(self) -> Entry | None:
        """The entry logged last."""
        rows = self._read(f"{self._select} ORDER BY {self._order} DESC, id DESC LIMIT 1", ())
        return self._entry(rows[0]) if rows else None

    def keep_result(self, at: str, offset: int, urgency: str, data: dict[str, object]) -> None:
        """Keep a guide result (its JSON) for the clinic report, with its time and UTC offset."""
        import json

        with self._write() as db:
            db.execute(
                "INSERT INTO guide_result (at, utc_offset, urgency, data) VALUES (?, ?, ?, ?)",
                (at, offset, urgency, json.dumps(data, ensure_ascii=False, sort_keys=True)),
            )

    def latest_result(self) -> dict[str, object] | None:
        """The guide result kept last, with its time (``at``), or None. One another program
        broke (not JSON) is passed over: the one before it is shown instead."""
        import json

        offset = "utc_offset" if self.version >= 4 else "NULL"
        newest = f"ifnull({INSTANT}, at)" if self.version >= 4 else "at"
        try:  # a cursor, read lazily: only the newest result unless it is broken
            rows = self._db.execute(
                f"SELECT at, {offset}, data FROM guide_result ORDER BY {newest} DESC, id DESC"
            )
        except sqlite3.Error as exc:
            raise _error(self.path, exc) from None
        for at, utc_offset, data in rows:
            try:
                kept = json.loads(str(data))
            except ValueError:
                self.unreadable_results += 1
                continue
            if isinstance(kept, dict):
                return {**kept, "at": str(at), "utc_offset": utc_offset}
            self.unreadable_results += 1
        return None

    # -- the flare plan and episodes (version 6) -----------------------------------------

    def plan(self) -> list[PlanPart]:
        """The person's flare plan, part by part in the order it was written; [] if none
        (or the diary is older and opened read-only)."""
        if self.version < 6:
            return []
        rows = self._read("SELECT part, label, text FROM plan ORDER BY position, rowid", ())
        return [PlanPart(str(part), str(label), str(text)) for part, label, text in rows]

    def save_plan(self, parts: Sequence[PlanPart]) -> None:
        """Replace the whole plan with ``parts`` (empty texts left out), in one transaction:
        all or nothing."""
        with self._write() as db:
            db.execute("DELETE FROM plan")
            db.executemany(
                _INSERT_PLAN, [(p.part, p.label, p.text, i) for i, p in enumerate(parts) if p.text]
            )

    def episodes(self) -> list[Episode]:
        """Every recorded episode, oldest first; [] if none."""
        if self.version < 6:
            return []
        rows = self._read(f"SELECT {_EPISODE} FROM episode ORDER BY started, id", ())
        return [_episode(row) for row in rows]

    def open_episode(self) -> Episode | None:
        """The episode not ended yet, if there is one."""
        if self.version < 6:
            return None
        rows = self._read(f"SELECT {_EPISODE} FROM episode WHERE ended = ''", ())
        return _episode(rows[0]) if rows else None

    def add_episode(self, episode: Episode) -> int:
        """Record an episode; its id. An open one is refused while another is open."""
        row = _episode_row(episode)
        with self._write() as db:
            if (
                not episode.ended
                and db.execute("SELECT 1 FROM episode WHERE ended = ''").fetchone()
            ):
                raise DiaryError(
                    "an episode is already open, so this one was not recorded.",
                    "End it first: msback flare --ended",
                )
            cursor = db.execute(_INSERT_EPISODE, row)
            return int(cursor.lastrowid or 0)

    def end_episode(self, episode_id: int, day: str) -> None:
        """End an open episode on ``day`` ("YYYY-MM-DD", not before it started)."""
        with self._write() as db:
            db.execute(
                "UPDATE episode SET ended = ? WHERE id = ? AND ended = ''", (day, episode_id)
            )

    def _read(self, sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise _error(self.path, exc) from None


_COLUMNS = ", ".join(STORED)
_SELECT = f"SELECT {_COLUMNS} FROM entry"
#: A diary from before version 4, opened read-only (so not brought up to date): no offsets,
#: its times are read in this computer's time zone.
_SELECT_BEFORE_V4 = "SELECT " + _COLUMNS.replace("utc_offset", "NULL") + " FROM entry"
_INSERT = (
    f"INSERT INTO entry ({_COLUMNS}) VALUES ({', '.join('?' * len(STORED))}) ON CONFLICT DO NOTHING"
)
#: A row kept aside as it is, unless the very same row is there already.
_KEEP_ASIDE = (
    f"INSERT INTO entry_quarantine ({_COLUMNS}) SELECT {', '.join('?' * len(STORED))}"
    " WHERE NOT EXISTS (SELECT 1 FROM entry_quarantine WHERE "
    + " AND ".join(f"{name} IS ?" for name in STORED)
    + ")"
)


_EPISODE = "id, called, started, ended, what, words, trigger, told, steroids"
_INSERT_EPISODE = (
    f"INSERT INTO episode ({_EPISODE.removeprefix('id, ')}) VALUES ({', '.join('?' * 8)})"
)
_INSERT_PLAN = "INSERT INTO plan (part, label, text, position) VALUES (?, ?, ?, ?)"


class Restored(NamedTuple):
    """What ``Diary.restore`` did: entries and episodes added, episodes already there,
    open episodes left out (another was open), and the plan: "added", "same", "kept
    yours" (the diary's own plan differs and was kept) or "none" (the backup had none)."""

    entries: int
    episodes: int
    episodes_there: int
    open_left_out: int
    plan: str

    def lines(self) -> list[str]:
        """What happened to the episodes and the plan, a line each (nothing if the file
        had neither)."""
        lines = []
        if self.episodes or self.episodes_there:
            there = f" ({self.episodes_there} already in your diary)" if self.episodes_there else ""
            noun = "episode" if self.episodes == 1 else "episodes"
            lines.append(f"Imported {self.episodes} new {noun}{there}.")
        if self.open_left_out:
            lines.append(
                "An episode still going in the file was not added: your diary has one open."
                " End it (msback flare --ended), then import again to add it."
            )
        lines += {
            "added": ["Imported your flare plan (your diary had none)."],
            "same": ["Your flare plan is the same as the file's."],
            "kept yours": [
                "Your diary already has a flare plan: it was kept, and the file's plan was"
                " not imported."
            ],
        }.get(self.plan, [])
        return lines


def _add(db: sqlite3.Connection, entries: Sequence[Entry], aside: Sequence[Sequence[Any]]) -> int:
    """Add entries (and rows kept aside) within a write; how many entries were new."""
    before = db.total_changes
    db.executemany(_INSERT, [_row(e.stored()) for e in entries])  # one there is skipped
    added = db.total_changes - before
    db.executemany(_KEEP_ASIDE, [tuple(row[: len(STORED)]) * 2 for row in aside])
    return added


def _episode_row(e: Episode) -> tuple[Any, ...]:
    """An episode as a row of the episode table, without its id."""
    steroids = None if e.steroids is None else int(e.steroids)
    return (e.called, e.started, e.ended, e.what, "\n".join(e.words), e.trigger, e.told, steroids)


def _episode(row: tuple[Any, ...]) -> Episode:
    """A row of the episode table (``_EPISODE`` order); the schema's CHECKs already hold."""
    rid, called, started, ended, what, words, trigger, told, steroids = row
    picked = tuple(w for w in str(words).split("\n") if w)
    said = None if steroids is None else bool(steroids)
    return Episode(called, started, ended, str(what), picked, trigger, told, said, int(rid))


def _row(e: Entry) -> tuple[Any, ...]:
    """An entry as a row of the entry table, its cells in ``STORED`` order."""
    return (e.at, e.pain, e.where, tried_text(e.tried), *map(e.score, NAMES), e.note, e.offset)


def _entry(row: tuple[Any, ...]) -> Entry:
    """A row (``STORED`` order) as an Entry; the schema's types and CHECKs already hold."""
    at, pain, place, tried, *values, note, offset = row
    scores = tuple((n, v) for n, v in zip(NAMES, values, strict=True) if v is not None)
    return Entry(at, pain, place, tried_items(tried), scores, note, offset)


def _entry_before_v5(row: tuple[Any, ...]) -> Entry:
    """A row of a diary from before version 5 (opened read-only): what was tried is topic
    ids separated by spaces, each its own words (as ``_v5_tried_words`` makes them)."""
    old = str(row[3])
    return _entry((*row[:3], tried_text(tuple(Tried(t, (t,)) for t in old.split())), *row[4:]))


def existing_diary(folder: Path, tell: Tell = None) -> Diary | None:
    """The diary if there is one (see ``open_diary``); None if nothing was logged yet."""
    if not os.path.lexists(diary_file(folder)):
        return None
    return open_diary(folder, tell)


def diary_to_read(folder: Path, tell: Tell = None) -> Diary | None:
    """The diary for reading: as ``existing_diary``, but on a read-only or full disk it is
    opened read-only instead (``immutable`` only where the folder cannot be written), so
    the person can still see and export everything. None if nothing was logged yet."""
    try:
        return existing_diary(folder, tell)
    except DiaryError as refused:
        if not refused.message.startswith(("cannot write", "cannot open", "cannot make")):
            raise  # not msback's file, or from a newer msback: never read around that
        path = diary_file(folder)
        for query in ("mode=ro", "immutable=1"):
            if query == "immutable=1" and _writable(folder):
                break
            try:
                db = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
                app_id, version, _ = _header(db)
                if app_id != APPLICATION_ID or version > SCHEMA_VERSION:
                    db.close()
                    raise refused from None
                db.execute("SELECT count(*) FROM entry").fetchone()
            except sqlite3.Error:
                continue
            return Diary(path, db, version)
        raise


def _writable(folder: Path) -> bool:
    """Whether files can be made in ``folder``: not a read-only file system, not full."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return not (st.f_flag & os.ST_RDONLY) and st.f_bavail > 0 and os.access(folder, os.W_OK)


def unreadable_rows(folder: Path, tell: Tell = None) -> int:
    """How many rows of the diary msback could not read (kept aside, as they were)."""
    diary = diary_to_read(folder, tell)
    if diary is None:
        return 0
    with diary:
        return len(diary.quarantined())


class Reading(NamedTuple):
    """What the views and the report read: entries, the kept guide result, and how many
    rows could not be read (kept aside as they were, in ``entry_quarantine``)."""

    entries: list[Entry]
    kept: dict[str, object] | None
    unreadable: int = 0  # entries
    broken_results: int = 0  # kept guide results that are not JSON (passed over)
    episodes: Sequence[Episode] = ()  # every recorded episode, oldest first (few: read whole)
    plan: Sequence[PlanPart] = ()  # the person's flare plan


def read(folder: Path, since: str = "", tell: Tell = None) -> Reading:
    """The entries from ``since`` on, the latest kept guide result, and the count of rows
    that could not be read; none, and no file made, if nothing was logged yet."""
    diary = diary_to_read(folder, tell)
    if diary is None:
        return Reading([], None)
    with diary:
        entries, kept = diary.entries(since=since), diary.latest_result()
        unreadable = len(diary.quarantined())
        return Reading(
            entries, kept, unreadable, diary.unreadable_results, diary.episodes(), diary.plan()
        )


def open_diary(folder: Path, tell: Tell = None) -> Diary:
    """Open the diary in ``folder``, made if needed, private, and brought to the current
    schema; ``tell`` is given a line for the person when bringing it up to date changed
    how their entries are read."""
    path = folder / FILE_NAME
    _private_folder(folder)
    _private_file(path)
    old_umask = os.umask(0o077)  # belt and braces: -wal and -shm are never readable by others
    try:
        db = sqlite3.connect(
            path.resolve().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT,
            isolation_level=None,
        )  # fmt: skip
    except sqlite3.Error as exc:
        raise _error(path, exc) from None
    finally:
        os.umask(old_umask)
    try:
        _check_and_migrate(path, db, tell)
    except BaseException:
        db.close()
        raise
    return Diary(path, db)


def _private_folder(folder: Path) -> None:
    try:
        safefiles.private_folder(folder)
    except OSError as exc:
        raise DiaryError(
            f"cannot make the diary folder {folder}: {safefiles.reason(exc)}.",
            f"Set {ENV_HOME} to a folder you can write to.",
        ) from None
    except safefiles.NotPrivate:
        raise DiaryError(
            f"{folder} is not your own folder, so msback keeps no diary there."
        ) from None


def _private_file(path: Path) -> None:
    making = not os.path.lexists(path)
    try:
        safefiles.private_file(path)
    except safefiles.NotPrivate:
        raise DiaryError(f"{path} is not a regular file, so it was left as it was.") from None
    except OSError as exc:
        if making:
            raise DiaryError(
                f"cannot make the diary {path}: {safefiles.reason(exc)}.",
                f"Set {ENV_HOME} to a folder you can write to.",
            ) from None
        raise DiaryError(f"cannot open the diary {path}: {safefiles.reason(exc)}.") from None


def _check_and_migrate(path: Path, db: sqlite3.Connection, tell: Tell) -> None:
    """Refuse a file that is not this msback's diary; bring an older one up to date, and
    ``tell`` the person what a step changed for them."""
    try:
        app_id, version, tables = _header(db)
    except sqlite3.DatabaseError as exc:
        raise _error(path, exc) from None
    if app_id != APPLICATION_ID and not _new_file(app_id, version, tables):
        raise _not_ours(path, "it belongs to another program")
    if version > SCHEMA_VERSION:
        raise DiaryError(
            f"{path} was written by a newer msback; it was left as it was.",
            "Update msback to read it.",
        )
    with contextlib.suppress(sqlite3.OperationalError):  # busy now: a later run sets it
        db.execute("PRAGMA journal_mode = WAL")  # kept in the file; a no-op once set
    if version == SCHEMA_VERSION:
        return
    try:
        db.execute("BEGIN IMMEDIATE")
        app_id, version, tables = _header(db)  # another msback may have just done it
        if app_id != APPLICATION_ID and not _new_file(app_id, version, tables):
            db.execute("ROLLBACK")
            raise _not_ours(path, "it belongs to another program")
        notes = [_migrate(db, step) for step in MIGRATIONS[version:]]
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise _error(path, exc) from None
    for note in notes:
        if note and tables and tell is not None:  # a new diary has nothing to be told
            tell(note)


def _migrate(db: sqlite3.Connection, step: str | Callable[[sqlite3.Connection], str]) -> str:
    """Run one migration step in the open transaction; the line it has for the person."""
    if callable(step):
        return step(db)
    for statement in step.split(";"):
        if statement.strip():
            db.execute(statement)
    return ""


def _full(folder: Path) -> bool:
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False


def _inode(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is now (device and inode), or None if it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _new_file(app_id: int, version: int, tables: int) -> bool:
    """Whether a file that is not marked as msback's is one msback just made: no mark, no
    schema version, no tables. Anything else is another program's, and left alone."""
    return app_id == 0 and version == 0 and not tables


def _header(db: sqlite3.Connection) -> tuple[int, int, int]:
    """The application id, the schema version and how many tables, read at one moment (one
    statement), so another msback setting the file up cannot be caught half way."""
    row = db.execute(
        "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_master)"
        " FROM pragma_application_id() AS a, pragma_user_version() AS v"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _not_ours(path: Path, why: str) -> DiaryError:
    return DiaryError(
        f"{path} is not an msback diary ({why}); it was left as it was.",
        f"Move it away, or set {ENV_HOME} to another folder.",
    )


def _error(path: Path, exc: sqlite3.Error) -> DiaryError:
    """One line for a SQLite error, saying what the person can do."""
    text = str(exc).lower()
    if "full" in text or ("disk i/o" in text and _full(path.parent)):
        return DiaryError(
            f"cannot write to the diary in {path.parent}: the disk is full.",
            "Free some space, then try again. Nothing was changed.",
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return _not_ours(path, "it is not a readable SQLite database")
    if "locked" in text or "busy" in text:
        return DiaryError("the diary is busy: another msback is writing to it. Try again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DiaryError(
            f"cannot write to the diary in {path.parent}: the folder or file is read-only.",
            f"Set {ENV_HOME} to a folder you can write to.",
        )
    return DiaryError(f"the diary {path} cannot be used: {text}.")


def forget(folder: Path) -> bool:
    """Delete the diary (and its -wal and -shm files); False if there was none. A file that
    is not msback's diary is refused, not deleted.

    Under the diary's write lock, so a ``log`` or ``import`` at the same time either
    finishes first (and is deleted with the rest) or fails with one line: never "imported"
    into a diary that is gone. The rows are overwritten before the files go
    (``secure_delete``, then ``VACUUM`` and a checkpoint), so the freed disk space holds no
    notes; PRIVACY.md says what a file system may still keep.
    """
    diary = existing_diary(folder)
    if diary is None:
        return False
    path, db = diary.path, diary._db
    tables = ("entry", "entry_quarantine", "guide_result", "plan", "episode")
    try:
        db.execute("PRAGMA secure_delete = ON")
        db.execute("BEGIN EXCLUSIVE")  # waits for a writer to finish, then holds them off
        for table in tables:
            db.execute(f"DELETE FROM {table}")
        db.execute("COMMIT")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("BEGIN EXCLUSIVE")  # held while the files go: a writer then finds none
        if any(db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in tables):
            db.execute("ROLLBACK")
            raise DiaryError(
                "another msback added to the diary while it was being deleted, so it was kept.",
                "Run msback forget again.",
            )
        for suffix in ("-wal", "-shm", ""):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
    except sqlite3.Error as exc:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise _error(path, exc) from None
    finally:
        diary.close()
    return True
