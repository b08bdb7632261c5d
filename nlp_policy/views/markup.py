"""Overlapping character spans as correctly nested HTML elements.

Highlights may nest (a clause contains entity mentions) or even cross (two
clauses that share words). HTML elements can only nest, so the text is cut at
every span boundary and, for each piece, the set of open spans is ordered
outermost first: by start, then longest first, then by ``rank`` (clauses
before entity mentions). Going from one piece to the next, the elements that
are no longer a prefix of the new order are closed and the rest opened again;
a span that had to be closed early continues in a new element with the same
attributes and the class ``cont``. All text and attribute values are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Mark:
    """One highlight: characters ``start:end`` of the text.

    rank (int): lower ranks go outside when two spans cover the same characters.
    classes (tuple[str, ...]): CSS classes of the element.
    attrs (tuple[tuple[str, str], ...]): further attributes (``title``, ``data-*``).
    anchor (str | None): ``id`` of the first element of the span (for links).
    """

    start: int
    end: int
    rank: int = 0
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = field(default=())
    anchor: str | None = None

    def open_tag(self, *, first: bool) -> str:
        classes = self.classes if first else self.classes + ("cont",)
        parts = [f'class="{escape(" ".join(classes))}"']
        if first and self.anchor:
            parts.insert(0, f'id="{escape(self.anchor)}"')
        parts += [f'{name}="{escape(value)}"' for name, value in self.attrs]
        return f"<span {' '.join(parts)}>"


def render(text: str, marks: list[Mark]) -> str:
    """The escaped ``text`` with every mark as a ``<span>``, correctly nested.

    Empty or out-of-range marks are dropped.
    RETURNS (str): HTML; its text content equals ``text`` exactly.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    # Outermost first; the list index breaks ties so the order never changes between pieces.
    marks.sort(key=lambda m: (m.start, -m.end, m.rank))
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        starts.setdefault(m.start, []).append(i)
        ends.setdefault(m.end, []).append(i)
    points = sorted({0, len(text), *starts, *ends})
    out: list[str] = []
    stack: list[Mark] = []
    active: set[int] = set()
    for a, b in zip(points, points[1:]):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        wanted = [marks[i] for i in sorted(active)]
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        out.append("</span>" * (len(stack) - keep))
        out.extend(m.open_tag(first=m.start == a) for m in wanted[keep:])
        stack = wanted
        out.append(escape(text[a:b], quote=False))
    out.append("</span>" * len(stack))
    return "".join(out)
