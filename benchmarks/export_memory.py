"""Export memory benchmark: peak memory of ``msback history --fhir/--json/--csv`` with a
large diary against a small one (issue 16's bar: 110,000 entries at most 1.5x 1,000).

Run it with the venv's Python:  python benchmarks/export_memory.py [--large 110000]

Each export runs as its own process, its output thrown away; the figure is that process's
peak resident memory (``ru_maxrss``), the median of a few runs. Exports stream (an entry at
a time), so the large diary should need little more than Python and msback themselves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

MSBACK = str(Path(sys.executable).parent / "msback")


def fill(home: Path, count: int) -> None:
    """A diary of ``count`` entries, a few a day, with notes and what was tried."""
    import datetime as dt

    from msback.diary.database import open_diary
    from msback.diary.entry import Entry

    start = dt.datetime(1990, 1, 1, 8, 0)
    entries = [
        Entry(
            (start + dt.timedelta(hours=8 * i)).strftime("%Y-%m-%d %H:%M"),
            i % 11,
            "lower back",
            ("water-therapy",) if i % 3 else (),
            (("fatigue", i % 11),),
            f"entry {i}: a note of the kind people write, cafe and all",
        )
        for i in range(count)
    ]
    with open_diary(home) as diary:
        diary.add(entries)


def peak_kib(home: Path, fmt: str) -> int:
    """The peak memory of one export, in KiB (Linux reports ru_maxrss in KiB)."""
    code = (
        "import os, resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    env = {**os.environ, "MSBACK_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", code, MSBACK, "history", f"--{fmt}"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=110_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        homes = {}
        for count in (args.small, args.large):
            homes[count] = Path(tmp) / f"home-{count}"
            fill(homes[count], count)
        print(f"peak memory of the export, median of {args.runs} runs (bar: at most 1.5x)")
        for fmt in ("fhir", "json", "csv"):
            small = statistics.median(peak_kib(homes[args.small], fmt) for _ in range(args.runs))
            large = statistics.median(peak_kib(homes[args.large], fmt) for _ in range(args.runs))
            print(
                f"  history --{fmt:4}  {args.small:>7,} entries: {small / 1024:6.1f} MiB   "
                f"{args.large:>7,}: {large / 1024:6.1f} MiB   ratio {large / small:.2f}x"
            )


if __name__ == "__main__":
    main()
