"""A review as text for the terminal, Markdown for the policy owner, or JSON for tools.

The JSON shape is described by ``review.schema.json`` beside this module (``schema`` names its
version): the answers file, organisation, language, counts per severity and every finding with
its id, family, severity, fields, title, why and change.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policygen.language.mdescape import escape
from policygen.review.findings import SEVERITIES, Finding
from policygen.review.plan import Plan
from policygen.review.run import counts, review
from policygen.review.say import Say

JSON_SCHEMA = Path(__file__).with_name("review.schema.json")
SCHEMA_ID = "policygen-review/1"
WORDS: dict[str, dict[str, Any]] = {
    "nl": {"error": ("fout", "fouten"), "warning": ("waarschuwing", "waarschuwingen"),
           "tip": ("tip", "tips"), "fields": "Velden", "why": "Waarom", "change": "Wat te doen",
           "none": "Geen bevindingen: het plan spreekt zichzelf nergens tegen.",
           "review": "Review van", "note": "Advies bij de gedragscode sociale media van",
           "intro": "Deze notitie is voor {owner}, niet voor medewerkers. Ze bespreekt de "
                    "antwoorden waarop het protocol en de hand-out zijn gebouwd: wat elkaar "
                    "tegenspreekt, wat er nog ontbreekt om klaar te zijn, welke standaardwaarden "
                    "de documenten nu aannemen en welke wetten en codes meespelen. Dit is geen "
                    "juridisch advies.",
           "heads": {"error": "Fouten: dit spreekt elkaar tegen",
                     "warning": "Waarschuwingen: los dit op voor het protocol uitgaat",
                     "tip": "Tips en aannames"}},
    "en": {"error": ("error", "errors"), "warning": ("warning", "warnings"),
           "tip": ("tip", "tips"), "fields": "Fields", "why": "Why", "change": "What to change",
           "none": "No findings: the plan nowhere contradicts itself.",
           "review": "Review of", "note": "Advice on the social media protocol of",
           "intro": "This note is for {owner}, not for staff. It discusses the answers the "
                    "protocol and handout are built on: what contradicts itself, what is still "
                    "missing to be ready, which defaults the documents now assume, and which "
                    "laws and codes come into it. This is not legal advice.",
           "heads": {"error": "Errors: these contradict each other",
                     "warning": "Warnings: resolve these before the protocol goes out",
                     "tip": "Tips and assumptions"}},
}


def count_phrase(findings: Sequence[Finding], language: str = "en") -> str:
    """``1 warning, 12 tips`` (only the severities present); ``no findings`` when none."""
    words = WORDS[language]
    parts = [f"{n} {words[s][0] if n == 1 else words[s][1]}"
             for s, n in counts(list(findings)).items() if n]
    return ", ".join(parts) or ("geen bevindingen" if language == "nl" else "no findings")


def as_text(plan: Plan, findings: Sequence[Finding], language: str, width: int = 96) -> str:
    """Findings for the terminal: severity and id, the title, fields, why and what to change."""
    words = WORDS[language]
    lines = [f"{words['review']} {plan.source} — {plan.org['name']}", ""]
    indent = "    "
    for finding in findings:
        lines.append(f"{words[finding.severity][0].upper()}  {finding.id}")
        lines += textwrap.wrap(finding.title, width, initial_indent=indent,
                               subsequent_indent=indent)
        lines.append(f"{indent}{words['fields']}: {', '.join(finding.fields)}")
        for key, text in (("why", finding.why), ("change", finding.change)):
            lines += textwrap.wrap(f"{words[key]}: {text}", width, initial_indent=indent,
                                   subsequent_indent=indent)
        lines.append("")
    if not findings:
        lines += [words["none"], ""]
    lines.append(count_phrase(findings, language))
    return "\n".join(lines) + "\n"


def as_markdown(plan: Plan, language: str, level: int = 1) -> str:
    """A note for the policy owner: every finding by severity, answer text escaped."""
    words = WORDS[language]
    findings = review(plan, language, mark=escape)
    owner = Say(language, escape).the(plan.org["policy_owner"]["role"],
                                      plan.org["policy_owner"].get("article"))
    hashes = "#" * level
    out = [f"{hashes} {words['note']} {escape(plan.org['name'])}", "",
           words["intro"].format(owner=owner), "",
           f"**{count_phrase(findings, language).capitalize()}.**", ""]
    if not findings:
        out += [words["none"], ""]
    for severity in SEVERITIES:
        chosen = [f for f in findings if f.severity == severity]
        if not chosen:
            continue
        out += [f"{hashes}# {words['heads'][severity]}", ""]
        for finding in chosen:
            fields = ", ".join(f"`{field}`" for field in finding.fields)
            out += [f"{hashes}## {finding.title}", "",
                    f"**{words['why']}.** {finding.why}", "",
                    f"**{words['change']}.** {finding.change}", "",
                    f"{words['fields']}: {fields} · `{finding.id}`", ""]
    return "\n".join(out)


def as_json(plan: Plan, findings: Sequence[Finding], language: str) -> str:
    """The review as JSON, in the shape ``review.schema.json`` describes."""
    document = {
        "schema": SCHEMA_ID,
        "answers": plan.source,
        "organisation": plan.org["name"],
        "language": language,
        "counts": counts(list(findings)),
        "findings": [{"id": f.id, "family": f.family, "severity": f.severity,
                      "fields": list(f.fields), "title": f.title, "why": f.why,
                      "change": f.change} for f in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, object]:
    """The JSON Schema of ``policygen review --format json``."""
    loaded: dict[str, object] = json.loads(JSON_SCHEMA.read_text(encoding="utf-8"))
    return loaded
