"""Why- and when-questions on reporting that gives no cue word (invented German texts
from other domains: a school board, a swimming pool, a city quarter, a medicine agency;
extracted by the offline pipeline).

- a justification told in reported speech right after the announcement, without any
  reason word ("Die Schule öffne früher, sagte die Senatorin. Die Baustelle sei fertig.");
- a finding a decision rests on ("Grundlage ... ist ein Bericht", "kamen zu dem Schluss",
  "lasse sich nicht ausschließen"), told over three sentences;
- "im Zweifel" is an idiom, not a doubt;
- "bis wann offen?" is answered by a closing time even where the question's noun occurs
  in the text only as the first part of another compound;
- "ab wann gilt X?": a date right after a noun ("ein Beschluss vom März") dates that act,
  not the rule's start; "soll mit ... greifen" puts the rule in force;
- "Bis dahin muss ..." answers "bis wann?" with the time of the sentence before;
- "Warum muss X zahlen?" is not answered by what X pays by choice ("will ... zahlen");
- "ab wann?" answered by a stage, not a date ("erst ab der dritten Runde");
- "Was muss X tun, damit es wieder ... darf?" asks for the condition.
"""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.question import tokenize
from nlp_policy.qa.reasons import SURE, strength

REFUSAL = "Dazu enthält der Text keine Angabe."

POOL = (
    "Freibad Lindenau öffnet schon im Mai\n\n"
    "Das Freibad in Lindenau öffnet in diesem Jahr zwei Wochen früher als geplant. "
    "Das gab Sportdezernentin Helga Brenner am Dienstag im Rathaus bekannt. "
    "Eigentlich hätte die Saison erst am 1. Juni beginnen sollen. "
    "Nun starte der Betrieb bereits am 15. Mai, sagte die Dezernentin. "
    "Die Sanierung der Becken sei abgeschlossen, das Personal vollständig eingestellt, und die Wetterdienste rechneten mit einem warmen Frühjahr.\n\n"
    "Der Eintritt kostet weiterhin vier Euro. "
    "Wer im Zweifel ist, ob er schwimmen darf, fragt die Aufsicht.\n"
)

AGENCY = (
    "Behörde nimmt Hustensaft Pulmofix vom Markt\n\n"
    "Hannover – Der Hustensaft Pulmofix darf in Deutschland nicht mehr verkauft werden. "
    "Die Arzneimittelbehörde hat am Montag den Vertrieb untersagt, nachdem der Hersteller im Winter zugestimmt hatte. "
    "Apotheken müssen die Flaschen bis Ende des Monats zurückgeben.\n\n"
    "Grundlage der Entscheidung ist ein Bericht eines unabhängigen Prüflabors aus dem vergangenen Herbst. "
    "Die Chemiker des Labors waren zu dem Schluss gekommen, dass der Saft nicht mehr als unbedenklich gelten könne. "
    "Eine Schädigung der Leber lasse sich bei Kindern nicht ausschließen. "
    "Die Behörde will die Lage im Sommer erneut prüfen.\n"
)

QUARTER = (
    "Neue Regeln für das Hafenviertel\n\n"
    "Die Stadt Möwenhaven verschärft die Regeln für das Hafenviertel. "
    "Seit dem 1. März müssen Lokale im Hafenviertel in den Nächten auf Samstag und Sonntag um 1 Uhr schließen. "
    "Der Verkauf von Alkohol an Kiosken ist ab 22 Uhr untersagt. "
    "Die Polizei kontrolliert die Einhaltung an allen Wochenenden.\n\n"
    "Der Tourismusverband wirbt im Ausland weiter für das Viertel. "
    "Wer nach Kneipentouren sucht, findet auf der Webseite der Stadt nun einen Hinweis auf die Regeln.\n"
)


LIBRARY = (
    "Stadtbibliothek Kornbach begrenzt Ausleihen\n\n"
    "Kornbach – Im Streit um die Höchstzahl an Ausleihen in der Stadtbibliothek hat der Stadtrat am Donnerstag zugunsten der Leitung entschieden. "
    "Damit ist ein Beschluss des Kulturausschusses vom März hinfällig. "
    "Der Ausschuss hatte verlangt, die Zahl der Medien pro Ausweis nicht zu verringern.\n\n"
    "Die Leitung will die Zahl der ausleihbaren Medien von 30 auf 20 pro Ausweis senken. "
    "Die Begrenzung soll mit dem neuen Schuljahr Anfang September greifen und zunächst für ein Jahr gelten. "
    "E-Books sollen frühestens ab 2027 nur noch zehn Tage ausleihbar sein.\n"
)


COURT = (
    "Gericht kippt Gebührenordnung der Musikschule\n\n"
    "Das Verwaltungsgericht Talheim hat die neue Gebührenordnung der städtischen Musikschule für unwirksam erklärt. "
    "Die Entscheidung wird erst mit Ablauf des 30. Juni 2027 wirksam. "
    "Bis dahin muss der Gemeinderat eine neue, rechtmäßige Ordnung beschließen. "
    "Die Eltern zahlen vorerst die alten Beiträge.\n"
)

CLINIC = (
    "Bußgeld gegen Zahnklinik Sonnenhang\n\n"
    "Stuttgart – Die Landesdatenschutzbehörde hat gegen die Zahnklinik Sonnenhang ein Bußgeld von 80.000 Euro verhängt. "
    "Grund ist die unverschlüsselte Weitergabe von Röntgenbildern an ein Abrechnungsbüro. "
    "Das Abrechnungsbüro hatte die Bilder jahrelang auf einem offenen Server gespeichert.\n\n"
    "Die Klinik zeigte sich einsichtig. "
    "Die Zahnklinik will den betroffenen Patientinnen und Patienten zudem einen Schadensersatz von je 200 Euro zahlen; das sei ein Zeichen der Reue, sagte der Klinikleiter.\n"
)


CUP = (
    "Pokal: Videobeweis kommt früher\n\n"
    "Der Landesverband führt im Pokal den Videobeweis ein. "
    "Am Samstag wurde der Videobeweis beim Spiel in Grünwald erstmals getestet. "
    "Der Videobeweis war ursprünglich erst ab der dritten Runde vorgesehen, wird aber schon in der zweiten Runde eingesetzt. "
    "Die Kosten trägt der Verband.\n"
)


KIOSK = (
    "Stadt sperrt Eiswagen am Strandbad\n\n"
    "Die Stadt Seewald hat den Verkauf an drei Eiswagen am Strandbad untersagt. "
    "Das Verbot betrifft vier Wagen von zwei Händlern. "
    "Der Verkauf ist wieder erlaubt, wenn eine Kontrolle der Kühlung ohne Beanstandung endet. "
    "Die Kosten der Kontrolle tragen die Händler. "
    "Wer trotzdem verkauft, muss mit einem Bußgeld von bis zu 2.000 Euro rechnen.\n"
)


@pytest.fixture(scope="module")
def records(records_of):
    return records_of({"kiosk": KIOSK, "cup": CUP, "pool": POOL, "agency": AGENCY, "quarter": QUARTER, "library": LIBRARY, "court": COURT, "clinic": CLINIC})


@pytest.mark.parametrize(
    "doc, question, expected",
    [
        # the announcer's justification in reported speech, no reason word in it
        ("pool", "Warum öffnet das Freibad früher als geplant?", "Sanierung"),
        # a stated ground, the finding, and what it could not rule out
        ("agency", "Warum wird Pulmofix verboten?", "Leber"),
        ("agency", "Weshalb hat die Behörde den Vertrieb des Hustensafts untersagt?", "Leber"),
    ],
)
def test_why_without_cue_word(records, doc, question, expected):
    a = answer_question(question, records[doc])
    assert a.answer != REFUSAL, a.route
    assert expected in a.answer, (a.route, a.answer)


def test_reported_rule_is_no_ground(records):
    """The sentence that reports the new date itself ("Nun starte ...") is the
    announcement, not its ground."""
    a = answer_question("Warum öffnet das Freibad früher als geplant?", records["pool"])
    assert "Sanierung" in a.answer and "Der Eintritt" not in a.answer, a.answer


def _strength(sentence: str) -> float:
    toks = tokenize(sentence)
    return strength(toks, " " + " ".join(t.folded for t in toks) + " ", sentence)


@pytest.mark.parametrize(
    "sentence, sure",
    [
        ("Die Gutachter kamen zu dem Schluss, dass die Brücke nicht mehr tragfähig sei.", True),  # a finding
        ("Ein Zusammenhang mit dem Wasser lasse sich nicht ausschließen.", True),  # a risk not ruled out
        ("Grundlage der Entscheidung ist eine Zählung der Fahrgäste.", True),  # the ground it rests on
        ("Die Stadt stützt sich auf eine Umfrage unter Anwohnern.", True),
        ("Im Zweifel entscheidet der Schiedsrichter.", False),  # an idiom, not a doubt
        ("Es bestehen Zweifel an der Sicherheit der Anlage.", True),  # a doubt
    ],
)
def test_reason_cues_of_findings(sentence, sure):
    assert (_strength(sentence) >= SURE) is sure


def test_closing_time_answers_open_until(records):
    """'Bis wann dürfen Kneipen offen haben?' - 'müssen ... um 1 Uhr schließen'; the text
    uses 'Kneipe' only inside another compound, so it does not tie the time to another topic."""
    a = answer_question("Bis wann dürfen Kneipen im Viertel am Wochenende offen haben?", records["quarter"])
    assert a.answer != REFUSAL, a.route
    assert "1 Uhr" in a.answer, (a.route, a.answer)


@pytest.mark.parametrize("question", ["Ab wann gilt die neue Begrenzung?", "ab wann gilt die begrenzung"])
def test_in_force_not_the_date_of_another_act(records, question):
    a = answer_question(question, records["library"])
    assert "September" in a.answer and "März" not in a.answer, (a.route, a.answer)


@pytest.mark.parametrize(
    "time, sentence, relation",
    [
        ("vom März", "Damit ist ein Beschluss des Ausschusses vom März hinfällig.", None),  # dates the act
        ("vom 1. März", "Die Regel gilt vom 1. März an für alle Bezirke.", "start"),
        ("vom 1. März", "Die Sperre gilt vom 1. März bis Ende Mai.", "start"),
        ("vom 1. März", "Die Sperrung gilt vom 1. März.", "start"),  # after a verb: the start
        ("ab dem 1. März", "Der Beschluss ab dem 1. März gilt überall.", "start"),  # 'ab' always opens
    ],
)
def test_attributive_date_has_no_start(time, sentence, relation):
    from nlp_policy.qa.evidence import relation_in

    assert relation_in(time, sentence) == relation


@pytest.mark.parametrize("question", ["Bis wann muss der Gemeinderat eine neue Ordnung beschließen?", "bis wann muss der gemeinderat eine neue ordnung beschliessen"])
def test_until_then_takes_the_time_before(records, question):
    a = answer_question(question, records["court"])
    assert a.answer != REFUSAL, a.route
    assert a.answer.startswith("30. Juni 2027") or "30. Juni 2027" in a.answer.split(":")[0], a.answer


def test_owed_not_chosen(records):
    a = answer_question("Warum muss die Zahnklinik zahlen?", records["clinic"])
    assert "Röntgenbildern" in a.answer and "Reue" not in a.answer, (a.route, a.answer)


def test_start_bounded_by_a_stage(records):
    a = answer_question("Ab wann sollte der Videobeweis eigentlich erst kommen?", records["cup"])
    assert "dritten Runde" in a.answer and "Samstag" not in a.answer, (a.route, a.answer)


def test_what_to_do_to_be_allowed_asks_the_condition(records):
    a = answer_question("Was muss ein Händler tun, damit er seinen Eiswagen wieder öffnen darf?", records["kiosk"])
    assert "Kühlung" in a.answer, (a.route, a.answer)
