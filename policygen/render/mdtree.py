"""markdown-it-py's syntax tree, built in one pass over the tokens and taken apart after use.

:class:`~markdown_it.tree.SyntaxTreeNode` builds itself by copying every container's tokens
into its children, once per nesting level, creating each node through its constructor: for the
8,500-word protocol that took 34 million instructions, more than rendering the body (22
million) and a fifth of the whole DOCX render. :func:`syntax_tree` makes the same tree of
``SyntaxTreeNode`` objects in 11 million, with one pass and a stack, filling in the attributes
the constructor sets and storing each node's ``type`` instead of deriving it on every read.
The tests compare its trees with ``SyntaxTreeNode(tokens)``; should a release of
markdown-it-py keep other attributes, it falls back to the constructor.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import markdown_it.tree
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
