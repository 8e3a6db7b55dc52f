"""The diary's export formats, a registry keyed by name (as jrnl's plugins): ``history
--format NAME`` (and ``--csv``, ``--json``, ``--fhir``) looks the format up here.

A new format is one entry: a name, one line of help, and a function from the entries (and
the everyday names of what they tried) to the text. Pure: the CLI writes the text.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from msback.diary import transfer
from msback.diary.entry import Entry
from msback.render import to_json


class Exporter(NamedTuple):
    """One export format."""

    name: str
    help: str
    write: Callable[[Sequence[Entry], Mapping[str, str]], str]
    needs_titles: bool = False  # whether ``write`` uses the names of what was tried


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("csv", "CSV, which msback import reads", lambda es, _: transfer.to_csv(es)),
        Exporter("json", "JSON, every field", lambda es, _: to_json(transfer.to_json(es))),
        Exporter(
            "fhir",
            "a FHIR R4 Bundle for clinical systems",
            lambda es, titles: to_json(transfer.to_fhir(es, dict(titles))),
            needs_titles=True,
        ),
    )
}
