"""The questions of `policygen init`, as data: what is asked, in which group, when, and how.

The flow (:mod:`policygen.interview.flow`) asks them; validation uses the answers file's own field
definitions (:data:`policygen.answers.schema.ANSWERS_SCHEMA`), so a value the prompt accepts is
one the
build accepts. No terminal code here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from policygen.answers import hours
from policygen.answers import schema as answers_module
from policygen.answers.fields import Field, ListOf, Record

Data = dict[str, Any]

# The tools the seeds name and a few common ones, with what they are mostly used for; a tool
# outside this list is asked for by name and purpose.
KNOWN_TOOLS = {
    "Hootsuite": "scheduling", "Tweetdeck": "monitoring", "Coosto": "monitoring",
    "Sprout Social": "publishing", "Meltwater": "monitoring", "Buffer": "scheduling",
    "Later": "scheduling", "Brand24": "monitoring", "Agorapulse": "webcare",
}
OTHER = "__other__"


@dataclass(frozen=True)
class Question:
    """One prompt: the answers path it fills, its kind, its text per language."""

    path: str
    kind: str  # text | integer | date | confirm | select | checkbox | list | tools
    text: dict[str, str]
    group: str
    choices: tuple[Any, ...] = ()
    label_kind: str | None = None
    default: Callable[[str], Any] | None = None
    when: Callable[[Data], bool] | None = None
    optional: bool = False


@dataclass(frozen=True)
class Repeat:
    """A repeating group (escalation levels): how many, then the questions of each item."""

    path: str
    group: str
    items: tuple[Question, ...]
    count: dict[str, str]
    min_items: int
    max_items: int
    defaults: Callable[[str], list[Data]] = field(default=lambda lang: [])
    only_if_renamed: frozenset[str] = frozenset()


GROUPS = {
    "organisation": {"nl": "Organisatie — wie is het protocol voor?",
                     "en": "Organisation — who is the protocol for?"},
    "channels": {"nl": "Kanalen — waarvoor en waar gebruikt u sociale media?",
                 "en": "Channels — what do you use social media for, and where?"},
    "permissions": {"nl": "Wie mag wat — spreken namens de organisatie, privégebruik, foto's",
                    "en": "Permissions — speaking for the organisation, personal use, photos"},
    "escalation": {"nl": "Escalatie — reactietijd, wie pakt wat op, crisis",
                   "en": "Escalation — response time, who handles what, crisis"},
    "tools": {"nl": "Tools — welke hulpmiddelen zijn goedgekeurd?",
              "en": "Tools — which tools are approved?"},
    "training": {"nl": "Training — hoe leren medewerkers het protocol kennen?",
                 "en": "Training — how do staff learn the protocol?"},
}


def _by_lang(nl: Any, en: Any) -> Callable[[str], Any]:
    return lambda lang: nl if lang == "nl" else en


def _get(data: Data, path: str) -> Any:
    value: Any = data
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _approval(data: Data) -> bool:
    return bool(_get(data, "permissions.approval_required"))


def _has_crisis_triggers(data: Data) -> bool:
    triggers = _get(data, "escalation.crisis_triggers")
    return triggers is None or bool(triggers)


def _not_round_the_clock(data: Data) -> bool:
    return not hours.is_round_the_clock(_get(data, "escalation.monitoring_hours"))


QUESTIONS: tuple[Question | Repeat, ...] = (
    Question("organisation.name", "text", {"nl": "Naam van de organisatie",
                                           "en": "Name of the organisation"}, "organisation"),
    Question("organisation.sector", "select", {"nl": "Sector", "en": "Sector"}, "organisation",
             choices=answers_module.SECTORS, label_kind="sector",
             default=lambda lang: "other"),
    Question("organisation.policy_owner.role", "text",
             {"nl": "Wie is eigenaar van het protocol (functie)?",
              "en": "Who owns the protocol (role)?"}, "organisation",
             default=_by_lang("HR-manager", "HR manager")),
    Question("organisation.policy_owner.name", "text",
             {"nl": "Naam van de eigenaar (mag leeg)", "en": "Owner's name (may be empty)"},
             "organisation", optional=True),
    Question("organisation.effective_date", "date",
             {"nl": "Vanaf wanneer geldt het protocol? (JJJJ-MM-DD; leeg: het blijft een "
                    "concept)",
              "en": "From when is the protocol in force? (YYYY-MM-DD; empty: it stays a "
                    "draft)"},
             "organisation", optional=True),
    Question("objectives", "checkbox",
             {"nl": "Waarvoor gebruikt u sociale media? (spatie kiest, Enter gaat verder)",
              "en": "What do you use social media for? (space selects, Enter continues)"},
             "channels", choices=answers_module.OBJECTIVES, label_kind="objective",
             default=lambda lang: ["marketing", "customer_service"]),
    Question("platforms", "checkbox",
             {"nl": "Op welke platforms bent u actief?", "en": "Which platforms are you on?"},
             "channels", choices=answers_module.PLATFORMS, label_kind="platform",
             default=lambda lang: ["linkedin"]),
    Question("permissions.official_spokespeople", "list",
             {"nl": "Wie mogen namens de organisatie spreken? (functies, met komma's)",
              "en": "Who may speak for the organisation? (roles, comma-separated)"},
             "permissions", default=_by_lang(["Communicatie"], ["Communications"])),
    Question("permissions.approval_required", "confirm",
             {"nl": "Moeten officiële berichten vooraf worden goedgekeurd?",
              "en": "Do official posts need approval before they go out?"},
             "permissions", default=lambda lang: False),
    Question("permissions.approver", "text",
             {"nl": "Wie keurt ze goed (functie)?", "en": "Who approves them (role)?"},
             "permissions", when=_approval,
             default=_by_lang("Hoofd Communicatie", "Head of Communications")),
    Question("permissions.personal_use_at_work", "select",
             {"nl": "Privégebruik van sociale media onder werktijd",
              "en": "Personal use of social media during working hours"},
             "permissions", choices=answers_module.PERSONAL_USE, label_kind="personal_use",
             default=lambda lang: "breaks_only"),
    Question("permissions.mention_employer", "select",
             {"nl": "Mogen medewerkers privé vertellen waar ze werken?",
              "en": "May staff mention their employer on personal accounts?"},
             "permissions", choices=answers_module.MENTION_EMPLOYER,
             label_kind="mention_employer", default=lambda lang: "with_disclaimer"),
    Question("permissions.employees_may_reply_to_customers", "confirm",
             {"nl": "Mogen alle medewerkers zelf op vragen van klanten reageren? "
                    "(nee: doorverwijzen naar het webcareteam)",
              "en": "May every employee reply to customers themselves? "
                    "(no: refer them to the webcare team)"},
             "permissions", default=lambda lang: False),
    Question("permissions.photos_at_work", "select",
             {"nl": "Foto's en video op het werk", "en": "Photos and video at work"},
             "permissions", choices=answers_module.PHOTOS_AT_WORK, label_kind="photos_at_work",
             default=lambda lang: "with_permission"),
    Question("permissions.confidential_topics", "list",
             {"nl": "Wat is bij u vertrouwelijk? (met komma's)",
              "en": "What is confidential in your organisation? (comma-separated)"},
             "permissions",
             default=_by_lang(["klantgegevens", "personeelsgegevens"],
                              ["customer data", "staff data"])),
    Question("escalation.response_time_hours", "integer",
             {"nl": "Binnen hoeveel uur reageert u op officiële kanalen?",
              "en": "Within how many hours do you respond on official channels?"},
             "escalation", default=lambda lang: 4),
    Question("escalation.monitoring_hours", "text",
             {"nl": "Wanneer worden de kanalen gevolgd? ('24/7' voor altijd)",
              "en": "When are the channels monitored? ('24/7' for always)"},
             "escalation", default=_by_lang("ma-vr 09:00-17:00", "Mon-Fri 09:00-17:00")),
    Repeat(
        "escalation.levels", "escalation",
        items=(
            Question("name", "text", {"nl": "Trede {n}: wie (team of functie)?",
                                      "en": "Step {n}: who (team or role)?"}, "escalation"),
            Question("contact", "text", {"nl": "Trede {n}: telefoon of e-mail",
                                         "en": "Step {n}: phone or e-mail"}, "escalation"),
            Question("handles", "text", {"nl": "Trede {n}: wat handelt deze trede af?",
                                         "en": "Step {n}: what does this step handle?"},
                     "escalation", optional=True),
        ),
        count={"nl": "Hoeveel treden heeft uw escalatieladder? (1-6; trede 1 pakt alles eerst op)",
               "en": "How many steps does your escalation ladder have? (1-6; step 1 picks "
                     "everything up first)"},
        min_items=1, max_items=6, only_if_renamed=frozenset({"handles"}),
        defaults=_by_lang(
            [{"name": "Webcare-team", "handles": "vragen en klachten"},
             {"name": "Hoofd Communicatie", "handles": "kritiek, pers en crisis"}],
            [{"name": "Webcare team", "handles": "questions and complaints"},
             {"name": "Head of Communications", "handles": "criticism, press and crises"}]),
    ),
    Question("escalation.crisis_triggers", "checkbox",
             {"nl": "Wat is voor u een crisis?", "en": "What counts as a crisis for you?"},
             "escalation", choices=answers_module.CRISIS_TRIGGERS, label_kind="crisis_trigger",
             default=lambda lang: ["safety", "data_breach", "media_inquiry", "viral_negative"]),
    Question("escalation.holding_statement_minutes", "integer",
             {"nl": "Binnen hoeveel minuten zegt u bij een crisis publiek iets (een eerste "
                    "reactie, nog zonder antwoorden)?",
              "en": "In a crisis, within how many minutes do you say something in public (a "
                    "holding statement, before you have answers)?"},
             "escalation", default=lambda lang: 60, when=_has_crisis_triggers),
    Question("escalation.press_contact", "text",
             {"nl": "Waar gaan vragen van journalisten heen? (mag leeg)",
              "en": "Where do questions from journalists go? (may be empty)"},
             "escalation", optional=True),
    Question("escalation.out_of_hours_contact", "text",
             {"nl": "Wie is buiten die tijden bereikbaar bij een crisis? (telefoon; mag leeg)",
              "en": "Who can be reached outside those hours in a crisis? (phone; may be empty)"},
             "escalation", when=_not_round_the_clock, optional=True),
    Question("tools", "tools",
             {"nl": "Welke tools gebruikt u?", "en": "Which tools do you use?"}, "tools",
             choices=tuple(KNOWN_TOOLS), default=lambda lang: []),
    Question("training.onboarding", "confirm",
             {"nl": "Krijgen nieuwe medewerkers een training?",
              "en": "Do new staff get a training?"}, "training", default=lambda lang: True),
    Question("training.refresher_months", "integer",
             {"nl": "Om de hoeveel maanden een opfriscursus? (0: geen)",
              "en": "A refresher every how many months? (0: none)"},
             "training", default=lambda lang: 12),
    Question("training.trainer", "text",
             {"nl": "Wie geeft de training? (mag leeg)",
              "en": "Who gives the training? (may be empty)"},
             "training", optional=True),
)

TOOL_PURPOSE = {"nl": "Waarvoor gebruikt u {name}?", "en": "What do you use {name} for?"}
TOOL_OTHER = {"nl": "Andere tools (namen, met komma's)",
              "en": "Other tools (names, comma-separated)"}
LANGUAGE = {"nl": "Taal van de documenten / Document language",
            "en": "Taal van de documenten / Document language"}


def field_for(path: str) -> Field:
    """The answers-file field that validates the value at ``path`` (list items included)."""
    spec: Field = answers_module.ANSWERS_SCHEMA
    for key in path.split("."):
        while isinstance(spec, ListOf):
            spec = spec.item
        if not isinstance(spec, Record):
            raise KeyError(path)
        spec = spec.fields[key]
    return spec


def get(data: Data, path: str) -> Any:
    """The value at a dotted path, or None."""
    return _get(data, path)


def put(data: Data, path: str, value: Any) -> None:
    """Set the value at a dotted path, creating mappings on the way."""
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
