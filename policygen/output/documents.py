"""Which documents a build writes, and how the optional ones plug into it.

The protocol and the handout are assembled for every build (the other documents draw on them:
the quiz cites the protocol's articles, the slides follow the handout). An optional document is
made by a *maker*: a function in its own sub-package that takes a ``DocumentRequest`` and
returns a ``MadeDocument`` (both in :mod:`policygen.request`). Makers are imported only when
their document is asked for, so a plain build never loads python-pptx or the training code.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from policygen.request import CORE_DOCUMENTS, DocumentRequest, MadeDocument

__all__ = ["ALL", "CORE", "DEFAULT", "MAKERS", "DocumentRequest", "MadeDocument", "maker",
           "parse"]

CORE = CORE_DOCUMENTS
# document → "module:function" of its maker
MAKERS: dict[str, str] = {
    "quiz": "policygen.training.quiz:make",
    "slides": "policygen.training.slides:make",
    "attendance": "policygen.training.attendance:make",
}
ALL = CORE + tuple(MAKERS)
DEFAULT = CORE


def parse(value: str) -> tuple[str, ...]:
    """``--documents protocol,quiz`` or ``all``: the documents in their canonical order."""
    asked = [part.strip() for part in value.split(",") if part.strip()]
    if "all" in asked:
        return ALL
    unknown = [name for name in asked if name not in ALL]
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown document {', '.join(unknown) or value!r}; choose from "
            f"{', '.join(ALL)} or all")
    return tuple(name for name in ALL if name in asked)


def maker(document: str) -> Callable[[DocumentRequest], MadeDocument]:
    """The function that makes ``document``, imported now."""
    module_name, _, function = MAKERS[document].partition(":")
    made: Callable[[DocumentRequest], MadeDocument] = getattr(
        importlib.import_module(module_name), function)
    return made

