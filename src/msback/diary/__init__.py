"""The private pain diary: entries, their storage, what they show, and moving them in and out.

Independent of the guide, below the command layer: no Typer, no printing.

- ``entry.py``: one diary entry and the forgiving parsing of what people type (pure).
- ``scores.py``: the 0-10 scores beside pain, defined once (a new score is one line here
  and one migration).
- ``database.py``: the SQLite file in the diary folder, private, migrated step by step.
- ``insights.py``: days, trends, "what helped" and the safety nudges (pure).
- ``chart.py`` and ``svg.py``: the trend chart for the terminal and for the report (pure).
- ``view.py``: an entry in one line, the history and "what helped" as documents (pure).
- ``transfer.py``: CSV, JSON and FHIR out, CSV in (pure apart from reading the file).
- ``exporters.py``: the export formats, a registry keyed by name.
- ``report.py`` and ``templates/report.html``: the clinic report.
"""
