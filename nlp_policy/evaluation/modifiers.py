"""Scoring the clause modifiers against a hand-annotated gold file.

The gold (``corpus/dev/modifiers.gold.jsonl``) has one line per gold clause and
modifier value, with the cue that carries it::

    {"doc": "a09_...", "clause_start": 812, "clause_end": 871, "category": "extent",
     "value": "temporary", "cue": "Bis zum 25. November", "cue_start": 812, "cue_end": 832}

Its first line may be a header (``_comment``, ``clauses_reviewed``). Every gold
clause of the documents' ``STEM.gold.json`` was read by the annotator, so a gold
clause without a line has no modifier; that makes precision measurable.

Two figures per value:

* **on gold clauses**: the modifier component runs on the gold clause spans
  (each with the trigger the clause rules find in it), so a clause the
  extractor misses does not count against the modifiers;
* **end to end**: the full pipeline; a gold modifier counts as found when an
  extracted clause that overlaps the gold clause by at least half of the
  shorter span carries a modifier of the same category and value.

``cue_agrees`` counts found modifiers whose cue overlaps the gold cue.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from nlp_policy.errors import InputError
from nlp_policy.record.labels import MODIFIER_VALUES
from nlp_policy.resources import corpus_dir

#: The values the issue sets a target for (share of gold cues found).
TARGET_VALUES = ("temporary", "planned", "former", "denied", "in_principle")
GOLD_NAME = "modifiers.gold.jsonl"
_NEGATABLE = ("prohibition", "restriction", "obligation", "permission", "sanction")
_KEYS = {"doc", "clause_start", "clause_end", "category", "value", "cue", "cue_start", "cue_end"}


@dataclass(frozen=True)
class GoldModifier:
    doc: str
    clause: tuple[int, int]
    category: str
    value: str
    cue: str
    cue_span: tuple[int, int]


@dataclass
class ValueScore:
    """Counts for one modifier value. ``predicted``/``correct`` are over the gold clauses."""

    gold: int = 0
    found: int = 0
    cue_agrees: int = 0
    found_end_to_end: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def recall_end_to_end(self) -> float:
        return self.found_end_to_end / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    def add(self, other: "ValueScore") -> None:
        for name in ("gold", "found", "cue_agrees", "found_end_to_end", "predicted", "correct"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "found": self.found, "recall": round(self.recall, 3), "cue_agrees": self.cue_agrees,
            "found_end_to_end": self.found_end_to_end, "recall_end_to_end": round(self.recall_end_to_end, 3),
            "predicted": self.predicted, "correct": self.correct, "precision": round(self.precision, 3),
        }


@dataclass
class ModifierReport:
    """Scores per value, the target group, misses, and the denied/negated agreement."""

    values: dict[str, ValueScore]
    clauses_reviewed: int
    documents: int
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    denied_vs_negated: dict[str, int] = field(default_factory=dict)

    def group(self, values: Iterable[str] = TARGET_VALUES) -> ValueScore:
        total = ValueScore()
        for v in values:
            total.add(self.values[v])
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "clauses_reviewed": self.clauses_reviewed,
            "gold_modifiers": sum(s.gold for s in self.values.values()),
            "values": {v: s.to_dict() for v, s in self.values.items()},
            "target": {"values": list(TARGET_VALUES), **self.group().to_dict()},
            "all": self.group(self.values).to_dict(),
            "denied_vs_negated": self.denied_vs_negated,
            "missed": self.missed,
            "spurious": self.spurious,
        }


def default_gold() -> Path:
    """``corpus/dev/modifiers.gold.jsonl`` of the package, else of the source checkout."""
    candidates = [corpus_dir() / "dev" / GOLD_NAME, Path(__file__).resolve().parents[2] / "corpus" / "dev" / GOLD_NAME]
    return next((p for p in candidates if p.is_file()), candidates[0])


def load_modifier_gold(path: str | Path) -> tuple[list[GoldModifier], int | None]:
    """The gold modifiers of a JSONL file and the number of clauses its header says were reviewed.

    RAISES InputError: the file is missing, a line is not JSON, or a line lacks keys / has unknown values.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the modifier gold ({exc.strerror or exc})") from None
    out, reviewed = [], None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not valid JSON ({exc.msg}); one JSON object per line") from None
        if "_comment" in row:
            reviewed = row.get("clauses_reviewed", reviewed)
            continue
        missing = _KEYS - set(row)
        if missing:
            raise InputError(f"{path}:{n}: missing key(s) {', '.join(sorted(missing))}; each line needs {', '.join(sorted(_KEYS))}")
        if row["value"] not in MODIFIER_VALUES.get(row["category"], ()):
            raise InputError(f"{path}:{n}: {row['category']}={row['value']} is not a modifier value (see nlp_policy/record/labels.py)")
        out.append(GoldModifier(row["doc"], (row["clause_start"], row["clause_end"]), row["category"], row["value"],
                                row["cue"], (row["cue_start"], row["cue_end"])))
    return out, reviewed


def _overlaps_half(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _modifiers_on_gold_clauses(nlp, text: str, clauses: list[dict], *, gold_negated: bool = False) -> list[list[dict]]:
    """Run the modifier component on the gold clause spans (trigger from the clause rules;
    ``negated`` from the clause rules too, or from the gold when ``gold_negated``)."""
    from nlp_policy.pipeline import extensions as ext
    from nlp_policy.pipeline.clauses.rules import choose, is_negated, rule_triggers

    stages = [n for n in nlp.pipe_names if n not in ("policy_clauses", "policy_modifiers", "policy_timeline")]
    with nlp.select_pipes(enable=stages):
        doc = nlp(text)
    spans = []
    for c in clauses:
        span = doc.char_span(c["start"], c["end"], label=c["type"], alignment_mode="expand")
        if span is None:
            spans.append(None)
            continue
        trigger = choose(rule_triggers(c["text"]))
        span._.trigger = [c["start"] + trigger.start, c["start"] + trigger.end] if trigger else None
        # as the clause component decides it (the denial modifier follows this flag)
        if gold_negated:
            span._.negated = bool(c.get("negated", False))
        else:
            span._.negated = bool(trigger) and trigger.type in _NEGATABLE and is_negated(c["text"], trigger)
        spans.append(span)
    doc.spans[ext.CLAUSE_GROUP] = [s for s in spans if s is not None]
    nlp.get_pipe("policy_modifiers")(doc)
    return [(s._.modifiers or []) if s is not None else [] for s in spans]


def evaluate_modifiers(path: str | Path | None = None, *, backend: str = "auto", nlp=None, gold_negated: bool = False) -> ModifierReport:
    """Score the modifiers against the gold file (default: ``corpus/dev/modifiers.gold.jsonl``).

    gold_negated (bool): on gold clauses, take ``negated`` from the clause gold
        instead of the clause rules (denials follow that flag), to separate the
        modifier component's errors from the negation detector's.

    RAISES InputError: an unreadable gold file, or a document or its clause gold missing beside it.
    """
    from nlp_policy.extraction.document import extract_source
    from nlp_policy.pipeline.build import load
    from nlp_policy.text.reading import read_document

    if path is None and not default_gold().is_file():
        raise InputError(
            f"no modifier gold at {default_gold()} (the dev set ships with a source checkout); "
            "pass the gold file: nlp-policy eval-modifiers PATH/modifiers.gold.jsonl"
        )
    path = Path(path) if path else default_gold()
    gold, reviewed = load_modifier_gold(path)
    nlp = nlp or load(backend)
    values = {v: ValueScore() for vs in MODIFIER_VALUES.values() for v in vs}
    by_doc: dict[str, list[GoldModifier]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    report = ModifierReport(values=values, clauses_reviewed=reviewed or 0, documents=0)
    agree = {"both": 0, "denied_only": 0, "negated_only": 0}
    docs = sorted({p.name[: -len(".gold.json")] for p in path.parent.glob("*.gold.json")} | set(by_doc))
    for stem in docs:
        text_path, clause_path = path.parent / f"{stem}.txt", path.parent / f"{stem}.gold.json"
        if not text_path.is_file() or not clause_path.is_file():
            raise InputError(f"{path}: document {stem} needs {text_path.name} and {clause_path.name} beside the gold file")
        source = read_document(text_path)
        clauses = json.loads(clause_path.read_text(encoding="utf-8"))["clauses"]
        report.documents += 1
        gold_here = by_doc.get(stem, [])
        wanted = {(g.clause, g.category, g.value): g for g in gold_here}
        for g in gold_here:
            values[g.value].gold += 1
        # on gold clauses
        for c, mods in zip(clauses, _modifiers_on_gold_clauses(nlp, source.text, clauses, gold_negated=gold_negated)):
            span = (c["start"], c["end"])
            for m in {(m["category"], m["value"]): m for m in mods}.values():
                values[m["value"]].predicted += 1
                g = wanted.get((span, m["category"], m["value"]))
                if g is None:
                    report.spurious.append({"doc": stem, "value": m["value"], "cue": m["text"], "clause": c["text"]})
                    continue
                values[m["value"]].correct += 1
                values[m["value"]].found += 1
                if m["start"] < g.cue_span[1] and g.cue_span[0] < m["end"]:
                    values[m["value"]].cue_agrees += 1
                wanted.pop((span, m["category"], m["value"]))
        report.missed.extend(
            {"doc": stem, "value": g.value, "cue": g.cue, "clause": source.text[g.clause[0] : g.clause[1]]} for g in wanted.values()
        )
        # end to end
        record = extract_source(source, nlp=nlp)
        for g in gold_here:
            if any(
                _overlaps_half(g.clause, (c.start, c.end)) and any(m.category == g.category and m.value == g.value for m in c.modifiers)
                for c in record.clauses
            ):
                values[g.value].found_end_to_end += 1
        for c in record.clauses:
            denied = c.status == "denied"
            key = "both" if denied and c.negated else "denied_only" if denied else "negated_only" if c.negated else None
            if key:
                agree[key] += 1
    report.denied_vs_negated = agree
    return report


def modifier_table(report: ModifierReport) -> str:
    """A plain-text table: per value gold count, recall on gold clauses and end to end, precision."""
    head = ["value", "gold", "found", "recall", "cue ok", "e2e", "e2e R", "pred", "prec"]
    rows = []
    for v, s in report.values.items():
        if s.gold or s.predicted:
            rows.append([v, str(s.gold), str(s.found), f"{s.recall:.2f}", str(s.cue_agrees), str(s.found_end_to_end),
                         f"{s.recall_end_to_end:.2f}", str(s.predicted), f"{s.precision:.2f}"])
    for name, s in (("target: " + "/".join(TARGET_VALUES), report.group()), ("all", report.group(report.values))):
        rows.append([name, str(s.gold), str(s.found), f"{s.recall:.2f}", str(s.cue_agrees), str(s.found_end_to_end),
                     f"{s.recall_end_to_end:.2f}", str(s.predicted), f"{s.precision:.2f}"])
    width = max(len(r[0]) for r in [head, *rows])
    line = lambda cells: "  ".join([cells[0].ljust(width), *(c.rjust(6) for c in cells[1:])]).rstrip()  # noqa: E731
    rule = line(["-" * width, *["-" * 6] * (len(head) - 1)])
    out = [line(head), rule, *(line(r) for r in rows[:-2]), rule, *(line(r) for r in rows[-2:])]
    d = report.denied_vs_negated
    out.append(
        f"{report.documents} documents, {report.clauses_reviewed} gold clauses reviewed; extracted clauses: "
        f"denied and negated {d.get('both', 0)}, denied only {d.get('denied_only', 0)}, negated only {d.get('negated_only', 0)}"
    )
    return "\n".join(out)
