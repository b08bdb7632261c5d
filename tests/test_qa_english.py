"""English questions: read as English (two or more English function words), their
words are looked up in the general glossary of policy reporting
(data/qa_english.json, inflected forms without their ending) and answered from
the German text like German questions (own invented German text)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import analyse

SCOOTERS = (
    "Hafenstadt Norderau verbannt E-Scooter aus der Altstadt\n\n"
    "Norderau – Der Stadtrat von Norderau hat am Donnerstag beschlossen, das Abstellen von Leih-E-Scootern in der Altstadt ab dem 1. Mai zu verbieten. "
    "Als Grund nannte Bürgermeisterin Hanna Lüders zahlreiche Unfälle mit Fußgängern auf den engen Gehwegen. "
    "Die Anbieter müssen ihre Roller bis zum 30. April aus der Altstadt entfernen. "
    "Verstöße kosten ein Bußgeld von 150 Euro je Fahrzeug. "
    "Ausgenommen sind private E-Scooter, die ihre Besitzer mitnehmen.\n"
)


@pytest.fixture(scope="module")
def record(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("english") / "scooters.txt"
    path.write_text(SCOOTERS, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, words",
    [
        ("Who imposed the fine?", ["verhängt", "Bußgeld"]),
        ("When were the scooters removed?", ["entfernt"]),
        ("Which providers are affected by the deadline?", ["Anbieter", "betroffen", "Frist"]),
        ("Were private scooters exempted from the ban?", ["ausgenommen", "Verbot"]),
        ("Why is the city banning barbecues?", ["verbieten"]),  # doubled consonant before -ing
        ("Was the speed limit lowered?", ["gesenkt"]),
        ("Is the ban temporary?", ["Verbot", "vorübergehend"]),
        ("How long does the order apply?", ["Anordnung", "gilt"]),
    ],
)
def test_english_words_become_german(question, words):
    got = {t.text for t in analyse(question).tokens}
    assert set(words) <= got, got


@pytest.mark.parametrize(
    "question, wh",
    [
        ("what is the reason for the new curfew", "why"),  # the English phrase, not its German words
        ("What was the rationale behind the fine?", "why"),
        ("What is the fine for a first offence?", "what"),
    ],
)
def test_english_question_phrases(question, wh):
    assert analyse(question).wh == wh


@pytest.mark.parametrize("question", ["Gilt das Verbot also auch in der Neustadt?", "Will die Stadt das Verbot ausweiten?"])
def test_german_question_keeps_its_words(question):
    """'also' and 'will' are German words too: the glossary leaves German questions alone."""
    assert [t.text for t in analyse(question).tokens] == question.rstrip("?").split()


@pytest.mark.parametrize(
    "question, needle",
    [
        ("Until when must the providers remove their scooters?", "30. April"),
        ("How much is the fine per vehicle?", "150 Euro"),
        ("Why did the city council ban the scooters?", "Unfälle"),
        ("Which scooters are exempted?", "private E-Scooter"),
        # a when-question that names a scope-field noun ("Anbieter") asks for a time, not for the field
        ("Wann müssen die Anbieter ihre Roller aus der Altstadt entfernen?", "30. April"),
        ("When must the providers remove their vehicles?", "30. April"),
    ],
)
def test_english_question_answered_from_german_text(record, question, needle):
    a = answer_question(question, record)
    assert needle in a.answer, a.answer
