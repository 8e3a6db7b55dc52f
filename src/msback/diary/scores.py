"""The diary's scores beside pain, defined once: every 0-10 score an entry can carry.

The database's columns, ``msback log``'s options, the CSV and JSON columns, the FHIR notes
and the history lines all loop over ``SCORES``. A new score (say, sleep) is one line here
plus one migration that adds its column (``database.MIGRATIONS``); nothing else changes.
Pure, and cheap to import: ``msback log`` reads it at every start.
"""

from typing import NamedTuple


class Score(NamedTuple):
    """One 0-10 score: how it is stored, asked for and shown."""

    name: str  # the database column, the CSV and JSON key, and the ``log --NAME`` option
    label: str  # in a sentence: "stiffness 4"
    help: str  # the ``log`` option's help
    fhir: str  # the FHIR note: "Stiffness (spasticity) 4 out of 10."


SCORES: tuple[Score, ...] = (
    Score("spasticity", "stiffness", "Stiffness, 0 to 10.", "Stiffness (spasticity)"),
    Score("fatigue", "tiredness", "Tiredness, 0 to 10.", "Tiredness (fatigue)"),
)
NAMES: tuple[str, ...] = tuple(score.name for score in SCORES)
