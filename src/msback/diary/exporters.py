"""The diary's export formats, a registry keyed by name (as jrnl's plugins): ``history
--format NAME`` (and ``--csv``, ``--json``, ``--fhir``) looks the format up here.

A new format is one entry: a name, one line of help, and a function from the entries (and
the everyday names of what they tried, and the rows msback could not read, which CSV and
JSON carry as they were stored) to the text, in pieces. Exports stream: each format
writes an entry at a time, so a diary of any size needs no more memory than a small one.
Pure: the CLI writes the pieces.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from msback.diary import transfer
from msback.diary.entry import Entry


class Exporter(NamedTuple):
    """One export format."""

    name: str
    help: str
    write: Callable[[Iterable[Entry], Mapping[str, str], Sequence[Sequence[Any]]], Iterator[str]]
    needs_titles: bool = False  # whether ``write`` uses the names of what was tried


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter(
            "csv",
            "CSV, which msback import reads",
            lambda es, _, aside: transfer.csv_chunks(es, aside),
        ),
        Exporter("json", "JSON, every field", lambda es, _, aside: transfer.json_chunks(es, aside)),
        Exporter(
            "fhir",
            "a FHIR R4 Bundle for clinical systems (rows msback could not read are left out)",
            lambda es, titles, _: transfer.fhir_chunks(es, titles),
            needs_titles=True,
        ),
    )
}
