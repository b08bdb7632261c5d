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
    "Die Sperre betraf allerdings nur die Auslieferung per E-Roller. "
    "Kurierfirmen, die für Flinkrad mit Lastenrädern Pakete in die Innenstadt bringen, waren ausgenommen. "
    "Seit Montag darf der Dienst in der Fußgängerzone wieder ausliefern.\n"
)


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
