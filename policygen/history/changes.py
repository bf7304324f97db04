"""What changed for one organisation between an earlier library and now, and must staff sign again.

Both libraries are planned with the organisation's answers through the normal assembly (the
same selection, numbering and rendering a build uses); the clauses in both whose version or
rendered text differs are *changed*, each with its article number, old → new version, the
kind of change (:mod:`policygen.clauselib.changelog`), its changelog entries and a word-level
diff of the rendered text in the organisation's language. Clauses in only one of them now
apply or no longer apply, each with the reason: new in (or gone from) the library, its
condition (``when:``) and the answers it reads, or the organisation's own answers.

Where the earlier side is a manifest, its clause lists are what the organisation had; where its
library is not to be had from git, only versions and kinds are compared.

The organisation's own clauses (an overlay, :mod:`policygen.clauselib.overlay`) are not
compared with the old library, which never held them: they are listed as the organisation's
own (:class:`OwnArticle`, with what the earlier build had where a manifest says), and every
change the library made to a clause they replace since the version they follow is listed with
it (``ChangeReport.upstream``). An article that was the organisation's own in the earlier build
and is the library's now is changed, its old text not to be had.

The verdict: staff sign again when a protocol article they follow changed substantively (or
its kind was not recorded) in what it says for them, or a protocol article now applies to
them; they read those. The library's kind is about the clause in general; where the
organisation's own rendered text changed only in wording (punctuation, capitals, a few small
words such as "ons" for its name: :func:`policygen.history.worddiff.wording_only`), the change
is editorial for it (``ChangedArticle.wording_only``, ``Verdict.wording_only``), the library's
kind still shown to the policy owner. An upstream change to a replaced clause does not change
their text: the policy owner reviews the own version (``Verdict.review_own``), and decides on
own articles new or changed since the earlier build (``Verdict.own_changed``), which policygen
cannot compare.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from policygen.answers.schema import Answers
from policygen.assembly import assemble as assembly
from policygen.clauselib import changelog
from policygen.clauselib.changelog import EDITORIAL, Entry
from policygen.clauselib.clause import Clause, ClauseRenderError
from policygen.clauselib.library import ClauseLibrary
from policygen.clauselib.overlay import UpstreamChange
from policygen.history import worddiff
from policygen.history.earlier import Earlier, render_old
from policygen.history.plaintext import plain_text
from policygen.language import codecache

DOCUMENTS = ("protocol", "handout")
# why a clause now applies, or no longer does
NEW_CLAUSE, REMOVED_CLAUSE, CONDITION, ANSWERS, EDITION, DOCUMENT, NOT_IN_BUILD = (
    "new_clause", "removed_clause", "condition", "answers", "edition", "document",
    "not_in_build")
# why one of the organisation's own clauses is gone: no longer in its own clauses, or its own
# version of the clause does not apply to its answers
OWN_REMOVED, OWN_CONDITION = "own_removed", "own_condition"
# what the earlier build had of an own clause: it as the organisation's own too, the library's
# clause of that id, nothing of that id, or not known (compared with a git ref)
THEN_OWN, THEN_LIBRARY, THEN_ABSENT, THEN_UNKNOWN = "own", "library", "absent", "unknown"


@dataclass(frozen=True)
class Condition:
    """A clause's condition then and now, and the answers it reads with their values now."""

    old: str | None
    new: str | None
    reads: tuple[tuple[str, str], ...]  # (answer path, its value as text)


@dataclass(frozen=True)
class ChangedArticle:
    """A clause that applies then and now, whose version or rendered text changed."""

    document: str
    clause_id: str
    title: str
    number: str  # its article number now ("9.3"; in the handout: section.position)
    old_number: str | None
    section: str  # the section's title now
    old_version: str
    new_version: str
    kind: str | None  # editorial, substantive, or None: not recorded (or the same version)
    entries: tuple[Entry, ...]
    segments: tuple[worddiff.Segment, ...] | None  # None: the old text is not to be had
    text: str  # the rendered Markdown now
    was_own: bool = False  # the organisation's own text then (a manifest says), the library's now
    # the library calls the change substantive (or did not say), but the organisation's text
    # changed only in wording (worddiff.wording_only): editorial for it
    wording_only: bool = False

    @property
    def same_version(self) -> bool:
        """The clause is the same; what changed around it is the library's labels or policygen."""
        return self.old_version == self.new_version and not self.was_own

    @property
    def kind_for_you(self) -> str | None:
        """The kind of change in what this organisation's text says: the library's, or editorial."""
        return EDITORIAL if self.wording_only else self.kind

    @property
    def same_for_you(self) -> bool:
        """The clause changed, but what it says for this organisation did not."""
        return self.segments is not None and not worddiff.changed(self.segments)

    def changed_share(self) -> float:
        """How much of the text (in characters of old and new) was deleted or inserted."""
        if not self.segments:
            return 0.0
        total = sum(len(text) for _, text in self.segments)
        changed = sum(len(text) for op, text in self.segments if op != worddiff.EQUAL)
        return changed / total if total else 0.0


@dataclass(frozen=True)
class MovedArticle:
    """A clause that applies now and did not then, or the other way round."""

    document: str
    clause_id: str
    title: str
    number: str  # now (newly applicable), or then (no longer applicable)
    section: str
    version: str
    reason: str  # one of NEW_CLAUSE, REMOVED_CLAUSE, CONDITION, ANSWERS, EDITION, ...
    condition: Condition | None
    text: str | None = None  # the rendered Markdown now, for a newly applicable clause


@dataclass(frozen=True)
class OwnArticle:
    """One of the organisation's own clauses in use: listed, not compared with the library."""

    document: str
    clause_id: str
    title: str
    number: str
    section: str
    version: str
    replaces: str | None  # "escalation.press@1.0.0"; None: a clause of the organisation's own
    source: str  # its file among the organisation's own clauses
    then: str  # THEN_OWN, THEN_LIBRARY, THEN_ABSENT or THEN_UNKNOWN
    then_version: str | None  # the version the earlier build had of that id

    @property
    def changed_since(self) -> bool:
        """The earlier build had other text here: none, the library's, or another version."""
        return self.then in (THEN_LIBRARY, THEN_ABSENT) or (
            self.then == THEN_OWN and self.then_version != self.version)


@dataclass(frozen=True)
class Verdict:
    """Whether staff must sign the protocol again, and which articles they must read."""

    sign_again: bool
    read: tuple[tuple[str, str], ...]  # (article number, title) in the protocol's order
    unrecorded: tuple[str, ...]  # articles counted as substantive because no kind was said
    handout_changed: bool  # the training handout changed too: hand out the new one
    # for the policy owner: own clauses whose library clause changed since the version they
    # follow (review the own version), and own protocol articles new or changed since the
    # earlier build (policygen cannot compare them: the owner decides)
    review_own: tuple[str, ...] = ()
    own_changed: tuple[str, ...] = ()
    # protocol articles the library changed in substance (or did not say), whose text for this
    # organisation changed only in wording: not to read again
    wording_only: tuple[str, ...] = ()


@dataclass
class ChangeReport:
    """Everything ``policygen changes`` tells one organisation."""

    organisation: str
    language: str
    earlier: Earlier
    old_release: str | None
    new_release: str
    new_version: str  # git describe of the library now, or its release
    changed: list[ChangedArticle] = field(default_factory=list)
    added: list[MovedArticle] = field(default_factory=list)
    dropped: list[MovedArticle] = field(default_factory=list)
    own: list[OwnArticle] = field(default_factory=list)  # the organisation's own, in use
    upstream: tuple[UpstreamChange, ...] = ()  # library changes to clauses it replaced
    verdict: Verdict = Verdict(False, (), (), False)


def compare(answers: Answers, library: ClauseLibrary, earlier: Earlier) -> ChangeReport:
    """What changed for the organisation of ``answers`` between ``earlier`` and ``library``."""
    build = earlier.build
    protocol_edition = "compact" if build and build.editions.get("protocol") == "compact" \
        else "full"
    handout_edition = (build.editions.get("handout") if build else None) or "participant"
    version = library.version()
    report = ChangeReport(answers.data["organisation"]["name"], answers.language, earlier,
                          earlier.release, library.release, version.version)
    new_plan = assembly.select_documents(answers, library, handout_edition,
                                         protocol_edition=protocol_edition)
    old_plan = None
    if earlier.library is not None:
        old_plan = assembly.select_documents(answers, earlier.library, handout_edition,
                                 applies=_tolerant(earlier.library),
                                 protocol_edition=protocol_edition)
    log = changelog.read(library.root)
    if library.overlay is not None:
        report.upstream = library.overlay.upstream
    for document in DOCUMENTS:
        recorded = build.clauses.get(document) if build else None
        if recorded is None and old_plan is None:
            continue  # the earlier build did not write this document
        _Document(document, answers, library, earlier, log, new_plan[document],
                  old_plan[document] if old_plan else None, recorded, report).compare()
    report.verdict = _verdict(report)
    return report


def _tolerant(library: ClauseLibrary) -> Callable[[Clause, dict[str, Any]], bool]:
    """An old clause's condition; one this policygen cannot evaluate counts as not holding."""
    def applies(item: Clause, context: dict[str, Any]) -> bool:
        try:
            return item.applies(library.env, context)
        except ClauseRenderError:
            return False
    return applies


_Placed = tuple[assembly.Article, assembly.SectionBlock]


def _placed(planned: assembly.Selection | None) -> dict[str, _Placed]:
    if planned is None:
        return {}
    return {a.clause.id: (a, block) for block in planned[0] for a in block.articles}


class _Document:
    """The comparison of one document (protocol or handout)."""

    def __init__(self, document: str, answers: Answers, library: ClauseLibrary,
                 earlier: Earlier, log: changelog.Changelog, new: assembly.Selection,
                 old: assembly.Selection | None, recorded: dict[str, str] | None,
                 report: ChangeReport) -> None:
        self.document, self.answers, self.library = document, answers, library
        self.earlier, self.log, self.report = earlier, log, report
        self.new_context = new[1]
        self.old_context = old[1] if old else None
        self.now = _placed(new)
        self.then = _placed(old)  # the old library with today's answers
        self.recorded = recorded  # what the earlier build had, where a manifest says
        self.before = list(recorded) if recorded is not None else list(self.then)
        self.own_now = library.overlay.sources if library.overlay else {}
        self.own_then = earlier.build.own if earlier.build else {}

    def compare(self) -> None:
        before = set(self.before)
        for clause_id, (article, block) in self.now.items():
            if clause_id in self.own_now:
                self.report.own.append(self._own(clause_id, article, block))
            elif clause_id in before and clause_id in self.own_then:
                self._was_own(clause_id, article, block)
            elif clause_id in before:
                self._changed(clause_id, article, block)
            else:
                self.report.added.append(self._moved(clause_id, article, block, added=True))
        for clause_id in self.before:
            if clause_id not in self.now:
                own = clause_id in self.own_now or clause_id in self.own_then
                self.report.dropped.append(self._own_dropped(clause_id) if own
                                           else self._dropped(clause_id))

    def _own(self, clause_id: str, article: assembly.Article,
             block: assembly.SectionBlock) -> OwnArticle:
        """An own clause in use, with what the earlier build had of its id where known."""
        item = article.clause
        if self.recorded is None:
            then, then_version = THEN_UNKNOWN, None
        elif clause_id not in self.recorded:
            then, then_version = THEN_ABSENT, None
        else:
            then = THEN_OWN if clause_id in self.own_then else THEN_LIBRARY
            then_version = self.recorded[clause_id]
        return OwnArticle(self.document, clause_id, str(article.title), article.number,
                          str(block.title), item.version, item.replaces,
                          self.own_now[clause_id], then, then_version)

    def _was_own(self, clause_id: str, article: assembly.Article,
                 block: assembly.SectionBlock) -> None:
        """The organisation's own text then, the library's now: changed, the old text unknown."""
        self.report.changed.append(ChangedArticle(
            self.document, clause_id, str(article.title), article.number, None,
            str(block.title), self._old_version(clause_id), article.clause.version, None, (),
            None, self._render_new(article), was_own=True))

    def _own_dropped(self, clause_id: str) -> MovedArticle:
        """An own clause then (or the overlay's clause of this id now) that is not in use now."""
        own_now = self._own_clause_now(clause_id)
        then = self.then.get(clause_id)
        title = str(then[0].title) if then else \
            own_now.title[self.answers.language] if own_now else clause_id
        return MovedArticle(self.document, clause_id, title, then[0].number if then else "",
                            str(then[1].title) if then else "", self._old_version(clause_id),
                            OWN_CONDITION if own_now else OWN_REMOVED,
                            self._condition(None, own_now) if own_now else None)

    def _own_clause_now(self, clause_id: str) -> Clause | None:
        if clause_id not in self.own_now:
            return None
        return self.library.get(clause_id)

    def _old_version(self, clause_id: str) -> str:
        if self.recorded is not None:
            return self.recorded[clause_id]
        return self.then[clause_id][0].clause.version

    def _old_clause(self, clause_id: str) -> Clause | None:
        if self.earlier.library is None:
            return None
        placed = self.then.get(clause_id)
        if placed is not None:
            return placed[0].clause
        try:
            return self.earlier.library.get(clause_id)
        except KeyError:
            return None

    def _render_new(self, article: assembly.Article) -> str:
        return str(article.clause.render(self.library.env, self.answers.language,
                                         self.new_context))

    def _changed(self, clause_id: str, article: assembly.Article,
                 block: assembly.SectionBlock) -> None:
        item = article.clause
        old_version = self._old_version(clause_id)
        text = self._render_new(article)
        old = self._old_clause(clause_id)
        old_text = None
        if old is not None and self.earlier.library is not None and self.old_context:
            old_text = render_old(old, self.earlier.library, self.answers.language,
                                  self.old_context)
        if old_version == item.version and old_text in (None, text):
            return
        segments: tuple[worddiff.Segment, ...] | None = None
        if old_text == text:
            segments = ((worddiff.EQUAL, plain_text(text)),)
        elif old_text is not None:
            segments = tuple(worddiff.diff_by_line(plain_text(old_text), plain_text(text)))
            if not worddiff.changed(segments) and old_version == item.version:
                return
        same = old_version == item.version
        kind = None if same else self.log.kind_between(clause_id, old_version, item.version,
                                                       item.change)
        entries = () if same else tuple(self.log.between(clause_id, old_version, item.version))
        then = self.then.get(clause_id)
        organisation = self.answers.data["organisation"]
        wording_only = kind != EDITORIAL and segments is not None and not same and \
            worddiff.wording_only(segments, self.answers.language,
                                  (organisation["name"], organisation["short_name"]))
        self.report.changed.append(ChangedArticle(
            self.document, clause_id, str(article.title), article.number,
            then[0].number if then else None, str(block.title), old_version, item.version,
            kind, entries, segments, text, wording_only=wording_only))

    def _moved(self, clause_id: str, article: assembly.Article, block: assembly.SectionBlock,
               added: bool) -> MovedArticle:
        item = article.clause
        old = self._old_clause(clause_id)
        if self.earlier.library is None:
            reason = NOT_IN_BUILD
        elif old is None:
            reason = NEW_CLAUSE
        elif clause_id in self.then:
            reason = ANSWERS  # the old library gives it today's answers: the answers changed
        else:
            reason = self._why(old, item)
        return MovedArticle(self.document, clause_id, str(article.title), article.number,
                            str(block.title), item.version, reason,
                            self._condition(old, item), self._render_new(article))

    def _dropped(self, clause_id: str) -> MovedArticle:
        old = self._old_clause(clause_id)
        try:
            item: Clause | None = self.library.get(clause_id)
        except KeyError:
            item = None
        if item is None:
            reason = REMOVED_CLAUSE
        elif self.recorded is not None and clause_id not in self.then:
            reason = ANSWERS if self.earlier.library is not None else CONDITION
        else:
            reason = self._why(old, item) if old is not None else CONDITION
        then = self.then.get(clause_id)
        known = old or item
        title = str(then[0].title) if then else \
            known.title[self.answers.language] if known else clause_id
        return MovedArticle(self.document, clause_id, title, then[0].number if then else "",
                            str(then[1].title) if then else "",
                            self._old_version(clause_id), reason,
                            self._condition(old, item))

    def _why(self, old: Clause, new: Clause) -> str:
        """Why one library includes a clause for these answers and the other does not."""
        if (self.document in old.documents) != (self.document in new.documents):
            return DOCUMENT
        if set(old.editions) != set(new.editions):
            return EDITION
        return CONDITION

    def _condition(self, old: Clause | None, new: Clause | None) -> Condition | None:
        conditions = [c.when for c in (old, new) if c is not None and c.when]
        if not conditions:
            return None
        reads: set[str] = set()
        for source in conditions:
            try:
                reads |= codecache.values_read(self.library.env,
                                               codecache.expression_source(source))
            except Exception:  # noqa: BLE001, S112 - an old condition this Jinja cannot parse
                continue
        values = tuple((path, _value(self.new_context, path)) for path in sorted(reads))
        return Condition(old.when if old else None, new.when if new else None, values)


def _value(context: dict[str, Any], path: str) -> str:
    """The answer at ``path`` (``organisation.sector``) as short text."""
    value: Any = context
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, list):
        if all(isinstance(item, (str, int)) for item in value):
            return "[" + ", ".join(str(item) for item in value) + "]"
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "{…}"
    return str(value)


def _verdict(report: ChangeReport) -> Verdict:
    read: list[tuple[str, str]] = []
    unrecorded: list[str] = []
    wording_only: list[str] = []
    for article in report.changed:
        if article.document != "protocol" or article.same_version or article.same_for_you:
            continue
        if article.wording_only:
            wording_only.append(article.number)
        if article.kind_for_you == EDITORIAL:
            continue
        read.append((article.number, article.title))
        if article.kind is None and not article.was_own:
            unrecorded.append(article.number)
    read += [(a.number, a.title) for a in report.added if a.document == "protocol"]
    read.sort(key=lambda item: _number_key(item[0]))
    handout = any(a.document == "handout" for a in report.changed) or \
        any(a.document == "handout" for a in (*report.added, *report.dropped))
    own_changed = sorted((a.number for a in report.own
                          if a.document == "protocol" and a.changed_since), key=_number_key)
    return Verdict(bool(read), tuple(read), tuple(unrecorded), handout,
                   tuple(dict.fromkeys(change.clause_id for change in report.upstream)),
                   tuple(own_changed), tuple(sorted(wording_only, key=_number_key)))


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())
