"""The modifier evaluation (``evaluation/modifiers.py``) and ``nlp-policy eval-modifiers``,
on a tiny gold set written here (no file of the dev set is read)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from nlp_policy.cli import main
from nlp_policy.errors import InputError
from nlp_policy.evaluation.modifiers import evaluate_modifiers, load_modifier_gold, modifier_table

TEXT = (
    "Die Stadt plant ein Verbot von Lachgas.\n\n"
    "Der Park ist vorübergehend gesperrt.\n\n"
    "Grundsätzlich ist das Grillen dort verboten.\n\n"
    "Das Baden im See ist erlaubt."
)
CLAUSES = [
    ("prohibition", "Die Stadt plant ein Verbot von Lachgas."),
    ("prohibition", "Der Park ist vorübergehend gesperrt."),
    ("prohibition", "Grundsätzlich ist das Grillen dort verboten."),
    ("permission", "Das Baden im See ist erlaubt."),
]
GOLD = [  # (clause index, category, value, cue)
    (0, "status", "planned", "plant"),
    (1, "extent", "temporary", "vorübergehend"),
    (2, "strength", "in_principle", "Grundsätzlich"),
    (3, "condition", "conditional", "erlaubt"),  # a cue the rules cannot find: one miss
]


@pytest.fixture()
def gold_dir(tmp_path):
    (tmp_path / "d1.txt").write_text(TEXT, encoding="utf-8")
    clauses = []
    for ctype, text in CLAUSES:
        start = TEXT.index(text)
        clauses.append({"type": ctype, "text": text, "start": start, "end": start + len(text), "negated": False, "geo": []})
    (tmp_path / "d1.gold.json").write_text(json.dumps({"document": "d1.txt", "entities": [], "clauses": clauses}), encoding="utf-8")
    lines = [json.dumps({"_comment": "test gold", "clauses_reviewed": len(CLAUSES)})]
    for i, category, value, cue in GOLD:
        c = clauses[i]
        k = c["start"] + c["text"].index(cue)
        lines.append(json.dumps({"doc": "d1", "clause_start": c["start"], "clause_end": c["end"], "category": category,
                                 "value": value, "cue": cue, "cue_start": k, "cue_end": k + len(cue)}))
    (tmp_path / "modifiers.gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_scores_on_gold_clauses_and_end_to_end(gold_dir):
    report = evaluate_modifiers(gold_dir / "modifiers.gold.jsonl", backend="offline")
    assert report.documents == 1 and report.clauses_reviewed == 4
    for value in ("planned", "temporary", "in_principle"):
        s = report.values[value]
        assert (s.gold, s.found, s.cue_agrees, s.correct) == (1, 1, 1, 1), value
    assert report.values["conditional"].found == 0
    assert [m["cue"] for m in report.missed] == ["erlaubt"]
    group = report.group()
    assert (group.gold, group.found) == (3, 3) and group.recall == 1.0
    assert report.group(report.values).recall == pytest.approx(3 / 4)
    table = modifier_table(report)
    assert "target: temporary/planned/former/denied/in_principle" in table and "4 gold clauses reviewed" in table


def test_cli_prints_the_table_and_json(gold_dir):
    gold = str(gold_dir / "modifiers.gold.jsonl")
    result = CliRunner().invoke(main, ["eval-modifiers", gold, "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[:4] == ["value", "gold", "found", "recall"]
    result = CliRunner().invoke(main, ["eval-modifiers", gold, "--json", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["target"]["recall"] == 1.0 and data["gold_modifiers"] == 4


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"doc": "d1"}), "missing key(s) category, clause_end"),
        (json.dumps({"doc": "d1", "clause_start": 0, "clause_end": 5, "category": "status", "value": "forever",
                     "cue": "x", "cue_start": 0, "cue_end": 1}), "status=forever is not a modifier value"),
    ],
)
def test_bad_gold_lines_are_refused(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_modifier_gold(path)
    result = CliRunner().invoke(main, ["eval-modifiers", str(path), "--backend", "offline"])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and message in result.output


def test_a_document_missing_beside_the_gold_is_named(gold_dir):
    (gold_dir / "d1.txt").unlink()
    with pytest.raises(InputError, match="document d1 needs d1.txt and d1.gold.json"):
        evaluate_modifiers(gold_dir / "modifiers.gold.jsonl", backend="offline")


def test_gold_negated_lets_denials_follow_the_gold_flag(tmp_path):
    text = "Ein Verbot von Drohnen gibt es zwar nicht."
    (tmp_path / "d2.txt").write_text(text, encoding="utf-8")
    clause = {"type": "prohibition", "text": text, "start": 0, "end": len(text), "negated": True, "geo": []}
    (tmp_path / "d2.gold.json").write_text(json.dumps({"document": "d2.txt", "entities": [], "clauses": [clause]}), encoding="utf-8")
    k = text.index("nicht")
    row = {"doc": "d2", "clause_start": 0, "clause_end": len(text), "category": "status", "value": "denied",
           "cue": "nicht", "cue_start": k, "cue_end": k + 5}
    (tmp_path / "modifiers.gold.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with_gold = evaluate_modifiers(tmp_path / "modifiers.gold.jsonl", backend="offline", gold_negated=True)
    assert (with_gold.values["denied"].found, with_gold.values["denied"].cue_agrees) == (1, 1)
    result = CliRunner().invoke(main, ["eval-modifiers", str(tmp_path / "modifiers.gold.jsonl"), "--gold-negated", "--json", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["values"]["denied"]["found"] == 1
