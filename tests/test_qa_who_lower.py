"""Who-questions whose agent the text names in another way, court questions, counted
nouns, and questions typed all in lower case (own invented German texts, extracted by
the offline pipeline):

- "Das Board ..., kritisierte aber ...": a definite common-noun subject, named in full
  (also as the last word of a name of several words) in the sentence before;
- "Wer hat X damals verkündet?": the agent of the question's own verb, not the issuer;
- "Das Gericht der Hansestadt ...": a court named by what follows the bare noun;
- a light verb of a noun-verb phrase ("Beschwerde eingelegt") read by its noun;
- "X endet schon im Mai. Das gab Y bekannt.": the next sentence that takes up the event;
- "Wie viele Nutzer ...?" counted as "Menschen", "Mitarbeiter" as "Beschäftigte";
- a question typed in lower case recased from the document's nouns (question.py);
- stem() keeps "-ern" nouns apart from their shorter neighbours.
"""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import Vocabulary, analyse, stem

BOARD = (
    "Streit um Sperre im Kanuclub Wellental\n\n"
    "Der Kanuclub Wellental hat einem Mitglied für unbestimmte Zeit den Zugang zum Bootshaus gesperrt. "
    "Im April legte der Club den Streit dem Schlichtungs Board vor, einem vom Landesverband getragenen Gremium. "
    "Das Board hielt das Hausverbot grundsätzlich für zulässig, kritisierte jedoch seine unklare Länge. "
    "Der Club will nun eine Frist von sechs Monaten festlegen.\n"
)

SMOKE = (
    "Sportverein Falkenau hebt Rauchverbot auf\n\n"
    "Der Sportverein Falkenau erlaubt das Rauchen auf der Terrasse seines Vereinsheims wieder. "
    "Damit endet eine Regel, die der frühere Vorsitzende Bernd Kalweit im Frühjahr 2018 verkündet hatte. "
    "Der Verein hatte das Rauchverbot auf dem ganzen Gelände erlassen.\n"
)

FERRY = (
    "Anlegeverbot für Ausflugsschiffe bleibt\n\n"
    "Die Reederei Nordlicht ist mit ihrer Klage gegen das Anlegeverbot im Stadthafen gescheitert. "
    "Das Gericht der Hansestadt in Wismar entschied am Dienstag zugunsten der Hafenbehörde. "
    "Die Reederei prüft nun weitere Schritte.\n"
)

ROWING = (
    "Ruderverein bleibt von Regatta ausgeschlossen\n\n"
    "Der Landesruderverband hatte den Ruderverein Weißensee im Mai von der Herbstregatta ausgeschlossen. "
    "Das Schiedsgericht des Verbands wies die Beschwerde des Rudervereins Weißensee gegen den Ausschluss nun zurück. "
    "Die Normenkontrolle gegen die neue Hafensatzung hatten 40 Landtagsabgeordnete der Opposition angestrengt.\n"
)

CURFEW = (
    "Sperrstunde in Altstadt fällt früher\n\n"
    "Die Sperrstunde für Kneipen in der Altstadt von Gernsheim endet schon im Mai statt im Herbst. "
    "Das gab Ordnungsdezernentin Mara Voss am Montag im Rathaus bekannt. "
    "Die Wirte begrüßten die Entscheidung.\n"
)

APP = (
    "Behörde verbannt Lern-App von Dienstgeräten\n\n"
    "Das Landesamt für Statistik hat seinen rund 800 Beschäftigten untersagt, die Lern-App Quizly auf Dienstgeräten zu nutzen. "
    "Die App erreicht in Österreich nach eigenen Angaben 2 Millionen Menschen. "
    "Auch Patienten der Klinik Tiefenbach nutzen die App in Wartezimmern. "
    "Im Mai wurden in der Klinik Tiefenbach 12 Betten gesperrt.\n"
)


@pytest.fixture(scope="module")
def recs(records_of):
    return records_of({"board": BOARD, "smoke": SMOKE, "ferry": FERRY, "rowing": ROWING, "curfew": CURFEW, "app": APP})


@pytest.mark.parametrize(
    "doc, question, contains",
    [
        ("board", "Wer hat die unklare Länge des Hausverbots kritisiert?", "Schlichtungs Board"),
        ("smoke", "Wer hatte das Rauchverbot damals verkündet?", "Kalweit"),
        ("ferry", "Welches Gericht hat über die Klage der Reederei entschieden?", "Gericht der Hansestadt"),
        ("rowing", "Wer hatte gegen den Ausschluss Beschwerde eingelegt?", "Rudervereins Weißensee"),
        ("rowing", "Wer hat die Normenkontrolle angestoßen?", "Landtagsabgeordnete"),
        ("curfew", "Wer hat das Ende der Sperrstunde verkündet?", "Voss"),
    ],
)
def test_who_and_court_questions_find_the_agent(recs, doc, question, contains):
    a = answer_question(question, recs[doc])
    assert a.verdict is None, a.answer
    assert contains in a.answer, a.answer


@pytest.mark.parametrize(
    "question, contains",
    [
        ("Wie viele Mitarbeiter betrifft das Verbot der Lern-App?", "800"),
        ("Wie viele Nutzer hat die App in Österreich?", "2 Millionen"),
        ("wie viele nutzer hat die app in österreich", "2 Millionen"),
    ],
)
def test_a_count_of_a_synonym_or_of_people_answers(recs, question, contains):
    a = answer_question(question, recs["app"])
    assert contains in a.answer, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "Wie viele Patienten wurden in der Klinik Tiefenbach behandelt?",
        "wie viele patienten wurden in der klinik tiefenbach behandelt?",
    ],
)
def test_a_count_of_something_else_is_no_answer_also_in_lower_case(recs, question):
    a = answer_question(question, recs["app"])
    assert a.verdict == "unknown", a.answer


def test_a_lower_case_question_is_recased_from_the_document_s_nouns():
    vocab = Vocabulary({"vertrag", "unterschrieben", "gemeinde"}, {"vertrag", "gemeinde"})
    q = analyse("wer hat den vertrag unterschrieben", vocab)
    assert q.typed_lower
    terms = {t.text: t.weight for t in q.terms}
    assert terms == {"Vertrag": 2.0, "unterschrieben": 1.0}
    plain = analyse("wer hat den vertrag unterschrieben", vocab, recase=False)
    assert {t.text: t.weight for t in plain.terms} == {"vertrag": 1.0, "unterschrieben": 1.0}


def test_a_cased_question_is_not_recased():
    vocab = Vocabulary({"vertrag"}, {"vertrag"})
    q = analyse("Wer hat den Vertrag unterschrieben?", vocab)
    assert not q.typed_lower


@pytest.mark.parametrize(
    "a, b",
    [("besuchern", "besucher"), ("kindern", "kinder"), ("konzerne", "konzern")],
)
def test_stem_keeps_ern_nouns_together(a, b):
    assert stem(a, noun=True)[:6] == stem(b, noun=True)[:6]
    assert stem("konzern", noun=True) != "konz"
