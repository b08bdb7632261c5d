"""The knowledge record: typed, JSON-serialisable facts about one document.

Every fact cites the sentence it comes from and exact character offsets into
the decoded document text, so that ``text[start:end] == fact.text`` holds for
sentences, mentions, clauses, descriptions and time expressions alike.

The JSON form carries ``"schema": "nlp-policy/record@1"``; the JSON Schema
ships as ``nlp_policy/data/record.schema.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Iterator

from nlp_policy.errors import RecordError

__all__ = [
    "CLAUSE_TYPES", "ENTITY_LABELS", "MODIFIER_CATEGORIES", "MODIFIER_VALUES", "RELATION_TYPES", "SCHEMA", "SCHEMA_NAME", "SCHEMA_VERSION", "SCOPE_FIELDS",
    "TextSpan", "DocumentInfo", "Sentence", "Entity", "Scope", "Relation", "Modifier", "Clause", "TimeExpression", "Record",
]

from nlp_policy.record.labels import (  # noqa: F401  (re-exported)
    CLAUSE_TYPES,
    ENTITY_LABELS,
    MODIFIER_CATEGORIES,
    MODIFIER_VALUES,
    RELATION_TYPES,
    SCHEMA,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    SCOPE_FIELDS,
)


@dataclass(frozen=True)
class TextSpan:
    """A cited piece of the document: its text, offsets and sentence id."""

    text: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "TextSpan":
        return cls(text=d["text"], start=d["start"], end=d["end"], sentence=d["sentence"])


_OPTIONAL_SOURCE_FIELDS = {"source_format": "text", "text": None, "url": None, "published": None}


@dataclass(frozen=True)
class DocumentInfo:
    """Where the record came from and how it was made."""

    id: str
    path: str | None
    sha256: str
    chars: int
    language: str
    backend: str
    pipeline_version: str
    encoding: str = "utf-8"
    # Inputs other than plain text (written only when set): the format read,
    # the plain text analysed (offsets point into it), the page's URL and date.
    source_format: str = "text"
    text: str | None = None
    url: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, default in _OPTIONAL_SOURCE_FIELDS.items():
            if out[name] == default:
                del out[name]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DocumentInfo":
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True)
class Sentence:
    id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Sentence":
        return cls(id=d["id"], start=d["start"], end=d["end"], text=d["text"])


@dataclass(frozen=True)
class Entity:
    """A named thing, with every mention of it.

    name (str): canonical name. aliases (tuple[str]): other names used in the
    text (and known variants). description (TextSpan | None): an apposition or
    phrase of the text that says what the entity is.
    """

    id: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[TextSpan, ...] = ()
    description: TextSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
            "description": self.description.to_dict() if self.description else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        desc = d.get("description")
        return cls(
            id=d["id"],
            name=d["name"],
            label=d["label"],
            aliases=tuple(d.get("aliases", ())),
            mentions=tuple(TextSpan.from_dict(m) for m in d.get("mentions", ())),
            description=TextSpan.from_dict(desc) if desc else None,
        )


@dataclass(frozen=True)
class Scope:
    """What a clause covers. ``geo`` holds normalised codes (``US``, ``DE``,
    ``EU``, ``worldwide``); the other fields hold the words of the text."""

    geo: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: list(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Scope":
        return cls(**{f.name: tuple(d.get(f.name, ())) for f in fields(cls)})

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


assert tuple(f.name for f in fields(Scope)) == SCOPE_FIELDS, "record.labels.SCOPE_FIELDS must list Scope's fields"


@dataclass(frozen=True)
class Relation:
    """A link from one clause to another: ``limits``, ``corrects``, ``qualifies`` or ``lifts``."""

    type: str
    target: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "target": self.target}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Relation":
        return cls(type=d["type"], target=d["target"])


@dataclass(frozen=True)
class Modifier:
    """What a cue in the text does to a clause's meaning (ConText-style).

    category (str): status, extent, strength, condition or attribution (``MODIFIER_VALUES``).
    value (str): e.g. ``planned``, ``temporary``, ``in_principle``, ``conditional``, ``reported``.
    text/start/end: the cue, with exact offsets into the document text.
    detail (str | None): what the cue adds, e.g. the end of a temporary rule
        ("bis 25. November") or the source of a report ("laut CNBC").
    """

    category: str
    value: str
    text: str
    start: int
    end: int
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "value": self.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Modifier":
        return cls(
            category=d["category"],
            value=d["value"],
            text=d["text"],
            start=d["start"],
            end=d["end"],
            detail=d.get("detail"),
        )


@dataclass(frozen=True)
class Clause:
    """A sentence part that carries a rule or a change of rule."""

    id: str
    type: str
    text: str
    start: int
    end: int
    sentence: str
    trigger: TextSpan
    negated: bool = False
    issuer: str | None = None
    addressees: tuple[str, ...] = ()
    action: str | None = None
    scope: Scope = field(default_factory=Scope)
    relations: tuple[Relation, ...] = ()
    time: tuple[str, ...] = ()
    modifiers: tuple[Modifier, ...] = ()

    def modifier(self, category: str) -> Modifier | None:
        """The clause's first modifier of ``category`` (status, extent, ...), or None."""
        return next((m for m in self.modifiers if m.category == category), None)

    @property
    def status(self) -> str:
        """``in_force`` unless a status modifier says otherwise (planned, former, lifted, ...)."""
        found = self.modifier("status")
        return found.value if found else "in_force"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "trigger": self.trigger.to_dict(),
            "negated": self.negated,
            "issuer": self.issuer,
            "addressees": list(self.addressees),
            "action": self.action,
            "scope": self.scope.to_dict(),
            "relations": [r.to_dict() for r in self.relations],
            "time": list(self.time),
            "modifiers": [m.to_dict() for m in self.modifiers],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Clause":
        return cls(
            id=d["id"],
            type=d["type"],
            text=d["text"],
            start=d["start"],
            end=d["end"],
            sentence=d["sentence"],
            trigger=TextSpan.from_dict(d["trigger"]),
            negated=bool(d.get("negated", False)),
            issuer=d.get("issuer"),
            addressees=tuple(d.get("addressees", ())),
            action=d.get("action"),
            scope=Scope.from_dict(d.get("scope", {})),
            relations=tuple(Relation.from_dict(r) for r in d.get("relations", ())),
            time=tuple(d.get("time", ())),
            modifiers=tuple(Modifier.from_dict(m) for m in d.get("modifiers", ())),
        )


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression. ``kind``: date, weekday, month, year, relative.
    ``value``: a normalised form where one can be given (``2019-05-14``,
    ``--03-20``, ``Wednesday``), else None. ``anchors``: ids of the clauses in
    the same sentence."""

    id: str
    text: str
    start: int
    end: int
    sentence: str
    kind: str
    value: str | None = None
    anchors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "kind": self.kind,
            "value": self.value,
            "anchors": list(self.anchors),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "TimeExpression":
        return cls(
            id=d["id"],
            text=d["text"],
            start=d["start"],
            end=d["end"],
            sentence=d["sentence"],
            kind=d["kind"],
            value=d.get("value"),
            anchors=tuple(d.get("anchors", ())),
        )


@dataclass(frozen=True)
class Record:
    """All facts extracted from one document."""

    document: DocumentInfo
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    clauses: tuple[Clause, ...] = ()
    timeline: tuple[TimeExpression, ...] = ()
    schema: str = SCHEMA

    # -- lookups -----------------------------------------------------------
    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)

    def clause(self, clause_id: str) -> Clause:
        for c in self.clauses:
            if c.id == clause_id:
                return c
        raise KeyError(clause_id)

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def spans(self) -> Iterator[tuple[str, TextSpan | Sentence | Clause | TimeExpression]]:
        """Every offset-bearing fact, as ``(kind, fact)`` pairs (for checks and exports)."""
        for s in self.sentences:
            yield "sentence", s
        for e in self.entities:
            for m in e.mentions:
                yield "mention", m
            if e.description:
                yield "description", e.description
        for c in self.clauses:
            yield "clause", c
            yield "trigger", c.trigger
        for t in self.timeline:
            yield "time", t

    # -- display -----------------------------------------------------------
    def __repr__(self) -> str:
        # The full field dump of a 4,000-character article runs to 20,000
        # characters; a summary is what a console or a log line needs.
        d = self.document
        return (
            f"<Record {d.id!r}: {d.chars:,} characters, {len(self.sentences)} sentences, "
            f"{len(self.entities)} entities, {len(self.clauses)} clauses, {len(self.timeline)} time expressions>"
        )

    def _repr_html_(self) -> str:
        """A notebook summary: the counts, then the clauses and entities as tables."""
        from html import escape

        def short(text: str, limit: int = 120) -> str:
            text = " ".join(text.split())
            return escape(text if len(text) <= limit else text[: limit - 1] + "\u2026")

        d = self.document
        parts = [
            f"<div class=\"nlp-policy-record\"><p><b>Record</b> <code>{escape(d.id)}</code>: "
            f"{d.chars:,} characters, {len(self.sentences)} sentences, {len(self.entities)} entities, "
            f"{len(self.clauses)} clauses, {len(self.timeline)} time expressions</p>",
        ]
        if self.clauses:
            rows = "".join(
                f"<tr><td>{escape(c.id)}</td><td>{escape(c.type)}</td><td>{short(c.trigger.text, 40)}</td>"
                f"<td>{short(c.text)}</td></tr>"
                for c in self.clauses
            )
            parts.append(f"<table><tr><th>id</th><th>type</th><th>trigger</th><th>text</th></tr>{rows}</table>")
        if self.entities:
            rows = "".join(
                f"<tr><td>{escape(e.id)}</td><td>{escape(e.label)}</td><td>{short(e.name, 60)}</td>"
                f"<td>{len(e.mentions)}</td></tr>"
                for e in self.entities
            )
            parts.append(f"<table><tr><th>id</th><th>label</th><th>name</th><th>mentions</th></tr>{rows}</table>")
        return "".join(parts) + "</div>"

    # -- serialisation -----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "document": self.document.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "clauses": [c.to_dict() for c in self.clauses],
            "timeline": [t.to_dict() for t in self.timeline],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        from nlp_policy.record.jsonio import dumps

        return dumps(self.to_dict(), indent=indent)

    def to_frames(self):
        """The entity, clause and timeline tables as pandas DataFrames (see :mod:`nlp_policy.record.frames`).

        RAISES NlpPolicyError: pandas is not installed.
        """
        from nlp_policy.record.frames import to_frames

        return to_frames(self)

    @classmethod
    def from_dict(cls, d: Any) -> "Record":
        """Build a record from its JSON form.

        RAISES RecordError: not a record, a newer schema version, or missing fields.
        """
        if not isinstance(d, dict) or "schema" not in d:
            raise RecordError("not an nlp-policy record (no \"schema\" field); pass a file written by `nlp-policy extract`")
        name, _, version = str(d["schema"]).partition("@")
        if name != SCHEMA_NAME:
            raise RecordError(f"not an nlp-policy record (schema {d['schema']!r}); pass a file written by `nlp-policy extract`")
        if not version.isdigit() or int(version) > SCHEMA_VERSION:
            raise RecordError(
                f"record schema {d['schema']!r} is newer than this nlp-policy understands ({SCHEMA}); "
                "upgrade nlp-policy or re-extract the record"
            )
        try:
            return cls(
                schema=SCHEMA,
                document=DocumentInfo.from_dict(d["document"]),
                sentences=tuple(Sentence.from_dict(s) for s in d.get("sentences", ())),
                entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
                clauses=tuple(Clause.from_dict(c) for c in d.get("clauses", ())),
                timeline=tuple(TimeExpression.from_dict(t) for t in d.get("timeline", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordError(f"the record is incomplete or malformed ({type(exc).__name__}: {exc}); re-extract it") from None

    @classmethod
    def from_json(cls, text: str) -> "Record":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(f"the record is not valid JSON (line {exc.lineno}, column {exc.colno}); re-extract it") from None
        return cls.from_dict(data)
