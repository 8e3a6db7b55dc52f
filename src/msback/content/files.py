"""Locate the content directory, read its YAML safely and validate it into models.

Nothing here prints or prompts. YAML is read with the safe loader only (the C one when
available), so no tag in a file can ever run code. Every failure becomes a ``Problem``:
one readable line naming the file, the rule, the field and what is wrong.

PyYAML and msgspec are imported only when YAML is read or checked: ``show`` and ``list`` of
the built-in content need neither.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from msback.errors import ContentError
from msback.safefiles import NotReadable, read_small_text

if TYPE_CHECKING:
    from yaml.nodes import Node

    from msback.content.models import Guide, Synonym, Topic, TriedFile

T = TypeVar("T")
TOPICS = "topics"
GUIDE_FILE = "guide.yaml"
SYNONYMS_FILE = "synonyms.yaml"
TRIED_FILE = "tried.yaml"


class Problem(NamedTuple):
    """One thing wrong with the content, shown as one line."""

    path: str
    rule: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {_one_line(self.field, 80)}:" if self.field else ""
        return f"{_one_line(where, 200)}: {self.rule}{field} {_one_line(self.message, 300)}"


def _one_line(text: str, limit: int) -> str:
    """Text from a file, safe for a one-line message: controls escaped, length capped."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 3] + "..."


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def locate_content_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Find the content: the folder chosen (``env.paths.content``: ``--content-dir`` or
    ``$MSBACK_CONTENT_DIR``), else the source checkout's."""
    chosen = explicit
    if chosen:
        path = Path(chosen).expanduser()
        if not (path / TOPICS).is_dir():
            raise ContentError(
                f"{display_path(path)}: not a content directory (it has no '{TOPICS}' folder)"
            )
        return path.resolve()
    # An editable install or a plain checkout finds it at the top of the source tree
    # (src/msback/content/files.py -> ../../../content). A wheel carries it compiled.
    candidate = Path(__file__).resolve().parents[3] / "content"
    if (candidate / TOPICS).is_dir():
        return candidate
    raise ContentError("the msback content was not found; reinstall msback or use --content-dir")


def topic_names(content_dir: Path, ordered: bool = True) -> list[str]:
    """The name of every topic file (``*.yaml``, links included), sorted unless not
    ``ordered`` (then in the folder's own order, which is enough for comparing stamps).

    A folder that cannot be listed is a ``ContentError`` naming it and the reason, never an
    empty list: "no topics" would hide the real problem.
    """
    folder = content_dir / TOPICS
    try:
        names = [name for name in os.listdir(folder) if name.endswith(".yaml")]
        return sorted(names) if ordered else names
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise ContentError(f"{display_path(folder)}: cannot list the folder ({reason})") from None


def topic_files(content_dir: Path) -> list[Path]:
    """Every topic file, sorted by name (see ``topic_names``)."""
    folder = content_dir / TOPICS
    return [folder / name for name in topic_names(content_dir)]


def _loader() -> type[Any]:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def refuse_aliases(text: str) -> None:
    """Raise ``yaml.YAMLError`` if the YAML uses anchors or aliases.

    msback's files never need them, and an "alias bomb" of a few hundred bytes can expand
    to gigabytes. Scanning the event stream is linear in the text, so this is safe to run.
    """
    import yaml

    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (& and *) are not allowed",
                problem_mark=event.start_mark,  # type: ignore[arg-type]
            )


def parse_yaml(path: Path) -> tuple[Any, Node | None, Problem | None]:
    """Read one YAML file safely: (data, node tree for line numbers, problem)."""
    import yaml

    try:
        text = read_small_text(path)
    except FileNotFoundError:
        return None, None, Problem(display_path(path), "MSB011", "", "cannot be read: no such file")
    except NotReadable as exc:
        return None, None, Problem(display_path(path), "MSB011", "", f"cannot be read: {exc}")
    loader = _loader()(text)
    try:
        if "&" in text or "*" in text:  # no anchor or alias without one of these
            refuse_aliases(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, None, Problem(display_path(path), "MSB011", "", f"YAML error: {problem}", line)
    finally:
        loader.dispose()
    return data, node, None


def line_of(node: Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the YAML node at ``loc`` (keys and list indexes), if found."""
    from yaml.nodes import MappingNode, SequenceNode

    line = node.start_mark.line + 1 if node is not None else None
    for step in loc:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == step:
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def field_name(loc: tuple[int | str, ...]) -> str:
    """A YAML location as a field name: ('sections', 0, 'items') -> 'sections[0].items'."""
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1]}[{step}]"] if parts else [f"[{step}]"]
        else:
            parts.append(step)
    return ".".join(parts)


def validate_topic(path: Path, data: Any, node: Node | None) -> tuple[Topic | None, list[Problem]]:
    """Validate a parsed topic file against the schema; problems carry field names and lines."""
    from msback.content.models import Topic

    return _validate(Topic, path, data, node)


def validate_synonyms(
    path: Path, data: Any, node: Node | None
) -> tuple[tuple[Synonym, ...] | None, list[Problem]]:
    """Validate the synonyms file: a mapping with one field, ``synonyms``, a list of entries."""
    from msback.content.models import SynonymsFile

    found, problems = _validate(SynonymsFile, path, data, node)
    return (found.synonyms if found is not None else None), problems


def validate_tried(
    path: Path, data: Any, node: Node | None
) -> tuple[TriedFile | None, list[Problem]]:
    """Validate the tried file: ``tried`` (words and their topics) and ``own`` (words
    counted for no one treatment, with a note)."""
    from msback.content.models import TriedFile

    return _validate(TriedFile, path, data, node)


def validate_guide(path: Path, data: Any, node: Node | None) -> tuple[Guide | None, list[Problem]]:
    """Validate a parsed guide file; YAML's yes/no booleans count as the answers 'yes'/'no'."""
    from msback.content.models import Guide

    if isinstance(data, dict):
        data = {**data}
        for key in ("questions", "rules"):
            if isinstance(data.get(key), list):
                data[key] = [_answers_as_words(entry) for entry in data[key]]
        flare = data.get("flare")
        if isinstance(flare, dict) and isinstance(flare.get("questions"), list):
            data["flare"] = {**flare, "questions": list(map(_answers_as_words, flare["questions"]))}
    return _validate(Guide, path, data, node)


def answer_word(value: Any) -> Any:
    """YAML reads unquoted yes/no as booleans: turn those back into the answer words."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _answers_as_words(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return entry
    fixed = {**entry}
    for key in ("when", "ask_if"):
        if isinstance(fixed.get(key), dict):
            fixed[key] = {
                q: [answer_word(a) for a in answers] if isinstance(answers, list) else answers
                for q, answers in fixed[key].items()
            }
    return fixed


_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _location(path: str) -> tuple[int | str, ...]:
    """msgspec's error path (``.sections[0].heading``) as a YAML location."""
    return tuple(int(m[2]) if m[2] else m[1] for m in _STEP.finditer(path))


def _validate(
    model: type[T], path: Path, data: Any, node: Node | None
) -> tuple[T | None, list[Problem]]:
    import msgspec

    if not isinstance(data, dict):
        return None, [
            Problem(display_path(path), "MSB002", "", "the file must hold a mapping of fields")
        ]
    try:
        return msgspec.convert(data, type=model), []
    except msgspec.ValidationError as exc:
        found = _AT.match(str(exc))
        message, where = (found["message"], found["path"] or "") if found else (str(exc), "")
        loc = _location(where)
        field = re.search(r"`([^`]+)`", message)
        if message.startswith("Object contains unknown field") and field:
            rule, message, loc = "MSB001", "unknown field", (*loc, field[1])
        elif message.startswith("Object missing required field") and field:
            rule, message, loc = "MSB002", "required field is missing", (*loc, field[1])
        else:
            rule, message = "MSB002", message[:1].lower() + message[1:].replace("`", "'")
        line = line_of(node, loc)
        return None, [Problem(display_path(path), rule, field_name(loc), message, line)]
