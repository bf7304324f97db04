"""A disk cache of compiled Jinja code, so a cold build does not compile every clause again.

Compiling the ~60 templates of a build costs more than everything else a build does; the
compiled code objects are kept in the user's cache folder, keyed by the sha256 of the source
and of everything else that shapes the code: policygen's and Jinja's versions, the Python
bytecode version and the environment's options (:func:`_salt`). Each entry carries a checksum
and a size cap, so a corrupt, truncated or oversized entry is ignored and compiled again. A
missing, stale or unreadable cache only costs a compile; a cache folder that cannot be written
is said once, as a :class:`CacheWarning`, and the run carries on without writing it.
``POLICYGEN_CACHE_DIR=`` (empty) turns the disk cache off.

Jinja's own ``FileSystemBytecodeCache`` was considered (issue 11): it only serves templates
loaded through a loader, not ``from_string``, keys on the source alone and has no size cap, so
it would be more code, not less.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import yaml
from jinja2 import Template, TemplateSyntaxError, nodes
from jinja2.environment import Environment, TemplateExpression
from jinja2.parser import Parser

from policygen import __version__
from policygen.errors import ProblemsError
from policygen.safeio import read_regular

# Raise when policygen changes the code it generates in a way the salt below cannot see.
ENVIRONMENT_VERSION = "2"
MAX_ENTRY_BYTES = 16_000_000  # a compiled 1 MB template is a few MB; anything larger is not ours
_MAGIC = b"pgc1"
_DIGEST = 16


_DATA_SALT = (f"{ENVIRONMENT_VERSION}|{__version__}|{yaml.__version__}|"
              f"{importlib.util.MAGIC_NUMBER.hex()}|data|")


class CacheWarning(UserWarning):
    """The compiled-code cache cannot be written; policygen carries on without it."""


_MEMORY: dict[str, Template] = {}
_DIRS: dict[tuple[str | None, ...], Path | None] = {}
_SALTS: dict[int, tuple[Environment, str]] = {}
_UNWRITABLE: set[Path] = set()  # cache folders already found unwritable (said once each)


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


def _name(value: Any) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def _salt(env: Environment) -> str:
    """Everything besides the source that shapes compiled code, as one string (per env)."""
    found = _SALTS.get(id(env))
    if found is not None and found[0] is env:
        return found[1]
    options = [_name(type(env)), env.block_start_string, env.block_end_string,
               env.variable_start_string, env.variable_end_string, env.comment_start_string,
               env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, _name(env.autoescape), env.optimized, env.is_async,
               _name(env.undefined), _name(env.finalize), sorted(env.extensions),
               sorted(getattr(env, "intercepted_binops", ())),
               sorted(getattr(env, "intercepted_unops", ())),
               # constant folding calls filters and tests at compile time
               sorted((key, _name(value)) for key, value in env.filters.items()),
               sorted((key, _name(value)) for key, value in env.tests.items()),
               sorted(env.globals)]
    digest = hashlib.sha256(repr(options).encode()).hexdigest()
    salt = (f"{ENVIRONMENT_VERSION}|{__version__}|{jinja2.__version__}|"
            f"{importlib.util.MAGIC_NUMBER.hex()}|{digest}|")
    _SALTS[id(env)] = (env, salt)
    return salt


def _key(salt: str, source: str) -> str:
    return hashlib.sha256((salt + source).encode()).hexdigest()


def _path(key: str) -> Path | None:
    """The file of a cache entry (None: disk cache off)."""
    folder = cache_dir()
    return folder / key[:2] / key if folder is not None else None


# Compiled code for the shipped library, written when policygen is installed (as Python writes
# .pyc files: `python -m policygen.clauselib.precompile`), so a user's first build compiles
# nothing it
# selects from that library. Read-only; the user's cache folder is looked in first.
# POLICYGEN_PRECOMPILED names another folder (the test suite: empty, none).
SHIPPED = Path(__file__).resolve().parent.parent / "precompiled"


def shipped_dir() -> Path | None:
    """The folder of the installation's compiled code, or None."""
    configured = os.environ.get("POLICYGEN_PRECOMPILED")
    if configured is not None:
        return Path(configured) if configured else None
    return SHIPPED


def _payload(key: str, path: Path | None) -> bytes | None:
    """An entry's payload from the user's cache, else from the installation's."""
    found = _read(path) if path is not None else None
    shipped = shipped_dir() if found is None else None
    if shipped is not None and shipped.is_dir() and path != shipped / key[:2] / key:
        found = _read(shipped / key[:2] / key)
    return found


def _read(path: Path) -> bytes | None:
    """An entry's payload, or None where it is missing, too large or not intact."""
    try:  # most look-ups miss one of the two folders: say so without building a message
        os.stat(path)
    except OSError:
        return None
    try:
        data = read_regular(path, limit=MAX_ENTRY_BYTES, what="cache entry")
    except ProblemsError:
        return None
    head, payload = data[:len(_MAGIC) + _DIGEST], data[len(_MAGIC) + _DIGEST:]
    digest = hashlib.blake2b(payload, digest_size=_DIGEST).digest()
    return payload if head == _MAGIC + digest else None


def _unmarshal(key: str, path: Path | None) -> Any:
    payload = _payload(key, path)
    if payload is None:
        return None
    try:
        # the user's own cache folder, written only by this module and checked against its
        # checksum: as trusted as the code
        return marshal.loads(payload)  # noqa: S302
    except (ValueError, EOFError, TypeError):
        return None


def _store(path: Path, payload: bytes) -> None:
    """Write a cache entry atomically; a cache that cannot be written is said once."""
    folder = path.parent.parent
    if folder in _UNWRITABLE or len(payload) > MAX_ENTRY_BYTES:
        return
    digest = hashlib.blake2b(payload, digest_size=_DIGEST).digest()
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + digest + payload)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        _UNWRITABLE.add(folder)
        warnings.warn(CacheWarning(
            f"cannot write the compiled-code cache in {folder} ({exc.strerror or exc}); "
            "carrying on without it (POLICYGEN_CACHE_DIR names another folder, empty turns "
            "the cache off)"), stacklevel=2)


def _globals(env: Environment) -> Any:
    """The template globals as a plain dict.

    Jinja copies them into every render, and copying a dict is much cheaper than copying the
    ChainMap ``make_globals`` returns. Nothing adds globals after the environment is made.
    """
    return dict(env.globals)


def _compiled(env: Environment, kind: str, source: str,
              compile_code: Callable[[], CodeType]) -> Template:
    key = _key(_salt(env) + kind, source)
    found = _MEMORY.get(key)
    if found is not None:
        return found
    path = _path(key)
    code = _unmarshal(key, path)
    if isinstance(code, CodeType):
        try:
            found = env.template_class.from_code(env, code, _globals(env), None)
        except Exception:  # noqa: BLE001 - an entry that does not run is compiled again
            found = None
    if found is None:
        code = compile_code()  # raises TemplateSyntaxError for a bad source
        if path is not None:
            _store(path, marshal.dumps(code))
        found = env.template_class.from_code(env, code, _globals(env), None)
    _MEMORY[key] = found
    return found


def template(env: Environment, source: str) -> Template:
    """``env.from_string(source)``, compiled at most once per source on this machine."""
    return _compiled(env, "template|", source, lambda: env.compile(source))


_NAMES: dict[str, frozenset[str]] = {}
CALLS = frozenset({"article", "cite"})  # functions whose constant argument is part of the path


def values_read(env: Environment, source: str) -> frozenset[str]:
    """The paths of the answer values a template reads (``organisation.short_name``), cached.

    Each is a top-level name (``tools``); where the template only ever reads attributes of it,
    ``name.attribute`` (``organisation.short_name``); and where it only calls it with a
    constant, ``name(argument)`` (``cite(roles.spokespeople)``, for the names in ``CALLS``).
    ``policygen check`` renders a clause once per distinct combination of these values instead
    of once per answer profile.
    """
    found = _NAMES.get(source)  # a str keeps its hash: a look-up by the text itself is cheap
    if found is not None:
        return found
    key = _key(_salt(env) + "paths2|", source)
    path = _path(key)
    text: str | None = None
    if path is not None:
        payload = _payload(key, path)  # the user's cache, else the installation's
        if payload is not None:
            try:
                text = payload.decode("utf-8")
            except UnicodeDecodeError:
                text = None
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
                and args and not call.kwargs \
                and all(isinstance(arg, nodes.Const) and isinstance(arg.value, str)
                        for arg in args):
            covered.add(id(target))
            paths.update(f"{target.name}({arg.value})" for arg in args
                         if isinstance(arg, nodes.Const))
    for name in tree.find_all(nodes.Name):
        if name.name in undeclared and id(name) not in covered:
            paths.add(name.name)
    return paths


def parsed(text: str, parse: Callable[[], Any]) -> Any:
    """Return ``parse()`` of a library file's text, kept like compiled code.

    YAML front matter, sections and labels: parsing them was most of a library's load time.
    """
    key = _key(_DATA_SALT, text)
    path = _path(key)
    payload = _payload(key, path)
    if payload is not None:
        try:
            return marshal.loads(payload)  # noqa: S302 - our own cache, see _unmarshal
        except (ValueError, EOFError, TypeError):
            pass
    data = parse()
    if path is not None:
        try:
            blob = marshal.dumps(data)
        except ValueError:  # a value marshal cannot hold (a date): just not cached
            return data
        _store(path, blob)
    return data


PACKAGE = Path(__file__).resolve().parent.parent  # policygen's own source


def source_digest(files: Iterable[Path], salt: str) -> str:
    """The sha256 of ``salt`` and of each of ``files`` (source of policygen), by name and bytes.

    A part of a key that changes with the source of the code that made a kept value: a source
    checkout's code changes without a new version.
    """
    digest = hashlib.sha256(salt.encode())
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.parent.name}/{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_entry(path: Path) -> bytes | None:
    """The payload of a cache entry file written by :func:`write_entry`, if it is intact."""
    return _read(path)


def write_entry(path: Path, payload: bytes) -> None:
    """Write a cache entry file atomically, with its checksum (a failure is said once)."""
    _store(path, payload)


def stored_data(key: str) -> Any:
    """The plain data kept under ``key`` (a sha256 the caller made), or None."""
    return _unmarshal(key, _path(key))


def store_data(key: str, payload: bytes) -> None:
    """Keep marshalled data under ``key`` in the user's cache (when it is on)."""
    path = _path(key)
    if path is not None:
        _store(path, payload)


def expression_source(source: str) -> str:
    """A template that reads the same names as the condition ``source`` (for :func:`names`)."""
    return "{% set result = (" + source + "\n) %}"


def expression(env: Environment, source: str) -> TemplateExpression:
    """``env.compile_expression(source, undefined_to_none=False)``, with the same cache.

    ``source`` is parsed as exactly one expression: ``1) %}{{ 7*7 }}{% set y = (1`` is a
    syntax error, not a template.
    """
    compiled = _compiled(env, "expression|", source,
                         lambda: env.compile(_expression_tree(env, source)))
    return TemplateExpression(compiled, undefined_to_none=False)


def _expression_tree(env: Environment, source: str) -> nodes.Template:
    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("a condition is one expression; more follows it "
                                  f"({parser.stream.current.value!r})",
                                  parser.stream.current.lineno)
    tree = nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)],
                          lineno=1)
    tree.set_environment(env)
    return tree
