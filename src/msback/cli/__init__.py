"""The command line, the top floor: every Typer command, thin.

Each command parses its arguments, calls one function below (``guide``, ``diary``,
``content``), renders the answer and picks the exit code. ``app`` holds the Typer app and
what every command shares; ``guide``, ``topics``, ``diary``, ``selfcare`` and ``remind``
add their commands to it, in the order ``msback --help`` lists them. Nothing below ``cli``
imports Typer or ``cli``.
"""

# isort: off
from msback.cli.app import app, run
from msback.cli import guide, topics, diary, selfcare, remind, help  # noqa: F401 (adds the commands, in order)
# isort: on

__all__ = ["app", "run"]
