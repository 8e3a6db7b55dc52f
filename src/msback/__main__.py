"""Entry point for the `msback` console script and `python -m msback`."""

import sys


def main() -> None:
    """Run the command line interface and exit with its code."""
    if sys.argv[1:] == ["remind"]:  # from a shell's start-up file: answered without Typer
        from msback.diary.reminder import quick

        sys.exit(quick())
    import os
    import signal

    try:
        from msback.cli import run

        code = run()
    except KeyboardInterrupt:  # an interrupt the launcher's handler did not see
        sys.stderr.write("\nmsback: stopped.\n")
        code = 130
    # The work is done and written; Ctrl-C while Python shuts down just ends it, quietly.
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))
    sys.exit(code)


if __name__ == "__main__":
    main()
