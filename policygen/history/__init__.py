"""The library's history: what changed in the clauses since a git ref or an earlier build.

``check --since`` (every changed clause has a higher version and a CHANGELOG entry),
``clauses --since`` and ``changes`` (what changed for one organisation, rendered, and whether
staff must sign again) read the old library from git; the word-level diff is shared with the
Word redline. A plain build never imports this package.
"""
