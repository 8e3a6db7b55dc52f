"""Answers kept part way through the guide, so a tired person can stop and come back.

After each answer the answers so far are written, privately (0600, in the data folder,
in one step), to ``guide-answers.json``. The next ``msback guide`` within ``KEEP_FOR``
offers to carry on: the safety questions are always asked again (the earlier answer is
shown), and only the pain questions (those that keep no option safe) carry over; answers to
questions no longer in the content are dropped. Finishing, or saying no to carrying on,
deletes the file; ``msback forget`` deletes it with the diary. ``--answers`` never reads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import NamedTuple

from msback import safefiles
from msback.content.models import ANSWERS, Answer, Guide

FILE_NAME = "guide-answers.json"
#: Kept answers older than this are not offered (and are deleted).
KEEP_FOR = dt.timedelta(days=1)


class Kept(NamedTuple):
    """Answers kept from a guide that stopped part way, and when they were kept."""

    answers: dict[str, Answer]  # every answer given, by question id
    saved: dt.datetime  # UTC

    def carried(self, guide: Guide) -> dict[str, Answer]:
        """The answers that carry over: pain questions still in the guide that keep no
        option safe (safety and guard questions are asked again)."""
        pain = {q.id for q in guide.questions if q.stage == "pain" and not q.guards}
        return {qid: a for qid, a in self.answers.items() if qid in pain}

    def earlier(self, guide: Guide) -> dict[str, Answer]:
        """The answers still in the guide, to show beside its questions asked again."""
        known = {q.id for q in guide.questions}
        return {qid: a for qid, a in self.answers.items() if qid in known}


def kept_file(folder: Path) -> Path:
    return folder / FILE_NAME


def save(folder: Path, answers: dict[str, Answer], now: dt.datetime) -> None:
    """Keep the answers so far (``now`` in UTC); never fatal: keeping them is a help, so a
    full or read-only disk only means there is nothing to come back to."""
    data = {"saved": now.isoformat(), "answers": answers}
    with contextlib.suppress(OSError, safefiles.NotPrivate):
        safefiles.private_folder(folder)
        safefiles.write_atomic(kept_file(folder), json.dumps(data).encode("utf-8"))


def load(folder: Path, now: dt.datetime) -> Kept | None:
    """The kept answers if there are any from the last ``KEEP_FOR``; older or unreadable
    ones are deleted and None is returned."""
    path = kept_file(folder)
    try:
        text = safefiles.read_small_text(path, 100_000)
    except (OSError, safefiles.NotReadable):
        return None
    try:
        data = json.loads(text)
        saved = dt.datetime.fromisoformat(data["saved"])
        answers = {str(k): v for k, v in dict(data["answers"]).items() if v in ANSWERS}
    except (ValueError, KeyError, TypeError):
        forget(folder)
        return None
    if saved.tzinfo is None or not dt.timedelta(0) <= now - saved <= KEEP_FOR or not answers:
        forget(folder)
        return None
    return Kept(answers, saved)


def forget(folder: Path) -> None:
    """Delete the kept answers, if any."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        os.unlink(kept_file(folder))
