"""Who-answers that name their parties only by a generic noun ("den Unternehmen")
take the sentence before, which names them (qa/referents.py, data/qa_referents.json;
own short German texts, extracted by the offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question

TEXTS = {
    "delivery": (
        "Neue Regeln für Lieferdienste\n\n"
        "Köln – Die Stadt verbietet den Lieferdiensten Rapido und Flinkbox das Abstellen von Lastenrädern auf Gehwegen. "
        "Bei Verstößen drohen den Unternehmen Bußgelder von 500 Euro.\n\n"
        "Die Regel gilt ab dem 1. Juli.\n"
    ),
    "named": (
        "Hafen verschärft Regeln\n\n"
        "Kiel – Der Hafenbetreiber Seewerk untersagt Fähren das Laufenlassen der Motoren am Kai. "
        "Bei Verstößen drohen der Reederei Baltica Bußgelder von 800 Euro.\n"
    ),
}


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(TEXTS)


def test_generic_party_takes_the_sentence_that_names_it(records):
    a = answer_question("Wem drohen Bußgelder?", records["delivery"])
    assert "Rapido" in a.answer and "500 Euro" in a.answer, a.answer


def test_named_party_needs_no_sentence_before(records):
    a = answer_question("Wem drohen Bußgelder?", records["named"])
    assert "Baltica" in a.answer and "Seewerk" not in a.answer, a.answer
