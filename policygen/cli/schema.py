"""`policygen schema`: the JSON Schema of the answers file."""

from __future__ import annotations

import argparse
import json

HELP = "print the JSON Schema of the answers file"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from policygen.answers.schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0
