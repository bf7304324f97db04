"""How much room text takes on a slide: a font-metric estimate, so no text frame overflows.

The deck is set in Calibri (Carlito in LibreOffice, with the same metrics). The advance widths
below are Carlito's, in thousandths of an em, for printable ASCII; any other character is
measured as its base letter (``é`` as ``e``), a wide East Asian character as a full em, and
anything else as the widest common letter. Lines are broken at spaces as a renderer does, a
word longer than the line is broken inside it, and every width carries a margin for the small
differences between renderers.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass

# Carlito Regular and Bold, characters 32-126
_REGULAR = (
    226, 326, 401, 498, 507, 715, 682, 221, 303, 303, 498, 498, 250, 306, 252, 386, 507, 507,
    507, 507, 507, 507, 507, 507, 507, 507, 268, 268, 498, 498, 498, 463, 894, 579, 544, 533,
    615, 488, 459, 631, 623, 252, 319, 520, 420, 855, 646, 662, 517, 673, 543, 459, 487, 642,
    567, 890, 519, 487, 468, 307, 386, 307, 498, 498, 291, 479, 525, 423, 525, 498, 305, 471,
    525, 230, 239, 455, 230, 799, 525, 527, 525, 525, 349, 391, 335, 525, 452, 715, 433, 453,
    395, 314, 460, 314, 498)
_BOLD = (
    226, 326, 438, 498, 507, 729, 705, 233, 312, 312, 498, 498, 258, 306, 267, 430, 507, 507,
    507, 507, 507, 507, 507, 507, 507, 507, 276, 276, 498, 498, 498, 463, 898, 606, 561, 529,
    630, 488, 459, 637, 631, 267, 331, 547, 423, 874, 659, 676, 532, 686, 563, 473, 495, 653,
    591, 906, 551, 520, 478, 325, 430, 325, 498, 498, 300, 494, 537, 418, 537, 503, 316, 474,
    537, 246, 255, 480, 246, 813, 537, 538, 537, 537, 355, 399, 347, 537, 473, 745, 459, 474,
    397, 344, 475, 344, 498)
_OTHER = 900  # a character we have no width for: as wide as a W
# common punctuation beyond ASCII (Carlito's widths, rounded up)
_PUNCTUATION = {"·": 270, "•": 500, "–": 500, "—": 1000, "“": 420, "”": 420, "‘": 230,
                "’": 230, "„": 420, "…": 760, "€": 510, "↓": 1000, "→": 1000, "✂": 1000,
                "«": 500, "»": 500, "°": 340}
_MARGIN = 1.06  # renderers differ a little in kerning and rounding
LINE_HEIGHT = 1.25  # a line's height per point of font size (Carlito: ascent + descent 1.22)
POINTS_PER_INCH = 72


@functools.lru_cache(maxsize=4096)
def _char_width(char: str, bold: bool) -> int:
    """One character's advance width in thousandths of an em."""
    table = _BOLD if bold else _REGULAR
    code = ord(char)
    if 32 <= code <= 126:
        return table[code - 32]
    if char in "\u00a0\u2009\u202f":
        return table[0]
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and 32 <= ord(base) <= 126:
        return table[ord(base) - 32]
    return _OTHER


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` points, in points, with the renderers' margin."""
    return math.fsum(_char_width(c, bold) for c in text) * size / 1000 * _MARGIN


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style, as a paragraph holds it."""

    text: str
    bold: bool = False


def line_count(runs: tuple[Run, ...] | list[Run], width: float, size: float) -> int:
    """How many lines the runs take in a box ``width`` points wide (at least one).

    Greedy breaking at spaces, as renderers do; a word wider than the line is split across
    lines at the character that no longer fits.
    """
    lines, used = 1, 0.0
    space = text_width(" ", size)
    for word, bold, spaced in _words(runs):
        need = text_width(word, size, bold=bold)
        gap = space if spaced and used else 0.0
        if used + gap + need <= width:
            used += gap + need
            continue
        if used:
            lines += 1
            used = 0.0
        while need > width:  # a word longer than the line: broken where it no longer fits
            taken = 0.0
            for index, char in enumerate(word):
                step = text_width(char, size, bold=bold)
                if taken + step > width and index:
                    word = word[index:]
                    break
                taken += step
            else:
                word = ""
            lines += 1
            need = text_width(word, size, bold=bold)
        used = need
    return lines


def _words(runs: tuple[Run, ...] | list[Run]) -> list[tuple[str, bool, bool]]:
    """The words of the runs: (text, bold, preceded by a space)."""
    words: list[tuple[str, bool, bool]] = []
    pending_space = False
    for run in runs:
        parts = run.text.replace("\n", " ").split(" ")
        for index, part in enumerate(parts):
            if index:
                pending_space = True
            if not part:
                continue
            if words and not pending_space:  # a word that runs on across a change of style
                text, bold, spaced = words[-1]
                words[-1] = (text + part, bold or run.bold, spaced)
            else:
                words.append((part, run.bold, pending_space))
            pending_space = False
    return words


def text_height(runs: tuple[Run, ...] | list[Run], width: float, size: float) -> float:
    """The height in points the runs take in a box ``width`` points wide."""
    return line_count(runs, width, size) * size * LINE_HEIGHT
