"""Stage 3: assembly.

Which clauses a document gets for these answers, and the Markdown they make together.
"""
