"""Errors users see: one base class with a message, located and field problems.

Every error policygen raises on purpose is a :class:`PolicygenError`; the CLI turns it into
lines on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


class PolicygenError(Exception):
    """An error with a message meant for the user."""

    exit_code = 1

    def lines(self) -> list[str]:
        """The message as lines, one per problem."""
        return str(self).splitlines() or [type(self).__name__]


@dataclass(frozen=True)
class Problem:
    """One problem in one file: where it is (field path and/or line) and what is wrong."""

    file: str
    message: str
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class ProblemsError(PolicygenError):
    """Several problems found at once (a bad answers file, a bad library)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem."""
        return [str(p) for p in self.problems]


class OverwriteError(PolicygenError):
    """Outputs edited by a person would be overwritten."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = sorted(paths)
        names = ", ".join(str(p) for p in self.paths)
        super().__init__(
            f"refusing to overwrite files edited since the last build: {names} "
            "(move them away, or use --force to overwrite)"
        )


class MissingToolError(PolicygenError):
    """An optional external program (LibreOffice, git) is needed but not installed."""


class InternalError(PolicygenError):
    """A fault in policygen itself (a bug), reported like any other error, without a traceback."""

    @classmethod
    def of(cls, where: object | None, error: BaseException) -> InternalError:
        """The error for an unexpected exception while working on ``where`` (a file)."""
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        prefix = f"{where}: " if where is not None else ""
        return cls(f"{prefix}internal error ({detail}); please report it with the command "
                   "you ran")
