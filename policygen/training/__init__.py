"""The trainer's kit: documents made beside the protocol and handout (quiz, slides, attendance).

Each module here is a maker for ``policygen.output.documents``, imported only when a build asks
for its document, so a plain build never loads this package or what it needs (python-pptx).
"""
