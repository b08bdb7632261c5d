"""A yes/no answer states the detail that decides it: the widening that names what
a "nur X?" asks about, the place a "ganz/komplett ...?" rule is limited to, a text
that denies the question's own qualifier ("automatisch"), a place that made its own
rule; and a compensation or parent company asked under another name (own short
German texts, extracted by the offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question

CLUB = (
    "Sportverein Birkenau schränkt Hallenzeiten ein\n\n"
    "Der Sportverein Birkenau untersagt seinen Mitgliedern vorerst das Training am Sonntag. "
    "Die Beschränkung betrifft neben dem Tischtennis auch andere Sparten wie Badminton und Judo. "
    "Das Thema beschäftigt nicht nur den Verein.\n\n"
    "Automatisch endet die Sperre im Frühjahr allerdings nicht. "
    "Vor einer Öffnung will der Vorstand mit dem Hausmeister prüfen, ob die Heizung wieder läuft.\n\n"
    "Der Verein will das Training am Abend wieder in größerem Umfang zulassen. "
    "Man öffne die Halle für Jugendgruppen in Oberhausen, teilte der Vorstand mit.\n"
)

FIRM = (
    "Bußgeld gegen Kaffeeröster\n\n"
    "Die Aufsicht hat gegen die Röstwerk Nord GmbH eine Geldbuße von zwei Millionen Euro verhängt. "
    "Die Firma will den betroffenen Kunden zudem einen Schadensersatz zahlen.\n\n"
    "In einer früheren Version dieses Textes hieß es, das Bußgeld richte sich gegen die dänische Konzernmutter. "
    "Tatsächlich ist Adressat die Tochter in Bremen.\n"
)

ISLAND = (
    "Verbot von Laubbläsern\n\n"
    "Die Regierung verbietet ab März den Verkauf lauter Laubbläser.\n\n"
    "Die Regeln gelten nur in England und Wales. "
    "Nachdem Händler ihre Geräte zunehmend nach Schottland lieferten, zog die dortige Regionalregierung nach: "
    "In Schottland soll der Verkauf ab dem 1. Mai verboten sein.\n"
)

GARDEN = (
    "Neue Regeln für Kleingärten\n\n"
    "Seit dem 1. März dürfen neue Gartenhäuser in der Anlage nicht mehr mit Ölöfen beheizt werden. "
    "Eine Verlängerung der Pachtfrist ist in der Satzung vorgesehen, allerdings nur einmal um zwei Jahre.\n"
)

CANTEEN = (
    "Kantine verbannt Energydrinks\n\n"
    "Die Kantine des Klinikums verkauft ab Montag keine Energydrinks mehr an Besucher. "
    "Die Küchenangestellten sind vom Verkaufsverbot für Energydrinks nicht erfasst.\n"
)
BAKERY = (
    "Bäckerei stoppt Gutscheine\n\n"
    "Die Bäckerei Kornblum hat beschlossen, die Rabattgutscheine bis zum Jahresende auszusetzen. "
    "Der Stadtrat lehnte es ab, die Parkgebühren in der Altstadt auszusetzen.\n"
)

TABLETS = (
    "Schule verbannt Tablets\n\n"
    "Die Realschule Lindenhof verbietet ab Montag Tablets im Unterricht. "
    "Wer bereits ein Tablet besitzt, muss es nicht abgeben.\n\n"
    "Rund 600 Schüler nutzten ihre Tablets täglich, sagte der Direktor.\n"
)


@pytest.fixture(scope="module")
def records(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    out = {}
    for name, text in (("club", CLUB), ("firm", FIRM), ("island", ISLAND), ("garden", GARDEN), ("canteen", CANTEEN), ("bakery", BAKERY), ("tablets", TABLETS)):
        path = tmp_path_factory.mktemp("detail") / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out[name] = extract(path, nlp=nlp)
    return out


@pytest.mark.parametrize(
    "doc, question, verdict, contains",
    [
        # "nur X?": the widening that names X, not the text's other "nicht nur"
        ("club", "Betrifft die Sperre beim Sportverein nur das Tischtennis?", "no", "Badminton"),
        # the question's own qualifier denied, with what happens instead
        ("club", "Darf man nach dem Frühjahr automatisch wieder trainieren?", "no", "Hausmeister"),
        # "komplett ...?" and the next sentence naming the place the easing is limited to
        ("club", "Ist das Training am Abend jetzt wieder komplett erlaubt?", "no", "Oberhausen"),
        # another region made its own rule; the rule asked about is limited to other places
        ("island", "Gilt das Laubbläser-Verbot auch in Schottland?", "no", "England und Wales"),
        # a retracted addressee named by a compound the other way round
        ("firm", "Richtet sich das Bußgeld gegen den dänischen Mutterkonzern?", "no", "Tatsächlich"),
        # the negation that is the ban itself answers "Gilt das Verbot für X?" with yes
        ("garden", "Gilt das Verbot für neue Gartenhäuser?", "yes", "Ölöfen"),
        # what a rule provides for is no plan
        ("garden", "Kann die Pachtfrist noch verlängert werden?", "yes", "Satzung"),
        # one group under two generic heads ("-leute", "-angestellte")
        ("canteen", "Dürfen die Küchenleute weiter Energydrinks kaufen?", "yes", "Küchenangestellten"),
        # a practice put on hold answers "im Moment noch?" with no
        ("bakery", "Gibt die Bäckerei im Moment noch Rabattgutscheine aus?", "no", "auszusetzen"),
        # "Müssen X Y abgeben?" is decided by the sentence about handing in, not the best one about X
        ("tablets", "Müssen die Schüler ihre Tablets jetzt abgeben?", "no", "nicht abgeben"),
        # compensation asked under another name
        ("firm", "Bekommen die Kunden eine Entschädigung?", "yes", "Schadensersatz"),
    ],
)
def test_the_answer_states_the_deciding_detail(records, doc, question, verdict, contains):
    a = answer_question(question, records[doc])
    assert a.verdict == verdict, a.answer
    assert contains in a.answer, a.answer


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("verwaltungsleut", "verwaltungsangestellten", True),
        ("pflegekraeft", "pflegepersonal", True),
        ("pflegekraeft", "reinigungspersonal", False),  # another first part: another group
        ("hausmeist", "hauspersonal", False),  # no generic head on one side
    ],
)
def test_compounds_of_generic_person_heads_name_one_group(a, b, same):
    from nlp_policy.qa.question import _same_group

    assert _same_group(a, b) is same


def test_a_refused_suspension_puts_nothing_on_hold(records):
    a = answer_question("Werden im Moment noch Parkgebühren in der Altstadt verlangt?", records["bakery"])
    assert a.route != "entail-former", a.answer
