"""Where msback keeps and finds its files, each with its environment override (as pipx's
``paths.py``), read once per run into the ``Environment`` (``env.paths``).

- The diary: ``$MSBACK_HOME``, else the platform's user data folder (platformdirs, imported
  only then: it costs start-up time).
- The lookup cache: ``$MSBACK_CACHE_DIR`` (empty turns the cache off), else the platform's
  user cache folder, found in a few lines instead of platformdirs for the same reason.
- Content: ``--content-dir``, else ``$MSBACK_CONTENT_DIR``, else the built-in content.
- Summaries the guide saves under their default name: ``$MSBACK_DOCUMENTS_DIR``, else the
  person's documents folder (platformdirs). A name the person types is relative to the
  folder they are in, as any command's file name is.

Unit tests give ``Environment(variables=...)``; tests of the installed command pass the
variables to the subprocess.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_HOME = "MSBACK_HOME"
ENV_CACHE_DIR = "MSBACK_CACHE_DIR"
ENV_CONTENT_DIR = "MSBACK_CONTENT_DIR"
ENV_DOCUMENTS = "MSBACK_DOCUMENTS_DIR"


class Paths:
    """The folders of one run, from the environment variables it started with."""

    def __init__(self, variables: Mapping[str, str], content_dir: str | None = None) -> None:
        self._vars = variables
        self.content: str | None = content_dir or variables.get(ENV_CONTENT_DIR) or None
        self._data: Path | None = None

    @property
    def data(self) -> Path:
        """The diary's folder: ``$MSBACK_HOME``, else the user data folder."""
        if self._data is None:
            home = self._vars.get(ENV_HOME)
            if home:
                self._data = Path(home).expanduser()
            else:
                import platformdirs

                self._data = Path(platformdirs.user_data_dir("msback", appauthor=False))
        return self._data

    @property
    def documents(self) -> Path:
        """Where a summary goes by default: ``$MSBACK_DOCUMENTS_DIR``, else the person's
        documents folder (platformdirs: ~/Documents and the like)."""
        chosen = self._vars.get(ENV_DOCUMENTS)
        if chosen:
            return Path(chosen).expanduser()
        import platformdirs

        return Path(platformdirs.user_documents_dir())

    @property
    def cache(self) -> Path | None:
        """The lookup cache's folder, or None when ``$MSBACK_CACHE_DIR`` is empty (off)."""
        configured = self._vars.get(ENV_CACHE_DIR)
        if configured is not None:
            return Path(configured).expanduser() if configured else None
        if sys.platform == "win32":
            base = self._vars.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
            return Path(base) / "msback" / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "msback"
        xdg = self._vars.get("XDG_CACHE_HOME", "")
        return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "msback"
