"""Exception, deadline and why questions, and slot answers tied to the question's
topic (own invented German texts from other domains: a library, a sports hall, a
harbour, a zoo, a court; extracted by the offline pipeline).

* exceptions: a negated duty ("muss nichts", "brauchen kein", "erfordert keinen")
  marks an exception; a list announced by "Nicht jede ..." is answered whole;
* when: "Bis wann ...?" takes the end tied to the question's subject, also an end
  bound by an event ("bis das Gericht entschieden hat"); a headline's vague date
  gives way to the body sentence that states it in full;
* refusal: a percentage, an amount or a date is no answer when the question's
  topic noun stands far from it;
* why: the first sentence under a reason heading; a reason of another month is
  another event's.
"""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.evidence import negated_obligation
from nlp_policy.qa.question import tokenize

REFUSAL = "Dazu enthält der Text keine Angabe."

LIBRARY = (
    "Neue Ausweispflicht in der Stadtbibliothek Lindau am See\n\n"
    "Wer in der Stadtbibliothek Lindau am See Bücher ausleiht, muss seit Montag einen Bibliotheksausweis vorzeigen. "
    "Die Ausweise werden an der Theke ausgegeben.\n\n"
    "Nicht jede Nutzung fällt unter die neue Regel. "
    "Wer nur im Lesesaal Zeitungen liest, muss keinen Ausweis vorzeigen. "
    "Auch Schulklassen mit ihrer Lehrkraft brauchen keinen eigenen Ausweis. "
    "Für die Rückgabe am Automaten ist ebenfalls kein Ausweis nötig.\n\n"
    "Die Stadt fördert den Umbau des Eingangs mit 40.000 Euro. "
    "Der Umbau soll bis Ende März 2027 abgeschlossen sein.\n"
)

HALL = (
    "Sporthalle Ostheim: Sanierung bis Ende Oktober\n\n"
    "Die Sporthalle Ostheim bleibt wegen der Sanierung des Daches geschlossen. "
    "Die Vereine müssen ihre Trainingszeiten bis zum 31. Oktober 2026 in die Halle am Markt verlegen. "
    "Die Anmeldung für neue Kurse ist bis zum 15. Mai möglich. "
    "Rund 70 Prozent der Mitglieder trainieren abends. "
    "Zuschüsse für die Fahrtkosten der Vereine hat die Stadt noch nicht beschlossen.\n"
)

HARBOUR = (
    "Hafenamt sperrt Anleger\n\n"
    "Das Hafenamt Kronsand hat den alten Anleger für Ausflugsschiffe gesperrt. "
    "Die Sperre gilt, bis das Gutachten zur Standfestigkeit vorliegt. "
    "Die Reederei Möwe verlegt ihre Abfahrten an den Nordkai.\n"
)

ZOO = (
    "Tierpark Erlenbrück verbietet Drohnen\n\n"
    "Der Tierpark Erlenbrück hat im März 2026 Drohnenflüge über dem Gelände verboten. "
    "Die Tierärzte hatten beobachtet, dass die Flamingos wegen des Lärms in Panik gerieten. "
    "Im Juni 2026 hielt die Leitung wegen neuer Beschwerden der Besucher an dem Verbot fest.\n"
)

FOREST = (
    "Feuerverbot im Stadtwald Birkenau\n\n"
    "Vom kommenden Sommer an darf im Stadtwald Birkenau niemand mehr ein offenes Feuer anzünden. "
    "Der Gemeinderat hat die entsprechende Verordnung auf den 1. Juni 2027 in Kraft gesetzt. "
    "Schon im Mai 2026 hatte der Förster vor der Trockenheit gewarnt.\n"
)

BOATS = (
    "Neue Regeln für Motorboote auf dem Weißensee\n\n"
    "Der Landkreis einigt sich auf einen Kompromiss – neue Motorboote bleiben unter Bedingungen möglich. "
    "Außerhalb der Schutzzone bleibt ihr Einsatz auch nach dem 1.1.2026 erlaubt, vorausgesetzt, der Motor ist elektrisch und das Boot ist beim Hafenamt registriert. "
    "Alte Boote müssen nicht verschrottet werden.\n"
)

LAKE = (
    "Wiesental: Badeverbot am Mühlsee soll fallen\n\n"
    "Wiesental hatte das Badeverbot für den Mühlsee im Juli wegen giftiger Blaualgen verhängt. "
    "Die Badegäste mussten auf das Freibad ausweichen. "
    "Die Bürgermeisterin habe stets versprochen, das Verbot aufzuheben, sobald die Wasserproben es zuließen – die Algenwerte lägen inzwischen wieder im Normalbereich.\n"
)

PORT = (
    "Hafen Kronsand im Visier von Schmugglern\n\n"
    "Wie groß das Problem ist, zeigen die Zahlen des Zolls: Im vergangenen Jahr stellte er im Hafen Kronsand 40 Tonnen Schmuggelware sicher. "
    "Zugleich ist der Umschlag stark gestiegen – auf 3 Millionen Container im Jahr, was Schmuggler besonders anlockt. "
    "Der Zoll will mehr Scanner anschaffen, damit die Kontrollen schneller gehen.\n"
)

FIREWORKS = (
    "Knallkörperverbot in Talheim\n\n"
    "Talheim verbietet in der Altstadt private Knallkörper an Silvester. "
    "Die Regel gilt ausschließlich für Feuerwerk mit reiner Knallwirkung, also für Kracher und Böller. "
    "Für Kinder sind Kracher ohnehin verboten.\n"
)

SCOOTER = (
    "Talheim sperrt Altstadt für E-Scooter\n\n"
    "Am Montag hat die Stadt Talheim das Fahren mit E-Scootern in der Altstadt untersagt und damit verbundene Verleihstationen mit sofortiger Wirkung geschlossen. "
    "Die Verleiher müssen ihre Roller bis Ende Mai abholen. "
    "Die Entscheidung verbiete keineswegs den Verkehr in der Altstadt, betonte die Leiterin des Ordnungsamts; untersagt sei lediglich das Fahren mit E-Scootern.\n"
)

LAWSUIT = (
    "Klage der Anwohner gegen Festivallärm\n\n"
    "Das Amtsgericht Birkenau hat der Klage der Anwohner gegen die Stadt teilweise stattgegeben. "
    "Soweit sich die Klage direkt gegen den Veranstalter richtete, blieb sie dagegen erfolglos. "
    "Die Stadt muss nun die Lärmwerte messen lassen.\n"
)

SHOP = (
    "Neue Verkaufsregeln für Energydrinks\n\n"
    "Ab dem 1. März dürfen die Supermärkte der Kette keine Energydrinks mehr an Jugendliche unter 16 Jahren verkaufen. "
    "Die Regeln gelten zunächst nur in den Filialen in Bayern. "
    "Das geht aus einem Schreiben hervor, das die Kette am Montag an ihre Filialen verschickt hat.\n"
)

COURT = (
    "Verwaltungsgericht kippt Sperrstunde in Altwasser\n\n"
    "Das Verwaltungsgericht Altwasser hat die Sperrstunde für die Gaststätten der Altstadt aufgehoben. "
    "Die Stadt hatte die Sperrstunde im vergangenen Jahr eingeführt.\n\n"
    "Die Begründung der Richter\n\n"
    "Für eine solche Regel fehle der Stadt eine gesetzliche Grundlage in der Gaststättenverordnung. "
    "Zudem habe die Stadt nicht belegt, dass es in der Altstadt nachts häufig zu Ruhestörungen komme.\n"
)


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(dict((("library", LIBRARY), ("hall", HALL), ("harbour", HARBOUR), ("zoo", ZOO), ("court", COURT), ("forest", FOREST), ("boats", BOATS), ("lake", LAKE), ("port", PORT), ("fireworks", FIREWORKS), ("scooter", SCOOTER), ("lawsuit", LAWSUIT), ("shop", SHOP))))


@pytest.mark.parametrize(
    "text, exempt",
    [
        ("Wer nur liest, muss nichts bezahlen.", True),
        ("Schulklassen brauchen keinen Ausweis.", True),
        ("Die Rückgabe erfordert keinen Ausweis.", True),
        ("Ein Ausweis ist dafür nicht nötig.", True),
        ("Die Gebühr entfällt für Kinder.", True),
        ("Rentner sind von der Gebühr befreit.", True),
        ("Wer Bücher ausleiht, muss einen Ausweis vorzeigen.", False),  # a duty, not negated
        ("Die Halle ist nicht geöffnet.", False),  # a negation without a duty
    ],
)
def test_negated_obligation_is_an_exemption(text, exempt):
    assert negated_obligation([t.folded for t in tokenize(text)]) is exempt


@pytest.mark.parametrize(
    "doc, question, expected",
    [
        # an exception question by a negated duty; the announced list is answered whole
        ("library", "Wer braucht keinen Bibliotheksausweis?", "Schulklassen"),
        ("library", "Wer braucht keinen Bibliotheksausweis?", "Rückgabe"),
        ("library", "Wofür muss man keinen Ausweis vorzeigen?", "Lesesaal"),
        # an idiom of failure ("ins Leere gehen") is the concept of "erfolglos"
        ("lawsuit", "Gegen wen ging die Klage ins Leere?", "Veranstalter"),
        # the passage that states the condition, not the one that says there are some;
        # a year span names either year; "darf ... rein" asks no verb of the text
        ("boats", "Unter welchen Bedingungen darf nach dem Jahreswechsel 2025/26 noch ein neues Motorboot rein?", "elektrisch"),
    ],
)
def test_exception_answers(records, doc, question, expected):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert expected in a.answer, (a.route, a.answer)


@pytest.mark.parametrize(
    "doc, question, expected",
    [
        # a yes/no question about the rule's extent quotes the sentence stating it
        ("fireworks", "Sind Raketen auch betroffen oder nur Kracher?", "Knallwirkung"),
        # a question about the rule's generality quotes the sentence that denies it
        ("scooter", "verbietet die stadt damit den verkehr in der altstadt generell?", "keineswegs"),
    ],
)
def test_extent_question_quotes_the_extent(records, doc, question, expected):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert expected in a.answer, (a.route, a.answer)


@pytest.mark.parametrize(
    "doc, question, expected, not_expected",
    [
        # the date of the sentence about the question's subject, not the first date
        ("hall", "Bis wann müssen die Vereine ihre Trainingszeiten verlegen?", "31. Oktober 2026", "15. Mai"),
        ("hall", "Bis wann ist die Anmeldung für neue Kurse möglich?", "15. Mai", "31. Oktober"),
        ("library", "Bis wann soll der Umbau abgeschlossen sein?", "März 2027", None),
        # a headline's vague date gives way to the body sentence with the full date
        ("hall", "Frist Trainingszeiten Vereine", "31. Oktober 2026", None),
        # an end bound by an event instead of a date
        ("harbour", "Bis wann gilt die Sperre des Anlegers?", "Gutachten", None),
        # a compound naming the rule ("Verkaufsregeln") is no topic the date sentence must repeat
        ("shop", "Ab wann gelten die neuen Verkaufsregeln?", "1. März", None),
        # a start date: the in-force sentence next to the rule it puts in force
        ("forest", "Ab welchem Datum ist offenes Feuer im Stadtwald verboten?", "1. Juni 2027", "Mai 2026"),
    ],
)
def test_deadline_answers(records, doc, question, expected, not_expected):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert expected in a.answer, (a.route, a.answer)
    if not_expected:
        assert not_expected not in a.answer.split(":")[0], (a.route, a.answer)


@pytest.mark.parametrize(
    "doc, question",
    [
        # the percentage is about the members' training times, not about subsidies
        ("hall", "Zuschüsse Fahrtkosten wie viel Prozent?"),
        # the library's amount is for the entrance, not for the books
        ("library", "Wie viel Euro gibt die Stadt für neue Bücher aus?"),
    ],
)
def test_slot_far_from_the_topic_is_refused(records, doc, question):
    a = answer_question(question, records[doc])
    assert a.verdict in ("unknown", "unclear"), (a.route, a.answer)


@pytest.mark.parametrize(
    "doc, question",
    [
        # neither the verb nor most nouns are the text's: nothing to give the reason of
        ("zoo", "Warum streikt die Belegschaft der Gastronomie?"),
    ],
)
def test_why_about_something_else_is_refused(records, doc, question):
    a = answer_question(question, records[doc])
    assert a.verdict in ("unknown", "unclear"), (a.route, a.answer)


@pytest.mark.parametrize(
    "doc, question, expected, not_expected",
    [
        # the first sentence under the reason heading
        ("court", "Warum war die Sperrstunde nach Ansicht der Richter rechtswidrig?", "gesetzliche Grundlage", None),
        # the reason of March, not of the decision in June
        ("zoo", "Warum hat der Tierpark im März 2026 Drohnen verboten?", "Flamingos", "Beschwerden"),
        # the reason of the lifting, not the reason of the ban
        ("lake", "Warum wird das Badeverbot aufgehoben?", "Algenwerte", "Freibad"),
        # no sure reason cue near: the sentence right after the claim explains it
        ("port", "Warum ist der Hafen Kronsand für Schmuggler so attraktiv?", "3 Millionen Container", None),
        # the event told in other words: the verb is not the text's, its nouns are
        ("zoo", "Warum greift der Tierpark bei den Drohnen durch?", "Flamingos", None),
    ],
)
def test_why_answers(records, doc, question, expected, not_expected):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert expected in a.answer, (a.route, a.answer)
    if not_expected:
        assert not_expected not in a.answer, (a.route, a.answer)
