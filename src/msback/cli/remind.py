"""``msback remind``: one line, "No pain entry today", when it matters. Thin: the logic is
``diary/remind.py`` (pure) and the files ``diary/reminder.py``.

A bare ``msback remind`` usually never gets here: ``msback.__main__`` answers it without
Typer (``reminder.quick``), and a test checks the two answer alike. Like that path, it
never fails: any error prints nothing, exit 0.
"""

from typing import Annotated

import typer

from msback.cli.app import PlainUsageCommand, app, env_of, guard
from msback.environment import wrap
from msback.errors import MsbackError, UsageError


@app.command(cls=PlainUsageCommand, short_help="One line when no pain was logged today.")
def remind(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="HOUR",
            help="Remind you from this hour on: 19:00, 19, 7pm or 19.30.",
        ),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Turn the reminder off.")] = False,
    setup: Annotated[
        bool,
        typer.Option("--setup", help="Show the line to add to your shell's start-up file."),
    ] = False,
) -> None:
    """Say "No pain entry today" when nothing is logged today and the hour you chose has
    come; otherwise say nothing. Made to run when a terminal opens: --setup shows the line
    for bash, zsh, fish or PowerShell (msback never edits those files itself). It only
    reads: it never makes a diary and never waits for one.

    \b
    Examples:
      msback remind --at 19:00
      msback remind --setup
      msback remind --off
    """
    from msback.diary import remind as logic
    from msback.diary import reminder

    env = env_of(ctx)
    given = [
        name for name, on in (("--at", at is not None), ("--off", off), ("--setup", setup)) if on
    ]
    if not given:
        try:
            line = reminder.answer(env.paths.data, env.clock(), env.stdout_isatty)
            if line:
                env.write(line + "\n")
        except Exception:  # from a shell's start-up file: never a traceback, never a word
            reminder.silence_stdout()
        return
    with guard(env):
        if len(given) > 1:
            raise UsageError(f"{' and '.join(given)} cannot be used together.")
        folder = env.paths.data
        if setup:
            env.write(logic.setup_text(reminder.read_hour(folder)))
            return
        from msback import safefiles

        try:
            if at is not None:
                hour = logic.parse_at(at)
                reminder.save_hour(folder, hour)
                said = logic.set_line(hour)
            else:
                said = logic.off_line(reminder.remove_hour(folder))
        except safefiles.NotPrivate as exc:  # a symlink, a file, someone else's folder
            raise MsbackError(f"{exc}, so msback keeps no reminder there.") from None
        except OSError as exc:
            raise MsbackError(
                f"cannot keep the reminder in {folder}: {safefiles.reason(exc)}."
            ) from None
        out = env.output()
        env.write("\n".join(wrap(said, out.width if env.stdout_isatty else None)) + "\n", out)
