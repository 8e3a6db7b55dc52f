"""``msback remind``'s logic: whether to say "No pain entry today", the hour as people
type it, the setting file's text and the lines for a shell's start-up file. Pure: no
files, no clock, no terminal (``reminder.py`` reads those and asks here).

Only ``datetime`` at import time: a bare ``msback remind`` runs from a shell's start-up
file and must answer in a blink (``re`` and ``json`` are imported only when needed).
"""

from __future__ import annotations

import datetime as dt

#: The one line a bare ``msback remind`` prints, when it prints anything.
LINE = "No pain entry today. Add one: msback log"
#: The setting file in the data folder: ``{"at": "19:00"}``.
FILE_NAME = "remind.json"
#: The setting file is a few bytes; anything bigger is not ours.
MAX_SETTING_BYTES = 4096
#: How the hour is written, in the setting file and in what msback says.
CLOCK = "%H:%M"
#: The shells ``--setup`` gives a line for: (name, its start-up file, the guarded line).
SHELLS: tuple[tuple[str, str, str], ...] = (
    ("bash", "~/.bashrc", "[[ $- == *i* ]] && command -v msback >/dev/null && msback remind"),
    ("zsh", "~/.zshrc", "[[ -o interactive ]] && (( $+commands[msback] )) && msback remind"),
    (
        "fish",
        "~/.config/fish/config.fish",
        "status is-interactive; and type -q msback; and msback remind",
    ),
    (
        "PowerShell",
        "$PROFILE",
        "if ($Host.Name -eq 'ConsoleHost' -and -not [Console]::IsOutputRedirected -and"
        " (Get-Command msback -ErrorAction Ignore)) { msback remind }",
    ),
)


def should_remind(
    at: dt.time | None, now: dt.datetime, last: dt.datetime | None, on_screen: bool
) -> bool:
    """Whether to say ``LINE``: a reminder hour is set (``at``), it has come today, nothing
    was logged today, and someone is looking (stdout is a terminal).

    ``now`` is this computer's local time; ``last`` is the moment of the diary's last entry
    read in this computer's time zone now (so an entry logged at 23:30 in Tokyo is on the
    day it was here), or None for an empty diary. An entry dated later than today (another
    program's, or a clock put back) counts as today: on any doubt, say nothing."""
    if not on_screen or at is None or now.time() < at:
        return False
    return last is None or last.date() < now.date()


def parse_at(text: str) -> dt.time:
    """The reminder's hour from what people type: "19:00", "19", "7pm", "7 pm", "7:30pm",
    "19.30", "1930", "noon", "midnight". A ``UsageError`` that says what works otherwise."""
    import re

    from msback.errors import UsageError, quote

    key = " ".join(text.lower().replace("a.m.", "am").replace("p.m.", "pm").split())
    named = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
    key = named.get(key, key)
    match = re.fullmatch(r"([0-9]{1,2})(?:\s?[:.h]\s?([0-9]{2})|([0-9]{2}))?\s?(am|pm)?", key)
    if match:
        hour, minute, half = int(match[1]), int(match[2] or match[3] or 0), match[4]
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif half:
            hour = 99  # "13pm", "0am": not a time
        if hour <= 23 and minute <= 59:
            return dt.time(hour, minute)
    raise UsageError(
        f"{quote(text)} is not a time of day msback understands: give it as 19:00, 19, 7pm"
        " or 19.30."
    )


def setting_text(at: dt.time) -> str:
    """The setting file's text for the hour ``at``."""
    return f'{{"at": "{at.strftime(CLOCK)}"}}\n'


def read_setting(text: str) -> dt.time | None:
    """The hour in a setting file's text, or None if it holds no hour msback wrote. The file
    as msback writes it is read without ``json`` (a blink); a hand-edited one with it."""
    stripped = text.strip()
    prefix, suffix = '{"at": "', '"}'
    if stripped.startswith(prefix) and stripped.endswith(suffix):
        value: object = stripped[len(prefix) : -len(suffix)]
    else:
        import json

        try:
            data = json.loads(text)
        except ValueError:
            return None
        value = data.get("at") if isinstance(data, dict) else None
    return _clock(value)


def _clock(value: object) -> dt.time | None:
    """ "HH:MM" as a time, or None: anything else (24:00, 7pm, a number) is not ours."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    hours, minutes = value[:2], value[3:]
    if not (hours.isdigit() and minutes.isdigit() and hours.isascii() and minutes.isascii()):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return dt.time(int(hours), int(minutes))


def set_line(at: dt.time) -> str:
    """What ``--at`` says: the hour set, and how to be reminded with it."""
    return (
        f"Reminder set for {at.strftime(CLOCK)}: from then, msback remind says so if nothing"
        " is logged that day. To see it when you open a terminal: msback remind --setup"
    )


def off_line(was_set: bool) -> str:
    """What ``--off`` says."""
    return "Reminder off." if was_set else "There was no reminder set; nothing changed."


def setup_text(at: dt.time | None) -> str:
    """What ``--setup`` prints: one guarded line per shell, each with where it goes."""
    lines = [
        "To be reminded when you open a terminal, add one line to your shell's start-up file",
        "(msback never edits it). Each runs msback only in an interactive shell, so scp,",
        "rsync and scripts are never disturbed, and msback prints nothing unless a reminder",
        "is due.",
        "",
    ]
    for name, where, line in SHELLS:
        lines += [f"{name}, at the end of {where}:", f"  {line}", ""]
    if at is None:
        lines.append("No reminder hour is set yet: msback remind --at 19:00")
    else:
        lines.append(f"Your reminder is set for {at.strftime(CLOCK)}.")
    return "\n".join(lines) + "\n"
