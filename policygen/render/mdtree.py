"""markdown-it-py's syntax tree, built in one pass over the tokens and taken apart after use.

:class:`~markdown_it.tree.SyntaxTreeNode` builds itself by copying every container's tokens
into its children, once per nesting level, creating each node through its constructor: for the
8,500-word protocol that took 34 million instructions, more than rendering the body (22
million) and a fifth of the whole DOCX render. :func:`syntax_tree` makes the same tree of
``SyntaxTreeNode`` objects in 11 million, with one pass and a stack, filling in the attributes
the constructor sets and storing each node's ``type`` instead of deriving it on every read.
The tests compare its trees with ``SyntaxTreeNode(tokens)``; should a release of
markdown-it-py keep other attributes, it falls back to the constructor.

:func:`parse` gives the tokens of a document block by block, each top-level block's tokens
remembered: a batch's documents share most of their paragraphs, lists and tables, and parsing
was half the time of a DOCX. A document is cut only where no block can run on into the next
(see :data:`_SPLIT`), and one whose Markdown could make blocks depend on each other (fenced
code, reference definitions, deep nesting) is parsed whole, so the tokens are always those of
one parse of the whole text; the tests compare them on the goldens and on random documents.
"""

from __future__ import annotations

import gc
import re
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import markdown_it.tree
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

_PAIR: Any = getattr(markdown_it.tree, "_NesterTokens", None)  # a container's (open, close)
ONE_PASS = _PAIR is not None and set(vars(SyntaxTreeNode())) == {
    "token", "nester_tokens", "_parent", "_children"}


class Node(SyntaxTreeNode):
    """A :class:`SyntaxTreeNode` whose ``type`` is stored, not derived on every access."""

    type: str = "root"  # each node's own is set as it is made
    token: Token | None = None  # a container's, and the root's, stay None
    nester_tokens: Any = None  # a leaf's, and the root's, stay None
    source: Tokens | None = None  # the root's: the tokens it was made of, when from parse()


# -- parsing block by block ---------------------------------------------------------------

# A cut: after a blank line, before a line that starts in the first column and is no list
# item. Every open block ends there: a paragraph, table or indented code at the blank line, a
# block quote at the unquoted line, a list item (and its list, since no item follows) at the
# unindented line. What could carry on over a blank line is whole-document only: a fence,
# and a reference definition used elsewhere.
_SPLIT = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*(?=[^\s\-+*0-9])")
_WHOLE_ONLY = ("```", "~~~", "]:", "\r", "\0")
CACHE_CHARS = 1_000_000  # of Markdown remembered per parser; its tokens take ~40 times more


class Tokens(list[Token]):
    """A document's tokens from :func:`parse`, knowing how to parse its text in one piece."""

    def __init__(self, parser: MarkdownIt, markdown: str) -> None:
        super().__init__()
        self.parser = parser
        self.markdown = markdown

    def whole(self) -> list[Token]:
        """The same tokens, from one parse of the whole text (with its own line numbers)."""
        return self.parser.parse(self.markdown)


# Rules whose tokens for a block do not depend on the blocks around it (with raw HTML off; an
# HTML block, such as a comment, runs on over blank lines). Inline rules work in one block.
BLOCK_RULES = frozenset(("table", "code", "fence", "blockquote", "hr", "list", "reference",
                         "html_block", "heading", "lheading", "paragraph"))
CORE_RULES = frozenset(("normalize", "block", "inline", "linkify", "replacements",
                        "smartquotes", "text_join"))


class _Blocks:
    """The tokens of the blocks one parser has parsed, the least recently used dropped first."""

    def __init__(self, parser: MarkdownIt) -> None:
        self.tokens: dict[str, list[Token]] = {}
        self.chars = 0
        self.inlines: dict[str, tuple[Token, ...]] = {}  # an inline text's tokens, joined
        self.usable = (not parser.options.get("html")
                       and BLOCK_RULES.issuperset(parser.block.ruler.get_active_rules())
                       and CORE_RULES.issuperset(parser.core.ruler.get_active_rules()))


_CACHES: weakref.WeakKeyDictionary[MarkdownIt, _Blocks] = weakref.WeakKeyDictionary()


def parse(parser: MarkdownIt, markdown: str) -> Tokens:
    """``parser.parse(markdown)``, block by block, each block's tokens remembered.

    The tokens are shared between the documents that have a block in common: read them, never
    change them. Their line numbers (``map``) count from the first line of the text they were
    parsed in; :func:`source_line` gives a node's line in the document. ``parser`` must not
    be configured again after its first use here.
    """
    result = Tokens(parser, markdown)
    cache = _CACHES.get(parser)
    if cache is None:
        cache = _CACHES[parser] = _Blocks(parser)
    if not cache.usable or any(part in markdown for part in _WHOLE_ONLY):
        result += parser.parse(markdown)
        return result
    known = cache.tokens
    cuts = [match.end() for match in _SPLIT.finditer(markdown)]
    blocks = [markdown[start:end]
              for start, end in zip([0, *cuts], [*cuts, len(markdown)], strict=True)]
    distinct = dict.fromkeys(blocks)
    missing = []
    for block in distinct:  # the known ones become the most recently used
        tokens = known.pop(block, None)
        if tokens is None:
            missing.append(block)
        else:
            known[block] = tokens
    if missing:
        found = _parse_blocks(parser, missing, cache)
        if found is None:
            result += parser.parse(markdown)
            return result
        known.update(found)
        cache.chars += sum(map(len, found))
        while cache.chars > CACHE_CHARS and len(known) > len(distinct):  # this one's stay
            oldest = next(iter(known))
            cache.chars -= len(oldest)
            del known[oldest]
    for block in blocks:
        result += known[block]
    return result


_ENDS_BLANK = re.compile(r"\n[ \t]*\n\Z")
_STARTS_SAFE = re.compile(r"[^\s\-+*0-9]")


def _parse_blocks(parser: MarkdownIt, blocks: list[str],
                  cache: _Blocks) -> dict[str, list[Token]] | None:
    """Each block's tokens, or None if one nests so deep that markdown-it skips the rest.

    Blocks are parsed together, as one text whose tokens are cut at each block's first line,
    wherever the first ends in a blank line and the next begins as a block after a cut does
    (a document's last and first blocks need not).
    """
    groups: list[list[str]] = []
    for block in blocks:
        if groups and _ENDS_BLANK.search(groups[-1][-1]) and _STARTS_SAFE.match(block):
            groups[-1].append(block)
        else:
            groups.append([block])
    deepest = parser.options.maxNesting - 1  # an opening this deep: the rest is skipped
    found: dict[str, list[Token]] = {}
    for group in groups:
        tokens = _parse_text(parser, "".join(group), cache)
        if any(token.level >= deepest for token in tokens):
            return None
        index, line = 0, 0
        for number, block in enumerate(group):
            first = index
            if number == len(group) - 1:
                index = len(tokens)
            else:
                line += block.count("\n")
                while index < len(tokens) and not _starts_at(tokens[index], line):
                    index += 1
            found[block] = tokens[first:index]
    return found


_PLAIN_CORE = ["normalize", "block", "inline", "text_join"]
INLINES_REMEMBERED = 20_000  # inline texts (a table cell, a paragraph), the oldest dropped


def _parse_text(parser: MarkdownIt, text: str, cache: _Blocks) -> list[Token]:
    """``parser.parse(text)``, each inline text parsed once (a table cell, a paragraph).

    As markdown-it's core rules do it (blocks, then each inline text, then its text tokens
    joined), where those are all the rules; the tokens of an inline text are shared.
    """
    if parser.core.ruler.get_active_rules() != _PLAIN_CORE:
        return parser.parse(text)
    normalize, block, _, join = parser.core.ruler.getRules("")
    state = StateCore(text, parser, {})
    normalize(state)
    block(state)
    if state.env:  # a reference definition: every inline text may depend on it
        return parser.parse(text)
    known = cache.inlines
    one = StateCore("", parser, state.env)
    for token in state.tokens:
        if token.type != "inline":
            continue
        children = known.get(token.content)
        if children is None:
            token.children = []
            parser.inline.parse(token.content, parser, state.env, token.children)
            one.tokens = [token]
            join(one)
            if len(known) >= INLINES_REMEMBERED:
                del known[next(iter(known))]
            children = known[token.content] = tuple(token.children or ())
        token.children = list(children)
    return state.tokens


def _starts_at(token: Token, line: int) -> bool:
    """Whether ``token`` is a top-level block's first token on ``line`` or later."""
    return token.level == 0 and token.nesting != -1 and token.map is not None \
        and token.map[0] >= line


@contextmanager
def syntax_tree(tokens: Sequence[Token]) -> Iterator[Node]:
    """The syntax tree of ``tokens`` for a ``with`` block; taken apart when the block ends.

    A node and its parent refer to each other, so a tree left as it is waits for Python's
    cyclic garbage collector; emptying every node's children at the end frees it at once.
    Meanwhile the collector is paused: it could find nothing to free in the tree, and would
    only walk its thousands of nodes again and again as they are made.
    """
    collecting = gc.isenabled()
    gc.disable()
    parents: list[Node] = []  # every node with children
    try:
        if ONE_PASS:
            root = Node()
            _add_children(root, tokens, parents)
        else:
            root = Node(tokens)
            parents = [node for node in root.walk() if node.children]
            for node in root.walk():
                node.type = super(Node, node).type
        if isinstance(tokens, Tokens):
            root.source = tokens
        yield root
    finally:
        for node in parents:
            node.children.clear()
        if collecting:
            gc.enable()


def _add_children(parent: Node, tokens: Sequence[Token], parents: list[Node]) -> None:
    """Add the nodes of ``tokens`` under ``parent``, and those that get children to ``parents``."""
    parents.append(parent)
    new, pair = object.__new__, tuple.__new__  # as the constructors would, without their code
    stack: list[Node] = []  # the open containers, each holding its opening token meanwhile
    for token in tokens:
        nesting = token.nesting
        if nesting == -1:
            if not stack:
                raise ValueError("Invalid token nesting")
            opened = stack.pop()
            opened.nester_tokens = pair(_PAIR, (opened.nester_tokens, token))
            parent = opened._parent
            continue
        node: Node = new(Node)
        node._parent = parent
        node._children = []
        parent._children.append(node)
        if nesting == 1:
            node.type = token.type.removesuffix("_open")
            node.nester_tokens = token
            parents.append(node)
            stack.append(node)
            parent = node
        else:
            node.token = token
            node.type = token.type
            if token.children:
                _add_children(node, token.children, parents)
    if stack:
        raise ValueError(f"unclosed tokens starting {stack[0].nester_tokens}")


def source_line(node: SyntaxTreeNode) -> int | None:
    """The line of the Markdown (from 1) where ``node``, or the nearest block around it, starts.

    A tree of :func:`parse`'s tokens is made again from one parse of the whole text (cached
    tokens count lines from their own block), and the node at the same place in it is asked.
    """
    path: list[int] = []
    current = node
    while current.parent is not None:
        path.append(current.parent.children.index(current))
        current = current.parent
    source = current.source if isinstance(current, Node) else None
    if source is None:
        return _line(node)
    with syntax_tree(source.whole()) as root:
        same: SyntaxTreeNode = root
        for index in reversed(path):
            same = same.children[index]
        return _line(same)


def _line(node: SyntaxTreeNode) -> int | None:
    current: SyntaxTreeNode | None = node
    while current is not None and not current.is_root:
        if current.map:
            return current.map[0] + 1
        current = current.parent
    return None
