"""`policygen init`: the question flow, in the terminal, that writes an answers file.

The answers file is written (atomically) after every answer, with a small ``_policygen`` record
of which questions were answered, so Ctrl-C loses nothing and the next run resumes at the first
unanswered question; on a complete file every question is asked again with the current value
as its default. Prompt functions pass ``input``/``output`` through to questionary, so tests
drive the flow with prompt_toolkit's pipe input.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import questionary
import yaml
from questionary import Choice

from policygen import safeio
from policygen.answers import schema as answers_module
from policygen.answers.fields import Field, ListOf, Problems, Record
from policygen.errors import PolicygenError, Problem, ProblemsError
from policygen.interview.questions import (
    GROUPS,
    KNOWN_TOOLS,
    LANGUAGE,
    OTHER,
    QUESTIONS,
    TOOL_OTHER,
    TOOL_PURPOSE,
    Data,
    Question,
    Repeat,
    field_for,
    get,
    put,
)
from policygen.output.write import write_atomic

META = "_policygen"
HEADER = ("# policygen answers (schema 1), written by `policygen init`.\n"
          "# Edit it freely, or run `policygen init` again to go through the questions.\n")
WORDS = {
    "nl": {"summary": "Samenvatting", "build": "Nu de documenten maken?", "yes": "ja",
           "no": "nee", "other": "andere tool", "none": "geen",
           "draft": "nog geen datum: de documenten zijn een concept",
           "assumed": "De documenten gaan verder uit van (aan te passen in het antwoordbestand): "
                      "toegang tot accounts en tools elke {access} maanden nagelopen, een "
                      "rapportage elke {report} maanden, vragen van journalisten binnen "
                      "{press} minuten doorgegeven, trainingen van {minutes} minuten voor "
                      "hoogstens {people} deelnemers."},
    "en": {"summary": "Summary", "build": "Build the documents now?", "yes": "yes",
           "no": "no", "other": "another tool", "none": "none",
           "draft": "no date yet: the documents are a draft",
           "assumed": "The documents also assume (change them in the answers file): access to "
                      "accounts and tools checked every {access} months, a report every "
                      "{report} months, journalists' questions passed on within {press} "
                      "minutes, training sessions of {minutes} minutes for at most {people} "
                      "people."},
}


class NoTerminalError(PolicygenError):
    """init needs a terminal to ask questions."""


def check_target(path: Path) -> None:
    """Refuse, before any question, an answers path that cannot be written as a file.

    A folder, a device or FIFO, a read-only file, or a folder that does not exist or cannot be
    written: each is one clear message naming the path, never an ``OSError`` later.
    """
    if path.is_dir():
        raise PolicygenError(f"{path}: is a folder; give the answers file's name "
                             f"(e.g. {path / 'answers.yaml'})")
    if safeio.is_special(path) or (path.is_symlink() and not path.is_file()):
        raise PolicygenError(f"{path}: is not a regular file; policygen will not replace it")
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise PolicygenError(f"{path}: is read-only; make it writable, or choose another file")
    folder = path.parent
    if not folder.is_dir():
        raise PolicygenError(f"{path}: the folder {folder}/ does not exist; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PolicygenError(f"{path}: the folder {folder}/ is not writable")


def read_existing(path: Path) -> Data:
    """The raw answers in ``path`` (possibly incomplete), or an empty mapping."""
    if not path.exists():
        return {}
    from policygen.answers import yamlio

    raw = yamlio.load(safeio.read_regular(path, limit=yamlio.MAX_BYTES, what="answers file"),
                      str(path))
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ProblemsError([Problem(str(path), "not an answers file (expected a mapping)")])
    return raw


def ordered(data: Any, spec: Field) -> Any:
    """``data`` with keys in the schema's order (then metadata), None values left out."""
    if isinstance(spec, Record) and isinstance(data, dict):
        out = {key: ordered(data[key], sub) for key, sub in spec.fields.items()
               if data.get(key) is not None}
        out.update({k: v for k, v in data.items() if k.startswith("_")})
        return out
    if isinstance(spec, ListOf) and isinstance(data, list):
        return [ordered(item, spec.item) for item in data]
    return data


def save(path: Path, data: Data) -> None:
    """Write the answers, in schema order, atomically."""
    text = yaml.safe_dump(ordered(data, answers_module.ANSWERS_SCHEMA), sort_keys=False,
                          allow_unicode=True, default_flow_style=False, width=100)
    try:
        write_atomic(path, (HEADER + text).encode("utf-8"))
    except OSError as exc:
        raise PolicygenError(f"{path}: cannot write ({exc.strerror or exc})") from None


# The validation reasons of policygen.answers.fields, in Dutch for the Dutch question flow.
DUTCH_REASONS = (
    (r"required", "verplicht: vul iets in"),
    (r"must not be empty", "mag niet leeg zijn"),
    (r"must be a single line", "moet op één regel"),
    (r"contains control characters", "bevat stuurtekens"),
    (r"at most (\d+) characters \(got (\d+)\)", r"maximaal \1 tekens (nu \2)"),
    (r"must be between (-?\d+) and (-?\d+) \(got (-?\d+)\)",
     r"kies een getal van \1 tot en met \2 (nu \3)"),
    (r"not an e-mail address: (.*)", r"geen e-mailadres: \1"),
    (r"expected a whole number, got (.*)", r"vul een heel getal in (nu \1)"),
)


def translate(reason: str, language: str) -> str:
    """A validation reason in the language of the questions."""
    if language != "nl":
        return reason
    for pattern, dutch in DUTCH_REASONS:
        if re.fullmatch(pattern, reason):
            return re.sub(pattern, dutch, reason)
    return reason


def check_value(path: str, value: Any, *, optional: bool = False,
                language: str = "en") -> str | None:
    """The reason a value is not valid for the answers field at ``path`` (None: valid)."""
    if optional and value in (None, "", []):
        return None
    if value in (None, "") and not optional:
        return translate("required", language)
    problems = Problems()
    field_for(path).validate(value, path, problems)
    return translate(problems.items[0].message, language) if problems.items else None


def split_list(text: str) -> list[str]:
    """'a, b ,, c' → ['a', 'b', 'c']."""
    return [part.strip() for part in text.split(",") if part.strip()]


class Interview:
    """One run of the question flow over one answers file."""

    def __init__(self, path: Path, labels: Mapping[str, Mapping[str, Any]], **prompt_kwargs: Any):
        """``labels`` are the library's value labels (``label:`` keys), for the choices' titles."""
        self.path = path
        self.prompt_kwargs = prompt_kwargs
        self.data = read_existing(path)
        meta = self.data.get(META)
        self.meta: dict[str, Any] = meta if isinstance(meta, dict) else {}
        answered = self.meta.get("answered")
        self.answered: list[str] = [str(a) for a in answered] if isinstance(answered, list) else []
        self.editing = bool(self.data) and self.meta.get("complete", META not in self.data)
        self.labels = labels
        self.shown_groups: set[str] = set()

    # -- flow ----------------------------------------------------------------------------

    def run(self) -> Data:
        """Ask every question still to ask; return the final answers (already saved)."""
        self._ask_language()
        lang = self.lang
        for item in QUESTIONS:
            if isinstance(item, Repeat):
                self._step(item.path, item.group, partial(self._ask_repeat, item, lang))
            elif item.when is None or item.when(self.data):
                self._step(item.path, item.group, partial(self._ask, item, lang))
        self.data["schema"] = answers_module.SCHEMA_VERSION
        self.meta.update(complete=True, answered=self.answered)
        self.data[META] = self.meta
        answers_module.validate(self.data, str(self.path))
        save(self.path, self.data)
        return self.data

    @property
    def lang(self) -> str:
        """The language questions are asked in (the document language)."""
        return "en" if self.data.get("language") == "en" else "nl"

    def _step(self, path: str, group: str, ask: Callable[[], Any]) -> None:
        if path in self.answered and not self.editing:
            return
        if group not in self.shown_groups:
            self.shown_groups.add(group)
            questionary.print(f"\n{GROUPS[group][self.lang]}", style="bold",
                              **self._print_kwargs())
        value = ask()
        put(self.data, path, value)
        self._mark(path)

    def _mark(self, path: str) -> None:
        if path not in self.answered:
            self.answered.append(path)
        self.meta["answered"] = self.answered
        self.meta.setdefault("complete", False)
        self.data[META] = self.meta
        save(self.path, self.data)

    def _print_kwargs(self) -> dict[str, Any]:
        output = self.prompt_kwargs.get("output")
        return {"output": output} if output is not None else {}

    # -- single questions ----------------------------------------------------------------

    def _ask_language(self) -> None:
        if "language" in self.answered and not self.editing:
            return
        current = self.data.get("language") or "nl"
        choices = [Choice("Nederlands", "nl"), Choice("English", "en")]
        self.data["language"] = questionary.select(
            LANGUAGE["nl"], choices=choices, default=current, **self.prompt_kwargs).unsafe_ask()
        self._mark("language")

    def _label(self, kind: str | None, value: Any) -> str:
        entry = self.labels.get(kind or "", {}).get(value)
        return str(entry[self.lang]) if entry else str(value)

    def _default(self, question: Question, lang: str, current: Any) -> Any:
        if current is not None:
            return current
        return question.default(lang) if question.default else None

    def _ask(self, question: Question, lang: str, *, path: str | None = None,
             current: Any = None, message: str | None = None) -> Any:
        path = path or question.path
        current = get(self.data, path) if current is None else current
        default = self._default(question, lang, current)
        text = message or question.text[lang]
        kind = question.kind
        if kind == "confirm":
            return questionary.confirm(text, default=bool(default),
                                       **self.prompt_kwargs).unsafe_ask()
        if kind == "select":
            choices = [Choice(self._label(question.label_kind, c), c) for c in question.choices]
            return questionary.select(text, choices=choices, default=default,
                                      **self.prompt_kwargs).unsafe_ask()
        if kind == "checkbox":
            chosen = set(default or [])
            choices = [Choice(self._label(question.label_kind, c), c, checked=c in chosen)
                       for c in question.choices]
            extra = [c for c in chosen if c not in question.choices]  # free text kept
            picked = questionary.checkbox(text, choices=choices, **self.prompt_kwargs).unsafe_ask()
            before = list(default or [])  # keep the order the user had; new ones after

            def position(value: Any) -> tuple[int, int]:
                if value in before:
                    return (0, before.index(value))
                return (1, question.choices.index(value))

            return [*sorted(picked, key=position), *extra]
        if kind == "tools":
            return self._ask_tools(question, lang)
        return self._ask_text(question, path, text, default)

    def _ask_text(self, question: Question, path: str, text: str, default: Any) -> Any:
        kind = question.kind
        convert: Callable[[str], Any]
        if kind == "integer":
            def convert(raw: str) -> Any:
                return int(raw) if re.fullmatch(r"\s*-?\d+\s*", raw) else raw
            shown = "" if default is None else str(default)
        elif kind == "date":
            def convert(raw: str) -> Any:
                text = raw.strip()
                try:
                    return dt.date.fromisoformat(text) if text else None
                except ValueError:
                    return text  # the field's own check says what is wrong
            shown = default.isoformat() if isinstance(default, dt.date) else (default or "")
        elif kind == "list":
            convert = split_list
            shown = ", ".join(default or [])
        else:
            def convert(raw: str) -> Any:
                return raw.strip() or None
            shown = "" if default is None else str(default)

        def validate(raw: str) -> bool | str:
            value = convert(raw)
            if kind == "integer" and isinstance(value, str):
                return "expected a whole number" if self.lang == "en" else "vul een getal in"
            reason = check_value(path, value, optional=question.optional, language=self.lang)
            return True if reason is None else reason

        raw = questionary.text(text, default=shown, validate=validate,
                               **self.prompt_kwargs).unsafe_ask()
        return convert(raw)

    # -- repeating groups ----------------------------------------------------------------

    def _ask_repeat(self, repeat: Repeat, lang: str) -> list[Data]:
        """Ask how many items, then each item's questions.

        A question marked ``only_if_renamed`` (what a step handles) is asked only for a step
        that has no text for it yet or that got another name: Enter through a suggested ladder
        takes its descriptions as well.
        """
        existing = get(self.data, repeat.path)
        items: list[Data] = [dict(i) for i in existing] if isinstance(existing, list) else []
        defaults = repeat.defaults(lang)
        count_default = len(items) or len(defaults) or repeat.min_items

        def valid_count(raw: str) -> bool | str:
            if raw.strip().isdigit() and repeat.min_items <= int(raw) <= repeat.max_items:
                return True
            return translate(f"must be between {repeat.min_items} and {repeat.max_items} "
                             f"(got {raw.strip() or '-'})", lang)

        count = int(questionary.text(repeat.count[lang], default=str(count_default),
                                     validate=valid_count, **self.prompt_kwargs).unsafe_ask())
        result: list[Data] = []
        for index in range(count):
            base = items[index] if index < len(items) else (
                defaults[index] if index < len(defaults) else {})
            item: Data = {k: v for k, v in base.items() if k not in {q.path for q in repeat.items}}
            for question in repeat.items:
                if (question.path in repeat.only_if_renamed and base.get(question.path)
                        and item.get("name") == base.get("name")):
                    item[question.path] = base[question.path]
                    continue
                value = self._ask(question, lang, path=f"{repeat.path}.{question.path}",
                                  current=base.get(question.path),
                                  message=question.text[lang].format(n=index + 1))
                if value is not None:
                    item[question.path] = value
            result.append(item)
            put(self.data, repeat.path, [*result, *items[len(result):]])
            save(self.path, self.data)
        return result

    def _ask_tools(self, question: Question, lang: str) -> list[Data]:
        existing = {t.get("name"): t for t in get(self.data, "tools") or [] if isinstance(t, dict)}
        choices = [Choice(name, name, checked=name in existing) for name in KNOWN_TOOLS]
        others = [str(name) for name in existing if name not in KNOWN_TOOLS]
        choices.append(Choice(WORDS[lang]["other"], OTHER, checked=bool(others)))
        chosen = questionary.checkbox(question.text[lang], choices=choices,
                                      **self.prompt_kwargs).unsafe_ask()
        tools = [existing.get(name) or {"name": name, "purpose": KNOWN_TOOLS[name]}
                 for name in chosen if name != OTHER]
        if OTHER in chosen:
            def validate(raw: str) -> bool | str:
                for name in split_list(raw):
                    reason = check_value("tools.name", name, language=self.lang)
                    if reason:
                        return f"{name}: {reason}"
                return True

            raw = questionary.text(TOOL_OTHER[lang], default=", ".join(others),
                                   validate=validate, **self.prompt_kwargs).unsafe_ask()
            purposes = [Choice(self._label("tool_purpose", p), p)
                        for p in answers_module.TOOL_PURPOSES]
            for name in split_list(raw):
                current = (existing.get(name) or {}).get("purpose", "other")
                purpose = questionary.select(TOOL_PURPOSE[lang].format(name=name),
                                             choices=purposes, default=current,
                                             **self.prompt_kwargs).unsafe_ask()
                tools.append({**(existing.get(name) or {}), "name": name, "purpose": purpose})
        return tools

    # -- the end -------------------------------------------------------------------------

    def summary(self) -> list[str]:
        """A few lines that show the answers that shape the documents most."""
        data, lang = self.data, self.lang
        words = WORDS[lang]
        perms = data.get("permissions", {})
        levels = data.get("escalation", {}).get("levels", [])
        tools = data.get("tools") or []
        rows = [
            (("Organisatie", "Organisation"), data["organisation"]["name"]),
            (("Sector", "Sector"), self._label("sector", data["organisation"].get("sector"))),
            (("Woordvoerders", "Spokespeople"),
             ", ".join(perms.get("official_spokespeople") or []) or words["none"]),
            (("Goedkeuring", "Approval"),
             perms.get("approver") if perms.get("approval_required") else words["no"]),
            (("Privégebruik", "Personal use"),
             self._label("personal_use", perms.get("personal_use_at_work"))),
            (("Escalatie", "Escalation"), " → ".join(str(level.get("name")) for level in levels)),
            (("Tools", "Tools"), ", ".join(str(t.get("name")) for t in tools) or words["none"]),
        ]
        effective = data["organisation"].get("effective_date")
        rows.insert(2, (("Geldt vanaf", "In force from"),
                        effective.isoformat() if isinstance(effective, dt.date)
                        else words["draft"]))
        index = 0 if lang == "nl" else 1
        return [f"{words['summary']} ({self.path}):"] + [
            f"  {label[index]:<14} {value}" for label, value in rows] + self._assumed()

    def _assumed(self) -> list[str]:
        """The documented defaults the documents will state, which no question asked."""
        answers = answers_module.validate(self.data, str(self.path))
        values = {
            "access": answers["permissions"]["access_review_months"],
            "report": answers["reporting"]["interval_months"],
            "press": answers["escalation"]["press_forward_minutes"],
            "minutes": answers["training"]["session_minutes"],
            "people": answers["training"]["max_participants"],
        }
        return ["", WORDS[self.lang]["assumed"].format(**values)]

    def ask_build(self) -> bool:
        """Whether to build the documents now."""
        return bool(questionary.confirm(WORDS[self.lang]["build"], default=True,
                                        **self.prompt_kwargs).unsafe_ask())


def parse_set(pairs: list[str]) -> list[tuple[str, Any]]:
    """``key.path=value`` pairs; the value is read as YAML (numbers, true/false, lists)."""
    out = []
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not re.fullmatch(r"[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*", key.strip()):
            raise PolicygenError(f"--set {pair!r}: expected key.path=value, "
                                 "e.g. organisation.name=Gemeente Voorbeeld")
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        if isinstance(value, (dt.date, float)):
            value = raw.strip() if not isinstance(value, dt.date) else value
        out.append((key.strip(), value))
    return out


def put_indexed(data: Data, path: str, value: Any) -> None:
    """Set ``a.b[0].c`` style paths, growing lists as needed."""
    target: Any = data
    parts = re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path)
    for position, (key, index) in enumerate(parts):
        last = position == len(parts) - 1
        if index:
            items = target.setdefault(key, [])
            if not isinstance(items, list):
                items = target[key] = []
            while len(items) <= int(index):
                items.append({})
            if last:
                items[int(index)] = value
            else:
                target = items[int(index)]
        elif last:
            target[key] = value
        else:
            target = target.setdefault(key, {})


def defaults_file(path: Path, pairs: list[str]) -> Data:
    """`init --defaults`: every question's default plus ``--set`` values, validated."""
    sets = parse_set(pairs)
    data: Data = {}
    for key, value in sets:
        if key == "language":
            data["language"] = value
    lang = "en" if data.get("language") == "en" else "nl"
    data["language"] = lang
    for item in QUESTIONS:
        if isinstance(item, Repeat):
            put(data, item.path, [dict(d) for d in item.defaults(lang)])
        elif item.default is not None and (item.when is None or item.when(data)):
            put(data, item.path, item.default(lang))
    for key, value in sets:
        put_indexed(data, key, value)
    for item in QUESTIONS:
        if isinstance(item, Question) and item.when is not None and not item.when(data):
            parent = get(data, item.path.rsplit(".", 1)[0])
            if isinstance(parent, dict):
                parent.pop(item.path.rsplit(".", 1)[1], None)
    data["schema"] = answers_module.SCHEMA_VERSION
    try:
        answers_module.validate(data, str(path))
    except ProblemsError as exc:
        hints = [Problem(p.file, f"{p.message} (add --set {p.field}=...)", field=p.field)
                 if p.message == "required" else p for p in exc.problems]
        raise ProblemsError(hints) from None
    data[META] = {"complete": True, "answered": []}
    return data
