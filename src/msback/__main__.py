"""Entry point for the `msback` console script and `python -m msback`."""

import sys


def main() -> None:
    """Run the command line interface and exit with its code."""
    from msback.cli import run

    sys.exit(run())


if __name__ == "__main__":
    main()
