"""The trainer's kit: documents made beside the protocol and handout (quiz, slides, attendance).

Each module here is a maker for ``policygen.output.documents``, imported only when a build asks
for its document, so a plain build never loads this package. The slide deck is written as
PresentationML directly on python-pptx's own template (as the DOCX writer writes WordprocessingML
directly), byte for byte what python-pptx itself would save; the tests open and re-save every
deck with python-pptx.
"""
