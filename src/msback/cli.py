"""The command line: parse arguments, call the pure logic, print, and choose the exit code.

No medical logic lives here. Heavy libraries (Rich, PyYAML) are imported only by
the code paths that need them, so ``show`` and ``list`` start nearly as fast as bare Typer.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand

from msback import __version__
from msback.environment import CLEAR_SCREEN, Environment, OutputError
from msback.errors import ExitCode, MsbackError, NotFoundError, quote

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


def _env(ctx: typer.Context) -> Environment:
    """The run's Environment, made (or taken from the caller) by ``main`` below."""
    env: Environment = ctx.find_root().obj
    return env


@contextmanager
def guard(env: Environment, stopped: str = "msback: stopped.") -> Iterator[None]:
    """Turn msback errors, Ctrl-C and closed pipes into messages and exit codes."""
    try:
        yield
    except MsbackError as exc:
        env.message(f"msback: {exc.message}")
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
        raise typer.Exit(int(ExitCode.CONTENT_ERROR)) from None


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's last flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass


def _store(env: Environment) -> "Store":
    """The run's content store, opened once however many lookups a command makes."""
    from msback.content.cache import default_root
    from msback.content.store import Store, open_store

    if not isinstance(env.store, Store):
        env.store = open_store(env.content_dir, default_root())
    return env.store


def _complete_topic(incomplete: str) -> list[str]:
    """Topic ids and aliases for shell completion, read from the small cached index."""
    try:
        index = _store(Environment()).index()
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
            envvar="MSBACK_CONTENT_DIR",
            help="Read topics from this folder instead of the built-in content.",
            metavar="DIR",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A self-care guide for back pain with MS. Not for emergencies: call 999, 911 or 112."""
    if not isinstance(ctx.obj, Environment):
        ctx.obj = Environment.from_system()
    ctx.obj.content_dir = content_dir


@app.command(
    cls=PlainUsageCommand, short_help="The guided questions: safety check first, then your pain."
)
def guide(
    ctx: typer.Context,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answer from a YAML or JSON file (question id: yes, no or not-sure).",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", metavar="FILE", help="Save a Markdown summary here, without asking."
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="With --save: replace the file if it exists.")
    ] = False,
    list_questions: Annotated[
        bool, typer.Option("--list-questions", help="List every question id and stop.")
    ] = False,
    details: Annotated[
        bool,
        typer.Option("--details", help="Show every option, caution, question and source."),
    ] = False,
    save_to_diary: Annotated[
        bool,
        typer.Option(
            "--save-to-diary",
            help="Keep the result in your diary for msback report, without asking.",
        ),
    ] = False,
    plain: PlainOption = False,
    json: JsonOption = False,
) -> None:
    """Answer questions one at a time: a safety check first, then about your pain.

    Ends with how urgent things are, the relief options that fit you best, and questions for
    your doctor. At each question: y (yes), n (no), s (not sure), b (back), q (quit).

    \b
    Examples:
      msback guide
      msback guide --details
      msback guide --answers answers.yaml --json
    """
    from msback import render
    from msback.guide import engine, session

    env = _env(ctx)
    out = env.output(plain, json)
    with guard(env, stopped=session.STOPPED):
        store = _store(env)
        questionnaire, topics = store.for_guide()
        if list_questions:
            doc = render.questions_doc(questionnaire)
            listing = render.questions_json(questionnaire)
            env.write(render.to_json(listing) if json else render.render(doc, out), out)
            return
        prompter = None
        if answers_file is not None:
            answers = session.read_answers(answers_file, questionnaire)
        else:
            prompter = session.Prompter.at_terminal(env, plain, json)
            try:
                answers = session.ask_all(prompter, questionnaire)
            except session.Quit:
                env.message(session.STOPPED)
                return
        outcome = engine.evaluate(questionnaire, topics, answers)
    with guard(env, stopped=session.NOT_SAVED):
        scripted_save = save is not None and prompter is None
        if scripted_save:  # save first: the summary is kept even if the output then fails
            session.offer_summary(env, None, questionnaire, answers, outcome, save, overwrite)
        if json:
            env.write(render.to_json(outcome.to_json()), out)
        else:
            fresh_screen = prompter is not None and out.style == "rich" and env.stdout_isatty
            text = render.render(render.outcome_doc(outcome, details), out)
            env.write((CLEAR_SCREEN if fresh_screen else "") + text, out)
        if prompter is not None and not prompter.is_stdout:
            # The result went to a file or a pipe: the person still sees how urgent it is.
            prompter.show(render.screen_urgency_doc(outcome), clear=True)
        if not scripted_save and (save is not None or (prompter is not None and not json)):
            try:
                session.offer_summary(
                    env, prompter, questionnaire, answers, outcome, save, overwrite=overwrite
                )
            except session.SaveStopped as stop:
                env.message("\n" + session.NOT_SAVED if stop.interrupted else session.NOT_SAVED)
                code = ExitCode.INTERRUPTED if stop.interrupted else ExitCode.OK
                raise typer.Exit(int(code)) from None
        if save_to_diary or (prompter is not None and not json and outcome.urgency != "emergency"):
            from msback.diary.commands import keep_guide_result

            keep_guide_result(env, None if save_to_diary else prompter, outcome, answers)


@app.command(
    cls=PlainUsageCommand, short_help="One topic: what helps, cautions, doctor questions, sources."
)
def show(
    ctx: typer.Context,
    topic: Annotated[
        list[str],
        typer.Argument(
            help="A topic id or everyday words, e.g. water-therapy, pool, MS hug.",
            autocompletion=_complete_topic,
            show_default=False,
            metavar="TOPIC...",
        ),
    ],
    plain: PlainOption = False,
    json: JsonOption = False,
) -> None:
    """Show one topic: summary, what helps, cautions, questions for your doctor, sources.

    \b
    Examples:
      msback show water-therapy
      msback show pool
      msback show back pain --plain
    """
    from msback import render

    env = _env(ctx)
    name = " ".join(topic)  # several words are one name: msback show back pain
    with guard(env):
        store = _store(env)
        found = store.resolve(name)
        if found is None:
            raise _not_found(store, name)
        page = store.topic(found.topic_id)
        out = env.output(plain, json)
        if found.alias and not json:
            env.message(f"'{found.alias}' is covered by the topic '{page.id}'.")
        if json:
            env.write(render.to_json(render.topic_json(page, found.alias)), out)
        else:
            doc = render.topic_doc(page, store.titles(page.related))
            env.write(render.render(doc, out), out)


def _not_found(store: "Store", name: str) -> NotFoundError:
    """No topic by that name: plausible typos, and the topics that mention the words."""
    from msback.content.lookup import suggest

    names = [
        f"{s.alias} ({s.topic_id})" if s.alias else s.topic_id for s in suggest(store.index(), name)
    ]
    hint = f"Did you mean: {', '.join(names)}?\n" if names else ""
    hits = store.search(name)[:3]
    if hits:
        hint += "These topics mention it:\n"
        hint += "".join(f"- {h.topic_id}: {h.title}\n" for h in hits)
        hint += f"Show one with: msback show {hits[0].topic_id}"
    else:
        hint += "Run 'msback list' to see every topic, or 'msback search WORDS' to search."
    return NotFoundError(f"no topic called {quote(name)}.", hint)


@app.command("list", cls=PlainUsageCommand, short_help="Every topic, grouped by kind.")
def list_topics(ctx: typer.Context, plain: PlainOption = False, json: JsonOption = False) -> None:
    """List every topic, grouped by kind, with a one-line summary.

    \b
    Examples:
      msback list
      msback list --json
    """
    from msback import render

    env = _env(ctx)
    with guard(env):
        index = _store(env).index()
        out = env.output(plain, json)
        text = (
            render.to_json(render.list_json(index))
            if json
            else render.render(render.list_doc(index), out)
        )
        env.write(text, out)


#: Matches ``search`` shows unless asked for all: a screen, not a scroll.
SEARCH_SHOWN = 10


@app.command(cls=PlainUsageCommand, short_help="Topics that mention the words, best match first.")
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Words to look for, e.g. heat, walking aid, what helps spasms.",
            metavar="WORDS...",
            show_default=False,
        ),
    ],
    every: Annotated[
        bool, typer.Option("--all", help=f"Every match, not only the best {SEARCH_SHOWN}.")
    ] = False,
    plain: PlainOption = False,
    json: JsonOption = False,
) -> None:
    """Find topics that mention the words, best match first, with the line that matched.

    Whole words, in any form (spasms finds spasm); words like what, can, I or helps are
    left out. Topics with more of the words come first. JSON has every match.

    \b
    Examples:
      msback search pool temperature
      msback search walking aid
      msback search pain --all
    """
    from msback import render
    from msback.content import lookup

    env = _env(ctx)
    with guard(env):
        query = " ".join(words)
        store = _store(env)
        hits = store.search(query)
        shown = hits if every or json else hits[:SEARCH_SHOWN]
        shown = [lookup.with_line(hit, store.topic(hit.topic_id)) for hit in shown]
        out = env.output(plain, json)
        if json:
            env.write(render.to_json(render.search_json(query, shown)), out)
        elif hits:
            env.write(render.render(render.search_doc(query, shown, len(hits)), out), out)
        if not hits:
            raise NotFoundError(
                f"no topic mentions {quote(query)}.",
                "Try fewer or other words, or run 'msback list'.",
            )


@app.command(cls=PlainUsageCommand, short_help="Check a content folder against the numbered rules.")
def lint(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Content folder to check (default: the content msback uses).",
            show_default=False,
            metavar="[DIR]",
        ),
    ] = None,
    list_rules: Annotated[bool, typer.Option("--rules", help="List the rules and stop.")] = False,
) -> None:
    """Check a content folder against msback's numbered rules (MSB001...).

    \b
    Examples:
      msback lint content
      msback lint --rules
    """
    from msback.content.files import locate_content_dir
    from msback.content.rules import RULES, check_all

    env = _env(ctx)
    with guard(env):
        if list_rules:
            env.write(
                "".join(
                    f"{r.code}  {'stops msback' if r.fatal else 'lint only   '}  {r.description}\n"
                    for r in RULES.values()
                )
            )
            return
        chosen = directory or env.content_dir or os.environ.get("MSBACK_CONTENT_DIR")
        if not chosen and packaged_content_checked(env):
            return
        folder = locate_content_dir(chosen)
        parsed, guide, problems = check_all(folder)
        problems.sort(key=lambda p: (p.path, p.line or 0, p.rule))
        env.write("".join(f"{p}\n" for p in problems))
        files = len({p.path for p in problems})
        if problems:
            env.message(f"{len(problems)} problem(s) in {files} file(s).")
            raise typer.Exit(int(ExitCode.CONTENT_ERROR))
        checked = f"{len(parsed)} topics" + (" and the guide" if guide else "")
        env.message(f"{checked} checked: no problems.")


def packaged_content_checked(env: Environment) -> bool:
    """In an installed msback, the built-in content was checked when it was built: say so."""
    from msback.content.compiled import PACKAGED
    from msback.content.store import PackagedStore

    if not PACKAGED.is_file():
        return False
    store = PackagedStore(PACKAGED)  # decodes and type-checks the compiled file
    _, topics = store.for_guide()
    env.message(
        f"msback's built-in content ({len(topics)} topics and the guide) was checked when this "
        "copy was built, and reads back intact. To check a content folder: msback lint DIR"
    )
    return True


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
        code = app(args=args, prog_name="msback", standalone_mode=False)
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
        return int(ExitCode.CONTENT_ERROR)
    return code if isinstance(code, int) else int(ExitCode.OK)


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
    message = " ".join(str(format_message()).split())
    sys.stderr.write(f"msback: {message}\nRun '{path} --help' for help.\n")
    return exit_code


# The diary's commands join the app last: they use the helpers above.
from msback.diary import commands as _diary_commands  # noqa: E402, F401
