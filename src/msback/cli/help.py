"""``msback help [COMMAND]``: the help people look for by name (clig.dev), the same text
as ``--help``. Imported last, so it comes last in the list of commands.
"""

from typing import Annotated

import typer

from msback.cli.app import PlainUsageCommand, app, env_of, guard
from msback.errors import UsageError, quote


@app.command("help", cls=PlainUsageCommand, short_help="Help for msback, or for one command.")
def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(metavar="COMMAND", show_default=False, help="A command, e.g. log."),
    ] = None,
) -> None:
    """Show msback's help, or one command's (the same as msback COMMAND --help).

    \b
    Examples:
      msback help
      msback help log
    """
    env = env_of(ctx)
    root = ctx.find_root()
    group = root.command
    with guard(env):
        if command is None:
            env.write(root.get_help() + "\n")
            return
        get = getattr(group, "get_command", None)
        found = get(root, command) if get is not None else None
        if found is None:
            names = ", ".join(getattr(group, "commands", {}))
            raise UsageError(f"no command called {quote(command)}.", f"Commands: {names}.")
        with type(ctx)(found, info_name=command, parent=root) as sub:
            env.write(found.get_help(sub) + "\n")
