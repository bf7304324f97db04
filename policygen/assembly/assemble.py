"""Clause selection and document assembly: answers + library → one Markdown text per document.

Selection keeps the clauses whose conditions hold; the protocol's sections and articles are
numbered (sections 1, 2, …; articles 1.1, 1.2, …) before any body renders, so every body, and
the handout above all, can cite the protocol article a rule comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from policygen import __version__
from policygen.answers import hours, ladder, routing
from policygen.answers.schema import Answers
from policygen.clauselib import library as library_module
from policygen.clauselib.clause import Clause, ClauseRenderError, reason, template_line
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import Problem
from policygen.language import environment as templating
from policygen.language.filters import add_months
from policygen.language.mdescape import MarkdownSafe, escape
from policygen.language.nounphrase import RoleName

_ARTICLE_WORD = {"nl": "artikel", "en": "article"}


@dataclass(slots=True)
class Article:
    """A selected clause in its place: number (protocol only), title and rendered body."""

    clause: Clause
    number: str
    title: MarkdownSafe
    body: str = ""


@dataclass(slots=True)
class SectionBlock:
    """A section with at least one selected clause."""

    id: str
    number: int
    title: MarkdownSafe
    articles: list[Article] = field(default_factory=list)


for _record in (Article, SectionBlock, Clause):  # what the document templates read most
    templating.allow_fields(_record)


@dataclass
class AssembledDocument:
    """One document as Markdown, with the clauses that went into it."""

    kind: str
    title: str
    language: str
    markdown: str
    clauses: list[Clause]
    edition: str | None = None


def base_context(answers: Answers, library: ClauseLibrary) -> dict[str, Any]:
    """What conditions and bodies see: the answers' top-level keys plus derived values.

    Every role in the answers is a :class:`RoleName`, which prints only with its article
    (``| the``); ``law`` holds the legal references of the organisation's country;
    ``crisis_routes`` the ladder step that owns each crisis signal; every level has its
    effective response time, ``within`` (hours) and ``crisis_minutes`` (:mod:`answers.ladder`).
    """
    data = with_roles(answers.data)
    data["escalation"]["levels"] = ladder.with_times(data["escalation"])
    org = data["organisation"]
    effective: dt.date | None = org["effective_date"]
    monitoring = data["escalation"]["monitoring_hours"]
    return {
        **data,
        "labels": library.labels,
        "law": law_for(library, org["country"], answers.language),
        "draft": effective is None,
        "round_the_clock": hours.is_round_the_clock(monitoring),
        "weekend_moment": hours.weekend_moment(monitoring),
        "next_review": add_months(effective, org["review_months"]) if effective else None,
        "crisis_routes": routing.routes(data["escalation"]),
    }


def _role(value: str | None, article: str | None = None) -> RoleName | None:
    return RoleName(value, article) if value else None


def with_roles(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the answers in which every role or team is a :class:`RoleName`."""
    org, perms, escalation = data["organisation"], data["permissions"], data["escalation"]
    owner = org["policy_owner"]
    return {
        **data,
        "organisation": {**org, "policy_owner": {
            **owner, "role": _role(owner["role"], owner.get("article"))}},
        "permissions": {**perms, "approver": _role(perms.get("approver")),
                        "official_spokespeople": [RoleName(role)
                                                  for role in perms["official_spokespeople"]]},
        "official_accounts": [{**account, "managed_by": _role(account.get("managed_by"))}
                              for account in data["official_accounts"]],
        "escalation": {**escalation,
                       "crisis_log_keeper": _role(escalation.get("crisis_log_keeper")),
                       "levels": [{**level, "name": _role(level["name"], level.get("article"))}
                                  for level in escalation["levels"]]},
        "tools": [{**tool, "users": _role(tool.get("users"))} for tool in data["tools"]],
        "reporting": {**data["reporting"], "to": _role(data["reporting"].get("to"))},
    }


def law_for(library: ClauseLibrary, country: str, language: str) -> dict[str, str | None]:
    """The legal references of ``country`` in ``language`` (none where it has no such thing).

    From the labels' ``law_<country>`` kind, or ``law_EU`` for a country without its own.
    """
    texts = library.labels.get(f"law_{country}") or library.labels.get("law_EU") or {}
    return {key: (entry[language] or None) for key, entry in texts.items()}


Applies = Callable[[Clause, dict[str, Any]], bool]


def select(library: ClauseLibrary, kind: str, context: dict[str, Any],
           edition: str | None = None, applies: Applies | None = None) -> list[SectionBlock]:
    """The sections of ``kind`` with their applicable clauses, numbered, bodies not yet rendered."""
    language = context["language"]
    blocks: list[SectionBlock] = []
    by_section: dict[str, list[Clause]] = {}
    for item in library.for_document(kind):
        if edition and edition not in item.editions:
            continue
        if (applies(item, context) if applies else item.applies(library.env, context)):
            by_section.setdefault(item.section, []).append(item)
    for section in library.sections[kind]:
        chosen = by_section.get(section.id)
        if not chosen:
            continue
        number = len(blocks) + 1
        prefix = f"{number}."
        blocks.append(SectionBlock(section.id, number, MarkdownSafe(section.title[language]), [
            Article(item, prefix + str(index), MarkdownSafe(item.title[language]))
            for index, item in enumerate(chosen, start=1)]))
    return blocks


def _citations(blocks: list[SectionBlock],
               language: str) -> tuple[Callable[[str], Any], Callable[[str], MarkdownSafe]]:
    numbers = {a.clause.id: a.number for b in blocks for a in b.articles}

    def article(clause_id: str) -> str | None:
        """The protocol article number of a clause, or None where it is not in the protocol."""
        return numbers.get(clause_id)

    def cite(*clause_ids: str) -> MarkdownSafe:
        """'(artikel 4.2)', '(artikel 5.3 en 5.4)' / '(articles 5.3 and 5.4)', or nothing.

        Only the clauses that are in the protocol are cited, each article once, in order.
        """
        found = sorted({numbers[i] for i in clause_ids if i in numbers},
                       key=lambda n: tuple(int(part) for part in n.split(".")))
        if not found:
            return MarkdownSafe("")
        word = _ARTICLE_WORD[language] if len(found) == 1 or language == "nl" \
            else _ARTICLE_WORD[language] + "s"
        joined = found[0] if len(found) == 1 else \
            ", ".join(found[:-1]) + (" en " if language == "nl" else " and ") + found[-1]
        return MarkdownSafe(f"({word} {joined})")

    return article, cite


# a document's selected, numbered sections and the context its clauses render in
Selection = tuple[list[SectionBlock], dict[str, Any]]


PROTOCOL_EDITIONS = ("full", "compact")


def select_documents(answers: Answers, library: ClauseLibrary, edition: str = "participant",
                     applies: Applies | None = None,
                     protocol_edition: str = "full") -> dict[str, Selection]:
    """Select and number the clauses of both documents; each with the context it renders in."""
    protocol, handouts = select_editions(answers, library, (edition,), applies, protocol_edition)
    return {"protocol": protocol, "handout": handouts[edition]}


def select_editions(answers: Answers, library: ClauseLibrary, editions: tuple[str, ...],
                    applies: Applies | None = None,
                    protocol_edition: str = "full") -> tuple[Selection, dict[str, Selection]]:
    """The protocol (``full`` or ``compact``), and the handout in each of ``editions``.

    The handout cites the articles of the protocol it goes with, so it is selected after it.
    """
    context = base_context(answers, library)
    protocol_blocks = select(library, "protocol", context, protocol_edition, applies)
    article, cite = _citations(protocol_blocks, answers.language)
    context = {**context, "article": article, "cite": cite}  # a new dict: memos see a change
    handouts = {edition: (select(library, "handout", context, edition, applies),
                          {**context, "document": "handout", "edition": edition})
                for edition in editions}
    return (protocol_blocks, {**context, "document": "protocol",
                              "edition": protocol_edition}), handouts


def assemble(answers: Answers, library: ClauseLibrary, *,
             edition: str = "participant",
             compact: bool = False) -> dict[str, AssembledDocument]:
    """Build the protocol and the handout for one organisation."""
    documents = {}
    selected = select_documents(answers, library, edition,
                                protocol_edition="compact" if compact else "full")
    for kind, (blocks, context) in selected.items():
        for block in blocks:
            for art in block.articles:
                art.body = art.clause.render(library.env, answers.language, context)
        documents[kind] = fill_template(library, kind, blocks, context)
    return documents


def fill_template(library: ClauseLibrary, kind: str, blocks: list[SectionBlock],
            context: dict[str, Any]) -> AssembledDocument:
    """Put rendered sections into the document template of ``kind``."""
    language = context["language"]
    clauses = [a.clause for b in blocks for a in b.articles]
    org_name = context["organisation"]["name"]
    title = f"{library.labels['document'][kind][language]} — {org_name}"
    try:
        text = templating.render(library.document_template(kind), {
            **context,
            "title": escape(title),
            "sections": blocks,
            "clauses": clauses,
            "library_release": library.release,
            "generator": f"policygen {__version__}",
        })
    except Exception as exc:  # noqa: BLE001 - a broken template is the library's problem
        source = str(library.root / "templates" / library_module.TEMPLATE_NAMES[kind])
        over = isinstance(exc, (templating.RenderLimitError, RecursionError, MemoryError))
        raise ClauseRenderError(Problem(source, reason(exc), line=template_line(exc)),
                                over_limit=over) from None
    return AssembledDocument(kind=kind, title=title, language=language,
                             markdown=normalise_blank_lines(text), clauses=clauses,
                             edition=_recorded_edition(context.get("edition")))


def normalise_blank_lines(markdown: str) -> str:
    """One blank line between blocks, no trailing spaces, one final newline.

    Line by line and with plain replacements: a regular expression tried at every space and
    newline of a document took ten times as long.
    """
    text = "\n".join([line.rstrip(" \t") for line in markdown.replace("\r\n", "\n")
                      .split("\n")])
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _recorded_edition(edition: str | None) -> str | None:
    """The edition a manifest records: the full protocol is the protocol, without a name."""
    return None if edition == "full" else edition
