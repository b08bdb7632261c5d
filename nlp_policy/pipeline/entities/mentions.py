"""The types the entity rules and the grouping pass between them: a found
``Mention`` and the component's result, ``Found``. Their own module, so that
rules, grouping and the component import them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """A found mention, before it is written to the doc.

    start/end (int): token offsets. label (str): PER, ORG, LOC, PRODUCT or MISC.
    source (str): the rule that found it. key (str | None): canonical name once known.
    weak (bool): True when the label is a default that another mention may overrule.
    owner (int | None): for an abbreviation, the start token of the mention it abbreviates.
    cue (str | None): the label a cue noun before a lexicon name gives it (der Chatbot DeepSeek).
    """

    start: int
    end: int
    label: str
    source: str
    key: str | None = None
    weak: bool = False
    owner: int | None = None
    cue: str | None = None


@dataclass
class Found:
    """The result of :meth:`PolicyEntities.find_matches`: mentions with keys,
    and the entity table ``canonical name -> {label, aliases, description}``."""

    mentions: list[Mention] = field(default_factory=list)
    info: dict[str, dict] = field(default_factory=dict)
