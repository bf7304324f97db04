"""Crisis routing follows the ladder: explicit triggers, then what a level handles, then the top."""

from __future__ import annotations

from policygen.answers.routing import owner_index, routes

LADDER = [
    {"name": "Webcare-team", "handles": "vragen en klachten", "contact": "a"},
    {"name": "Hoofd Communicatie", "handles": "negatieve publiciteit en pers", "contact": "b"},
    {"name": "Crisisteam", "handles": "veiligheid, datalek", "contact": "c"},
    {"name": "Directie", "contact": "d"},
]


def test_handles_text_routes_each_signal_to_its_level() -> None:
    assert owner_index("media_inquiry", LADDER) == 1
    assert owner_index("viral_negative", LADDER) == 1
    assert owner_index("data_breach", LADDER) == 2
    assert owner_index("safety", LADDER) == 2
    assert owner_index("legal_threat", LADDER) == 3  # nobody named it: the top


def test_explicit_triggers_win() -> None:
    ladder = [dict(level) for level in LADDER]
    ladder[3]["triggers"] = ["data_breach"]
    assert owner_index("data_breach", ladder) == 3


def test_a_single_level_owns_everything() -> None:
    assert owner_index("safety", LADDER[:1]) == 0


def test_routes_give_the_level_and_its_step() -> None:
    found = routes({"levels": LADDER, "crisis_triggers": ["media_inquiry", "legal_threat"]})
    assert found["media_inquiry"]["name"] == "Hoofd Communicatie"
    assert found["media_inquiry"]["step"] == 2
    assert found["legal_threat"]["step"] == 4


def test_english_handles() -> None:
    ladder = [{"name": "Marketing team", "handles": "questions", "contact": "a"},
              {"name": "Marketing Lead", "handles": "complaints and critical posts", "contact": "b"},
              {"name": "Managing Partner", "handles": "client issues, legal threats, press",
               "contact": "c"}]
    assert owner_index("legal_threat", ladder) == 2
    assert owner_index("media_inquiry", ladder) == 2
    assert owner_index("account_compromised", ladder) == 2


def test_words_inside_other_words_do_not_route() -> None:
    ladder = [{"name": "Marketing team", "handles": "comments on our accounts", "contact": "a"},
              {"name": "Managing Partner", "contact": "c"}]
    assert owner_index("account_compromised", ladder) == 1
