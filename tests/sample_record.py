"""A small hand-made record (no pipeline) for export, frame and report tests.

Offsets are computed from the text, so ``TEXT[start:end] == fact.text`` holds
by construction. The last sentence has characters that must be escaped in HTML.
"""

from __future__ import annotations

from nlp_policy.record import Clause, DocumentInfo, Entity, Modifier, Record, Relation, Scope, Sentence, TextSpan, TimeExpression
from nlp_policy.text.reading import sha256_text

TEXT = (
    "Microsoft verbietet der US-Polizei die Gesichtserkennung.\n\n"
    "Das Verbot gilt nicht für stationäre Kameras.\n\n"
    "Update: Am Mittwoch sagte Microsoft, das Verbot gelte nur in den USA.\n\n"
    "=Der Wrapper heißt „A<B> & C“ (\"Test\")."
)


def _at(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def _sentences() -> list[Sentence]:
    out, pos = [], 0
    for n, part in enumerate(TEXT.split("\n\n"), start=1):
        start = TEXT.index(part, pos)
        out.append(Sentence(id=f"s{n}", start=start, end=start + len(part), text=part))
        pos = start + len(part)
    return out


def _span(text: str, sentence: str, nth: int = 0) -> TextSpan:
    start, end = _at(text, nth)
    return TextSpan(text=text, start=start, end=end, sentence=sentence)


def _clause(cid: str, ctype: str, text: str, sentence: str, trigger: str, **kw) -> Clause:
    start, end = _at(text)
    return Clause(id=cid, type=ctype, text=text, start=start, end=end, sentence=sentence,
                  trigger=_span(trigger, sentence), **kw)


def _modifier(category: str, value: str, text: str, detail: str | None = None, nth: int = 0) -> Modifier:
    start, end = _at(text, nth)
    return Modifier(category=category, value=value, text=text, start=start, end=end, detail=detail)


def sample_record(path: str | None = None) -> Record:
    """The record of :data:`TEXT`: three clauses, three entities, one time expression;
    c2 is denied (``nicht``), c3 reported (``sagte Microsoft``)."""
    clauses = (
        _clause("c1", "prohibition", "Microsoft verbietet der US-Polizei die Gesichtserkennung", "s1", "verbietet",
                addressees=("US-Polizei",), scope=Scope(geo=("US",), actors=("US-Polizei",), technologies=("Gesichtserkennung",))),
        _clause("c2", "exception", "Das Verbot gilt nicht für stationäre Kameras", "s2", "gilt nicht",
                negated=True, scope=Scope(devices=("stationäre Kameras",)), relations=(Relation("limits", "c1"),),
                modifiers=(_modifier("status", "denied", "nicht"),)),
        _clause("c3", "update", "das Verbot gelte nur in den USA", "s3", "gelte nur",
                scope=Scope(geo=("US",)), relations=(Relation("corrects", "c1"), Relation("limits", "c2")), time=("t1",),
                modifiers=(_modifier("attribution", "reported", "sagte", detail="sagte Microsoft"),)),
    )
    entities = (
        Entity(id="e1", name="Microsoft", label="ORG",
               mentions=(_span("Microsoft", "s1"), _span("Microsoft", "s3", 1))),
        Entity(id="e2", name="USA", label="LOC", aliases=("US",),
               mentions=(_span("US", "s1"), _span("USA", "s3"))),
        Entity(id="e3", name="A<B> & C", label="PRODUCT", mentions=(_span("A<B> & C", "s4"),),
               description=_span("Der Wrapper", "s4")),
    )
    t_start, t_end = _at("Mittwoch")
    timeline = (TimeExpression(id="t1", text="Mittwoch", start=t_start, end=t_end, sentence="s3",
                               kind="weekday", value="Wednesday", anchors=("c3",)),)
    info = DocumentInfo(id="sample-" + sha256_text(TEXT)[:12], path=path, sha256=sha256_text(TEXT), chars=len(TEXT),
                        language="de", backend="offline", pipeline_version="test")
    return Record(document=info, sentences=tuple(_sentences()), entities=entities, clauses=clauses, timeline=timeline)
