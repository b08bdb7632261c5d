"""Who-questions on unseen reporting (own invented German texts, extracted by the
offline pipeline): the question's verb read as a concept family (checking,
approving, deciding, suing, warning, considering; data/qa_agent_verbs.json), the
agent standing in the clause of the family word (a name, an authority, a noun
naming a person by role or a body of people), and a bare "der Verband" answered
together with the earlier sentence that names it (qa/agents.py)."""

from __future__ import annotations

import pytest

from nlp_policy.qa import agents
from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import analyse, tokenize

POOL = (
    "Sprungturm im Freibad Lindenau nur noch zu festen Zeiten\n\n"
    "Im Freibad Lindenau darf der Zehn-Meter-Turm ab Juni nur noch vormittags genutzt werden. "
    "Überprüft wird die neue Zeitregel künftig durch die örtliche Badeaufsicht. "
    "Wer die Zeiten missachtet, erhält eine Woche Hausverbot.\n\n"
    "Der Schwimmclub Lindenau hält die Zeiten für zu knapp.\n"
)

MARKET = (
    "Gericht stoppt Gebühr für Marktstände in Kressbach\n\n"
    "Das Landgericht Kressbach hat die neue Standgebühr der Gemeinde vorläufig ausgesetzt. "
    "Geklagt hatten drei Gemüsehändler aus dem Ortsteil Nord. "
    "Die Gemeinde kann gegen den Beschluss Beschwerde beim Oberlandesgericht einlegen.\n\n"
    "Bürgermeisterin Petra Lamm kündigte an, die Gebühr neu zu berechnen.\n"
)

TRIP = (
    "Handys auf Klassenfahrten nur am Abend\n\n"
    "Am Gymnasium Birkenfeld dürfen Kinder auf Klassenfahrten ihr Handy nur abends benutzen. "
    "Längere Zeiten sind möglich, sofern die Klassenleitung dies vorab erlaubt hat. "
    "Die Elternvertretung begrüßte die Regel.\n"
)

KIOSK = (
    "Kreis Ellerau verbannt Energy-Drinks von Schulkiosken\n\n"
    "Der Kreis Ellerau verbietet den Verkauf von Energy-Drinks an Schulkiosken. "
    "Der Verkauf an Erwachsene in Sporthallen bleibt erlaubt. "
    "Zuvor hatten Kinderkardiologen in einem Aufruf vor Herzrhythmusstörungen gewarnt. "
    "Die Getränkehersteller halten das Verbot für überzogen.\n"
)

GARDEN = (
    "Pachtgebühr für Kleingärten steigt kräftig\n\n"
    "Die Stadt Nordhang verdoppelt ab März die Pacht für ihre Kleingärten. "
    "Der Kleingartenverband Nordhang kritisierte den Schritt scharf. "
    "Viele Pächter könnten sich ihre Parzelle dann nicht mehr leisten. "
    "Der Verband will nun eine Klage prüfen.\n"
)

STORM = (
    "Kreisliga: Absagen bei Sturm neu geregelt\n\n"
    "Bei Sturm können Partien der Kreisliga künftig kurzfristig abgesagt werden. "
    "Bei Spielen, die als gefährdet eingestuft werden, müssen die Gastvereine früher anreisen. "
    "Anders als bisher bestimmt darüber nicht mehr der Heimverein, sondern der Staffelleiter des Kreises.\n"
)

VOICE = (
    "Datenschützer stoppen Sprachassistent Nuvo\n\n"
    "Die Datenschutzbehörde hat dem Sprachassistenten Nuvo die Auswertung von Gesprächen untersagt. "
    "Die Anordnung gilt ab sofort. "
    "Betroffen ist die Firma Kelvar Systems aus Graz, die Sprachsoftware für Autos entwickelt.\n"
)

SCOOTER = (
    "Leihroller nur noch an festen Stationen\n\n"
    "Hafenstadt – Das Landesamt für Verkehrssicherheit (LAV) greift bei Mietrollern durch. "
    "Leihroller dürfen ab Mai nur noch an festen Stationen abgestellt werden. "
    "Das steht in einer Verfügung, welche das Amt vergangene Woche veröffentlicht hat.\n\n"
    "Viele Nutzer sehen das kritisch.\n"
)

WATCH = (
    "Smartwatches in Klausuren untersagt\n\n"
    "Tannberg – An der Berufsschule Tannberg dürfen Smartwatches in Klausuren nicht mehr getragen werden. "
    "Zuständig für die Kontrolle sind die aufsichtführenden Lehrkräfte. "
    "Die Schülervertretung warnte vor einem Generalverdacht. "
    "Ihr Sprecher Timo Kraft sagte, die Regel treffe die Falschen.\n"
)

LABEL = (
    "Brauerei darf altes Etikett nicht mehr nutzen\n\n"
    "Weidenau – Im Streit um ein Bieretikett hat das Landgericht Weidenau einer Winzerin recht gegeben. "
    "Richter Paul Eder untersagte der Brauerei Hopfenhof per Verfügung, das alte Etikett weiter zu verwenden. "
    "Die Brauerei will Berufung einlegen.\n"
)

TEXTS = {"label": LABEL, "watch": WATCH, "scooter": SCOOTER, "voice": VOICE, "pool": POOL, "market": MARKET, "trip": TRIP, "kiosk": KIOSK, "garden": GARDEN, "storm": STORM}


@pytest.fixture(scope="module")
def records(records_of):
    return records_of(TEXTS)


@pytest.mark.parametrize(
    "doc, question, must, must_not",
    [
        # checking: "überwachen" ~ "überprüft ... durch die Badeaufsicht" (a passive with "durch")
        ("pool", "Wer soll überwachen, dass die Zeiten am Turm eingehalten werden?", "Badeaufsicht", None),
        # suing: the plaintiffs are a role noun; the court addressed by "beim" is not one
        ("market", "Wer hatte gegen die Standgebühr geklagt?", "Gemüsehändler", "Oberlandesgericht"),
        # approving: "zustimmen" ~ "sofern die Klassenleitung dies erlaubt hat"
        ("trip", "Wer muss zustimmen, falls ein Kind sein Handy länger benutzen will?", "Klassenleitung", None),
        # warning: the warners named by their profession
        ("kiosk", "Wer hatte vorher vor den Gefahren gewarnt?", "Kinderkardiologen", None),
        # considering a lawsuit: "der Verband" with the sentence that names it
        ("garden", "Wer erwägt eine Klage gegen die höhere Pacht?", "Kleingartenverband", None),
        # "kontrolliert" ~ "Kontrolle", the agent a body of people ("Lehrkräfte"), not the quoted speaker
        ("watch", "Wer kontrolliert die Regel?", "Lehrkräfte", None),
        ("watch", "Wer hat vor der Regel gewarnt?", "Schülervertretung", None),
        # which-question for a role: "erlassen" said as "untersagte per Verfügung"
        ("label", "Welcher Richter hat die Verfügung erlassen?", "Paul Eder", None),
        # deciding, typed in lower case: "legt fest" ~ "bestimmt"
        ("storm", "wer legt fest ob ein spiel bei sturm ausfällt", "Staffelleiter", None),
    ],
)
def test_who_names_the_agent_of_a_paraphrased_verb(records, doc, question, must, must_not):
    a = answer_question(question, records[doc])
    assert a.verdict != "unknown", a
    assert must in a.answer, a.answer
    if must_not:
        assert must_not not in a.answer, a.answer


@pytest.mark.parametrize(
    "doc, question",
    [
        # nobody sues in the text: "Verbot" next to the verb does not make "geklagt" a word of the text
        ("kiosk", "Wer hat gegen das Verbot geklagt?"),
        # a family word without an agent ("Gericht stoppt Gebühr" is a title) says nobody approved it
        ("market", "Wer hat die Gebühr genehmigt?"),
    ],
)
def test_who_the_text_does_not_answer_is_refused(records, doc, question):
    a = answer_question(question, records[doc])
    assert a.verdict == "unknown", a


def test_which_authority_answered_by_the_sentence_naming_what_das_amt_refers_to(records):
    a = answer_question("Von welchem Amt kommt die Stationspflicht für Leihroller?", records["scooter"])
    assert "Landesamt" in a.answer, a


def test_maker_named_two_sentences_after_the_product(records):
    # the relation sentence answers (route "owner"), not the ranked evidence by chance
    a = answer_question("Which company develops Nuvo?", records["voice"])
    assert "Kelvar" in a.answer and a.route == "owner", a


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Schulleitung", True),
        ("Kioskbetreiber", True),
        ("Verbraucherschützern", True),
        ("Umweltamts", True),
        ("Kinderkardiologen", True),
        ("Jugendpsychiater", True),
        ("Sicherheitsgremium", True),
        ("Heirat", False),
        ("Zeitung", False),
        ("Kataloge", False),
        ("Reisekosten", False),
    ],
)
def test_role_nouns(word, expected):
    assert (agents._role_head(agents.fold(word), agents._roles()) is not None) is expected


@pytest.mark.parametrize(
    "sentence, family, expected",
    [
        ("Kontrolliert wird das durch die Polizei.", "control", True),
        ("Geklagt hatte ein Nachbar.", "sue", True),
        ("Die Stadt legte die Zeiten im Mai fest.", "decide", True),
        ("Die Stadt kann der Regel zustimmen.", "approve", True),
        ("Die Ärzte warnten vor dem Mittel.", "warn", True),
        ("Die Stadt regelt den Zugang an Schulen.", "initiate", False),  # "regelt ... an Schulen" is no "anregen"
        ("Die Stadt ist vor Gericht gescheitert.", "sue", False),  # failing in court is not suing
        ("Die Verbotszone gilt ab Montag.", "issue", False),  # a noun is no verb of forbidding
    ],
)
def test_verb_families(records, sentence, family, expected):
    toks = tokenize(sentence)
    clause = agents._family_hit(toks, [t.folded for t in toks], agents._roles().families[family], False, clause=True)
    assert clause is expected


@pytest.mark.parametrize(
    "question, families",
    [
        ("Wer muss zustimmen, falls ein Kind länger telefonieren will?", {"approve"}),
        ("wer legt denn fest ob die partie ausfällt", {"decide"}),
        ("Wer hat gegen die Sperrzone geklagt?", {"sue"}),  # "Sperrzone" is no verb of forbidding
    ],
)
def test_question_families(question, families):
    # (a verb may be in two families: "festlegen" decides and issues a rule)
    assert families <= agents.question_families(analyse(question))[0]


def test_the_agent_stands_in_the_verb_s_clause(records):
    # "eingestuft" stands in a relative clause of its own: the teams after it are not its agent
    from nlp_policy.qa.index import index_of

    idx = index_of(records["storm"])
    q = analyse("Wer entscheidet über die Absage?")
    sent = next(s for s in idx.sents if "Gastvereine" in s.sentence.text)
    assert agents._family_agents(sent, idx, q, {"decide"})[1] == []
    # "..., sondern der Staffelleiter": a clause opened by a coordinating word goes on with the verb
    sent = next(s for s in idx.sents if "Staffelleiter" in s.sentence.text)
    assert "Staffelleiter" in agents._family_agents(sent, idx, q, {"decide"})[1]
