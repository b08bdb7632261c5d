"""Question kinds that reporting phrases in many ways: open questions told as an
indirect question ("Ob ..., ließ die Behörde offen."), consequences of a repeated
offence or of losing a licence, why-questions asked with "Mit welcher Begründung",
and German questions that hold English-looking words ("was", "an"). Own invented
texts, extracted by the offline pipeline."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import analyse

REFUSAL = "Dazu enthält der Text keine Angabe."

MARKET = (
    "Landkreis verbietet Laubbläser an Sonntagen\n\n"
    "Der Landkreis Birkenfeld hat den Einsatz von Laubbläsern an Sonn- und Feiertagen untersagt. "
    "Zur Begründung verwies Landrätin Petra Wolters auf die vielen Lärmbeschwerden aus den Wohngebieten. "
    "Bei einem Verstoß droht ein Bußgeld von bis zu 500 Euro. "
    "Gartenbaubetriebe, die mehrfach gegen die Regel verstoßen, können ihre Zulassung für sechs Monate verlieren. "
    "Ob die Regel auch für Akku-Geräte gilt, ließ die Behörde unbeantwortet. "
    "Gemeinden können eigene Ausnahmen für den Winterdienst beschließen.\n"
)


@pytest.fixture(scope="module")
def record(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("unseen_kinds") / "market.txt"
    path.write_text(MARKET, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, needle",
    [
        ("Was passiert Betrieben, die öfter gegen das Verbot verstoßen?", "Zulassung"),  # repeat offence
        ("Mit welcher Begründung hat der Landkreis die Laubbläser verboten?", "Lärmbeschwerden"),
        ("Wie teuer wird ein Verstoß?", "500 Euro"),
        # a follow-up question typed after the first: "Kriege" is no noun (war), the first question is answered
        ("Was passiert Betrieben, die mehrfach gegen die Regel verstoßen? Kriegen sie ihre Zulassung zurück?", "Zulassung"),
    ],
)
def test_answer_names_the_fact(record, question, needle):
    a = answer_question(question, record)
    assert needle in a.answer, (a.route, a.answer)


def test_open_question_told_as_indirect_question(record):
    a = answer_question("Gilt das Verbot auch für Akku-Geräte?", record)
    assert a.verdict == "unclear", (a.route, a.answer)
    assert "unbeantwortet" in a.answer


@pytest.mark.parametrize(
    "question, kind, wh",
    [
        ("Was kostet es, wenn man sich nicht an das Verbot hält?", "wh", "what"),  # German 'was' and 'an'
        ("Was ist an der neuen Regel anders?", "wh", "what"),
        ("Was the ban lifted?", "yesno", None),  # 'the' is no German word
    ],
)
def test_english_markers_that_are_german_words(question, kind, wh):
    q = analyse(question)
    assert (q.kind, q.wh) == (kind, wh)


def test_a_follow_up_question_adds_no_anchors():
    q = analyse("Was passiert, wenn ich den Ausweis vergesse? Kriege ich ihn zurück?")
    assert [t.text for t in q.terms if t.text == "Kriege"] == []
    assert q.text.endswith("zurück?")  # the question is kept whole


@pytest.mark.parametrize("name", ["H&M", "AT&T", "B&B"])
def test_names_joined_by_ampersand_are_one_word(name):
    from nlp_policy.qa.question import tokenize

    assert [t.text for t in tokenize(f"Warum muss {name} zahlen?")] == ["Warum", "muss", name, "zahlen"]
    assert [t.text for t in tokenize("Procter & Gamble")] == ["Procter", "Gamble"]  # spaced: two words


CONCERT = (
    "Veranstalter verbietet Fahnen im Stadion\n\n"
    "Der Veranstalter hat das Zeigen von Fahnen bei dem Konzert untersagt. "
    "Gezeigt wurde eine Fahne am Samstag trotzdem – allerdings nicht vor der Bühne. "
    "Die Sängerin Mara Lindqvist schwenkte sie während der Zugabe auf der Tribüne.\n"
)


def test_yes_to_did_anyone_names_who(nlp, tmp_path):
    from nlp_policy.extraction.document import extract

    path = tmp_path / "concert.txt"
    path.write_text(CONCERT, encoding="utf-8")
    a = answer_question("Hat trotzdem jemand eine Fahne gezeigt?", extract(path, nlp=nlp))
    assert a.verdict == "yes", (a.route, a.answer)
    assert "Mara Lindqvist" in a.answer, a.answer
