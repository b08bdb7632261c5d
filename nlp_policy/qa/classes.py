"""Class nouns: a question names one thing, the text the class it belongs to.

"Darf X Daten über Besuche in Moscheen verkaufen?" and "X darf keine Daten über
sensible Orte verkaufen. Dazu zählen ... Gotteshäuser": the mosque is a
Gotteshaus, so the rule covers it. "Zielt das Verbot auf Brasilien?" and "... zielt
auf keine bestimmte Nation": Brazil is a nation, and "eine bestimmte Nation" speaks
of any. The words live in
``nlp_policy/data/qa_classes.json``; this module only applies them.

    >>> [b[-1] for b in broader_forms("Moscheen")][:1]
    ['gotteshaus']
"""

from __future__ import annotations

from functools import lru_cache

from nlp_policy.qa.question import Token, fold
from nlp_policy.resources import load_json

#: How many letters an inflected form may add to a class or item noun ("Moschee" ->
#: "Moscheen", "Gotteshäuser" -> "Gotteshäusern", "Kita" -> "Kitas").
INFLECTION = 3


@lru_cache(maxsize=1)
def _data() -> dict:
    d = load_json("qa_classes.json")
    broader = {fold(k): [tuple(fold(w) for w in b.split()) for b in v] for k, v in d["broader"].items()}
    return {
        "broader": broader,
        "places": frozenset(fold(w) for w in d["place_classes"]),
        "determiners": frozenset(fold(w) for w in d["generic_determiners"]),
        "openers": tuple(tuple(fold(w) for w in x.split()) for x in d["member_openers"]),
    }


def _inflected(word: str, base: str) -> bool:
    """``word`` is ``base`` or an inflected form of it (a few letters more; an umlaut
    plural spelled out: "gotteshaeuser" for "gotteshaus")."""
    if word.startswith(base) and len(word) - len(base) <= INFLECTION:
        return True
    # an umlaut plural: the last vowel of the base gets an "e" after it ("haus" -> "haeus")
    for v in ("a", "o", "u"):
        at = base.rfind(v)
        if at > 0:
            alt = base[:at] + v + "e" + base[at + 1 :]
            if word.startswith(alt) and len(word) - len(alt) <= INFLECTION:
                return True
    return False


def broader_forms(word: str) -> list[tuple[str, ...]]:
    """The folded word sequences of the classes a noun belongs to (a compound counts by
    its head: "Dorfkirchen" is a Kirche)."""
    f = fold(word)
    out = []
    for item, classes in _data()["broader"].items():
        if _inflected(f, item) or (len(f) > len(item) + 3 and any(_inflected(f[i:], item) for i in range(3, len(f) - len(item) + 1))):
            out += [c for c in classes if c not in out]
    return out


def class_at(tokens: list[Token] | tuple[Token, ...], forms: list[tuple[str, ...]]) -> list[int]:
    """Positions of the class nouns of ``forms`` in a text: the head (last word) as a
    word or a compound's head, a modifier within two words before it ("medizinischen
    Einrichtungen")."""
    out = []
    for i, tok in enumerate(tokens):
        for form in forms:
            head = form[-1]
            if not (_inflected(tok.folded, head) or any(_inflected(tok.folded[k:], head) for k in range(3, max(3, len(tok.folded) - len(head)) + 1))):
                continue
            mods = form[:-1]
            if all(any(tokens[j].folded[:6] == m[:6] for j in range(max(0, i - 2), i)) for m in mods):
                out.append(i)
                break
    return out


def generic_place(tokens: list[Token] | tuple[Token, ...]) -> bool:
    """The text names countries as a class after an indefinite, negative or quantifying
    word ("gegen eine bestimmte Nation", "kein einzelnes Land"): it speaks of any country."""
    d = _data()
    for i, tok in enumerate(tokens):
        if tok.folded in d["places"] and any(tokens[j].folded in d["determiners"] for j in range(max(0, i - 2), i)):
            return True
    return False


def lists_members(tokens: list[Token] | tuple[Token, ...]) -> bool:
    """The sentence opens by listing what the sentence before it covers ("Dazu zählen ...")."""
    folded = [t.folded for t in tokens]
    return any(tuple(folded[: len(o)]) == o for o in _data()["openers"])



@lru_cache(maxsize=1)
def situation_openers() -> frozenset[str]:
    """Words that open an exception's condition ("Wer ...", "wenn", "sofern"), folded."""
    return frozenset(fold(w) for w in load_json("qa_classes.json")["situation_openers"])
