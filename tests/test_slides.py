"""The trainer's deck, slides.pptx: opened with python-pptx, measured, printed by LibreOffice.

Each deck is made once per module (a make takes about half a second); the assertions read what
is in the file, computed from the answers and the handout, not from literals.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pptx import Presentation
from pptx.util import Emu

from policygen.answers import schema
from policygen.assembly import assemble as assembly
from policygen.clauselib import library as library_module
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import ProblemsError
from policygen.training import slides
from policygen.training.pptx_layout import BODY_BOTTOM, SLIDE_HEIGHT, SLIDE_WIDTH
from policygen.training.pptx_metrics import LINE_HEIGHT, Run, line_count
from policygen.training.slides_deck import slide_budget
from policygen.training.slides_markdown import TextBlock, blocks

from .conftest import NORTHWIND, PEEZE, ROOT

EMU_PER_PT = 12700
FURNITURE = ("Footer", "Slide number")  # page furniture: small on purpose, not body text
HOSTILE = "{{ 7*7 }} <tags> *stars*"


class Request:
    """The part of a build's DocumentRequest the deck reads."""

    def __init__(self, answers: schema.Answers, library: ClauseLibrary) -> None:
        self.answers = answers
        self.library = library
        self.library_version = "1.2.0-test"


def hostile_answers(tmp_path: Path) -> schema.Answers:
    """Long and hostile values everywhere the deck prints them: 6 levels, 10 tools."""
    long_name = ("Stichting " + HOSTILE + " voor Samenwerkende Zorg- en Welzijnsorganisaties "
                 "in de Regio Noordoost-Nederland en Omstreken")
    long_name = (long_name + " en verder" * 20)[:120]
    role = ("Coördinator " + HOSTILE + " Communicatie, Woordvoering en Webcare van de regio ")
    role = (role * 3)[:80].strip()
    data = {
        "schema": 1, "language": "nl",
        "organisation": {"name": long_name, "policy_owner": {"role": role,
                                                             "email": "hr@example.org"},
                         "sector": "healthcare"},
        "objectives": ["marketing", "recruitment", "thought_leadership"],
        "platforms": ["linkedin", "instagram", "facebook", "tiktok", "youtube", "x"],
        "permissions": {"official_spokespeople": [role, "Webcare-team"],
                        "confidential_topics": [HOSTILE, "cliëntgegevens " * 5]},
        "escalation": {
            "monitoring_hours": "ma-vr 08:00-18:00",
            "out_of_hours_contact": "+31 6 12345678",
            "press_contact": "pers-" + "x" * 40 + "@example.org",
            "levels": [{"name": f"{role[:76]} {n}", "handles": HOSTILE + " en " + "klachten " * 8,
                        "contact": f"trede{n}-{'y' * 60}@example.org"} for n in range(1, 7)],
        },
        "tools": [{"name": f"Tool {n} {HOSTILE}", "purpose": "monitoring", "users": role,
                   "access": "aanvragen bij " + role} for n in range(1, 11)],
        "training": {"trainer": "Anne " + HOSTILE},
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return schema.load(path)


@pytest.fixture(scope="module")
def library() -> ClauseLibrary:
    return library_module.load()


@pytest.fixture(scope="module")
def made(library: ClauseLibrary,
         tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Any]:
    """name → (answers, made document, presentation), each made once."""
    cache: dict[str, Any] = {}
    sources: dict[str, Callable[[], schema.Answers]] = {
        "peeze": lambda: schema.load(PEEZE),
        "peeze-en": lambda: schema.load(PEEZE).with_language("en"),
        "northwind": lambda: schema.load(NORTHWIND),
        "gemeente": lambda: schema.load(ROOT / "examples" / "gemeente-voorbeeld.yaml"),
        "zorggroep": lambda: schema.load(ROOT / "examples" / "zorggroep-oost.yaml"),
        **{path.stem: functools.partial(schema.load, path)
           for path in (ROOT / "tests" / "organisations").glob("*.yaml")},
        "hostile": lambda: hostile_answers(tmp_path_factory.mktemp("hostile")),
    }

    def get(name: str) -> Any:
        if name not in cache:
            answers = sources[name]()
            document = slides.make(Request(answers, library))
            deck = Presentation(io.BytesIO(document.files["slides.pptx"]))
            cache[name] = (answers, document, deck)
        return cache[name]

    return get


def titles(deck: Any) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def shape_texts(slide: Any) -> Iterator[tuple[Any, str]]:
    """Every shape of a slide with its text (a table's cells joined)."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape, shape.text_frame.text
        elif shape.has_table:
            yield shape, "\n".join(cell.text for row in shape.table.rows for cell in row.cells)


def slide_text(slide: Any) -> str:
    return "\n".join(text for _, text in shape_texts(slide))


def notes_text(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def handout(answers: schema.Answers, library: ClauseLibrary) -> str:
    return assembly.assemble(answers, library, edition="trainer")["handout"].markdown


# --- what is on the slides


@pytest.mark.parametrize("name", ["peeze", "peeze-en", "northwind", "one-level"])
def test_the_deck_follows_the_session_plan(made: Callable[[str], Any], library: ClauseLibrary,
                                           name: str) -> None:
    answers, document, deck = made(name)
    language = answers.language
    wording = slides.wording_for(answers, library)
    found = titles(deck)
    assert len(deck.slides) == document.extra["slides"] == len(found)
    assert deck.slide_width == Emu(int(SLIDE_WIDTH * EMU_PER_PT))
    assert deck.slide_height == Emu(int(SLIDE_HEIGHT * EMU_PER_PT))
    scenarios = [c.title[language] for c in library.for_document("handout")
                 if c.section == "scenarios" and c.id in {i for i, _ in document.clauses}]
    sections = {s.id: s.title[language] for s in library.sections["handout"]}
    expected = [library.labels["document"]["handout"][language], wording.text("why", "title"),
                wording.text("response", "title"), wording.text("ladder", "title"),
                *scenarios, sections["checklist"], wording.text("quiz", "title"),
                wording.text("card", "title")]
    places = []
    for title in expected:
        hits = [i for i, t in enumerate(found) if t == title or t.startswith(title + " (")]
        assert hits, f"no slide titled {title!r} in {found}"
        places.append(hits[0])
    assert places == sorted(places), list(zip(expected, places, strict=True))
    assert len(scenarios) >= 4
    # who speaks for us: the key rule's slide, with the section's text in its notes
    who = [i for i, s in enumerate(deck.slides)
           if sections["who_speaks"] + ": " in notes_text(s)]
    assert len(who) == 1 and who[0] < places[2], found
    assert sections["who_speaks"] not in found


def test_the_deck_has_the_trainers_layout(made: Callable[[str], Any],
                                          library: ClauseLibrary) -> None:
    """One slide per idea: what the HR trainer's review of the 42-slide deck asked for."""
    answers, _, deck = made("peeze")
    wording = slides.wording_for(answers, library)
    found = titles(deck)
    # the rules' introduction on the first rule's slide
    assert notes_text(deck.slides[2]).startswith("Dit zijn de afspraken")
    assert "Dit zijn de afspraken" not in notes_text(deck.slides[3])
    # the five crisis signals in one table on one slide; the text around it in the notes,
    # except the emergency number, which stays on a slide
    crisis = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith(
        "Bij een crisis")]
    assert crisis and len(crisis[0].shapes) >= 2 and any(
        shape.has_table for shape in crisis[0].shapes)
    assert any("Binnen een uur laat Peeze online weten" in notes_text(s) for s in crisis)
    assert any("bel dan eerst 112" in slide_text(s) for s in crisis)
    assert not any("bel dan eerst 112" in notes_text(s) for s in crisis)
    # the hours on the response slide's notes, not a slide of their own
    response = deck.slides[found.index(wording.text("response", "title"))]
    assert "Buiten de bewaakte uren" in notes_text(response)
    assert not any(t.startswith("Buiten de bewaakte uren") for t in found)
    # the checklist in the notes once, on the flow's first page
    checklist = wording.lines("flow", "notes")[-1]  # "De hele checklist uit de hand-out:"
    assert sum(checklist in notes_text(s) for s in deck.slides) == 1
    flow = [i for i, t in enumerate(found) if t.startswith("Denk na voordat je post")]
    assert checklist in notes_text(deck.slides[flow[0]])
    # a ladder that fits one slide is on one: Northwind's three steps; the one-level card
    _, _, northwind = made("northwind")
    ladder = slides.wording_for(made("northwind")[0], library).text("ladder", "title")
    assert titles(northwind).count(ladder) == 1
    _, _, one = made("one-level")
    card = [t for t in titles(one) if t.startswith("Op zak")]
    assert card == ["Op zak: de kaart"]


def _scenario_titles(document: Any, library: ClauseLibrary, language: str) -> set[str]:
    ids = {i for i, _ in document.clauses}
    return {c.title[language] for c in library.for_document("handout")
            if c.section == "scenarios" and c.id in ids}


BUDGETED = ["peeze", "peeze-en", "northwind", "one-level", "gemeente", "zorggroep",
            *(p.stem for p in sorted((ROOT / "tests" / "organisations").glob("*.yaml"))
              if p.stem != "one-level")]


@pytest.mark.parametrize("name", BUDGETED)
def test_titles_are_unique_and_the_deck_fits_the_session(made: Callable[[str], Any],
                                                         library: ClauseLibrary,
                                                         name: str) -> None:
    """No two slides share a title but a split slide's pages; the deck within its budget."""
    answers, document, deck = made(name)
    found = titles(deck)
    bare = [t.rsplit(" (", 1)[0] if t.endswith(")") and "/" in t.rsplit(" (", 1)[-1] else t
            for t in found]
    repeated = {t for t in found if found.count(t) > 1}
    assert not repeated, repeated
    for title in set(bare):  # a split slide's pages: (1/n) … (n/n), one after the other
        at = [i for i, t in enumerate(bare) if t == title]
        assert at == list(range(at[0], at[0] + len(at))), title
        if len(at) > 1:
            assert [found[i] for i in at] == [f"{title} ({k}/{len(at)})"
                                              for k in range(1, len(at) + 1)]
    scenarios = _scenario_titles(document, library, answers.language)
    practice = sum(t in scenarios for t in bare)
    content = len(found) - 1 - practice  # the title slide and the scenarios' not counted
    minutes = answers.data["training"]["session_minutes"]
    assert 0 < content <= slide_budget(minutes), (content, minutes, found)


def test_title_slide_and_footer_name_the_organisation(made: Callable[[str], Any]) -> None:
    answers, _, deck = made("peeze")
    org = answers.data["organisation"]
    first = slide_text(deck.slides[0])
    assert org["name"] in first
    assert "1 december 2026" in first and "Anne de Vries" in first
    assert "1.2.0" in first or "Clausulebibliotheek" in first
    for slide in deck.slides:
        footer = [s for s in slide.shapes if s.name == "Footer"]
        assert footer and footer[0].text_frame.text == org["name"]


def test_a_draft_says_so(made: Callable[[str], Any]) -> None:
    _, _, deck = made("one-level")
    assert "Concept" in slide_text(deck.slides[0])


def test_key_rules_each_have_a_slide(made: Callable[[str], Any], library: ClauseLibrary) -> None:
    answers, _, deck = made("peeze")
    rules = [b.lead() for b in blocks(handout(answers, library).split("\n## ")[1])
             if isinstance(b, TextBlock) and b.kind == "number"]
    leads = [lead[0] for lead in rules if lead]
    assert len(leads) >= 6
    found = titles(deck)
    for lead in leads:
        assert lead in found


@pytest.mark.parametrize("name", ["peeze", "northwind", "one-level", "hostile"])
def test_every_ladder_step_is_on_the_ladder_with_its_contact(made: Callable[[str], Any],
                                                             library: ClauseLibrary,
                                                             name: str) -> None:
    answers, _, deck = made(name)
    title = slides.wording_for(answers, library).text("ladder", "title")
    ladder = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith(title)]
    assert ladder
    boxes = [sh.name for s in ladder for sh in s.shapes if sh.name.startswith("Ladder box")]
    arrows = [sh for s in ladder for sh in s.shapes if sh.name.startswith("Ladder arrow")]
    levels = answers.data["escalation"]["levels"]
    assert len(boxes) == len(set(boxes)) == len(levels)
    texts = [sh.text_frame.text for s in ladder for sh in s.shapes
             if sh.name.startswith("Ladder box")]
    for level, text in zip(levels, texts, strict=True):
        assert level["name"] in text and level["contact"] in text
    assert len(arrows) == len(levels) - len(ladder)  # an arrow between steps on one slide


def test_scenarios_with_their_questions_and_model_answers_in_the_notes(
        made: Callable[[str], Any], library: ClauseLibrary) -> None:
    answers, _, deck = made("peeze")
    trainer = handout(answers, library)
    for chapter in trainer.split("\n### ")[1:]:
        title, _, body = chapter.partition("\n")
        if "#### Modelantwoord" not in body:
            continue
        questions_md, _, model_md = body.partition("#### Modelantwoord")
        question = next(b for b in blocks(questions_md.split("#### Discussievragen")[1])
                        if isinstance(b, TextBlock)).text
        model = next(b for b in blocks(model_md) if isinstance(b, TextBlock)).text
        ours = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith(title)]
        assert ours, title
        assert any(question in slide_text(s) for s in ours)
        assert any(model in notes_text(s) for s in ours)
        assert not any(model in slide_text(s) for s in deck.slides)


def test_the_decision_flow_is_drawn_with_the_organisations_text(
        made: Callable[[str], Any]) -> None:
    answers, _, deck = made("peeze")
    shapes = [sh for s in deck.slides for sh in s.shapes if sh.name.startswith("Flow")]
    questions = [sh.text_frame.text for sh in shapes if sh.name.startswith("Flow question")]
    assert len(questions) >= 4
    assert any("klantgegevens" in q for q in questions)  # the organisation's topics
    assert sum(sh.name == "Flow end" for sh in shapes) == 1
    assert sum(sh.name.startswith("Flow arrow") for sh in shapes) == len(questions)
    assert answers.data["organisation"]["short_name"] in "\n".join(
        sh.text_frame.text for sh in shapes if sh.has_text_frame)


@pytest.mark.parametrize("name", ["northwind", "peeze-en"])
def test_english_deck(made: Callable[[str], Any], library: ClauseLibrary, name: str) -> None:
    answers, _, deck = made(name)
    assert answers.language == "en"
    english = slides.wording_for(answers, library)
    dutch = slides.wording_for(answers.with_language("nl"), library)
    first = slide_text(deck.slides[0])
    assert english.lines("title", "lines")
    for ours, theirs in zip(english.lines("title", "lines"), dutch.lines("title", "lines"),
                            strict=True):
        assert ours in first
        assert ours == theirs or theirs not in first
    assert titles(deck)[0] == library.labels["document"]["handout"]["en"]


def test_hostile_values_print_literally(made: Callable[[str], Any]) -> None:
    answers, _, deck = made("hostile")
    everything = "\n".join(slide_text(s) + notes_text(s) for s in deck.slides)
    assert HOSTILE in everything
    assert answers.data["organisation"]["name"] in everything
    assert "49 <tags>" not in everything and "\\<tags" not in everything
    tools = [t["name"] for t in answers.data["tools"]]
    assert all(name in everything for name in tools)


# --- readable from the back of the room, nothing overflowing


def _paragraph_height(paragraph: Any, width: float) -> tuple[float, float]:
    """(estimated height, space after) of a paragraph in a box ``width`` points wide."""
    runs = [Run(r.text, bool(r.font.bold)) for r in paragraph.runs]
    size = max((r.font.size.pt for r in paragraph.runs if r.font.size), default=18.0)
    props = paragraph._p.pPr
    indent = int(props.get("marL", 0)) / EMU_PER_PT if props is not None else 0.0
    after = paragraph.space_after.pt if paragraph.space_after is not None else 0.0
    text_runs = [Run(r.text.split("\t")[-1], r.bold) for r in runs] if indent else runs
    return line_count(text_runs, width - indent, size) * size * LINE_HEIGHT, after


def _frame_need(frame: Any, width: float) -> float:
    heights = [_paragraph_height(p, width) for p in frame.paragraphs]
    return sum(h for h, _ in heights) + sum(a for _, a in heights[:-1])


@pytest.mark.parametrize("name", ["peeze", "northwind", "hostile"])
def test_body_text_is_at_least_24_pt_and_titles_larger(made: Callable[[str], Any],
                                                       name: str) -> None:
    _, _, deck = made(name)
    small = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.name in FURNITURE:
                continue
            frames = [shape.text_frame] if shape.has_text_frame else \
                [c.text_frame for row in shape.table.rows for c in row.cells] \
                if shape.has_table else []
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        least = 28 if shape == slide.shapes.title else 24
                        if run.font.size is None or run.font.size.pt < least:
                            small.append((number, shape.name, run.text[:30]))
    assert not small


@pytest.mark.parametrize("name", ["peeze", "peeze-en", "northwind", "one-level", "hostile"])
def test_no_text_overflows_its_box(made: Callable[[str], Any], name: str) -> None:
    """Every box holds its text by the font-metric estimate, and stays on the slide."""
    _, _, deck = made(name)
    over: list[tuple[object, ...]] = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            top, height = shape.top / EMU_PER_PT, shape.height / EMU_PER_PT
            bottom_limit = SLIDE_HEIGHT if shape.name in FURNITURE else BODY_BOTTOM + 0.5
            if top + height > bottom_limit or shape.left + shape.width > Emu(
                    int(SLIDE_WIDTH * EMU_PER_PT)) + 1:
                over.append((number, shape.name, "off the body area"))
            if shape.has_text_frame and shape.text_frame.text:
                frame = shape.text_frame
                inner = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
                room = (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT
                need = _frame_need(frame, inner)
                if need > room + 0.5:
                    over.append((number, shape.name, round(need), round(room)))
            elif shape.has_table:
                for index, row in enumerate(shape.table.rows):
                    for column, cell in enumerate(row.cells):
                        width = shape.table.columns[column].width
                        inner = (width - cell.margin_left - cell.margin_right) / EMU_PER_PT
                        room = (row.height - cell.margin_top - cell.margin_bottom) / EMU_PER_PT
                        if _frame_need(cell.text_frame, inner) > room + 0.5:
                            over.append((number, shape.name, f"row {index}"))
    assert not over


def test_long_content_goes_on_to_more_slides(made: Callable[[str], Any],
                                             library: ClauseLibrary) -> None:
    answers, _, deck = made("hostile")
    found = titles(deck)
    ladder = slides.wording_for(answers, library).text("ladder", "title")
    split = [t for t in found if t.startswith(ladder + " (")]
    assert len(split) >= 2 and split[-1].endswith(f"/{len(split)})")
    assert any(t.endswith("(2/2)") or "/" in t for t in found if t.startswith("Onze tools"))


# --- the file


def test_same_answers_same_bytes(library: ClauseLibrary) -> None:
    answers = schema.load(PEEZE)
    first = slides.make(Request(answers, library)).files["slides.pptx"]
    second = slides.make(Request(answers, library)).files["slides.pptx"]
    assert first == second
    deck = Presentation(io.BytesIO(first))
    assert deck.core_properties.modified.date().isoformat() == "2026-12-01"
    assert deck.core_properties.last_modified_by == "policygen"


def test_build_writes_the_deck_into_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "policygen", "build", str(PEEZE), "--out", str(out),
               "--format", "md", "--documents", "protocol,slides"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    data = (out / "slides.pptx").read_bytes()
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["documents"]["slides"]
    assert entry["files"] == {"slides.pptx": hashlib.sha256(data).hexdigest()}
    shown = [(c["id"], c["version"]) for c in entry["clauses"]]
    library = library_module.load()
    assert shown == slides.make(Request(schema.load(PEEZE), library)).clauses
    assert "handout.when_wrong" in dict(shown) and "handout.scenario_journalist" in dict(shown)
    assert entry["slides"] == len(Presentation(io.BytesIO(data)).slides)
    again = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert again.returncode == 0, again.stderr
    assert (out / "slides.pptx").read_bytes() == data


def test_a_plain_build_does_not_import_the_deck_and_no_build_imports_pptx(
        tmp_path: Path) -> None:
    """The deck is drawn without python-pptx's object model: its import alone took longer."""
    code = ("import sys\nfrom policygen.cli import main\n"
            "assert main(['build', sys.argv[1], '--out', sys.argv[2], '--format', 'md'"
            "] + sys.argv[3:]) == 0\n"
            "print('pptx' in sys.modules, 'policygen.training.slides' in sys.modules)\n")
    plain = subprocess.run([sys.executable, "-c", code, str(PEEZE), str(tmp_path / "a")],
                           capture_output=True, text=True, check=False)
    assert plain.stdout.split()[-2:] == ["False", "False"], plain.stderr
    deck = subprocess.run([sys.executable, "-c", code, str(PEEZE), str(tmp_path / "b"),
                           "--documents", "slides"], capture_output=True, text=True,
                          check=False)
    assert deck.stdout.split()[-2:] == ["False", "True"], deck.stderr
    assert (tmp_path / "b" / "slides.pptx").is_file()


@pytest.mark.parametrize("name", ["peeze", "hostile"])
def test_python_pptx_saves_the_deck_again_byte_for_byte(made: Callable[[str], Any],
                                                        name: str) -> None:
    """The package is the one python-pptx writes: opened and saved by it, no part changes."""
    _, document, deck = made(name)
    buffer = io.BytesIO()
    deck.save(buffer)
    with zipfile.ZipFile(io.BytesIO(document.files["slides.pptx"])) as ours, \
            zipfile.ZipFile(buffer) as theirs:
        assert sorted(ours.namelist()) == sorted(theirs.namelist())
        changed = [n for n in ours.namelist() if ours.read(n) != theirs.read(n)]
    assert not changed


def test_a_broken_wording_file_is_named(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", root / "clauses")
    shutil.copytree(ROOT / "templates", root / "templates")
    path = root / "templates" / "slides.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["quiz"]["title"]
    data["why"]["lines"][0] = {"nl": "Voor {nope}.", "en": "For {nope}."}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        slides.wording_for(schema.load(PEEZE), library_module.load(root))
    assert caught.value.problems[0].file.endswith("slides.yaml")
    assert [p.field for p in caught.value.problems] == ["quiz.title"]
    del data["quiz"]
    data["quiz"] = yaml.safe_load((ROOT / "templates" / "slides.yaml").read_text())["quiz"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        slides.wording_for(schema.load(PEEZE), library_module.load(root)).lines("why", "lines")
    assert "unknown placeholder {nope}" in caught.value.problems[0].message


# --- a real client


def test_libreoffice_prints_one_page_per_slide(made: Callable[[str], Any],
                                               tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or pdfinfo is not installed (Debian/Ubuntu: apt-get install "
                    "libreoffice-impress-nogui poppler-utils)")
    _, document, deck = made("peeze")
    source = tmp_path / "slides.pptx"
    source.write_bytes(document.files["slides.pptx"])
    done = subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(source)], capture_output=True, text=True, check=False,
                          timeout=300)
    pdf = tmp_path / "slides.pdf"
    if not pdf.exists() and "could not be loaded" in done.stdout + done.stderr:
        pytest.skip("LibreOffice has no Impress (apt-get install libreoffice-impress-nogui)")
    assert pdf.exists(), done.stdout + done.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = [line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")]
    assert pages == [str(len(deck.slides))]


# --- the deck's content, as python-pptx reads it, against its golden dump

GOLDEN_DUMPS = ROOT / "tests" / "golden_slides"
DUMPED = ("peeze", "peeze-en", "northwind", "northwind-nl")  # two organisations, both languages


def _colour(fill: Any) -> str | None:
    """A fill's colour as hex, "none" for no fill, None where it is inherited."""
    from pptx.enum.dml import MSO_FILL

    if fill.type is None:
        return None
    if fill.type == MSO_FILL.BACKGROUND:
        return "none"
    return str(fill.fore_color.rgb)


def _frame_dump(frame: Any) -> dict[str, Any]:
    """A text frame: its box settings, and each paragraph's spacing, indent, bullet and runs."""
    paragraphs = []
    for paragraph in frame.paragraphs:
        props = paragraph._p.pPr
        bullet = None
        if props is not None:
            bullet = next((child.get("char", child.tag.rsplit("}", 1)[-1]) for child in props
                           if child.tag.rsplit("}", 1)[-1] in ("buChar", "buNone")), None)
        paragraphs.append({
            "align": str(paragraph.alignment), "after": paragraph.space_after,
            "before": paragraph.space_before, "line": paragraph.line_spacing,
            "marL": props.get("marL") if props is not None else None,
            "indent": props.get("indent") if props is not None else None, "bullet": bullet,
            "runs": [[run.text, run.font.size, run.font.bold, run.font.italic, run.font.name,
                      str(run.font.color.rgb) if run.font.color.type else None]
                     for run in paragraph.runs]})
    return {"wrap": frame.word_wrap, "autosize": str(frame.auto_size),
            "anchor": str(frame.vertical_anchor),
            "margins": [frame.margin_left, frame.margin_top, frame.margin_right,
                        frame.margin_bottom], "paragraphs": paragraphs}


def _shape_dump(shape: Any) -> dict[str, Any]:
    """A shape: name, kind, geometry, fill and outline, text or table."""
    found: dict[str, Any] = {"name": shape.name, "id": shape.shape_id,
                             "type": str(shape.shape_type),
                             "box": [shape.left, shape.top, shape.width, shape.height]}
    if shape.is_placeholder:
        found["placeholder"] = str(shape.placeholder_format.type)
    elif shape.shape_type is not None and "AUTO_SHAPE" in str(shape.shape_type):
        found["geometry"] = str(shape.auto_shape_type)
        found["fill"] = _colour(shape.fill)
        found["line"] = [_colour(shape.line.fill), shape.line.width]
    if shape.has_text_frame:
        found["text"] = _frame_dump(shape.text_frame)
    if shape.has_table:
        table = shape.table
        found["columns"] = [column.width for column in table.columns]
        found["rows"] = [[row.height, [[cell.margin_left, cell.margin_top, cell.margin_right,
                                        cell.margin_bottom, str(cell.vertical_anchor),
                                        _colour(cell.fill), _frame_dump(cell.text_frame)]
                                       for cell in row.cells]] for row in table.rows]
    return found


def deck_dump(deck: Any) -> str:
    """Everything the deck shows, as python-pptx reads it: slides, shapes, texts, notes.

    One line for the deck, then for each slide a line and a line per shape.
    """
    props = deck.core_properties
    lines: list[Any] = [{"size": [deck.slide_width, deck.slide_height], "properties": [
        props.title, props.subject, props.author, props.keywords, props.comments,
        props.category, props.language, props.version, props.revision, str(props.created),
        str(props.modified)]}]
    for number, slide in enumerate(deck.slides, start=1):
        lines.append({"slide": number, "layout": slide.slide_layout.name,
                      "notes": notes_text(slide)})
        lines += [_shape_dump(shape) for shape in slide.shapes]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


@pytest.mark.parametrize("name", DUMPED)
def test_the_decks_content_matches_its_golden_dump(library: ClauseLibrary, name: str) -> None:
    """Every slide, shape, size, text and note as before: the dump in ``tests/golden_slides``.

    After an intended change to the deck (or to the handout it follows), regenerate and review
    the diff: ``POLICYGEN_REGEN=1 .venv/bin/python -m pytest tests/test_slides.py -k golden``.
    """
    source = PEEZE if name.startswith("peeze") else NORTHWIND
    answers = schema.load(source)
    if name.endswith(("-en", "-nl")):
        answers = answers.with_language(name[-2:])
    data = slides.make(Request(answers, library)).files["slides.pptx"]
    text = deck_dump(Presentation(io.BytesIO(data)))
    golden = GOLDEN_DUMPS / f"{name}.jsonl"
    if os.environ.get("POLICYGEN_REGEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing: run with POLICYGEN_REGEN=1 and review"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden} differs; if the change is intended, regenerate with POLICYGEN_REGEN=1")
