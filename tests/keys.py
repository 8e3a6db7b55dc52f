"""Keys pressed in a pexpect terminal, the way a person presses them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any


def press_ctrl_c(child: Any, wait: float = 5.0) -> None:
    """Press Ctrl-C once msback is waiting for the answer, as a person does.

    A prompt is on the screen a moment before Python is blocked reading the answer. A
    Ctrl-C in that moment is caught but only acted on when the read returns, i.e. at the
    next key (a CPython limit, not msback's): on a loaded CI machine a test can land in it
    (seen once in CI). So on Linux wait until the process sleeps in its read first.
    """
    stat = Path(f"/proc/{child.pid}/stat")
    deadline = time.monotonic() + wait
    while stat.exists() and time.monotonic() < deadline:
        # The state is the field after the ")" that closes the program's name.
        if stat.read_text().rpartition(")")[2].split()[0] == "S":
            break
        time.sleep(0.01)
    child.sendintr()
