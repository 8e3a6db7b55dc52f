"""The Typer app and what every command shares: options, the run's Environment and content
store, and ``guard``, which turns msback errors, Ctrl-C and closed pipes into one line and an
exit code. ``run`` is the entry point.

Typer is imported here and in the other ``cli`` modules only. Heavy libraries (Rich, PyYAML,
the diary's SQLite) are imported inside the commands that need them, so ``show`` and ``list``
start nearly as fast as bare Typer.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand

from msback import __version__
from msback.environment import Environment, OutputError, wrap
from msback.errors import ExitCode, MsbackError, quote

if TYPE_CHECKING:
    from msback.content.store import Store


class PlainUsageCommand(TyperCommand):
    """Usage lines as people read them: ``msback show TOPIC``, not ``{TOPIC}``."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


app = typer.Typer(
    name="msback",
    help="A self-care guide for back pain with multiple sclerosis (MS). "
    "It does not diagnose and it is not for emergencies.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # plain help and errors: no boxes, readable by screen readers
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PlainOption = Annotated[
    bool, typer.Option("--plain", help="Plain text: no colour or boxes, one item per line.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON with stable keys.")]
DaysOption = Annotated[
    int,
    typer.Option("--days", min=1, max=36500, metavar="N", help="How many days back to look."),
]


def env_of(ctx: typer.Context) -> Environment:
    """The run's Environment, made (or taken from the caller) by ``main`` below."""
    env: Environment = ctx.find_root().obj
    return env


@contextmanager
def guard(env: Environment, stopped: str = "msback: stopped.") -> Iterator[None]:
    """Turn msback errors, Ctrl-C and closed pipes into messages and exit codes."""
    try:
        yield
    except MsbackError as exc:
        env.message(f"msback: {exc.message}", persons_words=True)  # it may quote their words
        if exc.hint:
            env.message(exc.hint)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        env.message("\n" + stopped)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except BrokenPipeError:
        # The reader went away (e.g. `msback list | head -1`): stop quietly.
        _silence_stdout()
        raise typer.Exit(int(ExitCode.OK)) from None
    except OutputError as exc:  # stdout closed, or the disk is full
        _silence_stdout()
        env.message(str(exc))
        raise typer.Exit(int(ExitCode.ERROR)) from None


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's last flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass


def store_of(env: Environment) -> "Store":
    """The run's content store, opened once however many lookups a command makes."""
    from msback.content.store import Store, open_store

    if not isinstance(env.store, Store):
        env.store = open_store(env.paths.content, env.paths.cache)
    return env.store


def complete_topic(incomplete: str) -> list[str]:
    """Topic ids and aliases for shell completion, read from the small cached index."""
    try:
        index = store_of(Environment()).index()
    except Exception:  # completion must never print a traceback into the shell
        return []
    prefix = incomplete.lower()
    return sorted(n for n in (*index.entries, *index.aliases) if n.startswith(prefix))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"msback {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    content_dir: Annotated[
        str | None,
        typer.Option(
            "--content-dir",
            help="Read topics from this folder instead of the built-in content "
            "(or set MSBACK_CONTENT_DIR).",
            metavar="DIR",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="The screen-reader view for the command that follows (or set MSBACK_PLAIN=1).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A self-care guide for back pain with MS. Not for emergencies: call 999, 911 or 112."""
    if not isinstance(ctx.obj, Environment):
        ctx.obj = Environment.from_system()
    ctx.obj.content_dir = content_dir
    ctx.obj.spoken = ctx.obj.spoken or plain  # "msback --plain show pool", as after the command


def run(args: list[str] | None = None) -> int:
    """Run the app and return its exit code; nothing the user does ends in a traceback.

    Click's own usage errors (an unknown command, a missing argument) become one line and a
    hint, like msback's other errors, instead of a usage block.
    """
    import signal

    try:
        # From here Ctrl-C is a KeyboardInterrupt again (see scripts/msback: while msback was
        # still starting, it simply stopped), so the guide can say what was and was not saved.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        code = app(
            args=args, prog_name="msback", standalone_mode=False, terminal_width=_help_width()
        )
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("\nmsback: stopped.\n")
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:
        usage = _usage_error(exc)
        if usage is not None:
            return usage
        if type(exc).__name__ == "Abort":  # Click's Ctrl-C or end of input at its own prompts
            sys.stderr.write("\nmsback: stopped.\n")
            return int(ExitCode.INTERRUPTED)
        if os.environ.get("MSBACK_DEBUG"):  # a bug: one line; the traceback for developers
            raise
        sys.stderr.write(
            f"msback: unexpected error: {type(exc).__name__}: {quote(str(exc), 200)}. "
            "Please report this; set MSBACK_DEBUG=1 to see details.\n"
        )
        return int(ExitCode.ERROR)
    return code if isinstance(code, int) else int(ExitCode.OK)


def _help_width() -> int:
    """The width ``--help`` is laid out at: the screen's (Click would take at least 50, so
    at 40 columns every line would break), 80 when not on a screen."""
    import shutil

    try:
        if not sys.stdout.isatty():
            return 80
    except (AttributeError, ValueError):  # stdout closed (msback list >&-)
        return 80
    return max(20, min(shutil.get_terminal_size((80, 24)).columns, 100) - 1)


def _usage_error(exc: Exception) -> int | None:
    """Show a Click usage error as one line and a hint; None if ``exc`` is not one."""
    format_message = getattr(exc, "format_message", None)
    exit_code = getattr(exc, "exit_code", None)
    if format_message is None or not isinstance(exit_code, int):
        return None
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "msback"
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stdout.write(ctx.get_help() + "\n")  # plain `msback`: the help, as asked for
        return int(ExitCode.OK)
    message, hint = _clearer(exc, path)
    message = message or " ".join(str(format_message()).split())
    hint = hint or f"Run '{path} --help' for help."
    import shutil

    width = shutil.get_terminal_size((80, 24)).columns - 1 if _isatty(sys.stderr) else None
    lines = [shown for line in (f"msback: {message}", hint) for shown in wrap(line, width)]
    sys.stderr.write("\n".join(lines) + "\n")
    return exit_code


def _isatty(stream: object) -> bool:
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except ValueError:  # closed
        return False


def _clearer(exc: Exception, path: str) -> tuple[str, str]:
    """Plainer words than Click's for the mistakes people make most; ("", "") for others."""
    kind = type(exc).__name__
    param = getattr(getattr(exc, "param", None), "name", None)
    option = str(getattr(exc, "option_name", ""))
    if kind == "NoSuchOption" and option[1:2].isdigit() and path.endswith(" log"):
        from msback.diary.entry import SCALE  # "log -3": a score, not an option

        return (
            f"pain must be a whole number from 0 to 10, not {option!r}.",
            f"On the scale, {SCALE}",
        )
    if kind == "BadParameter" and param == "days":
        value = getattr(exc, "message", "").split(" is not", maxsplit=1)[0].strip("'\"")
        return f"--days must be 1 to 36500 days, not {value!r}.", "For a month: --days 30"
    if kind == "MissingParameter" and param == "topic":
        return (
            f"give a topic to show, e.g. {path} water-therapy.",
            "See every topic with: msback list",
        )
    return "", ""
