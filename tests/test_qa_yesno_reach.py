"""Yes/no questions whose verdict turns on how the text words the rule's reach:
a tag-question tail ("..., oder nicht?") that negates nothing, an entity called
by the noun of its description in a later sentence ("den Dienst" after "der
Lieferdienst Flinkrad"), and an exception whose excepted subject stands before
a sentence-final "waren ausgenommen" with its own relative clause (own invented
German texts, extracted by the offline pipeline)."""

from __future__ import annotations

import pytest

from nlp_policy.qa.answer import answer_question
from nlp_policy.qa.hypothesis import hypothesis_of
from nlp_policy.qa.question import analyse

DELIVERY = (
    "Stadt Kaltenau sperrt Lieferdienst Flinkrad – und gibt ihn wieder frei\n\n"
    "Kaltenau – Die Stadt Kaltenau hat dem Lieferdienst Flinkrad im März vorübergehend den Betrieb in der Fußgängerzone untersagt. "
    "Die Fahrer waren zu schnell unterwegs gewesen. "
    "Betroffen war allerdings nur die Auslieferung per E-Roller. "
    "Kurierfirmen, die für Flinkrad mit Lastenrädern Pakete in die Innenstadt bringen, waren ausgenommen. "
    "Seit Montag darf der Dienst in der Fußgängerzone wieder ausliefern.\n"
)


LEAGUE = (
    "Handballverband verbietet Harz in der Oberliga\n\n"
    "Der Landesverband Nord hat seinen Vereinen untersagt, in der Oberliga Haftmittel zu verwenden. "
    "Das Verbot gilt nur für Hallen mit neuem Parkettboden. "
    "Nur wenige Wochen später zog der Landesverband Süd nach. "
    "Auch dort ist Harz in den Hallen der Oberliga nun verboten. "
    "Der Landesverband West kündigte eine ähnliche Regelung an.\n"
)


CLINIC = (
    "Klinikum Seehausen verbietet Messenger-App Chatly auf Dienst-Tablets\n\n"
    "Seehausen – Das Klinikum Seehausen hat seinen Ärztinnen und Ärzten untersagt, die Messenger-App Chatly auf dienstlichen Tablets zu nutzen. "
    "Die Klinikleitung begründete das mit dem Schutz von Patientendaten. "
    "Private Tablets ohne Zugang zum Kliniknetz sind ausgenommen.\n"
)


@pytest.fixture(scope="module")
def clinic(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(CLINIC, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the exception names an attribute ("privat") the rule does not, and limits the body's statement of the headline's rule
        ("Ist Chatly auf den privaten Tablets der Ärzte verboten?", "no"),
        ("Is Chatly banned on the private tablets of the doctors?", "no"),
        ("Ist Chatly auf den dienstlichen Tablets der Ärzte verboten?", "yes"),
    ],
)
def test_exception_by_attribute(clinic, question, verdict):
    a = answer_question(question, clinic)
    assert a.verdict == verdict, a.answer


BROKER = (
    "Aufsicht verbietet Datenhändler Trackwise den Verkauf sensibler Gesundheitsdaten\n\n"
    "Die Aufsichtsbehörde hat dem Datenhändler Trackwise untersagt, sensible Gesundheitsdaten von Versicherten zu verkaufen. "
    "Andere Gesundheitsdaten darf Trackwise weiterhin verkaufen, allerdings nur mit Einwilligung der Versicherten. "
    "Ausgenommen von dem Verbot sind Übermittlungen an Forschungsinstitute, nicht jedoch Verkäufe an Versicherungen.\n"
)


@pytest.fixture(scope="module")
def broker(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(BROKER, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict, needle",
    [
        # the rule narrows the thing ("sensible"); a permission keeps the rest allowed
        ("Darf Trackwise noch Gesundheitsdaten verkaufen?", "yes", "weiterhin"),
        ("darf trackwise überhaupt noch gesundheitsdaten verkaufen", "yes", "weiterhin"),
        # "nicht jedoch": what the exception leaves out stays forbidden
        ("Dürfen Versicherungen jetzt noch Gesundheitsdaten von Trackwise kaufen?", "no", "Gesundheitsdaten"),
        ("dürfen versicherungen jetzt noch gesundheitsdaten von trackwise kaufen", "no", "Gesundheitsdaten"),
        ("Dürfen Forschungsinstitute Gesundheitsdaten von Trackwise erhalten?", "yes", "Forschungsinstitute"),
    ],
)
def test_still_allowed_and_left_out(broker, question, verdict, needle):
    a = answer_question(question, broker)
    assert a.verdict == verdict, a.answer
    assert needle in a.answer


@pytest.fixture(scope="module")
def league(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(LEAGUE, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict, needle",
    [
        # "zog ... nach": the other party did the same; its "nur wenige Wochen später" limits nothing
        ("Hat der Landesverband Süd Harz ebenfalls verboten?", "yes", "zog der Landesverband Süd nach"),
        # only announced: not (yet) done
        ("Hat der Landesverband West Harz ebenfalls verboten?", "no", "Landesverband West"),
    ],
)
def test_followed_suit(league, question, verdict, needle):
    a = answer_question(question, league)
    assert a.verdict == verdict, a.answer
    assert needle in a.answer


@pytest.mark.parametrize(
    "sentence, limits",
    [
        ("Nur wenige Tage später zog das Parlament nach.", False),
        ("Nur zwei Wochen nach dem Urteil lenkte die Stadt ein.", False),
        ("Das Verbot gilt nur für Hallen mit neuem Boden.", True),
        ("Nur Mitglieder dürfen die Halle nutzen.", True),
    ],
)
def test_nur_of_a_time_phrase_limits_nothing(sentence, limits):
    from nlp_policy.qa.hypothesis import evidence_cues

    assert bool(evidence_cues(sentence, "limiting")) is limits


@pytest.fixture(scope="module")
def record(nlp, tmp_path_factory):
    from nlp_policy.extraction.document import extract

    path = tmp_path_factory.mktemp("reach") / "delivery.txt"
    path.write_text(DELIVERY, encoding="utf-8")
    return extract(path, nlp=nlp)


@pytest.mark.parametrize(
    "question, negated",
    [
        ("Darf Flinkrad wieder ausliefern, oder nicht?", False),
        ("darf flinkrad wieder ausliefern oder nich", False),
        ("Gilt die Sperre noch, ja oder nein?", False),
        ("Darf Flinkrad nicht mehr ausliefern?", False),  # read as "is it banned?", not as a negated claim
        ("Ist es wahr, dass die Sperre nicht mehr gilt?", True),
    ],
)
def test_tag_question_tail_negates_nothing(question, negated):
    assert hypothesis_of(analyse(question)).negated is negated


@pytest.mark.parametrize(
    "question, verdict, needle",
    [
        # "den Dienst" is Flinkrad: its description calls it a Lieferdienst ... Dienst
        ("Darf Flinkrad in der Fußgängerzone wieder ausliefern, oder nicht?", "yes", "wieder ausliefern"),
        # the excepted subject of "..., waren ausgenommen" with its relative clause
        ("Durften Kurierfirmen mit Lastenrädern während der Sperre weiter Pakete bringen?", "yes", "ausgenommen"),
    ],
)
def test_reach_of_the_rule(record, question, verdict, needle):
    a = answer_question(question, record)
    assert a.verdict == verdict, a.answer
    assert needle in a.answer


PARK = (
    "Grillverbot im Auenpark ausgesetzt\n\n"
    "Die Stadt Mettbach hat ihr Verbot, im Auenpark Grills aufzustellen, nach dem Regen vorerst ausgesetzt. "
    "Seit Samstag dürfen Familien dort wieder ihre Holzkohle anzünden, allerdings nur auf der Wiese am Fluss.\n"
)


def test_restored_by_the_sentence_after_the_rule(nlp):
    """ "dort wieder" names neither the park nor the grills; the sentence before it, in the
    same paragraph, does."""
    from nlp_policy.extraction.document import extract_text

    a = answer_question("Darf man im Auenpark wieder Grills aufstellen?", extract_text(PARK, nlp=nlp))
    assert a.verdict == "yes", a.answer
    assert "wieder ihre Holzkohle" in a.answer


COURT = (
    "Gericht beanstandet Parkgebührensatzung von Ostfelden\n\n"
    "Das Verwaltungsgericht hat die Parkgebührensatzung der Stadt Ostfelden beanstandet. "
    "Die Stadt muss die Satzung bis Ende März nachbessern; bis dahin bleibt die Satzung mit Einschränkungen anwendbar.\n"
)


def test_remains_applicable_until_the_deadline(nlp):
    """ "bis dahin bleibt ... anwendbar": still allowed until the deadline (the time words
    "Ende", "März" are not things the text must name)."""
    from nlp_policy.extraction.document import extract_text

    a = answer_question("Darf Ostfelden seine Satzung bis Ende März noch anwenden?", extract_text(COURT, nlp=nlp))
    assert a.verdict == "yes", a.answer
    assert "anwendbar" in a.answer


FERRY = (
    "Reederei Nordlicht schränkt E-Bikes an Bord ein\n\n"
    "Kiel – Die Reederei Nordlicht verbannt E-Bikes von den Autodecks ihrer Fähren. "
    "Fahrgäste dürfen pro Person höchstens ein E-Bike mitnehmen, ausschließlich im Fahrradraum und mit ausgebautem Akku. "
    "Für bereits gebuchte Überfahrten gilt ein Bestandsschutz; die Buchungen müssen nicht storniert werden. "
    "Ein generelles Akkuverbot, wie es andere Reedereien eingeführt haben, ist mit der Regel nicht verbunden. "
    "Korrektur: In einer früheren Version dieses Artikels hieß es, die Reederei werde auch Fahrradanhänger verbieten. Das ist falsch. "
    "Anhänger bleiben an Bord erlaubt.\n"
)


@pytest.fixture(scope="module")
def ferry(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(FERRY, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict, needle",
    [
        # a limit with a word of permission that names the asked verb keeps it allowed
        ("kann ich mein e-bike überhaupt noch auf der fähre mitnehmen", "yes", "höchstens ein E-Bike"),
        # the negation of the main clause around an embedded "wie es ... haben"
        ("Verbietet die Regel auch Akkus generell?", "no", "nicht verbunden"),
        # on a tie, the part of the sentence with the question's verb decides
        ("muss ich meine schon gebuchte überfahrt jetzt stornieren?", "no", "nicht storniert"),
        # a claim reported in an earlier, wrong version of the article
        ("werden fahrradanhänger jetzt verboten", "no", "falsch"),
    ],
)
def test_reach_in_the_wording(ferry, question, verdict, needle):
    a = answer_question(question, ferry)
    assert a.verdict == verdict, a.answer
    assert needle in a.answer


@pytest.mark.parametrize(
    "question, kind, wh",
    [
        ("Startet die Zone wie ursprünglich geplant am 1. April?", "keyword", None),  # "wie" compares
        ("Kommt das Verbot wie angekündigt im Mai?", "yesno", None),
        ("Bis wann gilt das Verbot?", "wh", "when"),
        ("Und wann kommt das Verbot?", "wh", "when"),
        ("Mit wem hat die Stadt verhandelt?", "wh", "who"),
    ],
)
def test_question_word_after_the_verb_asks_nothing(question, kind, wh):
    q = analyse(question)
    assert (q.kind, q.wh) == (kind, wh)
    assert q.is_yesno is (kind != "wh")


def test_lifting_yes_says_how(nlp):
    """ "Hat das Gericht das Verbot gekippt?": the yes comes with the next sentence's lifting
    clause, which says how ("für unwirksam erklärt")."""
    from nlp_policy.extraction.document import extract_text

    text = (
        "Gericht kippt Grillverbot am Seeufer\n\n"
        "Die Gemeinde Waldsee ist mit ihrem Grillverbot am Seeufer vor Gericht gescheitert. "
        "Das Verwaltungsgericht erklärte die Verordnung am Dienstag für unwirksam.\n"
    )
    a = answer_question("hat das gericht das grillverbot echt gekippt", extract_text(text, nlp=nlp))
    assert a.verdict == "yes", a.answer
    assert "unwirksam" in a.answer, a.answer


def test_no_with_what_remains_allowed(nlp):
    """ "Kann ich X nach Mitte März noch im Supermarkt kaufen?": no, and the sentence saying
    where it still may be sold; "Mitte" is a time word, not a thing the text must name."""
    from nlp_policy.extraction.document import extract_text

    text = (
        "Lachgas verschwindet aus den Supermärkten\n\n"
        "Lachgas-Kartuschen dürfen ab dem 15. März im Supermarkt und am Kiosk nicht mehr verkauft werden. "
        "Verkaufen darf sie dann nur noch der Fachhandel für Gastronomie.\n"
    )
    a = answer_question("Kann ich die Lachgas-Kartuschen nach Mitte März noch im Supermarkt kaufen?", extract_text(text, nlp=nlp))
    assert a.verdict == "no", a.answer
    assert "Fachhandel" in a.answer, a.answer


TRAIN = (
    "Bahn sperrt E-Scooter in Regionalzügen\n\n"
    "Hannover – Die Regionalbahn Nordland nimmt ab dem 1. März keine E-Scooter mehr in ihren Zügen mit. "
    "Der Fahrgastverband kritisierte die Entscheidung. "
    "Das Zugpersonal soll gemeinsam mit der Bundespolizei kontrollieren.\n\n"
    "Korrektur: In einer früheren Fassung hieß es, das Verbot gelte auch für Busse. Tatsächlich betrifft es nur die Züge.\n"
)


@pytest.fixture(scope="module")
def train(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(TRAIN, nlp=nlp)


@pytest.mark.parametrize(
    "question, verdict, needle, lacks",
    [
        # a reaction of the opposite kind
        ("Hat der Fahrgastverband die Entscheidung begrüßt?", "no", "kritisierte", None),
        # "gemeinsam mit": not only one of them
        ("Kontrolliert nur die Bundespolizei?", "no", "gemeinsam mit", None),
        # the correction answers what it corrects, not every question about the rule
        ("Gilt das Verbot auch für Busse?", "no", "Züge", None),
        ("Darf ich meinen E-Scooter ab März noch im Zug mitnehmen?", "no", "keine E-Scooter", "früheren Fassung"),
    ],
)
def test_reactions_companions_and_corrections(train, question, verdict, needle, lacks):
    a = answer_question(question, train)
    assert a.verdict == verdict, a.answer
    assert needle in a.answer, a.answer
    if lacks:
        assert lacks not in a.answer, a.answer
