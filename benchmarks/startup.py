"""Start-up benchmark: msback against the floor (`python -c pass`) and a bare Typer app.

Run it with the venv's Python:  python benchmarks/startup.py [--rounds 15] [--quick]

It builds msback's wheel and installs it into a temporary folder, so the figures are those of
a real install (built-in content compiled into the package), even from an editable checkout.
Runs are paired (A B A B ...) and every figure is the median of the per-pair ratios, so the
machine's load hits both sides alike. Output goes to a pipe, as in scripts (plain view),
except the Rich view, which runs in a pseudo-terminal.
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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

Cmd = tuple[list[str], dict[str, str]]


def install_wheel(target: Path) -> Path:
    """Build msback's wheel and install it (no dependencies: they are in this venv)."""
    dist = target / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("*.whl"))
    site = target / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(site / "msback")], check=True)
    return site


def time_once(cmd: Cmd, tty: bool = False) -> float:
    args, env = cmd
    start = time.perf_counter()
    if tty:
        leader, follower = pty.openpty()
        done = subprocess.run(args, env=env, stdout=follower, stderr=subprocess.PIPE, check=False)
        os.close(follower)
        while True:
            try:
                if not os.read(leader, 65536):
                    break
            except OSError:
                break
        os.close(leader)
    else:
        done = subprocess.run(
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def paired(a: Cmd, b: Cmd, rounds: int, tty_b: bool = False) -> tuple[float, float, float]:
    """Median seconds of A and of B, and the median of the per-pair ratios B / A."""
    time_once(a)
    time_once(b, tty_b)  # warm-up: OS file cache, bytecode, msback's cache
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(rounds):
        ta.append(time_once(a))
        tb.append(time_once(b, tty_b))
    ratios = [y / x for x, y in zip(ta, tb, strict=True)]
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def make_topics(target: Path, count: int) -> Path:
    """The real content plus COUNT realistic topics: copies of the real ones, new ids."""
    shutil.copytree(ROOT / "content", target)
    # Every topic but the guide's safety topic, whose warning-sign lists come from the guide.
    originals = sorted(
        p for p in (ROOT / "content" / "topics").glob("*.yaml") if p.stem != "red-flags"
    )
    for i in range(count):
        source = originals[i % len(originals)]
        text = source.read_text(encoding="utf-8")
        new_id = f"{source.stem}-copy-{i:05d}"
        lines = []
        for original in text.splitlines():
            if original.startswith("related: "):
                continue
            if original.startswith("id: "):
                lines.append(f"id: {new_id}")
            elif original.startswith("aliases: "):
                lines.append(f"aliases: [{new_id}-alias]")
            else:
                lines.append(original)
        (target / "topics" / f"{new_id}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return target


def stat_every_file(folder: Path, rounds: int) -> tuple[int, float]:
    """How many topic files a content folder has, and the median seconds to stat them all
    as msback does (by name, relative to the open folder)."""
    topics = os.open(folder / "topics", os.O_RDONLY)
    try:
        names = os.listdir(topics)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            for name in names:
                os.stat(name, dir_fd=topics)
            times.append(time.perf_counter() - start)
    finally:
        os.close(topics)
    return len(names), statistics.median(times)


class Report:
    def __init__(self) -> None:
        self.over: list[str] = []

    def line(self, label: str, value: float, unit: str, target: float | None) -> None:
        verdict = ""
        if target is not None:
            ok = value <= target
            verdict = f"  target <= {target:g}{unit}: {'ok' if ok else 'OVER'}"
            if not ok:
                self.over.append(label)
        print(f"  {label:<46} {value:7.2f}{unit}{verdict}")


def big_figures(
    report: Report,
    msback: list[str],
    env: dict[str, str],
    folder: Path,
    size: int,
    targets: tuple[float | None, float | None, float | None],
    rounds: int,
    quick: bool,
    show_seconds: float,
) -> None:
    """show, list and search in a big generated folder, against the default content."""
    big_env = {**env, "MSBACK_CONTENT_DIR": str(folder)}
    print(f"\nA --content-dir with {size:,} more realistic topics, against the default:")
    show_t, search_t, _ = targets
    for label, cmd_args, target in (
        ("show water-therapy", ["show", "water-therapy"], show_t),
        ("list", ["list"], None),
        ("search heat", ["search", "heat"], search_t),
    ):
        _, _, ratio = paired(([*msback, *cmd_args], env), ([*msback, *cmd_args], big_env), rounds)
        report.line(f"{label}: {size:,} topics / default", ratio, "x", target)
    # What no design avoids: the freshness check stats every file (see cache.py).
    count, floor_s = stat_every_file(folder, rounds)
    report.line(f"stat of all {count:,} files / default show", floor_s / show_seconds, "x", None)
    print(f"  {'':<46} ({floor_s * 1000:.0f} ms)")
    # The first run after an edit validates the folder again, reusing the topics of files
    # that did not change; show writes the cache without search's index (issue 19: <= 1 s
    # at 10,000 topics), and the first search after that adds the index.
    edited = folder / "topics" / "water-therapy.yaml"
    shows: list[float] = []
    searches: list[float] = []
    for i in range(5 if quick or size > 1000 else rounds):
        edited.write_text(edited.read_text("utf-8") + f"# edit {i}\n", "utf-8")
        shows.append(time_once(([*msback, "show", "pool"], big_env)))
        searches.append(time_once(([*msback, "search", "pool"], big_env)))
    report.line(
        f"first show after editing one file ({size:,} topics)", statistics.median(shows), " s", 1.0
    )
    report.line(f"then the first search ({size:,} topics)", statistics.median(searches), " s", None)
    edited.write_text(edited.read_text("utf-8") + "# edit\n", "utf-8")
    report.line(
        f"first search after editing one file ({size:,} topics)",
        time_once(([*msback, "search", "pool"], big_env)),
        " s",
        None,
    )


def ten_years_csv(path: Path) -> int:
    """A diary of ten years, three entries a day (about 11,000), as msback imports it."""
    import datetime as dt
    import random

    rng = random.Random(7)
    last = dt.date.today() - dt.timedelta(days=1)
    rows = ["date,time,pain,where,tried,spasticity,fatigue,note"]
    for back in range(3652, 0, -1):
        day = last - dt.timedelta(days=back - 1)
        for time_of_day in ("08:00", "13:00", "20:30"):
            tried = rng.choice(["", "water-therapy", "exercise", "water-therapy;exercise"])
            rows.append(f"{day},{time_of_day},{rng.randint(0, 10)},lower back,{tried},"
                        f"{rng.randint(0, 10)},,day {back}")  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def diary_figures(
    report: Report, msback: list[str], env: dict[str, str], tmp: Path, rounds: int
) -> None:
    """log against show, and history with ten years of entries against an empty diary."""
    print("\nThe pain diary (its data folder found as a real user's is, with platformdirs):")
    base = {k: v for k, v in env.items() if k != "MSBACK_HOME"}
    logging = {**base, "XDG_DATA_HOME": str(tmp / "data-log")}
    _, log_s, ratio = paired(([*msback, "show", "water-therapy"], logging),
                             ([*msback, "log", "5"], logging), rounds)  # fmt: skip
    report.line("msback log 5 / msback show water-therapy", ratio, "x", 1.1)
    print(f"  {'':<46} ({log_s * 1000:.0f} ms)")
    full = {**base, "XDG_DATA_HOME": str(tmp / "data-full")}
    count = ten_years_csv(tmp / "ten-years.csv")
    subprocess.run([*msback, "import", str(tmp / "ten-years.csv")], env=full, check=True,
                   capture_output=True)  # fmt: skip
    empty = {**base, "XDG_DATA_HOME": str(tmp / "data-empty")}
    _, _, ratio = paired(([*msback, "history"], empty), ([*msback, "history"], full), rounds)
    report.line(f"history, {count:,} entries / empty diary", ratio, "x", 1.5)
    clinic = [*msback, "report", "--format", "html"]
    _, _, ratio = paired((clinic, empty), (clinic, full), rounds)
    report.line(f"report (HTML, 90 days), {count:,} entries / empty", ratio, "x", 1.5)
    decade = [*msback, "report", "--days", "3652", "--format", "html"]
    _, _, ratio = paired((decade, empty), (decade, full), rounds)
    report.line(f"report of all ten years, {count:,} entries / empty", ratio, "x", None)


def remind_figure(
    report: Report, msback: list[str], env: dict[str, str], tmp: Path, rounds: int
) -> None:
    """A bare `msback remind` as a shell's start-up file runs it: in a terminal, a reminder
    due and nothing logged today, so it reads its setting and the diary and prints its line."""
    home = {**env, "MSBACK_HOME": str(tmp / "data-remind")}
    for args in (["log", "5", "--at", "yesterday 12:00"], ["remind", "--at", "00:00"]):
        subprocess.run([*msback, *args], env=home, check=True, capture_output=True)
    floor: Cmd = ([sys.executable, "-c", "pass"], env)
    _, seconds, ratio = paired(floor, ([*msback, "remind"], home), rounds, tty_b=True)
    report.line("msback remind / floor", ratio, "x", 3)
    print(f"  {'':<46} ({seconds * 1000:.0f} ms, in a pty: the floor's output is a pipe)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="1,000 topics only, 7 rounds")
    parser.add_argument(
        "--sizes", default="1000,10000", help="generated topic counts (default: 1000,10000)"
    )
    args = parser.parse_args()
    rounds = 7 if args.quick else args.rounds
    import typer

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site = install_wheel(tmp / "install")
        env = {**os.environ, "PYTHONPATH": str(site), "MSBACK_CACHE_DIR": str(tmp / "cache")}
        env.pop("MSBACK_CONTENT_DIR", None)
        msback = [sys.executable, str(site / "bin" / "msback")]
        bare = tmp / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        answers = str(ROOT / "benchmarks" / "answers.json")
        floor: Cmd = ([sys.executable, "-c", "pass"], env)
        typer_app: Cmd = ([sys.executable, str(bare), "show", "x"], env)
        print(
            f"Python {sys.version.split()[0]}, Typer {typer.__version__}, {rounds} paired rounds; "
            "each figure is the median of per-pair ratios"
        )
        report = Report()

        print("\nAgainst the floor (python -c pass) and a bare Typer app:")
        _, bare_s, bare_ratio = paired(floor, typer_app, rounds)
        report.line("bare Typer app / floor", bare_ratio, "x", None)
        commands: list[tuple[str, list[str], float | None, bool]] = [
            ("msback show water-therapy", ["show", "water-therapy"], 8, False),
            ("msback list", ["list"], 8, False),
            ("msback guide --answers FILE --json", ["guide", "--answers", answers, "--json"], 8,
             False),
            ("msback --help", ["--help"], None, False),
            ("msback search heat", ["search", "heat"], None, False),
            ("msback show water-therapy (Rich, in a pty)", ["show", "water-therapy"], None, True),
        ]  # fmt: skip
        show_seconds = 0.0
        for label, cmd_args, target, tty in commands:
            cmd: Cmd = ([*msback, *cmd_args], env)
            _, seconds, ratio = paired(floor, cmd, rounds, tty_b=tty)
            show_seconds = show_seconds or seconds
            _, _, vs_bare = paired(typer_app, cmd, rounds, tty_b=tty)
            report.line(f"{label} / floor", ratio, "x", target)
            report.line(f"{label} / bare Typer", vs_bare, "x", None)
            print(f"  {'':<46} ({seconds * 1000:.0f} ms)")

        remind_figure(report, msback, env, tmp, rounds)
        diary_figures(report, msback, env, tmp, rounds)

        sizes = [1000] if args.quick else [int(n) for n in args.sizes.split(",") if n]
        targets = {1000: (1.1, 2.0, None), 10000: (1.3, 3.0, None)}
        for size in sizes:
            targets.setdefault(size, (None, None, None))  # type: ignore[arg-type]
        for size in sizes:
            folder = make_topics(tmp / f"content-{size}", size)
            big_figures(report, msback, env, folder, size, targets[size], rounds, args.quick,
                        show_seconds)  # fmt: skip
        print(f"\n(bare Typer app: {bare_s * 1000:.0f} ms)")
        if report.over:
            print("Over target: " + ", ".join(report.over))


if __name__ == "__main__":
    main()
