"""Entities on text the project's own corpus does not hold: general classes of names
(foreign names, inflected names, names after prepositions, products with digits, people
introduced by role, agencies and courts, media, laws, places) in German sentences written
for these tests. Every expected mention gives its label, text and character offsets, and
the offsets must slice the sentence back to the text."""

from __future__ import annotations

import pytest

from nlp_policy.pipeline import extensions as ext

# (sentence, [(label, text, start, end)]): each mention must be found exactly so
FOUND = [
    ('Die italienische Garante per la protezione dei dati personali hat den Dienst gesperrt.',
     [('ORG', 'Garante per la protezione dei dati personali', 17, 61)]),
    ('Auch die Bank of England warnte vor den Risiken.',
     [('ORG', 'Bank of England', 9, 24)]),
    ('Nach einem Bericht von The Guardian prüft die Behörde den Fall.',
     [('ORG', 'The Guardian', 23, 35)]),
    ('Die Organisation „Fair Tech Alliance“ forderte ein Verbot.',
     [('ORG', 'Fair Tech Alliance', 18, 36)]),
    ('Die Kritik des Digital Rights Watch blieb ungehört.',
     [('ORG', 'Digital Rights Watch', 15, 35)]),
    ('Zuvor hatte Autoriteit Consument en Markt die Regeln verschärft.',
     [('ORG', 'Autoriteit Consument', 12, 32)]),
    ('Ein Sprecher des Bundeskartellamts bestätigte den Bescheid.',
     [('ORG', 'Bundeskartellamts', 17, 34)]),
    ('Die Anordnung der Niedersächsischen Landesbeauftragten für den Datenschutz ist bestandskräftig.',
     [('ORG', 'Niedersächsischen Landesbeauftragten für den Datenschutz', 18, 74)]),
    ('Der Kölner Stadtrat beschloss die Regel einstimmig.',
     [('ORG', 'Kölner Stadtrat', 4, 19)]),
    ('Im Streit mit dem Nationalen Cybersicherheitsrat lenkte der Konzern ein.',
     [('ORG', 'Nationalen Cybersicherheitsrat', 18, 48)]),
    ('Das Start-up aus Wien expandiert nach Graz.',
     [('LOC', 'Wien', 17, 21), ('LOC', 'Graz', 38, 42)]),
    ('Die Wahl in New Mexico verlief ruhig.',
     [('LOC', 'New Mexico', 12, 22)]),
    ('Apple stellte am Dienstag das iPhone 15 vor.',
     [('ORG', 'Apple', 0, 5), ('PRODUCT', 'iPhone 15', 30, 39)]),
    ('Die Schulen dürfen Office 365 nicht mehr einsetzen.',
     [('PRODUCT', 'Office 365', 19, 29)]),
    ('Der Konzern bietet nun ChatGPT Enterprise für Firmenkunden an.',
     [('PRODUCT', 'ChatGPT Enterprise', 23, 41)]),
    ('Die Stadt testet die Software „Visiqo 360“ an Bahnhöfen.',
     [('PRODUCT', 'Visiqo 360', 31, 41)]),
    ('Die Plattform Booking.com muss ihre Klauseln ändern.',
     [('PRODUCT', 'Booking.com', 14, 25)]),
    ('Auch Perplexity.AI sperrte den Zugang.',
     [('ORG', 'Perplexity.AI', 5, 18)]),
    ('Die Verwaltung setzt den Chatbot Amt-GPT ein.',
     [('PRODUCT', 'Amt-GPT', 33, 40)]),
    ('Justizminister Marco Buschmann kündigte eine Reform an.',
     [('PER', 'Marco Buschmann', 15, 30)]),
    ('Das sei verfrüht, sagte Thomas Richter, Sprecher der Behörde.',
     [('PER', 'Thomas Richter', 24, 38)]),
    ('Gegründet wurde die Firma von Anna Kowalczyk und Tomasz Wielgosz.',
     [('PER', 'Anna Kowalczyk', 30, 44), ('PER', 'Tomasz Wielgosz', 49, 64)]),
    ('Der Vorsitzende Richter Peter Lindner verkündete das Urteil.',
     [('PER', 'Peter Lindner', 24, 37)]),
    ('Kritik kam von Ngozi Adebayo, leitende Direktorin der Stiftung.',
     [('PER', 'Ngozi Adebayo', 15, 28)]),
    ('Das Oberverwaltungsgericht Münster gab der Klage statt.',
     [('ORG', 'Oberverwaltungsgericht Münster', 4, 34)]),
    ('Das VG Berlin wies die Klage ab.',
     [('ORG', 'VG Berlin', 4, 13)]),
    ('Die Zentralstelle für digitale Ermittlungen prüft den Fall.',
     [('ORG', 'Zentralstelle für digitale Ermittlungen', 4, 43)]),
    ('Das Bundesamt für Informatik und Statistik (BIS) hat den Einsatz bestätigt.',
     [('ORG', 'Bundesamt für Informatik und Statistik', 4, 42), ('ORG', 'BIS', 44, 47)]),
    ('Die Europäische Arzneimittel-Agentur für Tiergesundheit (Emta) warnte.',
     [('ORG', 'Emta', 57, 61)]),
    ('Laut Tagesspiegel plant der Senat ein Verbot.',
     [('ORG', 'Tagesspiegel', 5, 17)]),
    ('Wie der Stadt-Anzeiger berichtet, ist das Verbot umstritten.',
     [('ORG', 'Stadt-Anzeiger', 8, 22)]),
    ('Dem Kölner Stadt-Anzeiger zufolge gilt das Verbot ab Mai.',
     [('ORG', 'Kölner Stadt-Anzeiger', 4, 25)]),
    ('Das bestätigte die Behörde auf Anfrage des Wochenblatt gestern.',
     [('ORG', 'Wochenblatt', 43, 54)]),
    ('München (kna) – Der Freistaat lockert die Regeln.',
     [('LOC', 'München', 0, 7), ('ORG', 'kna', 9, 12)]),
    ('Das Netzwerkdurchsetzungsgesetz (NetzDG) wurde geändert.',
     [('MISC', 'Netzwerkdurchsetzungsgesetz', 4, 31), ('MISC', 'NetzDG', 33, 39)]),
    ('Der Bescheid stützt sich auf § 15 TMG und die Richtlinie 2019/790/EU.',
     [('MISC', 'TMG', 34, 37), ('MISC', 'Richtlinie 2019/790/EU', 46, 68)]),
    ('Das Hessische Gesetz über den Verfassungsschutz (HVSG) ist teilweise nichtig.',
     [('MISC', 'Hessische Gesetz über den Verfassungsschutz', 4, 47), ('MISC', 'HVSG', 49, 53)]),
    ('Die Sperre gilt an der Kastanienallee und auf dem Odeonsplatz.',
     [('LOC', 'Odeonsplatz', 50, 61)]),
    ('Zwischen Hermann-Löns-Straße und Ringbahn gilt Tempo 30.',
     [('LOC', 'Hermann-Löns-Straße', 9, 28)]),
    ('Im Kölner Hauptbahnhof gilt ein Waffenverbot.',
     [('LOC', 'Kölner Hauptbahnhof', 3, 22)]),
    ('Leipziger Richter haben das Verbot gekippt.',
     [('LOC', 'Leipziger', 0, 9)]),
    ('Vor dem G7-Gipfel verschärfte die Polizei die Kontrollen.',
     [('MISC', 'G7-Gipfel', 8, 17)]),
    ('Die Händler in Pankow und Reinickendorf sind betroffen.',
     [('LOC', 'Pankow', 15, 21), ('LOC', 'Reinickendorf', 26, 39)]),
    ('Betroffen ist die Shenzhen Lingxi Robotics Co., Ltd., ein Hersteller von Drohnen.',
     [('ORG', 'Shenzhen Lingxi Robotics Co., Ltd.', 18, 52)]),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_finds_mention_with_offsets(nlp, text, expected):
    doc = nlp(text)
    found = [(s.label_, s.text, s.start_char, s.end_char) for s in doc.spans[ext.ENTITY_GROUP]]
    for label, name, start, end in expected:
        assert text[start:end] == name
        assert (label, name, start, end) in found, f"{(label, name, start, end)} not in {found}"


# (sentence, texts that must not be entity mentions)
ABSENT = [
    ('Das Ministerium prüft den Antrag.', ['Ministerium']),
    ('In den USA fehlt ein bundesweites Datenschutzgesetz.', ['Datenschutzgesetz']),
    ('Der Konzern passte seine Cookie-Richtlinie an.', ['Cookie-Richtlinie']),
    ('BGH, Beschl. v. 15.12.2020 – KVZ 90/20 und 1 BvR 1547/19 sowie C-793/19.', ['KVZ', 'BvR', 'C-793']),
    ('Foto: Reuters/Hoffmann', ['Hoffmann']),
    ('Experten warnen vor Scoring und Marketing am Arbeitsplatz und Marktplatz.', ['Scoring', 'Arbeitsplatz', 'Marktplatz']),
    ('Die Kammer des Ersten Senats tagte.', ['Ersten Senats']),
    ('Das Verfahren ruht bis Pfingsten.', ['Pfingsten']),
    ('Große Sprachmodelle (LLMs) sind betroffen.', ['Sprachmodelle', 'LLMs']),
    ('Das Team von Forschern Wahlen beobachtet die Lage.', ['Wahlen']),
    ('Eine Tageszeitung berichtete über das Merkblatt.', ['Tageszeitung', 'Merkblatt']),
    ('Kameras wie Körperkameras und Dashcams sind erlaubt.', ['Körperkameras']),
]


@pytest.mark.parametrize("text,absent", ABSENT)
def test_does_not_tag(nlp, text, absent):
    doc = nlp(text)
    found = {s.text for s in doc.spans[ext.ENTITY_GROUP]}
    for word in absent:
        assert word not in found, f"{word!r} wrongly tagged in {found}"


# -- entity table: canonical names, aliases and labels over several mentions -----------------
TABLE = [
    # a genitive is undone in the canonical name, the inflected form stays an alias
    ("Ein Sprecher des Verwaltungsgerichtshofs Sachsen bestätigte den Termin.",
     "Verwaltungsgerichtshof Sachsen", "ORG", {"Verwaltungsgerichtshofs Sachsen"}),
    # an abbreviation never defined in parentheses joins the compound it abbreviates
    ("Das BVerfG hat entschieden. Der Senat des Bundesverfassungsgerichts folgte der Klage.",
     None, "ORG", {"BVerfG", "Bundesverfassungsgerichts"}),
    # a shortened name joins the full one
    ("Das Bundesamt für Statistik schweigt. Das Bundesamt für Statistik und Wahlen (BSW) prüft.",
     None, "ORG", {"Bundesamt für Statistik", "Bundesamt für Statistik und Wahlen", "BSW"}),
    # the compound form of a ministry joins its long form
    ("Das Verkehrsministerium schweigt. Das Ministerium für Verkehr ließ das prüfen.",
     None, "ORG", {"Verkehrsministerium", "Ministerium für Verkehr"}),
    # a cue noun says a company's name stands for its product here
    ("Der Chatbot DeepSeek ist gesperrt. Nutzer von DeepSeek sind betroffen.", "DeepSeek", "PRODUCT", set()),
    # an abbreviation defined in the text beats the lexicon's reading of it
    ("Die Autoriteit Persoonsgegevens (AP) prüft. Der AP liegen Beschwerden vor.",
     "Autoriteit Persoonsgegevens", "ORG", {"AP"}),
    # editions of a discovered product are names of that product
    ("Die Schulen nutzen Windows 11 seit Jahren, betroffen sind Windows 11 Pro und Windows 11 Education.",
     "Windows 11", "PRODUCT", {"Windows 11 Pro", "Windows 11 Education"}),
    # a court's abbreviation alone is the court of the place named with it
    ("Das LG Bonn hat entschieden. Das LG bestätigte den Termin.", "LG Bonn", "ORG", {"LG"}),
    # a full name repeated in a headline is the person the apposition introduced
    ("Meike Kamp meldet die App\n\nDie Berliner Beauftragte für Datenschutz, Meike Kamp, hat die App gemeldet.",
     "Meike Kamp", "PER", set()),
]


@pytest.mark.parametrize("text,key,label,names", TABLE)
def test_entity_table(nlp, text, key, label, names):
    info = nlp(text)._.policy_entity_info
    if key is None:
        owners = [k for k, v in info.items() if names <= {k, *v["aliases"]}]
        assert len(owners) == 1, info
        key = owners[0]
    assert key in info, list(info)
    assert info[key]["label"] == label, info[key]
    assert names <= {key, *info[key]["aliases"]}, info[key]


def test_institution_and_place_stay_one_mention(nlp):
    """An institution completed by a place is one ORG mention, not an ORG and a LOC."""
    text = "Das Verwaltungsgericht Hamburg und das OLG Düsseldorf haben entschieden."
    doc = nlp(text)
    spans = [(s.label_, s.text) for s in doc.spans[ext.ENTITY_GROUP]]
    assert spans == [("ORG", "Verwaltungsgericht Hamburg"), ("ORG", "OLG Düsseldorf")]
