"""Entity component: find the named entities of a German news text.

Discovery combines a lexicon of well-known entities (data file) with general
rules, so that names never seen before are found too: acronyms, CamelCase,
model names with digits or hyphens, names after organisation or product cue
nouns (``der Konzern X``), person names (first name + surname, name after a
role word), and capitalised words no German or English vocabulary explains
(see :mod:`nlp_policy.pipeline.entities.lexicon`). Mentions of one entity are then grouped
(possessives, translated head nouns, abbreviations in parentheses, surnames,
``der Dienst``) and given a description from an apposition.

Names German grammar marks without a lexicon are found by general rules too:
institutions completed by a place (``Verwaltungsgericht Hamburg``, ``VG Köln``),
adjectives of place or origin before a public body (``Hamburger Senat``,
``Nationaler Sicherheitsrat``), laws and cited provisions (``§ 176 TKG``,
``Richtlinie 2002/58/EG``), foreign names (``The Guardian``, ``Bank of England``,
``Garante per la protezione dei dati personali``), names lacking the genitive
ending after ``des``, newspapers as sources (``laut Tagesspiegel``), streets,
dotted names (``Character.AI``), product editions and versions, and people
set off after a role. Docket numbers and picture credits are not names. The
word lists each rule reads are in ``entity_cues.json``.

Writes ``doc.spans["policy_entities"]`` and ``doc._.policy_entity_info``
(see :mod:`nlp_policy.pipeline.extensions`).
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from nlp_policy.pipeline.batching import BatchPipe
from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.doctokens import TokenList
from nlp_policy.pipeline.entities.groups import group_mentions
from nlp_policy.pipeline.entities.mentions import Found, Mention
from nlp_policy.pipeline.entities.rules import ACRONYM, ADJ_ENDINGS, CAMEL, ORIGIN_ADJECTIVE, NameRules, is_word
from nlp_policy.pipeline.entities.lexicon import EntityData, entity_data, vocabulary
from nlp_policy.resources import load_wordlist

#: Labels of the statistical model's NER that are merged in (backend ``model``).
MODEL_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}

_UNSEEN = object()


class PolicyEntities(NameRules, BatchPipe):
    """Find entity mentions, group them into entities and describe them."""

    def __init__(
        self,
        nlp: Language,
        name: str = "policy_entities",
        *,
        lexicon: str = "entity_lexicon.json",
        places: str = "places.json",
        first_names: str = "first_names.txt",
        cues: str = "entity_cues.json",
        clusters: str = "name_clusters.json",
        split_compounds: bool = True,
        merge_model_ents: bool = True,
    ):
        """lexicon, places, first_names, cues, clusters (str): data files in ``nlp_policy/data``.
        split_compounds (bool): split ``US-Polizei`` into ``US``, ``-``, ``Polizei``
            when the part before the hyphen is a name, so the name can be a mention.
        merge_model_ents (bool): add the statistical model's ``doc.ents`` where
            they do not overlap a mention of ours.
        """
        self.name = name
        self.split_compounds = split_compounds
        self.merge_model_ents = merge_model_ents
        self.data: EntityData = entity_data(lexicon, places, first_names, cues, clusters)
        self.vocab = vocabulary()
        cues_ = self.data  # the cue lists of entity_cues.json
        self.org_cues = cues_.words("org_cues")
        self.product_cues = cues_.words("product_cues")
        self.relation_cues = cues_.words("relation_cues")
        self.roles = cues_.words("role_words")
        self.not_names = frozenset(cues_.cues["not_names"])
        self.org_suffixes = frozenset(cues_.cues["org_suffixes"])
        self.determiners = cues_.words("determiners")
        self.function_words = self.determiners | {w.lower() for w in load_wordlist("german_function_words.txt")}
        self.loc_preps = cues_.words("location_prepositions")
        self.of_words = cues_.words("of_words")
        self.connectors = cues_.words("name_connectors")
        self.foreign_connectors = cues_.words("foreign_name_connectors")
        self.place_prefixes = tuple(cues_.cues["place_prefixes"])
        self.enumeration_words = cues_.words("enumeration_words")
        self.translations = {k.lower(): v.lower() for k, v in cues_.cues["head_translations"].items()}
        self.heads_de = frozenset(self.translations.values())
        self.inst_heads = cues_.words("institution_heads")
        self.inst_prefixes = tuple(p.lower() for p in cues_.cues["institution_prefixes"])
        self.inst_prefixed = cues_.words("institution_prefixed_heads")
        self.inst_tail_connectors = cues_.words("institution_tail_connectors")
        self.desc_stops = frozenset(cues_.cues["description_stops"])
        self.law_heads = tuple(cues_.words("law_heads"))
        self.legal_instruments = frozenset(cues_.cues["legal_instruments"])
        self.citation_signs = frozenset(cues_.cues["citation_signs"])
        self.located_heads = cues_.words("located_institution_heads")
        self.court_abbreviations = frozenset(cues_.cues["court_abbreviations"])
        self.public_body_heads = cues_.words("public_body_heads")
        self.facility_heads = cues_.words("facility_heads")
        self.street_heads = tuple(cues_.words("street_heads"))
        self.generic_institutions = cues_.words("generic_institution_words")
        self.product_editions = frozenset(cues_.cues["product_editions"])
        self.english_product_heads = frozenset(cues_.cues["english_product_heads"])
        self.coordinators = cues_.words("coordinators")
        self.opening_quotes = frozenset(cues_.cues["opening_quotes"])
        self.credit_words = frozenset(cues_.cues["credit_words"])
        self.tail_heads = cues_.words("tail_institution_heads")
        self.law_connectors = cues_.words("law_name_connectors")
        self.law_title_heads = tuple(cues_.words("law_title_heads"))
        self.ordinal_adjectives = cues_.words("ordinal_adjectives")
        self.foreign_articles = frozenset(cues_.cues["foreign_articles"])
        self.genitive_articles = cues_.words("genitive_articles")
        self.event_heads = frozenset(cues_.cues["event_heads"])
        self.indefinites = cues_.words("indefinite_determiners")
        self.media_heads = cues_.words("media_heads")
        self.source_words = cues_.words("source_words")
        self.reporting_verbs = cues_.words("reporting_verbs")
        self.definite_articles = cues_.words("definite_articles")
        self.of_connectors = cues_.words("of_connectors")
        self.plural_role_endings = tuple(cues_.words("plural_role_endings"))
        self.dotted_endings = frozenset(cues_.cues["dotted_name_endings"])
        # lexicon: surface form -> (canonical, label)
        self.known: dict[str, tuple[str, str]] = {}
        for entry in self.data.entities:
            for form in [entry["name"], *entry.get("aliases", [])]:
                self.known.setdefault(form, (entry["name"], entry["label"]))
        self._head_cache: dict[tuple[str, int], bool] = {}  # see NameRules._head_in
        self._hyphen_parts: dict[int, tuple[str, list[str]] | None] = {}  # see split_name_compounds
        self._hyphen_known = len(self.known)
        self._start_gate: dict[str, bool] = {}  # see NameRules._rule_mentions
        self._plain_memo: dict[str, bool] = {}  # see NameRules._plain_word
        self._plain_known = -1
        self._known_first_words: frozenset[str] = frozenset()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._patterns_added = False
        self._nlp = nlp

    # -- the component -------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self.split_compounds:
            self.split_name_compounds(doc)
        found = self.find_matches(doc)
        self.set_annotations(doc, found)
        return doc

    def set_annotations(self, doc: Doc, found: Found) -> None:
        """Write the mentions as ``doc.spans["policy_entities"]`` and the entity table."""
        spans = []
        for m in sorted(found.mentions, key=lambda m: m.start):
            span = Span(doc, m.start, m.end, label=found.info[m.key]["label"])
            span._.entity_key = m.key
            spans.append(span)
        doc.spans[ext.ENTITY_GROUP] = spans
        doc._.policy_entity_info = found.info

    # -- tokenisation ------------------------------------------------------------
    def split_name_compounds(self, doc: Doc) -> int:
        """Split hyphen compounds whose first part is a name (``US-Polizei``,
        ``Axon-Produkt``) into three tokens; ``doc.text`` is unchanged.

        RETURNS (int): how many tokens were split.
        """
        todo = []
        # the tests below read only a token's text until _name_part: they are made once per
        # word (by its ORTH id), and only the hyphenated words that pass become Token objects
        known = self.known
        if self._hyphen_known != len(known) or len(self._hyphen_parts) > 200_000:
            self._hyphen_parts = {}  # the lexicon grew (inflected forms) or the memo is large
            self._hyphen_known = len(known)
        memo = self._hyphen_parts
        strings = doc.vocab.strings
        for i, orth in enumerate(doc.to_array(ORTH).tolist() if len(doc) else ()):
            entry = memo.get(orth, _UNSEEN)
            if entry is _UNSEEN:
                entry = memo[orth] = self._hyphen_split(strings[orth])
            if entry is None:
                continue
            left, parts = entry
            prev = doc[i - 1] if i else None
            if self._name_part(left, prev):
                # "Facebook-" in "Facebook- und Instagram-Nutzer" keeps its hyphen as a token
                todo.append((doc[i], list(parts)))
        if not todo:
            return 0
        strings = doc.vocab.strings
        bounded = len(doc) == 1 or doc.has_annotation("SENT_START")
        pieces = set()  # character offsets of the new tokens after the first piece
        for token, parts in todo:
            offset = token.idx
            for part in parts:
                if offset != token.idx:
                    pieces.add(offset)
                offset += len(part)
        with doc.retokenize() as retokenizer:
            for token, parts in todo:
                lemmas = [parts[0], "-", *(self.vocab.lemma(p) for p in parts[2:])]
                for lemma in lemmas:
                    strings.add(lemma)
                last = len(parts) - 1
                head = token.head if token.head.i != token.i else (token, last)
                heads = [(token, last)] * last + [head]
                retokenizer.split(token, parts, heads=heads, attrs={"LEMMA": lemmas})
        if bounded:
            # the pieces continue their sentence; left unset, a short doc would lose its boundaries
            for i, idx in enumerate(doc.to_array(IDX).tolist()):
                if idx in pieces:
                    doc[i].is_sent_start = False
        return len(todo)

    def _hyphen_split(self, text: str) -> tuple[str, list[str]] | None:
        """The parts a hyphenated word would be split into when its first part is a
        name, or None when its text alone rules the split out."""
        left, sep, right = text.partition("-")
        if not sep or not left or text in self.known:
            return None
        if right and not (right[0].isupper() and any(c.islower() for c in right)):
            return None
        if right.lower() in self.law_title_heads:
            return None  # ePrivacy-Richtlinie names a law, not the word ePrivacy
        return left, ([left, "-", right] if right else [left, "-"])

    def _name_part(self, text: str, prev: Token | None) -> bool:
        if text in self.known or (text.endswith("s") and text[:-1] in self.known):
            return True
        if text in self.not_names or len(text) < 2:
            return False
        if ACRONYM.match(text) or CAMEL.match(text):
            return True
        if not is_word(text) or self.vocab.is_german(text):
            return False
        if not self.vocab.is_english(text):
            return True
        # an English word continues a name just before it (Azure Government-Produkt)
        return prev is not None and (prev.text in self.known or (prev.text[:1].isupper() and not self.vocab.is_german(prev.text)))

    # -- finding -----------------------------------------------------------------
    def find_matches(self, doc: Doc) -> Found:
        """Find and group the entity mentions of a doc, without writing to it."""
        mentions = self._lexicon_mentions(doc)
        taken = self._taken(mentions, len(doc))
        # the rules read each token many times: create the Token objects once
        tokens = TokenList(doc)
        mentions += self._rule_mentions(tokens, taken)
        mentions = self._extend(tokens, mentions)
        mentions += self._abbreviations(tokens, mentions)
        mentions += self._model_mentions(doc, mentions)
        mentions += self._coordinated_persons(tokens, mentions)
        mentions = self._drop_overlaps(mentions)
        mentions = self._repeated_persons(tokens, mentions)
        self._coordinated_labels(tokens, mentions)
        return self._group(doc, mentions, tokens)

    # -- enumerations -------------------------------------------------------------
    def _coordinated_persons(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """``Matt Krisiloff und Jed Somers``: two name words joined to a person name are a person too."""
        firm = [False] * len(doc)
        for m in mentions:
            if not m.weak:
                firm[m.start : m.end] = [True] * (m.end - m.start)
        out = []
        for m in mentions:
            j = m.end
            if m.label != "PER" or m.end - m.start < 2 or j + 2 >= len(doc) or doc[j].lower_ not in self.coordinators:
                continue
            first, last = doc[j + 1], doc[j + 2]
            if any(firm[j + 1 : j + 3]) or not first.whitespace_ or not (is_word(first.text) and is_word(last.text)):
                continue
            if self._function_word(first) or self._is_role(first) or (
                self.vocab.is_german_word(last.text) and self.vocab.cluster(last.text) not in self.data.name_clusters
            ):
                continue
            after = doc[j + 3] if j + 3 < len(doc) else None
            if after is not None and after.text[:1].isupper() and after.is_alpha:
                continue
            out.append(Mention(j + 1, j + 3, "PER", "person"))
        return out

    def _repeated_persons(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Another occurrence of a person's full name (in a headline, say) is that person,
        where a weaker rule found only part of it."""
        names = {tuple(t.text for t in doc[m.start : m.end]) for m in mentions if m.label == "PER" and m.end - m.start >= 2}
        if not names:
            return mentions
        firm = [False] * len(doc)
        for m in mentions:
            if not m.weak:
                firm[m.start : m.end] = [True] * (m.end - m.start)
        added = []
        words = [t.text for t in doc]
        for name in names:
            n = len(name)
            for i in range(len(words) - n + 1):
                if words[i] == name[0] and not any(firm[i : i + n]) and tuple(words[i : i + n]) == name:
                    added.append(Mention(i, i + n, "PER", "person"))
                    firm[i : i + n] = [True] * n
        if not added:
            return mentions
        return self._drop_overlaps(mentions + added)

    def _coordinated_labels(self, doc: Doc, mentions: list[Mention]) -> None:
        """A name with only a default label takes the label of a firm neighbour in an
        enumeration (iPhone und iPad; Dall-E, Midjourney und Co)."""
        for k, m in enumerate(mentions):
            if not m.weak:
                continue
            for n in (mentions[k - 1] if k else None, mentions[k + 1] if k + 1 < len(mentions) else None):
                if n is None or n.weak or n.label == "PER":
                    continue
                gap = doc[n.end : m.start] if n.end <= m.start else doc[m.end : n.start]
                if len(gap) == 1 and gap[0].lower_ in self.coordinators:
                    m.label, m.weak = n.label, False
                    break

    def _ensure_patterns(self) -> None:
        if self._patterns_added:
            return
        make = self._nlp.make_doc
        by_key: dict[str, list] = {}
        for form, (canonical, _label) in list(self.known.items()):
            variants = [form, *self._inflections(form)]
            if CAMEL.match(form) and form[:1].isupper():
                variants.append(form[:1] + form[1:].lower())  # YouTube is also written Youtube
            for v in list(variants):
                if v[-1:].isalpha() and v[-1:] not in "sxzß" and " " not in v:
                    variants.append(v + "s")  # genitive/possessive: Microsofts
            for v in variants:
                pdoc = make(v)
                if self.split_compounds:
                    self.split_name_compounds(pdoc)
                by_key.setdefault(canonical, []).append(pdoc)
        for canonical, docs in by_key.items():
            self.matcher.add(canonical, docs)
        self._lexicon_labels = {canonical: label for canonical, label in self.known.values()}
        self._patterns_added = True

    def _inflections(self, form: str) -> list[str]:
        """Other case forms of a name that starts with a German adjective
        (Europäische Kommission -> Europäischen Kommission)."""
        first, sep, rest = form.partition(" ")
        match = re.fullmatch(r"(.+?)(e|en|er|es|em)", first)
        if not sep or not match or not self.vocab.is_german(first.lower()):
            return []
        out = []
        for ending in ADJ_ENDINGS:
            variant = f"{match.group(1)}{ending} {rest}"
            if variant != form:
                self.known.setdefault(variant, self.known[form])
                out.append(variant)
        return out

    def _lexicon_mentions(self, doc: Doc) -> list[Mention]:
        self._ensure_patterns()
        labels = self._lexicon_labels
        found = []
        for match_id, start, end in self.matcher(doc):
            canonical = doc.vocab.strings[match_id]
            span = doc[start:end]
            first = span[0].text
            # media names translated with an article (Der Rand) must not be a phrase start
            if first in {"Der", "Die", "Das"} and end < len(doc) and doc[end].lower_ in self.determiners | self.of_words:
                continue
            found.append(Mention(start, end, labels[canonical], "lexicon", key=canonical))
        return self._drop_overlaps(found)

    @staticmethod
    def _taken(mentions: list[Mention], n: int) -> list[bool]:
        taken = [False] * n
        for m in mentions:
            for i in range(m.start, m.end):
                taken[i] = True
        return taken

    # -- abbreviations ---------------------------------------------------------
    def _abbreviations(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """``Name (ABBR)``: the abbreviation becomes an alias of the name; the name
        may be a long official name (initials checked) or an institution word."""
        by_end = {m.end: m for m in sorted(mentions, key=lambda m: m.start, reverse=True)}  # the longest wins
        starts = {m.start: m for m in mentions}
        out = []
        for i in range(2, len(doc) - 2):
            if doc[i].text == "(":
                inner, owner = starts.get(i + 1), by_end.get(i)
                if inner and owner and inner.end < len(doc) and doc[inner.end].text == ")" and inner.end > i + 2 \
                        and inner.source != "lexicon" and inner.label == owner.label:
                    mentions.remove(inner)  # Innenministerium (Home Office)
                    out.append(Mention(inner.start, inner.end, owner.label, "abbreviation", owner=owner.start))
                    continue
            if doc[i].text == "(" and doc[i + 2].text == ")" and self._short_alias(doc, i + 1, by_end.get(i), starts.get(i + 1)):
                inner = starts.get(i + 1)
                if inner is not None:
                    mentions.remove(inner)
                owner = by_end[i]
                out.append(Mention(i + 1, i + 2, owner.label, "abbreviation", owner=owner.start))
                continue  # Europäische Behörde für Lebensmittelsicherheit (Efsa)
            if doc[i].text != "(" or doc[i + 2].text != ")" or not (ACRONYM.match(doc[i + 1].text) or CAMEL.match(doc[i + 1].text)):
                continue
            abbr = doc[i + 1]
            if abbr.text.endswith("s") and abbr.text[:-1].isupper():
                continue  # großen Sprachmodellen (LLMs): the plural of a common noun's abbreviation
            owner = by_end.get(i)
            start = self._official_name_start(doc, i, abbr.text)
            law = self._law_name_start(doc, i)
            if law is not None and (owner is None or law < owner.start):
                if owner is not None and owner.start >= law:
                    mentions.remove(owner)
                owner = Mention(law, i, "MISC", "law")  # Gesetz über den Schutz der Wälder (WSchG)
                out.append(owner)
            elif start is not None and (owner is None or start < owner.start):
                owner = Mention(start, i, "ORG", "official")
                out.append(owner)
            if owner is None or owner.label == "PER":
                continue  # Alexander Dobrindt (CSU): a party, not another name of the person
            inner = starts.get(i + 1)
            if inner is not None and inner.source == "lexicon" and (owner.source == "lexicon" or owner.key == inner.key):
                continue  # but "Autoriteit Persoonsgegevens (AP)" defines its own AP
            if inner is not None:
                mentions.remove(inner)
            out.append(Mention(i + 1, i + 2, owner.label, "abbreviation", owner=owner.start))
        return out

    def _short_alias(self, doc: Doc, j: int, owner: Mention | None, inner: Mention | None) -> bool:
        """True when token j, in parentheses after a long name, is a short word the text
        introduces as that name's abbreviation (Efsa) although it is no acronym in shape."""
        text = doc[j].text
        if owner is None or owner.label != "ORG" or owner.end - owner.start < 2 or ACRONYM.match(text) or CAMEL.match(text):
            return False
        if inner is not None and inner.source == "lexicon":
            return False
        return is_word(text) and len(text) <= 6 and not self.vocab.is_german(text) and text not in self.known

    def _law_name_start(self, doc: Doc, i: int) -> int | None:
        """Start of a law's name before ``(ABBR)`` at token i (Sächsischen Gesetzes über den
        Schutz der Wälder), or None: the walk back must reach a law word."""
        j, start = i - 1, None
        while j >= 0 and i - j <= 14:
            t = doc[j]
            if t.text[:1].isupper() and t.is_alpha:
                low = t.lower_
                if self._law_word(t.text) or any(low in (h, h + "es", h + "s") for h in self.law_title_heads):
                    start = j
            elif not (t.lower_ in self.law_connectors or self._adjective_like(t)):
                break
            j -= 1
        if start is not None and start > 0 and ORIGIN_ADJECTIVE.match(doc[start - 1].text):
            start -= 1
        return start

    def _official_name_start(self, doc: Doc, i: int, abbr: str) -> int | None:
        """Start of the name before ``(ABBR)`` at token i, or None when there is none."""
        j = i - 1
        words: list[Token] = []
        # punctuation and line breaks end the walk: they are neither capitalised nor connectors
        while j >= 0 and (doc[j].text[:1].isupper() or (doc[j].lower_ in self.connectors and words)):
            words.append(doc[j])
            j -= 1
        words.reverse()
        capitals = [w for w in words if w.text[:1].isupper()]
        letters = [c for c in abbr if c.isupper()]
        if 1 < len(letters) <= len(capitals) and [w.text[0] for w in capitals[-len(letters):]] == letters:
            return capitals[-len(letters)].i
        last = doc[i - 1]
        if last.text[:1].isupper() and (self._institution(last.text) or self._cue_label(last)):
            before = doc[last.i - 1] if last.i else None
            if before is not None and ORIGIN_ADJECTIVE.match(before.text.capitalize()):
                return before.i  # österreichische Datenschutzbehörde (DSB)
            return last.i
        return None

    # -- statistical model ----------------------------------------------------
    def _model_mentions(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """The model's NER mentions that do not overlap ours (only when a model ran)."""
        if not self.merge_model_ents or not doc.has_annotation("ENT_IOB"):
            return []
        taken = self._taken(mentions, len(doc))
        out = []
        for ent in doc.ents:
            label = MODEL_LABELS.get(ent.label_)
            if not label or any(taken[ent.start : ent.end]):
                continue
            words = [t for t in ent if not t.is_punct]
            # the small model also tags ordinary words (KI, Gesichtserkennung): keep names only
            if not words or all(t.text in self.not_names or self._function_word(t) for t in words):
                continue
            word = words[0].text
            if len(words) == 1 and label != "PER" and self.vocab.is_german(word) \
                    and self.vocab.cluster(word) not in self.data.name_clusters:
                continue
            out.append(Mention(ent.start, ent.end, label, "model_ner", weak=True))
        return out

    @staticmethod
    def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
        """Keep the longest of overlapping mentions (earlier, then firmly labelled, first on ties)."""
        kept: list[Mention] = []
        used: set[int] = set()
        for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start, m.weak)):
            if used.isdisjoint(range(m.start, m.end)):
                kept.append(m)
                used.update(range(m.start, m.end))
        return sorted(kept, key=lambda m: m.start)

    # -- grouping ---------------------------------------------------------------
    def _group(self, doc: Doc, mentions: list[Mention], tokens=None) -> Found:
        return group_mentions(self, doc, mentions, tokens)


@Language.factory(
    "policy_entities",
    assigns=["doc.spans", "doc._.policy_entity_info", "span._.entity_key"],
    default_config={
        "lexicon": "entity_lexicon.json",
        "places": "places.json",
        "first_names": "first_names.txt",
        "cues": "entity_cues.json",
        "clusters": "name_clusters.json",
        "split_compounds": True,
        "merge_model_ents": True,
    },
)
def make_policy_entities(
    nlp: Language,
    name: str,
    lexicon: str,
    places: str,
    first_names: str,
    cues: str,
    clusters: str,
    split_compounds: bool,
    merge_model_ents: bool,
) -> PolicyEntities:
    return PolicyEntities(
        nlp,
        name,
        lexicon=lexicon,
        places=places,
        first_names=first_names,
        cues=cues,
        clusters=clusters,
        split_compounds=split_compounds,
        merge_model_ents=merge_model_ents,
    )
