"""Evaluating question answering against a JSON Lines question set.

Each line: ``{"question", "kind", "answer_type", "must_contain_any", "must_not_contain"}``
and optionally ``"doc"`` (a corpus file name). Strict accuracy: an answer is
correct iff

* its verdict matches ``answer_type`` (``yes``/``no`` exactly; ``unclear`` and
  ``unknown`` both mark a question the text does not settle, and either refusal
  verdict, ``unclear`` or ``unknown``, answers them; ``text``/``entity``: any
  verdict but ``unknown``), and
* the answer text alone (not the evidence) contains, for every group of
  ``must_contain_any``, at least one of its strings (case-insensitive), and
* none of ``must_not_contain``.

Besides the accuracy per kind, the report counts refusals (verdict ``unknown``
or ``unclear``) of the answerable questions (``yes``/``no``/``text``/``entity``)
and of the unanswerable ones (``unclear``/``unknown``), and the accuracy of the
verdicts of the yes/no questions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from nlp_policy.qa.answer import Answer, answer_question
from nlp_policy.errors import InputError, QuestionError
from nlp_policy.record.types import Record

VERDICT_TYPES = ("yes", "no", "unclear", "unknown")
#: Answer types of questions the text does not settle: a refusal answers them.
REFUSAL_TYPES = ("unclear", "unknown")
#: Every ``answer_type`` an item may have: a verdict, or any answer (``text``, ``entity``).
ANSWER_TYPES = VERDICT_TYPES + ("text", "entity")


def _strings(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"\"{field}\" must be a list of strings, not {json.dumps(value, ensure_ascii=False)}")
    return tuple(value)


@dataclass(frozen=True)
class QAItem:
    question: str
    kind: str
    answer_type: str
    must_contain_any: tuple[tuple[str, ...], ...] = ()
    must_not_contain: tuple[str, ...] = ()
    doc: str | None = None
    line: int = 0

    @classmethod
    def from_dict(cls, d: dict[str, Any], line: int = 0) -> "QAItem":
        """An item from its JSON object; other keys (``expected``, notes) are ignored.

        RAISES ValueError: a field is missing or of the wrong type (the message names it).
        """
        if not isinstance(d, dict):
            raise ValueError(f"an item must be a JSON object, not {type(d).__name__}")
        question = d.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("\"question\" must be a non-empty string")
        kind = d.get("kind", "?")
        if not isinstance(kind, str):
            raise ValueError(f"\"kind\" must be a string, not {json.dumps(kind, ensure_ascii=False)}")
        answer_type = d.get("answer_type", "text")
        if answer_type not in ANSWER_TYPES:
            raise ValueError(f"\"answer_type\" must be one of {', '.join(ANSWER_TYPES)}, not {json.dumps(answer_type, ensure_ascii=False)}")
        groups = d.get("must_contain_any", [])
        if not isinstance(groups, list):
            raise ValueError(f"\"must_contain_any\" must be a list of lists of strings, not {json.dumps(groups, ensure_ascii=False)}")
        doc = d.get("doc")
        if doc is not None and (not isinstance(doc, str) or not doc.strip()):
            raise ValueError(f"\"doc\" must be a document name (a string), not {json.dumps(doc, ensure_ascii=False)}")
        return cls(
            question=question,
            kind=kind,
            answer_type=answer_type,
            must_contain_any=tuple(_strings(g, "must_contain_any") for g in groups),
            must_not_contain=_strings(d.get("must_not_contain", []), "must_not_contain"),
            doc=doc,
            line=line,
        )


def load_items(path: str | Path) -> list[QAItem]:
    """Read a question set.

    RAISES InputError: the file is missing, not UTF-8, holds no item, or a line
        is not a valid item (the message names the line and the field).
    """
    p = Path(path)
    try:
        # JSON Lines end at "\n" only: a raw U+2028 inside a string is no line break
        lines = p.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise InputError(f"{p}: cannot read the question set ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: the question set is not UTF-8 text; save it as UTF-8") from None
    items = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}:{n}: not JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object") from None
        try:
            items.append(QAItem.from_dict(data, n))
        except ValueError as exc:
            raise InputError(f"{p}:{n}: not a question item: {exc}") from None
    if not items:
        raise InputError(f"{p}: holds no question items; write one JSON object per line with at least \"question\"")
    return items


def is_correct(item: QAItem, answer: Answer) -> tuple[bool, str]:
    """Strict correctness of one answer, with the reason when it is wrong."""
    if item.answer_type in REFUSAL_TYPES:
        if answer.verdict not in REFUSAL_TYPES:
            return False, f"verdict {answer.verdict!r}, expected a refusal ({item.answer_type!r})"
    elif item.answer_type in VERDICT_TYPES:
        if answer.verdict != item.answer_type:
            return False, f"verdict {answer.verdict!r}, expected {item.answer_type!r}"
    elif answer.verdict == "unknown":
        return False, "abstained, expected an answer"
    text = answer.answer.lower()
    for group in item.must_contain_any:
        if not any(s.lower() in text for s in group):
            return False, f"answer lacks any of {list(group)}"
    for s in item.must_not_contain:
        if s.lower() in text:
            return False, f"answer contains {s!r}"
    return True, ""


@dataclass
class Report:
    """Strict accuracy overall and per kind, refusals and yes/no verdicts."""

    total: int = 0
    correct: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    answerable: int = 0
    answerable_refused: int = 0
    unanswerable: int = 0
    unanswerable_refused: int = 0
    yesno: int = 0
    yesno_right: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, item: QAItem, answer: Answer, ok: bool, reason: str) -> None:
        self.total += 1
        self.correct += ok
        counts = self.by_kind.setdefault(item.kind, [0, 0])
        counts[0] += ok
        counts[1] += 1
        refused = answer.verdict in REFUSAL_TYPES
        if item.answer_type in REFUSAL_TYPES:
            self.unanswerable += 1
            self.unanswerable_refused += refused
        else:
            self.answerable += 1
            self.answerable_refused += refused
        if item.answer_type in ("yes", "no"):
            self.yesno += 1
            self.yesno_right += answer.verdict == item.answer_type
        if not ok:
            self.failures.append(
                {"question": item.question, "kind": item.kind, "answer_type": item.answer_type, "doc": item.doc,
                 "reason": reason, "answer": answer.answer, "verdict": answer.verdict, "route": answer.route}
            )

    def merge(self, other: "Report") -> None:
        for name in ("total", "correct", "answerable", "answerable_refused", "unanswerable", "unanswerable_refused", "yesno", "yesno_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, (c, t) in other.by_kind.items():
            counts = self.by_kind.setdefault(k, [0, 0])
            counts[0] += c
            counts[1] += t
        self.failures += other.failures

    def refusals(self) -> dict[str, dict[str, Any]]:
        def share(a: int, b: int) -> dict[str, Any]:
            return {"count": a, "of": b, "share": round(a / b, 4) if b else 0.0}

        return {
            "answerable_refused": share(self.answerable_refused, self.answerable),
            "unanswerable_refused": share(self.unanswerable_refused, self.unanswerable),
            "yesno_verdict_right": share(self.yesno_right, self.yesno),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "by_kind": {k: {"correct": v[0], "total": v[1], "accuracy": round(v[0] / v[1], 4)} for k, v in sorted(self.by_kind.items())},
            "refusals": self.refusals(),
            "failures": self.failures,
        }

    def to_text(self, failures: bool = True) -> str:
        lines = [f"Strict accuracy: {self.correct}/{self.total} = {self.accuracy:.3f}", "", "kind        correct  total  accuracy"]
        for k, (c, t) in sorted(self.by_kind.items()):
            lines.append(f"{k:<11} {c:>7}  {t:>5}  {c / t:>8.3f}")
        lines += ["", "refusals and verdicts          count     of   share"]
        labels = {"answerable_refused": "answerable refused", "unanswerable_refused": "unanswerable refused", "yesno_verdict_right": "yes/no verdict right"}
        for key, v in self.refusals().items():
            lines.append(f"{labels[key]:<28} {v['count']:>7}  {v['of']:>5}  {v['share']:>6.3f}")
        if failures and self.failures:
            lines += ["", "Failures:"]
            for f in self.failures:
                lines.append(f"  - {f['question']} [{f['kind']}, expected {f['answer_type']}]: {f['reason']}")
                lines.append(f"      answer: {f['answer']}")
        return "\n".join(lines)


def evaluate(items: list[QAItem], record_for: Callable[[QAItem], Record]) -> Report:
    """Answer every item with the record ``record_for(item)`` and score it."""
    report = Report()
    for item in items:
        try:
            answer = answer_question(item.question, record_for(item))
        except QuestionError as exc:
            answer = Answer(item.question, str(exc), "unknown", 0.0)
        ok, reason = is_correct(item, answer)
        report.add(item, answer, ok, reason)
    return report
