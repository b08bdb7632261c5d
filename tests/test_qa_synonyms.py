"""The synonym lexicon (nlp_policy/data/synonyms.json) as a general lexicon of German
policy reporting: every group is well formed, and a question put in other words than
the text still finds the text's sentence (own short German texts, extracted by the
offline pipeline; each question below matches its sentence only through a concept group)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import lexicon, stem_word, tokenize
from nlp_policy.resources import load_json

DIMS = {"actors", "technologies", "devices", "environments", "term"}
SYN = load_json("synonyms.json")
GROUPS = SYN["groups"]


def _variant(term: str) -> tuple[str, ...]:
    return tuple(stem_word(p) for p in re.split(r"[\s-]+", term) if p)


# -- well-formedness -------------------------------------------------------------


@pytest.mark.parametrize("group", GROUPS, ids=[g["canonical"] for g in GROUPS])
def test_every_group_is_well_formed(group):
    assert set(group) <= {"canonical", "dim", "modifier", "terms"}, group
    assert group["dim"] in DIMS
    assert isinstance(group.get("modifier", False), bool)
    assert group["terms"] and all(isinstance(t, str) and t.strip() == t and t for t in group["terms"])
    assert group["canonical"] in group["terms"]
    assert len(group["terms"]) == len(set(group["terms"])), "a term is listed twice"


def test_canonical_names_are_unique():
    names = [g["canonical"] for g in GROUPS]
    assert len(names) == len(set(names))


def test_no_spelling_belongs_to_two_scope_dimensions():
    """A word of two groups with different dimensions would put one clause into two
    scope fields ('kontrolliert' is a controlled environment, not a check)."""
    dims = defaultdict(set)
    for g in GROUPS:
        for t in (*g["terms"], g["canonical"]):
            dims[_variant(t)].add(g["dim"])
    assert not {v: d for v, d in dims.items() if len(d) > 1}


def test_broader_names_known_concepts():
    names = {g["canonical"] for g in GROUPS}
    for narrow, wider in SYN["broader"].items():
        assert narrow in names and set(wider) <= names, narrow


@pytest.mark.parametrize(
    "word, concept",
    [
        ("veräußert", "verkaufen"),
        ("startet", "beginnen"),  # "Wann startet X?" and "wo X Ende April beginnt"
        ("mehrfach", "wiederholt"),  # a repeat offence
        ("vermarktet", "verkaufen"),
        ("getilgt", "löschen"),
        ("aufgezeichnet", "sammeln"),
        ("benachrichtigt", "informieren"),
        ("stillgelegt", "abschalten"),
        ("Deckel", "Obergrenze"),
        ("Stichtag", "Frist"),
        ("befristet", "vorübergehend"),
        ("unbefristet", "dauerhaft"),
        ("Schulkinder", "Schüler"),
        ("Anlieger", "Anwohner"),
        ("Lastkraftwagen", "Lkw"),
        ("Stadtzentrum", "Innenstadt"),
        ("Klinikum", "Krankenhaus"),
        ("Geldsumme", "Geld"),
        ("Kennwort", "Passwort"),
        ("residents", "Anwohner"),
    ],
)
def test_a_word_is_a_spelling_of_its_concept(word, concept):
    assert lexicon().exact_concept(tokenize(word)[0]) == concept


@pytest.mark.parametrize(
    "first, second",
    [
        ("Verbot", "Einschränkung"),  # banned is not restricted
        ("verlangen", "erlauben"),  # a duty is not a permission
        ("sammeln", "löschen"),  # collecting data is not deleting it
        ("vorübergehend", "dauerhaft"),
        ("erhöhen", "senken"),
        ("Schüler", "Lehrkräfte"),
    ],
)
def test_opposed_concepts_share_no_spelling(first, second):
    by_name = {g["canonical"]: g for g in GROUPS}
    a = {_variant(t) for t in by_name[first]["terms"]} if first in by_name else set()
    b = {_variant(t) for t in by_name[second]["terms"]} if second in by_name else set()
    assert not a & b


@pytest.mark.parametrize(
    "word, concept",
    [
        ("benachteiligt", "nächtlich"),  # 'nacht' inside 'benachteiligt'
        ("Bewerbung", "Werbung"),
        ("Datenübermittlung", "Ermittlungen"),
        ("Telekommunikation", "Stadt"),
        ("Integration", "kostenlos"),
        ("Beförderung", "Zuschuss"),
        ("älteren", "Erziehungsberechtigte"),
        ("selbstlernende", "Schüler"),
        ("Shutterstock", "Aktie"),
        ("Anfangsstadium", "Stadion"),
        ("eingerichtet", "Gericht"),
    ],
)
def test_a_word_does_not_carry_a_concept_hidden_inside_it(word, concept):
    assert concept not in lexicon().concepts_in(tokenize(word))


@pytest.mark.parametrize("word", ["lange", "zeigt", "weit", "Beitrag", "angeben", "Schule", "umsetzen", "bauen", "Stunden", "Kürze", "überwiegend", "verzichten"])
def test_a_common_word_is_not_corrected_into_a_lexicon_word(word):
    """Every word of the lexicon is a target of the question's typo correction: a common
    word must not be turned into another concept's spelling ('lange' into 'lane')."""
    from nlp_policy.qa.question import _correct, _lexicon_vocabulary

    vocab = _lexicon_vocabulary()
    _, fixes = _correct(tokenize(word), vocab.known, vocab.by_initial)
    assert not fixes or fixes[0][1] in {"verzichtet"}, fixes


# -- questions in other words ----------------------------------------------------------

TEXTS = {
    "daten": (
        "Stadt Fehrbach stoppt Datenhandel\n\n"
        "Die Stadtverwaltung von Fehrbach hat der Firma Ortomat untersagt, Bewegungsdaten ihrer App-Nutzer zu veräußern. "
        "Nach Angaben der Aufsichtsbehörde hatte das Unternehmen die Daten jahrelang an Werbefirmen vermarktet. "
        "Die Daten müssen bis Ende März vernichtet werden. "
        "Der Dienst wurde im Januar vom Netz genommen. "
        "Verbraucherschützer bemängelten, die Strafe sei zu niedrig.\n"
    ),
    "verkehr": (
        "Lindenau sperrt Altstadt für Lastwagen\n\n"
        "Die Stadtverwaltung von Lindenau hat ein Durchfahrtsverbot für Lastkraftwagen im Stadtzentrum erlassen. "
        "Die Regelung gilt befristet bis Ende Oktober. "
        "Anlieger dürfen weiterhin mit dem Pkw zu ihren Häusern fahren. "
        "Wer gegen das Verbot verstößt, muss ein Entgelt von 80 Euro entrichten.\n"
    ),
    "schule": (
        "Schulamt untersagt Smartwatches im Unterricht\n\n"
        "Das Schulamt des Kreises Wellheim hat Smartwatches während der Unterrichtsstunden untersagt. "
        "Gegen die Anordnung hat ein Elternteil Widerspruch eingelegt; das Verwaltungsgericht will im Mai entscheiden. "
        "Erziehungsberechtigte wurden per Brief benachrichtigt. "
        "Mediziner warnten dagegen vor den Folgen für chronisch kranke Kinder.\n"
    ),
    "klinik": (
        "Klinikverbund Saalweiler legt Verbrennungsanlage still\n\n"
        "Der Klinikverbund Saalweiler hat seine Müllverbrennungsanlage im April stillgelegt. "
        "Die Anlage hatte den zulässigen Grenzwert für Feinstaub mehrfach überschritten.\n"
    ),
}


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(TEXTS)


@pytest.mark.parametrize(
    "doc, question, verdict, contains",
    [
        ("daten", "Wurden die Daten verkauft?", "yes", "vermarktet"),  # verkaufen ~ vermarkten
        ("daten", "Wann wurde der Dienst abgeschaltet?", None, "vom Netz genommen"),  # abschalten
        ("daten", "Wer kritisiert die Strafe?", None, "bemängelten"),  # kritisieren ~ bemängeln
        ("verkehr", "Gilt das Verbot für Lkw in der Innenstadt?", "yes", "Lastkraftwagen"),  # Lkw, Innenstadt
        ("verkehr", "Gilt das Verbot vorübergehend?", "yes", "befristet"),  # vorübergehend ~ befristet
        ("verkehr", "Dürfen Anwohner mit dem Auto zu ihren Häusern fahren?", "yes", "Anlieger"),  # Anwohner, Auto ~ Pkw
        ("verkehr", "Wie viel muss man bei einem Verstoß bezahlen?", None, "80 Euro"),  # bezahlen ~ entrichten
        ("schule", "Wurden die Sorgeberechtigten informiert?", "yes", "benachrichtigt"),  # Erziehungsberechtigte, informieren
        ("schule", "Wovor warnen Ärzte?", None, "Mediziner"),  # Ärzte ~ Mediziner
        ("klinik", "Wann wurde die Anlage abgeschaltet?", None, "stillgelegt"),  # abschalten ~ stilllegen
    ],
)
def test_a_question_in_other_words_finds_the_sentence(records, doc, question, verdict, contains):
    a = answer_question(question, records[doc])
    if verdict is not None:
        assert a.verdict == verdict, a.answer
    assert contains in a.answer, a.answer
