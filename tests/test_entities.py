"""The entity component: discovery, labels, aliases, descriptions, offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.entities.component import PolicyEntities
from nlp_policy.pipeline.entities.lexicon import vocabulary

ROOT = Path(__file__).resolve().parent.parent


def mentions(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans[ext.ENTITY_GROUP]]


def entity_table(nlp, text: str) -> dict:
    return nlp(text)._.policy_entity_info


# -- discovery: (sentence, mentions that must be found) ------------------------------
FOUND = [
    ("Der Konzern Palantir hat neue Verträge mit der Bundeswehr geschlossen.", [("Palantir", "ORG"), ("Bundeswehr", "ORG")]),
    ("Sprecherin Anna Berger sagte, man prüfe die Vorwürfe.", [("Anna Berger", "PER")]),
    ("Die französische Datenschutzbehörde CNIL verhängte eine Strafe gegen Clearview AI.", [("CNIL", "ORG"), ("Clearview AI", "ORG")]),
    ("Das Startup Mistral AI aus Paris hat ein neues Sprachmodell vorgestellt.", [("Mistral AI", "ORG"), ("Paris", "LOC")]),
    ("Die Bundesnetzagentur prüft den Fall.", [("Bundesnetzagentur", "ORG")]),
    ("Satya Nadella, CEO von Microsoft, stellte den Dienst Copilot Studio vor.", [("Satya Nadella", "PER"), ("Microsoft", "ORG")]),
    ("Laut Heise nutzt die Polizei in Hamburg die Software Gotham von Palantir.", [("Hamburg", "LOC"), ("Gotham", "PRODUCT"), ("Palantir", "ORG")]),
    ("Der Chiphersteller Nvidia meldete Rekordumsätze, während Konkurrent AMD zurückfiel.", [("Nvidia", "ORG"), ("AMD", "ORG")]),
    ("EU-Kommissarin Margrethe Vestager kritisierte Apple und Google.", [("Margrethe Vestager", "PER"), ("Apple", "ORG"), ("Google", "ORG")]),
    ("Am Mittwoch veröffentlichte Anthropic das Modell Claude 3, das mit GPT-4 konkurriert.", [("Anthropic", "ORG"), ("Claude 3", "PRODUCT"), ("GPT-4", "PRODUCT")]),
    ("Huawei-Chef Ren Zhengfei äußerte sich nicht.", [("Huawei", "ORG"), ("Ren Zhengfei", "PER")]),
    ("Die Nichtregierungsorganisation AlgorithmWatch forderte ein Verbot.", [("AlgorithmWatch", "ORG")]),
    ("Der Softwarekonzern Quantexa übernimmt das Startup Kelpie Labs.", [("Quantexa", "ORG"), ("Kelpie Labs", "ORG")]),
    ("Zudem plant Worldcoin, Iris-Scanner in Kenia einzusetzen. Die Behörden stoppten Worldcoin jedoch.", [("Worldcoin", "ORG"), ("Kenia", "LOC")]),
    ("Microsoft verbietet US-Polizeibehörden den Einsatz.", [("Microsoft", "ORG"), ("US", "LOC")]),
    ("Die Regel gilt auch für die Oregon State Police und das FBI.", [("Oregon State Police", "ORG"), ("FBI", "ORG")]),
    ("Menlo Park/Berlin – Der Konzern kündigte neue Regeln an.", [("Menlo Park", "LOC"), ("Berlin", "LOC")]),
    ("Der Hamburgische Datenschutzbeauftragte ordnete die Löschung an.", [("Hamburgische Datenschutzbeauftragte", "ORG")]),
    ("Wie das Magazin Wired berichtet, hat Amazon die Zusammenarbeit beendet.", [("Wired", "ORG"), ("Amazon", "ORG")]),
    ("Das Tool wurde vom Startup Synthesia entwickelt.", [("Synthesia", "ORG")]),
    ("Die Polizei testet Gesichtserkennung in Cardiff.", [("Cardiff", "LOC")]),
    ("Nach dem Tod von George Floyd begannen Proteste.", [("George Floyd", "PER")]),
    ("Die Organisation Privacy International fordert ein Verbot.", [("Privacy International", "ORG")]),
    ("Der Court of Appeal hatte den Einsatz für rechtswidrig erklärt.", [("Court of Appeal", "ORG")]),
    ("Das Forschungsinstitut Stanford Internet Observatory warnte davor.", [("Stanford Internet Observatory", "ORG")]),
    (
        "In Deutschland hat der Landesbeauftragte für Datenschutz Baden-Württemberg ein Verfahren eingeleitet.",
        [("Landesbeauftragte für Datenschutz Baden-Württemberg", "ORG"), ("Deutschland", "LOC")],
    ),
    ("Forscherin Joy Buolamwini vom MIT Media Lab zeigte das.", [("Joy Buolamwini", "PER"), ("MIT Media Lab", "ORG")]),
    ("Meta will seinen KI-Assistenten Meta AI einführen.", [("Meta", "ORG"), ("Meta AI", "PRODUCT")]),
    ("Die Regel gilt für Facebook- und Instagram-Nutzer.", [("Facebook", "PRODUCT"), ("Instagram", "PRODUCT")]),
    ("„Das ist falsch“, sagte Alanah Odoms, Geschäftsführerin der Organisation.", [("Alanah Odoms", "PER")]),
    ("Die Bundesdatenschutzbeauftragte Louisa Specht-Riemenschneider prüft den Entwurf.", [("Louisa Specht-Riemenschneider", "PER")]),
    ("Das Sprachmodell R1 sorgte für Kursstürze bei Nvidia.", [("R1", "PRODUCT"), ("Nvidia", "ORG")]),
    ("Die App des Unternehmens aus Hangzhou verschwand.", [("Hangzhou", "LOC")]),
    ("Innenminister Alexander Dobrindt (CSU) verteidigte das Vorhaben.", [("Alexander Dobrindt", "PER"), ("CSU", "ORG")]),
    ("Der Polizeiverband Peace Officers Research Association of California (PORAC) protestierte.",
     [("Peace Officers Research Association of California", "ORG"), ("PORAC", "ORG")]),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_finds_mentions(nlp, text, expected):
    found = mentions(nlp, text)
    for mention in expected:
        assert mention in found, f"{mention} not in {found}"


# -- precision: (sentence, words that must not be entity mentions) ----------------------
NOT_FOUND = [
    ("Die Regierung plant ein Gesetz gegen Deepfakes und Hatespeech im Netz.", ["Deepfakes", "Hatespeech", "Netz"]),
    ("Experten warnen vor Bias in Algorithmen und fordern mehr Transparenz beim Scoring.", ["Bias", "Scoring", "Experten"]),
    ("Im Homeoffice nutzen viele Beschäftigte Tools wie Videokonferenzen und Cloud-Dienste.", ["Homeoffice", "Tools"]),
    ("Update: Der Artikel wurde um eine Stellungnahme ergänzt.", ["Update", "Der Artikel"]),
    ("Aktualisieren: Nach der Veröffentlichung sagte die Firma nichts.", ["Aktualisieren", "Nach"]),
    ("Generative KI und neue APIs verändern die Arbeit von SVP und CEO.", ["KI", "APIs", "SVP", "CEO"]),
    ("Kritiker wiesen auf Halluzinationen hin, die auf Körperkameras und Dashcams auftreten.", ["Kritiker", "Halluzinationen", "Dashcams"]),
    ("Die Polizei setzt im Backoffice auf Compliance und Workloads in der Cloud.", ["Polizei", "Backoffice", "Compliance", "Workloads"]),
    ("Die Politik muss Umgebungen schaffen, in denen Audio sicher bleibt.", ["Politik", "Umgebungen", "Audio"]),
    ("Smartphones, Tablets und Wearables sammeln Gesundheitsdaten.", ["Smartphones", "Tablets", "Wearables"]),
    ("Dänemark hat die App auf Diensthandys bereits eingeschränkt.", ["Diensthandys", "App"]),
    ("Die Gruppen verbreiteten Wahlkampf-Bots, und Premium-Nutzer klagten.", ["Wahlkampf-Bots", "Premium-Nutzer"]),
    ("Polizei in New Orleans\n\nDie Polizei von New Orleans hat Kameras genutzt.", ["Die Polizei", "Polizei"]),
    ("Der Direktor für Datenschutzpolitik bei der Behörde schwieg.", ["Datenschutzpolitik", "Direktor"]),
    ("Mit dem Verbot will die Regierung Druck machen.", ["Mit", "Druck"]),
]


@pytest.mark.parametrize("text,absent", NOT_FOUND)
def test_does_not_tag_common_words(nlp, text, absent):
    found = {t for t, _ in mentions(nlp, text)}
    for word in absent:
        assert word not in found, f"{word!r} wrongly tagged in {found}"


# -- one entity under several names -----------------------------------------------------
ALIASES = [
    ("Microsoft verbietet es. Microsofts Produkt ist betroffen.", "Microsoft", {"Microsofts"}),
    ("Palantirs Aktie fiel. Palantir schwieg.", "Palantir", {"Palantirs"}),
    (
        "Die Nutzung des Azure OpenAI Service ist eingeschränkt. Der Azure OpenAI-Dienst gilt nur in den USA. "
        "Polizeibehörden dürfen den Dienst nicht nutzen.",
        "Azure OpenAI Service",
        {"Azure OpenAI-Dienst", "den Dienst"},
    ),
    ("Das Verteidigungsministerium (DoD) prüft das. Das DoD schweigt.", "Verteidigungsministerium", {"DoD"}),
    (
        "Das Bundesamt für Sicherheit in der Informationstechnik (BSI) warnt. Das BSI rät zu Updates.",
        "Bundesamt für Sicherheit in der Informationstechnik",
        {"BSI"},
    ),
    ("Die Verbote gelten in den USA. US-Behörden reagierten.", "USA", {"US"}),
    ("Sprecherin Anna Berger sagte das. Berger ergänzte, man prüfe es.", "Anna Berger", {"Berger"}),
    ("Das Startup Mistral AI wächst. Mistral will OpenAI Konkurrenz machen.", "Mistral AI", {"Mistral"}),
    ("Wie pro Der Abfang berichtet, ist das neu.", "The Intercept", {"Der Abfang"}),
    ("Die Europäische Kommission prüft. Die Kommission der EU und die EU-Kommission schweigen.", "EU-Kommission", {"Europäische Kommission"}),
    ("Das Innenministerium (Home Office) verteidigte die Praxis.", "Innenministerium", {"Home Office"}),
    (
        "Es folgt eine Anfrage der irischen Datenschutzkommission (DPC). Die DPC prüft weiter.",
        "irischen Datenschutzkommission",
        {"DPC", "Datenschutzkommission"},
    ),
    ("Die Bundeskriminalamts-Leitung und das Bundeskriminalamt schweigen. Des Bundeskriminalamts Sprecher auch.",
     "Bundeskriminalamt", {"Bundeskriminalamts"}),
]


@pytest.mark.parametrize("text,key,aliases", ALIASES)
def test_merges_aliases(nlp, text, key, aliases):
    info = entity_table(nlp, text)
    assert key in info, f"{key!r} not among {list(info)}"
    assert aliases <= set(info[key]["aliases"]), info[key]


def test_label_votes_over_mentions(nlp):
    text = "Der Chatbot Zorblax ist gesperrt. Das KI-Startup Zorblax schweigt. Der Konzern Zorblax prüft."
    assert entity_table(nlp, text)["Zorblax"]["label"] == "ORG"


def test_distinct_names_stay_apart(nlp):
    info = entity_table(nlp, "Microsoft und OpenAI arbeiten mit Axon. Microsoft Federal betreut Behörden.")
    assert {"Microsoft", "OpenAI", "Axon", "Microsoft Federal"} <= set(info)


# -- descriptions -----------------------------------------------------------------------
DESCRIPTIONS = [
    (
        "Die Änderung erfolgt, nachdem Axon, ein Hersteller von Waffenprodukten für die Polizei, ein Produkt ankündigte.",
        "Axon",
        "Axon, ein Hersteller von Waffenprodukten für die Polizei",
    ),
    ("Microsoft bewarb das Bildgenerierungstool DALL-E von OpenAI beim Militär.", "DALL-E", "das Bildgenerierungstool DALL-E von OpenAI"),
    ("Der Dienst ist in Microsofts Azure Government-Produkt verfügbar.", "Azure Government", "Microsofts Azure Government-Produkt"),
    ("Das passt zum Ansatz von Microsoft und seinem engen Partner OpenAI.", "OpenAI", "seinem engen Partner OpenAI"),
    (
        "In einem Blogeintrag schrieb Lisa Meyer, SVP der Abteilung Microsoft Federal, dass es weitergeht.",
        "Lisa Meyer",
        "Lisa Meyer, SVP der Abteilung Microsoft Federal",
    ),
    ("Der Softwarekonzern Quantexa übernimmt das Startup.", "Quantexa", "Der Softwarekonzern Quantexa"),
]


@pytest.mark.parametrize("text,key,description", DESCRIPTIONS)
def test_descriptions(nlp, text, key, description):
    info = entity_table(nlp, text)
    assert key in info, list(info)
    span = info[key]["description"]
    assert span is not None and text[span[0] : span[1]] == description


def test_no_description_for_enumerations(nlp):
    info = entity_table(nlp, "Wir haben Axon, Microsoft und OpenAI kontaktiert.")
    assert all(v["description"] is None for v in info.values())


# -- contract and offsets -----------------------------------------------------------------
def test_contract_on_every_corpus_text(nlp):
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        assert doc.text == text
        info = doc._.policy_entity_info
        for span in doc.spans[ext.ENTITY_GROUP]:
            assert text[span.start_char : span.end_char] == span.text
            assert span.label_ in ("PER", "ORG", "LOC", "PRODUCT", "MISC")
            assert span._.entity_key in info
            assert info[span._.entity_key]["label"] == span.label_
        for key, entry in info.items():
            assert set(entry) == {"label", "aliases", "description"}
            if entry["description"] is not None:
                start, end = entry["description"]
                assert 0 <= start < end <= len(text)


def test_bundled_article_entities(nlp):
    text = (ROOT / "corpus" / "azure-openai-police-ban.machine-translated.de.txt").read_text(encoding="utf-8")
    info = nlp(text)._.policy_entity_info
    expected = {
        "Microsoft": "ORG", "OpenAI": "ORG", "Axon": "ORG", "Pentagon": "ORG", "Bloomberg": "ORG",
        "Microsoft Federal": "ORG", "Verteidigungsministerium": "ORG", "The Intercept": "ORG",
        "Azure OpenAI Service": "PRODUCT", "Azure Government": "PRODUCT", "GPT-4": "PRODUCT",
        "DALL-E": "PRODUCT", "Candice Ling": "PER", "USA": "LOC",
    }
    assert {k: v["label"] for k, v in info.items()} == expected


def test_compound_split_keeps_text(nlp):
    text = "Die US-Polizei und das Axon-Produkt, aber keine KI-Tools und keine Echtzeit-Gesichtserkennung."
    doc = nlp(text)
    assert doc.text == text
    words = [t.text for t in doc]
    assert words[1:4] == ["US", "-", "Polizei"] and "Axon" in words
    assert "KI-Tools" in words and "Echtzeit-Gesichtserkennung" in words


def test_find_matches_does_not_write(nlp):
    doc = nlp.make_doc("Der Konzern Palantir wächst.")
    component = nlp.get_pipe("policy_entities")
    found = component.find_matches(doc)
    assert [doc[m.start : m.end].text for m in found.mentions] == ["Palantir"]
    assert ext.ENTITY_GROUP not in doc.spans
    component.set_annotations(doc, found)
    assert [s.text for s in doc.spans[ext.ENTITY_GROUP]] == ["Palantir"]


# -- vocabulary -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "word,german",
    [
        ("Polizeibehörden", True), ("Polizeibehoerden", True), ("Gesichtserkennungstechnologie", True),
        ("Verteidigungsministerium", True), ("Bildgenerierungstools", True), ("Diensthandys", True),
        ("Palantir", False), ("OpenAI", False), ("Candice", False), ("Nadella", False),
    ],
)
def test_german_vocabulary(word, german):
    assert vocabulary().is_german(word) is german


@pytest.mark.parametrize("word", ["Compliance", "Workloads", "Backoffice", "Dashcams", "Wrapper"])
def test_english_vocabulary(word):
    assert vocabulary().is_english(word)


# -- small pipelines, model merge, save/load ------------------------------------------------
def blank_pipeline() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("policy_sentencizer")
    nlp.add_pipe("policy_entities")
    return nlp


def test_blank_pipeline_and_round_trip(tmp_path):
    nlp = blank_pipeline()
    text = "Der Konzern Palantir und die Datenschutzbehörde CNIL streiten in Berlin."
    doc = nlp(text)
    before = [(s.start_char, s.end_char, s.label_, s._.entity_key) for s in doc.spans[ext.ENTITY_GROUP]]
    assert ("Palantir", "ORG") in [(text[a:b], label) for a, b, label, _ in before]
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == nlp.pipe_names
    doc = loaded(text)
    after = [(s.start_char, s.end_char, s.label_, s._.entity_key) for s in doc.spans[ext.ENTITY_GROUP]]
    assert after == before


def test_config_switches_compound_splitting():
    nlp = spacy.blank("de")
    nlp.add_pipe("policy_entities", config={"split_compounds": False})
    doc = nlp("Die US-Polizei ermittelt.")
    assert "US-Polizei" in [t.text for t in doc]


@Language.component("_fake_ner")
def _fake_ner(doc):
    """Stands in for de_core_news_sm's NER: two names, an overlap with ours, two ordinary words."""
    doc.ents = [
        Span(doc, 0, 2, label="PER"),  # Ludwig Erhard
        Span(doc, 3, 4, label="ORG"),  # Microsoft (ours wins)
        Span(doc, 5, 6, label="MISC"),  # KI
        Span(doc, 7, 8, label="LOC"),  # Gesichtserkennung
    ]
    return doc


def test_model_mentions_are_merged_without_overlap():
    nlp = spacy.blank("de")
    nlp.add_pipe("_fake_ner")
    nlp.add_pipe("policy_entities")
    doc = nlp("Ludwig Erhard lobte Microsoft für KI und Gesichtserkennung.")
    found = [(s.text, s.label_) for s in doc.spans[ext.ENTITY_GROUP]]
    assert ("Ludwig Erhard", "PER") in found
    assert found.count(("Microsoft", "ORG")) == 1  # ours, not a second copy
    assert not {"KI", "Gesichtserkennung"} & {text for text, _ in found}


def test_component_code_names_no_article_phrases():
    pattern = re.compile(r"Candice|Backoffice|Abfang|BlogeintragCandice|Dashcams")
    modules = sorted((ROOT / "nlp_policy" / "pipeline" / "entities").glob("*.py"))
    assert len(modules) >= 5
    for path in modules:
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name


def test_component_is_reachable_by_name():
    nlp = spacy.blank("de")
    assert isinstance(nlp.add_pipe("policy_entities"), PolicyEntities)


# -- held-out news paragraphs -------------------------------------------------------------
HELDOUT = Path(__file__).resolve().parent / "data" / "entities_heldout.jsonl"


def test_heldout_paragraphs_f1(nlp):
    """Entity-level F1 on German news paragraphs with hand-made gold (tests/data/entities_heldout.jsonl).

    Scored like ``nlp-policy eval-extract``: a predicted entity matches a gold one
    when the labels agree and any of their names agree. Run with ``-s`` to see the figure.
    """
    import json

    from nlp_policy.evaluation.extraction import GoldEntity, match_entities

    tp = fp = fn = 0
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        info = nlp(item["text"])._.policy_entity_info
        predicted = [(key, entry["label"], entry["aliases"]) for key, entry in info.items()]
        gold = [GoldEntity(name=name, label=label) for name, label in item["entities"]]
        matched = len(match_entities(predicted, gold))
        tp, fp, fn = tp + matched, fp + len(predicted) - matched, fn + len(gold) - matched
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"held-out entities: P={precision:.3f} R={recall:.3f} F1={f1:.3f} (tp={tp} fp={fp} fn={fn})")
    assert f1 >= 0.9
