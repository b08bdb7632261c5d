"""Records: exact offsets on every corpus document, JSON Schema, round trips, errors."""

from __future__ import annotations

import json

import jsonschema
import pytest

from nlp_policy.errors import RecordError
from nlp_policy.record import SCHEMA, Record
from nlp_policy.resources import data_path

from conftest import corpus_texts


@pytest.fixture(scope="module")
def schema():
    return json.loads(data_path("record.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", corpus_texts(), ids=lambda p: p.name)
def test_every_offset_slices_the_original_text(corpus_records, path):
    record = corpus_records[path.name]
    text = path.read_bytes().decode("utf-8-sig")
    checked = 0
    for kind, fact in record.spans():
        assert text[fact.start : fact.end] == fact.text, (kind, fact)
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("path", corpus_texts(), ids=lambda p: p.name)
def test_every_record_validates_against_the_schema(corpus_records, schema, path):
    jsonschema.validate(corpus_records[path.name].to_dict(), schema)


def test_ids_are_unique_and_references_resolve(article_record):
    r = article_record
    for items in (r.sentences, r.entities, r.clauses, r.timeline):
        ids = [x.id for x in items]
        assert len(ids) == len(set(ids))
    sentence_ids = {s.id for s in r.sentences}
    clause_ids = {c.id for c in r.clauses}
    time_ids = {t.id for t in r.timeline}
    for c in r.clauses:
        assert c.sentence in sentence_ids
        assert all(rel.target in clause_ids for rel in c.relations)
        assert set(c.time) <= time_ids
    for t in r.timeline:
        assert set(t.anchors) <= clause_ids


def test_json_round_trip_is_lossless(article_record):
    again = Record.from_json(article_record.to_json())
    assert again == article_record
    assert again.to_dict() == article_record.to_dict()


def test_record_json_keeps_umlauts_readable(article_record):
    assert "Polizeibehörden" in article_record.to_json()


def test_document_info(article_record, article_path):
    info = article_record.document
    assert info.path == str(article_path.resolve())
    assert info.chars == len(article_path.read_text(encoding="utf-8"))
    assert info.backend in ("offline", "model")
    assert article_record.schema == SCHEMA


@pytest.mark.parametrize(
    "payload, message",
    [
        ([], "not an nlp-policy record"),
        ({"foo": 1}, "not an nlp-policy record"),
        ({"schema": "other/thing@1"}, "not an nlp-policy record"),
        ({"schema": "nlp-policy/record@99", "document": {}}, "newer than this nlp-policy"),
        ({"schema": SCHEMA, "document": {"id": "x"}}, "incomplete or malformed"),
    ],
)
def test_foreign_or_newer_records_are_refused(payload, message):
    with pytest.raises(RecordError, match=message):
        Record.from_dict(payload)


def test_corrupt_json_is_refused():
    with pytest.raises(RecordError, match="not valid JSON"):
        Record.from_json('{"schema": ')


def test_the_schema_is_record_at_2_with_modifiers(schema):
    assert SCHEMA == "nlp-policy/record@2" == schema["properties"]["schema"]["const"]
    clause = schema["properties"]["clauses"]["items"]
    assert "modifiers" in clause["required"]


def test_modifiers_round_trip_and_validate(article_record, schema):
    import dataclasses

    from nlp_policy.record.types import Modifier

    clause = article_record.clauses[0]
    cue = Modifier("extent", "temporary", clause.text[:5], clause.start, clause.start + 5, detail="bis Mai")
    changed = dataclasses.replace(clause, modifiers=(cue,))
    record = dataclasses.replace(article_record, clauses=(changed,) + article_record.clauses[1:])
    data = record.to_dict()
    jsonschema.validate(data, schema)
    again = Record.from_dict(data)
    assert again.clauses[0].modifiers == (cue,)
    assert again.clauses[0].modifier("extent") == cue and again.clauses[0].modifier("status") is None
    assert again.clauses[0].status == "in_force"
    bad = json.loads(json.dumps(data))
    bad["clauses"][0]["modifiers"][0]["value"] = "forever"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_version_1_record_is_migrated_without_modifiers(article_record, schema):
    old = article_record.to_dict()
    old["schema"] = "nlp-policy/record@1"
    for c in old["clauses"]:
        c.pop("modifiers")
    migrated = Record.from_dict(old)
    assert migrated.schema == SCHEMA
    assert all(c.modifiers == () and c.status == "in_force" for c in migrated.clauses)
    assert [c.id for c in migrated.clauses] == [c.id for c in article_record.clauses]
    jsonschema.validate(migrated.to_dict(), schema)  # written back, it is a valid @2 record


def test_version_0_is_refused():
    with pytest.raises(RecordError, match="re-extract"):
        Record.from_dict({"schema": "nlp-policy/record@0", "document": {}})
