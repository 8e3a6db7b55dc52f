"""What the guide's safety rules share with the content: the words people type for an
answer, and the warning signs the safety questions ask about.

Here, not in the guide, so the content (the red-flags topic is filled in from the safety
questions when content loads) never imports the guide. Pure: no files, no printing.

msgspec is imported only when the red-flags topic is filled in.
"""

import re
from typing import Any

from msback.content.models import Answer, Guide, LevelId, Topic

#: What msback is not, said wherever its advice is printed in full (the guide's details,
#: the clinic report): one sentence, one place.
NOT_A_DIAGNOSIS = "msback does not diagnose. Medicines here are things to ask about, never doses."

_WORDS: dict[str, Answer] = {
    "y": "yes", "yes": "yes", "yeah": "yes", "yep": "yes", "yup": "yes", "ya": "yes",
    "true": "yes",
    "n": "no", "no": "no", "nope": "no", "nah": "no", "false": "no",
    "s": "not-sure", "?": "not-sure", "not sure": "not-sure", "not-sure": "not-sure",
    "notsure": "not-sure", "unsure": "not-sure", "don't know": "not-sure",
    "dont know": "not-sure", "do not know": "not-sure", "dont-know": "not-sure",
    "idk": "not-sure", "maybe": "not-sure",
    # A hedged answer is "not sure", never "no": a hedge must not lower the urgency. Words
    # that may mean "yes, some" ("a bit", "I think so") are not guessed at: asked again.
    "dunno": "not-sure", "no idea": "not-sure", "not really": "not-sure",
    "i don't know": "not-sure", "i dont know": "not-sure", "not that i know": "not-sure",
    "probably not": "not-sure", "i don't think so": "not-sure", "i dont think so": "not-sure",
    "perhaps": "not-sure", "possibly": "not-sure",
    "yes please": "yes", "yes i have": "yes", "yes i do": "yes", "definitely": "yes",
    "no i haven't": "no", "no i havent": "no", "no i don't": "no", "no i dont": "no",
    "definitely not": "no", "no thanks": "no", "no thank you": "no",
    "i'm not sure": "not-sure", "im not sure": "not-sure", "i am not sure": "not-sure",
    "not sure really": "not-sure",
}  # fmt: skip
_SPACES = re.compile(r"\s+")


def answer_from(value: Any) -> Answer | None:
    """An answer from a typed word or a file value: y, yeah, n, nope, s, ?, not sure...

    Case, spaces, curly apostrophes and a closing full stop or exclamation mark are ignored.
    """
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, str):
        word = value.replace("\u2019", "'").replace(",", " ")
        word = _SPACES.sub(" ", word).strip().lower().rstrip(".!")
        return _WORDS.get(word.strip())
    return None


def warning_signs(guide: Guide) -> dict[LevelId, tuple[str, ...]]:
    """Every warning sign the safety questions ask about, by the urgency a "yes" gives."""
    signs: dict[LevelId, list[str]] = {}
    for question in guide.questions:
        if question.stage == "safety" and question.urgency is not None:
            signs.setdefault(question.urgency, []).extend(question.items)
    return {level: tuple(items) for level, items in signs.items()}


def with_warning_signs(topic: Topic, guide: Guide) -> Topic:
    """The safety topic with its ``flags`` sections filled in from the safety questions."""
    from msgspec.structs import replace

    signs = warning_signs(guide)
    sections = tuple(
        replace(s, items=signs.get(s.flags, ())) if s.flags else s for s in topic.sections
    )
    return replace(topic, sections=sections)
