"""Every command has help text and is documented in the README."""

from __future__ import annotations

import re

import pytest
import typer.main

from msback.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"show", "list", "search", "lint"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help
    assert len(command.help) > 20


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    assert re.search(rf"msback {name}\b", README), f"README does not mention 'msback {name}'"


def test_readme_opens_with_two_command_quick_start() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", quick, re.S)
    assert block, "quick start needs a code block"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2


def test_readme_command_reference_is_generated_from_the_current_help() -> None:
    """The README's command reference is cog output; stale means someone forgot `cog -r`."""
    from cogapp import Cog

    status = Cog().main(["cog", "--check", "--diff", str(ROOT / "README.md")])
    assert status == 0, "README.md is out of date: run  cog -r README.md"


def test_help_has_examples_and_plain_usage_for_every_command() -> None:
    from typer.testing import CliRunner

    for name in COMMANDS:
        result = CliRunner().invoke(app, [name, "-h"], prog_name="msback")
        assert result.exit_code == 0
        usage = result.output.splitlines()[0]
        assert "{" not in usage
        assert "<" not in usage
        assert "Examples:" in result.output, name
    top = CliRunner().invoke(app, ["-h"], prog_name="msback").output
    assert "..." not in top.split("Commands:")[1]  # no command summary is cut short


def test_readme_guide_result_is_the_real_output() -> None:
    """The README's example result is the golden result the CLI tests check, word for word."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    golden = (ROOT / "tests" / "golden" / "guide-result.txt").read_text(encoding="utf-8")
    assert f"```console\n{golden}\nSave a summary to bring to your appointment?" in readme
