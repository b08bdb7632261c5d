"""The components as a spaCy plugin: reachable by name through the
``spacy_factories`` entry points, and saved and loaded with a pipeline.

These tests check the mechanics (names, span groups, extensions,
serialisation), not the quality of the extraction.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import spacy

from nlp_policy.pipeline.build import build

SAMPLE = (
    "Microsoft verbietet der US-Polizei die Gesichtserkennung in den USA. "
    "Das Verbot gilt nicht für stationäre Kameras. "
    "Am Mittwoch sagte Microsoft, das Verbot gelte nur in den USA."
)

# Runs in a fresh interpreter: nothing may import nlp_policy before add_pipe.
_FRESH = textwrap.dedent(
    """
    import json, sys
    import spacy
    from spacy.tokens import Span

    assert "nlp_policy" not in sys.modules
    alone = spacy.blank("de")
    alone.add_pipe("policy_clauses")  # resolved through the entry point
    nlp = spacy.blank("de")
    for name in ("sentencizer", "policy_entities", "policy_clauses", "policy_timeline"):
        nlp.add_pipe(name)
    doc = nlp(sys.argv[1])
    print(json.dumps({
        "alone": alone.pipe_names,
        "pipes": nlp.pipe_names,
        "groups": sorted(doc.spans),
        "extensions": {n: Span.has_extension(n) for n in ("clause_type", "scope", "negated", "entity_key")},
        "clauses": [[s.label_, s._.clause_type, s._.scope] for s in doc.spans["policy_clauses"]],
    }))
    """
)


def test_factories_resolve_by_name_in_a_fresh_process():
    done = subprocess.run([sys.executable, "-c", _FRESH, SAMPLE], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["alone"] == ["policy_clauses"]
    assert out["pipes"] == ["sentencizer", "policy_entities", "policy_clauses", "policy_timeline"]
    assert {"policy_clauses", "policy_entities", "policy_time"} <= set(out["groups"])
    assert all(out["extensions"].values()), out["extensions"]
    assert out["clauses"], "no clause found in the sample"
    for label, clause_type, scope in out["clauses"]:
        assert label == clause_type
        assert set(scope) == {"geo", "actors", "technologies", "devices", "environments"}


def _spans(doc) -> dict[str, list]:
    return {
        key: [
            (s.start_char, s.end_char, s.label_, s._.clause_id, s._.entity_key, s._.scope, s._.relations, s._.time_value)
            for s in group
        ]
        for key, group in sorted(doc.spans.items())
    }


@pytest.fixture(scope="module")
def offline():
    return build("offline")


def test_pipeline_round_trip_gives_the_same_spans(offline, tmp_path):
    offline.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == offline.pipe_names
    assert loaded.meta["nlp_policy_backend"] == "offline"
    before, after = offline(SAMPLE), loaded(SAMPLE)
    assert [t.text for t in after] == [t.text for t in before]  # tokenizer rules survive
    assert [s.text for s in after.sents] == [s.text for s in before.sents]
    assert _spans(after) == _spans(before)
    assert after._.policy_entity_info == before._.policy_entity_info


def test_pipeline_round_trip_through_bytes(offline):
    config = offline.config
    loaded = spacy.util.load_model_from_config(config, auto_fill=True).from_bytes(offline.to_bytes())
    assert _spans(loaded(SAMPLE)) == _spans(offline(SAMPLE))


def test_record_from_a_loaded_pipeline(offline, tmp_path):
    from nlp_policy.extraction.document import extract_text

    offline.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    a = extract_text(SAMPLE, nlp=offline)
    b = extract_text(SAMPLE, nlp=loaded)
    assert b.clauses == a.clauses and b.entities == a.entities and b.timeline == a.timeline
