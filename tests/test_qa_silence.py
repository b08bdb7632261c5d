"""When the text is silent: a question whose main verb (or a synonym of it) the
text never uses is refused; a verb the text uses split ("gab ... bekannt") or a
verb that only says a rule was made ("erlassen") is no reason to refuse (own
short German texts, extracted by the offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import lexicon, tokenize

REFUSAL = "Dazu enthält der Text keine Angabe."

BAD = (
    "Hallenbad Lindau schließt Sprungturm\n\n"
    "Die Stadt Lindau verbietet ab Montag das Springen vom Sprungturm im Hallenbad. "
    "Die Stadt gab das Verbot am Freitag nach einer Prüfung der Statik bekannt. "
    "Schwimmkurse für Kinder finden weiterhin statt. "
    "Wer trotzdem springt, muss das Bad verlassen.\n"
)


@pytest.fixture(scope="module")
def bad(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("silence") / "bad.txt"
    path.write_text(BAD, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, refused, contains",
    [
        # the announcing verb is used split around its objects: answered
        ("Wann wurde das Verbot bekanntgegeben?", False, "Freitag"),
        # a verb that only says the rule was made: the clause's issuer answers
        ("Wer hat das Verbot erlassen?", False, "Stadt"),
        # a concept verb of which the text has no form at all: silent
        ("Welcher Bademeister hat das Verbot öffentlich kritisiert?", True, ""),
        # a split verb of which the text has neither form nor synonym: silent
        ("Welche Firma stellt den Sprungturm her?", True, ""),
    ],
)
def test_silence_is_refused_and_paraphrase_is_not(bad, question, refused, contains):
    a = answer_question(question, bad)
    assert (a.answer == REFUSAL) is refused, a.answer
    assert contains in a.answer


@pytest.mark.parametrize(
    "sentence, concept, found",
    [
        ("Die Behörde gab das Ergebnis am Dienstag bekannt.", "mitteilen", True),
        ("Die Firma teilte den Kunden die neuen Preise mit.", "mitteilen", True),
        ("Die Behörde gab am Dienstag ein bekanntes Ergebnis heraus.", "mitteilen", False),
        ("Gab es Einwände? Bekannt ist nichts.", "mitteilen", False),
    ],
)
def test_a_split_verb_names_its_concept(sentence, concept, found):
    assert (concept in lexicon().concepts_in(tokenize(sentence))) is found


FRIST = (
    "Neue Regeln für Lieferwagen\n\n"
    "Der Stadtrat von Ornach beschloss das Fahrverbot für Lieferwagen in der Altstadt am Dienstag. "
    "Ab dem 1. Juli 2025 gilt das Fahrverbot dann in der ganzen Altstadt. "
    "Im Mai 2024 stellten die ersten Händler der Altstadt ihre Lieferungen auf Lastenräder um. "
    "Alle Händler müssen bis Ende 2026 umstellen.\n"
)


@pytest.fixture(scope="module")
def frist(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("frist") / "frist.txt"
    path.write_text(FRIST, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, contains, lacks",
    [
        # the question's relation (from, since, until) picks the time that states it
        ("Ab wann gilt das Fahrverbot für Lieferwagen in der Altstadt?", "1. Juli 2025", "Dienstag"),
        ("Bis wann müssen die Händler der Altstadt ihre Lieferungen auf Lastenräder umstellen?", "Ende 2026", "Mai 2024"),
    ],
)
def test_a_date_question_takes_the_time_of_its_relation(frist, question, contains, lacks):
    a = answer_question(question, frist)
    assert contains in a.answer and lacks not in a.answer, a.answer


@pytest.mark.parametrize(
    "text, relation",
    [("ab dem 1. Mai", "start"), ("Seit 2020", "since"), ("bis Ende Juni", "end"), ("am Montag", None)],
)
def test_a_time_expression_states_its_relation(text, relation):
    from nlp_policy.qa.evidence import time_relation_of

    assert time_relation_of(text) == relation


KLINIK = (
    "Bußgeld für Klinikbetreiber\n\n"
    "Die Aufsicht hat der Firma Medora ein Bußgeld von 40.000 Euro auferlegt. "
    "Medora mit Sitz in Kassel muss außerdem alle Patientendaten bis Ende März verschlüsseln. "
    "Offen bleibt, ob auch andere Kliniken des Landes geprüft werden.\n"
)


@pytest.fixture(scope="module")
def klinik(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("klinik") / "klinik.txt"
    path.write_text(KLINIK, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict, contains",
    [
        # "Offen bleibt, ob ..." leaves the question open
        ("Werden auch andere Kliniken geprüft?", "unclear", "Offen bleibt"),
        # "wieviel" written as one word asks for an amount
        ("wieviel bußgeld muss medora zahlen", None, "40.000 Euro"),
        # a verb that only shapes a where-question ("sitzt") need not be in the text
        ("Wo sitzt Medora?", None, "Kassel"),
        # a verb that only says a rule is to be kept ("erfüllen") need not be in the text
        ("Welche Pflichten muss Medora erfüllen?", None, "verschlüsseln"),
    ],
)
def test_question_words_of_everyday_german(klinik, question, verdict, contains):
    a = answer_question(question, klinik)
    assert a.verdict == verdict, a.answer
    assert contains in a.answer, a.answer
