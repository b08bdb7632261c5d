"""Exception and consequence questions: the ranked evidence picks the passage
that carries the asked slot (an exemption, a way out, a penalty) AND matches the
question's own words (own short German texts, extracted by the offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question

MARKT = (
    "Drohnenverbot über dem Wochenmarkt\n\n"
    "Die Gemeinde Birkental verbietet ab Mai Drohnenflüge über dem Wochenmarkt. "
    "Ausgenommen sind Flüge der Feuerwehr bei einem Einsatz. "
    "Fotografen mit einer Genehmigung der Gemeinde dürfen ihre Drohnen ausnahmsweise am Rand des Marktes starten lassen. "
    "Wer für die Marktaufsicht arbeitet, darf ebenfalls eine Drohne mitführen. "
    "Die Gemeinde begründet das Verbot mit der Sorge vor Abstürzen über der Menge. "
    "Wer gegen das Verbot verstößt, riskiert eine Anzeige und ein Bußgeld von 300 Euro.\n"
)

SEE = (
    "Badeverbot am Lindensee\n\n"
    "Die Stadt Auental hat das Baden im Lindensee ab sofort untersagt. "
    "Grund sind Blaualgen im Wasser. "
    "Ausgenommen ist der Steg des Rudervereins. "
    "Mitglieder der Wasserwacht dürfen zu Übungszwecken weiterhin ins Wasser gehen. "
    "Hunde dürfen am Ufer ebenfalls ins Wasser, sofern sie angeleint sind. "
    "Wer sich nicht an das Verbot hält, muss mit einem Platzverweis rechnen.\n"
)

PARKEN = (
    "Parkverbot in der Altstadt\n\n"
    "Die Stadt Kornau verbietet ab Juni das Parken in der Altstadt. "
    "Wer dort trotzdem parkt, dem droht ein Bußgeld von bis zu 500 Euro. "
    "Meist bleibt es aber bei einer Verwarnung. "
    "Sie kostet 35 Euro und kann sofort bezahlt werden.\n\n"
    "Lieferdienste dürfen weiterhin kurz in der Altstadt halten. "
    "Die Stadt begründet das Verbot mit engen Gassen.\n"
)

RAD = (
    "Abstellverbot für Fahrräder am Bahnhof\n\n"
    "Die Stadt Wiesfeld verbietet ab Juli das Abstellen von Fahrrädern vor dem Bahnhof. "
    "Räder, die trotzdem dort stehen, werden abgeschleppt. "
    "Zurück gibt es das Rad nur gegen eine Gebühr im Fundbüro. "
    "Für Lastenräder gibt es einen eigenen Parkplatz hinter dem Bahnhof.\n"
)

GRILL = (
    "Grillverbot im Stadtpark\n\n"
    "Die Stadt Ellwang verbietet ab Juni das Grillen im Stadtpark. "
    "Viele Anwohner hatten sich über Rauch beim Grillen im Park und über Grillreste auf den Wiesen des Parks beschwert. "
    "Ausgenommen sind die drei Feuerstellen am Spielplatz, an denen weiter gegrillt werden darf. "
    "Wer gegen das Verbot verstößt, muss mit einem Bußgeld rechnen.\n"
)

OFEN = (
    "Neue Regeln für Kaminöfen\n\n"
    "Das Land Hessenau verbietet ab 2030 den Einbau neuer Kaminöfen in Wohnungen. "
    "Alte Kaminöfen verbrauchen viel Holz und belasten die Luft in den Städten stark. "
    "Bis 2030 sollen Käufer daher auf moderne Heizungen umsteigen. "
    "Ausgenommen sind Kaminöfen mit einem geprüften Feinstaubfilter.\n"
)


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(dict((("markt", MARKT), ("see", SEE), ("parken", PARKEN), ("rad", RAD), ("grill", GRILL), ("ofen", OFEN))))


@pytest.mark.parametrize(
    "doc, question, contains, lacks",
    [
        # a consequence question: the sentence with the penalty, not a permission that shares more words
        ("markt", "Was blüht einem, wenn man trotzdem mit einer Drohne über den Markt fliegt?", "300 Euro", "Marktaufsicht"),
        ("see", "Was blüht einem, wenn man trotzdem ins Wasser geht?", "Platzverweis", "Wasserwacht"),
        # an exception question naming what it is about: the exemption in its words, not every exemption
        ("see", "Gibt es Ausnahmen, wo man mit dem Hund doch ins Wasser darf?", "angeleint", "Steg"),
        # the exemption, though the rule repeats the question's words more often
        ("grill", "wo darf man im stadtpark trotzdem grillen", "Feuerstellen", "verbietet"),
        # "dürfen ... noch": what the rule still allows is an exception question
        ("ofen", "Welche Kaminöfen dürfen nach 2030 noch eingebaut werden?", "Feinstaubfilter", "verbietet"),
    ],
)
def test_exception_and_consequence_passages(records, doc, question, contains, lacks):
    a = answer_question(question, records[doc])
    assert contains in a.answer, a.answer
    if lacks:
        assert lacks not in a.answer, a.answer


@pytest.mark.parametrize(
    "doc, question, contains",
    [
        ("markt", "Ausnahmen Drohnen Feuerwehr?", "Feuerwehr"),
        ("see", "Ausnahmen Baden Wasserwacht?", "Wasserwacht"),
    ],
)
def test_exception_keywords_ask_for_the_passage(records, doc, question, contains):
    """A keyword question ending in a noun asks for the exception, not for a verdict."""
    a = answer_question(question, records[doc])
    assert a.verdict is None and contains in a.answer, (a.verdict, a.answer)


@pytest.mark.parametrize(
    "doc, question, contains",
    [
        # the maximum and, in the next sentences of the paragraph, the regular amount
        ("parken", "Bußgeld Höhe Parken", ("500 Euro", "35 Euro")),
        ("parken", "Was passiert, wenn man trotzdem in der Altstadt parkt?", ("500 Euro", "Verwarnung")),
        # the whole chain of what happens, though only its last link repeats the question's words
        ("rad", "Was passiert, wenn man sein Rad trotzdem vor dem Bahnhof abstellt?", ("abgeschleppt", "Gebühr")),
    ],
)
def test_consequence_answer_keeps_the_chain(records, doc, question, contains):
    a = answer_question(question, records[doc])
    assert all(c in a.answer for c in contains), a.answer
    assert "Lieferdienste" not in a.answer and "Lastenräder" not in a.answer, a.answer


def test_existential_question_lists_the_exception_with_its_condition(nlp):
    """ "Gibt es X, die doch ... dürfen?" asks for the exceptions; the one naming X answers,
    with the next sentence that refers back to it and states its condition."""
    from nlp_policy.extraction.document import extract_text

    text = (
        "Uni Lindau verbietet Laptops in Klausuren\n\n"
        "Die Universität Lindau hat eigene Laptops in allen Klausuren untersagt. "
        "Eine Ausnahme gilt für Studierende mit einer anerkannten Sehbehinderung. "
        "Sie dürfen ein Lesegerät nutzen, sofern das Prüfungsamt dies vorher genehmigt hat.\n"
    )
    a = answer_question("Gibt es Studierende, die in Klausuren doch technische Hilfsmittel nutzen dürfen?", extract_text(text, nlp=nlp))
    assert a.verdict == "yes", a.answer
    assert "Sehbehinderung" in a.answer and "Prüfungsamt" in a.answer, a.answer
