"""Yes/no questions whose verdict turns on a reasoning step unseen reporting needs
(own invented German texts, extracted by the offline pipeline):

* a court or body that confirms a rule or turns the challenge down ("bestätigte",
  "wies zurück", "bleibt in Kraft") did not lift it, even where a lifting was asked
  for and refused ("lehnte es ab, die Regel auszusetzen");
* "Gilt X schon ab <Monat>?" is decided by the sentence that names X, when it puts X
  at a later time, not by a sentence about another rule at the month asked;
* a transition period for stock made before the rule ("vor dem Stichtag hergestellt
  ... dürfen noch bis ... verkauft werden") answers "Darf X, das im Mai hergestellt
  wurde, noch verkauft werden?" with yes;
* "Ist X schon dauerhaft beschlossen?" is answered no by a sentence that calls the
  rule temporary or a trial ("gilt zunächst probeweise"), though the cited one is silent;
* an exception that was taken back ("waren anfangs ausgenommen; die Ausnahme ist gestrichen")
  no longer exempts: "Darf ich X noch ...?" is answered no;
* "Ich habe Fieber, darf ich trotzdem ...?" and "Wer Fieber hat, wird abgewiesen, selbst
  wenn er sonst zu den Ausnahmen zählt": no (an exception word inside "selbst wenn ..."
  opens no way out);
* a numeral written as a word is its number ("12 kg" finds "zwölf Kilogramm");
* "Mussten X auch Y tun?" is answered yes by the sentence that states Y as a duty of
  X; a limiting word inside its "falls ..." clause conditions the duty, it does not
  narrow whom it reaches.
"""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.hypothesis import cue_positions
from nlp_policy.qa.question import tokenize

STADIUM = (
    "Landgericht bestätigt Pyrotechnik-Verbot im Stadion Kellerau\n\n"
    "Kellerau – Der Fanverband des SV Kellerau ist mit seiner Klage gegen das Pyrotechnik-Verbot im Stadion gescheitert. "
    "Das Landgericht Kellerau hat die Klage des Fanverbands am Dienstag abgewiesen. "
    "Das Verbot bleibt damit in Kraft. "
    "Die Richter folgten der Argumentation des Vereins, der auf verletzte Ordner verwiesen hatte. "
    "Eine vorläufige Aussetzung des Verbots hatten die Richter schon im Sommer abgelehnt. "
    "Der Fanverband will nun prüfen, ob er in Berufung geht.\n"
)

PARKING = (
    "Stadt Morbach begrenzt Parkzeiten am Bahnhof\n\n"
    "Morbach – Die Stadt Morbach begrenzt das Parken am Bahnhof auf zwei Stunden. "
    "Die Begrenzung soll mit dem neuen Fahrplan Anfang März greifen und zunächst für ein Jahr gelten. "
    "Ein Parkverbot für Wohnmobile soll frühestens ab 2027 kommen, der Stadtrat muss es noch beschließen. "
    "Die Stadt begründet die Regel mit fehlenden Stellplätzen für Pendler.\n"
)

PAINT = (
    "Land Brennhausen verbietet bleihaltige Farben\n\n"
    "Brennhausen – Das Land Brennhausen verbietet bleihaltige Farben für Spielzeug. "
    "Ab dem 1. Oktober dürfen Hersteller solche Farben nicht mehr verwenden. "
    "Für Spielzeug, das schon vor dem Stichtag hergestellt wurde, gilt eine Übergangsfrist: es darf noch bis zum Ende des Jahres verkauft werden. "
    "Das Umweltministerium verweist auf Gesundheitsrisiken für Kleinkinder.\n"
)

CANTEEN = (
    "Gericht kippt Preisregel für Kantinen\n\n"
    "Lindau – Das Verwaltungsgericht hat die Preisregel der Stadt Lindau für Kantinen für nichtig erklärt. "
    "Die Regel hatte einen Höchstpreis für das Tagesgericht festgelegt. "
    "Seit dem Frühjahr mussten Kantinenbetreiber überhöhte Preise außerdem absenken, falls diese bestimmte Grenzwerte deutlich überstiegen. "
    "Die Betreiber hatten gegen die Regel geklagt.\n"
)


LIBRARY = (
    "Stadtbibliothek Ohlen öffnet sonntags\n\n"
    "Ohlen – Die Stadtbibliothek Ohlen öffnet künftig auch am Sonntag. "
    "Leser dürfen dann zwischen 11 und 17 Uhr Bücher ausleihen und zurückgeben. "
    "Der Lesesaal bleibt am Sonntag allerdings geschlossen. "
    "Die Regelung gilt zunächst versuchsweise bis Ende Juni. "
    "Über eine Fortsetzung entscheidet der Kulturausschuss im Sommer.\n"
)


GYM = (
    "Turnhalle Rainfeld verbietet Straßenschuhe\n\n"
    "Rainfeld – Die Gemeinde Rainfeld hat das Betreten der Turnhalle mit Straßenschuhen untersagt. "
    "Zuschauer mit Kindern unter drei Jahren waren anfangs ausgenommen; diese Ausnahme hat die Gemeinde nach Beschwerden der Vereine gestrichen. "
    "Wer gegen die Regel verstößt, muss die Halle verlassen.\n"
)


POOL = (
    "Hallenbad Wiesel sperrt Sauna für Gäste\n\n"
    "Wiesel – Das Hallenbad Wiesel hat die Sauna für Tagesgäste gesperrt. "
    "Inhaber einer Jahreskarte dürfen die Sauna weiterhin nutzen. "
    "Wer Fieber hat, wird abgewiesen, selbst wenn er sonst zu den Ausnahmen zählt. "
    "Das Bad begründet die Sperre mit Personalmangel.\n"
)


@pytest.fixture(scope="module")
def records(records_of):
    return records_of({"stadium": STADIUM, "parking": PARKING, "paint": PAINT, "canteen": CANTEEN, "library": LIBRARY, "gym": GYM, "pool": POOL})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Das Gericht hat die Klage abgewiesen.", True),
        ("Das Verbot bleibt in Kraft.", True),
        ("Der Senat bestätigte das Urteil.", True),
        ("Die Richter folgten der Argumentation des Vereins.", True),
        ("Das Gericht hob das Verbot auf.", False),
    ],
)
def test_upheld_cues(text, expected):
    assert bool(cue_positions(tokenize(text), "upheld")) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Für Restbestände gilt eine Übergangsfrist.", True),
        ("Ware, die vor dem Stichtag hergestellt wurde, darf noch verkauft werden.", True),
        ("Ab Mai darf die Ware nicht mehr verkauft werden.", False),
    ],
)
def test_transition_cues(text, expected):
    assert bool(cue_positions(tokenize(text), "transition")) is expected


@pytest.mark.parametrize(
    "doc, question, verdict, needle",
    [
        # confirmed, and the lifting asked for was refused: not lifted
        ("stadium", "Hat das Landgericht das Pyrotechnik-Verbot aufgehoben?", "no", "abgewiesen"),
        # the rule asked about comes later than the month asked
        ("parking", "Gilt das Parkverbot für Wohnmobile auch schon ab März?", "no", "frühestens ab 2027"),
        # the month of the other rule still decides that rule
        ("parking", "Gilt die Begrenzung schon ab März?", "yes", None),
        # stock made before the date: a sell-off period
        ("paint", "Darf ein Spielzeug mit bleihaltiger Farbe, das im August hergestellt wurde, im November noch verkauft werden?", "yes", "bis zum Ende des Jahres"),
        # a trial run: not permanent
        ("library", "Dürfen Leser in der Stadtbibliothek Ohlen dauerhaft am Sonntag Bücher ausleihen?", "no", "versuchsweise"),
        # an exception taken back exempts no more; "3" is "drei"
        ("gym", "Dürfen Zuschauer mit Kindern unter 3 Jahren die Turnhalle noch mit Straßenschuhen betreten?", "no", "gestrichen"),
        # the asker's situation is turned away, whatever exception he falls under
        ("pool", "Ich habe Fieber, darf ich mit meiner Jahreskarte trotzdem in die Sauna?", "no", "abgewiesen"),
        # the duty stated in its own sentence, with its condition
        ("canteen", "Mussten Kantinenbetreiber unter der Preisregel zu hohe Preise auch senken?", "yes", "absenken"),
    ],
)
def test_round2_verdicts(records, doc, question, verdict, needle):
    a = answer_question(question, records[doc])
    assert a.verdict == verdict, a.answer
    if needle:
        assert needle in a.answer, a.answer
