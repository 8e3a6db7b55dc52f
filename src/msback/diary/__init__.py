"""The private pain diary: entries, their storage, what they show, and moving them in and out.

- ``entry.py``: one diary entry and the forgiving parsing of what people type (pure).
- ``database.py``: the SQLite file in the user's data folder, private and never lost.
- ``insights.py``: days, trends, "what helped" and the safety nudges (pure).
- ``chart.py``: the trend chart for the terminal (pure).
- ``transfer.py``: CSV, JSON and FHIR out, CSV in (pure apart from reading the file).
- ``commands.py``: the ``log``, ``history``, ``helped``, ``import``, ``forget`` and
  ``where`` commands (thin).
"""
