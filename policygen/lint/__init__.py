"""``policygen check``.

Linting a clause library against the answers profiles it must render for.
"""
