"""Inputs people have: HTML pages, Markdown, standard input, and text with
invisible or decomposed characters. Every fact of every record must slice
back exactly from the text its offsets refer to."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner

from nlp_policy.cli import main
from nlp_policy.errors import InputError
from nlp_policy.record import SCHEMA
from nlp_policy.text.clean import clean
from nlp_policy.text.formats import detect_format
from nlp_policy.text.html import looks_like_html, page_text
from nlp_policy.text.markdown import markdown_text
from nlp_policy.text.reading import from_text, read_document

PAGE = """<!DOCTYPE html>
<html lang="de"><head>
<title>Stadtrat verbietet Gesichtserkennung | Lokalzeitung</title>
<meta property="og:url" content="https://zeitung.example/stadtrat-verbot">
<meta property="article:published_time" content="2024-03-14T09:30:00+01:00">
<style>body { font-family: Arial, sans-serif; }</style>
<script>var hinweis = "Verbot"; window.dataLayer = [];</script>
</head><body>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a> <a href="/sport">Sport</a></nav>
<div id="cookie-banner">Wir verwenden Cookies. <button>Akzeptieren</button></div>
<article>
<h1>Stadtrat verbietet Gesichtserkennung</h1>
<p>Der Stadtrat von Freiburg hat der st&auml;dtischen Polizei die Gesichtserkennung auf &ouml;ffentlichen Pl&auml;tzen verboten, sagte die B&uuml;rgermeisterin Petra M&uuml;ller am Mittwoch.</p>
<p>Das Verbot gilt nicht f&uuml;r die Suche nach vermissten Kindern. Es soll im Juni 2024 in Kraft treten.</p>
</article>
<footer>Impressum &middot; Datenschutz</footer>
</body></html>
"""

MARKDOWN = """# Neue Regeln für **Behörden**

Die Ministerin [Julia Schmidt](https://ministerium.example/schmidt) sagte am Dienstag,
das *Verbot* der Gesichtserkennung gelte ab sofort.

- Behörden in Sachsen dürfen keine Gesichtserkennung einsetzen
- Ausgenommen ist die Suche nach **vermissten Kindern**

```
code = "Verbot"
```
"""


def assert_exact(record, text: str) -> None:
    for kind, fact in record.spans():
        assert text[fact.start : fact.end] == fact.text, (kind, fact)


# -- HTML -------------------------------------------------------------------------

def test_page_text_keeps_headline_and_paragraphs_and_drops_the_rest():
    page = page_text(PAGE)
    blocks = page.text.strip().split("\n\n")
    assert blocks[0] == "Stadtrat verbietet Gesichtserkennung"
    assert blocks[1].startswith("Der Stadtrat von Freiburg") and "Petra Müller" in blocks[1]
    for noise in ("Arial", "hinweis", "Cookies", "Startseite", "Impressum", "DOCTYPE", "&"):
        assert noise not in page.text
    assert page.url == "https://zeitung.example/stadtrat-verbot"
    assert page.published == "2024-03-14"


@pytest.mark.parametrize(
    "text, expected",
    [
        (PAGE, True),
        ("<!-- gespeichert -->\n<html><body><p>Text</p></body></html>", True),
        ("  <HTML><BODY>x</BODY></HTML>", True),
        ("Die Regel <b>gilt</b> ab Montag.", False),
        ("Der Bericht nennt <html> als Beispiel.", False),
    ],
)
def test_html_is_detected_by_content(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    "name, text, fmt",
    [
        ("a.html", "x", "html"),
        ("a.HTM", "x", "html"),
        ("a.md", "# x", "markdown"),
        ("a.txt", PAGE, "html"),
        ("a.txt", "Die Regel gilt.", "text"),
        (None, "# Titel", "text"),  # Markdown is never guessed from content
    ],
)
def test_detect_format(tmp_path, name, text, fmt):
    assert detect_format(tmp_path / name if name else None, text) == fmt


def test_html_record_offsets_refer_to_the_stored_text(tmp_path, nlp):
    from nlp_policy.extraction.document import extract

    path = tmp_path / "seite.html"
    path.write_text(PAGE, encoding="utf-8")
    record = extract(path, nlp=nlp)
    info = record.document
    assert info.source_format == "html" and info.url.endswith("stadtrat-verbot") and info.published == "2024-03-14"
    assert info.text == read_document(path).text and info.chars == len(info.text)
    assert_exact(record, info.text)
    assert {c.type for c in record.clauses} >= {"prohibition", "exception"}
    assert not any("hinweis" in c.text or "Arial" in c.text for c in record.clauses)
    names = {e.name: e.label for e in record.entities}
    assert names.get("Petra Müller") == "PER"
    assert not {"DOCTYPE", "Arial"} & set(names)


def test_html_record_round_trips_and_validates(tmp_path, nlp):
    jsonschema = pytest.importorskip("jsonschema")
    from nlp_policy.extraction.document import extract
    from nlp_policy.record import Record
    from nlp_policy.resources import load_json

    path = tmp_path / "seite.htm"
    path.write_text(PAGE, encoding="utf-8")
    record = extract(path, nlp=nlp)
    data = record.to_dict()
    jsonschema.validate(data, load_json("record.schema.json"))
    assert Record.from_dict(data) == record


def test_plain_text_records_have_no_page_fields(nlp):
    from nlp_policy.extraction.document import extract_text

    data = extract_text("Die Regel gilt ab Montag.", nlp=nlp).to_dict()["document"]
    assert not {"source_format", "text", "url", "published"} & set(data)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Start</a></nav></body></html>",
        "<!DOCTYPE html><html><body></body></html>",
    ],
)
def test_a_page_without_article_text_is_one_clear_error(tmp_path, html):
    path = tmp_path / "leer.html"
    path.write_text(html, encoding="utf-8")
    with pytest.raises(InputError, match="HTML page without article text"):
        read_document(path)
    result = CliRunner().invoke(main, ["extract", str(path), "--backend", "offline"])
    assert result.exit_code == 1
    assert result.output.count("Error:") == 1 and "without article text" in result.output
    assert "Traceback" not in result.output


# -- Markdown -------------------------------------------------------------------

def test_markdown_text_has_no_markup():
    text = markdown_text(MARKDOWN)
    assert text.split("\n\n") == [
        "Neue Regeln für Behörden",
        "Die Ministerin Julia Schmidt sagte am Dienstag, das Verbot der Gesichtserkennung gelte ab sofort.",
        "Behörden in Sachsen dürfen keine Gesichtserkennung einsetzen",
        "Ausgenommen ist die Suche nach vermissten Kindern\n",
    ]


def test_markdown_record(tmp_path, nlp):
    from nlp_policy.extraction.document import extract

    path = tmp_path / "regeln.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    record = extract(path, nlp=nlp)
    assert record.document.source_format == "markdown"
    assert_exact(record, record.document.text)
    for fact in [*record.clauses, *record.sentences]:
        assert not set("*[]()#`") & set(fact.text), fact.text
    assert "https" not in " ".join(c.text for c in record.clauses)
    assert ("Julia Schmidt", "PER") in {(e.name, e.label) for e in record.entities}
    assert any(s.text == "Neue Regeln für Behörden" for s in record.sentences)  # the heading is a sentence
    assert any(c.type == "exception" for c in record.clauses)


def test_ask_quotes_markdown_without_link_syntax(tmp_path):
    path = tmp_path / "regeln.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["ask", "--doc", str(path), "Wer ist Julia Schmidt?", "--backend", "offline", "--no-cache", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert "Julia Schmidt" in answer["answer"] and "](" not in answer["answer"]


# -- standard input and output ------------------------------------------------------

ARTICLE = "Die Behörde in Bayern hat die Gesichtserkennung verboten. Das Verbot gilt nicht für Flughäfen, sagte Anna Berger am Mittwoch."


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_extract_reads_stdin_and_names_it(name):
    result = CliRunner().invoke(main, ["extract", name, "--backend", "offline"], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)["document"]
    assert info["path"] is None
    assert info["id"] == "stdin-" + from_text(ARTICLE).sha256[:12]


def test_stdin_markdown_with_input_format():
    result = CliRunner().invoke(
        main, ["extract", "-", "--input-format", "markdown", "-o", "-", "--backend", "offline"], input=MARKDOWN
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["document"]["source_format"] == "markdown"
    assert not any("**" in c["text"] for c in record["clauses"])


def test_stdin_html_is_detected():
    result = CliRunner().invoke(main, ["extract", "-", "--backend", "offline"], input=PAGE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["source_format"] == "html"


def test_ask_doc_dash_reads_stdin():
    result = CliRunner().invoke(
        main, ["ask", "--doc", "-", "Gilt das Verbot für Flughäfen?", "--backend", "offline", "--no-cache", "--json"],
        input=ARTICLE,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "no"


def test_ask_doc_dash_needs_a_question():
    result = CliRunner().invoke(main, ["ask", "--doc", "-", "--backend", "offline"], input=ARTICLE)
    assert result.exit_code == 2 and "give a QUESTION" in result.output


def test_report_and_export_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NLP_POLICY_CACHE_DIR", str(tmp_path / "cache"))
    report = CliRunner().invoke(main, ["report", "-", "-o", "-", "--backend", "offline"], input=ARTICLE)
    assert report.exit_code == 0, report.output
    assert report.stdout.startswith("<!DOCTYPE html>") and "stdin-" in report.stdout
    assert not (tmp_path / "-").exists()
    export = CliRunner().invoke(main, ["export", "-", "-f", "jsonl", "-o", "-", "--backend", "offline"], input=ARTICLE)
    assert export.exit_code == 0, export.output
    kinds = {json.loads(line)["kind"] for line in export.stdout.splitlines()}
    assert kinds == {"entity", "clause", "time"}


def test_extract_o_dash_writes_stdout_not_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(doc), "-o", "-", "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema"] == SCHEMA
    assert not (tmp_path / "-").exists()


# -- Unicode hygiene ---------------------------------------------------------------

CLEAN = (
    "Die Behörde in Bayern hat die Gesichtserkennung verboten. Das Verbot gilt nicht für Flughäfen, "
    "sagte Anna Berger am Mittwoch.\n\nMünchen prüft eine Ausnahme für die Polizei."
)

DIRTY = {
    "soft hyphens": CLEAN.replace("verboten", "ver\u00adboten").replace("Bayern", "Bay\u00adern"),
    "zero-width space before a sentence": CLEAN.replace(". Das", ". \u200bDas"),
    "word joiner in a name": CLEAN.replace("Anna Berger", "Anna\u2060 Berger"),
    "non-breaking spaces": CLEAN.replace("nicht für", "nicht\u00a0für").replace("Anna Berger", "Anna\u00a0Berger"),
    "Windows line ends": CLEAN.replace("\n", "\r\n"),
    "decomposed umlauts": unicodedata.normalize("NFD", CLEAN),
    "soft hyphen before a decomposed umlaut": unicodedata.normalize("NFD", CLEAN.replace("Flughäfen", "Flugh\u00adäfen")),
    "everything at once": unicodedata.normalize(
        "NFD", CLEAN.replace("verboten", "ver\u00adboten").replace("Anna Berger", "Anna\u2060\u00a0Berger")
    ).replace("\n", "\r\n").replace(". Das", ".\u200b Das"),
}


def test_clean_maps_spans_back_exactly():
    text = "ver\u00adboten in Mu\u0308nchen\r\nund\u00a0so"
    cleaned = clean(text)
    assert cleaned.text == "verboten in München\nund so"
    for word in ("verboten", "München", "und so", "ver"):
        i = cleaned.text.index(word)
        start, end = cleaned.span(i, i + len(word))
        assert clean(text[start:end]).text == word
    i = cleaned.text.index("ver")
    assert text[slice(*cleaned.span(i, i + 3))] == "ver"  # the soft hyphen after it is not taken in


def test_clean_text_is_left_alone():
    assert clean(CLEAN).identity


def _analysis(record):
    return (
        [(c.type, c.negated, c.scope.to_dict(), c.issuer, c.sentence) for c in record.clauses],
        sorted((e.name, e.label) for e in record.entities),
        [(t.kind, t.value) for t in record.timeline],
        len(record.sentences),
    )


@pytest.fixture(scope="module")
def clean_record(nlp):
    from nlp_policy.extraction.document import extract_text

    return extract_text(CLEAN, nlp=nlp)


@pytest.mark.parametrize("case", sorted(DIRTY))
def test_invisible_characters_do_not_change_the_analysis(case, clean_record, nlp):
    from nlp_policy.extraction.document import extract_text

    text = DIRTY[case]
    record = extract_text(text, nlp=nlp)
    assert _analysis(record) == _analysis(clean_record)
    assert_exact(record, text)
    assert record.document.sha256 == from_text(text).sha256  # the original is the coordinate system


@pytest.mark.parametrize("case", ["soft hyphens", "decomposed umlauts", "everything at once"])
@pytest.mark.parametrize("question", ["Ist die Gesichtserkennung in Bayern verboten?", "Gilt das Verbot für Flughäfen?", "Was prüft München?"])
def test_answers_are_the_same_as_for_clean_text(case, question, clean_record, nlp):
    from nlp_policy.extraction.document import extract_text
    from nlp_policy.qa.answer import answer_question

    record = extract_text(DIRTY[case], nlp=nlp)
    a, b = answer_question(question, clean_record), answer_question(question, record)
    assert (b.verdict, b.confidence) == (a.verdict, a.confidence)
    assert [e.sentence for e in b.evidence] == [e.sentence for e in a.evidence]
    assert b.answer == a.answer  # the prose reads as the clean text ...
    for e in b.evidence:  # ... while the evidence cites the document exactly
        assert DIRTY[case][e.start : e.end] == e.text


def test_cli_on_a_file_with_invisible_characters(tmp_path):
    path = tmp_path / "unsichtbar.txt"
    path.write_bytes(DIRTY["everything at once"].encode("utf-8"))
    result = CliRunner().invoke(main, ["extract", str(path), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    text = read_document(path).text
    assert "\r\n" in text  # offsets refer to the file as decoded, not to a cleaned copy
    for c in record["clauses"]:
        assert text[c["start"] : c["end"]] == c["text"]
    assert {c["type"] for c in record["clauses"]} >= {"prohibition", "exception"}
    assert "Anna Berger" in {e["name"] for e in record["entities"]}
    answer = CliRunner().invoke(
        main, ["ask", "--doc", str(path), "Ist die Gesichtserkennung in Bayern verboten?", "--backend", "offline", "--json"],
        env={"NLP_POLICY_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert answer.exit_code == 0, answer.output
    assert json.loads(answer.stdout)["verdict"] == "yes"


from hypothesis import example, given, settings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("aouAOU .\n") + ["\u00ad", "\u200b", "\u2060", "\u00a0", "\u202f", "\r", "\r\n", "\u0308", "\u0301", "ä"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
@example("a\u00a0\u0308\u0308\u0308", None)  # found by hypothesis: a space with three marks that cannot compose
@example(" \u00ad\u0308\u0308\u0308", None)
def test_clean_spans_slice_back_to_the_same_clean_text(text, data):
    cleaned = clean(text)
    n = len(cleaned.text)
    spans = [(data.draw(st.integers(0, n)), None)] if data is not None else [(i, None) for i in range(n + 1)]
    for i, _ in spans:
        for j in ([data.draw(st.integers(i, n))] if data is not None else range(i, n + 1)):
            start, end = cleaned.span(i, j)
            assert 0 <= start <= end <= len(text)
            again = clean(text[start:end]).text
            # exact, except that a piece giving several clean characters (a base with marks
            # that cannot compose) is cited whole when a span ends inside it: the surplus is
            # at most that piece's marks, and one base character on each side
            marks = sum(1 for ch in again if unicodedata.combining(ch))
            assert again == cleaned.text[i:j] or (cleaned.text[i:j] in again and len(again) - (j - i) <= marks + 2)
    assert cleaned.text == _reference_clean(text)


def _reference_clean(text: str) -> str:
    """What clean() must give, written the slow and obvious way."""
    from nlp_policy.text.clean import INVISIBLE, SPACES

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate({**{ord(c): None for c in INVISIBLE}, **{ord(c): " " for c in SPACES}})
    return unicodedata.normalize("NFC", text)
