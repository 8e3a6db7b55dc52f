"""The diary's export formats, a registry keyed by name (as jrnl's plugins): ``history
--format NAME`` (and ``--csv``, ``--json``, ``--fhir``) looks the format up here.

A new format is one entry: a name, one line of help, and a function from the entries (and
the everyday names of what they tried) to the text, in pieces. Exports stream: each format
writes an entry at a time, so a diary of any size needs no more memory than a small one.
Pure: the CLI writes the pieces.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from msback.diary import transfer
from msback.diary.entry import Entry


class Exporter(NamedTuple):
    """One export format."""

    name: str
    help: str
    write: Callable[[Iterable[Entry], Mapping[str, str]], Iterator[str]]
    needs_titles: bool = False  # whether ``write`` uses the names of what was tried


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("csv", "CSV, which msback import reads", lambda es, _: transfer.csv_chunks(es)),
        Exporter("json", "JSON, every field", lambda es, _: transfer.json_chunks(es)),
        Exporter(
            "fhir",
            "a FHIR R4 Bundle for clinical systems",
            transfer.fhir_chunks,
            needs_titles=True,
        ),
    )
}
