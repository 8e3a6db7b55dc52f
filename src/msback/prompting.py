"""One way to ask a person something at a terminal: show a screen, read a line, and stop
cleanly. The guide's questions and ``msback log`` both ask through a ``Prompter``.

- The screen is stdout at a terminal (where the person reads), else stderr, so
  ``msback guide > file`` or ``--json`` keeps only the result on stdout.
- The quit words (``QUIT_WORDS``) are the same everywhere; what quitting means is the
  caller's (``Quit``).
- End of input is ``InputEnded``: one line saying nothing was saved, exit code 1.
- Ctrl-C is left to the caller's guard (exit code 130), which knows what was saved.

No medical logic: what an answer means (yes, no, not sure) is given as ``understand``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from msback.environment import CLEAR_SCREEN, NUMBER_SPACE, Environment, Output, say_digits, wrap
from msback.errors import MsbackError
from msback.render import Doc, render

QUIT_WORDS = ("q", "quit", "exit", "stop")
#: Columns left free after a prompt's last line for the answer ("lower back").
ANSWER_ROOM = 12


def _keep_tail(prompt: str) -> str:
    """The prompt with its last few words kept on one line when wrapped ("Type y or n:",
    "Type 0 to 10:"): the words the answer follows are never split."""
    head, *tail = prompt.rsplit(" ", 4)
    glued = NUMBER_SPACE.join(tail)
    if not tail or len(glued) > 20:
        return prompt
    return f"{head} {glued}"


class Quit(Exception):
    """The person chose to stop."""


class InputEnded(MsbackError):
    """Standard input closed before the questions were done."""


class Prompter:
    """Shows screens and reads one line at a time from the person.

    ``out`` is the view for ``screen``, wrapped at its width. ``ended`` is what end of input
    says (message and hint). ``understand`` turns a typed word into "yes", "no" or another
    answer, for ``yes_no``.
    """

    def __init__(
        self,
        env: Environment,
        out: Output,
        screen: TextIO,
        ended: tuple[str, str] = ("input ended, so nothing was saved.", ""),
        understand: Callable[[str], str | None] | None = None,
    ) -> None:
        self.env, self.out, self.screen = env, out, screen
        self.ended, self.understand = ended, understand

    @classmethod
    def on_screen(
        cls,
        env: Environment,
        plain: bool = False,
        json: bool = False,
        ended: tuple[str, str] = ("input ended, so nothing was saved.", ""),
        understand: Callable[[str], str | None] | None = None,
    ) -> Prompter:
        """A prompter on the person's screen: stdout at a terminal, else stderr."""
        screen = env.stdout if env.stdout_isatty and not json else env.stderr
        return cls(env, env.screen_output(screen, plain), screen, ended, understand)

    @property
    def is_stdout(self) -> bool:
        """Whether the screen is stdout (so the result is shown here anyway)."""
        return self.screen is self.env.stdout

    @property
    def clears(self) -> bool:
        """Whether ``show(clear=True)`` wipes what was on the screen (the colour view)."""
        return self.out.style == "rich"

    def show(self, doc: Doc, clear: bool = False, persons_words: bool = False) -> None:
        """Draw a document; ``persons_words``: it holds what the person wrote (their plan),
        kept as written wherever the screen can show it (``Environment.write``)."""
        text = render(doc, self.out)
        if clear and self.out.style == "rich":
            text = CLEAR_SCREEN + text
        elif clear:
            text = "\n" + text
        self.write(text, persons_words)

    def write(self, text: str, persons_words: bool = False) -> None:
        self.env.write(text, self.out, self.screen, persons_words)

    def say(self, text: str) -> None:
        """Lines for the person, wrapped at the screen's width without breaking words."""
        width = self.out.width if self.out.style == "rich" else self.out.wrap
        text = say_digits(text) if self.out.spoken else text
        lines = [shown for line in text.split("\n") for shown in wrap(line, width) or [""]]
        self.write("\n".join(lines) + "\n")

    def ask(self, prompt: str) -> str:
        """One line from the person, without its spaces; ``InputEnded`` at end of input.
        A prompt longer than the screen is wrapped without breaking words; the answer is
        typed after its last line."""
        width = self.out.width if self.out.style == "rich" else self.out.wrap
        prompt = say_digits(prompt) if self.out.spoken else prompt
        text = prompt.lstrip("\n")
        if len(text) < len(prompt):  # a blank line before the question
            self.write("\n" * (len(prompt) - len(text)))
        lines = wrap(_keep_tail(text.rstrip(" ")), width) or [""]
        if width and len(lines[-1]) > width - ANSWER_ROOM:  # room for the answer
            lines[-1:] = wrap(_keep_tail(lines[-1]), width - ANSWER_ROOM)
        *lines, last = lines
        if lines:
            self.write("\n".join(lines) + "\n")
        self.write(last + " " * (len(text) - len(text.rstrip(" "))))
        line = self.env.stdin.readline()
        if not line:
            self.write("\n")
            raise InputEnded(*self.ended)
        return line.strip()

    def yes_no(self, prompt: str, quit_stops: bool = False) -> bool:
        """y or n (any word ``understand`` knows); a quit word counts as no, or
        (``quit_stops``) raises ``Quit``."""
        while True:
            raw = self.ask(f"{prompt} Type y or n: ")
            if raw.lower() in QUIT_WORDS:
                if quit_stops:
                    raise Quit
                return False
            reply = self.understand(raw) if self.understand else raw.lower()[:1]
            if reply in ("yes", "no", "y", "n"):
                return reply in ("yes", "y")
            self.say("Please type y for yes or n for no.")
