"""Extraction evaluation: scoring rules on tiny hand-made records, gold-file
integrity for every gold file in the corpus, and the ``eval-extract`` command.

The extractor's quality figures are *not* asserted here (the components move);
run ``nlp-policy eval-extract`` to see them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp_policy.cli import main
from nlp_policy.errors import InputError
from nlp_policy.evaluation.extraction import (
    NONE,
    PRF,
    Gold,
    GoldClause,
    GoldEntity,
    evaluate,
    evaluate_files,
    gold_files,
    load_gold,
    offset_problems,
)
from nlp_policy.record import CLAUSE_TYPES, Clause, DocumentInfo, Entity, Record, Scope, TextSpan
from nlp_policy.resources import BUNDLED_ARTICLE, corpus_dir
from nlp_policy.text.reading import read_document

DATA = Path(__file__).parent / "data"
QA_FIELDS = {"question", "kind", "answer_type", "must_contain_any", "must_not_contain", "doc"}
ANSWER_TYPES = {"yes", "no", "unclear", "unknown", "text", "entity"}


# -- helpers -------------------------------------------------------------------


def _record(entities=(), clauses=()) -> Record:
    info = DocumentInfo(id="t", path=None, sha256="0" * 64, chars=100, language="de", backend="offline", pipeline_version="test")
    ents = tuple(Entity(id=f"e{i}", name=n, label=l, aliases=tuple(a)) for i, (n, l, a) in enumerate(entities, 1))
    cls = tuple(
        Clause(
            id=f"c{i}",
            type=t,
            text="x" * (e - s),
            start=s,
            end=e,
            sentence="s1",
            trigger=TextSpan("x", s, s + 1, "s1"),
            negated=bool(extra and extra[0]),
            scope=Scope(geo=tuple(extra[1]) if len(extra) > 1 else ()),
        )
        for i, (t, s, e, *extra) in enumerate(clauses, 1)
    )
    return Record(document=info, entities=ents, clauses=cls)


def _gold(entities=(), clauses=()) -> Gold:
    return Gold(
        document="doc.de.txt",
        entities=tuple(GoldEntity(n, l, tuple(a)) for n, l, a in entities),
        clauses=tuple(
            GoldClause(
                type=t, text="x" * (e - s), start=s, end=e, negated=bool(extra and extra[0]), geo=tuple(extra[1]) if len(extra) > 1 else ()
            )
            for t, s, e, *extra in clauses
        ),
    )


# -- PRF -------------------------------------------------------------------------


def test_prf_numbers():
    s = PRF(tp=2, fp=1, fn=3)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    assert s.to_dict() == {"tp": 2, "fp": 1, "fn": 3, "precision": 0.6667, "recall": 0.4, "f1": 0.5}


@pytest.mark.parametrize(
    "counts, expected",
    [
        ((0, 0, 0), (1.0, 1.0, 1.0)),  # nothing to find, nothing found
        ((0, 0, 4), (0.0, 0.0, 0.0)),  # nothing found
        ((0, 3, 0), (0.0, 0.0, 0.0)),  # only spurious finds
    ],
)
def test_prf_edge_cases(counts, expected):
    s = PRF(*counts)
    assert (s.precision, s.recall, s.f1) == expected


# -- entities --------------------------------------------------------------------


def test_entity_matching_by_alias_case_and_whitespace():
    gold = _gold(
        entities=[
            ("Microsoft", "ORG", ["Microsofts"]),
            ("USA", "LOC", ["US"]),
            ("Candice Ling", "PER", []),
            ("The Intercept", "ORG", ["Der Abfang"]),
        ]
    )
    record = _record(
        entities=[
            ("Microsofts", "ORG", []),  # alias = name
            ("us", "LOC", []),  # case-insensitive
            ("Candice  Ling", "PER", [" Ling"]),  # whitespace-normalised
            ("Der Abfang", "MISC", []),  # right name, wrong label
            ("Axon", "ORG", []),  # not in gold
        ]
    )
    scores = evaluate(record, gold)
    assert (scores.entities.tp, scores.entities.fp, scores.entities.fn) == (3, 2, 1)
    assert scores.entities.precision == pytest.approx(3 / 5)
    assert scores.entities.recall == pytest.approx(3 / 4)
    assert scores.missed_entities == ("The Intercept (ORG)",)
    assert scores.spurious_entities == ("Der Abfang (MISC)", "Axon (ORG)")


def test_gold_entity_matched_at_most_once():
    gold = _gold(entities=[("Microsoft", "ORG", ["Microsofts"])])
    record = _record(entities=[("Microsoft", "ORG", []), ("Microsofts", "ORG", [])])
    scores = evaluate(record, gold)
    assert (scores.entities.tp, scores.entities.fp, scores.entities.fn) == (1, 1, 0)


def test_entity_matching_is_maximal_not_first_come():
    # The first prediction could take either gold entity; a first-come pairing
    # would give it "OpenAI" and leave the second prediction unmatched.
    gold = _gold(entities=[("OpenAI", "ORG", []), ("Open AI Inc", "ORG", [])])
    record = _record(entities=[("OpenAI", "ORG", ["Open AI Inc"]), ("openai", "ORG", [])])
    scores = evaluate(record, gold)
    assert (scores.entities.tp, scores.entities.fp, scores.entities.fn) == (2, 0, 0)


# -- clauses ---------------------------------------------------------------------


def test_clause_matching_needs_type_and_overlap():
    gold = _gold(clauses=[("prohibition", 0, 10), ("exception", 10, 20), ("update", 30, 40)])
    record = _record(clauses=[("prohibition", 5, 12), ("prohibition", 15, 18), ("update", 35, 50), ("lifting", 60, 70)])
    scores = evaluate(record, gold)
    assert (scores.clauses.tp, scores.clauses.fp, scores.clauses.fn) == (2, 2, 1)
    assert scores.clauses.precision == pytest.approx(0.5)
    assert scores.clauses.recall == pytest.approx(2 / 3)
    assert scores.confusion == {
        "prohibition": {"prohibition": 1},
        "exception": {"prohibition": 1},
        "update": {"update": 1},
        NONE: {"lifting": 1},
    }
    assert scores.missed_clauses == (("exception", "x" * 10),)
    assert [t for t, _ in scores.spurious_clauses] == ["prohibition", "lifting"]


def test_clause_matching_is_one_to_one_by_largest_overlap():
    gold = _gold(clauses=[("prohibition", 0, 10), ("prohibition", 10, 20)])
    record = _record(clauses=[("prohibition", 8, 20)])  # overlaps 2 and 10 characters
    scores = evaluate(record, gold)
    assert (scores.clauses.tp, scores.clauses.fp, scores.clauses.fn) == (1, 0, 1)
    assert scores.missed_clauses == (("prohibition", "x" * 10),)
    assert scores.confusion == {"prohibition": {"prohibition": 1, NONE: 1}}


def test_matched_clause_attributes():
    gold = _gold(clauses=[("prohibition", 0, 10, True, ["US"]), ("exception", 10, 20, False, ["US"]), ("update", 30, 40, False, [])])
    record = _record(
        clauses=[("prohibition", 5, 12, False, ["US"]), ("exception", 10, 20, False, []), ("update", 35, 50, False, [])]
    )
    m = evaluate(record, gold).matched
    assert (m.pairs, m.negated, m.geo) == (3, 2, 2)
    # overlaps 5/12, 10/10 and 5/20 of the union
    assert m.overlap == pytest.approx((5 / 12 + 1 + 0.25) / 3)
    assert m.mismatches == (
        ("prohibition", "x" * 10, "negated", "True", "False"),
        ("exception", "x" * 10, "geo", "US", ""),
    )
    assert m.to_dict()["mean_overlap"] == 0.5556


def test_touching_spans_do_not_overlap():
    scores = evaluate(_record(clauses=[("prohibition", 10, 20)]), _gold(clauses=[("prohibition", 0, 10)]))
    assert (scores.clauses.tp, scores.clauses.fp, scores.clauses.fn) == (0, 1, 1)


def test_empty_record_scores_zero_recall():
    gold = _gold(entities=[("Microsoft", "ORG", [])], clauses=[("prohibition", 0, 10)])
    scores = evaluate(_record(), gold)
    assert scores.entities.recall == 0.0 and scores.clauses.recall == 0.0
    assert scores.to_dict()["confusion"] == {"prohibition": {NONE: 1}}


# -- gold loading ----------------------------------------------------------------


def _write(tmp_path: Path, data, name="doc.de.gold.json") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "data, message",
    [
        ("{not json", "not valid JSON (line 1"),
        ([], "one JSON object"),
        ({"entities": []}, 'no "document" field'),
        ({"document": "d.txt", "entities": [{"name": "X", "label": "COMPANY"}]}, "label 'COMPANY' is not one of"),
        ({"document": "d.txt", "clauses": [{"type": "ban", "text": "a", "start": 0, "end": 1}]}, "type 'ban' is not one of"),
        ({"document": "d.txt", "clauses": [{"type": "prohibition", "text": "abc", "start": 0, "end": 2}]}, "do not fit a text of 3"),
        ({"document": "d.txt", "clauses": [{"type": "prohibition", "text": "a", "start": "0", "end": 1}]}, "integer"),
        ({"document": "d.txt", "clauses": {}}, '"clauses" must be a list'),
    ],
)
def test_load_gold_errors(tmp_path, data, message):
    with pytest.raises(InputError) as info:
        load_gold(_write(tmp_path, data))
    assert message in str(info.value)


def test_load_gold_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such gold file"):
        load_gold(tmp_path / "nope.gold.json")


def test_offset_problems_and_document_path(tmp_path):
    (tmp_path / "doc.de.txt").write_text("Microsoft verbietet es.", encoding="utf-8")
    gold = load_gold(
        _write(tmp_path, {"document": "doc.de.txt", "clauses": [{"type": "prohibition", "text": "verbietet", "start": 9, "end": 18}]})
    )
    assert gold.document_path == (tmp_path / "doc.de.txt").resolve()
    problems = offset_problems(gold, "Microsoft verbietet es.")
    assert problems == ["clauses[0] (prohibition, 9-18): offsets do not match; the text is at 10"]
    with pytest.raises(InputError, match="offsets do not match"):
        evaluate_files([tmp_path / "doc.de.gold.json"], backend="offline")


def test_evaluate_files_missing_document(tmp_path):
    path = _write(tmp_path, {"document": "missing.de.txt"})
    with pytest.raises(InputError, match="not beside the gold file"):
        evaluate_files([path], backend="offline")


# -- the gold data itself --------------------------------------------------------

GOLD_FILES = gold_files()


def test_corpus_has_gold_files():
    names = {p.name for p in GOLD_FILES}
    assert BUNDLED_ARTICLE.replace(".txt", ".gold.json") in names
    assert len(names) >= 4


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_offsets_cite_the_document(path):
    gold = load_gold(path)
    assert gold.document_path.parent == corpus_dir().resolve()
    text = read_document(gold.document_path).text
    assert offset_problems(gold, text) == []
    for c in gold.clauses:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip(), f"clause has outer whitespace: {c.text!r}"
        assert c.type in CLAUSE_TYPES
    starts = [c.start for c in gold.clauses]
    assert starts == sorted(starts)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_entities_occur_in_the_document(path):
    gold = load_gold(path)
    text = read_document(gold.document_path).text
    names = [g.name for g in gold.entities]
    assert len(names) == len(set(names)), "duplicate gold entity"
    for g in gold.entities:
        assert any(n in text for n in (g.name, *g.aliases)), f"{g.name}: no name or alias occurs in the text"


QA_FILES = sorted(DATA.glob("*.qa.jsonl"))


def test_qa_sets_exist():
    assert len(QA_FILES) >= 4


@pytest.mark.parametrize("path", QA_FILES, ids=lambda p: p.name)
def test_qa_sets_are_well_formed(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert 20 <= len(rows) <= 40
    for row in rows:
        assert set(row) == QA_FIELDS, row
        assert row["answer_type"] in ANSWER_TYPES, row
        assert (corpus_dir() / row["doc"]).is_file(), row
        assert all(isinstance(group, list) and group and all(isinstance(s, str) for s in group) for group in row["must_contain_any"]), row
        assert all(isinstance(s, str) for s in row["must_not_contain"]), row
    kinds = {r["answer_type"] for r in rows}
    assert "unknown" in kinds
    assert len({r["question"] for r in rows}) == len(rows), "duplicate question"


# -- CLI -------------------------------------------------------------------------


def test_cli_eval_extract_table():
    result = CliRunner().invoke(main, ["eval-extract", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["document", "ent", "P", "ent", "R", "ent", "F1", "cl", "P", "cl", "R", "cl", "F1"]
    assert any(line.startswith(BUNDLED_ARTICLE) for line in lines)
    assert any(line.startswith("mean ") for line in lines)


def test_cli_eval_extract_json_one_file():
    gold = corpus_dir() / BUNDLED_ARTICLE.replace(".txt", ".gold.json")
    result = CliRunner().invoke(main, ["eval-extract", str(gold), "--json", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["document"] for d in data["documents"]] == [BUNDLED_ARTICLE]
    assert set(data["mean"]) == {"entities", "clauses"}
    assert set(data["documents"][0]["clauses"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}


def test_cli_eval_extract_bad_gold(tmp_path):
    bad = _write(tmp_path, "{not json")
    result = CliRunner().invoke(main, ["eval-extract", str(bad), "--backend", "offline"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "not valid JSON" in result.output
