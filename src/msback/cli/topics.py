"""The topic commands: ``show``, ``list``, ``search`` and ``lint``."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from msback.cli.app import (
    JsonOption,
    PlainOption,
    PlainUsageCommand,
    app,
    complete_topic,
    env_of,
    guard,
    store_of,
)
from msback.environment import Environment
from msback.errors import ExitCode, NotFoundError, UsageError, quote

if TYPE_CHECKING:
    from msback.content.store import Store


@app.command(
    cls=PlainUsageCommand, short_help="One topic: what helps, cautions, doctor questions, sources."
)
def show(
    ctx: typer.Context,
    topic: Annotated[
        list[str],
        typer.Argument(
            help="A topic id or everyday words, e.g. water-therapy, pool, MS hug.",
            autocompletion=complete_topic,
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
    from msback.content import pages

    env = env_of(ctx)
    name = " ".join(topic)  # several words are one name: msback show back pain
    with guard(env):
        if not name.strip():  # as with no topic at all: msback show ""
            raise UsageError(
                "give a topic to show, e.g. msback show water-therapy.",
                "See every topic with: msback list",
            )
        store = store_of(env)
        found = store.resolve(name)
        if found is None:
            raise _not_found(store, name)
        page = store.topic(found.topic_id)
        out = env.output(plain, json)
        if found.alias and not json:
            # As typed ("MS hug"), not as looked up ("ms-hug").
            env.message(f"{quote(name.strip())} is covered by the topic '{page.id}'.", True)
        if json:
            env.write(render.to_json(pages.topic_json(page, found.alias)), out)
        else:
            doc = pages.topic_doc(page, store.titles(page.related))
            env.write(render.render(doc, out), out)


def _not_found(store: "Store", name: str) -> NotFoundError:
    """No topic by that name: plausible typos, and the topics that mention the words; what
    to do first if warning or crisis words lead them (as ``search`` says it)."""
    from msback import render
    from msback.content import pages

    hits = store.search(name)[:3]
    shown = {h.topic_id for h in hits}
    names = [
        f"{s.alias} ({s.topic_id})" if s.alias else s.topic_id
        for s in store.suggest(name)
        if s.topic_id not in shown  # the best search hits come first, below
    ]
    hint = ""
    if hits and hits[0].urgent:
        hint += render.render_plain(pages.help_first(store.topic(hits[0].topic_id))) + "\n"
    if hits:
        hint += "These topics match best:\n"
        hint += "".join(f"- {h.topic_id}: {h.title}\n" for h in hits)
    hint += f"Did you mean: {', '.join(names)}?\n" if names else ""
    if not hits:
        hint += "Run 'msback list' to see every topic, or 'msback search WORDS' to search."
    elif not hits[0].urgent:  # else its help above says "Read it now: msback show ..."
        hint += f"Show one with: msback show {hits[0].topic_id}"
    said = f"no topic called {quote(name)}."
    if hits and hits[0].urgent:  # what to do is the answer: the missing name is an aside
        said = f"{quote(name)} may be a sign to act on (it is not a topic's name)."
    return NotFoundError(said, hint.rstrip("\n"))


@app.command("list", cls=PlainUsageCommand, short_help="Every topic, grouped by kind.")
def list_topics(ctx: typer.Context, plain: PlainOption = False, json: JsonOption = False) -> None:
    """List every topic, grouped by kind, with a one-line summary.

    \b
    Examples:
      msback list
      msback list --json
    """
    from msback import render
    from msback.content import pages

    env = env_of(ctx)
    with guard(env):
        index = store_of(env).index()
        out = env.output(plain, json)
        text = (
            render.to_json(pages.list_json(index))
            if json
            else render.render(pages.list_doc(index), out)
        )
        env.write(text, out)


#: Matches ``search`` shows unless asked for all: a screen, not a scroll.
SEARCH_SHOWN = 10
#: When warning or crisis words lead: what to do, then this many, then what to do again.
URGENT_SHOWN = 3


def _asked_words(env: Environment) -> str:
    """The words to look for, asked at the terminal: typed there, an apostrophe or a sign
    needs no shell quoting ("I can't pee"). Nothing, or input that ends: ""."""
    from msback.prompting import InputEnded, Prompter

    asking = Prompter(env, env.screen_output(env.stderr), env.stderr)  # wraps the prompt
    try:
        return asking.ask("Search for: ")
    except InputEnded:
        return ""


@app.command(cls=PlainUsageCommand, short_help="Topics that mention the words, best match first.")
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="Words to look for, e.g. heat, walking aid, what helps spasms. None: "
            "at a terminal, msback asks for them (no quotes needed for I can't).",
            metavar="[WORDS]...",
            show_default=False,
        ),
    ] = None,
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
      msback search          (then type: I can't pee)
    """
    from msback import render
    from msback.content import lookup, pages

    env = env_of(ctx)
    with guard(env):
        query = " ".join(words or ())
        if not query.strip() and env.stdin_isatty and not json:
            query = _asked_words(env)
        if not query.strip():
            raise UsageError(
                "give the words to look for, e.g. msback search walking aid.",
                "See every topic with: msback list",
            )
        store = store_of(env)
        hits = store.search(query)
        urgent = store.topic(hits[0].topic_id) if hits and hits[0].urgent else None
        # What to do comes first and last, and the list is short, so it fits on one screen.
        most = URGENT_SHOWN if urgent else SEARCH_SHOWN
        shown = hits if every or json else hits[:most]
        shown = [lookup.with_line(hit, store.topic(hit.topic_id)) for hit in shown]
        out = env.output(plain, json)
        if json:
            env.write(render.to_json(pages.search_json(query, shown)), out)
        elif hits:
            first, last = (pages.help_first(urgent), pages.act_now(urgent)) if urgent else ((), ())
            doc = pages.search_doc(query, shown, len(hits), first, last)
            env.write(render.render(doc, out), out, persons_words=True)  # it says their words
        if not hits:
            names = [s.alias or s.topic_id for s in store.suggest(query)]
            raise NotFoundError(
                f"no topic mentions {quote(query)}.",
                (f"Did you mean: {', '.join(names)}? " if names else "")
                + "Try fewer or other words, or run 'msback list'.",
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

    env = env_of(ctx)
    with guard(env):
        if list_rules:
            env.write(
                "".join(
                    f"{r.code}  {'stops msback' if r.fatal else 'lint only   '}  {r.description}\n"
                    for r in RULES.values()
                )
            )
            return
        chosen = directory or env.paths.content
        if not chosen and packaged_content_checked(env):
            return
        folder = locate_content_dir(chosen)
        parsed, guide, problems = check_all(folder)
        problems.sort(key=lambda p: (p.path, p.line or 0, p.rule))
        env.write("".join(f"{p}\n" for p in problems))
        files = len({p.path for p in problems})
        if problems:
            env.message(f"{len(problems)} problem(s) in {files} file(s).")
            raise typer.Exit(int(ExitCode.ERROR))
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
