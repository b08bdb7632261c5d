"""The `ask` and `eval-qa` commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nlp_policy.qa import session as qa_session
from nlp_policy.cli import main


@pytest.fixture(scope="module")
def record_file(tmp_path_factory, article_record):
    path = tmp_path_factory.mktemp("rec") / "record.json"
    path.write_text(article_record.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def runner():
    return CliRunner()


def test_single_question(runner, record_file):
    result = runner.invoke(main, ["ask", "Gilt das Verbot international?", "--record", str(record_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Nein.")
    assert "Beleg:" in result.output and "Konfidenz:" in result.output


def test_json_keys(runner, record_file):
    result = runner.invoke(main, ["ask", "Wer ist Candice Ling?", "--record", str(record_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"question", "answer", "verdict", "confidence", "evidence", "clauses"} <= set(data)
    assert data["verdict"] is None and "SVP" in data["answer"]
    for e in data["evidence"]:
        assert {"sentence", "text", "start", "end"} == set(e)


def test_questions_file_json_lines(runner, record_file, tmp_path):
    qs = ["Gilt das Verbot international?", "", "Wer ist Candice Ling?", "   ", "Was kostet der Azure OpenAI Service?"]
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(qs) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["ask", "--questions-file", str(qfile), "--record", str(record_file), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    objs = [json.loads(line) for line in lines]
    assert [o["question"] for o in objs] == [q for q in qs if q.strip()]
    assert [o["verdict"] for o in objs] == ["no", None, "unknown"]


def test_interactive_prompt(runner, record_file, monkeypatch):
    monkeypatch.setattr(qa_session, "stdin_is_interactive", lambda: True)
    result = runner.invoke(main, ["ask", "--record", str(record_file)], input="Wer ist Candice Ling?\n\nexit\nGilt das?\n")
    assert result.exit_code == 0, result.output
    assert "Frage>" in result.output and "SVP" in result.output
    assert result.output.count("Beleg:") == 1  # nothing after "exit"


def test_no_question_without_terminal_is_a_usage_error(runner, record_file, monkeypatch):
    monkeypatch.setattr(qa_session, "stdin_is_interactive", lambda: False)
    result = runner.invoke(main, ["ask", "--record", str(record_file)])
    assert result.exit_code == 2
    assert "Usage:" in result.output


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_exit_2(runner, record_file, question):
    result = runner.invoke(main, ["ask", question, "--record", str(record_file)])
    assert result.exit_code == 2
    assert "question is empty" in result.output


@pytest.mark.parametrize("content", ["{not json", '{"schema": "other/thing@1"}', '{"schema": "nlp-policy/record@99"}', "[]"])
def test_corrupt_record_exit_1(runner, tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["ask", "Gilt das Verbot international?", "--record", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("Error:")
    assert len(result.output.strip().splitlines()) == 1


def test_doc_option_uses_the_document(runner, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("Die Stadt Ulm verbietet Drohnen über dem Münster. Das Verbot gilt ab Montag.\n", encoding="utf-8")
    result = runner.invoke(main, ["ask", "Wann gilt das Verbot?", "--doc", str(doc), "--json"], env={"NLP_POLICY_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    assert "Montag" in json.loads(result.output)["answer"]


def test_eval_qa(runner, record_file, tmp_path):
    qa = tmp_path / "qa.jsonl"
    items = [
        {"question": "Gilt das Verbot international?", "kind": "scope", "answer_type": "no", "must_contain_any": [["USA"]], "must_not_contain": []},
        {"question": "Was kostet der Azure OpenAI Service?", "kind": "unknown", "answer_type": "unknown", "must_contain_any": [], "must_not_contain": []},
        {"question": "Wer ist Candice Ling?", "kind": "entity", "answer_type": "text", "must_contain_any": [["Bürgermeisterin"]], "must_not_contain": []},
    ]
    qa.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["eval-qa", str(qa), "--record", str(record_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["correct"], report["total"]) == (2, 3)
    assert report["by_kind"]["entity"]["accuracy"] == 0.0
    assert report["failures"][0]["question"] == "Wer ist Candice Ling?"
    text = runner.invoke(main, ["eval-qa", str(qa), "--record", str(record_file)])
    assert text.exit_code == 0 and "Strict accuracy: 2/3" in text.output


def test_commands_have_help(runner):
    for cmd in ("ask", "eval-qa"):
        result = runner.invoke(main, [cmd, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def _readme_sessions():
    """Each `$ nlp-policy ask …` line of the README's session with the answer line printed under it."""
    import shlex
    from pathlib import Path

    lines = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").splitlines()
    return [
        (shlex.split(line[2:])[1:], lines[i + 1])
        for i, line in enumerate(lines)
        if line.startswith("$ nlp-policy ask ")
    ]


@pytest.mark.parametrize(("args", "answer"), _readme_sessions(), ids=lambda v: v[-1] if isinstance(v, list) else None)
def test_readme_session_is_real_output(runner, monkeypatch, args, answer):
    """The README shows what `ask` prints: its first line is the answer line the README gives."""
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == answer
