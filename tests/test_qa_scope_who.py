"""Who- and scope-questions (own invented German texts, extracted by the offline
pipeline): the agent of the question's verb (qa/agents.py, data/qa_agents.json),
owner and maker questions, and the actual reach a "Nein" to "auch in X?", "nur
in X?" or "in ganz X?" states (qa/entailment.py, qa/scope_reasoning.py)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.agents import _bare, is_authority, is_issuing, relation_asked
from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import analyse

REFUSAL = "Dazu enthält der Text keine Angabe."

LEAF = (
    "Laubbläser in Altenhain nur noch werktags\n\n"
    "In Altenhain dürfen Laubbläser künftig nur noch werktags zwischen 9 und 17 Uhr betrieben werden. "
    "Erlassen hat das Ordnungsamt die Regel am Dienstag, zwei Wochen vor Beginn der Laubsaison. "
    "Wer gegen die Vorgabe verstößt, muss mit einem Bußgeld von bis zu 5.000 Euro rechnen.\n\n"
    "Die Gärtnereien der Stadt hatten sich über die Regel beschwert.\n"
)

DAIRY = (
    "Meldepflicht für Molkereien: kleine Betriebe ausgenommen\n\n"
    "Alle Molkereien müssen ihren Wasserverbrauch künftig monatlich melden. "
    "Die Ausnahme, die der Bauernverband erstritten hat, bietet kleinen Höfen nun eine Atempause. "
    "Nach langen Gesprächen einigte sich die Landesregierung mit dem Verband: Das Agrarministerium sagte zu, dass Betriebe mit weniger als zehn Kühen von der Meldepflicht ausgenommen sind.\n"
)

APP = (
    "Lernapp Quizzo sperrt Werbung für Kinder\n\n"
    "Die Lernapp Quizzo zeigt Kindern künftig keine Werbung mehr. "
    "Entwickelt wird die App von der Brightwave Quizzo GmbH aus Leipzig. "
    "Eltern hatten sich über Werbung für Süßigkeiten beschwert.\n"
)

PLAYGROUND = (
    "Rauchverbot auf dem Spielplatz am Stadtweiher\n\n"
    "Das Grünflächenamt untersagt das Rauchen auf dem Spielplatz am Stadtweiher. "
    "Wer auf dem Spielplatz raucht, muss mit einem Bußgeld rechnen. "
    "Anders am Marktplatz: Dort hat der Stadtrat bereits 2015 ein eigenes Rauchverbot erlassen.\n"
)

CHATBOT = (
    "Velantis beschränkt Chatbot bei Gesundheitsfragen\n\n"
    "Der Softwarekonzern Velantis beschränkt seinen Chatbot Medibot bei Fragen zur Gesundheit. "
    "Umgesetzt wird die Einschränkung zunächst in Frankreich, wo eine neue Aufsicht startet. "
    "In vielen Ländern wird über solche Regeln diskutiert, darunter in Spanien und in Italien.\n"
)

DECREE = (
    "Warendorf zieht nach: Feuer in Gärten erst nach der Ernte\n\n"
    "Münsterland – Auch in Warendorf dürfen Gartenabfälle künftig nur noch im Oktober verbrannt werden. "
    "Bekannt gegeben hat die Stadtverwaltung die Verfügung am Freitag. "
    "Die Regel gilt ausschließlich für Privatgärten.\n\n"
    "Schon im Sommer hatten die Städte Ahlen, Beckum und Oelde solche Verfügungen erlassen.\n"
)

PLATFORM = (
    "Lesezirkel Pagina sperrt Jugendliche vom Forum aus\n\n"
    "Die Leseplattform Pagina verbietet Minderjährigen die Nutzung ihres Forums. "
    "Wie die Firma mitteilte, können Nutzerinnen und Nutzer unter 16 Jahren künftig keine Beiträge mehr im Forum schreiben.\n"
)

MUSEUM = (
    "Stadtmuseum Kellberg schränkt Fotos ein\n\n"
    "Das Stadtmuseum Kellberg untersagt ab Mai, in den Ausstellungsräumen Fotos mit Blitz zu machen. "
    "Ein ausdrückliches Verbot, die Fotos im Internet zu veröffentlichen, gibt es zwar nicht. "
    "Wer Bilder veröffentlicht, muss aber die Rechte der Leihgeber beachten.\n"
)

WARNING = (
    "Reederei warnt Passagiere vor Drohnen\n\n"
    "Die Reederei Nordlicht hat ihre Passagiere auf einer Infoseite gewarnt. "
    "Drohnen seien an Deck zwar nicht verboten, aber sie störten die Crew. "
    "Wer eine fliege, müsse vorsichtig sein – und zwar ausdrücklich auch bei anderen Fluggeräten wie Modellflugzeugen oder Ballons.\n"
)

COURT = (
    "Landgericht Mühlbach kippt Hausverbot\n\n"
    "Am 3. März 2021 hob das Landgericht Mühlbach das Hausverbot gegen den Verein auf. "
    "Die Vorsitzende Richterin Anna Keller sah keinen Grund für die Sperre.\n"
)

SPEED = (
    "Tempo 30 in Lindhagen: erst Wohnstraßen, später alle\n\n"
    "Lindhagen – Die Stadt beschränkt die Geschwindigkeit ab Juli auf 30 km/h. "
    "Laut Ratsbeschluss gilt die Beschränkung aber vorerst nur für Wohnstraßen. "
    "Bis 2027 soll das Verkehrskonzept vorliegen – danach gilt Tempo 30 für alle Straßen der Stadt.\n"
)

LIBRARY = (
    "Stadtbibliothek Rottal startet Schutzprogramm\n\n"
    "Die Stadtbibliothek Rottal startet ein Programm gegen Betrug mit Leseausweisen. "
    "Nach Angaben der Bibliothek soll es die Ausweise von Leserinnen und Lesern absichern. "
    "Auch gegen Ausweisdiebstahl, bei dem Fremde die Konten anderer nutzen, will die Bibliothek besser schützen.\n"
)

COALITION = (
    "Rathauskoalition einigt sich auf Parkgebühren\n\n"
    "Nach Wochen des Streits steht die neue Gebührenordnung. "
    "Den Durchbruch brachte ein Treffen zwischen Bürgermeisterin Clara Vogt und Fraktionschef Jonas Brandt. "
    "Laut Kompromiss steigen die Parkgebühren ab März nur in der Innenstadt.\n"
)

FINE = (
    "Melsdorf bestraft Wirt\n\n"
    "Der Wirt des Lokals Anker wirbt seit Jahren auf Instagram für seine Konzerte. "
    "Weil er die Sperrstunde mehrfach missachtet hatte, verhängte das Ordnungsamt gegen ihn Strafen von zusammen 2.000 Euro.\n"
)

RADIO = (
    "Radiosender Welle Nord stellt Nachtprogramm ein\n\n"
    "Der Radiosender Welle Nord sendet ab Januar kein Nachtprogramm mehr. "
    "Der Sender gehört seit 2019 zur Mediengruppe Hansen Media GmbH.\n"
)

TEXTS = {
    "leaf": LEAF, "dairy": DAIRY, "app": APP, "playground": PLAYGROUND, "chatbot": CHATBOT,
    "decree": DECREE, "platform": PLATFORM, "museum": MUSEUM, "warning": WARNING, "court": COURT,
    "speed": SPEED, "library": LIBRARY, "coalition": COALITION,
    "fine": FINE, "radio": RADIO,
}


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(TEXTS)


@pytest.mark.parametrize(
    "doc, question, must, must_not",
    [
        # the rule sentence names no maker: the next sentence of its paragraph does
        ("leaf", "Wer hat die Regel für Laubbläser angeordnet?", "Ordnungsamt", "Gärtnereien"),
        # among the passages about the exception, the one where "zusagen" has its agent
        ("dairy", "Wer hat den Betrieben die Ausnahme zugesagt?", "Agrarministerium", None),
        ("dairy", "wer hat den betrieben die ausnahme zugesagt", "Agrarministerium", None),
        # maker: the longer company name that contains the app's
        ("app", "Welche Firma steckt hinter Quizzo?", "Brightwave", None),
        ("app", "Wer entwickelt Quizzo?", "Brightwave", None),  # a maker question is never refused for its verb
        ("app", "Wer betreibt Quizzo?", "Brightwave", None),
        # owner: the sentence naming the entity with an owner cue and another organisation
        ("radio", "Welchem Konzern gehört Welle Nord?", "Hansen Media", None),
        # "wen ...?": the passage that names the people protected
        ("library", "wen will die bibliothek vor ausweisklau schützen", "Leserinnen", None),
        # "Kompromiss" ~ "Durchbruch" (the concept Einigung): the negotiators
        ("coalition", "Wer hat den Kompromiss ausgehandelt?", "Clara Vogt", None),
        # what a rule covers: not the sentence that denies another rule
        ("museum", "Welche Vorgänge erfasst das Foto-Verbot genau?", "Blitz", "gibt es zwar nicht"),
        # a person asked by role, named in the sentence after the best passage
        ("court", "Welche Richterin hob das Hausverbot am Landgericht Mühlbach auf?", "Anna Keller", None),
        ("court", "Who presided over the court when it lifted the ban in March 2021?", "Anna Keller", None),
    ],
)
def test_who_names_the_agent(records, doc, question, must, must_not):
    a = answer_question(question, records[doc])
    assert a.verdict != "unknown", a
    assert must in a.answer, a.answer
    if must_not:
        assert must_not not in a.answer, a.answer


@pytest.mark.parametrize(
    "doc, question",
    [
        ("app", "Welchem Konzern gehört Quizzo?"),  # the text names a maker, no owner
        ("app", "Wer ist der Mutterkonzern von Quizzo?"),
    ],
)
def test_owner_question_without_owner_is_refused(records, doc, question):
    a = answer_question(question, records[doc])
    assert a.verdict == "unknown", a
    assert a.answer == REFUSAL


@pytest.mark.parametrize(
    "doc, question, must",
    [
        # "auch am X?": the rule of the named issuer holds on the playground, not at X
        ("playground", "Gilt das Verbot des Grünflächenamts auch am Marktplatz?", "Spielplatz"),
        # "nur in X?": the issuer's rule that names a place says where
        ("chatbot", "Gilt die Medibot-Beschränkung nur in Spanien?", "Frankreich"),
        # "in ganz X?": other towns made such rules themselves
        ("decree", "Gilt die Warendorfer Verfügung automatisch im ganzen Münsterland?", "Ahlen"),
        # "auch Erwachsene?": whom the rule covers
        ("platform", "Betrifft das Forum-Verbot auch Erwachsene?", "Minderjährigen"),
        # a rule the text denies, with the sentence that qualifies the concession
        ("museum", "Ist das Veröffentlichen der Fotos im Internet ausdrücklich verboten?", "Leihgeber"),
        # "nur für X?": the sentence that extends the warning to other things
        ("warning", "Galt der Sicherheitshinweis nur für Drohnen?", "Modellflugzeugen"),
        # "wegen X?" and the text gives another cause
        ("fine", "Wurden die Euro-Strafen des Ordnungsamts wegen Instagram verhängt?", "Sperrstunde"),
        # "gleich für alle?": when the rule reaches all
        ("speed", "Gilt die Beschränkung ab Juli gleich für alle Straßen?", "2027"),
    ],
)
def test_no_states_the_real_scope(records, doc, question, must):
    a = answer_question(question, records[doc])
    assert a.verdict == "no", a
    assert must in a.answer, a.answer


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Bezirksamt", True), ("Ordnungsämter", True), ("Behörde", True), ("Kommission", True),
        ("Landgericht", True), ("Stadtrat", True), ("Insgesamt", False), ("Apparat", False),
        ("amt", False),  # lower case: not a noun
        ("Zeitfenster", False),
    ],
)
def test_authority_nouns(word, expected):
    assert is_authority(word) is expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("angeordnet", True), ("zugesagt", True), ("verhängt", True), ("erlassen", True), ("beschlossen", True),
        ("ausgehandelt", True), ("imposed", True), ("gesagt", False), ("gesehen", False), ("berichtet", False),
    ],
)
def test_issuing_verbs(word, expected):
    assert is_issuing(word) is expected


@pytest.mark.parametrize(
    "word, bare",
    [("zugesagt", "sag"), ("angeordnet", "ordn"), ("eingeräumt".replace("ä", "ae"), "raeum"), ("gesperrt", "sperr")],
)
def test_bare_verb(word, bare):
    assert _bare(word) == bare


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Welchem Konzern gehört die App?", "owner"),
        ("Wer ist der Mutterkonzern des Dienstes?", "owner"),
        ("Welche Firma steckt hinter dem Dienst?", "maker"),
        ("Wer betreibt die Plattform?", "maker"),
        ("Wer hat das Verbot erlassen?", None),
        ("Wann gilt das Verbot?", None),
    ],
)
def test_relation_asked(question, kind):
    assert relation_asked(analyse(question)) == kind


@pytest.mark.parametrize(
    "doc, question, verdict",
    [
        ("fine", "Wurden die Euro-Strafen des Ordnungsamts wegen Instagram verhängt?", "no"),
        ("fine", "Wurden die Strafen des Ordnungsamts wegen der Sperrstunde verhängt?", "yes"),  # the cause asked is the one given
    ],
)
def test_asked_cause_against_the_given_one(records, doc, question, verdict):
    assert answer_question(question, records[doc]).verdict == verdict


def test_maker_question_about_another_thing_is_not_the_entity_s_maker(records):
    # "hinter dem Werbestopp" asks about the ad stop, not about who makes Quizzo
    a = answer_question("Wer steckt hinter dem Werbestopp von Quizzo?", records["app"])
    assert a.route != "owner", a
