"""The person's flare plan: shown as they wrote it, and written one prompt at a time.

The plan is theirs: msback adds nothing to it and changes nothing in it. The prompts and
their examples come from the content (``guide.yaml``: ``plan``). Writing and changing keep
every answer in memory until the end, so stopping at any prompt saves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Sequence

from msback.content.models import PlanPrompt
from msback.diary.episodes import PlanPart, clean_text
from msback.errors import MsbackError
from msback.prompting import QUIT_WORDS, Prompter, Quit
from msback.render import Block, Bullets, Doc, Heading, Para, Title

#: Typed when changing a part: clear it.
CLEAR_WORDS = ("-", "clear", "delete")
WRITE_INTRO = (
    "Your flare plan: what you will do when your back pain flares, written now, while you"
    " can think it through. In a flare, msback flare shows it after a safety check."
)
KEYS = "Press Enter to skip a question. Type q to stop: nothing is saved until the end."


def plan_doc(parts: Sequence[PlanPart], title: str = "My flare plan", heading: bool = False) -> Doc:
    """The plan, part by part, each under its label, in the person's words; ``heading``:
    under a heading, as a part of a longer page (the flare check's result)."""
    blocks: list[Block] = [Heading(title) if heading else Title(title)]
    for part in parts:
        blocks += [Heading(part.label, 2), Bullets(tuple(part.text.split("\n")))]
    return tuple(blocks)


def numbered_doc(prompts: Sequence[PlanPrompt], parts: Sequence[PlanPart]) -> Doc:
    """Every prompt numbered, with what the person wrote for it (or "(empty)"), so they can
    pick one to change."""
    written = {p.part: p for p in parts}
    lines = []
    for number, prompt in enumerate(_all(prompts, parts), 1):
        text = written[prompt.id].text if prompt.id in written else "(empty)"
        lines.append(f"{number}. {prompt.label}: {text}")
    return (Title("Your flare plan, part by part"), Bullets(tuple(lines)))


def _all(prompts: Sequence[PlanPrompt], parts: Sequence[PlanPart]) -> list[PlanPrompt]:
    """The content's prompts, then any part written for a prompt the content no longer has
    (kept and shown under its label: nothing the person wrote is lost)."""
    known = {p.id for p in prompts}
    old = [PlanPrompt(p.part, p.label, p.label) for p in parts if p.part not in known]
    return [*prompts, *old]


def _ask_one(prompter: Prompter, prompt: PlanPrompt, number: int, total: int) -> str:
    blocks: list[Block] = [Heading(f"{number} of {total}. {prompt.ask}")]
    if prompt.examples:
        blocks += [Para("For example:"), Bullets(prompt.examples)]
    prompter.show(tuple(blocks))
    return _typed(prompter, "> ")


def _typed(prompter: Prompter, prompt: str) -> str:
    """The person's words, kept as ``clean_text`` keeps them; asked again if too long."""
    while True:
        raw = prompter.ask(prompt)
        if raw.lower() in QUIT_WORDS:
            raise Quit
        try:
            return clean_text(raw)
        except MsbackError as exc:
            prompter.say(f"{exc.message} Try a shorter answer.")


def write_plan(prompter: Prompter, prompts: Sequence[PlanPrompt]) -> list[PlanPart]:
    """Ask every prompt in turn; the parts answered (Enter skips). ``Quit`` on q."""
    prompter.show((Title("Write your flare plan"), Para(WRITE_INTRO), Para(KEYS)))
    parts = []
    for number, prompt in enumerate(prompts, 1):
        text = _ask_one(prompter, prompt, number, len(prompts))
        if text:
            parts.append(PlanPart(prompt.id, prompt.label, text))
    return parts


def change_plan(
    prompter: Prompter, prompts: Sequence[PlanPrompt], parts: Sequence[PlanPart]
) -> list[PlanPart] | None:
    """Show the parts numbered and change the ones the person picks; the new plan, or None
    if nothing changed. ``Quit`` on q (nothing saved)."""
    current = {p.part: p for p in parts}
    everything = _all(prompts, parts)
    changed = False
    while True:
        prompter.show(numbered_doc(everything, list(current.values())), persons_words=True)
        raw = prompter.ask("Type a number to change that part, or press Enter when done: ")
        key = raw.strip().lower().rstrip(".")
        if not key:
            break
        if key in QUIT_WORDS:
            raise Quit
        if not key.isdigit() or not 1 <= int(key) <= len(everything):
            prompter.say(f"Please type a number from 1 to {len(everything)}, or press Enter.")
            continue
        prompt = everything[int(key) - 1]
        if prompt.id in current:
            prompter.write(f"Now: {current[prompt.id].text}\n", persons_words=True)
        prompter.say("Type the new words, - to clear it, or press Enter to keep it.")
        text = _ask_one(prompter, prompt, int(key), len(everything))
        if text.lower() in CLEAR_WORDS:
            changed |= current.pop(prompt.id, None) is not None
        elif text:
            current[prompt.id] = PlanPart(prompt.id, prompt.label, text)
            changed = True
    if not changed:
        return None
    order = {p.id: i for i, p in enumerate(everything)}
    return sorted(current.values(), key=lambda p: order[p.part])
