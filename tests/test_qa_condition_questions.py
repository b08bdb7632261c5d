"""Questions for what someone must do so that something may happen ("Was muss X tun,
damit ...?") ask for a condition, as "Unter welcher Bedingung ...?" does
(data/qa_cues.json 'condition_question'; own short German text, extracted by the
offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question

POOL = (
    "Freibad Eichwald bleibt geschlossen\n\n"
    "Eichwald – Das Gesundheitsamt hat das Freibad am Mühlbach wegen Keimen im Wasser geschlossen. "
    "Betroffen sind alle drei Becken der Anlage. "
    "Eine Öffnung ist wieder möglich, wenn zwei Wasserproben im Abstand von einer Woche ohne Befund bleiben. "
    "Die Kosten der Proben trägt die Gemeinde.\n"
)


@pytest.fixture(scope="module")
def records(records_of):
    return records_of({"pool": POOL})


@pytest.mark.parametrize(
    "question",
    [
        "Was muss die Gemeinde tun, damit das Freibad wieder öffnen darf?",
        "Unter welcher Bedingung darf das Freibad wieder öffnen?",
    ],
)
def test_what_it_takes_is_the_condition(records, question):
    a = answer_question(question, records["pool"])
    assert "zwei Wasserproben" in a.answer, a.answer
