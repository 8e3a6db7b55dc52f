"""Exit codes and the errors that map to them, kept in one place."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes used by every msback command, one name for each value."""

    OK = 0
    ERROR = 1  # not found, or a content or data error (the README: "1 not found / ...")
    USAGE = 2
    INTERRUPTED = 130


class MsbackError(Exception):
    """An error shown to the user as one line on stderr, never as a traceback."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ContentError(MsbackError):
    """The content directory is missing, unreadable or invalid."""


class NotFoundError(MsbackError):
    """A topic or file the user asked for does not exist."""


class UsageError(MsbackError):
    """The command was called the wrong way."""

    exit_code = ExitCode.USAGE


def whole(text: str) -> str:
    """The text with each lone surrogate (how Python reads a byte of an argument that was not
    UTF-8) as the replacement character, so it can be looked up, said back and written."""
    if text.isascii():
        return text
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def quote(value: object, limit: int = 60) -> str:
    """A value for a one-line message: quoted, control characters escaped, at most ``limit``
    characters (a 50 MB value must not become a 50 MB error line)."""
    text = value if isinstance(value, str) else repr(value)
    text = whole(text)  # a byte that was not UTF-8 shows as the replacement character
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text[: limit * 2])
    if len(text) > limit - 2:
        text = text[: limit - 5] + "..."
    return f"'{text}'" if isinstance(value, str) else text
