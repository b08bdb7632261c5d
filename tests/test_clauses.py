"""Clause extraction: German sentences -> clause type, negation and scope."""

from __future__ import annotations

import pytest

from nlp_policy.pipeline.clauses.rules import analyse_sentence, find_triggers, split_parts


def clauses(text: str) -> list[tuple[str, bool]]:
    return [(d.type, d.negated) for d in analyse_sentence(text, 0, 0)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # prohibitions, verbal and nominal
        ("Die Stadt verbietet der Polizei den Einsatz von Drohnen.", [("prohibition", False)]),
        ("Der Einsatz von Gesichtserkennung ist Behörden untersagt.", [("prohibition", False)]),
        ("Lehrkräfte dürfen auf Diensthandys keine sozialen Netzwerke nutzen.", [("prohibition", False)]),
        ("Nach Ablauf der Frist dürfen Geräte, auf denen die App noch installiert ist, keine Verbindung mehr aufbauen.", [("prohibition", False)]),
        ("Die Nutzung ist ab sofort nicht mehr gestattet.", [("prohibition", False)]),
        ("Das Verbot trat im Januar in Kraft.", [("prohibition", False)]),
        # negated prohibitions
        ("Es handelt sich nicht um ein generelles Verbot für Schulen.", [("prohibition", True)]),
        ("Es gibt kein allgemeines Verbot für Kameras.", [("prohibition", True)]),
        ("Die Nutzung ist nicht verboten.", [("prohibition", True)]),
        ("Ein vollständiges Verbot des Dienstes ist die Entscheidung ausdrücklich nicht.", [("prohibition", True)]),
        ("Ein Sprecher sagte, ein eigenes Verbot sei derzeit aber nicht geplant.", [("prohibition", True)]),
        ("Das Verbot trat im Januar in Kraft, nicht wie geplant im März.", [("prohibition", False)]),
        ("Das Gesetz verbietet nicht nur Drohnen, sondern auch Kameras.", [("prohibition", False)]),
        # exceptions and limits of scope
        ("Das Verbot gilt nur für Behörden in Bayern.", [("exception", False)]),
        ("Die Regel gilt nicht international.", [("exception", False)]),
        ("Ausgenommen sind Rettungseinsätze.", [("exception", False)]),
        ("Die Regel gilt für die Polizei, nicht aber für den Zoll.", [("exception", False)]),
        ("Und es deckt nicht die Nutzung von stationären Kameras ab.", [("exception", False)]),
        ("Die neuen Regeln lassen dem Ministerium Spielraum.", [("exception", False)]),
        # a ban and its exception in one sentence become two clauses
        ("Die Behörde verbietet Drohnen über Stadien, außer bei Notfällen ist der Einsatz erlaubt.", [("prohibition", False), ("exception", False)]),
        # restriction, permission, obligation, lifting, sanction, uncertainty
        ("Der Konzern hat die Nutzung seiner Modelle eingeschränkt.", [("restriction", False)]),
        ("Die Behörde verhängte ein Moratorium für neue Kameras.", [("prohibition", False)]),
        ("Schulen dürfen die App weiterhin nutzen.", [("permission", False)]),
        ("Anbieter müssen jeden Einsatz dokumentieren.", [("obligation", False)]),
        ("Das Verbot wurde im März aufgehoben.", [("lifting", False)]),
        ("Die Behörde verhängte ein Bußgeld von fünf Millionen Euro.", [("sanction", False)]),
        ("Es ist unklar, ob die Polizei die Software bereits nutzte.", [("uncertainty", False)]),
        # updates
        ("Update: Der Konzern teilte mit, dass die erste Fassung einen Fehler enthielt.", [("update", False)]),
        ("Korrektur: Das Verbot gilt tatsächlich nur für Frankreich.", [("update", False)]),
        ("In einer früheren Version dieses Artikels hieß es, das Verbot gelte weltweit.", [("update", False)]),
        ("Für Forschungszwecke bleibt die Nutzung erlaubt.", [("exception", False)]),
        ("Die Regelung betrifft nicht Uhren ohne Mikrofon.", [("exception", False)]),
        ("Ob auch Händler haften, ist noch offen, ob die Behörde dagegen vorgeht.", [("uncertainty", False)]),
        ("Offen bleibt, ob andere Behörden eigene Verfahren einleiten.", [("uncertainty", False)]),
        ("Die Behörden heben die Sperre unter Auflagen wieder auf.", [("lifting", False)]),
        ("Die Sperre betraf allerdings nur das Angebot für Privatkunden.", [("exception", False)]),
        ("Die Anordnung gilt für 20 Jahre.", []),
        ("Sie hatte den Dienst für vier Wochen gesperrt und eine Strafe von 15 Millionen Euro verhängt.", [("prohibition", False), ("sanction", False)]),
        ("Andere Daten darf die Firma weiter verkaufen, allerdings nur mit ausdrücklicher Einwilligung der Betroffenen.", [("permission", False), ("restriction", False)]),
        # opinions are not rules: direct speech with modal or nominal triggers, Konjunktiv II
        ("„Wähler müssen sich darauf verlassen können, dass ein Zitat echt ist“, sagte die Ministerin.", []),
        ("„Wir halten diese Sperre für einen schweren Fehler der Regierung“, sagte ein Sprecher.", []),
        ("„Wir verbieten den Einsatz von Drohnen bei allen Demonstrationen“, sagte der Minister.", [("prohibition", False)]),
        ("Die Kosten dürften im nächsten Jahr steigen.", []),
        # no rule at all
        ("Kritiker wiesen auf mögliche Fallstricke hin.", []),
        ("Wir werden diesen Beitrag aktualisieren, wenn wir etwas hören.", []),
        ("Dies deckt sich mit dem Ansatz des Konzerns.", []),
    ],
)
def test_clause_table(sentence, expected):
    assert clauses(sentence) == expected


@pytest.mark.parametrize(
    "sentence, after_update, expected",
    [
        ("Tatsächlich sieht die Einigung keine Geldbuße vor.", True, "update"),
        ("Tatsächlich sieht die Einigung keine Geldbuße vor.", False, "sanction"),
    ],
)
def test_sentence_after_a_correction_continues_it(sentence, after_update, expected):
    (draft,) = analyse_sentence(sentence, 0, 0, after_update=after_update)
    assert draft.type == expected


def test_bracketed_aside_is_its_own_clause():
    text = "Es deckt nicht die Nutzung im Büro ab (obwohl die Regeln jede Nutzung durch die Polizei verbieten)."
    drafts = analyse_sentence(text, 0, 0)
    assert [d.type for d in drafts] == ["exception", "prohibition"]
    assert drafts[1].text.startswith("obwohl")


def test_offsets_are_shifted_to_document_coordinates():
    doc = "Vorspann. Die Stadt verbietet Drohnen."
    drafts = analyse_sentence(doc[10:], 10, 1)
    assert doc[drafts[0].start : drafts[0].end] == drafts[0].text
    assert doc[drafts[0].trigger[0] : drafts[0].trigger[1]] == "verbietet"


@pytest.mark.parametrize(
    "sentence, geo",
    [
        ("Die Behörde verbietet US-Polizeibehörden die Nutzung.", ["US"]),
        ("Das Verbot gilt nur für die USA, nicht international.", ["US"]),
        ("Jede Strafverfolgungsbehörde weltweit darf das nicht.", ["worldwide"]),
        ("Das Verbot gilt in Deutschland und Österreich.", ["DE", "AT"]),
        ("Französische Behörden dürfen keine Drohnen einsetzen.", ["FR"]),
        ("In den Vereinigten Staaten ist die Nutzung verboten.", ["US"]),
        ("Kalifornien verbietet Gesichtserkennung auf Körperkameras.", ["US-CA"]),
    ],
)
def test_clause_geo_scope(sentence, geo):
    (draft,) = analyse_sentence(sentence, 0, 0)
    assert draft.scope["geo"] == geo


def test_scope_fields():
    (d,) = analyse_sentence(
        "Die Firma verbietet jeder Strafverfolgungsbehörde weltweit Echtzeit-Gesichtserkennung auf mobilen Kameras wie Dashcams in unkontrollierten Umgebungen.",
        0,
        0,
    )
    assert "Strafverfolgungsbehörde" in d.scope["actors"]
    assert any("Gesichtserkennung" in t for t in d.scope["technologies"])
    assert "Dashcams" in d.scope["devices"]
    assert "unkontrollierten" in d.scope["environments"]


def test_split_parts_cuts_at_semicolons_and_dashes():
    text = "Das ist verboten; das ist erlaubt – und das auch."
    parts = [text[a:b] for a, b in split_parts(text)]
    assert parts == ["Das ist verboten", "das ist erlaubt", "und das auch."]


def test_trigger_inside_longer_trigger_is_dropped():
    kinds = [t.type for t in find_triggers("Lehrkräfte dürfen keine Apps nutzen.")]
    assert kinds == ["prohibition"]


def test_pipeline_links_exception_and_update_to_their_rule(nlp):
    text = (
        "Die Stadt verbietet der Polizei den Einsatz von Gesichtserkennung in Deutschland. "
        "Das Verbot gilt nur für Kameras an Bahnhöfen. "
        "Update: Die Stadt sagte später, dass das Verbot tatsächlich nur für Gesichtserkennung in Deutschland gilt."
    )
    doc = nlp(text)
    spans = list(doc.spans["policy_clauses"])
    assert [s.label_ for s in spans] == ["prohibition", "exception", "update"]
    assert spans[1]._.relations == [["limits", "c1"]]
    assert ["corrects", "c1"] in spans[2]._.relations
    assert all(doc.text[s.start_char : s.end_char] == s.text for s in spans)


def test_issuer_and_addressees(nlp):
    from nlp_policy.extraction.document import extract_text

    record = extract_text(
        "Die Bundesnetzagentur untersagt dem Hersteller Vtech den Verkauf von Spionage-Uhren in Deutschland. "
        "Google verbietet Werbekunden politische Deepfakes.",
        nlp=nlp,
    )
    first, second = record.clauses
    assert (first.issuer, first.scope.geo) == ("Bundesnetzagentur", ("DE",))
    assert "Vtech" in first.addressees
    assert second.issuer == "Google" and second.addressees == ("Werbekunden",)


def test_lifting_that_refers_back_to_the_ban_lifts_it():
    from nlp_policy.pipeline.clauses.rules import link

    text = "Die Behörde sperrt den Chatbot – und hebt die Sperre unter Auflagen wieder auf."
    drafts = analyse_sentence(text, 0, 0)
    link(drafts)
    assert [d.type for d in drafts] == ["prohibition", "lifting"]
    assert drafts[1].relations == [("lifts", 0)]


# -- the concept lexicon: every form of a predicate ---------------------------------

def first_type(text: str) -> str | None:
    drafts = analyse_sentence(text, 0, 0)
    return drafts[0].type if drafts else None


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # one lemma, every inflection (finite, Konjunktiv, participle, zu-infinitive)
        ("Die Schulleitung untersagte den Schülern das Filmen im Unterricht.", "prohibition"),
        ("Die Satzung verböte eine solche Nutzung ausdrücklich.", "prohibition"),
        ("Der Bezirk plant, Feuerwerk in der Altstadt zu verbieten.", "prohibition"),
        ("Gesperrt wurde der Zugang zum Forum bereits am Montag.", "prohibition"),
        # separable verbs, split and joined
        ("Die Stadt hob die Maskenregel für Busse und Bahnen im Mai auf.", "lifting"),
        ("Die Aufsicht forderte den Betreiber gestern schriftlich auf, die Kameras abzubauen.", "obligation"),
        ("Das Ministerium ordnete für alle Behörden eine Prüfung der Verträge an.", "obligation"),
        ("Der Verband schränkte die Nutzung der Halle für Vereine ein.", "restriction"),
        ("Das Gesetz sieht vor, dass Händler jede Drohne registrieren.", "obligation"),
        # nouns and compounds, "X-Verbot"
        ("Das Handyverbot an Grundschulen gilt ab dem Herbst.", "prohibition"),
        ("Ein KI-Verbot für Prüfungen ist seit Montag in Kraft.", "prohibition"),
        ("Die Nutzungsbegrenzung auf zwei Stunden am Tag kam überraschend.", "restriction"),
        ("Für den Hafen gilt ein Moratorium für neue Terminals.", "prohibition"),
        # predicative adjectives, negated permissions
        ("Private Drohnenflüge über dem Stadion sind tabu.", "prohibition"),
        ("Die Videoüberwachung des Pausenhofs sei unzulässig, so das Gericht.", "prohibition"),
        ("Das Sammeln der Standortdaten ist nach Ansicht der Behörde rechtswidrig.", "prohibition"),
        ("Das Fotografieren im Museum ist nicht mehr erlaubt.", "prohibition"),
        ("Der Einsatz der Software ist an Schulen nicht zulässig.", "prohibition"),
        # availability
        ("Der Dienst steht den Beamten ab sofort nicht mehr zur Verfügung.", "prohibition"),
        ("Die App ist in Italien seit Dienstag nicht mehr nutzbar.", "prohibition"),
        ("Der Zugriff auf die Plattform wurde im Firmennetz blockiert.", "prohibition"),
        ("Seit dem Morgen können Kunden in Bayern keine Tickets mehr kaufen.", "prohibition"),
        # removal, suspension, restoring
        ("Die Behörde hat das Verfahren gegen den Hersteller ausgesetzt.", "lifting"),
        ("Die Meldepflicht ruht bis zur Entscheidung des Gerichts.", "lifting"),
        ("Die umstrittene Klausel wurde aus den Nutzungsbedingungen gestrichen.", "lifting"),
        ("Der Anbieter hat den Zugang inzwischen wiederhergestellt.", "lifting"),
        ("Nach zwei Tagen war das Portal wieder erreichbar.", "lifting"),
        ("Das Oberlandesgericht kippte die Verfügung der Stadt.", "lifting"),
        ("Das Rauchverbot auf der Terrasse soll im Sommer fallen.", "lifting"),
        ("Das Gericht erklärte die Satzung für nichtig.", "lifting"),
        # demands
        ("Die Kommission verlangt von dem Konzern einen Bericht bis Juni.", "obligation"),
        ("Der Betreiber ist verpflichtet, jeden Vorfall zu melden.", "obligation"),
        ("Der Verein soll der Stadt bis Jahresende ein Konzept vorlegen.", "obligation"),
        # sanctions as actions
        ("Der Anbieter sperrte das Konto des Händlers nach der Beschwerde.", "sanction"),
        ("Wer gegen die Hausordnung verstößt, muss mit einem Ausschluss rechnen.", "sanction"),
        ("Der Konzern musste 30 Millionen Euro Strafe zahlen.", "sanction"),
        ("Bei Verstößen droht eine Strafe von bis zu 500 Euro.", "sanction"),
        # uncertainty
        ("Ob die Regel auch für Gäste gilt, ist bislang unklar.", "uncertainty"),
        ("Wann die Kommission entscheidet, ist weiterhin offen.", "uncertainty"),
        ("Über den Einspruch ist noch nicht entschieden.", "uncertainty"),
        ("Eine endgültige Bewertung steht noch aus.", "uncertainty"),
        # carve-outs without a cue word
        ("Wer die Kamera lediglich im eigenen Garten nutzt, muss nichts anmelden.", "exception"),
        # a "Wer ..." part cut from a longer sentence is no subheading
        ("Wer die Kamera lediglich nutzt, um Vögel zu filmen, muss nichts anmelden.", "exception"),
        ("Kleine Betriebe erfordern dafür keinen Antrag.", "exception"),
        ("Im Ausland greift die Regel nicht.", "exception"),
        ("Die Sperrzeit ist auf die Nachtstunden begrenzt.", "exception"),
        # a permission under a condition is a restriction
        ("Das Grillen im Park ist erlaubt, sofern die Feuerstelle genutzt wird.", "restriction"),
        ("Böller sind nur am Silvesterabend gestattet.", "restriction"),
        ("Radfahren ist im Park erst ab 20 Uhr erlaubt.", "restriction"),
        # corrections
        ("Update, März 2024: Der Betreiber hat die Angaben inzwischen korrigiert.", "update"),
        ("Die Regierung hat die Frist für die Anträge verlängert.", "update"),
        ("Der Rat beschloss eine abgeschwächte Fassung des Gesetzes.", "update"),
    ],
)
def test_concept_lexicon(sentence, expected):
    assert first_type(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # questions and subheadings name rules, they do not state them
        "Was ist künftig verboten?",
        "Wer darf die Daten sehen",
        "Was die neue Satzung vorschreibt",
        # a counterfactual modal
        "Die Stadt hätte die Anwohner vorher anhören müssen.",
        # a conditional opened by a finite modal
        "Müssen Kunden ihren Ausweis zeigen, sinkt die Zahl der Anmeldungen.",
        # an attributive adjective is no predicate
        "Die Behörde meldete den rechtswidrigen Inhalt an den Betreiber.",
        # negated correction verbs correct nothing
        "Der Vertrag wurde nicht verlängert.",
        # a generic document word is no rule
        "Die Datenschutzerklärung umfasst zwölf Seiten.",
    ],
)
def test_not_a_rule(sentence):
    assert analyse_sentence(sentence, 0, 0) == []


def test_nicht_nur_does_not_condition_a_permission():
    assert first_type("Das Radfahren ist auf dem Deich nicht nur erlaubt, sondern erwünscht.") == "permission"


@pytest.mark.parametrize(
    "sentence, types",
    [
        # a colon that opens a clause of its own, and a bare comma between rules of different types
        ("Die Bank beschränkt sich auf einzelne Abteilungen: Dort ist der Chatbot nicht zugelassen.", ["exception", "prohibition"]),
        ("Öffentliche Dokumente sind erlaubt, vertrauliche bleiben tabu.", ["permission", "prohibition"]),
    ],
)
def test_cuts_between_rules(sentence, types):
    assert [d.type for d in analyse_sentence(sentence, 0, 0)] == types


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Stadt hob die Maskenregel für Busse und Bahnen im Mai auf.",
        "Der Dienst steht den Beamten ab sofort nicht mehr zur Verfügung.",
        "Ein KI-Verbot für Prüfungen ist seit Montag in Kraft.",
        "Wer die Kamera lediglich im eigenen Garten nutzt, muss nichts anmelden.",
        "Die Bank beschränkt sich auf einzelne Abteilungen: Dort ist der Chatbot nicht zugelassen.",
    ],
)
def test_lexicon_offsets_slice_the_text(sentence):
    doc = "Vorspann steht hier. " + sentence
    drafts = analyse_sentence(sentence, 21, 3)
    assert drafts
    for d in drafts:
        assert doc[d.start : d.end] == d.text
        a, b = d.trigger
        assert d.start <= a < b <= d.end
        assert doc[a:b].strip() == doc[a:b]


def test_split_verb_trigger_is_the_verb():
    (t,) = [t for t in find_triggers("Die Aufsicht forderte den Betreiber im Mai schriftlich auf.") if t.type == "obligation"]
    assert t.text == "forderte"


def test_compound_noun_trigger_covers_the_compound():
    (t,) = find_triggers("Ein KI-Verbot gilt.")
    assert (t.type, t.text, t.nominal) == ("prohibition", "KI-Verbot", True)


@pytest.mark.parametrize(
    "pattern, required",
    [
        ("(?:steht|stehen) (?:\\w+ ){0,3}zur verfügung", {"zur verfügung"}),
        ("ausnahmen?|ausnahmsweise", {"ausnahme", "ausnahmsweise"}),
        ("(?:brauch|benötig)(?:t|en)", {"brauch", "benötig"}),
        ("(?:noch )?nicht (?:entschieden|geklärt)", {"nicht"}),
        ("(?<!nicht )(?:erlaubt|gestattet)", None),
        ("[\\w]+-aus", {"aus"}),
    ],
)
def test_required_strings_of_a_pattern(pattern, required):
    from nlp_policy.pipeline.clauses.rules import needs

    assert needs(pattern) == (frozenset(required) if required is not None else None)


def test_every_lexicon_pattern_compiles_and_names_known_concepts():
    import re

    from nlp_policy.record.types import CLAUSE_TYPES
    from nlp_policy.resources import load_json

    data = load_json("clause_lexicon.json")
    assert set(data["concepts"].values()) - {"none"} <= set(CLAUSE_TYPES)
    for section in ("verbs", "adjectives", "nouns", "phrases"):
        assert set(data[section]) <= set(data["concepts"]), section
    for entries in data["phrases"].values():
        for entry in entries:
            re.compile(entry["pattern"])
            assert set(entry) <= {"pattern", "inherent", "strength"}
