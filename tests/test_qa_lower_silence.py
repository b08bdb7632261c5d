"""Refusals for questions typed all in lower case (own invented German texts, extracted
by the offline pipeline).

A lower-case question is recased from the document's nouns (qa/question.py), so a word
the document lacks stays in lower case and is neither a name nor a noun to the analysis:

- its main verbs are required as in a cased question ("wann hat ... unterzeichnet"),
  except words that read as nouns or adverbs in lower case (after an article or a
  preposition, with a noun ending, sentence adverbs, split-verb particles) and spoken
  verbs ("rausgeworfen");
- "wie viele X" counts X even when the recasing left it in lower case;
- a verb of a cost pair ("muss ... zahlen") asks for a cost and is not required.
"""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question

POOL = (
    "Freibad Lindenhain schließt Sprungturm\n\n"
    "Die Gemeinde Lindenhain hat den Sprungturm im Freibad ab dem 3. Juni für Badegäste gesperrt. "
    "Bürgermeisterin Jana Roloff begründete die Sperre mit Rissen im Beton der oberen Plattform. "
    "Der Turm bleibt bis zum Ende der Saison geschlossen. "
    "Im vergangenen Jahr kamen rund 41.000 Besucher in das Freibad. "
    "Wer die Absperrung trotzdem übersteigt, muss ein Bußgeld von 150 Euro zahlen.\n"
)

MARKET = (
    "Stadt verbietet Laubbläser auf dem Wochenmarkt\n\n"
    "Die Stadt Oberkamp untersagt den Händlern des Wochenmarkts ab Oktober den Einsatz von Laubbläsern. "
    "Das Ordnungsamt hatte sich über Lärm und Staub beschwert. "
    "Die Händler müssen den Platz künftig mit Besen reinigen. "
    "Nach Angaben der Stadt haben 63 Händler einen Stand auf dem Markt.\n"
)


@pytest.fixture(scope="module")
def recs(records_of):
    return records_of({"pool": POOL, "market": MARKET})


@pytest.mark.parametrize(
    "doc, question",
    [
        # a main verb the text never uses
        ("pool", "wann hat die gemeinde den vertrag unterzeichnet"),
        ("market", "wer hat gegen das verbot geklagt"),
        # a counted noun the text never counts
        ("pool", "wie viele rettungsschwimmer arbeiten im freibad"),
        ("market", "wie viele kunden besuchen den wochenmarkt pro woche"),
    ],
)
def test_a_lower_case_question_about_what_the_text_lacks_is_refused(recs, doc, question):
    a = answer_question(question, recs[doc])
    assert a.verdict in ("unknown", "unclear"), a.answer


@pytest.mark.parametrize(
    "doc, question, contains",
    [
        # counted nouns the text counts
        ("pool", "wie viele besucher kamen ins freibad", "41.000"),
        ("market", "wie viele händler haben einen stand", "63"),
        # a verb of a cost pair: 'zahlen' asks for the fine
        ("pool", "wieviel bussgeld muss man zahlen", "150 Euro"),
        # a sentence adverb closes the question, it is no verb (which date answers is
        # another matter: only the refusal is tested)
        ("pool", "bis wann bleibt der turm erstmal geschlossen", None),
    ],
)
def test_a_lower_case_question_the_text_answers_is_answered(recs, doc, question, contains):
    a = answer_question(question, recs[doc])
    assert a.verdict not in ("unknown", "unclear"), a.answer
    assert contains is None or contains in a.answer, a.answer


@pytest.mark.parametrize(
    "doc, cased, lower",
    [
        ("pool", "Wann hat die Gemeinde den Vertrag unterzeichnet?", "wann hat die gemeinde den vertrag unterzeichnet"),
        ("market", "Wie viele Händler haben einen Stand?", "wie viele händler haben einen stand"),
    ],
)
def test_lower_case_refuses_where_the_cased_question_does(recs, doc, cased, lower):
    a, b = answer_question(cased, recs[doc]), answer_question(lower, recs[doc])
    assert (a.verdict in ("unknown", "unclear")) == (b.verdict in ("unknown", "unclear")), (a.answer, b.answer)


def test_lower_verb_reading():
    """Which lower-case words of a question typed in lower case read as its verb."""
    from nlp_policy.qa.evidence import _lower_verb
    from nlp_policy.qa.question import Vocabulary, analyse, lexicon

    q = analyse("bis wann legt die stadt das ans herz erstmal", Vocabulary())
    by_text = {t.text: t for t in q.terms}
    lex = lexicon()
    assert not _lower_verb(q, by_text["herz"], lex)  # after a contracted preposition: a noun
    assert not _lower_verb(q, by_text["erstmal"], lex)  # a sentence adverb
    q2 = analyse("wann hat die stadt den plan unterzeichnet", Vocabulary())
    t2 = {t.text: t for t in q2.terms}
    assert _lower_verb(q2, t2["unterzeichnet"], lex)
    q3 = analyse("wie viele songs hat der dienst rausgeworfen", Vocabulary())
    t3 = {t.text: t for t in q3.terms}
    assert not _lower_verb(q3, t3["rausgeworfen"], lex)  # a spoken verb
