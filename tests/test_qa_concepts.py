"""Concepts carry a question to the text's own words: an illness to "aus
medizinischen Gründen", "gekauft" to "erworben", English "fireworks" to
"Feuerwerk" (own short German texts, extracted by the offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question

BAD = (
    "Handyverbot im Freibad\n\n"
    "Die Gemeinde Tannau verbietet ab Juni Handys im Freibad. "
    "Wer ein Gerät aus medizinischen Gründen braucht, darf es weiterhin benutzen. "
    "Besucher, die bereits eine Saisonkarte erworben haben, erhalten auf Wunsch ihr Geld zurück. "
    "In der Nacht vor dem Jahreswechsel ist privates Feuerwerk auf dem Gelände verboten.\n"
)


@pytest.fixture(scope="module")
def bad(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("concepts") / "bad.txt"
    path.write_text(BAD, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict, contains",
    [
        ("Darf jemand mit Diabetes sein Handy im Freibad weiter benutzen?", "yes", "medizinischen"),
        ("Bekommen Besucher, die schon eine Saisonkarte gekauft haben, ihr Geld zurück?", "yes", "erworben"),
        ("Are private fireworks allowed on New Year's Eve?", "no", "Feuerwerk"),
    ],
)
def test_a_concept_finds_the_text_s_own_words(bad, question, verdict, contains):
    a = answer_question(question, bad)
    assert a.verdict == verdict, a.answer
    assert contains in a.answer, a.answer
