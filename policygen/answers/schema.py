"""The answers file (schema 1): its definition, loading, validation and defaults.

An :class:`Answers` holds the validated, defaults-filled answers of one organisation as plain
data (dicts, lists, text, numbers, dates), which is what clause conditions and templates see.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policygen import safeio
from policygen.answers import yamlio
from policygen.answers.fields import (
    EMAIL_PATTERN,
    Boolean,
    Choice,
    Date,
    Integer,
    ListOf,
    Problems,
    Record,
    Rule,
    Text,
)
from policygen.errors import Problem, ProblemsError

SCHEMA_VERSION = 1
LANGUAGES = ("nl", "en")
SECTORS = ("government", "healthcare", "education", "nonprofit", "finance", "retail", "b2b",
           "other")
OBJECTIVES = (
    "marketing",
    "sales",
    "customer_service",
    "recruitment",
    "internal_communication",
    "product_development",
    "thought_leadership",
)
PLATFORMS = ("linkedin", "x", "facebook", "instagram", "tiktok", "youtube")
PERSONAL_USE = ("allowed", "breaks_only", "not_allowed")
MENTION_EMPLOYER = ("allowed", "with_disclaimer", "not_allowed")
PHOTOS_AT_WORK = ("allowed", "with_permission", "not_allowed")
CRISIS_TRIGGERS = (
    "safety",
    "data_breach",
    "media_inquiry",
    "viral_negative",
    "legal_threat",
    "account_compromised",
)
TOOL_PURPOSES = ("scheduling", "monitoring", "analytics", "publishing", "webcare", "other")
ROLE_ARTICLES = ("de", "het", "the", "none")
COUNTRY_PATTERN = r"^[A-Z]{2}$"
DEFAULT_COUNTRY = {"nl": "NL", "en": "GB"}  # by the answers file's language, not --lang
# Legal forms dropped from a name to make the short name used in running text.
_LEGAL_FORM = re.compile(
    r"^(?:stichting|coöperatie|cooperatie)\s+|"
    r"[\s,]+(?:b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|c\.?v\.?|u\.?a\.?|ltd\.?|limited|llp|"
    r"plc|inc\.?|llc|gmbh|ag|s\.?a\.?|cic|& co\.?)$", re.IGNORECASE)


def short_name_of(name: str) -> str:
    """The name without its legal form: 'Acme Analytics Ltd' → 'Acme Analytics'."""
    short = name.strip()
    while True:
        shorter = _LEGAL_FORM.sub("", short).strip(" ,")
        if shorter == short or not shorter:
            return short
        short = shorter


def _approver_rule(value: dict[str, Any], path: str, problems: Problems) -> None:
    if value.get("approval_required") and not value.get("approver"):
        problems.add(f"{path}.approver", "required when approval_required is true")


def _levels_rule(value: dict[str, Any], path: str, problems: Problems) -> None:
    names = [level["name"].casefold() for level in value.get("levels") or [] if level]
    for index, name in enumerate(names):
        if name in names[:index]:
            problems.add(f"{path}.levels[{index}].name", "the same name as an earlier level")


def _triggers_rule(value: dict[str, Any], path: str, problems: Problems) -> None:
    crisis = value.get("crisis_triggers") or []
    owner: dict[str, int] = {}
    for index, level in enumerate(value.get("levels") or []):
        for trigger in (level or {}).get("triggers") or []:
            where = f"{path}.levels[{index}].triggers"
            if trigger not in crisis:
                problems.add(where, f"{trigger!r} is not one of {path}.crisis_triggers")
            elif trigger in owner:
                problems.add(where, f"{trigger!r} is already owned by levels[{owner[trigger]}]")
            else:
                owner[trigger] = index


_contact = "Phone number, e-mail address or other way to reach them."
_article = ("The role's article where it cannot be derived: de, het, the, or none (a name "
            "that takes no article).")

ORGANISATION = Record(
    description="Who the protocol is for.",
    required=True,
    fields={
        "name": Text(description="Full name of the organisation.", required=True, max_length=120),
        "short_name": Text(description="Short name used in running text (default: name).",
                           max_length=60),
        "sector": Choice(choices=SECTORS, default="other",
                         description="Sector; adds the sector's own clauses."),
        "policy_owner": Record(
            description="Who owns and maintains the protocol.",
            required=True,
            fields={
                "role": Text(description="Role, e.g. HR-manager.", required=True, max_length=80),
                "name": Text(description="Name of the person.", max_length=80),
                "email": Text(description="E-mail address.", max_length=120,
                              pattern=EMAIL_PATTERN, pattern_hint="not an e-mail address"),
                "article": Choice(choices=ROLE_ARTICLES, description=_article),
            },
        ),
        "country": Text(description="ISO 3166 code of the country whose law the documents cite "
                                    "(default: NL for a Dutch answers file, GB for an English "
                                    "one).", min_length=2, max_length=2,
                        pattern=COUNTRY_PATTERN, pattern_hint="not an ISO 3166 country code "
                                                          "such as NL or GB",
                        examples=("NL", "GB", "BE", "DE", "IE")),
        "effective_date": Date(description="Date the protocol takes effect. Without one the "
                                           "documents are a draft ('concept')."),
        "review_months": Integer(description="Months between reviews.", minimum=1, maximum=36,
                                 default=12),
        "adopted_by": Text(description="Who adopted the protocol, e.g. 'Directie'.",
                           max_length=120),
        "adopted_on": Date(description="When it was adopted."),
        "works_council_consent": Boolean(description="The works council consented (where the "
                                                     "country has works councils)."),
    },
)

ANSWERS_SCHEMA = Record(
    description="policygen answers file, schema 1.",
    fields={
        "schema": Choice(choices=(SCHEMA_VERSION,), default=SCHEMA_VERSION,
                         description="Version of this file's format."),
        "language": Choice(choices=LANGUAGES, default="nl", description="Document language."),
        "organisation": ORGANISATION,
        "objectives": ListOf(item=Choice(choices=OBJECTIVES), unique=True, default=[],
                             description="What the organisation uses social media for."),
        "platforms": ListOf(item=Text(max_length=40, examples=PLATFORMS), unique=True,
                            default=[], max_items=20,
                            description="Platforms in use: " + ", ".join(PLATFORMS)
                            + " or any other name."),
        "official_accounts": ListOf(
            default=[],
            description="The organisation's own accounts.",
            item=Record(fields={
                "platform": Text(required=True, max_length=40, examples=PLATFORMS),
                "handle": Text(required=True, max_length=100),
                "managed_by": Text(description="Team or role that manages it.", max_length=80),
            }),
        ),
        "permissions": Record(
            description="Who may do what.",
            rules=(Rule(_approver_rule, ("approval_required", "approver")),),
            extra_schema={
                "if": {"properties": {"approval_required": {"const": True}},
                       "required": ["approval_required"]},
                "then": {"required": ["approver"]},
            },
            fields={
                "official_spokespeople": ListOf(
                    item=Text(max_length=80), unique=True, default=[],
                    description="Roles that may post on behalf of the organisation."),
                "approval_required": Boolean(default=False,
                                             description="Official posts need approval first."),
                "approver": Text(max_length=80,
                                 description="Who approves (required with approval_required)."),
                "personal_use_at_work": Choice(choices=PERSONAL_USE, default="breaks_only"),
                "mention_employer": Choice(choices=MENTION_EMPLOYER, default="with_disclaimer"),
                "employees_may_reply_to_customers": Boolean(
                    default=False, description="false: refer customers to the webcare team."),
                "photos_at_work": Choice(choices=PHOTOS_AT_WORK, default="with_permission"),
                "confidential_topics": ListOf(item=Text(max_length=80), unique=True, default=[]),
                "access_review_months": Integer(
                    minimum=1, maximum=24, default=3,
                    description="Every this many months, who has access to the official "
                                "accounts and tools is checked."),
            },
        ),
        "reporting": Record(
            description="Measuring and reporting on social media.",
            fields={
                "interval_months": Integer(minimum=1, maximum=24, default=3,
                                           description="A report every this many months."),
                "to": Text(max_length=80, description="Who receives it (role; default: the "
                                                      "policy owner)."),
            },
        ),
        "escalation": Record(
            description="Response times, the escalation ladder and the crisis protocol.",
            required=True,
            rules=(Rule(_levels_rule, ("levels[*].name",)),
                   Rule(_triggers_rule, ("levels[*].triggers", "crisis_triggers"))),
            fields={
                "response_time_hours": Integer(minimum=1, maximum=168, default=4,
                                               description="First response on official channels."),
                "monitoring_hours": Text(max_length=80,
                                         description="When channels are watched, e.g. "
                                         "'ma-vr 08:00-18:00' or '24/7'."),
                "levels": ListOf(
                    required=True, min_items=1, max_items=6,
                    description="The escalation ladder, in order.",
                    item=Record(fields={
                        "name": Text(required=True, max_length=80),
                        "handles": Text(max_length=160, description="What this level handles."),
                        "contact": Text(required=True, max_length=120, description=_contact),
                        "within_hours": Integer(minimum=1, maximum=168,
                                                description="Response time at this level, in "
                                                            "hours (default: for the first "
                                                            "level the response target, "
                                                            "escalation.response_time_hours; "
                                                            "for a higher level the time of "
                                                            "the level below it; a level that "
                                                            "owns crisis signals takes them "
                                                            "within holding_statement_minutes "
                                                            "where that is shorter)."),
                        "triggers": ListOf(item=Choice(choices=CRISIS_TRIGGERS), unique=True,
                                           description="The crisis triggers this level owns "
                                                       "(default: read from 'handles')."),
                        "article": Choice(choices=ROLE_ARTICLES, description=_article),
                    }),
                ),
                "crisis_triggers": ListOf(
                    item=Choice(choices=CRISIS_TRIGGERS), unique=True,
                    default=["safety", "data_breach", "media_inquiry", "viral_negative"]),
                "press_contact": Text(max_length=120, description="Where press enquiries go."),
                "press_forward_minutes": Integer(
                    minimum=5, maximum=1440, default=60,
                    description="Staff pass a journalist's question on within this many minutes."),
                "holding_statement_minutes": Integer(
                    minimum=10, maximum=1440, default=60,
                    description="In a crisis, the first public word (a holding statement) goes "
                                "out within this many minutes; not the webcare response time."),
                "crisis_log_keeper": Text(max_length=80,
                                          description="Who keeps the log in a crisis (role); "
                                                      "default: not named."),
                "out_of_hours_contact": Text(max_length=120, description=_contact),
            },
        ),
        "tools": ListOf(
            default=[],
            description="Approved social media tools.",
            item=Record(fields={
                "name": Text(required=True, max_length=60,
                             examples=("Hootsuite", "Tweetdeck", "Coosto", "Sprout Social",
                                       "Meltwater", "Buffer", "Later")),
                "purpose": Choice(choices=TOOL_PURPOSES, default="other"),
                "users": Text(max_length=80, description="Who uses it."),
                "access": Text(max_length=160, description="How to get access."),
            }),
        ),
        "training": Record(
            description="Training and support.",
            fields={
                "onboarding": Boolean(default=True, description="New staff are trained."),
                "refresher_months": Integer(minimum=0, maximum=60, default=12,
                                            description="Months between refreshers; 0: none."),
                "trainer": Text(max_length=80),
                "session_minutes": Integer(minimum=30, maximum=480, default=90,
                                           description="Length of a training session."),
                "max_participants": Integer(minimum=2, maximum=200, default=16,
                                            description="Most participants per session."),
            },
        ),
        "library": Record(
            description="Where the clauses come from.",
            fields={
                "overlay": Text(max_length=400,
                                description="A folder of the organisation's own clause files "
                                            "on top of the library, relative to this answers "
                                            "file (build --clauses overrides it)."),
            },
        ),
    },
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the answers file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policygen.invalid/schema/answers-1.json",
        "title": "policygen answers (schema 1)",
        **ANSWERS_SCHEMA.json_schema(),
    }


@dataclass(frozen=True)
class Answers:
    """One organisation's validated answers, with defaults filled in."""

    data: dict[str, Any]
    source: str
    sha256: str
    _written: str | None = None  # the file's own language, where --lang changed it

    @property
    def language(self) -> str:
        """The document language (nl or en)."""
        return str(self.data["language"])

    @property
    def name(self) -> str:
        """The organisation's full name."""
        return str(self.data["organisation"]["name"])

    @property
    def slug(self) -> str:
        """A file-system-safe name for the organisation's output folder."""
        return slugify(self.name)

    @property
    def written_language(self) -> str:
        """The language the answers file itself is written in (its own ``language``)."""
        return self._written or self.language

    def with_language(self, language: str) -> Answers:
        """A copy in another document language (``build --lang``)."""
        data = dict(self.data, language=language)
        return Answers(data=data, source=self.source, sha256=self.sha256,
                       _written=self.written_language)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or "organisation-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def validate(raw: Any, source: str) -> dict[str, Any]:
    """Validate a loaded document; raise :class:`ProblemsError` listing every problem."""
    problems = Problems()
    data: dict[str, Any] = ANSWERS_SCHEMA.validate(raw, "", problems)
    if problems.items:
        raise ProblemsError([Problem(source, p.message, field=p.path) for p in problems.items])
    org = data["organisation"]
    org["short_name"] = org["short_name"] or short_name_of(org["name"])
    org["country"] = org["country"] or DEFAULT_COUNTRY[data["language"]]
    return data


def parse(text: bytes, source: str) -> Answers:
    """Parse and validate the bytes of an answers file."""
    raw = yamlio.load(text, source)
    if raw is None:
        raise ProblemsError([Problem(source, "the file is empty")])
    data = validate(raw, source)
    return Answers(data=data, source=source, sha256=hashlib.sha256(text).hexdigest())


def load(path: Path) -> Answers:
    """Read, parse and validate an answers file."""
    text = safeio.read_regular(path, limit=yamlio.MAX_BYTES, what="answers file")
    return parse(text, str(path))

