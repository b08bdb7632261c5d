"""Sentence segmentation: abbreviations, ordinals, headlines, noisy joins."""

from __future__ import annotations

import pytest


def sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Das gilt z. B. für Kameras. Es ist neu.", ["Das gilt z. B. für Kameras.", "Es ist neu."]),
        ("Dr. Meier sagte das. Danach ging er.", ["Dr. Meier sagte das.", "Danach ging er."]),
        ("Am 20. März trat es in Kraft. Dann kam mehr.", ["Am 20. März trat es in Kraft.", "Dann kam mehr."]),
        ("Es gilt u. a. für Behörden bzw. Polizei. Nr. 5 folgt.", ["Es gilt u. a. für Behörden bzw. Polizei.", "Nr. 5 folgt."]),
        ("Rund ca. 20 Firmen sind betroffen. Mehr nicht.", ["Rund ca. 20 Firmen sind betroffen.", "Mehr nicht."]),
        ("Ist das erlaubt? Nein! Es ist verboten.", ["Ist das erlaubt?", "Nein!", "Es ist verboten."]),
        ("Er sagte: „Das ist verboten.“ Dann ging er.", ["Er sagte: „Das ist verboten.“", "Dann ging er."]),
        ("Behörde verbietet Kameras\n\nDie Behörde hat am Montag entschieden.", ["Behörde verbietet Kameras", "Die Behörde hat am Montag entschieden."]),
        ("Das Gesetz gilt seit dem 14.05.2019 in Bayern. Es wurde geändert.", ["Das Gesetz gilt seit dem 14.05.2019 in Bayern.", "Es wurde geändert."]),
        ("Es ist verboten.Die Polizei reagierte.", ["Es ist verboten.", "Die Polizei reagierte."]),
        # an ordinal after an article is inside the sentence; a year at the end is not an ordinal
        ("Der 1. Senat des Gerichts erklärte das Verbot für unwirksam. Die Stadt prüft.", ["Der 1. Senat des Gerichts erklärte das Verbot für unwirksam.", "Die Stadt prüft."]),
        ("Die 2. Kammer entschied am 3. Mai. Der 12. Senat folgte.", ["Die 2. Kammer entschied am 3. Mai.", "Der 12. Senat folgte."]),
        ("Das gilt seit 2020. Die Stadt hat reagiert.", ["Das gilt seit 2020.", "Die Stadt hat reagiert."]),
        ("Er wurde Dritter im Jahr 2019. Danach trat er zurück.", ["Er wurde Dritter im Jahr 2019.", "Danach trat er zurück."]),
    ],
)
def test_sentence_boundaries(nlp, text, expected):
    assert sents(nlp, text) == expected


def test_headline_line_ends_sentence(nlp):
    text = "Stadt verbietet Drohnen\nDie Stadt hat am Montag ein Verbot beschlossen, das ab sofort gilt und lange diskutiert wurde."
    assert sents(nlp, text)[0] == "Stadt verbietet Drohnen"


def test_hard_wrapped_paragraph_is_not_cut_at_line_ends(nlp):
    text = (
        "Die Behörde hat am Montag ein umfassendes Verbot der Gesichtserkennung\n"
        "beschlossen, das für alle Polizeibehörden des Landes gilt und sofort\n"
        "wirksam wird, wie eine Sprecherin sagte.\n"
    )
    assert len(sents(nlp, text)) == 1


def test_noisy_join_is_split_without_changing_the_text(nlp):
    text = "In einem BlogeintragAnna Berger, Sprecherin der Firma, sagte das."
    doc = nlp(text)
    assert doc.text == text
    assert "Anna" in [t.text for t in doc]
    assert "Blogeintrag" in [t.text for t in doc]


def test_protected_camelcase_names_stay_whole(nlp):
    doc = nlp("Das Unternehmen verbietet PowerPoint und WhatsApp auf Diensthandys.")
    assert {"PowerPoint", "WhatsApp"} <= {t.text for t in doc}
