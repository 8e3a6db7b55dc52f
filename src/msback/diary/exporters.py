"""The diary's export formats, a registry keyed by name (as jrnl's plugins): ``history
--format NAME`` (and ``--csv``, ``--json``, ``--fhir``) looks the format up here.

A new format is one entry: a name, one line of help, what it carries besides the entries,
and a function from the entries (the everyday names of what they tried, the rows msback
could not read, which CSV and JSON carry as they were stored, and the episodes and plan)
to the text, in pieces. Exports stream: each format writes an entry at a time, so a diary
of any size needs no more memory than a small one. Pure: the CLI writes the pieces.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from msback.diary import transfer
from msback.diary.entry import Entry
from msback.diary.transfer import Records

Write = Callable[
    [Iterable[Entry], Mapping[str, str], Sequence[Sequence[Any]], Records], Iterator[str]
]


class Exporter(NamedTuple):
    """One export format."""

    name: str
    help: str
    write: Write
    needs_titles: bool = False  # whether ``write`` uses the names of what was tried
    carries: tuple[str, ...] = ()  # of ``Records``' fields: "episodes", "plan"

    def leaves_out(self, records: Records) -> list[str]:
        """What the diary holds beside its entries that this format does not carry."""
        named = {"episodes": "your episodes", "plan": "your flare plan"}
        return [named[k] for k in Records._fields if getattr(records, k) and k not in self.carries]


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter(
            "csv",
            "CSV, entries only, which msback import reads",
            lambda es, _, aside, __: transfer.csv_chunks(es, aside),
        ),
        Exporter(
            "json",
            "JSON, every field, with your episodes and flare plan (not kept guide results)",
            lambda es, _, aside, records: transfer.json_chunks(es, aside, records),
            carries=("episodes", "plan"),
        ),
        Exporter(
            "fhir",
            "a FHIR R4 Bundle for clinical systems, with your episodes (rows msback could not"
            " read, and your flare plan, are left out)",
            lambda es, titles, _, records: transfer.fhir_chunks(es, titles, records.episodes),
            needs_titles=True,
            carries=("episodes",),
        ),
    )
}
