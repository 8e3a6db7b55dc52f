"""Entry point for the `msback` console script and `python -m msback`."""

import sys


def main() -> None:
    """Run the command line interface and exit with its code."""
    try:
        from msback.cli import run

        code = run()
    except KeyboardInterrupt:  # an interrupt the handler above did not see
        sys.stderr.write("\nmsback: stopped.\n")
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
