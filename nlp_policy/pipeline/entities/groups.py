"""Grouping entity mentions into entities, and describing the entities.

One entity is often named several ways in one article: a possessive
(``Microsofts``), a machine-translated head noun (``Azure OpenAI Service`` /
``Azure OpenAI-Dienst``), an abbreviation given in parentheses, a bare
surname, or a definite description (``der Dienst``). Mentions whose
normalised names agree become one entity; the canonical name is the lexicon
name, else the fullest or most frequent spelling.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from spacy.attrs import IDX
from spacy.tokens import Doc

from nlp_policy.pipeline.doctokens import doc_text
from nlp_policy.pipeline.entities.mentions import Found, Mention
from nlp_policy.pipeline.entities.rules import ORIGIN_ADJECTIVE

if TYPE_CHECKING:  # pragma: no cover
    from nlp_policy.pipeline.entities.component import PolicyEntities

_UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))
_DEFINITE = frozenset({"der", "die", "das", "den", "dem", "des"})
_MAX_APPOSITION = 25


def normalise(comp: "PolicyEntities", name: str) -> str:
    """A spelling-independent form of a name: lowercased, hyphens as spaces,
    English head nouns translated, the last word lemmatised (Dienstes -> dienst)."""
    # a pure function of the name for one component (its vocabulary and translations
    # are fixed): remembered per component, since grouping asks for the same names often
    cache = comp.__dict__.setdefault("_normalised", {})
    found = cache.get(name)
    if found is None:
        if len(cache) > 65536:  # bounded for long runs
            cache.clear()
        found = cache[name] = _normalise(comp, name)
    return found


def _normalise(comp: "PolicyEntities", name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    if not words:
        return name.lower()
    words[-1] = comp.vocab.lemma(words[-1])
    text = " ".join(comp.translations.get(w.lower(), w.lower()) for w in words)
    for ascii_form, umlaut in _UMLAUTS:  # Datenschutzbehoerde = Datenschutzbehörde
        text = text.replace(umlaut, ascii_form)
    return text


class _Surfaces:
    """The text of token ranges of a doc, as ``doc[a:b].text`` gives it, sliced from the
    doc's text (grouping reads each mention's text several times; a ``Span`` and its
    text are built anew each time). Valid until the doc is retokenized."""

    __slots__ = ("text", "starts", "ends", "memo")

    def __init__(self, doc: Doc, tokens=None):
        self.text = doc_text(doc)
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.ends = [a + len(t.text) for a, t in zip(self.starts, doc if tokens is None else tokens)]
        self.memo: dict[tuple[int, int], str] = {}

    def __call__(self, a: int, b: int) -> str:
        found = self.memo.get((a, b))
        if found is None:
            found = self.memo[(a, b)] = self.text[self.starts[a] : self.ends[b - 1]] if b > a else ""
        return found


def group_mentions(comp: "PolicyEntities", doc: Doc, mentions: list[Mention], tokens=None) -> Found:
    """Give every mention its entity key and build the entity table.

    tokens: the doc's tokens as read once (``doctokens.TokenList``), or None.
    """
    tokens = doc if tokens is None else tokens
    surface_of = _Surfaces(doc, tokens)
    known = _known_norms(comp)
    registry: dict[str, str] = {}  # normalised name -> key
    labels: dict[str, str] = {}
    for m in mentions:
        if m.owner is not None:
            continue
        surface = surface_of(m.start, m.end)
        norm = normalise(comp, surface)
        if m.key is None:
            stem = normalise(comp, surface[:-1]) if surface.endswith("s") else None
            m.key = registry.get(norm) or (stem and registry.get(stem)) or known.get(norm) \
                or (stem and known.get(stem)) or surface
        registry.setdefault(norm, m.key)
    _merge_possessives(comp, doc, mentions)
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if m.owner is not None:
            owner = by_start.get(m.owner)
            m.key = owner.key if owner and owner.key else surface_of(m.start, m.end)
            registry[normalise(comp, surface_of(m.start, m.end))] = m.key
    defined = {normalise(comp, surface_of(m.start, m.end)) for m in mentions if m.source == "abbreviation"}
    for m in mentions:  # later uses of an abbreviation; one defined in the text beats the lexicon's (AP)
        norm = normalise(comp, surface_of(m.start, m.end))
        if (m.source != "lexicon" or norm in defined) and registry.get(norm) not in (None, m.key):
            m.key = registry[norm]
            if m.source == "lexicon":
                m.source = "abbreviation"
    mentions = mentions + _surname_mentions(comp, doc, mentions, tokens, surface_of)
    mentions = mentions + _definite_mentions(comp, doc, mentions, tokens, surface_of)
    _merge_variants(comp, doc, mentions, surface_of)
    _choose_canonical(comp, doc, mentions)
    for key, label in _labels(comp, mentions).items():
        labels[key] = label
    info = {}
    for m in sorted(mentions, key=lambda m: m.start):
        entry = info.setdefault(m.key, {"label": labels[m.key], "aliases": [], "description": None})
        surface = surface_of(m.start, m.end)
        names = [surface]
        if m.source == "official" and doc[m.start].text.islower():
            names.append(surface_of(m.start + 1, m.end))  # irischen Datenschutzkommission
        for name in names:
            if name != m.key and name not in entry["aliases"]:
                entry["aliases"].append(name)
    for key, span in _descriptions(comp, doc, mentions).items():
        info[key]["description"] = span
    return Found(mentions=sorted(mentions, key=lambda m: m.start), info=info)


def _lexicon_labels(comp: "PolicyEntities") -> dict[str, str]:
    """Canonical lexicon name -> label (rebuilt only when the lexicon grows)."""
    cached = comp.__dict__.get("_lexicon_label_cache")
    if cached is None or cached[0] != len(comp.known):
        cached = comp._lexicon_label_cache = (len(comp.known), {c: label for c, label in comp.known.values()})
    return cached[1]


def _known_norms(comp: "PolicyEntities") -> dict[str, str]:
    cached = getattr(comp, "_known_norms", None)
    if cached is None:
        cached = {}
        for form, (canonical, _label) in comp.known.items():
            cached.setdefault(normalise(comp, form), canonical)
        comp._known_norms = cached
    return cached


def _merge_possessives(comp: "PolicyEntities", doc: Doc, mentions: list[Mention]) -> None:
    """``Palantirs`` seen before ``Palantir``: fold the possessive key into the base key."""
    keys = {m.key for m in mentions}
    for m in mentions:
        if m.key and m.key.endswith("s") and m.key[:-1] in keys and m.source != "lexicon":
            m.key = m.key[:-1]


def _surname_mentions(comp: "PolicyEntities", doc: Doc, mentions: list[Mention], tokens=None, surface_of=None) -> list[Mention]:
    """Bare surnames of people, and the first word of ``X AI``-style company names."""
    surface_of = surface_of or _Surfaces(doc, tokens)
    short: dict[str, tuple[str, str]] = {}
    for m in mentions:
        span = doc[m.start : m.end]
        if len(span) < 2:
            continue
        if m.label == "PER":
            short.setdefault(span[-1].text, (m.key, "PER"))
        elif span[-1].text in comp.org_suffixes and span[0].text not in comp.known:
            short.setdefault(span[0].text, (m.key, m.label))
    if not short:
        return []
    for m in mentions:  # a short form found on its own by a weak rule
        hit = short.get(surface_of(m.start, m.end))
        if hit and m.weak and m.end - m.start == 1:
            m.key, m.label = hit
    taken = comp._taken(mentions, len(doc))
    out = []
    for token in doc if tokens is None else tokens:
        if taken[token.i]:
            continue
        text = token.text
        hit = short.get(text) or (short.get(text[:-1]) if text.endswith("s") else None)
        if hit and len(text) >= 3:
            out.append(Mention(token.i, token.i + 1, hit[1], "short", key=hit[0]))
    return out


def _initials_fit(abbreviation: str, word: str) -> bool:
    """True when the parts of a mixed-case abbreviation start the parts of a compound in
    order (BVerwG ~ Bundesverwaltungsgericht, DSB ~ Datenschutzbehörde)."""
    parts = re.findall(r"[A-ZÄÖÜ][a-zäöüß]*", abbreviation)
    low = word.lower()
    if len(parts) < 2 or "".join(parts) != abbreviation or not low.startswith(parts[0].lower()):
        return False
    pos = len(parts[0])
    for part in parts[1:]:
        found = low.find(part.lower(), pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def _merge_variants(comp: "PolicyEntities", doc: Doc, mentions: list[Mention], surface_of=None) -> None:
    """Fold other spellings of one institution into it: an abbreviation never defined in
    parentheses (BVerwG ~ Bundesverwaltungsgericht), a shortened name (Bundesamt für
    Informatik ~ Bundesamt für Informatik und Telekommunikation) and the compound form
    (Digitalisierungsministerium ~ Ministerium für Digitalisierung)."""
    surface_of = surface_of or _Surfaces(doc)
    lexicon_keys = _lexicon_labels(comp).keys()
    names: dict[str, tuple[str, str]] = {}  # key -> (longest surface, label)
    for m in mentions:
        if m.label in ("ORG", "MISC") and m.key and m.source not in ("definite", "short"):
            surface = surface_of(m.start, m.end)
            if len(surface) > len(names.get(m.key, ("", ""))[0]):
                names[m.key] = (surface, m.label)
    for m in mentions:  # discovered products too: the short form of a longer product name
        if m.label == "PRODUCT" and m.key and m.key not in lexicon_keys and m.source not in ("definite", "short"):
            surface = surface_of(m.start, m.end)
            if len(surface) > len(names.get(m.key, ("", ""))[0]):
                names[m.key] = (surface, m.label)
    rename: dict[str, str] = {}
    keys = list(names)
    for a in keys:
        sa, la = names[a]
        for b in keys:
            sb, lb = names[b]
            if a == b or la != lb or (a in lexicon_keys and b in lexicon_keys):
                continue
            if " " not in sa and " " not in sb and ACRONYM_LIKE.match(sa) and len(sb) > len(sa) + 3 and _initials_fit(sa, sb):
                rename[a] = b
            elif la == "PRODUCT" and sb.startswith(sa + " ") and a not in lexicon_keys and b not in lexicon_keys:
                rename.setdefault(b, a)  # Office 365 ProPlus, Office 365 Online: editions of Office 365
            elif la == "ORG" and " " not in sa and ACRONYM_LIKE.match(sa) and sb.startswith(sa + " ") and len(sb.split()) == 2 \
                    and comp.known.get(sb.split()[1], ("", ""))[1] == "LOC":
                rename[a] = b  # OLG ~ OLG Düsseldorf: the court of the place named
            elif " " in sb and sb.startswith(sa + " ") and sb[len(sa) + 1 :].startswith(("und ", "& ")) and " für " in sa:
                rename[a] = b
            elif " " not in sa and sb.lower().startswith(tuple(h + " für " for h in comp.tail_heads)):
                head, _, subject = sb.lower().partition(" für ")
                low = sa.lower()
                if " " not in subject and low.endswith(head) and low[: -len(head)].rstrip("s") in (subject, subject.rstrip("s")):
                    rename[a] = b
    if not rename:
        return
    for m in mentions:
        seen = set()
        while m.key in rename and m.key not in seen:
            seen.add(m.key)
            m.key = rename[m.key]


#: A short abbreviation with at least two capitals (BVerwG, DSB, BGH).
ACRONYM_LIKE = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,7}$")


def _definite_mentions(comp: "PolicyEntities", doc: Doc, mentions: list[Mention], tokens=None, surface_of=None) -> list[Mention]:
    """``der Dienst``: a definite article and the (translated) head noun of a
    product named before refers back to the most recent such product."""
    surface_of = surface_of or _Surfaces(doc, tokens)
    heads: list[tuple[int, str, str]] = []  # (end token, head, key)
    for m in mentions:
        if m.label == "PRODUCT" and m.end - m.start >= 1:
            norm = normalise(comp, surface_of(m.start, m.end))
            head = norm.split()[-1]
            if head in comp.heads_de and head in comp.product_cues:
                heads.append((m.end, head, m.key))
    if not heads:
        return []
    taken = comp._taken(mentions, len(doc))
    out = []
    tokens = doc if tokens is None else tokens
    for i in range(len(doc) - 1):
        art, noun = tokens[i], tokens[i + 1]
        if art.lower_ not in _DEFINITE or taken[i] or taken[i + 1] or not noun.text[:1].isupper():
            continue
        lemma = comp.translations.get(noun.lower_, comp.vocab.lemma(noun.text).lower())
        if lemma not in comp.heads_de:
            continue
        if i + 2 < len(doc) and (tokens[i + 2].text == "-" or comp._name_like(tokens[i + 2])):
            continue  # "der Dienst X" names a new entity
        earlier = [(end, key) for end, head, key in heads if head == lemma and end <= i]
        if earlier:
            out.append(Mention(i, i + 2, "PRODUCT", "definite", key=max(earlier)[1]))
    return out


def _choose_canonical(comp: "PolicyEntities", doc: Doc, mentions: list[Mention]) -> None:
    """Rename discovered entities to their best spelling (lexicon names stay)."""
    lexicon_keys = _lexicon_labels(comp).keys()
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
    for key, group in groups.items():
        if key in lexicon_keys:
            continue
        names = [m for m in group if m.source not in ("definite", "abbreviation", "short")]
        if not names:
            continue
        surfaces = Counter(_nominative(comp, doc, m) for m in names)
        if any(m.label == "PER" for m in names):
            best = max(surfaces, key=lambda s: (len(s.split()), surfaces[s]))
        else:
            bases = {s for s in surfaces if not (s.endswith("s") and s[:-1] in surfaces)}
            pool = bases or set(surfaces)
            first = {s: min(m.start for m in names if _nominative(comp, doc, m) == s) for s in pool}
            best = min(pool, key=lambda s: (-surfaces[s], first[s]))
        for m in group:
            m.key = best


def _nominative(comp: "PolicyEntities", doc: Doc, m: Mention) -> str:
    """The surface of an institution or law name with a genitive ending undone on its
    head word (des Bundesverwaltungsgerichts -> Bundesverwaltungsgericht,
    des Verwaltungsgerichtshofs Baden-Württemberg -> Verwaltungsgerichtshof Baden-Württemberg)."""
    span = doc[m.start : m.end]
    text = span.text
    if m.source not in ("institution", "law") or m.label not in ("ORG", "MISC"):
        return text
    k = next((t.i for t in span if t.text[:1].isupper() and not ORIGIN_ADJECTIVE.match(t.text)), None)
    if k is None:
        return text
    word = doc[k].text
    for ending in ("es", "s"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) > 3 and (comp._institution(stem) or comp._law_word(stem)
                                                        or comp._head_in(stem, comp.located_heads)):
            start = doc[k].idx - span.start_char
            return text[:start] + stem + text[start + len(word):]
    return text


#: Tie-break between firm labels of one entity (DeepSeek: the chatbot and the startup).
_LABEL_ORDER = ("PER", "ORG", "LOC", "PRODUCT", "MISC")


def _labels(comp: "PolicyEntities", mentions: list[Mention]) -> dict[str, str]:
    """One label per entity: the lexicon's, else the most frequent firm label, else the first default."""
    lexicon = _lexicon_labels(comp)
    out: dict[str, str] = {}
    firm: dict[str, Counter] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        out.setdefault(m.key, m.label)
        if not m.weak and m.source not in ("definite", "short"):
            firm.setdefault(m.key, Counter())[m.label] += 1
    cued: dict[str, Counter] = {}
    for m in mentions:
        if m.cue:
            cued.setdefault(m.key, Counter())[m.cue] += 1
    for key, votes in firm.items():
        out[key] = max(votes, key=lambda label: (votes[label], -_LABEL_ORDER.index(label)))
    for key in out:
        if key in lexicon:
            # a well-known name keeps its label unless cue nouns of this text say what it is here
            # (der Chatbot DeepSeek, KI-Dienste wie Midjourney)
            votes = cued.get(key)
            out[key] = max(votes, key=lambda label: (votes[label], label == lexicon[key])) if votes else lexicon[key]
    return out


# -- descriptions ---------------------------------------------------------------
def _descriptions(comp: "PolicyEntities", doc: Doc, mentions: list[Mention]) -> dict[str, list[int]]:
    """The first phrase per entity that says what it is: an apposition after a
    mention, a descriptor before it, or ``Owner's Name-Produkt``."""
    starts = {m.start: m for m in mentions}
    ends = {m.end: m for m in mentions}
    out: dict[str, list[int]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.key in out or m.source in ("definite", "abbreviation"):
            continue
        span = _apposition(comp, doc, m) or _descriptor_before(comp, doc, m, starts) \
            or _hyphen_descriptor(comp, doc, m, ends)
        if span:
            out[m.key] = span
    return out


def _is_cue(comp: "PolicyEntities", text: str) -> bool:
    return text[:1].isupper() and (
        comp._cue_label_text(text) is not None or text.lower() in comp.relation_cues or text.lower() in comp.roles
    )


def _apposition(comp: "PolicyEntities", doc: Doc, m: Mention) -> list[int] | None:
    j = m.end
    if j + 1 >= len(doc) or doc[j].text != ",":
        return None
    first = doc[j + 1]
    if not (first.lower_ in comp.determiners or first.lower_ in comp.roles):
        return None
    window = doc[j + 1 : j + 6]
    if not any(t.lower_ in comp.roles or _is_cue(comp, t.text) for t in window):
        return None
    k = j + 1
    while k < len(doc) and k - j <= _MAX_APPOSITION and doc[k].text not in comp.desc_stops and "\n" not in doc[k].text:
        k += 1
    last = doc[k - 1]
    return [doc[m.start].idx, last.idx + len(last.text)]


def _descriptor_before(comp: "PolicyEntities", doc: Doc, m: Mention, starts: dict) -> list[int] | None:
    j = m.start - 1
    if j < 0 or not _is_cue(comp, doc[j].text):
        return None
    start = j
    # a hyphenated modifier of the cue noun: Microsoft-Abteilung
    while start - 2 >= 0 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2
    phrase = comp.phrase_start(doc, start)
    if phrase is not None:
        start = phrase
    elif start - 1 >= 0 and _possessive(comp, doc, start - 1):
        start -= 1
    end = m.end
    if end + 1 < len(doc) and doc[end].lower_ in comp.of_words and end + 1 in starts:
        end = starts[end + 1].end
    last = doc[end - 1]
    return [doc[start].idx, last.idx + len(last.text)]


def _hyphen_descriptor(comp: "PolicyEntities", doc: Doc, m: Mention, ends: dict) -> list[int] | None:
    """``Microsofts Azure Government-Produkt``: an owner's possessive, the name, a cue head."""
    e = m.end
    if e + 1 >= len(doc) or doc[e].text != "-" or doc[e - 1].whitespace_:
        return None
    cue = comp._cue_label_text(doc[e + 1].text)
    if cue is None or cue != m.label or m.start == 0 or not _possessive(comp, doc, m.start - 1):
        return None
    last = doc[e + 1]
    return [doc[m.start - 1].idx, last.idx + len(last.text)]


def _possessive(comp: "PolicyEntities", doc: Doc, i: int) -> bool:
    text = doc[i].text
    return text.endswith("s") and text[:1].isupper() and (text[:-1] in comp.known or not comp.vocab.is_german(text))
