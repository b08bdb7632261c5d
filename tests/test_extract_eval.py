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
    SCORINGS,
    ClauseCounts,
    Gold,
    GoldClause,
    GoldEntity,
    evaluate,
    evaluate_files,
    evaluate_sets,
    family,
    gold_files,
    half_overlap,
    set_files,
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


# -- overlap-and-family scoring ----------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ((0, 10), (5, 30), True),  # 5 of the shorter 10
        ((0, 10), (6, 30), False),  # 4 of 10
        ((0, 100), (40, 50), True),  # the short one lies inside
        ((0, 10), (10, 20), False),  # touching
        ((0, 4), (3, 5), True),  # 1 of the shorter 2
    ],
)
def test_half_overlap(a, b, expected):
    assert half_overlap(a, b) is expected
    assert half_overlap(b, a) is expected


@pytest.mark.parametrize(
    "ctype, fam",
    [("prohibition", "ban"), ("restriction", "ban"), ("obligation", "obligation"), ("exception", "exception")],
)
def test_type_families(ctype, fam):
    assert family(ctype) == fam


def test_overlap_scoring_counts_family_and_half_of_shorter():
    gold = _gold(clauses=[("prohibition", 0, 20), ("obligation", 30, 50), ("exception", 60, 70), ("sanction", 80, 90)])
    record = _record(
        clauses=[
            ("restriction", 0, 40),  # covers gold 0 (whole) and half of gold 1: both found, only 0 typed
            ("permission", 62, 75),  # 8 of the shorter 10: found, wrong type
            ("update", 88, 100),  # 2 of 10: not found
            ("lifting", 200, 210),  # nothing there
        ]
    )
    scores = evaluate(record, gold, scoring="overlap")
    c = scores.counts
    assert (c.gold, c.predicted, c.found, c.typed, c.correct, c.typed_correct) == (4, 4, 3, 1, 2, 1)
    assert c.recall == pytest.approx(0.75) and c.typed_recall == pytest.approx(0.25)
    assert c.precision == pytest.approx(0.5) and c.typed_precision == pytest.approx(0.25)
    assert [t for t, _ in scores.missed_clauses] == ["obligation", "exception", "sanction"]
    assert [t for t, _ in scores.spurious_clauses] == ["permission", "update", "lifting"]
    # the exact scoring of the same pair: any overlap, same type, one-to-one
    e = evaluate(record, gold).counts
    assert (e.found, e.typed, e.correct, e.typed_correct) == (3, 0, 3, 0)
    assert scores.clauses == evaluate(record, gold).clauses


def test_clause_counts_pool_and_empty_cases():
    assert ClauseCounts(2, 3, 1, 1, 2, 1) + ClauseCounts(1, 0, 1, 0, 0, 0) == ClauseCounts(3, 3, 2, 1, 2, 1)
    empty = ClauseCounts()
    assert (empty.recall, empty.precision) == (1.0, 1.0)
    assert ClauseCounts(gold=2).precision == 0.0 and ClauseCounts(predicted=2).recall == 0.0


def test_unknown_scoring_is_refused():
    with pytest.raises(InputError, match="unknown clause scoring 'fuzzy'; use one of exact, overlap"):
        evaluate(_record(), _gold(), scoring="fuzzy")
    assert SCORINGS == ("exact", "overlap")


def test_gold_sets():
    assert len(set_files("dev")) == 30
    assert set_files("corpus") == GOLD_FILES
    with pytest.raises(InputError, match="unknown gold set 'test'"):
        set_files("test")


def test_evaluate_sets_one_report_per_set():
    (report,) = evaluate_sets(["corpus"], backend="offline", scoring="overlap")
    assert report.name == "corpus" and report.scoring == "overlap"
    assert report.counts().gold == sum(len(load_gold(p).clauses) for p in GOLD_FILES)


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
#: The dev set's gold (read from the package's ``corpus/dev``, a copy of the eval articles).
DEV_FILES = gold_files(corpus_dir() / "dev")


def test_corpus_has_gold_files():
    names = {p.name for p in GOLD_FILES}
    assert BUNDLED_ARTICLE.replace(".txt", ".gold.json") in names
    assert len(names) >= 4


@pytest.mark.parametrize("path", GOLD_FILES + DEV_FILES, ids=lambda p: p.name)
def test_gold_offsets_cite_the_document(path):
    gold = load_gold(path)
    assert gold.document_path.parent == path.parent.resolve()
    text = read_document(gold.document_path).text
    assert offset_problems(gold, text) == []
    for c in gold.clauses:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip(), f"clause has outer whitespace: {c.text!r}"
        assert c.type in CLAUSE_TYPES
    starts = [c.start for c in gold.clauses]
    assert starts == sorted(starts)


@pytest.mark.parametrize("path", GOLD_FILES + DEV_FILES, ids=lambda p: p.name)
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
    result = CliRunner().invoke(main, ["eval-extract", "--set", "corpus", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("corpus: 5 documents,") and lines[0].endswith("; exact scoring")
    assert lines[1].split() == ["document", "ent", "P", "ent", "R", "ent", "F1", "cl", "R", "typed", "R", "cl", "P", "typed", "P"]
    assert any(line.startswith(BUNDLED_ARTICLE) for line in lines)
    assert lines[-1].startswith("micro (pooled) ")
    assert len(lines[-1].split()) == 2 + 7


def test_cli_eval_extract_reports_corpus_and_dev_by_default():
    result = CliRunner().invoke(main, ["eval-extract", "--scoring", "overlap", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    titles = [line for line in result.output.splitlines() if " documents, " in line]
    assert [t.split(":")[0] for t in titles] == ["corpus", "dev"]
    assert titles[1].startswith("dev: 30 documents, 357 gold clauses")
    assert all(t.endswith("; overlap scoring") for t in titles)
    assert result.output.count("micro (pooled)") == 2
    assert "a01_microsoft_chatgpt_sperre.txt" in result.output


def test_cli_eval_extract_json_one_file():
    gold = corpus_dir() / BUNDLED_ARTICLE.replace(".txt", ".gold.json")
    result = CliRunner().invoke(main, ["eval-extract", str(gold), "--json", "--scoring", "overlap", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scoring"] == "overlap"
    (report,) = data["sets"]
    assert report["name"] == "files"
    assert [d["document"] for d in report["documents"]] == [BUNDLED_ARTICLE]
    assert set(report["mean"]) == {"entities", "clauses"}
    assert set(report["documents"][0]["clauses"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
    counts = report["micro"]["clause_counts"]
    assert {"recall", "typed_recall", "precision", "typed_precision"} <= set(counts)
    assert counts["gold"] == len(load_gold(gold).clauses)


def test_cli_eval_extract_bad_scoring():
    result = CliRunner().invoke(main, ["eval-extract", "--scoring", "fuzzy"])
    assert result.exit_code == 2
    assert "'fuzzy' is not one of" in result.output


def test_cli_eval_extract_bad_gold(tmp_path):
    bad = _write(tmp_path, "{not json")
    result = CliRunner().invoke(main, ["eval-extract", str(bad), "--backend", "offline"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "not valid JSON" in result.output
