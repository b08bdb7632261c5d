"""Temporal expressions: kinds, normalised values, offsets."""

from __future__ import annotations

import pytest

from nlp_policy.pipeline.timeline import find_times


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Am Mittwoch wurde es geändert.", [("Am Mittwoch", "weekday", "Wednesday")]),
        ("Das Gesetz gilt seit dem 14.05.2019.", [("14.05.2019", "date", "2019-05-14")]),
        ("Es tritt am 20. März 2024 in Kraft.", [("am 20. März 2024", "date", "2024-03-20")]),
        ("Es trat am 20. März in Kraft.", [("am 20. März", "date", "--03-20")]),
        ("Im Januar berichtete die Zeitung.", [("Im Januar", "month", "--01")]),
        ("Ende 2025 läuft es aus.", [("Ende 2025", "year", "2025")]),
        ("Eine Woche, nachdem Axon das Produkt vorstellte.", [("Eine Woche, nachdem", "relative", None)]),
        ("Nach der Veröffentlichung sagte der Konzern mehr.", [("Nach der Veröffentlichung", "relative", None)]),
        ("Das Verbot gilt ab sofort.", [("ab sofort", "relative", None)]),
        ("Keine Zeitangabe hier, nur 12 Kameras.", []),
    ],
)
def test_time_expressions(text, expected):
    found = [(text[s:e], kind, value) for s, e, kind, value in find_times(text)]
    assert found == expected


def test_time_expressions_anchor_to_clauses_of_their_sentence(article_record):
    by_id = {c.id: c for c in article_record.clauses}
    anchored = [t for t in article_record.timeline if t.anchors]
    assert anchored
    for t in anchored:
        assert all(by_id[a].sentence == t.sentence for a in t.anchors)
