"""Why-questions: the answer is the sentence that gives the reason for the rule
or change asked about (own invented German texts from other domains: a city, a
football club, a bank, a court; extracted by the offline pipeline), and the
reason cues by concept (qa/reasons.py, data/qa_reasons.json)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import fold, tokenize
from nlp_policy.qa.reasons import SURE, continues_list, opens_list, strength

REFUSAL = "Dazu enthält der Text keine Angabe."

CITY = (
    "Grillverbot im Stadtpark von Weidenfeld\n\n"
    "Die Stadt Weidenfeld hat das Grillen im Stadtpark ab Juni untersagt. "
    "Im vergangenen Sommer war der Rasen an mehreren Stellen verbrannt. "
    "Zur Begründung verwies Oberbürgermeister Jonas Kiefer auf die anhaltende Trockenheit und die Brandgefahr für den alten Baumbestand. "
    "Ausgenommen sind die drei festen Grillplätze am Seeufer.\n"
)

CLUB = (
    "FC Rotbach verbietet Pyrotechnik im Stadion\n\n"
    "Der Fußballclub FC Rotbach hat das Abbrennen von Pyrotechnik in seinem Stadion verboten. "
    "Zum einen habe der Verband dem Verein wiederholt hohe Geldstrafen auferlegt. "
    "Zum anderen wolle man die Zuschauer in der Kurve vor Verletzungen schützen. "
    "Wer dennoch Fackeln zündet, erhält ein Stadionverbot für zwei Jahre.\n"
)

BANK = (
    "Sparkasse Uhlental schränkt Barabhebungen ein\n\n"
    "Die Sparkasse Uhlental hat Barabhebungen an ihren Automaten nachts auf 200 Euro beschränkt. "
    "Die Kunden wurden am Montag per Brief informiert. "
    "Die Bank begründete die Einschränkung mit einer Serie von Betrugsfällen mit gestohlenen Karten. "
    "Tagsüber bleibt das gewohnte Limit von 1.000 Euro bestehen.\n"
)

COURT = (
    "Landgericht Mühlbach kippt Kündigung\n\n"
    "Das Landgericht Mühlbach hat die Kündigung eines Lagerarbeiters für unwirksam erklärt. "
    "Der Arbeitgeber hatte ihm vorgeworfen, Werkzeug mit nach Hause genommen zu haben. "
    "Die Richter sahen einen Formfehler: Der Betriebsrat sei vor der Kündigung nicht angehört worden. "
    "Das Unternehmen kann gegen das Urteil Berufung einlegen.\n"
)


# a court's short lead-in to its grounds, then the grounds, some sentences after the ruling
TRIBUNAL = (
    "Verwaltungsgericht stoppt Hundeverbot am Badesee\n\n"
    "Hunde dürfen am Badesee von Lindenau vorerst wieder frei laufen. "
    "Das Verwaltungsgericht Talheim hat die Allgemeinverfügung der Gemeinde, die Hunde am Ufer untersagt hatte, vorläufig außer Kraft gesetzt. "
    "Die Gemeinde hatte das Verbot im April erlassen, nachdem sich Badegäste über Hundekot beschwert hatten. "
    "Wer dagegen verstieß, musste 200 Euro zahlen. "
    "Zwei Hundehalter hatten Eilanträge gestellt. "
    "Die Kammer folgte ihren Argumenten. "
    "Die Gemeinde habe keine Zählung der Beschwerden vorgelegt, deshalb sei das Verbot zu weitgehend. "
    "Die Gemeinde will nun Daten sammeln.\n"
)


# the reason named as such in a long sentence that says only where it was given, the cause after it
PORTAL = (
    "Reederei sperrt Buchungsportal\n\n"
    "Die Reederei Nordlicht hat ihr Buchungsportal am Montag für alle Kunden gesperrt. "
    "Begründet wurde der Schritt zunächst in einer kurzen Mitteilung an die Reisebüros, die der Zeitung vorliegt. "
    "Darin heißt es, wegen eines Angriffs auf die Server seien Kundendaten gefährdet. "
    "Buchungen sind bis auf Weiteres nur telefonisch möglich.\n"
)


# a reproach announced with its count, then listed ("Erstens ... Zweitens ...")
LEAGUE = (
    "Liga bestraft Verein Grünhausen\n\n"
    "Die Liga hat den Verein Grünhausen mit einer Geldstrafe von 80.000 Euro belegt. "
    "Der Verband hatte dem Club zwei Verstöße vorgeworfen. "
    "Erstens habe der Verein seine Ordner nicht geschult. "
    "Zweitens seien die Fluchtwege im Stadion zugestellt gewesen. "
    "Der Verein kann Einspruch einlegen.\n"
)


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(dict((("city", CITY), ("club", CLUB), ("bank", BANK), ("court", COURT), ("tribunal", TRIBUNAL), ("portal", PORTAL), ("league", LEAGUE))))


@pytest.mark.parametrize(
    "doc, question, expected",
    [
        ("city", "Warum hat die Stadt das Grillen im Stadtpark untersagt?", "Brandgefahr"),
        ("city", "Aus welchem Grund ist das Grillen im Stadtpark verboten?", "Trockenheit"),
        ("club", "Warum verbietet der FC Rotbach Pyrotechnik?", "Geldstrafen"),
        ("club", "Weshalb hat der Verein Pyrotechnik verboten?", "Verletzungen"),
        ("bank", "Warum hat die Sparkasse die Barabhebungen beschränkt?", "Betrugsfällen"),
        ("bank", "Womit begründet die Bank die Einschränkung?", "Betrugsfällen"),
        # the court's grounds, not the accusation told just before them
        ("court", "Warum hat das Gericht die Kündigung für unwirksam erklärt?", "Betriebsrat"),
        ("court", "Was hatte der Arbeitgeber dem Lagerarbeiter vorgeworfen?", "Werkzeug"),
        ("portal", "Wieso hat die Reederei das Buchungsportal gesperrt?", "Angriffs"),
        ("league", "Was wurde dem Verein Grünhausen vorgeworfen?", "Fluchtwege"),  # the whole list
        # a short sentence with a reason cue brings the reason it announces
        ("tribunal", "Aus welchem Grund hat das Verwaltungsgericht die Verfügung gestoppt?", "keine Zählung"),
        ("tribunal", "Warum hat das Gericht das Hundeverbot gestoppt?", "keine Zählung"),
    ],
)
def test_why_answer_gives_the_reason(records, doc, question, expected):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert expected in a.answer, (a.route, a.answer)


def _strength(sentence: str) -> float:
    toks = tokenize(sentence)
    return strength(toks, " " + " ".join(t.folded for t in toks) + " ", sentence)


@pytest.mark.parametrize(
    "sentence, sure",
    [
        ("Zur Begründung nannte der Trainer die vielen Verletzungen.", True),  # stated reason, phrase
        ("Grund ist die hohe Zahl an Unfällen.", True),  # stated reason
        ("Der Club sperrt die Kurve wegen Ausschreitungen.", True),  # cause
        ("Die Bank äußerte Sicherheitsbedenken.", True),  # compound head of a concern noun
        ("Das Gericht rügte einen Ermessensfehler der Behörde.", True),  # compound head of a defect noun
        ("Dem Bürgermeister wird Untreue vorgeworfen.", True),  # accusation
        ("Messungen ergaben deutlich zu hohe Nitratwerte im Brunnen.", True),  # evidence a rule rests on
        ("Die Stadtwerke begründen ihn mit den Klagen der Anwohner.", True),
        ("Nachdem der Markt geschlossen hatte, gingen alle nach Hause.", False),  # reaction cue: weak
        ("Der Zug fährt um zehn Uhr ab.", False),  # 'um' of a time: weak
    ],
)
def test_reason_strength_by_concept(sentence, sure):
    assert (_strength(sentence) >= SURE) is sure


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("Die Halle bleibt geschlossen.", False),
        ("Der Sorgenfall ist erledigt.", False),  # "sorgen" only as the first part of a compound
        ("Die Sorgerechtsfrage bleibt offen.", False),
        ("Viele Anwohner haben Bedenken.", True),
        # a cue word in another use: no reason (data/qa_reasons.json "conditions")
        ("Die Bäckerei hat rund um die Uhr geöffnet.", False),  # 'um' without its 'zu'
        ("Die Preise stiegen um drei Prozent.", False),
        ("Die Gemeinde baut den Zaun, um die Wiese zu schützen.", True),  # 'um ... zu': a purpose
        ("Die Kasse prüft die Belege, um Betrug auszuschließen.", True),  # the 'zu' inside the infinitive
        ("Der Streit ist damit noch nicht beigelegt.", False),  # 'damit' as an adverb
        ("Die Schule sperrt den Hof, damit niemand stürzt.", True),  # 'damit' opening a clause
        ("Ein Wachdienst soll nachts für Ruhe sorgen.", False),  # the verb 'sorgen'
        ("Die Sorgen der Eltern wachsen.", True),  # the noun
    ],
)
def test_reason_cue_or_none(sentence, reason):
    assert (_strength(sentence) > 0) is reason


@pytest.mark.parametrize(
    "first, second, listed",
    [
        ("Zum einen fehlt das Geld.", "Zum anderen fehlt das Personal.", True),
        ("Zum einen fehlt das Geld.", "Hinzu kommt der Mangel an Personal.", True),
        ("Zum einen fehlt das Geld.", "Die Halle bleibt geschlossen.", False),
        ("Das Geld fehlt.", "Zum anderen fehlt das Personal.", False),
    ],
)
def test_listed_reasons(first, second, listed):
    f, s = (" " + " ".join(fold(t.text) for t in tokenize(x)) + " " for x in (first, second))
    assert (opens_list(f) and continues_list(s)) is listed


@pytest.mark.parametrize(
    "question_word, text_word",
    [
        ("eingeschränkt", "einzuschränken"),  # past participle ~ zu-infinitive of a separable verb
        ("ausgesetzt", "auszusetzen"),
        ("angeordnet", "anzuordnen"),
    ],
)
def test_participle_matches_zu_infinitive(question_word, text_word):
    from nlp_policy.qa.question import stem_word, token_matches

    assert token_matches(stem_word(question_word), tokenize(text_word)[0]) >= 0.8


AIRPORT = (
    "Flughafen Elbstadt verbietet Drohnen im Umkreis von fünf Kilometern\n\n"
    "Elbstadt – Der Flughafen Elbstadt hat private Drohnenflüge im Umkreis von fünf Kilometern untersagt. "
    "Die Regel gilt ab dem 1. Juni. "
    "Verstöße kosten bis zu 10.000 Euro. "
    "Ausgenommen sind Vermessungsflüge mit Genehmigung.\n\n"
    "Hintergrund sind mehrere Zwischenfälle im Frühjahr. "
    "Zweimal mussten landende Maschinen wegen einer Drohne durchstarten.\n"
)


@pytest.fixture(scope="module")
def airport(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(AIRPORT, nlp=nlp)


@pytest.mark.parametrize(
    "question",
    [
        "Was ist der Grund für das Drohnenverbot?",
        "Warum verbietet der Flughafen Drohnen?",
        "Was hat den Flughafen zu diesem Schritt bewogen?",  # a 'Was ...?' with a verb of motive
        "Weshalb greift der Flughafen ein?",  # the question's verb need not be the text's
    ],
)
def test_reason_named_as_such_and_its_detail(airport, question):
    """The reason sentence named as such ("Hintergrund sind ...") two sentences after the
    rule, with the sentence that tells it."""
    a = answer_question(question, airport)
    assert "Zwischenfälle" in a.answer and "durchstarten" in a.answer, a.answer
