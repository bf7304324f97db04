"""The attendance and acknowledgement sheet (``attendance.docx``): who was trained on which version.

HR files it as proof that staff were trained on *this* version of the protocol, so it prints
what the manifest records: the protocol's version (the date it takes effect, or that it is a
draft), the clause library's release and version, and in an annex every article with its
clause id and version. Staff sign, in a form of numbered rows tall enough to sign in whose
header row repeats on every page, that they have read and understood the protocol and will
follow it; for a draft, which is not in force and which a works council may still change,
only that they attended the training on it (``statement_draft``).

The wording is the library's (``attendance`` in ``templates/labels.yaml``); answer values are
escaped, so they print literally. The sheet is Markdown rendered by the build's DOCX renderer
(the house style, properties and footer of the protocol); the form is a table marked
``<!-- form: ... -->`` (:mod:`policygen.render.docx_form`).
"""

from __future__ import annotations

from collections.abc import Mapping

from policygen.assembly.assemble import select_documents
from policygen.errors import PolicygenError
from policygen.language.filters import format_date
from policygen.language.mdescape import escape
from policygen.request import DocumentRequest, MadeDocument

ROWS = 34  # fills the first page below the statement, and a second
COLUMNS = "6 34 24 14 22"  # no., name, department, date, signature: per cent of the width
BLANK = escape("_" * 28)  # a line to write on


def make(request: DocumentRequest) -> MadeDocument:
    """The sheet for this build's protocol, in the build's language."""
    protocol = request.documents["protocol"]
    language = protocol.language
    words = _labels(request.library.labels, language, str(request.library.root))
    org = request.answers.data["organisation"]
    effective = org["effective_date"]
    version = (words["version_of"].replace("{date}", format_date(effective, language))
               if effective else words["draft"])
    trainer = request.answers.data["training"].get("trainer")
    articles = _article_numbers(request, protocol.edition)
    title = f"{words['title']} — {org['name']}"
    statement = (words["statement" if effective else "statement_draft"]
                 .replace("{organisation}", escape(org["name"])).replace("{version}", version))
    lines = [
        f"# {escape(title)}", "",
        f"**{words['session']}:** {words['session_name']}  ",
        f"**{words['date']}:** {BLANK}  ",
        f"**{words['place']}:** {BLANK}  ",
        f"**{words['trainer']}:** {escape(trainer) if trainer else BLANK}  ",
        f"**{words['protocol']}:** {version}  ",
        f"**{words['library']}:** {escape(request.library.release)} "
        f"({escape(request.library_version)})", "",
        f"## {words['statement_heading']}", "",
        words["statement_intro"], "",
        f"> {statement}", "",
        words["keep"], "",
        f"## {words['signatures']}", "",
        f"<!-- form: {COLUMNS} -->", "",
        f"| {words['number']} | {words['name']} | {words['department']} | "
        f"{words['signed_on']} | {words['signature']} |",
        "|---|---|---|---|---|",
        *(f"| {number} |  |  |  |  |" for number in range(1, ROWS + 1)), "",
        "---", "",
        f"## {words['annex']}", "",
        words["annex_intro"], "",
        f"| {words['article']} | {words['heading']} | {words['clause']} | {words['version']} |",
        "|---|---|---|---|",
        *(f"| {articles.get(clause.id, '')} | {escape(clause.title[language])} | "
          f"{escape(clause.id)} | {escape(clause.version)} |" for clause in protocol.clauses),
        "",
    ]
    data = request.docx("\n".join(lines), "attendance", title)
    return MadeDocument(
        kind="attendance", files={"attendance.docx": data},
        clauses=[(clause.id, clause.version) for clause in protocol.clauses],
        extra={"attests": "protocol", "protocol_effective_date":
               effective.isoformat() if effective else None,
               "protocol_edition": protocol.edition or "full",
               "library_version": request.library_version,
               "library_release": request.library.release, "rows": ROWS})


def _labels(labels: Mapping[str, object], language: str, root: str) -> dict[str, str]:
    """The sheet's wording in ``language``; a library without it is told which key is missing."""
    entries = labels.get("attendance")
    needed = ("title", "session", "session_name", "date", "place", "trainer", "protocol",
              "version_of", "draft", "library", "statement_heading", "statement_intro",
              "statement", "statement_draft", "keep", "signatures", "number", "name",
              "department", "signed_on", "signature", "annex", "annex_intro", "article",
              "clause", "version", "heading")
    words: dict[str, str] = {}
    for key in needed:
        entry = entries.get(key) if isinstance(entries, Mapping) else None
        text = entry.get(language) if isinstance(entry, Mapping) else None
        if not isinstance(text, str) or not text.strip():
            raise PolicygenError(f"{root}/templates/labels.yaml: attendance.{key}.{language}: "
                                 "required for the attendance sheet (--documents attendance)")
        words[key] = text
    return words


def _article_numbers(request: DocumentRequest, edition: str | None) -> dict[str, str]:
    """Each protocol clause's article number, as the protocol was numbered in this build."""
    blocks, _ = select_documents(request.answers, request.library,
                     protocol_edition=edition or "full")["protocol"]
    return {article.clause.id: article.number for block in blocks for article in block.articles}
