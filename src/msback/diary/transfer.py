"""Moving the diary in and out: CSV (entries only) and JSON (a backup of the entries,
episodes and the flare plan) both ways, FHIR R4 out (entries and episodes). Pure, except
that ``read_file`` and ``read_csv`` read their file.

CSV columns (a header row names them; any order; case does not matter):
``date`` (YYYY-MM-DD, or "YYYY-MM-DD HH:MM"), ``time`` (HH:MM, optional: midday if left
out), ``utc_offset`` (where it was logged, "+01:00"; optional: this computer's time zone on
that date if left out), ``pain`` (0-10), and optional ``where``, ``tried`` (what was tried,
in the person's words, separated by ";"), ``tried_topics`` (the topics each of those counts
for, in the same order: ids separated by spaces, the items by ";"; left out, they are looked
up as ``log --tried`` does), ``spasticity`` and ``fatigue`` (0-10) and ``note``. msback's own
``--csv`` export reads back exactly, in any time zone.

Safe to open in a spreadsheet (OWASP's CSV injection advice): a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab, a carriage return or ``'`` is written with one leading
``'``, so a spreadsheet shows it as text instead of running it as a formula. Such a file is
marked by its ``format`` column (``msback-2``), and import removes exactly one ``'`` from a
text cell only in marked files: an older export's note that starts with ``'`` keeps it.
The export starts with a UTF-8 byte-order mark, which spreadsheets need to show accented
letters; msback's import (and most CSV readers) accept a file with or without one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from msback.diary.entry import (
    STORED,
    Entry,
    Tried,
    offset_text,
    parse_note,
    parse_offset,
    parse_place,
    parse_score,
    parse_when,
    parse_when_at,
    scores_of,
    split_tried,
)
from msback.diary.episodes import CALLED, TRIGGERS, Episode, PlanPart, clean_text
from msback.diary.scores import NAMES, SCORES
from msback.diary.view import tried_phrase
from msback.errors import MsbackError, NotFoundError, UsageError, quote

#: The columns msback writes, in order; ``format`` marks msback's own escaped export.
COLUMNS = (
    "date", "time", "utc_offset", "pain", "where", "tried", "tried_topics", *NAMES, "note",
    "format",
)  # fmt: skip
#: A stored column's name in the exports, where it differs (``entry.STORED``).
EXPORTED = {"place": "where"}
FORMAT = "msback-2"
#: The format cell of a row msback could not read, carried by an export as it was stored.
UNREADABLE = "msback-2-unreadable"
BOM = "\ufeff"
#: A text cell starting with one of these is written with a leading ' (CSV injection).
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "'")
FHIR_TEXT = {score.name: score.fhir for score in SCORES}
#: A diary of decades is a few MB; anything much bigger is not a diary.
MAX_CSV_BYTES = 50_000_000
#: Shown at most, of the bad rows of a file (all are counted).
SHOWN_BAD_ROWS = 10

#: The person the observations are about: a Patient with no identifiers, the same in
#: every export (msback knows nothing about who the person is).
PATIENT = "6f0a3d5e-8e2b-5c1e-9b7a-2d4c8e1f0a35"
LOINC_PAIN = "72514-3"
LOINC_PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
#: An episode's Observation code, in words (``_episode_observation``: no coded concept).
EPISODE_TEXT = "Episode the person recorded"
#: SNOMED CT body structures for the places that have a code of their own.
BODY_SITES: dict[str, tuple[str, str]] = {
    "lower back": ("37822005", "Lower back structure"),
    "neck": ("45048000", "Neck structure"),
    "one leg": ("61685007", "Lower limb structure"),
    "both legs": ("61685007", "Lower limb structure"),
}


class BadImport(MsbackError):
    """A file that cannot be imported; nothing was imported."""


def to_csv(entries: Iterable[Entry]) -> str:
    """The entries as CSV, safe to open in a spreadsheet (see the module's docstring)."""
    return "".join(csv_chunks(entries))


def csv_chunks(entries: Iterable[Entry], aside: Sequence[Sequence[Any]] = ()) -> Iterator[str]:
    """The CSV export piece by piece (the header, then a row at a time). Rows msback could
    not read (``aside``, in ``entry.STORED`` order) follow, their cells as they were stored
    (the time in the date column), marked ``UNREADABLE`` in the format column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    yield BOM + out.getvalue()
    for e in entries:
        out.seek(0)
        out.truncate()
        scores = [_blank(e.score(name)) for name in NAMES]
        topics = _text_cell(";".join(" ".join(item.topics) for item in e.tried))
        texts = [_text_cell(e.where), _text_cell(";".join(t.label for t in e.tried)), topics]
        when = [e.day, e.at[11:], offset_text(e.stored().offset or 0)]
        writer.writerow([*when, e.pain, *texts, *scores, _text_cell(e.note), FORMAT])
        yield out.getvalue()
    for row in aside:
        out.seek(0)
        out.truncate()
        cells = {EXPORTED.get(name, name): _raw(v) for name, v in zip(STORED, row, strict=True)}
        cells |= {"date": cells.pop("at"), "format": UNREADABLE}
        writer.writerow([cells.get(name, "") for name in COLUMNS])
        yield out.getvalue()


def _stored(cell: str) -> str | int | float | None:
    """A cell of an unreadable row as the diary most likely held it (a CSV cell has no
    type): empty as nothing, a whole number as a number, a decimal as a decimal."""
    if cell == "":
        return None
    for kind in (int, float):
        try:
            value = kind(cell)
        except ValueError:
            continue
        if str(value) == cell:
            return value
    return cell


def _raw(value: Any) -> str:
    """A stored value as a CSV cell, as it was (None as an empty cell)."""
    return "" if value is None else str(value)


def _text_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula: a risky start gets one '."""
    return "'" + text if text.startswith(RISKY_START) else text


def _unescaped(text: str) -> str:
    """A text cell of msback's marked export as the person wrote it: one ' less."""
    return text[1:] if text.startswith("'") else text


class Records(NamedTuple):
    """What a diary keeps beside its entries: the episodes and the flare plan."""

    episodes: Sequence[Episode] = ()
    plan: Sequence[PlanPart] = ()


#: Nothing beside the entries (an older export, or a CSV file).
NO_RECORDS = Records()


def to_json(entries: Iterable[Entry], records: Records = NO_RECORDS) -> dict[str, Any]:
    """The JSON export as one value (``json_chunks`` writes the same a piece at a time)."""
    return {
        "entries": [_json_entry(e) for e in entries],
        "episodes": [_json_episode(e) for e in records.episodes],
        "plan": [_json_part(p) for p in records.plan],
    }


def _json_episode(e: Episode) -> dict[str, Any]:
    """An episode as the JSON export holds it: dates "YYYY-MM-DD" ("" when not ended or
    not told), steroids true, false or null (not said)."""
    return {"called": e.called, "started": e.started, "ended": e.ended, "what": e.what,
            "words": list(e.words), "trigger": e.trigger, "told": e.told,
            "steroids": e.steroids}  # fmt: skip


def _json_part(p: PlanPart) -> dict[str, Any]:
    return {"part": p.part, "label": p.label, "text": p.text}


def _json_entry(e: Entry) -> dict[str, Any]:
    return {"at": e.at, "utc_offset": offset_text(e.stored().offset or 0), "pain": e.pain,
            "where": e.where,
            "tried": [{"label": t.label, "topics": list(t.topics)} for t in e.tried],
            **{name: e.score(name) for name in NAMES},
            "note": e.note}  # fmt: skip


def json_chunks(
    entries: Iterable[Entry], aside: Sequence[Sequence[Any]] = (), records: Records = NO_RECORDS
) -> Iterator[str]:
    """The JSON export piece by piece: ``{"entries": [...], "episodes": [...], "plan":
    [...]}``, the entries written one at a time; rows msback could not read follow them as
    stored, with ``"unreadable": true``. The episodes and plan are few: written whole."""
    from msback.render import to_json as encode

    columns = [EXPORTED.get(name, name) for name in STORED]
    unread = ({"unreadable": True, **dict(zip(columns, row, strict=True))} for row in aside)
    items = itertools.chain(map(_json_entry, entries), unread)
    rest = encode({k: v for k, v in to_json((), records).items() if k != "entries"})
    tail = "],\n" + rest.removeprefix("{\n")  # the rest of the object, as one encoding
    yield from _array_chunks('{\n  "entries": [', items, tail)


def _array_chunks(
    head: str, items: Iterable[Any], tail: str, indent: str = "    "
) -> Iterator[str]:
    """A JSON document whose one array is written an item at a time, as ``to_json`` (render)
    would write the whole: ASCII-only, indented by two spaces a level."""
    from msback.render import to_json as encode

    yield head
    first = True
    for item in items:
        text = encode(item).rstrip("\n").replace("\n", "\n" + indent)
        yield ("\n" if first else ",\n") + indent + text
        first = False
    yield ("\n  " if not first else "") + tail


def to_fhir(
    entries: Iterable[Entry], titles: Mapping[str, str], episodes: Sequence[Episode] = ()
) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection) with one pain Observation per entry (LOINC 72514-3),
    after the HL7 Symptoms IG where it fits: body site, and notes (what was tried too);
    then one Observation per episode (``_episode_observation``)."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": list(_fhir_items(entries, titles, episodes)),
    }


def fhir_chunks(
    entries: Iterable[Entry], titles: Mapping[str, str], episodes: Sequence[Episode] = ()
) -> Iterator[str]:
    """The FHIR Bundle piece by piece, an Observation at a time (see ``to_fhir``)."""
    head = '{\n  "resourceType": "Bundle",\n  "type": "collection",\n  "entry": ['
    return _array_chunks(head, _fhir_items(entries, titles, episodes), "]\n}\n")


def _fhir_items(
    entries: Iterable[Entry], titles: Mapping[str, str], episodes: Sequence[Episode]
) -> Iterator[dict[str, Any]]:
    yield from (_observation(e, titles) for e in entries)
    yield from map(_episode_observation, episodes)
    yield _patient()


def _episode_observation(e: Episode) -> dict[str, Any]:
    """An episode as an Observation the person reports, text only: its code is what they
    (or their team) call it, in words, with no coded concept, because msback never labels
    an episode and no code for a pain flare or an MS relapse was checked (a Condition would
    state a diagnosis). Its period runs from the start to the end (open while it goes on,
    and then ``preliminary``); what is new or worse, the trigger, who was told and
    steroids are notes."""
    key = _uuid(repr(("episode", e.called, e.started)))  # the same once it ends
    period = {"start": e.started, **({"end": e.ended} if e.ended else {})}
    notes = [f"What is new or worse: {e.what}"] if e.what else []
    if e.words:
        notes.append("In common words: " + ", ".join(e.words) + ".")
    if e.trigger:
        notes.append(f"Possible trigger: {e.trigger}.")
    notes.append(f"MS team told on {e.told}." if e.told else "MS team not told (or not said).")
    if e.steroids is not None:
        notes.append("Steroids given." if e.steroids else "No steroids.")
    observation = {
        "resourceType": "Observation",
        "id": key,
        "subject": {"reference": f"urn:uuid:{PATIENT}"},
        "status": "final" if e.ended else "preliminary",
        "code": {"text": f"{EPISODE_TEXT}: {e.called}"},
        "effectivePeriod": period,
        "note": [{"text": text} for text in notes],
    }
    return {"fullUrl": f"urn:uuid:{key}", "resource": observation}


def _patient() -> dict[str, Any]:
    """The person the observations are about, with no identifiers."""
    return {
        "fullUrl": f"urn:uuid:{PATIENT}",
        "resource": {"resourceType": "Patient", "id": PATIENT},
    }


def _observation(e: Entry, titles: Mapping[str, str]) -> dict[str, Any]:
    """One entry as a bundle entry holding its pain Observation."""
    uuid_of_entry = _uuid(_entry_key(e))
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": uuid_of_entry,
        "subject": {"reference": f"urn:uuid:{PATIENT}"},
        "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey", "display": "Survey"}]}],
        "code": {
            "coding": [{"system": "http://loinc.org", "code": LOINC_PAIN,
                        "display": LOINC_PAIN_DISPLAY}],
            "text": "Pain score, 0-10",
        },
        "effectiveDateTime": _fhir_time(e),
        "valueInteger": e.pain,
    }  # fmt: skip
    if e.where:
        site: dict[str, Any] = {"text": e.where}
        if e.where in BODY_SITES:
            code, display = BODY_SITES[e.where]
            site["coding"] = [{"system": "http://snomed.info/sct", "code": code,
                               "display": display}]  # fmt: skip
        observation["bodySite"] = site
    notes = [e.note] if e.note else []
    if e.tried:
        notes.append("Tried: " + "; ".join(tried_phrase(t, titles) for t in e.tried) + ".")
    notes += [f"{FHIR_TEXT[name]} {value} out of 10." for name, value in e.scores]
    if notes:
        observation["note"] = [{"text": text} for text in notes]
    return {"fullUrl": f"urn:uuid:{uuid_of_entry}", "resource": observation}


class Imported(NamedTuple):
    """What a file holds: entries, and rows an export carried as unreadable (kept as
    they are, in ``entry.STORED`` order); from JSON, also episodes and the plan."""

    entries: list[Entry]
    aside: list[tuple[Any, ...]]
    twice: int = 0  # entries at a time the clocks showed twice, taken as the first
    records: Records = NO_RECORDS


def read_file(
    path: Path,
    resolve: Callable[[str], tuple[str, ...]],
    now: dt.datetime,
    treatments: Collection[str] | None = None,
) -> Imported:
    """A CSV file (``read_csv``) or msback's JSON export (``read_json``), told apart by
    their first character (JSON's is "{")."""
    text = _file_text(path)
    if text.lstrip()[:1] == "{":
        return read_json(text, path, resolve, now, treatments)
    return read_csv(path, resolve, now, treatments, text)


def _file_text(path: Path) -> str:
    from msback.safefiles import NotReadable, read_small_text

    try:
        return read_small_text(path, MAX_CSV_BYTES).removeprefix(BOM)
    except FileNotFoundError:
        raise NotFoundError(f"no file {quote(str(path), 300)}.") from None
    except NotReadable as exc:
        raise BadImport(f"cannot read {quote(str(path), 300)}: {exc}.") from None


def read_json(
    text: str,
    path: Path,
    resolve: Callable[[str], tuple[str, ...]],
    now: dt.datetime,
    treatments: Collection[str] | None = None,
) -> Imported:
    """Everything in msback's JSON export (``history --json``): entries, rows kept as
    unreadable, episodes and the plan; an older export without episodes or a plan is fine.
    All or nothing: ``BadImport`` names each bad item (its list and place) and why."""
    import msgspec

    name = quote(str(path), 300)
    try:
        data = msgspec.json.decode(text)
    except msgspec.DecodeError as exc:
        raise BadImport(
            f"{name} is not JSON msback can read ({exc}). Nothing was imported."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BadImport(f"{name} is not msback's JSON export. Nothing was imported.")
    entries: list[Entry] = []
    aside: list[tuple[Any, ...]] = []
    episodes: list[Episode] = []
    plan: list[PlanPart] = []
    bad: list[str] = []
    twice = 0
    columns = [EXPORTED.get(n, n) for n in STORED]
    for key, read in (("entries", None), ("episodes", _episode_of), ("plan", _part_of)):
        items = data.get(key, [])
        if not isinstance(items, list):
            bad.append(f"{key}: not a list")
            continue
        for place, item in enumerate(items, 1):
            try:
                if not isinstance(item, dict):
                    raise UsageError("not an object")
                if read is _episode_of:
                    episodes.append(_episode_of(item))
                elif read is _part_of:
                    plan.append(_part_of(item))
                elif item.get("unreadable") is True:  # carried as it was stored
                    aside.append(tuple(item.get(c) for c in columns))
                else:
                    entry, notice = _entry(_cells(item), resolve, now, treatments)
                    entries.append(entry)
                    twice += bool(notice)
            except (MsbackError, TypeError, ValueError) as exc:
                why = exc.message if isinstance(exc, MsbackError) else str(exc)
                bad.append(f"{key} item {place}: {why.rstrip('.')}")
    if bad:
        raise BadImport(f"{name} has {len(bad)} bad item(s), so nothing was imported.", _shown(bad))
    return Imported(entries, aside, twice, Records(episodes, plan))


def _shown(bad: Sequence[str]) -> str:
    """The first ``SHOWN_BAD_ROWS`` problems, then how many more."""
    more = len(bad) - SHOWN_BAD_ROWS
    return "\n".join([*bad[:SHOWN_BAD_ROWS], *([f"... and {more} more"] if more > 0 else [])])


def _cells(item: dict[str, Any]) -> dict[str, str]:
    """A JSON entry as the cells of a CSV row, so both are read by one ``_entry``."""
    at = _text(item, "at")
    tried = item.get("tried", [])
    if not isinstance(tried, list) or not all(isinstance(t, dict) for t in tried):
        raise UsageError("tried must be a list of objects with a label and topics")
    cells = {
        "date": at, "utc_offset": _text(item, "utc_offset"), "pain": str(item.get("pain", "")),
        "where": _text(item, "where"), "note": _text(item, "note"),
        "tried": ";".join(str(t.get("label", "")) for t in tried),
        "tried_topics": ";".join(" ".join(map(str, t.get("topics", []))) for t in tried),
        **{n: "" if item.get(n) is None else str(item[n]) for n in NAMES},
    }  # fmt: skip
    if not any(t.get("topics") for t in tried):
        del cells["tried_topics"]  # none given: looked up, as a CSV without the column
    return cells


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise UsageError(f"{key} must be text")
    return value


def _day(item: dict[str, Any], key: str, needed: bool = False) -> str:
    value = _text(item, key)
    if (value or needed) and (value != dt.date.fromisoformat(value).isoformat() or value < "1900"):
        raise UsageError(f"{key} must be a date YYYY-MM-DD, not {quote(value)}")
    return value


def _episode_of(item: dict[str, Any]) -> Episode:
    """An episode of the JSON export, checked as the diary checks it."""
    called, trigger = _text(item, "called"), _text(item, "trigger")
    if called not in CALLED:
        raise UsageError(f"called must be one of {', '.join(CALLED)}")
    if trigger and trigger not in TRIGGERS:
        raise UsageError(f"trigger must be one of {', '.join(TRIGGERS)}, or empty")
    started, ended = _day(item, "started", needed=True), _day(item, "ended")
    if ended and ended < started:
        raise UsageError("it ended before it started")
    words = item.get("words", [])
    steroids = item.get("steroids")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise UsageError("words must be a list of text")
    if steroids not in (True, False, None):
        raise UsageError("steroids must be true, false or null")
    kept = tuple(w for w in (" ".join(clean_text(w).split()) for w in words) if w)
    return Episode(called, started, ended, clean_text(_text(item, "what")), kept, trigger,
                   _day(item, "told"), steroids)  # fmt: skip


def _part_of(item: dict[str, Any]) -> PlanPart:
    """A part of the flare plan from the JSON export: its prompt's id, label and text."""
    part, label = _text(item, "part").strip(), " ".join(_text(item, "label").split())
    if not part:
        raise UsageError("part must name the plan prompt it answers")
    return PlanPart(part, label, clean_text(_text(item, "text")))


def read_csv(
    path: Path,
    resolve: Callable[[str], tuple[str, ...]],
    now: dt.datetime,
    treatments: Collection[str] | None = None,
    text: str | None = None,
) -> Imported:
    """Every entry of a CSV file, or ``BadImport`` naming the bad rows (line and reason):
    all or nothing. ``resolve`` gives the treatment topics a word for something tried counts
    for, or () (then the words are kept as written: see ``entry.Tried``); ``treatments``,
    the topic ids a ``tried_topics`` cell may name (None: any). Rows
    that msback's own export marked unreadable are taken as they are. ``text``: the file's
    text, if already read."""
    if text is None:
        text = _file_text(path)
    if not text.strip():
        raise BadImport(
            f"{quote(str(path), 300)} is empty, so nothing was imported.",
            "Export a diary with: msback history --csv > my-diary.csv",
        )
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(rows, [])]
    except csv.Error as exc:
        raise _unreadable(path, rows.line_num, exc) from None
    doubled = sorted({h for h in header if header.count(h) > 1})
    if doubled:
        raise BadImport(
            f"{quote(str(path), 300)} has the column {', '.join(doubled)} twice, so msback cannot"
            " tell which to use. Nothing was imported."
        )
    missing = [c for c in ("date", "pain") if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if not set(header) & set(COLUMNS):  # another kind of file: do not quote its first line
        raise BadImport(
            f"{quote(str(path), 300)} is not a diary CSV: its first row names none of the"
            " columns msback uses. Nothing was imported.",
            "Columns: " + ", ".join(COLUMNS) + ".",
        )
    if missing or unknown:
        raise BadImport(
            f"{quote(str(path), 300)} needs a header row with the columns date and pain"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + ". Nothing was imported.",
            "Columns: " + ", ".join(COLUMNS) + ".",
        )
    entries: list[Entry] = []
    aside: list[tuple[Any, ...]] = []
    bad: list[str] = []
    twice = 0
    for row in _rows(rows, path):
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(header):
                raise UsageError(f"{len(row)} values for {len(header)} columns")
            if any("\n" in cell or "\r" in cell for cell in row):
                raise UsageError("a value runs over several lines (a closing quote may be missing)")
            cells = dict(zip(header, row, strict=True))
            if cells.get("format", "").strip() == UNREADABLE:  # carried as it was stored
                cells["at"] = cells.get("date", "")
                aside.append(tuple(_stored(cells.get(EXPORTED.get(n, n), "")) for n in STORED))
                continue
            if cells.get("format", "").strip() == FORMAT:  # msback's own escaped export
                for name in ("where", "tried", "tried_topics", "note"):
                    if name in cells:
                        cells[name] = _unescaped(cells[name])
            entry, notice = _entry(cells, resolve, now, treatments)
            entries.append(entry)
            twice += bool(notice)
        except MsbackError as exc:
            bad.append(f"line {rows.line_num}: {exc.message.rstrip('.')}")
    if bad:
        raise BadImport(
            f"{quote(str(path), 300)} has {len(bad)} bad row(s), so nothing was imported.",
            _shown(bad),
        )
    return Imported(entries, aside, twice)


def _rows(rows: Any, path: Path) -> Iterator[list[str]]:
    """The CSV reader's rows; a file it cannot read (a field over its limit, a quote left
    open at the end) is ``BadImport`` with the line number, in one line."""
    while True:
        start = rows.line_num + 1  # where the next row begins: a quote left open there
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _unreadable(path, start, exc) from None
        yield row


def _unreadable(path: Path, line: int, exc: csv.Error) -> BadImport:
    why = str(exc).rstrip(".")
    if "field larger than field limit" in why:
        why = "a value is far too long to be a diary entry"
    elif "unexpected end of data" in why:
        why = "a quote is not closed"
    elif "expected after" in why:
        why = "a quote is in the wrong place (a value in quotes must end at its comma)"
    return BadImport(
        f"{quote(str(path), 300)} cannot be read as CSV at line {line}: {why}. "
        "Nothing was imported."
    )


def _tried(
    cells: dict[str, str],
    resolve: Callable[[str], tuple[str, ...]],
    treatments: Collection[str] | None,
) -> tuple[Tried, ...]:
    """What a row says was tried: its words, with the topics the file gives for each
    (``tried_topics``, as msback's export writes them: each a treatment) or else the ones
    ``resolve`` finds."""
    labels = split_tried(cells.get("tried", ""))
    cell = cells.get("tried_topics", "")
    given = [part.lower().split() for part in cell.split(";")] if cell.strip() else []
    if given and len(given) != len(labels):
        raise UsageError(
            f"tried names {_count(len(labels), 'thing')} but tried_topics"
            f" {_count(len(given), 'list')} of topics"
        )
    for topic in (t for topics in given for t in topics):
        if treatments is not None and topic not in treatments:
            raise UsageError(f"tried_topics names {quote(topic)}, which is not a treatment")
    found = given or [list(resolve(label)) for label in labels]
    items = (Tried(label, tuple(topics)) for label, topics in zip(labels, found, strict=True))
    return tuple(dict.fromkeys(items))


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _entry(
    cells: dict[str, str],
    resolve: Callable[[str], tuple[str, ...]],
    now: dt.datetime,
    treatments: Collection[str] | None = None,
) -> tuple[Entry, str]:
    """A row's entry, and the notice for a time the clocks showed twice (or "")."""
    date = cells["date"].strip()
    time = cells.get("time", "").strip()
    when = f"{date} {time}" if time else date
    offset = cells.get("utc_offset", "").strip()
    at = parse_when_at(when, parse_offset(offset), now) if offset else parse_when(when, now)
    tried = _tried(cells, resolve, treatments)
    entry = Entry(
        at.at,
        parse_score(cells["pain"]),
        parse_place(cells["where"]) if cells.get("where", "").strip() else "",
        tried,
        scores_of({name: _optional(cells.get(name, ""), name) for name in NAMES}),
        parse_note(cells.get("note", "")),
        at.offset,
    )
    return entry, at.notice


def _optional(text: str, what: str) -> int | None:
    return parse_score(text, what) if text.strip() else None


def _fhir_time(e: Entry) -> str:
    """An entry's time in FHIR's form: where it was logged, with that UTC offset as +HH:MM
    (FHIR's pattern has no seconds in an offset)."""
    return f"{e.at.replace(' ', 'T')}:00{offset_text(e.stored().offset or 0)}"


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def _uuid(name: str) -> str:
    """A stable UUID from a name: the same entry always gets the same identifier, whatever
    else the diary holds (export, forget, import, or older entries added)."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"msback:{name}"))


def _entry_key(entry: Entry) -> str:
    """Everything that makes an entry itself (the diary keeps one of each)."""
    stored = entry.stored()
    return repr((entry.at, entry.pain, entry.where, entry.tried, entry.scores, entry.note,
                 stored.offset))  # fmt: skip
