"""`python -m policygen`: the same as the `policygen` command."""

import sys

try:
    from policygen.cli import run
except KeyboardInterrupt:  # Ctrl-C while Python is still importing: no traceback either
    print("policygen: stopped by user", file=sys.stderr)
    raise SystemExit(130) from None

run()
