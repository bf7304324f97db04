"""`policygen init` in a real pseudo-terminal (pexpect): the whole flow, Ctrl-C and resume,
and the clear error without a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pexpect = pytest.importorskip("pexpect")

ENTER, CTRL_C = "\r", "\x03"

# (text the prompt shows, keys typed) for the Dutch typical path
STEPS = [
    ("Taal van de documenten", ENTER),
    ("Naam van de organisatie", "Gemeente Voorbeeld" + ENTER),
    ("Sector", ENTER),
    ("eigenaar van het protocol", ENTER),
    ("Naam van de eigenaar", ENTER),
    ("Vanaf wanneer geldt het protocol", "2027-01-04" + ENTER),
    ("Waarvoor gebruikt u sociale media", ENTER),
    ("Op welke platforms", ENTER),
    ("namens de organisatie spreken", ENTER),
    ("vooraf worden goedgekeurd", ENTER),
    ("Privégebruik", ENTER),
    ("vertellen waar ze werken", ENTER),
    ("reageren", ENTER),
    ("Foto's en video", ENTER),
    ("vertrouwelijk", ENTER),
    ("Binnen hoeveel uur", ENTER),
    ("Wanneer worden de kanalen gevolgd", ENTER),
    ("Hoeveel treden", ENTER),
    ("Trede 1: wie", ENTER),
    ("Trede 1: telefoon of e-mail", "webcare@voorbeeld.nl" + ENTER),
    ("Trede 2: wie", "\x15Woordvoerder" + ENTER),  # Ctrl-U clears the suggestion; renamed, so
    # its task is asked
    ("Trede 2: telefoon of e-mail", "14 0123" + ENTER),
    ("Trede 2: wat handelt", "\x15pers en kritiek" + ENTER),
    ("Wat is voor u een crisis", ENTER),
    ("Binnen hoeveel minuten", ENTER),
    ("journalisten", ENTER),
    ("buiten die tijden bereikbaar", ENTER),
    ("Welke tools gebruikt u", ENTER),
    ("nieuwe medewerkers een training", ENTER),
    ("opfriscursus", ENTER),
    ("Wie geeft de training", ENTER),
]


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    # no terminal answers cursor-position requests here: without this each prompt waits ~1 s
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "policygen", "init", *args], cwd=str(tmp_path),
                         env=env, encoding="utf-8", timeout=30, dimensions=(40, 120))


def walk(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for text, keys in steps:
        child.expect_exact(text)
        child.send(keys)


def test_whole_flow_in_a_terminal_then_build(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    walk(child, STEPS)
    child.expect_exact("Samenvatting")
    child.expect_exact("Nu de documenten maken?")
    child.send("y")
    child.expect(pexpect.EOF, timeout=120)
    child.close()
    assert child.exitstatus == 0, child.before
    data = yaml.safe_load((tmp_path / "answers.yaml").read_text())
    assert data["organisation"]["name"] == "Gemeente Voorbeeld"
    assert data["escalation"]["levels"][1] == {"name": "Woordvoerder", "contact": "14 0123",
                                               "handles": "pers en kritiek"}
    assert (tmp_path / "output" / "gemeente-voorbeeld" / "protocol.docx").is_file()


def test_ctrl_c_saves_and_the_same_command_resumes(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    walk(child, STEPS[:11])
    child.expect_exact("vertellen waar ze werken")
    child.send(CTRL_C)
    child.expect_exact("stopped — your answers so far are saved in answers.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus != 0
    saved = yaml.safe_load((tmp_path / "answers.yaml").read_text())
    assert saved["organisation"]["name"] == "Gemeente Voorbeeld"
    assert saved["_policygen"]["complete"] is False

    child = spawn(tmp_path)
    walk(child, STEPS[11:])  # starts at the first unanswered question
    child.expect_exact("Nu de documenten maken?")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = yaml.safe_load((tmp_path / "answers.yaml").read_text())
    assert data["_policygen"]["complete"] is True
    assert data["escalation"]["levels"][1]["contact"] == "14 0123"


def test_no_terminal_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "policygen", "init"], cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 1
    assert "needs a terminal" in done.stderr and "--defaults" in done.stderr
    assert not (tmp_path / "answers.yaml").exists()
