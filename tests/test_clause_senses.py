"""Clause triggers in a sense that states no rule, or another rule than the word's usual one.

Invented sentences from several domains (sport, city rules, schools, health, finance):
the concept must hold beyond the articles the triggers were grown on.
"""

from __future__ import annotations

import pytest

from nlp_policy.pipeline.clauses.rules import analyse_sentence


def types(text: str) -> list[str]:
    return [d.type for d in analyse_sentence(text, 0, 0)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # blocking a service, a road or a place is a ban; blocking a person's account a sanction
        ("Die Gemeinde hat den Uferweg nach dem Sturm gesperrt.", ["prohibition"]),
        ("Die Sperrung der Brücke dauert bis Freitag.", ["prohibition"]),
        ("Der Verein verhängte eine Sperre des Mitgliedskontos für drei Monate.", ["sanction"]),
        # 'nicht nur' widens a rule, it excepts nothing
        ("Der Engpass betrifft nicht nur Apotheken auf dem Land.", []),
        ("Die Hausordnung gilt nicht nur für Schüler, sondern auch für Gäste.", []),
        ("Die Hausordnung gilt nur für Schüler der Oberstufe.", ["exception"]),
        ("Die Regel betrifft Amateurvereine nicht.", ["exception"]),
        # an 'only' of time is a temporary rule, not a narrowed one
        ("Das Parkverbot am Marktplatz soll nur vorübergehend gelten.", ["prohibition"]),
        ("Die Sperrung des Hallenbads gilt nur befristet.", ["prohibition"]),
        ("Die Maskenpflicht gilt nur in Arztpraxen.", ["exception"]),
        # 'zulassen' of a conclusion is no permission
        ("Die Messwerte lassen keine Rückschlüsse auf einzelne Spieler zu.", []),
        ("Gespeichert werden nur Zahlen, die keine Schlüsse auf Kunden zulassen.", []),
        ("Die Liga will Fünferwechsel künftig wieder zulassen.", ["permission"]),
        # 'angewiesen auf' is depending on something, 'angewiesen' alone an instruction
        ("Viele Kliniken sind auf Spenden aus der Region angewiesen.", []),
        ("Die Kassen wurden angewiesen, die Belege zu prüfen.", ["obligation"]),
        # rejecting a request or an appeal is a ruling, not a ban
        ("Das Landgericht wies die Klage des Fanclubs ab.", []),
        ("Der Eilantrag der Händler wurde abgelehnt.", []),
        # lift verbs of a rule lift only a rule
        ("Die Bank muss die Auszahlung der Boni aussetzen.", ["obligation"]),
        ("Der Sender hat drei Sendungen aus dem Programm gestrichen.", []),
        ("Der Kreis hat das Badeverbot am See ausgesetzt.", ["lifting"]),
        ("Die Schule strich die umstrittene Regel zur Handynutzung.", ["lifting"]),
        ("Die Pflicht zur Anmeldung ruht während der Ferien.", ["lifting"]),
        # a deadline that ends lifts nothing; a ban that ends is lifted
        ("Die Frist für die Bewerbung endete am Montag.", ["obligation"]),
        ("Das Alkoholverbot im Stadtpark endet im Oktober.", ["lifting"]),
        # a deadline as a point in time names no obligation; the rule around it counts
        ("Die Einspruchsfrist ist am Dienstag abgelaufen.", []),
        ("Nach Ablauf der Frist dürfen Vereine keine Spieler mehr melden.", ["prohibition"]),
    ],
)
def test_sense(sentence, expected):
    assert types(sentence) == expected


@pytest.mark.parametrize(
    "text, suspended",
    [
        # the forbidden act: no suspension of the ban
        ("Seit Mai ist es Haltern untersagt, Katzen im Wald auszusetzen.", False),
        # a ban put on hold
        ("Die Stadt hat das Grillverbot im Park bis zum Herbst ausgesetzt.", True),
    ],
)
def test_suspension_cue_skips_the_act_a_rule_is_about(records_of, text, suspended):
    """'auszusetzen' in a rule's action names the act, not a suspension of the rule."""
    record = records_of({"t": text})["t"]
    values = {m.value for c in record.clauses for m in c.modifiers}
    assert ("suspended" in values) is suspended


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # a participle as an attribute names a thing
        ("Wer außerhalb der erlaubten Zonen angelt, zahlt mehr.", []),
        ("Der Zugang zu den beschränkten Bereichen der Halle kostet extra.", []),
        ("Die Mannschaft trainiert auf einem nicht genehmigten Platz.", []),
        # a finite verb after its subject states the rule
        ("Die Trainer erlaubten Zuschauern den Zutritt zum Training.", ["permission"]),
        ("Die Aufsicht hat den Handel mit Derivaten beschränkt.", ["restriction"]),
    ],
)
def test_attributive_participle_states_no_rule(sentence, expected):
    assert types(sentence) == expected
