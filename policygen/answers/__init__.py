"""Stage 1: the answers.

The schema of an answers file, its field checks, YAML reading, and what is derived from the
answers alone (weekly hours, crisis routes).
"""
