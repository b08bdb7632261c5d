"""The HTML report: nesting of overlapping highlights, offsets, escaping,
self-containment, the displaCy helper and the `report` command."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from nlp_policy import errors
from nlp_policy.views import markup
from nlp_policy.cli import main
from nlp_policy.views.display import displacy_data, displacy_options
from nlp_policy.views.report import render, write_report
from sample_record import TEXT, sample_record


class Highlights(HTMLParser):
    """Collect the article's text and the character range each highlight element covers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 inside the article
        self.text: list[str] = []
        self.stack: list[dict | None] = []
        self.elements: list[dict] = []

    @property
    def pos(self) -> int:
        return sum(len(t) for t in self.text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "article":
            self.depth = 1
            return
        if self.depth:
            self.depth += 1
            info = {"attrs": attrs, "from": self.pos} if "data-start" in attrs else None
            self.stack.append(info)

    def handle_endtag(self, tag):
        if not self.depth:
            return
        self.depth -= 1
        if self.depth and self.stack:
            info = self.stack.pop()
            if info is not None:
                info["to"] = self.pos
                self.elements.append(info)

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def parse(html: str) -> Highlights:
    parser = Highlights()
    parser.feed(html)
    return parser


def fact_key(attrs: dict) -> tuple:
    for name in ("data-clause-id", "data-entity-id", "data-time-id", "data-modifier-of"):
        if name in attrs:
            return (("modifier-of-" if name == "data-modifier-of" else "") + attrs[name], attrs["data-start"])
    raise AssertionError(attrs)


# -- markup ---------------------------------------------------------------------

def test_nested_marks_nest():
    html = markup.render("abcdef", [markup.Mark(1, 3, rank=2, classes=("e",)), markup.Mark(0, 6, classes=("c",))])
    assert html == '<span class="c">a<span class="e">bc</span>def</span>'


def test_crossing_marks_are_split_and_continued():
    html = markup.render("abcdef", [markup.Mark(0, 4, classes=("x",)), markup.Mark(2, 6, classes=("y",))])
    assert html == '<span class="x">ab<span class="y">cd</span></span><span class="y cont">ef</span>'


def test_same_range_nests_by_rank_and_escapes():
    marks = [markup.Mark(0, 3, rank=2, classes=("e",), attrs=(("title", 'a"<b>'),)), markup.Mark(0, 3, rank=0, classes=("c",))]
    html = markup.render("<&>", marks)
    assert html == '<span class="c"><span class="e" title="a&quot;&lt;b&gt;">&lt;&amp;&gt;</span></span>'


def test_empty_and_out_of_range_marks_are_dropped():
    assert markup.render("ab", [markup.Mark(1, 1), markup.Mark(0, 9)]) == "ab"


# -- the page -------------------------------------------------------------------

@pytest.fixture
def html() -> str:
    return render(sample_record(), TEXT)


def test_article_text_is_exact_and_highlights_cover_their_offsets(html):
    parsed = parse(html)
    assert "".join(parsed.text) == TEXT
    fragments: dict[tuple, list[dict]] = {}
    for el in parsed.elements:
        fragments.setdefault(fact_key(el["attrs"]), []).append(el)
    record = sample_record()
    expected = {(c.id, str(c.start)) for c in record.clauses}
    expected |= {(e.id, str(m.start)) for e in record.entities for m in e.mentions}
    expected |= {(t.id, str(t.start)) for t in record.timeline}
    expected |= {("modifier-of-" + c.id, str(m.start)) for c in record.clauses for m in c.modifiers}
    assert set(fragments) == expected
    for parts in fragments.values():
        parts.sort(key=lambda el: el["from"])
        start, end = int(parts[0]["attrs"]["data-start"]), int(parts[0]["attrs"]["data-end"])
        assert (parts[0]["from"], parts[-1]["to"]) == (start, end)
        assert all(a["to"] == b["from"] for a, b in zip(parts, parts[1:]))


def test_classes_titles_and_relations_in_german(html):
    assert re.search(r'<span id="clause-c1" class="clause clause-prohibition" data-clause-id="c1"', html)
    assert 'class="clause clause-exception status-denied"' in html and 'class="clause clause-update"' in html
    assert 'class="entity entity-ORG"' in html and 'class="time"' in html
    title = re.search(r'data-clause-id="c2"[^>]*title="([^"]*)"', html).group(1)
    assert "Ausnahme (exception)" in title and "negiert: ja" in title and "Geräte: stationäre Kameras" in title
    assert "korrigiert durch c3" in html and "schränkt c1 ein" in html
    for table in ("clause-table", "entity-table", "timeline-table", "legend"):
        assert f'id="{table}"' in html
    assert "A&lt;B&gt; &amp; C" in html and "A<B>" not in html


def test_modifiers_show_as_badges_and_lifted_rules_are_struck_through():
    import dataclasses

    from nlp_policy.record import Modifier

    record = sample_record()
    c1 = record.clauses[0]
    lifted = Modifier("status", "lifted", c1.trigger.text, c1.trigger.start, c1.trigger.end)
    record = dataclasses.replace(record, clauses=(dataclasses.replace(c1, modifiers=(lifted,)),) + record.clauses[1:])
    html = render(record, TEXT)
    assert re.search(r'<span id="clause-c1" class="clause clause-prohibition status-lifted"', html)
    assert ".status-lifted { text-decoration: line-through" in html
    row = re.search(r'<tr data-clause-id="c1">(.*?)</tr>', html).group(1)
    assert '<span class="badge badge-status" data-value="lifted"' in row and ">aufgehoben</span>" in row
    assert '<span class="status-lifted">Microsoft verbietet' in row
    c3 = re.search(r'<tr data-clause-id="c3">(.*?)</tr>', html).group(1)
    assert ">berichtet (sagte Microsoft)</span>" in c3 and "<td>in Kraft</td>" in c3
    assert re.search(r'class="modifier modifier-attribution" data-modifier-of="c3"[^>]*data-badge="berichtet"', html)
    title = re.search(r'data-clause-id="c2"[^>]*title="([^"]*)"', html).group(1)
    assert "Status: verneint" in title and "Modifikatoren: verneint" in title


def test_report_is_self_contained(html):
    assert not re.search(r'(src|href)\s*=\s*["\']?\s*(https?:)?//', html, re.I)
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert "default-src 'none'" in html


def test_text_must_match_the_record():
    with pytest.raises(errors.RecordError, match="does not match"):
        render(sample_record(), TEXT + " ")


def test_write_report_reads_the_document_path(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    out = write_report(sample_record(path=str(doc)), tmp_path / "r.html")
    assert "".join(parse(out.read_text(encoding="utf-8")).text) == TEXT
    with pytest.raises(errors.RecordError, match="no document path"):
        write_report(sample_record(), tmp_path / "r.html")


# -- displaCy -------------------------------------------------------------------

def test_displacy_data_tokens_cover_every_span_exactly():
    record = sample_record()
    data = displacy_data(record, TEXT)
    offsets, pos = [], 0
    for token in data["tokens"]:
        pos = TEXT.index(token, pos)
        offsets.append((pos, pos + len(token)))
        pos += len(token)
    got = sorted((offsets[s["start_token"]][0], offsets[s["end_token"] - 1][1], s["label"]) for s in data["spans"])
    want = sorted([(c.start, c.end, c.type) for c in record.clauses]
                  + [(m.start, m.end, e.label) for e in record.entities for m in e.mentions])
    assert got == want
    assert "PROHIBITION" in displacy_options()["colors"]


def test_displacy_renders_in_span_style():
    from spacy import displacy

    html = displacy.render(displacy_data(sample_record(), TEXT), style="span", manual=True, options=displacy_options())
    assert "prohibition" in html and "ORG" in html


# -- the command ----------------------------------------------------------------

def test_cli_report(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(doc), "-o", str(out), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert "".join(parse(out.read_text(encoding="utf-8")).text) == TEXT


def test_cli_report_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'missing.txt'}: no such file; check the path" in result.output
    result = runner.invoke(main, ["report", "-o", str(tmp_path / "no" / "r.html"), "--backend", "offline"])
    assert result.exit_code == 1 and "does not exist; create it first" in result.output
    assert runner.invoke(main, ["report"]).exit_code == 2
