"""A :class:`~policygen.history.changes.ChangeReport` as people read it.

Two forms, both in the organisation's language (the ``changes`` labels of templates/labels.yaml):

- :func:`markdown_note` — the note HR sends staff ("Wat is er veranderd in onze gedragscode"):
  whether to sign again and what to read (and which articles changed only in wording for this
  organisation), each new and changed protocol article with what it said and says now (under
  "Was" what goes in ``[weg: …]``, under "Nu" what is new in bold; a change of punctuation
  only is marked with the word it belongs to, so it cannot be missed), the articles that no
  longer apply, and a last part for the policy owner with the library's record (versions,
  kinds, why an article now applies or not, and the CHANGELOG lines, labelled as the library's
  English notes for maintainers, their code marks and HTML comments taken out), the
  organisation's own clauses in use, and every change the library made to a clause they
  replace (with what the owner must do about it). Where no protocol article changed, the note
  says so and announces none. :func:`docx_note` renders it as Word: the note uses only
  emphasis, strong text and escaped characters, which the Word renderer supports.
- :func:`text_report` — the same for the terminal, with every detail inline and the word diff
  marked ``[-deleted-]{+inserted+}``, the handout included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from policygen.answers.schema import Answers
from policygen.clauselib import library as library_module
from policygen.clauselib.changelog import EDITORIAL, SUBSTANTIVE
from policygen.clauselib.library import ClauseLibrary
from policygen.clauselib.overlay import UpstreamChange
from policygen.history import worddiff
from policygen.history.changes import (
    ANSWERS,
    NEW_CLAUSE,
    OWN_REMOVED,
    REMOVED_CLAUSE,
    THEN_ABSENT,
    THEN_LIBRARY,
    THEN_OWN,
    ChangedArticle,
    ChangeReport,
    MovedArticle,
    OwnArticle,
)
from policygen.history.hunks import Hunk, hunks, widened
from policygen.history.plaintext import plain_text

REWRITTEN = 0.5  # share of changed text above which the new text is shown whole

Labels = dict[str, str]


def labels_for(library: ClauseLibrary, language: str) -> Labels:
    """The ``changes`` labels in ``language``; the shipped library's where a library lacks one."""
    kinds = library.labels.get("changes") or {}
    shipped_root = library_module.default_root()
    if library.root.resolve() != shipped_root.resolve():
        shipped = library_module.load(shipped_root).labels["changes"]
        if set(shipped) - set(kinds):
            kinds = {**shipped, **kinds}
    return {key: texts[language] for key, texts in kinds.items()}


def _kind_line(labels: Labels, article: ChangedArticle) -> str:
    if article.was_own:
        return labels["was_own"]
    if article.wording_only:
        return labels["wording_only"]
    if article.same_version:
        return labels["same_version"]
    return labels[article.kind] if article.kind in (SUBSTANTIVE, EDITORIAL) \
        else labels["unknown_kind"]


def _kind_word(labels: Labels, kind: str | None) -> str:
    return labels[f"kind_{kind}"] if kind in (SUBSTANTIVE, EDITORIAL) else labels["kind_unknown"]


def _why(labels: Labels, moved: MovedArticle) -> str:
    return labels[f"why_{moved.reason}"]


def _for_staff(labels: Labels, moved: MovedArticle, added: bool) -> str:
    if added:
        return {NEW_CLAUSE: labels["new_clause"], ANSWERS: labels["answers_in"]}.get(
            moved.reason, labels["now_applies"])
    return {REMOVED_CLAUSE: labels["removed_clause"], OWN_REMOVED: labels["removed_clause"],
            ANSWERS: labels["answers_out"]}.get(moved.reason, labels["no_longer_applies"])


def _own_what(labels: Labels, article: OwnArticle) -> str:
    """What an own clause is, and what the earlier build had of its id where known."""
    if article.replaces:
        clause, _, version = article.replaces.partition("@")
        what = labels["own_replaces"].format(clause=clause, version=version)
    else:
        what = labels["own_added"]
    then = {THEN_ABSENT: labels["own_then_absent"],
            THEN_LIBRARY: labels["own_then_library"].format(version=article.then_version),
            THEN_OWN: labels["own_then_own"] if article.then_version == article.version
            else labels["own_then_own_version"].format(version=article.then_version),
            }.get(article.then)
    return f"{what}; {then}" if then else what


def _upstream_sentence(labels: Labels, change: UpstreamChange) -> str:
    return labels["upstream"].format(clause=change.clause_id, follows=change.follows,
                                     current=change.current)


def _upstream_details(labels: Labels, change: UpstreamChange) -> list[str]:
    """The library's CHANGELOG entries in between (its own Markdown), or that there are none."""
    entries = list(change.changelog) or [labels["upstream_no_log"].format(
        clause=change.clause_id, follows=change.follows)]
    return [*entries, labels["upstream_todo"].format(clause=change.clause_id,
                                                     current=change.current)]


def _owner_verdict(labels: Labels, report: ChangeReport) -> list[str]:
    """What the policy owner must do about the organisation's own clauses."""
    verdict = report.verdict
    lines = []
    if verdict.review_own:
        lines.append(labels["review_own"].format(clauses=", ".join(verdict.review_own)))
    if verdict.own_changed:
        lines.append(labels["own_changed"].format(articles=", ".join(verdict.own_changed)))
    return lines


def _version_words(report: ChangeReport) -> tuple[str, str]:
    return report.old_release or report.earlier.label, report.new_release


def _note_lines(labels: Labels, report: ChangeReport) -> list[str]:
    notes = [labels[f"note_{code}"] for code in report.earlier.notes]
    if report.earlier.build is None:
        notes.insert(0, labels["compared_ref"].format(
            ref=report.earlier.label, commit=(report.earlier.commit or "")[:12]))
    else:
        notes.insert(0, labels["compared_build"].format(file=report.earlier.label))
    return notes


def _for_you(articles: Iterable[ChangedArticle]) -> list[ChangedArticle]:
    """The changed articles whose text for this organisation changed (or cannot be compared)."""
    return [a for a in articles if not a.same_for_you]


def _protocol_changed(report: ChangeReport) -> bool:
    """Whether any protocol article is new, gone, or different in this organisation's text."""
    articles: list[ChangedArticle | MovedArticle] = [
        *_for_you(report.changed), *report.added, *report.dropped]
    return any(a.document == "protocol" for a in articles) or bool(report.verdict.own_changed)


def _listed(labels: Labels, items: Sequence[str]) -> str:
    """``2.1, 4.1 en 5.2``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {labels['list_and']} {items[-1]}"


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def library_note(description: str) -> str:
    """A CHANGELOG line as plain text: code spans as their text, HTML comments left out."""
    text = _HTML_COMMENT.sub("", _CODE_SPAN.sub(lambda m: m.group(2).strip(), description))
    text = _HTML_COMMENT.sub("", text)
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


# --- the Markdown note -------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")


def _md(text: str) -> str:
    """Plain text as Markdown that prints exactly it, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " / "))


def _marked(text: str, mark: str) -> str:
    """``text`` in ``mark`` (``*`` or ``**``), its outer spaces outside the marks."""
    inner = text.strip()
    if not inner:
        return _md(text)
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{_md(lead)}{mark}{_md(inner)}{mark}{_md(trail)}"


def _removed(text: str, word: str) -> str:
    """Deleted ``text`` as ``[weg: …]``, its outer spaces outside the brackets."""
    inner = text.strip()
    if not inner:
        return _md(text)
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{_md(lead)}{_md(f'[{word}: {inner}]')}{_md(trail)}"


def _side(hunk: Hunk, keep: str, labels: Labels) -> str:
    """One side of a hunk: the old text with its deletions, or the new with its insertions."""
    parts = [_md(text) if op == worddiff.EQUAL else
             _removed(text, labels["removed"]) if op == worddiff.DELETE else
             _marked(text, "**")
             for op, text in hunk.segments if op in (worddiff.EQUAL, keep)]
    text = "".join(parts).strip()
    return ("… " if hunk.cut_before else "") + text + (" …" if hunk.cut_after else "")


def _quoted(markdown: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in markdown.strip().splitlines()]


def markdown_note(report: ChangeReport, labels: Labels) -> str:
    """The note for staff, as Markdown (see the module doc)."""
    old, new = _version_words(report)
    protocol_changed = [a for a in _for_you(report.changed) if a.document == "protocol"]
    added = [a for a in report.added if a.document == "protocol"]
    dropped = [a for a in report.dropped if a.document == "protocol"]
    verdict = report.verdict
    changed = _protocol_changed(report)
    out = [f"# {labels['title']}", "",
           labels["intro" if changed else "intro_unchanged"].format(old=_md(old), new=_md(new)),
           ""]
    if not changed:
        out += [labels["protocol_unchanged" if verdict.handout_changed else "nothing"], ""]
    out += [f"## {labels['sign_heading']}", ""]
    if verdict.sign_again:
        out += [labels["sign_yes"], ""]
        out += [f"- {number} {_md(title)}" for number, title in verdict.read] + [""]
        if verdict.unrecorded:
            out += [labels["unrecorded"].format(articles=", ".join(verdict.unrecorded)), ""]
    else:
        out += [labels["sign_no" if changed else "sign_no_unchanged"], ""]
    if verdict.wording_only:
        out += [labels["wording_only_note"].format(
            articles=_listed(labels, verdict.wording_only)), ""]
    if verdict.handout_changed and changed:
        out += [labels["handout_changed"], ""]
    if added:
        out += [f"## {labels['added_heading']}", ""]
        for moved in added:
            out += [f"### {moved.number} {_md(moved.title)}", "",
                    f"*{_for_staff(labels, moved, added=True)}*", ""]
            out += [*_quoted(moved.text or ""), ""]
    if protocol_changed:
        out += [f"## {labels['changed_heading']}", "", f"*{_md(labels['marks_legend'])}*", ""]
        for article in protocol_changed:
            out += _changed_md(labels, article)
    if dropped:
        out += [f"## {labels['dropped_heading']}", ""]
        out += [f"- {moved.number} {_md(moved.title)}: {_for_staff(labels, moved, added=False)}"
                for moved in dropped] + [""]
    out += _owner_md(labels, report)
    return "\n".join(out).rstrip() + "\n"


def _changed_md(labels: Labels, article: ChangedArticle) -> list[str]:
    heading = f"### {article.number} {_md(article.title)}"
    was = f" ({labels['was_article'].format(number=article.old_number)})" \
        if article.old_number and article.old_number != article.number else ""
    out = [heading, "", f"*{_kind_line(labels, article)}*{was}", ""]
    if article.was_own:
        return [*out, *_quoted(article.text), ""]
    if article.segments is None:
        return [*out, labels["no_old_text"], ""]
    if article.changed_share() > REWRITTEN:
        return [*out, labels["rewritten"], "", *_quoted(article.text), ""]
    for hunk in hunks(widened(article.segments)):
        out += [f"- {labels['was']}: {_side(hunk, worddiff.DELETE, labels)}\\",
                f"  {labels['now']}: {_side(hunk, worddiff.INSERT, labels)}"]
    return [*out, ""]


def _owner_md(labels: Labels, report: ChangeReport) -> list[str]:
    out = [f"## {labels['owner_heading']}", "", f"*{labels['owner_intro']}*", ""]
    out += [f"- {_md(line)}" for line in _note_lines(labels, report)] + [""]
    for article in report.changed:
        if article.same_version:
            continue
        where = _where(labels, article.document, article.number, article.section)
        kind = labels["was_own_short"] if article.was_own else _kind_word(labels, article.kind)
        if article.wording_only:
            kind += "; " + labels["wording_only_short"]
        out.append(f"- {where} `{article.clause_id}` {article.old_version} → "
                   f"{article.new_version} ({kind})"
                   + (" — " + labels["same_for_you"].rstrip(":") if article.same_for_you
                      else ""))
        out += _library_notes_md(labels, [entry.description for entry in article.entries])
    for moved, added in [(m, True) for m in report.added] + [(m, False) for m in report.dropped]:
        sign = "+" if added else "−"
        out.append(f"- {sign} {moved.number} `{moved.clause_id}` {moved.version}: "
                   f"{_why(labels, moved)}")
        if moved.condition:
            out += [f"  - {line}" for line in _condition_lines(labels, moved, code="`")]
    if out[-1]:
        out.append("")
    if verdict := _owner_verdict(labels, report):
        out += [f"### {labels['owner_verdict_heading']}", ""]
        out += [f"- {_md(line)}" for line in verdict] + [""]
    if report.own:
        out += [f"### {labels['own_heading']}", "", f"*{labels['own_intro']}*", ""]
        out += [f"- {_where(labels, own.document, own.number, own.section)} "
                f"`{own.clause_id}` {own.version}: {_md(_own_what(labels, own))}"
                for own in report.own] + [""]
    if report.upstream:
        out += [f"### {labels['upstream_heading']}", ""]
        for change in report.upstream:
            out.append(f"- {_md(_upstream_sentence(labels, change))}")
            if change.changelog:
                out += _library_notes_md(labels, [entry.removeprefix("- ")
                                                  for entry in change.changelog])
            out += [f"  - {_md(line)}" for line in _upstream_details(labels, change)
                    if line not in change.changelog]
        out.append("")
    return out


def _library_notes_md(labels: Labels, descriptions: Sequence[str]) -> list[str]:
    """CHANGELOG lines under a list item: labelled as the library's English notes, plain text."""
    if not descriptions:
        return []
    return [f"  - *{_md(labels['library_notes'])}*",
            *(f"    - {_md(library_note(text))}" for text in descriptions)]


def _where(labels: Labels, document: str, number: str, section: str) -> str:
    return number if document == "protocol" else f"{labels['handout_items']}, {_md(section)}"


def _condition_lines(labels: Labels, moved: MovedArticle, code: str = "") -> list[str]:
    condition = moved.condition
    if condition is None:
        return []
    lines = []
    if condition.old is not None and condition.old != condition.new:
        lines.append(f"{labels['condition_then']}: {code}{condition.old}{code}")
    if condition.new is not None:
        lines.append(f"{labels['condition_now']}: {code}{condition.new}{code}")
    if condition.reads:
        lines.append(f"{labels['reads']}: " + ", ".join(
            f"{code}{path}{code} = {value}" for path, value in condition.reads))
    return lines


# --- the text report -----------------------------------------------------------------------

def _text_side(segments: Sequence[worddiff.Segment]) -> str:
    parts = []
    for op, text in segments:
        shown = text.replace("\n", " / ")
        parts.append(shown if op == worddiff.EQUAL else
                     f"[-{shown}-]" if op == worddiff.DELETE else f"{{+{shown}+}}")
    return "".join(parts).strip()


def text_report(report: ChangeReport, labels: Labels) -> str:
    """The report for the terminal (see the module doc)."""
    old, new = _version_words(report)
    protocol = _protocol_changed(report)
    out = [f"{labels['title']} — {report.organisation}",
           labels["intro"].format(old=old, new=new).split(". ")[0] + "." if protocol else
           labels["intro_unchanged"].format(old=old, new=new)]
    out += _note_lines(labels, report)
    for document in ("protocol", "handout"):
        changed = [a for a in report.changed if a.document == document]
        added = [a for a in report.added if a.document == document]
        dropped = [a for a in report.dropped if a.document == document]
        if not (changed or added or dropped):
            continue
        out += ["", f"== {document}"]
        for moved in added:
            out += _moved_text(labels, moved, "+")
        for article in changed:
            out += _changed_text(labels, article)
        for moved in dropped:
            out += _moved_text(labels, moved, "−")
    out += _own_text(labels, report)
    verdict = report.verdict
    out += ["", f"== {labels['sign_heading']}",
            labels["sign_yes" if verdict.sign_again else "sign_no" if protocol
                   else "sign_no_unchanged"].replace("**", "")]
    out += [f"  {number} {title}" for number, title in verdict.read]
    if verdict.wording_only:
        out.append(labels["wording_only_note"].format(
            articles=_listed(labels, verdict.wording_only)))
    if verdict.unrecorded:
        out.append(labels["unrecorded"].format(articles=", ".join(verdict.unrecorded)))
    if verdict.handout_changed:
        out.append(labels["handout_changed" if protocol else "protocol_unchanged"])
    if owner := _owner_verdict(labels, report):
        out += [f"{labels['owner_verdict_heading']}:", *(f"  {line}" for line in owner)]
    return "\n".join(out) + "\n"


def _own_text(labels: Labels, report: ChangeReport) -> list[str]:
    """The organisation's own clauses in use, and the library's changes to those it replaced."""
    out: list[str] = []
    if report.own:
        out += ["", f"== {labels['own_heading']}", labels["own_intro"]]
        for own in report.own:
            where = own.number if own.document == "protocol" else \
                f"{labels['handout_items']}, {own.section}"
            out += [f"* {where} {own.title} — {own.clause_id} {own.version}: "
                    f"{_own_what(labels, own)}", f"    {own.source}"]
    if report.upstream:
        out += ["", f"== {labels['upstream_heading']}"]
        for change in report.upstream:
            out += [f"! {_upstream_sentence(labels, change)}", f"    {change.source}",
                    *(f"    {line}" for line in _upstream_details(labels, change))]
    return out


def _moved_text(labels: Labels, moved: MovedArticle, sign: str) -> list[str]:
    out = [f"{sign} {moved.number} {moved.title} — {moved.clause_id} {moved.version}: "
           f"{_why(labels, moved)}"]
    return out + [f"    {line}" for line in _condition_lines(labels, moved)]


def _changed_text(labels: Labels, article: ChangedArticle) -> list[str]:
    was = f", {labels['was_article'].format(number=article.old_number)}" \
        if article.old_number and article.old_number != article.number else ""
    kind = f" ({labels['was_own_short']})" if article.was_own else \
        "" if article.same_version else f" ({_kind_word(labels, article.kind)}" + (
            f"; {labels['wording_only_short']})" if article.wording_only else ")")
    out = [f"* {article.number} {article.title} — {article.clause_id} {article.old_version} → "
           f"{article.new_version}{kind}{was}"]
    if article.same_version:
        out.append(f"    {labels['same_version']}")
    out += [f"    CHANGELOG: {entry.description}" for entry in article.entries]
    if article.was_own:
        return [*out, f"    {labels['was_own']}"]
    if article.segments is None:
        return [*out, f"    {labels['no_old_text']}"]
    if article.same_for_you:
        return [*out, f"    {labels['same_for_you'].rstrip(':')}."]
    if article.changed_share() > REWRITTEN:
        out.append(f"    {labels['rewritten']}")
        return out + [f"    | {line}" for line in plain_text(article.text).splitlines()]
    for hunk in hunks(article.segments):
        out.append(f"    {'… ' if hunk.cut_before else ''}{_text_side(hunk.segments)}"
                   f"{' …' if hunk.cut_after else ''}")
    return out


# --- Word ----------------------------------------------------------------------------------

def docx_note(markdown: str, library: ClauseLibrary, answers: Answers,
              labels: Labels) -> bytes:
    """The note as a Word document, in the shipped house style, with honest properties."""
    from policygen.render import docx as render_docx
    from policygen.render.docinfo import DocumentInfo

    org = answers.data["organisation"]
    owner = org["policy_owner"]
    title = f"{labels['title']} — {org['name']}"
    version = library.version().version
    info = DocumentInfo(
        title=title, subject=title, author=owner.get("name") or owner["role"],
        keywords=", ".join(("social media", "changes", org["short_name"])), version=version,
        language=answers.language, date=dt.date.today(),
        comments=f"policygen changes; clause library {version}", header=title,
        footer=f"{labels['title']} · {org['short_name']}",
        custom=(("policygen.library", version), ("policygen.document", "changes")))
    return render_docx.render(markdown, info)
