"""Place normalisation shared by the extractor and the question answerer."""

from __future__ import annotations

import pytest

from nlp_policy.pipeline.clauses.scope import geo_codes, geo_within


@pytest.mark.parametrize(
    "text, codes",
    [
        ("in Deutschland", ["DE"]),
        ("in den Vereinigten Staaten", ["US"]),
        ("in den USA", ["US"]),
        ("US-Polizei", ["US"]),
        ("weltweit", ["worldwide"]),
        ("nicht international", []),
        ("in Europa", ["EUROPE"]),
        ("in der EU", ["EU"]),
        ("französische Behörden", ["FR"]),
        ("in France and Germany", ["FR", "DE"]),
        ("Kalifornien", ["US-CA"]),
        ("wir und uns", []),
        ("bis zu vier Prozent des weltweiten Jahresumsatzes", []),
        ("allen Nutzern weltweit", ["worldwide"]),
    ],
)
def test_geo_codes(text, codes):
    assert geo_codes(text) == codes


@pytest.mark.parametrize(
    "inner, outer, expected",
    [
        ("DE", "EU", True),
        ("DE", "EUROPE", True),
        ("US-CA", "US", True),
        ("US", "worldwide", True),
        ("worldwide", "US", False),
        ("DE", "US", False),
        ("CA", "US", False),
    ],
)
def test_geo_within(inner, outer, expected):
    assert geo_within(inner, outer) is expected
