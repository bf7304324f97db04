"""Stage 4: the renderers.

Markdown to DOCX (body, runs, tables, card, package, house-style reference document, document
info) and DOCX to PDF.
"""
