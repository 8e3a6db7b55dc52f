"""Start-up benchmark: msback commands against a bare Typer app in the same virtualenv.

Run it with the venv's Python:  python benchmarks/startup.py [--rounds 15]

It runs every command once to warm up (that also fills msback's cache in a temporary cache
folder), then ROUNDS times, interleaved, and prints median wall times and the ratios
msback / bare. Output is piped, as in scripts, so msback uses its plain view.

The bare app has two commands shaped like `show` (one text argument, two flags): Typer
coerces typed parameters through pydantic, so a bare app without parameters would not be
comparable. A second part times `show` with 1,000 generated topics added to the content.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BARE_APP = """
from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def show(
    name: str,
    plain: Annotated[bool, typer.Option("--plain")] = False,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    print("showing", name)


@app.command("list")
def list_(plain: Annotated[bool, typer.Option("--plain")] = False) -> None:
    print("listing")


app()
"""


def msback_command() -> list[str]:
    exe = BIN / ("msback.exe" if os.name == "nt" else "msback")
    if not exe.exists():
        sys.exit(f"msback is not installed next to {sys.executable}; run: pip install .")
    return [str(exe)]


def precompile_msback() -> None:
    """Compile msback's bytecode, as `pip install .` does; an editable install may not have it.

    Without this, a machine with PYTHONDONTWRITEBYTECODE=1 recompiles msback's source on every
    run while Typer's bytecode was compiled at install time, which is not a fair comparison.
    """
    import importlib.util

    spec = importlib.util.find_spec("msback")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True)


def time_once(cmd: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def measure(commands: dict[str, tuple[list[str], dict[str, str]]], rounds: int) -> dict[str, float]:
    """Median seconds per command, runs interleaved so machine noise hits all alike."""
    for cmd, env in commands.values():
        time_once(cmd, env)  # warm-up: OS file cache, .pyc files, msback's JSON cache
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (cmd, env) in commands.items():
            samples[name].append(time_once(cmd, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def make_big_content(target: Path, count: int) -> Path:
    """The real content plus COUNT generated topics."""
    shutil.copytree(ROOT / "content", target)
    for i in range(count):
        (target / "topics" / f"generated-{i:04d}.yaml").write_text(
            f"id: generated-{i:04d}\nkind: cause\ntitle: Generated topic {i}\n"
            f"summary: A generated topic used to time lookups in a large folder.\n"
            f"aliases: [gen-{i:04d}]\n"
            "sections:\n  - heading: What to know\n    items: [A point., Another point.]\n"
            "sources:\n  - name: Benchmark\n",
            encoding="utf-8",
        )
    return target


def report(
    title: str, medians: dict[str, float], ratios: list[tuple[str, str, str, float]]
) -> None:
    print(f"\n{title}")
    for name, seconds in medians.items():
        print(f"  {name:<34} {seconds * 1000:7.1f} ms")
    for label, num, den, target in ratios:
        ratio = medians[num] / medians[den]
        verdict = "ok" if ratio <= target else "OVER TARGET"
        print(f"  {label:<34} {ratio:7.2f}x  (target <= {target:.2f}: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--topics", type=int, default=1000, help="generated topics for part 2")
    args = parser.parse_args()
    msback = msback_command()
    precompile_msback()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env = {**os.environ, "MSBACK_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("MSBACK_CONTENT_DIR", None)
        answers = ROOT / "benchmarks" / "answers.json"
        commands = {
            "bare typer app": ([sys.executable, str(bare), "show", "x"], env),
            "msback show water-therapy": ([*msback, "show", "water-therapy"], env),
            "msback list": ([*msback, "list"], env),
        }
        ratios = [
            ("show / bare", "msback show water-therapy", "bare typer app", 1.10),
            ("list / bare", "msback list", "bare typer app", 1.20),
        ]
        if answers.exists():
            commands["msback guide --answers --json"] = (
                [*msback, "guide", "--answers", str(answers), "--json"],
                env,
            )
            ratios.append(
                ("guide --answers / bare", "msback guide --answers --json", "bare typer app", 1.20)
            )
        print(
            f"Python {sys.version.split()[0]}, {args.rounds} interleaved rounds, median wall time"
        )
        report("Default content", measure(commands, args.rounds), ratios)

        big = make_big_content(Path(tmp) / "big", args.topics)
        big_env = {**env, "MSBACK_CONTENT_DIR": str(big)}
        big_commands = {
            "show, default content": ([*msback, "show", "water-therapy"], env),
            f"show, +{args.topics} topics": ([*msback, "show", "water-therapy"], big_env),
        }
        report(
            f"Large content ({args.topics} generated topics added)",
            measure(big_commands, args.rounds),
            [("large / default", f"show, +{args.topics} topics", "show, default content", 1.30)],
        )


if __name__ == "__main__":
    main()
