"""Advice on an organisation's own plan, read from its answers file before the protocol goes out.

Rules (``rules/``, one module per family) look at the answers and report findings: plans that
contradict themselves, readiness gaps the source practice warns about, defaults the documents
now rely on, and legal points for the organisation's country. Light on purpose: a build prints
a one-line summary of it, so nothing here imports the clause library, Jinja or the DOCX stack.
"""
