"""Everything a run needs to know about its surroundings, made once per run.

Commands never touch ``sys.stdout`` or ``os.environ`` directly: they ask this object, and
tests can pass their own (``CliRunner().invoke(app, args, obj=Environment(...))``).

``datetime`` and ``textwrap`` are imported only when the clock is read or text wrapped:
every msback start imports this module.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple, TextIO

if TYPE_CHECKING:
    import datetime

    from msback.paths import Paths

Style = Literal["rich", "plain", "json"]
CLEAR_SCREEN = "\x1b[2J\x1b[H"
#: How msback writes a local time, to the minute: summaries, diary entries ("2026-11-26 09:30").
TIME_FORMAT = "%Y-%m-%d %H:%M"

# Control characters (escape sequences, bells...) from content never reach the terminal.
# C0 and C1 (U+0080-U+009F, e.g. U+009B, a terminal's escape introducer) are both dropped.
_CONTROLS: dict[int, str | None] = {
    c: None for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10)
}

# Typographic characters that content or user files may hold, spelled in plain ASCII.
_TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u00a0": " ",
    "\u00b0": " degrees ",
}
_ASCII_FALLBACK: dict[int, str | None] = _CONTROLS | {ord(k): v for k, v in _TYPOGRAPHY.items()}


def strip_controls(text: str) -> str:
    """The text without control characters (keeps newlines and tabs)."""
    return text.translate(_CONTROLS)


def to_ascii(text: str) -> str:
    """Plain ASCII for screen readers and any terminal: known symbols spelled out, others '?',
    control characters dropped."""
    return text.translate(_ASCII_FALLBACK).encode("ascii", "replace").decode("ascii")


class OutputError(Exception):
    """The result could not be written (stdout closed, or the disk full)."""


class Output(NamedTuple):
    """How one command's result is shown."""

    style: Style
    color: bool
    width: int
    wrap: int | None  # plain text is wrapped only when a width is really known
    unicode: bool
    spoken: bool = False  # the screen-reader view: numbers to call said digit by digit


class Environment:
    """Streams, terminal facts and environment variables for one run.

    Every field may be left out: streams then mean ``sys.stdout`` and friends *at the time of
    use* (so ``CliRunner`` capture works), tty facts are detected, ``vars`` is ``os.environ``.
    """

    def __init__(
        self,
        out_stream: TextIO | None = None,
        err_stream: TextIO | None = None,
        in_stream: TextIO | None = None,
        stdout_tty: bool | None = None,
        stdin_tty: bool | None = None,
        variables: Mapping[str, str] | None = None,
        content_dir: str | None = None,
        now: str | None = None,
    ) -> None:
        # A plain class, not a dataclass: importing dataclasses costs start-up time.
        self.out_stream, self.err_stream, self.in_stream = out_stream, err_stream, in_stream
        self.stdout_tty, self.stdin_tty = stdout_tty, stdin_tty
        self.variables = variables
        self.content_dir = content_dir
        self.now = now  # a fixed time in TIME_FORMAT (tests); None means the clock
        self.store: object | None = None  # the run's content store, opened on first use
        self._paths: Paths | None = None
        #: The person reads with a screen reader or braille: ``--plain`` was asked for, or
        #: ``MSBACK_PLAIN`` is set. Numbers to call are then written digit by digit.
        self.spoken = self.vars.get(ENV_PLAIN, "") not in ("", "0")

    def clock(self) -> datetime.datetime:
        """The local time to the minute: ``now`` if it was fixed, else the clock's."""
        import datetime

        if self.now:
            return datetime.datetime.strptime(self.now, TIME_FORMAT)
        return datetime.datetime.now().replace(second=0, microsecond=0)

    @classmethod
    def from_system(cls) -> Environment:
        """The real process environment; unencodable characters are replaced, never fatal."""
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        return cls()

    @property
    def stdout(self) -> TextIO:
        return self.out_stream or sys.stdout

    @property
    def stderr(self) -> TextIO:
        return self.err_stream or sys.stderr

    @property
    def stdin(self) -> TextIO:
        """Standard input; a closed one (``<&-``, which Python gives as None) reads as ended."""
        if self.in_stream is not None:
            return self.in_stream
        if sys.stdin is None:
            import io

            return io.StringIO()
        return sys.stdin

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout) if self.stdout_tty is None else self.stdout_tty

    @property
    def stderr_isatty(self) -> bool:
        return _isatty(self.stderr)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin) if self.stdin_tty is None else self.stdin_tty

    @property
    def vars(self) -> Mapping[str, str]:
        return os.environ if self.variables is None else self.variables

    @property
    def paths(self) -> Paths:
        """Where this run keeps and finds things, read once from ``vars`` (see ``paths``)."""
        if self._paths is None:
            from msback.paths import Paths

            self._paths = Paths(self.vars, self.content_dir)
        return self._paths

    def output(self, plain: bool = False, json: bool = False) -> Output:
        """Pick the view for stdout: JSON if asked; plain if asked, piped, or TERM=dumb; else
        Rich. ``plain`` is the person's ``--plain``: the screen-reader view for this run."""
        self.spoken = self.spoken or (plain and not json)
        return self._output(self.stdout, self.stdout_isatty, plain, json)

    def screen_output(self, screen: TextIO, plain: bool = False) -> Output:
        """The view for ``screen``, the stream the person reads questions on (it may be
        stderr when stdout is redirected): Rich on a terminal unless plain is asked."""
        isatty = self.stdout_isatty if screen is self.stdout else _isatty(screen)
        return self._output(screen, isatty, plain, False)

    def _output(self, stream: TextIO, isatty: bool, plain: bool, json: bool) -> Output:
        columns = self.vars.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            width, known = int(columns), True
        else:
            width, known = _terminal_width(stream), isatty
        dumb = self.vars.get("TERM", "") == "dumb" or self.spoken
        style: Style = "json" if json else "plain" if plain or dumb or not isatty else "rich"
        color = style == "rich" and "NO_COLOR" not in self.vars
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        utf = encoding.startswith("utf")
        spoken = self.spoken and style == "plain"
        return Output(style, color, width, width if known else None, utf, spoken)

    def write(
        self,
        text: str,
        out: Output | None = None,
        stream: TextIO | None = None,
        persons_words: bool = False,
    ) -> None:
        """Write text in one piece to stdout (or ``stream``); ASCII only unless Rich.

        ``persons_words``: the text holds what the person wrote (a diary's notes). Then
        only what the output cannot show becomes "?": their own words are never bent on a
        screen or file that can hold them.

        A closed or full output is an ``OutputError``: one line, exit code 1.
        """
        target = stream or self.stdout
        if persons_words and (out is None or out.style != "rich"):
            encoding = getattr(target, "encoding", None) or "utf-8"
            text = strip_controls(text).encode(encoding, "replace").decode(encoding)
        elif out is None or out.style != "rich":
            text = to_ascii(text)
        _write_to(target, text, exact=False)

    def write_data(self, text: str) -> None:
        """Write data (an export, a report) to stdout exactly, as UTF-8 whatever the locale:
        the ASCII fallback is for messages on a terminal, never for what a person keeps.

        A closed or full output is an ``OutputError``, as in ``write``.
        """
        _write_to(self.stdout, text, exact=True)

    def write_data_chunks(self, chunks: Iterable[str], batch: int = 1 << 16) -> None:
        """Write data given in pieces (a streamed export), as ``write_data``, about
        ``batch`` characters at a time."""
        pending: list[str] = []
        size = 0
        for chunk in chunks:
            pending.append(chunk)
            size += len(chunk)
            if size >= batch:
                self.write_data("".join(pending))
                pending, size = [], 0
        self.write_data("".join(pending))

    def message(self, text: str, persons_words: bool = False) -> None:
        """Write a message for the person (not data) to stderr, in plain ASCII; with
        ``persons_words`` (it quotes what they wrote), in any character stderr can show.

        On a terminal it is wrapped at the screen width without breaking words; anywhere
        else it stays one line per message, for scripts and logs.
        """
        if self.stderr is None:
            return
        if persons_words:
            encoding = getattr(self.stderr, "encoding", None) or "utf-8"
            text = strip_controls(text).encode(encoding, "replace").decode(encoding)
        else:
            text = say_digits(to_ascii(text)) if self.spoken else to_ascii(text)
        if _isatty(self.stderr):
            width = self._output(self.stderr, True, True, False).width
            text = "\n".join("\n".join(_wrapped(line, width)) for line in text.split("\n"))
        try:
            self.stderr.write(text + "\n")
            self.stderr.flush()
        except (OSError, ValueError):
            pass  # nowhere left to tell the person; the exit code still says it


#: ``MSBACK_PLAIN=1``: every command shows the screen-reader view, as with ``--plain``.
ENV_PLAIN = "MSBACK_PLAIN"

#: The numbers to call that the content gives (CONTENT_STYLE.md; lint MSB024 finds others).
#: A speech synthesiser says "999" as "nine hundred and ninety-nine", so the screen-reader
#: view writes these digit by digit: "9 9 9", "1 1 6, 1 2 3".
SERVICE_NUMBERS = ("999", "911", "112", "111", "116 123", "0808 808 8000", "988")


def say_digits(text: str) -> str:
    """The text with each number to call (``SERVICE_NUMBERS``) written digit by digit, so
    that speech says it as it is dialled. Other numbers (scores, dates, counts) stay."""
    if not any(c.isdigit() for c in text):
        return text
    import re  # only when there is a number to look at (re keeps the compiled pattern)

    def spoken(number: str) -> str:  # a pause (a comma) between groups: "1 1 6, 1 2 3"
        return ", ".join(" ".join(group) for group in number.split())

    said = re.sub(_SERVICE, lambda found: spoken(found.group(0)), text)
    # The last of a list of numbers to call is one too, whatever follows ("999, 911 or 112
    # for a sudden headache").
    return re.sub(_LIST_END, lambda found: found.group(1) + spoken(found.group(2)), said)


_NUMBERS = "|".join(n.replace(" ", r"\ ") for n in sorted(SERVICE_NUMBERS, key=len, reverse=True))
_LIST_END = r"((?<!\d)\d(?: \d){2,},? (?:or|and) )(" + _NUMBERS + r")(?![\w/:%'\"-]|[.,]\d)"
_SERVICE = (  # a listed number standing alone, as a number to call is written: not in a
    # date, a time, a score or a longer number, and not before a word that makes it a count
    # ("112 days", "111 new entries", "rang 111 for advice") but "or", "and", "now"...
    r"(?<=NHS )111|(?<![\w./:'\"-])(?:"
    + _NUMBERS
    + r")(?![\w/:%'\"-]|[.,]\d| (?!(?:or|and|now|if|even|too|in|straight|at|then|the)\b)[a-z])"
)

#: Stands for a space between two digits while wrapping, as in a phone number ("116 123",
#: "0808 808 8000"): a line never breaks inside a number.
NUMBER_SPACE = "\u00a0"


def keep_numbers(text: str) -> str:
    """The text with the spaces inside numbers made unbreakable (see ``NUMBER_SPACE``)."""
    if " " not in text or not any(c.isdigit() for c in text):
        return text
    import re  # only when there may be a number to keep whole

    return re.sub(r"(?<=\d) (?=\d)", NUMBER_SPACE, text)


def _wrapped(line: str, width: int | None) -> list[str]:
    """A message line wrapped at ``width``; a list item ("- ...") keeps its text indented
    under its first word, as the page's lists do."""
    if line.startswith("- "):
        return wrap(line[2:], width, "- ", "  ")
    return wrap(line, width)


def wrap(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most ``width`` characters, never breaking a word or a phone number; one
    line if the width is unknown or too small to be real."""
    if not width or width < 20:
        return [first + text]
    import textwrap

    lines = textwrap.wrap(
        keep_numbers(text),
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first]
    return [line.replace(NUMBER_SPACE, " ") for line in lines]


def _write_to(target: TextIO | None, text: str, exact: bool) -> None:
    """Write and flush; ``exact``: as UTF-8 bytes where the stream has a byte buffer. A
    closed or full output is an ``OutputError`` (one line, exit code 1); a reader that went
    away (``BrokenPipeError``) is the caller's guard's to end quietly."""
    if target is None:  # Python sets sys.stdout to None when it starts with fd 1 closed
        raise OutputError("msback: cannot write the result: the output is closed.")
    try:
        buffer = getattr(target, "buffer", None) if exact else None
        if buffer is not None:
            target.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:  # a text stream: as it is (a test's keeps every character anyway)
            target.write(text)
            target.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
        raise OutputError(f"msback: cannot write the result: {reason.lower()}.") from None


def _terminal_width(stream: TextIO) -> int:
    """The width of the terminal ``stream`` is on, else of stdout's, else 80."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return shutil.get_terminal_size((80, 24)).columns


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
