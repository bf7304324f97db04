"""`python -m policygen`: the same as the `policygen` command."""

from policygen.cli import main

raise SystemExit(main())
