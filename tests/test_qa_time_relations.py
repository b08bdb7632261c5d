"""The relation of a time expression to its sentence (qa/evidence.py relation_in):
"vom" starts a period only when the period goes on ("vom 1. Mai an", "vom 1. bis
5. Mai"); right after a noun it dates that noun ("ein Beschluss vom April")."""

from __future__ import annotations

import pytest

from nlp_policy.qa.evidence import relation_in


@pytest.mark.parametrize(
    "time, sentence, relation",
    [
        ("vom April", "Damit ist ein Beschluss des Stadtrats vom April hinfällig.", None),
        ("vom 3. Mai", "Der Bescheid vom 3. Mai bleibt gültig.", None),
        ("vom 1. Juni", "Das Grillverbot gilt vom 1. Juni an.", "start"),
        ("vom 1.", "Die Sperrung dauert vom 1. bis 5. Mai.", "start"),
        ("ab dem 1. Juli", "Die Regel gilt ab dem 1. Juli.", "start"),
        ("Ende Juni", "Die Anlagen müssen bis Ende Juni umgerüstet werden.", "end"),
    ],
)
def test_relation_in(time, sentence, relation):
    assert relation_in(time, sentence) == relation
