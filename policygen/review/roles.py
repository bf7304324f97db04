"""Role names compared and conjugated the way a reader takes them.

"woordvoerders" is on the ladder when a step is called "Woordvoerder van dienst": the same
noun, once plural and once with a phrase after it. Two names match when every word of the
shorter one is a word of the longer one, a word counting as the same in its singular or plural
("wethouder"/"wethouders", "raad"/"raden", "lid"/"leden", "spokesperson"/"spokespeople").
A plural role also takes a plural verb: "de wethouders spreken", "the wethouders speak"; the
plural comes from :mod:`policygen.language.nounphrase`, which knows the Dutch and English
head nouns.
"""

from __future__ import annotations

import re

from policygen.language.nounphrase import noun_phrase

_VOWELS = "aeiou"
_IRREGULAR = {"leden": "lid", "people": "person", "men": "man", "women": "woman",
              "staff": "staff"}
_WORD = re.compile(r"[^\W_]+(?:'s)?", re.UNICODE)


def words(role: str) -> list[str]:
    """The words of a role name in lower case: hyphens, slashes and brackets split words."""
    return _WORD.findall(role.casefold())


def singular_forms(word: str) -> set[str]:
    """The forms ``word`` may have in the singular (itself included), Dutch or English.

    Over-generating is harmless here: a form only counts when the other name has it as a
    word of its own.
    """
    forms = {word}
    for plural, single in _IRREGULAR.items():
        if word.endswith(plural):
            forms.add(word[: len(word) - len(plural)] + single)
    if word.endswith("'s"):
        forms.add(word[:-2])  # CEO's
    if len(word) > 3 and word.endswith("s"):
        forms.add(word[:-1])  # wethouders, managers, teams
    if len(word) > 4 and word.endswith("ies"):
        forms.add(word[:-3] + "y")  # secretaries
    if len(word) > 4 and word.endswith("en"):
        stem = word[:-2]
        forms.add(stem)  # directeuren, groepen
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            forms.add(stem[:-1])  # bedden → bed
        if len(stem) > 1 and stem[-2] in _VOWELS and stem[-1] not in _VOWELS:
            forms.add(stem[:-1] + stem[-2] + stem[-1])  # raden → raad, besturen → bestuur
    return forms


def same_word(a: str, b: str) -> bool:
    """Whether two words are one noun, in the singular or the plural."""
    return bool(singular_forms(a) & singular_forms(b))


def names_match(a: str, b: str) -> bool:
    """Whether two role names name the same role: every word of one is a word of the other.

    "woordvoerders" and "Woordvoerder van dienst", "Communicatie" and "Team Communicatie",
    "Webcare" and "Webcare-team" match; "Raad van Bestuur" and "Hoofd van dienst" do not.
    """
    mine, theirs = words(a), words(b)
    if not mine or not theirs:
        return False
    shorter, longer = sorted((mine, theirs), key=len)
    return all(any(same_word(word, other) for other in longer) for word in shorter)


def is_plural(role: str, language: str, article: str | None = None) -> bool:
    """Whether a role takes a plural verb: "de wethouders", "the spokespeople"."""
    if noun_phrase(role, language, article).plural:
        return True
    found = words(role)
    return bool(found) and found[-1].endswith("people")
