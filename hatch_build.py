"""Wheel build hook: ship the shipped library's compiled code, as Python ships .pyc files.

Runs ``python -m policygen.clauselib.precompile`` against the source tree and puts the result at
``policygen/precompiled/`` in the wheel. Where the build environment lacks policygen's own
dependencies (an isolated build without Jinja2), the wheel is built without it and a user's
first build compiles what it selects, as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrecompileHook(BuildHookInterface):  # type: ignore[misc]
    """Compile the clause library into the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Precompile into a temporary folder and add it to the wheel."""
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="policygen-precompiled-"))
        env = {**os.environ, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-m", "policygen.clauselib.precompile",
                                       "--out", str(out),
                               "--library", str(root)], env=env, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            self.app.display_warning("policygen: the clause library was not precompiled "
                                     f"({done.stderr.strip().splitlines()[-1:]}); the wheel "
                                     "works, a first build compiles what it uses")
            return
        build_data["force_include"][str(out)] = "policygen/precompiled"
