"""A disk cache of compiled Jinja code, so a cold build does not compile every clause again.

Compiling the ~60 templates of a build costs more than everything else a build does; the
compiled code objects are kept in the user's cache folder, keyed by the sha256 of the source,
the Jinja version and the Python bytecode version. A missing, stale or unreadable cache only
costs a compile; ``POLICYGEN_CACHE_DIR=`` (empty) turns the disk cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import Template
from jinja2.environment import Environment, TemplateExpression

# Raise when the environment's options (finalize, trim_blocks, ...) change the generated code.
ENVIRONMENT_VERSION = "1"
_SALT = f"{ENVIRONMENT_VERSION}|{jinja2.__version__}|{importlib.util.MAGIC_NUMBER.hex()}|"

_MEMORY: dict[str, Template] = {}


_DIRS: dict[tuple[str | None, ...], Path | None] = {}


def cache_dir() -> Path | None:
    """Where compiled code is kept (None: disk cache off)."""
    settings = tuple(os.environ.get(name) for name in ("POLICYGEN_CACHE_DIR", "XDG_CACHE_HOME",
                                                       "HOME"))
    if settings in _DIRS:
        return _DIRS[settings]
    configured, xdg, _ = settings
    if configured is not None:
        found = Path(configured) if configured else None
    else:
        found = Path(xdg or str(Path.home() / ".cache")) / "policygen" / "jinja"
    _DIRS[settings] = found
    return found


def _load(path: Path) -> CodeType | None:
    try:
        # the user's own cache folder, written only by this module: as trusted as the code
        code = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _store(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is no error."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _globals(env: Environment) -> Any:
    """The template globals as a plain dict.

    Jinja copies them into every render, and copying a dict is much cheaper than copying the
    ChainMap ``make_globals`` returns. Nothing adds globals after the environment is made.
    """
    return dict(env.globals)


def template(env: Environment, source: str) -> Template:
    """``env.from_string(source)``, compiled at most once per source on this machine."""
    key = hashlib.sha256((_SALT + source).encode()).hexdigest()
    found = _MEMORY.get(key)
    if found is not None:
        return found
    folder = cache_dir()
    path = folder / key[:2] / key if folder is not None else None
    code = _load(path) if path is not None else None
    if code is None:
        code = env.compile(source)  # raises TemplateSyntaxError for a bad source
        if path is not None:
            _store(path, marshal.dumps(code))
    found = _MEMORY[key] = env.template_class.from_code(env, code, _globals(env), None)
    return found


_NAMES: dict[str, frozenset[str]] = {}
CALLS = frozenset({"article", "cite"})  # functions whose constant argument is part of the path


def names(env: Environment, source: str) -> frozenset[str]:
    """The answer values a template reads, cached like code.

    Each is a top-level name (``tools``); where the template only ever reads attributes of it,
    ``name.attribute`` (``organisation.short_name``); and where it only calls it with a
    constant, ``name(argument)`` (``cite(roles.spokespeople)``, for the names in ``CALLS``).
    ``policygen check`` renders a clause once per distinct combination of these values instead
    of once per answer profile.
    """
    found = _NAMES.get(source)  # a str keeps its hash: a look-up by the text itself is cheap
    if found is not None:
        return found
    key = hashlib.sha256((_SALT + "paths2|" + source).encode()).hexdigest()
    folder = cache_dir()
    path = folder / key[:2] / key if folder is not None else None
    text: str | None = None
    if path is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = path.read_text(encoding="utf-8")
    if text is None:
        text = "\n".join(sorted(_read_paths(env, source)))
        if path is not None:
            _store(path, text.encode("utf-8"))
    found = _NAMES[source] = frozenset(filter(None, text.split("\n")))
    return found


def _read_paths(env: Environment, source: str) -> set[str]:
    from jinja2 import meta, nodes

    tree = env.parse(source)
    undeclared = meta.find_undeclared_variables(tree)
    paths: set[str] = set()
    covered: set[int] = set()
    node: Any
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        target = node.node
        if not isinstance(target, nodes.Name) or target.name not in undeclared:
            continue
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            attr = node.arg.value
        else:
            continue
        covered.add(id(target))
        paths.add(f"{target.name}.{attr}")
    for call in tree.find_all(nodes.Call):
        target, args = call.node, call.args
        if isinstance(target, nodes.Name) and target.name in CALLS and target.name in undeclared \
                and len(args) == 1 and not call.kwargs and isinstance(args[0], nodes.Const) \
                and isinstance(args[0].value, str):
            covered.add(id(target))
            paths.add(f"{target.name}({args[0].value})")
    for name in tree.find_all(nodes.Name):
        if name.name in undeclared and id(name) not in covered:
            paths.add(name.name)
    return paths


def parsed(text: str, parse: Callable[[], Any]) -> Any:
    """Return ``parse()`` of a library file's text, kept like compiled code.

    YAML front matter, sections and labels: parsing them was most of a library's load time.
    """
    key = hashlib.sha256((_SALT + "data|" + text).encode()).hexdigest()
    folder = cache_dir()
    path = folder / key[:2] / key if folder is not None else None
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())  # noqa: S302 - our own cache, see _load
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = parse()
    if path is not None:
        try:
            blob = marshal.dumps(data)
        except ValueError:  # a value marshal cannot hold (a date): just not cached
            return data
        _store(path, blob)
    return data


def expression_source(source: str) -> str:
    """The template an expression is compiled as (its value ends up in ``result``)."""
    return "{% set result = (" + source + "\n) %}"


def expression(env: Environment, source: str) -> TemplateExpression:
    """``env.compile_expression(source, undefined_to_none=False)``, with the same cache."""
    compiled = template(env, expression_source(source))
    return TemplateExpression(compiled, undefined_to_none=False)
