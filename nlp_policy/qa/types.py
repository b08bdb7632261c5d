"""What answering returns: an :class:`Answer` and the :class:`Evidence` it cites.

Both are re-exported by :mod:`nlp_policy.qa.answer` (``from nlp_policy.qa.answer
import Answer``); they live here so that the index and the route modules can
build answers without importing the router.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nlp_policy.text.clean import clean


@dataclass(frozen=True)
class Evidence:
    """A cited sentence with exact offsets into the document."""

    sentence: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Answer:
    """An answer to one question.

    verdict (str | None): ``yes``, ``no``, ``unclear`` (the text says it is unclear),
        ``unknown`` (the text does not say), or None for an answered wh-question.
    confidence (float): 0..1, see the docstring of :mod:`nlp_policy.qa.answer`.
    evidence (tuple[Evidence]): the cited sentences.
    clauses (tuple[str]): ids of the clauses used.
    route (str): which kind of answer was given (for debugging and evaluation).
    """

    question: str
    answer: str
    verdict: str | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    clauses: tuple[str, ...] = ()
    route: str = ""

    def __post_init__(self) -> None:
        # The answer is prose for reading: it says what the clean text says (no
        # soft hyphens or joiners, composed umlauts), while the evidence keeps
        # the document's exact characters and offsets.
        object.__setattr__(self, "answer", clean(self.answer).text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "verdict": self.verdict,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
            "clauses": list(self.clauses),
            "route": self.route,
        }

    def to_text(self) -> str:
        """The answer as the terminal shows it: answer, "Beleg:", "Konfidenz:"."""
        lines = [self.answer]
        if self.evidence:
            lines.append("Beleg:")
            lines += [f"  [{e.sentence}] „{e.text}“" for e in self.evidence]
        else:
            lines.append("Beleg: keiner")
        lines.append(f"Konfidenz: {self.confidence:.2f}")
        return "\n".join(lines)
