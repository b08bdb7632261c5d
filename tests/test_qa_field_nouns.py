"""A question that names a scope-field noun ("die Behörde", "die Länder") asks for the
field's values only with which/what/who/where; with "wann", "warum", "wie hoch" it
asks for a time, a reason, an amount (own invented German text)."""

from __future__ import annotations

import pytest

from nlp_policy.extraction.document import extract_text
from nlp_policy.qa.answer import answer_question

PAYMENTS = (
    "Finanzaufsicht stoppt Zahlungsdienst Paynova\n\n"
    "Wien – Die österreichische Finanzmarktaufsicht hat dem Zahlungsdienst Paynova am 4. März vorläufig die Annahme von Kundengeldern untersagt. "
    "Betroffen sind Händler und Privatkunden in ganz Österreich. "
    "Am Freitag hat die Behörde die Sperre wieder aufgehoben, nachdem Paynova eine Sicherheitsleistung hinterlegt hatte.\n"
)


@pytest.fixture(scope="module")
def record(nlp):
    return extract_text(PAYMENTS, nlp=nlp)


@pytest.mark.parametrize(
    "question, needle, route",
    [
        ("Wann hat die Behörde die Sperre aufgehoben?", "Freitag", "evidence"),
        ("When did the authority lift the ban?", "Freitag", "evidence"),
        ("Welche Behörde hat die Sperre aufgehoben?", "Behörde", "scope-field"),
    ],
)
def test_field_noun_and_question_word(record, question, needle, route):
    a = answer_question(question, record)
    assert needle in a.answer, a.answer
    assert a.route.startswith(route), a.route


SHORT = (
    "Stadt Lindhagen schließt Kunstrasenplatz\n\n"
    "Lindhagen – Die Stadt Lindhagen hat den Kunstrasenplatz an der Schulstraße im Juni gesperrt. "
    "Update, August: Der Platz ist wieder offen. "
    "Nach Angaben der Stadt wurde das Granulat ausgetauscht, weil es die neuen Grenzwerte für Mikroplastik überschritt.\n"
)


def test_short_passage_brings_the_next_sentence(nlp):
    """A passage of a few words alone ("Der Platz ist wieder offen.") is answered with the
    next sentence of its paragraph, which says what happened."""
    a = answer_question("Was ist im August mit dem Platz passiert?", extract_text(SHORT, nlp=nlp))
    assert "wieder offen" in a.answer and "ausgetauscht" in a.answer, a.answer


MATCHES = (
    "Verband sperrt Gästeblöcke bei Risikospielen\n\n"
    "Der Landesverband hat für Risikospiele die Gästeblöcke gesperrt. "
    "Beim letzten Derby waren 23 Beamte verletzt worden, die Partie stand 18 Minuten still. "
    "In der laufenden Saison wurden bisher drei Partien als Risikospiel eingestuft.\n"
)


@pytest.mark.parametrize(
    "question, needle",
    [
        ("Wie viele Partien wurden als Risikospiel eingestuft?", "drei Partien"),
        ("Wie viele Beamte wurden verletzt?", "23 Beamte"),
        # a number in the sentence that counts something else is no answer
        ("Wie viele Zuschauer waren beim Derby?", "keine Angabe"),
    ],
)
def test_a_count_counts_the_asked_noun(nlp, question, needle):
    a = answer_question(question, extract_text(MATCHES, nlp=nlp))
    assert needle in a.answer, a.answer


HARBOUR = (
    "Hafen Nordmole sperrt Zufahrt für Wohnmobile\n\n"
    "Die Hafenverwaltung hat die Zufahrt zur Nordmole für Wohnmobile gesperrt. "
    "Befreit werden können Anwohner mit einem Stellplatz am Kai. "
    "Sie brauchen dafür eine Anwohnerplakette, die 30 Euro im Jahr kostet.\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "Ich wohne am Kai und habe ein Wohnmobil – wie komme ich trotzdem zur Nordmole?",  # the question after the dash
        "Welche Ausnahmen gibt es für Anwohner?",
    ],
)
def test_exception_comes_with_its_condition(nlp, question):
    """The sentence after an exception that refers back to it and names a duty ("Sie
    brauchen dafür ...") is its condition."""
    a = answer_question(question, extract_text(HARBOUR, nlp=nlp))
    assert "Befreit" in a.answer and "Anwohnerplakette" in a.answer, a.answer


def test_how_long_prefers_the_time_limit(nlp):
    """ "Wie lange ...?": the sentence that limits the rule in time, not another duration."""
    text = (
        "Verband sperrt Gästeblöcke\n\n"
        "Der Verband hat die Gästeblöcke in der Oberliga gesperrt. "
        "Beim Derby musste die Partie für 18 Minuten unterbrochen werden. "
        "Die Sperre ist zunächst bis zum Saisonende am 30. Juni befristet.\n"
    )
    a = answer_question("How long is the ban supposed to last?", extract_text(text, nlp=nlp))
    assert "30. Juni" in a.answer, a.answer


def test_for_whom_an_exception_is_the_exception(nlp):
    """ "Für wen macht die Behörde eine Ausnahme?" names a field noun, but the answer is the
    exception itself, not a list of the rule's actors."""
    text = (
        "Landesamt beschränkt Verkauf von Energydrinks\n\n"
        "Das Landesamt hat den Verkauf von Energydrinks an Jugendliche untersagt. "
        "Eine Ausnahme macht die Behörde für Sportvereine mit ärztlich betreuten Trainingslagern.\n"
    )
    a = answer_question("Für wen macht die Behörde eine Ausnahme?", extract_text(text, nlp=nlp))
    assert "Trainingslagern" in a.answer, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "Wie hoch kann die Strafe für Händler ausfallen, die sich nicht daran halten?",
        "Welches Bußgeld droht Händlern, die nach der Frist weiter verkaufen?",
    ],
)
def test_penalty_amount_for_those_who_break_the_rule(nlp, question):
    """The penalty sentence speaks of "wer ... verstößt", not of the question's traders; and a
    day of a date ("bis zum 15. März") is no amount."""
    text = (
        "Landesamt nimmt Lachgas aus den Regalen\n\n"
        "Händler müssen Lachgas-Kartuschen bis zum 15. März aus dem Sortiment nehmen. "
        "Wer die Kartuschen danach weiter anbietet, riskiert bis zu 30.000 Euro Bußgeld.\n"
    )
    a = answer_question(question, extract_text(text, nlp=nlp))
    assert "30.000 Euro" in a.answer, a.answer
