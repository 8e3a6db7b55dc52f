"""msback: a terminal self-care guide for people with MS who have back pain.

The house, top to bottom; data flows one way, down, and back up only as return values
(``lint-imports`` checks it, from the contract in ``pyproject.toml``):

1. ``cli/``: every Typer command, thin (``app``, ``guide``, ``topics``, ``diary``).
2. ``guide/`` and ``diary/``, independent of each other: the guide's engine and screens;
   the diary's store, entries, scores, insights, exporters, views and report.
3. ``content/``: the content's shape, files, rules, compiled form, store, lookup, pages,
   and what the guide's safety rules share with it (``safety.py``).
4. The ground floor, no medical logic: ``prompting`` (asking at a terminal), ``render``
   (documents drawn as plain text, Rich or JSON), ``environment`` (streams, width, clock),
   ``paths`` (where things are), ``safefiles`` (bounded reads, atomic writes, private
   folders), ``errors`` (one line and an exit code).
"""

__version__ = "0.1.0"
