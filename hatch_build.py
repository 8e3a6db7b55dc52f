"""Hatch build hook: compile and validate content/ into msback/content.json in the wheel.

The wheel carries the content as one validated file, produced here from content/ with
msback's own rules, the same way a .pyc is produced from source: at run time msback reads
it with a typed decode and no YAML. A content error that would stop msback fails the build.
Editable installs get no compiled file: they read and validate content/ itself.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileContent(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, str(Path(self.root) / "src"))
        try:
            from msback.content.compiled import compile_library
            from msback.content.rules import RULES, check_all, load_library
        finally:
            sys.path.pop(0)
        content = Path(self.root) / "content"
        _, _, problems = check_all(content)
        fatal = [str(p) for p in problems if RULES[p.rule].fatal]
        if fatal:
            raise RuntimeError("content errors stop the build:\n" + "\n".join(fatal))
        data = compile_library(load_library(content))
        self._folder = tempfile.TemporaryDirectory()
        target = Path(self._folder.name) / "content.json"
        target.write_bytes(data)
        build_data["force_include"][str(target)] = "msback/content.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
