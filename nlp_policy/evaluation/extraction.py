"""Extraction quality: compare a knowledge record with a hand-made gold file.

A gold file (``<document>.gold.json`` beside the document) holds the entities
and clauses a careful reader finds in the text::

    {"document": "<file name of the text>",
     "entities": [{"name": "Microsoft", "label": "ORG", "aliases": ["Microsofts"]}],
     "clauses": [{"type": "prohibition", "text": "...", "start": 0, "end": 42,
                  "negated": false, "geo": ["US"]}]}

Scoring rules:

* entities: a predicted entity matches a gold entity when the labels are equal
  and any of the names (name plus aliases) of one equals any of the other's,
  compared case-insensitively with whitespace collapsed; matching is
  one-to-one (the largest possible set of pairs), so a gold entity is matched
  at most once;
* clauses, ``exact`` scoring (the default): a predicted clause matches a gold
  clause of the same type when their character spans overlap; pairs are taken
  greedily by overlap length, one-to-one;
* clauses, ``overlap`` scoring (overlap-and-family): a gold clause is found when
  some predicted clause overlaps at least half of the shorter of the two spans;
  it is found with its type when that predicted clause is of the same type
  family (prohibition and restriction are one family, every other type is its
  own); a predicted clause is correct when it so overlaps some gold clause.
  Not one-to-one: it measures whether a reader is pointed at every rule, not
  how the rules are cut.

For each scoring the clause counts give clause recall (spans found whatever
their type), typed recall, and precision (untyped and typed); ``clauses`` keeps
the exact one-to-one P/R/F1.

Besides precision, recall and F1 the scores carry a clause-type confusion table
(gold type against the type predicted on the best-overlapping span) and the
misses and spurious predictions, and for matched clause pairs how often the
``negated`` flag and the geo codes agree, for debugging the extractor.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from nlp_policy.errors import InputError
from nlp_policy.record.types import CLAUSE_TYPES, ENTITY_LABELS, Record
from nlp_policy.resources import corpus_dir

#: Suffix of gold files; ``doc.de.txt`` has the gold ``doc.de.gold.json``.
GOLD_SUFFIX = ".gold.json"
#: Placeholder type in the confusion table for "no clause on this span".
NONE = "-"

_SPACE = re.compile(r"\s+")


# -- gold --------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """An entity as a reader names it: canonical name, label, other names."""

    name: str
    label: str
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class GoldClause:
    """A rule-bearing sentence part with exact offsets into the document text."""

    type: str
    text: str
    start: int
    end: int
    negated: bool = False
    geo: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "negated": self.negated,
            "geo": list(self.geo),
        }


@dataclass(frozen=True)
class Gold:
    """The gold annotation of one document.

    document (str): file name of the text, relative to the gold file's directory.
    path (Path | None): where the gold was read from (None for in-memory gold).
    """

    document: str
    entities: tuple[GoldEntity, ...] = ()
    clauses: tuple[GoldClause, ...] = ()
    path: Path | None = None

    @property
    def document_path(self) -> Path:
        """The annotated text: ``document`` resolved beside the gold file."""
        base = self.path.parent if self.path else Path(".")
        return base / self.document

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "entities": [e.to_dict() for e in self.entities],
            "clauses": [c.to_dict() for c in self.clauses],
        }

    @classmethod
    def from_dict(cls, data: Any, *, name: str = "<gold>", path: Path | None = None) -> "Gold":
        """Build and validate a gold annotation.

        RAISES InputError: a missing field, an unknown label or clause type, or bad offsets.
        """
        if not isinstance(data, dict):
            raise InputError(f"{name}: a gold file holds one JSON object with document, entities and clauses")
        document = data.get("document")
        if not isinstance(document, str) or not document:
            raise InputError(f"{name}: the gold has no \"document\" field; give the file name of the annotated text")
        entities = []
        for i, e in enumerate(_list(data, "entities", name)):
            where = f"{name}: entities[{i}]"
            if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"].strip():
                raise InputError(f"{where} needs a non-empty \"name\"")
            if e.get("label") not in ENTITY_LABELS:
                raise InputError(f"{where} ({e['name']}): label {e.get('label')!r} is not one of {', '.join(ENTITY_LABELS)}")
            aliases = e.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise InputError(f"{where} ({e['name']}): \"aliases\" must be a list of strings")
            entities.append(GoldEntity(name=e["name"], label=e["label"], aliases=tuple(aliases)))
        clauses = []
        for i, c in enumerate(_list(data, "clauses", name)):
            where = f"{name}: clauses[{i}]"
            if not isinstance(c, dict):
                raise InputError(f"{where} must be an object with type, text, start and end")
            if c.get("type") not in CLAUSE_TYPES:
                raise InputError(f"{where}: type {c.get('type')!r} is not one of {', '.join(CLAUSE_TYPES)}")
            text, start, end = c.get("text"), c.get("start"), c.get("end")
            if not isinstance(text, str) or not _is_int(start) or not _is_int(end):
                raise InputError(f"{where} needs \"text\" (string) and integer \"start\" and \"end\"")
            if not 0 <= start < end or end - start != len(text):
                raise InputError(
                    f"{where}: start {start} and end {end} do not fit a text of {len(text)} characters; "
                    "recompute them with text.index(clause)"
                )
            geo = c.get("geo", [])
            if not isinstance(geo, list) or not all(isinstance(g, str) for g in geo):
                raise InputError(f"{where}: \"geo\" must be a list of codes such as \"US\", \"EU\" or \"worldwide\"")
            clauses.append(
                GoldClause(type=c["type"], text=text, start=start, end=end, negated=bool(c.get("negated", False)), geo=tuple(geo))
            )
        return cls(document=document, entities=tuple(entities), clauses=tuple(clauses), path=path)


def _list(data: dict, key: str, name: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"{name}: \"{key}\" must be a list")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def load_gold(path: str | Path) -> Gold:
    """Read a gold file.

    RAISES InputError: the file is missing, not JSON, or not a valid gold annotation.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such gold file; pass a *{GOLD_SUFFIX} file or no argument for the bundled corpus")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{p}: a gold file must be UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not valid JSON (line {exc.lineno}, column {exc.colno}); fix the gold file") from None
    return Gold.from_dict(data, name=str(p), path=p.resolve())


def offset_problems(gold: Gold, text: str) -> list[str]:
    """Clauses whose offsets do not cite the document: ``text[start:end] != clause.text``.

    RETURNS (list[str]): one message per bad clause; empty when all offsets are exact.
    """
    problems = []
    for i, c in enumerate(gold.clauses):
        if text[c.start : c.end] != c.text:
            found = text.find(c.text)
            hint = f"the text is at {found}" if found >= 0 else "the text does not occur in the document"
            problems.append(f"clauses[{i}] ({c.type}, {c.start}-{c.end}): offsets do not match; {hint}")
    return problems


def gold_files(directory: str | Path | None = None) -> list[Path]:
    """Every ``*.gold.json`` in ``directory`` (default: the bundled corpus), sorted by name."""
    return sorted(Path(directory or corpus_dir()).glob(f"*{GOLD_SUFFIX}"))


# -- scores ------------------------------------------------------------------

#: The clause scorings ``evaluate`` knows (see the module docstring).
SCORINGS = ("exact", "overlap")

#: Clause types scored as one family by the overlap scoring.
TYPE_FAMILIES = {"prohibition": "ban", "restriction": "ban"}


def family(clause_type: str) -> str:
    """The family a clause type is scored in (its own name unless grouped)."""
    return TYPE_FAMILIES.get(clause_type, clause_type)


@dataclass(frozen=True)
class ClauseCounts:
    """Clause counts under one scoring.

    gold / predicted (int): clauses in the gold and in the record.
    found (int): gold clauses matched by a predicted span, whatever its type.
    typed (int): gold clauses matched by a predicted span of the right type (family).
    correct (int): predicted clauses that match a gold span.
    typed_correct (int): predicted clauses that match a gold span of their type (family).
    """

    gold: int = 0
    predicted: int = 0
    found: int = 0
    typed: int = 0
    correct: int = 0
    typed_correct: int = 0

    @staticmethod
    def _ratio(num: int, den: int, empty: float) -> float:
        return num / den if den else empty

    @property
    def recall(self) -> float:
        return self._ratio(self.found, self.gold, 1.0 if not self.predicted else 0.0)

    @property
    def typed_recall(self) -> float:
        return self._ratio(self.typed, self.gold, 1.0 if not self.predicted else 0.0)

    @property
    def precision(self) -> float:
        return self._ratio(self.correct, self.predicted, 1.0 if not self.gold else 0.0)

    @property
    def typed_precision(self) -> float:
        return self._ratio(self.typed_correct, self.predicted, 1.0 if not self.gold else 0.0)

    def __add__(self, other: "ClauseCounts") -> "ClauseCounts":
        return ClauseCounts(
            *(getattr(self, f) + getattr(other, f) for f in ("gold", "predicted", "found", "typed", "correct", "typed_correct"))
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "found": self.found,
            "typed": self.typed,
            "correct": self.correct,
            "typed_correct": self.typed_correct,
            "recall": round(self.recall, 4),
            "typed_recall": round(self.typed_recall, 4),
            "precision": round(self.precision, 4),
            "typed_precision": round(self.typed_precision, 4),
        }


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives.

    With nothing predicted and nothing to find, precision and recall are 1.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class MatchStats:
    """How well the matched clause pairs agree beyond their type.

    pairs (int): matched (predicted, gold) clause pairs.
    negated (int): pairs whose ``negated`` flags are equal.
    geo (int): pairs whose normalised geo codes are the same set.
    overlap (float): mean span overlap of the pairs (intersection over union, 0..1);
        low values mean the clause boundaries differ although the spans overlap.
    """

    pairs: int = 0
    negated: int = 0
    geo: int = 0
    overlap: float = 0.0
    #: ``(type, clause text, field, gold value, predicted value)`` for each disagreement.
    mismatches: tuple[tuple[str, str, str, str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "negated_agree": self.negated,
            "geo_agree": self.geo,
            "mean_overlap": round(self.overlap, 4),
            "mismatches": [
                {"type": t, "text": x, "field": f, "gold": g, "predicted": p} for t, x, f, g, p in self.mismatches
            ],
        }


@dataclass(frozen=True)
class DocScores:
    """Entity and clause scores of one document.

    clauses (PRF): exact scoring, one-to-one (same type, any overlap).
    counts (ClauseCounts): clause recall, typed recall and precision under ``scoring``.
    confusion (dict): ``confusion[gold_type][predicted_type]`` counts over spans
        aligned by overlap regardless of type; ``-`` stands for "no clause".
    missed_* / spurious_*: what the extractor did not find, and what it found
        that the gold does not have (entity names; ``(type, text)`` for clauses,
        typed, under ``scoring``).
    """

    document: str
    entities: PRF
    clauses: PRF
    counts: ClauseCounts = field(default_factory=ClauseCounts)
    scoring: str = "exact"
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    matched: MatchStats = field(default_factory=MatchStats)
    missed_entities: tuple[str, ...] = ()
    spurious_entities: tuple[str, ...] = ()
    missed_clauses: tuple[tuple[str, str], ...] = ()
    spurious_clauses: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "entities": self.entities.to_dict(),
            "clauses": self.clauses.to_dict(),
            "scoring": self.scoring,
            "clause_counts": self.counts.to_dict(),
            "confusion": {g: dict(sorted(row.items())) for g, row in sorted(self.confusion.items())},
            "matched_clauses": self.matched.to_dict(),
            "missed_entities": list(self.missed_entities),
            "spurious_entities": list(self.spurious_entities),
            "missed_clauses": [{"type": t, "text": x} for t, x in self.missed_clauses],
            "spurious_clauses": [{"type": t, "text": x} for t, x in self.spurious_clauses],
        }


@dataclass(frozen=True)
class EvalReport:
    """Scores of many documents with their macro mean and micro (pooled) totals.

    name (str): what the documents are (``corpus``, ``dev``, ``files``).
    """

    documents: tuple[DocScores, ...]
    name: str = "files"
    scoring: str = "exact"

    def counts(self) -> ClauseCounts:
        """Clause counts pooled over all documents (micro average)."""
        total = ClauseCounts()
        for d in self.documents:
            total = total + d.counts
        return total

    def micro(self, kind: str) -> PRF:
        """Pooled counts over all documents; kind is ``entities`` or ``clauses``."""
        total = PRF()
        for d in self.documents:
            total = total + getattr(d, kind)
        return total

    def mean(self, kind: str) -> dict[str, float]:
        """Macro average of precision, recall and F1 over the documents."""
        n = len(self.documents)
        if not n:
            return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        scores = [getattr(d, kind) for d in self.documents]
        return {
            "precision": round(sum(s.precision for s in scores) / n, 4),
            "recall": round(sum(s.recall for s in scores) / n, 4),
            "f1": round(sum(s.f1 for s in scores) / n, 4),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "scoring": self.scoring,
            "documents": [d.to_dict() for d in self.documents],
            "mean": {"entities": self.mean("entities"), "clauses": self.mean("clauses")},
            "micro": {
                "entities": self.micro("entities").to_dict(),
                "clauses": self.micro("clauses").to_dict(),
                "clause_counts": self.counts().to_dict(),
            },
        }


# -- matching ----------------------------------------------------------------


def _norm(name: str) -> str:
    return _SPACE.sub(" ", name).strip().casefold()


def _names(name: str, aliases: Iterable[str]) -> set[str]:
    return {n for n in (_norm(x) for x in (name, *aliases)) if n}


def _max_matching(adjacent: Sequence[Sequence[int]], n_right: int) -> dict[int, int]:
    """Largest one-to-one matching of a bipartite graph (augmenting paths).

    adjacent[i] lists the right-hand nodes left node i may pair with.
    RETURNS (dict): left index -> right index.
    """
    owner: list[int | None] = [None] * n_right

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacent[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] is None or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(adjacent)):
        augment(i, set())
    return {i: j for j, i in enumerate(owner) if i is not None}


def match_entities(predicted: Sequence[tuple[str, str, Sequence[str]]], gold: Sequence[GoldEntity]) -> dict[int, int]:
    """Pair predicted ``(name, label, aliases)`` with gold entities.

    RETURNS (dict): predicted index -> gold index.
    """
    gold_names = [_names(g.name, g.aliases) for g in gold]
    adjacent = []
    for name, label, aliases in predicted:
        names = _names(name, aliases)
        adjacent.append([j for j, g in enumerate(gold) if g.label == label and names & gold_names[j]])
    return _max_matching(adjacent, len(gold))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def half_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two spans share at least half of the shorter one."""
    shared = _overlap(a, b)
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


def clause_counts(
    predicted: Sequence[tuple[int, int, str]], gold: Sequence[tuple[int, int, str]], scoring: str = "exact"
) -> tuple[ClauseCounts, set[int], set[int]]:
    """Count clause matches of ``(start, end, type)`` spans under a scoring.

    RETURNS: the counts, the indices of gold clauses found with their type and
        of predicted clauses matching a gold clause of their type.
    RAISES InputError: an unknown scoring.
    """
    if scoring not in SCORINGS:
        raise InputError(f"unknown clause scoring {scoring!r}; use one of {', '.join(SCORINGS)}")
    p_spans = [(s, e) for s, e, _ in predicted]
    g_spans = [(s, e) for s, e, _ in gold]
    if scoring == "exact":
        untyped = align_spans(p_spans, g_spans)
        typed = align_spans(p_spans, g_spans, lambda i, j: predicted[i][2] == gold[j][2])
        counts = ClauseCounts(len(gold), len(predicted), len(untyped), len(typed), len(untyped), len(typed))
        return counts, set(typed.values()), set(typed)
    hits = [[j for j, g in enumerate(g_spans) if half_overlap(p, g)] for p in p_spans]
    same = [[j for j in hits[i] if family(predicted[i][2]) == family(gold[j][2])] for i in range(len(predicted))]
    found = {j for js in hits for j in js}
    typed_found = {j for js in same for j in js}
    typed_pred = {i for i, js in enumerate(same) if js}
    counts = ClauseCounts(
        gold=len(gold),
        predicted=len(predicted),
        found=len(found),
        typed=len(typed_found),
        correct=sum(1 for js in hits if js),
        typed_correct=len(typed_pred),
    )
    return counts, typed_found, typed_pred


def align_spans(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], allowed=lambda i, j: True
) -> dict[int, int]:
    """One-to-one greedy alignment of overlapping spans, largest overlap first.

    RETURNS (dict): predicted index -> gold index.
    """
    pairs = [
        (_overlap(p, g), i, j)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if allowed(i, j) and _overlap(p, g) > 0
    ]
    pairs.sort(key=lambda t: (-t[0], gold[t[2]][0], predicted[t[1]][0]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = {}
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out[i] = j
    return out


def _confusion(pred_types: list[str], pred_spans: list[tuple[int, int]], gold: Sequence[GoldClause]) -> dict[str, dict[str, int]]:
    aligned = align_spans(pred_spans, [(g.start, g.end) for g in gold])
    table: dict[str, dict[str, int]] = {}

    def bump(g: str, p: str) -> None:
        table.setdefault(g, {})
        table[g][p] = table[g].get(p, 0) + 1

    by_gold = {j: i for i, j in aligned.items()}
    for j, g in enumerate(gold):
        bump(g.type, pred_types[by_gold[j]] if j in by_gold else NONE)
    for i, t in enumerate(pred_types):
        if i not in aligned:
            bump(NONE, t)
    return table


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    union = max(a[1], b[1]) - min(a[0], b[0])
    return _overlap(a, b) / union if union else 0.0


def _match_stats(record: Record, gold: Gold, pairs: dict[int, int]) -> MatchStats:
    if not pairs:
        return MatchStats()
    negated = geo = 0
    overlap = 0.0
    mismatches = []
    for i, j in sorted(pairs.items(), key=lambda ij: ij[1]):
        p, g = record.clauses[i], gold.clauses[j]
        if p.negated == g.negated:
            negated += 1
        else:
            mismatches.append((g.type, g.text, "negated", str(g.negated), str(p.negated)))
        if set(p.scope.geo) == set(g.geo):
            geo += 1
        else:
            mismatches.append((g.type, g.text, "geo", ",".join(sorted(g.geo)), ",".join(sorted(p.scope.geo))))
        overlap += _iou((p.start, p.end), (g.start, g.end))
    return MatchStats(pairs=len(pairs), negated=negated, geo=geo, overlap=overlap / len(pairs), mismatches=tuple(mismatches))


def evaluate(record: Record, gold: Gold, *, scoring: str = "exact") -> DocScores:
    """Score one record against its gold annotation.

    record (Record): the extractor's output for the gold's document.
    gold (Gold): the hand annotation of the same text.
    scoring (str): ``exact`` or ``overlap`` (overlap-and-family) for the clause counts.
    RETURNS (DocScores): entity and clause-type scores with debugging detail.
    RAISES InputError: an unknown scoring.
    """
    pred_ents = [(e.name, e.label, e.aliases) for e in record.entities]
    ent_pairs = match_entities(pred_ents, gold.entities)
    matched_gold = set(ent_pairs.values())
    entities = PRF(tp=len(ent_pairs), fp=len(pred_ents) - len(ent_pairs), fn=len(gold.entities) - len(ent_pairs))

    pred_spans = [(c.start, c.end) for c in record.clauses]
    pred_types = [c.type for c in record.clauses]
    gold_spans = [(g.start, g.end) for g in gold.clauses]
    cl_pairs = align_spans(pred_spans, gold_spans, lambda i, j: pred_types[i] == gold.clauses[j].type)
    matched = _match_stats(record, gold, cl_pairs)
    clauses = PRF(tp=len(cl_pairs), fp=len(pred_spans) - len(cl_pairs), fn=len(gold.clauses) - len(cl_pairs))
    counts, typed_gold, typed_pred = clause_counts(
        [(c.start, c.end, c.type) for c in record.clauses], [(g.start, g.end, g.type) for g in gold.clauses], scoring
    )

    return DocScores(
        document=gold.document,
        entities=entities,
        clauses=clauses,
        counts=counts,
        scoring=scoring,
        confusion=_confusion(pred_types, pred_spans, gold.clauses),
        matched=matched,
        missed_entities=tuple(f"{g.name} ({g.label})" for j, g in enumerate(gold.entities) if j not in matched_gold),
        spurious_entities=tuple(f"{e.name} ({e.label})" for i, e in enumerate(record.entities) if i not in ent_pairs),
        missed_clauses=tuple((g.type, g.text) for j, g in enumerate(gold.clauses) if j not in typed_gold),
        spurious_clauses=tuple((c.type, c.text) for i, c in enumerate(record.clauses) if i not in typed_pred),
    )


def evaluate_files(
    paths: Iterable[str | Path] | None = None,
    *,
    backend: str = "auto",
    nlp=None,
    scoring: str = "exact",
    name: str | None = None,
) -> EvalReport:
    """Extract each gold file's document and score it.

    paths: gold files (default: every gold file of the bundled corpus).
    backend (str): pipeline backend, as for ``nlp-policy extract``.
    scoring (str): clause scoring, ``exact`` or ``overlap``.
    name (str | None): the report's name (default ``corpus`` without paths, else ``files``).
    RAISES InputError: no gold files, an invalid gold file, a missing document,
        gold offsets that do not match the document text, or an unknown scoring.
    """
    if scoring not in SCORINGS:
        raise InputError(f"unknown clause scoring {scoring!r}; use one of {', '.join(SCORINGS)}")
    from nlp_policy.extraction.document import extract_source
    from nlp_policy.pipeline.build import extraction_pipeline
    from nlp_policy.text.reading import read_document

    paths = list(paths or ())
    files = [Path(p) for p in paths] if paths else gold_files()
    if not files:
        raise InputError(f"no *{GOLD_SUFFIX} files in {corpus_dir()}; pass gold files as arguments")
    golds = [load_gold(p) for p in files]
    nlp = nlp or extraction_pipeline(backend)
    scores = []
    for gold, path in zip(golds, files):
        doc_path = gold.document_path
        if not doc_path.is_file():
            raise InputError(f"{path}: the annotated document {gold.document} is not beside the gold file ({doc_path})")
        source = read_document(doc_path)
        problems = offset_problems(gold, source.text)
        if problems:
            raise InputError(f"{path}: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
        scores.append(evaluate(extract_source(source, nlp=nlp), gold, scoring=scoring))
    return EvalReport(documents=tuple(scores), name=name or ("files" if paths else "corpus"), scoring=scoring)


#: The gold sets ``evaluate_sets`` knows: the bundled corpus and the dev set.
GOLD_SETS = ("corpus", "dev")


def dev_dir() -> Path:
    """Directory of the dev set (30 real-event articles with gold): ``corpus/dev``."""
    return corpus_dir() / "dev"


def set_files(name: str) -> list[Path]:
    """The gold files of a named set (``corpus`` or ``dev``).

    RAISES InputError: an unknown set name, or a set without gold files.
    """
    if name not in GOLD_SETS:
        raise InputError(f"unknown gold set {name!r}; use one of {', '.join(GOLD_SETS)} (or all)")
    directory = corpus_dir() if name == "corpus" else dev_dir()
    files = gold_files(directory)
    if not files:
        raise InputError(f"no *{GOLD_SUFFIX} files in {directory}; reinstall the package or pass gold files as arguments")
    return files


def evaluate_sets(names: Sequence[str], *, backend: str = "auto", nlp=None, scoring: str = "exact") -> list[EvalReport]:
    """Score the named gold sets with one pipeline; one report per set.

    RAISES InputError: as ``set_files`` and ``evaluate_files``.
    """
    from nlp_policy.pipeline.build import load

    files = {n: set_files(n) for n in names}
    nlp = nlp or load(backend)
    return [evaluate_files(files[n], nlp=nlp, scoring=scoring, name=n) for n in names]


# -- output ------------------------------------------------------------------


#: Columns of ``score_table`` after the document name.
TABLE_COLUMNS = ["ent P", "ent R", "ent F1", "cl R", "typed R", "cl P", "typed P"]


def _row(name: str, entities: PRF, counts: ClauseCounts) -> list[str]:
    return [
        name,
        *_fmt(entities.precision, entities.recall, entities.f1),
        *_fmt(counts.recall, counts.typed_recall, counts.precision, counts.typed_precision),
    ]


def score_table(report: EvalReport) -> str:
    """A plain-text table: per document entity P/R/F1 and clause recall, typed
    recall and precision, then the micro (pooled) totals; a title line names
    the set and the scoring."""
    head = ["document", *TABLE_COLUMNS]
    rows = [_row(d.document, d.entities, d.counts) for d in report.documents]
    total = _row("micro (pooled)", report.micro("entities"), report.counts())
    width = max(len(r[0]) for r in [head, *rows, total])
    cols = [max(7, len(c)) for c in TABLE_COLUMNS]
    line = lambda cells: "  ".join([cells[0].ljust(width), *(c.rjust(w) for c, w in zip(cells[1:], cols))]).rstrip()  # noqa: E731
    rule = line(["-" * width, *("-" * w for w in cols)])
    n = report.counts()
    title = (
        f"{report.name}: {len(report.documents)} documents, {n.gold} gold clauses, {n.predicted} predicted; "
        f"{report.scoring} scoring"
    )
    return "\n".join([title, line(head), rule, *(line(r) for r in rows), rule, line(total)])


def _fmt(*values: float) -> list[str]:
    return [f"{v:.2f}" for v in values]
