"""The installed console script, run as a person would: from another folder, through pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
MSBACK = BIN / ("msback.exe" if os.name == "nt" else "msback")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "somewhere-else"
    folder.mkdir()
    return folder


def run(
    args: list[str], cwd: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The installed msback, run from ``cwd`` with extra environment variables."""
    assert MSBACK.exists(), f"install msback into this venv first ({MSBACK} is missing)"
    return subprocess.run(
        [str(MSBACK), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


def test_show_from_another_folder(elsewhere: Path) -> None:
    result = run(["show", "water-therapy"], elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Water therapy\n")
    assert result.stdout.isascii()


def test_ascii_only_terminal_encoding(elsewhere: Path) -> None:
    result = run(["show", "water-therapy"], elsewhere, PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Questions to ask your doctor:" in result.stdout


def test_not_found_has_no_traceback(elsewhere: Path) -> None:
    result = run(["show", "watr-therapy"], elsewhere)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "These topics match best:\n- water-therapy: Water therapy" in result.stderr
    assert "Traceback" not in result.stderr


def test_pipe_into_head_exits_quietly(elsewhere: Path) -> None:
    if os.name == "nt":
        pytest.skip("needs a POSIX shell")
    result = subprocess.run(
        f"'{MSBACK}' list | head -1; '{MSBACK}' search heat | head -1",
        shell=True,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.splitlines()[0] == "About:"
    assert result.stderr == ""


def test_python_dash_m(elsewhere: Path) -> None:
    from msback import __version__

    result = subprocess.run(
        [sys.executable, "-m", "msback", "--version"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"msback {__version__}\n")


def test_broken_content_from_environment(elsewhere: Path) -> None:
    (elsewhere / "topics").mkdir()
    (elsewhere / "topics" / "x.yaml").write_text("id: x\nkind: [\n", encoding="utf-8")
    result = run(["show", "x"], elsewhere, MSBACK_CONTENT_DIR=str(elsewhere))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "x.yaml:3: MSB011 YAML error" in result.stderr


def test_completion_offers_topic_ids_and_aliases(elsewhere: Path) -> None:
    result = run(
        [],
        elsewhere,
        _MSBACK_COMPLETE="complete_bash",
        COMP_WORDS="msback show hydro",
        COMP_CWORD="2",
    )
    assert result.returncode == 0, result.stderr
    assert "hydrotherapy" in result.stdout.split()


def test_warm_show_and_list_load_no_yaml_or_rich(elsewhere: Path, tmp_path: Path) -> None:
    """Start-up stays fast: with a warm cache, no YAML parser and no Rich are imported."""
    probe = (
        "import sys\n"
        "from msback.cli import run\n"
        "code = run()\n"
        "heavy = sorted(m for m in ('yaml', 'rich', 'msback.content.rules') "
        "if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
    )
    env = {**os.environ, "MSBACK_CACHE_DIR": str(tmp_path / "warm")}
    for args in (["show", "pool"], ["show", "water-therapy"], ["list"]):
        for _ in range(2):  # the first run fills the cache
            result = subprocess.run(
                [sys.executable, "-c", probe, *args],
                cwd=elsewhere,
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
                check=False,
            )
        assert result.returncode == 0, result.stderr
        assert "HEAVY=\n" in result.stderr, (args, result.stderr)
