"""From text to knowledge record: run the pipeline, then read the doc's spans
into typed record objects with stable ids."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.doctokens import doc_text
from nlp_policy.pipeline.build import PIPELINE_VERSION, backend_of, extraction_pipeline
from nlp_policy.record.types import (
    Clause,
    DocumentInfo,
    Entity,
    Modifier,
    Record,
    Relation,
    Scope,
    Sentence,
    TextSpan,
    TimeExpression,
)
from nlp_policy.errors import InputError
from nlp_policy.resources import bundled_article
from nlp_policy.text.formats import source_details
from nlp_policy.text.reading import DEFAULT_MAX_CHARS, SourceText, from_text, read_document


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentences with stable ids ``s1``, ``s2`` ...; leading/trailing whitespace is trimmed."""
    out: list[Sentence] = []
    text = doc_text(doc)  # spaCy builds doc.text on every access: once per doc, not per sentence
    for sent in doc.sents:
        # the first and last tokens that are no whitespace (walked to from both ends)
        first, last = sent.start, sent.end - 1
        while first <= last and doc[first].is_space:
            first += 1
        if first > last:
            continue
        while doc[last].is_space:
            last -= 1
        head, tail = doc[first], doc[last]
        start, end = head.idx, tail.idx + len(tail.text)
        out.append(Sentence(id=f"s{len(out) + 1}", start=start, end=end, text=text[start:end]))
    return out


class _SentenceIndex:
    """Find the sentence that contains a character offset."""

    def __init__(self, sentences: list[Sentence], text: str | None = None):
        self.sentences = sentences
        # The doc's text, when known: spaCy rebuilds ``doc.text`` on every
        # access, which made citing every span quadratic on long documents.
        self.text = text
        self.starts = [s.start for s in sentences]

    def at(self, char: int) -> str:
        from bisect import bisect_right

        i = max(bisect_right(self.starts, char) - 1, 0)
        return self.sentences[i].id if self.sentences else "s0"


def _cite(doc: Doc, start: int, end: int, index: _SentenceIndex) -> TextSpan:
    text = index.text if index.text is not None else doc.text
    return TextSpan(text=text[start:end], start=start, end=end, sentence=index.at(start))


def entities_of(doc: Doc, index: _SentenceIndex) -> list[Entity]:
    info = doc._.policy_entity_info or {}
    by_key: dict[str, list] = {}
    for span in doc.spans.get(ext.ENTITY_GROUP, []):
        key = span._.entity_key or span.text
        by_key.setdefault(key, []).append(span)
    entities = []
    ordered = sorted(by_key.items(), key=lambda kv: min(s.start_char for s in kv[1]))
    for n, (key, spans) in enumerate(ordered, start=1):
        meta = info.get(key, {})
        spans = sorted(spans, key=lambda s: s.start_char)
        desc = meta.get("description")
        label = meta.get("label") or spans[0].label_
        aliases = [a for a in meta.get("aliases", []) if a != key]
        for s in spans:
            if s.text != key and s.text not in aliases:
                aliases.append(s.text)
        entities.append(
            Entity(
                id=f"e{n}",
                name=key,
                label=label,
                aliases=tuple(aliases),
                mentions=tuple(_cite(doc, s.start_char, s.end_char, index) for s in spans),
                description=_cite(doc, desc[0], desc[1], index) if desc else None,
            )
        )
    return entities


def clauses_of(doc: Doc, index: _SentenceIndex) -> list[Clause]:
    out = []
    for span in sorted(doc.spans.get(ext.CLAUSE_GROUP, []), key=lambda s: s.start_char):
        u = span._  # one Underscore for the eleven reads (``span._`` builds a new one per access)
        trig = u.trigger or [span.start_char, span.end_char]
        out.append(
            Clause(
                id=u.clause_id,
                type=span.label_,
                text=index.text[span.start_char : span.end_char] if index.text is not None else span.text,
                start=span.start_char,
                end=span.end_char,
                sentence=index.at(span.start_char),
                trigger=_cite(doc, trig[0], trig[1], index),
                negated=bool(u.negated),
                issuer=u.issuer,
                addressees=tuple(u.addressees or ()),
                action=u.action,
                scope=Scope.from_dict(u.scope or {}),
                relations=tuple(Relation(type=t, target=c) for t, c in (u.relations or ())),
                modifiers=tuple(Modifier.from_dict(m) for m in (u.modifiers or ())),
            )
        )
    return out


def timeline_of(doc: Doc, index: _SentenceIndex, clauses: list[Clause]) -> list[TimeExpression]:
    out = []
    by_sentence: dict[str, list[str]] = {}
    for c in clauses:
        by_sentence.setdefault(c.sentence, []).append(c.id)
    for n, span in enumerate(sorted(doc.spans.get(ext.TIME_GROUP, []), key=lambda s: s.start_char), start=1):
        sid = index.at(span.start_char)
        out.append(
            TimeExpression(
                id=f"t{n}",
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence=sid,
                kind=span.label_,
                value=span._.time_value,
                anchors=tuple(by_sentence.get(sid, ())),
            )
        )
    return out


def to_original(record: Record, source: SourceText) -> Record:
    """Move every offset of a record made from ``source.analysis.text`` (the
    cleaned text) to ``source.text``, and cite the original characters, so that
    ``source.text[start:end] == fact.text`` holds for every fact.

    Works on any frozen record type with ``start``, ``end`` and ``text``
    fields, so facts added to the record later are mapped too.
    """
    clean = source.analysis
    if clean.identity:
        return record
    original = source.text

    def move(value):
        if isinstance(value, tuple):
            return tuple(move(v) for v in value)
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value
        changes = {f.name: move(getattr(value, f.name)) for f in dataclasses.fields(value)}
        names = {f.name for f in dataclasses.fields(value)}
        if {"start", "end", "text"} <= names and isinstance(changes["start"], int):
            start, end = clean.span(changes["start"], changes["end"])
            changes.update(start=start, end=end, text=original[start:end])
        return dataclasses.replace(value, **changes)

    return dataclasses.replace(
        record,
        sentences=move(record.sentences),
        entities=move(record.entities),
        clauses=move(record.clauses),
        timeline=move(record.timeline),
    )


def doc_to_record(doc: Doc, source: SourceText, *, backend: str) -> Record:
    """Read a processed doc (of ``source.analysis.text``) into a Record whose
    offsets point into ``source.text``."""
    sentences = sentences_of(doc)
    index = _SentenceIndex(sentences, doc_text(doc))
    clauses = clauses_of(doc, index)
    timeline = timeline_of(doc, index, clauses)
    times_by_sentence: dict[str, list[str]] = {}
    for t in timeline:
        times_by_sentence.setdefault(t.sentence, []).append(t.id)
    clauses = [
        Clause(**{**c.__dict__, "time": tuple(times_by_sentence.get(c.sentence, ()))}) for c in clauses
    ]
    info = DocumentInfo(
        id=source.doc_id,
        path=str(source.path) if source.path else None,
        sha256=source.sha256,
        chars=len(source.text),
        language="de",
        backend=backend,
        pipeline_version=PIPELINE_VERSION,
        encoding=source.encoding,
        **source_details(source),
    )
    record = Record(
        document=info,
        sentences=tuple(sentences),
        entities=tuple(entities_of(doc, index)),
        clauses=tuple(clauses),
        timeline=tuple(timeline),
    )
    return to_original(record, source)


def allow_length(nlp: Language, source: SourceText) -> None:
    """Let ``nlp`` take a document as long as ``source`` (the caller's
    ``max_chars`` already bounds it).

    spaCy's ``max_length`` guards the memory of parser and NER; the offline
    backend has neither, so its limit is raised. The model backend refuses
    instead of running out of memory.

    RAISES InputError: the text is too long for the model backend.
    """
    n = len(source.text)
    if n <= nlp.max_length:
        return
    if backend_of(nlp) == "model":
        name = str(source.path) if source.path else "<text>"
        raise InputError(
            f"{name}: has {n:,} characters, more than the model backend handles in one document "
            f"({nlp.max_length:,}); split the file or use --backend offline"
        )
    nlp.max_length = n + 1


def extract_source(source: SourceText, *, nlp: Language | None = None, backend: str = "auto") -> Record:
    """Extract the record of an already decoded document."""
    nlp = nlp or extraction_pipeline(backend)
    allow_length(nlp, source)
    return doc_to_record(nlp(source.analysis.text), source, backend=backend_of(nlp))


def extract_text(text: str, *, name: str = "<text>", nlp: Language | None = None, backend: str = "auto") -> Record:
    """Extract the record of a German text given as a string."""
    return extract_source(from_text(text, name=name), nlp=nlp, backend=backend)


def extract(
    path: str | Path | None = None,
    *,
    nlp: Language | None = None,
    backend: str = "auto",
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    input_format: str = "auto",
) -> Record:
    """Extract the knowledge record of one document (the bundled article by default).

    input_format (str): ``auto``, ``text``, ``html`` or ``markdown`` (see :mod:`nlp_policy.text.formats`).
    RAISES InputError: the file cannot be read or holds no text.
    """
    source = read_document(path or bundled_article(), encoding=encoding, max_chars=max_chars, input_format=input_format)
    return extract_source(source, nlp=nlp, backend=backend)


def extract_many(sources: Iterable[SourceText], *, nlp: Language | None = None, backend: str = "auto", batch_size: int = 16) -> Iterator[Record]:
    """Extract records for many decoded documents with ``nlp.pipe`` batching."""
    nlp = nlp or extraction_pipeline(backend)
    used = backend_of(nlp)
    pairs = ((s.analysis.text, s) for s in sources if allow_length(nlp, s) is None)
    for doc, source in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_record(doc, source, backend=used)
