"""Question analysis: kind, places, scope concepts, flags, typo and English handling."""

from __future__ import annotations

import pytest

from nlp_policy.errors import QuestionError
from nlp_policy.qa.question import Vocabulary, analyse, fold, stem, tokenize

# (question, kind, wh, rule, places)
KINDS = [
    ("Gilt das Verbot international?", "yesno", None, "prohibition", ("worldwide",)),
    ("Gilt die Sperre auch in Österreich?", "yesno", None, "prohibition", ("AT",)),
    ("Ist das Verbot auf die Vereinigten Staaten beschränkt?", "yesno", None, "prohibition", ("US",)),
    ("Darf die Polizei in Frankreich Bodycams nutzen?", "yesno", None, None, ("FR",)),
    ("Gibt es eine Ausnahme für Kanada?", "yesno", None, "exception", ("CA",)),
    ("Wer ist die Chefin?", "wh", "who", None, ()),
    ("Wann trat die Regel in Kraft?", "wh", "when", None, ()),
    ("Seit wann gilt die Regel?", "wh", "when", None, ()),
    ("wiso gibt es das verbot", "wh", "why", "prohibition", ()),
    ("Weshalb wurde das korrigiert?", "wh", "why", "update", ()),
    ("Mit welcher Begründung hat der Verband das Verbot verhängt?", "wh", "why", "prohibition", ()),
    ("Welche Gründe nennt die Schule für das Verbot?", "wh", "why", "prohibition", ()),
    ("Welche Firmen werden genannt?", "wh", "which", None, ()),
    ("Wofür wird das Modell genutzt?", "wh", "purpose", None, ()),
    ("In welchen Ländern gilt das Verbot?", "wh", "where", "prohibition", ()),
    ("verbot gesichtserkenung usa", "keyword", None, "prohibition", ("US",)),
    ("Sperre Europa?", "keyword", None, "prohibition", ("EU",)),
    ("Does the ban apply internationally?", "yesno", None, "prohibition", ("worldwide",)),
    ("Who is the spokesperson?", "wh", "who", None, ()),
    ("Was ist vom Verbot ausgenommen?", "wh", "what", "exception", ()),
    ("Ist das in der Europäischen Union verboten?", "yesno", None, "prohibition", ("EU",)),
    ("Gilt das Gesetz in Kalifornien?", "yesno", None, None, ("US-CA",)),
]


@pytest.mark.parametrize("question,kind,wh,rule,places", KINDS)
def test_kind_and_places(question, kind, wh, rule, places):
    q = analyse(question)
    assert (q.kind, q.wh, q.rule) == (kind, wh, rule)
    assert q.places == places


# (question, dimension, concepts)
CONCEPTS = [
    ("Sind Bodycams betroffen?", "devices", ("Körperkamera",)),
    ("Sind Körperkameras betroffen?", "devices", ("Körperkamera",)),
    ("Darf die Polizei Dashcams nutzen?", "devices", ("Dashcam",)),
    ("Dürfen Polizisten Gesichter erkennen lassen?", "technologies", ("Gesichtserkennung",)),
    ("Gilt das für Strafverfolgungsbehörden?", "actors", ("Polizei",)),
    ("Is facial recognition by the police banned?", "actors", ("Polizei",)),
    ("Ist Echtzeit-Gesichtserkennung verboten?", "technologies", ("Echtzeit", "Gesichtserkennung")),
    ("Gilt das Verbot auch im Backoffice?", "environments", ("kontrollierte Umgebung",)),
]


@pytest.mark.parametrize("question,dim,concepts", CONCEPTS)
def test_scope_concepts(question, dim, concepts):
    assert sorted(analyse(question).concepts.get(dim, ())) == sorted(concepts)


# (question, flag)
FLAGS = [
    ("Ist die Nutzung grundsätzlich verboten?", "generality"),
    ("Ist das Verbot auf die USA beschränkt?", "restriction"),
    ("Gilt das Verbot nur in den USA?", "restriction"),
    ("Darf die Polizei das nutzen?", "permission"),
    ("Ist bekannt, ob Axon den Dienst nutzte?", "uncertainty"),
    ("Welche Unternehmen kommen vor?", "list_request"),
    ("Welche Funktion hat Jane Doe?", "identity"),
]


@pytest.mark.parametrize("question,flag", FLAGS)
def test_flags(question, flag):
    assert getattr(analyse(question), flag) is True


@pytest.mark.parametrize(
    "typo,word",
    [("internatinal", "international"), ("Gesichtserkenung", "gesichtserkennung"), ("wiso", "wieso"), ("Polizie", "polizei"), ("Dashcmas", "dashcams")],
)
def test_typos_are_corrected(typo, word):
    q = analyse(f"Gilt das {typo}?", Vocabulary(["gesichtserkennung", "dashcams"]))
    assert any(t == typo and fixed.startswith(word) for t, fixed in q.corrections)


@pytest.mark.parametrize("word", ["kostet", "Kommission", "Bundesregierung", "Preis"])
def test_unrelated_words_are_not_corrected(word):
    q = analyse(f"Was {word} das?", Vocabulary(["kosten", "kontaktiert", "regierungsbehörden", "preise"]))
    assert [t for t, _ in q.corrections if t == word] == []


def test_us_pronoun_is_not_a_place():
    assert analyse("Does this apply to us?").places == ()
    assert analyse("Gilt das für US-Polizisten?").places == ("US",)


def test_compound_with_place_keeps_its_content_word():
    q = analyse("Was sagt die EU-Kommission dazu?")
    assert "EU-Kommission" in [t.text for t in q.terms]


@pytest.mark.parametrize("question", ["", "   ", "\n"])
def test_empty_question_raises(question):
    with pytest.raises(QuestionError):
        analyse(question)


def test_normalisation():
    assert fold("Behörden") == fold("Behoerden") == "behoerden"
    assert stem("kameras") == stem("kamera") == "kamera"
    assert [t.text for t in tokenize("US-Polizei, Körperkameras.")] == ["US-Polizei", "Körperkameras"]
