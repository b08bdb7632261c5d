"""Wh-questions whose main verb the text never uses but whose act it states
(data/qa_verb_families.json): a support-verb construction needs its noun, not its
verb ("Wer hat Revision eingelegt?" - "Die Revision der Reederei ..."); other legal
remedies and opening proceedings are the acts of "klagen" and "anstoßen"; "braucht
man" is a necessity the text states with "müssen" or a "-pflicht". A question
about an act the text does not state stays refused (own short German texts,
extracted by the offline pipeline). The version a correction takes back answers
no other question."""

from __future__ import annotations

import pytest

from nlp_policy.qa import facts
from nlp_policy.qa.answer import answer_question

REFUSAL = "Dazu enthält der Text keine Angabe."

TEXTS = {
    "harbour": (
        "Hafenamt untersagt Nachtanläufe\n\n"
        "Bremerhaven – Das Hafenamt hat Kreuzfahrtschiffen das Anlaufen zwischen 23 und 5 Uhr untersagt. "
        "Die Revision der Reederei Nordlicht gegen die Verfügung wies das Oberverwaltungsgericht am Dienstag zurück. "
        "Ab dem 1. Mai müssen Schiffe an der Kaje Landstrom nutzen. "
        "Wer gegen die Regel verstößt, zahlt bis zu 10.000 Euro.\n"
    ),
    "parking": (
        "Kranzbach führt Parkgebühren ein\n\n"
        "Kranzbach – Die Stadt erhebt in der Altstadt künftig Parkgebühren. "
        "Die Gebühren werden ab dem 1. März fällig. "
        "Anwohner mit Parkausweis zahlen nichts.\n\n"
        "In einer früheren Version dieses Artikels hieß es, die Parkgebühren würden in der Altstadt schon ab dem 1. Februar erhoben. "
        "Das ist falsch.\n"
    ),
    "curfew": (
        "Gericht bestätigt Sperrstunde\n\n"
        "Weilheim – Im Streit um die Sperrstunde für die Gastronomie am Marktplatz hat das Berufungsgericht in Weilheim am Montag zugunsten der Stadt entschieden. "
        "Geklagt hatte der Wirteverein Lindenhof mit drei weiteren Betrieben. "
        "Die Sperrstunde gilt ab 23 Uhr.\n"
    ),
    "tenants": (
        "Landgericht weist Klage ab\n\n"
        "Ein Mieterverein scheitert mit seiner Klage. "
        "Das Landgericht Erfurt wies am Montag eine Klage der Vereinigung Wohnen Nord (WNO) gegen die neue Hausordnung zurück. "
        "Die Hausordnung verbietet das Grillen auf Balkonen.\n"
    ),
    "school": (
        "Gymnasium führt Tablet-Regel ein\n\n"
        "Potsdam – An der Humboldtschule gilt von Montag an eine Tablet-Pflicht für die Oberstufe. "
        "Eingeleitet hatte das Verfahren der Elternbeirat der Schule im vergangenen Herbst. "
        "Schüler der Unterstufe dürfen weiterhin Hefte verwenden.\n"
    ),
}


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(TEXTS)


def test_taken_back_version_is_no_answer(records):
    """A sentence reporting the earlier, wrong version answers no question but one
    about the correction (evidence.RETRACTED_SHARE)."""
    a = answer_question("Ab wann werden in der Altstadt Parkgebühren erhoben?", records["parking"])
    assert "1. März" in a.answer and "1. Februar" not in a.answer, a.answer


@pytest.mark.parametrize(
    "doc, question, contains",
    [
        # support verb: the noun "Revision" is the text's, the verb "eingelegt" is not
        ("harbour", "Wer hat gegen die Verfügung Revision eingelegt?", "Nordlicht"),
        # opening proceedings: "eingeleitet" for "angestoßen"
        ("school", "Wer hat das Verfahren angestoßen?", "Elternbeirat"),
        # the question's participle as the sentence's first word ("Geklagt hatte ..."); the
        # "Berufungsgericht" of the lead names a court, not the appeal
        ("curfew", "Wer hat gegen die Sperrstunde am Marktplatz geklagt?", "Lindenhof"),
        # the claimant named in brackets after the claim, in the claim's clause ("(WNO)")
        ("tenants", "Wer hat beim Landgericht Klage erhoben?", "WNO"),
        # necessity: "braucht" for "Pflicht"
        ("school", "Ab wann braucht man in der Oberstufe ein Tablet?", "Montag"),
        # "Ab welcher" asks for a date as "Ab welchem" does
        ("harbour", "Ab welcher Woche müssen Schiffe Landstrom nutzen?", "1. Mai"),
    ],
)
def test_paraphrased_act_is_answered(records, doc, question, contains):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert contains in a.answer


@pytest.mark.parametrize(
    "doc, question",
    [
        # no sentence states a treaty signed or a meeting cancelled
        ("harbour", "Wer hat den Vertrag mit der Reederei unterzeichnet?"),
        ("school", "Wann wurde der Elternabend abgesagt?"),
        # "Zu welchem Preis" asks for an amount: the fine is no price (qa_slots.json)
        ("harbour", "Zu welchem Preis wurde die Reederei Nordlicht verkauft?"),
    ],
)
def test_unstated_act_is_refused(records, doc, question):
    assert answer_question(question, records[doc]).answer == REFUSAL


@pytest.mark.parametrize(
    "word, support",
    [("eingelegt", True), ("gestellt", True), ("getroffen", True), ("untersagt", False), ("klagte", False)],
)
def test_support_verbs(word, support):
    assert facts.is_support_verb(word) is support
