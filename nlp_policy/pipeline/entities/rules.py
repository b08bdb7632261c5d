"""Token rules of the entity component: which words start or continue a name.

:class:`NameRules` holds the general discovery rules (first names, role words,
cue nouns, organisation words, datelines, shapes such as acronyms and model
names) and the extension of names over following name words. It is a mixin of
:class:`nlp_policy.pipeline.entities.component.PolicyEntities`, which sets the cue lists and the
vocabulary it reads (``self.vocab``, ``self.data``, ``self.roles`` ...).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Token

from nlp_policy.pipeline.doctokens import tokens_text
from nlp_policy.pipeline.entities.mentions import Mention

class _Shape:
    """A compiled word-shape regex whose ``match`` results are remembered per word
    (the rules test the same words' shapes many times per document)."""

    __slots__ = ("regex", "match")

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        self.match = lru_cache(maxsize=65536)(self.regex.match)  # bounded for long runs


#: Two or more capitals in a short word (FBI, DoD, BfDI).
ACRONYM = _Shape(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü&]{1,7}$")
#: A capital after a lowercase letter (OpenAI, iPhone).
CAMEL = _Shape(r"^[A-Za-z]*[a-z][A-Z][A-Za-z]*$")
#: Letters with a version number or capitals joined by hyphens (GPT-4, Llama-2, DALL-E, L-1).
MODEL_NAME = _Shape(
    r"^(?:[A-Z][A-Za-z]+-?\d+(?:\.\d+)?[a-z]?|[A-Z]{2,}(?:-[A-Z0-9]+)+|[A-Z][a-z]+-\d+[A-Za-z]*|[A-Z]-\d+)$"
)
#: A short word and a product acronym (Gov-GPT, Bard-LLM); counted only when the word is foreign to German.
_WORD_ACRONYM = _Shape(r"^([A-Z][a-z]{1,5})-([A-Z]{3,5})$")
#: A version or edition number after a product name (Office 365, iPhone 15, Windows 11).
_VERSION = _Shape(r"^\d{1,3}(?:\.\d)?$")
#: A short model name (R1, o3) counts only after a product cue noun.
_SHORT_MODEL = _Shape(r"^[A-Za-z]\d{1,4}$")
#: A capitalised word of letters (any script), also double-barrelled (Specht-Riemenschneider) or with an apostrophe.
_WORD_PARTS = _Shape(r"^[^\W\d_]+(?:['’.][^\W\d_]+)*(?:-[^\W\d_]+)*$")


@lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
def is_word(text: str) -> bool:
    """A capitalised word with lowercase letters (Palantir, Dragoș, Specht-Riemenschneider)."""
    return text[:1].isupper() and any(c.islower() for c in text) and bool(_WORD_PARTS.match(text))


ADJ_ENDINGS = ("e", "en", "er", "es", "em")
#: Capitalised adjectives of origin that start institution names (Hamburgische Datenschutzbeauftragte).
ORIGIN_ADJECTIVE = _Shape(r"^(?:[A-ZÄÖÜ][a-zäöüß]+isch|Deutsch)(?:e|en|er|es|em)$")
_DASHES = frozenset({"–", "—", "-"})
_CLOSING_QUOTES = frozenset({"“", "”", "\"", "«", "»", "‘", "’"})
#: A number in a citation or a docket number (176, 113b, 1547).
_NUMBER = _Shape(r"^\d+[a-z]?$")



@lru_cache(maxsize=64)
def _longest(words: frozenset[str]) -> int:
    """Length of the longest word of a cue set."""
    return max(map(len, words), default=0)

class NameRules:
    """Discovery rules over tokens (mixed into the entity component)."""

    def _rule_mentions(self, doc: Doc, taken: list[bool]) -> list[Mention]:
        words = [t.text for t in doc]
        counts = Counter(words)
        out: list[Mention] = self._datelines(doc, taken, words)
        # most tokens fail the first tests of _rule_at, which read only the word: they are
        # made once per distinct word (a memo bounded for long runs)
        gate = self._start_gate
        if len(gate) > 200_000:
            gate.clear()
        i = 0
        while i < len(doc):
            if taken[i]:
                i += 1
                continue
            may = gate.get(words[i])
            if may is None:
                may = gate[words[i]] = self._may_start(doc[i])
            if not may:
                i += 1
                continue
            m = self._rule_at(doc, i, taken, counts)
            if m is None:
                i += 1
                continue
            out.append(m)
            for j in range(m.start, m.end):
                taken[j] = True
            i = m.end
        return out

    def _may_start(self, token: Token) -> bool:
        """False when no rule can start at the token: what it reads is the word alone
        (its text, lower case and lexical flags)."""
        text = token.text
        if not text[:1].isupper() and not CAMEL.match(text):
            return False  # every rule starts at a capitalised word or an iPhone-like one
        return not (token.is_space or token.is_punct or self._function_word(token))

    def _plain_word(self, text: str) -> bool:
        """True for a German word no rule of :meth:`_rule_at` can name whatever its
        context, as long as :meth:`_plain_here` holds: the tests of each rule that read
        only the word, made once per word (a memo renewed when the lexicon grows)."""
        memo = self._plain_memo
        if self._plain_known != len(self.known) or len(memo) > 200_000:
            memo.clear()
            self._plain_known = len(self.known)
            self._known_first_words = frozenset(k.partition(" ")[0] for k in self.known if " " in k)
        found = memo.get(text)
        if found is None:
            found = memo[text] = self._find_plain_word(text)
        return found

    def _find_plain_word(self, text: str) -> bool:
        vocab, known = self.vocab, self.known
        if not is_word(text) or not vocab.is_german(text):
            return False  # the German-word rule below decides only German words
        if text in self.legal_instruments or text in self.court_abbreviations or self._head_in(text, self.located_heads):
            return False  # an instrument or a located institution
        if ACRONYM.match(text) or CAMEL.match(text) or MODEL_NAME.match(text):
            return False  # cited laws, shapes, models
        if self._is_first_name(text) or text in self.data.first_names:
            return False  # person rules
        left, hyphen, right = text.partition("-")
        if hyphen and right in self.event_heads and re.fullmatch(r"[A-Z]{1,4}\d{1,2}", left):
            return False  # an event
        shaped = _WORD_ACRONYM.match(text)
        if shaped and shaped.group(2) not in self.not_names and not vocab.is_german(shaped.group(1)) \
                and shaped.group(2) not in known:
            return False
        if self._street(text) or (self._media_compound(text) and not vocab.is_german_word(text)) or self._law_word(text):
            return False
        if self._institution(text) or self._head_in(text, self.tail_heads):
            return False
        if text.startswith(self.place_prefixes) and self._known_place(text):
            return False
        # adjectives before a body or of a place (_body_after_adjective, _capitalised_adjective, _adjective_place)
        if ORIGIN_ADJECTIVE.match(text) or self._place_adjective(text):
            return False
        low = text.lower()
        lemma = vocab.lemma(low)
        if lemma != low and any(low == lemma + e for e in ADJ_ENDINGS):
            return False
        if text in self._known_first_words:
            return False
        if text.endswith("er") and len(text) >= 5:
            stem = text[:-2]
            if any((known.get(base) or ("", ""))[1] == "LOC" for base in (stem, stem + "en", stem + "e")):
                return False
        # _suffixed_name_end starts no name at a German word unless it is an organisation word
        if text in self.org_suffixes or not (vocab.is_german(text) and not vocab.is_other_word(text)):
            return False
        # the German-word rule: without a cue noun, a German word is no name unless a name cluster claims it
        cluster = vocab.cluster(text)
        if cluster not in self.data.name_clusters and text.endswith("s") and len(text) > 4:
            stem_cluster = vocab.cluster(text[:-1])
            if self.data.name_clusters.get(stem_cluster) == "LOC":
                cluster = stem_cluster
        named = cluster in self.data.name_clusters
        place_word = self.data.name_clusters.get(cluster) == "LOC" and not vocab.is_english_word(text)
        return not (named and (place_word or not vocab.is_german_word(text)))

    def _plain_here(self, doc: Doc, i: int, taken: list[bool]) -> bool:
        """For a plain word (:meth:`_plain_word`), True when its context starts no rule
        either: no dotted name, no role word or place preposition before it, no cue
        noun, no foreign name. Then :meth:`_rule_at` finds nothing at it."""
        if self._dotted_end(doc, i):
            return False
        prev = self._prev(doc, i)
        if prev is not None and (prev.lower_ in self.loc_preps or self._introduces_person(prev)):
            return False
        cue = self._cue_label(prev) if prev is not None else self._enumeration_cue(doc, i)
        if cue is None and prev is not None:
            cue = self._enumeration_cue(doc, i)
        return cue is None and not self._foreign_name_end(doc, i, taken)

    def _rule_at(self, doc: Doc, i: int, taken: list[bool], counts: Counter) -> Mention | None:
        """The mention a rule finds starting at token i, or None."""
        token = doc[i]
        text = token.text
        if not self._may_start(token):
            return None
        if self._plain_word(text) and self._plain_here(doc, i, taken):
            return None  # an ordinary German noun (most capitalised words): no rule below fires
        instrument = self._instrument_end(doc, i)
        if instrument:
            return Mention(i, instrument, "MISC", "law")  # Richtlinie 2002/58/EG
        if self._in_reference(doc, i) or self._in_credit(doc, i):
            return None  # a docket number (KVZ 90/20, 1 BvR 1547/19) or a photographer (Foto: Agentur/Name)
        located = self._located_institution_end(doc, i, taken)
        if located:
            return Mention(i, located, "ORG", "institution")  # Verwaltungsgericht Hamburg, VG Köln
        if self._cited_law(doc, i):
            return Mention(i, i + 1, "MISC", "law")  # § 176 TKG
        dotted = self._dotted_end(doc, i)
        if dotted:
            head = doc[dotted - 1].text
            label = "PRODUCT" if self._head_in(head, self.product_cues) else "ORG"
            return Mention(i, dotted, label, "shape", weak=head not in self.org_suffixes and label == "ORG")
        prev = self._prev(doc, i)
        cue = self._cue_label(prev) if prev is not None else self._enumeration_cue(doc, i)
        if cue is None and prev is not None:
            cue = self._enumeration_cue(doc, i)
        if not self._is_first_name(text):
            foreign = self._foreign_name_end(doc, i, taken)
            if foreign:
                return Mention(i, foreign, cue or "ORG", "suffix")  # The Velvet Sundown, Bank of America, „We Deserve Better“
        if text in self.not_names and not (
            cue and i + 1 < len(doc) and self._name_like(token, inner=True) and self._name_like(doc[i + 1], inner=True)
        ):
            return None  # an ordinary word, unless a cue noun introduces a longer name (Tech Transparency Project)
        if self._is_first_name(text) and self._capitalised_name_follows(doc, i + 1, taken):
            end = self._person_end(doc, i + 1, taken)
            if doc[end - 1].text not in self.org_suffixes:  # Aurelia Labs is a company
                return Mention(i, end, "PER", "person")
        if text in self.data.first_names and self._role_surname(doc, i + 1, taken):
            return Mention(i, i + 2, "PER", "person")  # Markus Richter, ...: a surname that is also a role word
        if prev is not None and self._introduces_person(prev) and self._name_like(token, loose=True) \
                and not self._is_role(token):
            return Mention(i, self._person_end(doc, i, taken), "PER", "role")
        if MODEL_NAME.match(text) or (cue == "PRODUCT" and (_SHORT_MODEL.match(text) or (len(text) == 1 and text.isupper()))):
            return Mention(i, i + 1, "PRODUCT", "model")
        left, hyphen, right = text.partition("-")
        if hyphen and right in self.event_heads and re.fullmatch(r"[A-Z]{1,4}\d{1,2}", left):
            return Mention(i, i + 1, "MISC", "event")  # G20-Gipfel
        shaped = _WORD_ACRONYM.match(text)
        if shaped and shaped.group(2) not in self.not_names and not self.vocab.is_german(shaped.group(1)) \
                and shaped.group(2) not in self.known:
            return Mention(i, i + 1, "PRODUCT", "model")  # Gov-GPT
        if self._versioned(doc, i):
            return Mention(i, i + 2, "PRODUCT", "model")  # Office 365
        if ACRONYM.match(text) or CAMEL.match(text):
            return Mention(i, i + 1, cue or "ORG", "shape", weak=cue is None)
        if not is_word(text):
            return None
        if self._street(text):
            return Mention(i, i + 1, "LOC", "place")  # Holstenstraße, Max-Brauer-Allee
        if self._medium(doc, i):
            return Mention(i, i + 1, "ORG", "cue")  # laut Tagesspiegel, wie der Tages-Anzeiger berichtet
        if self._law_word(text):
            start = self.phrase_start(doc, i)
            if start is not None and doc[start].lower_ in self.indefinites:
                return None  # ein bundesweites Datenschutzgesetz: a kind of law, not one law
            return Mention(i, i + 1, "MISC", "law")  # Telekommunikationsgesetz
        if self._institution(text) and not (self._is_role(token) and self._capitalised_name_follows(doc, i + 1, taken)):
            if self._generic_institution(doc, i):
                return None  # das Ministerium, das Bundesamt: no name without a modifier or a tail
            return Mention(i, i + 1, "ORG", "institution")  # but "Bundesdatenschutzbeauftragte Louisa X" is a title
        if self._tail_institution(doc, i):
            return Mention(i, i + 1, "ORG", "institution")  # Koordinierungsstelle für digitale Dienste
        if text.startswith(self.place_prefixes) and self._known_place(text):
            return Mention(i, i + 1, "LOC", "place")  # Nordkalifornien
        body = self._body_after_adjective(doc, i, taken)
        if body is not None:
            return body  # Hamburger Senat, Nationaler Sicherheitsrat, Hamburgischen Beauftragten für ...
        place = self._adjective_place(doc, i)
        if place is not None:
            return place  # Leipziger Richter, der New Yorker Zeitung: a mention of the place
        if prev is not None and prev.lower_ in self.loc_preps:
            run = self._capitalised_run(doc, i, taken, limit=3)
            if run - i >= 2 and not any(self.vocab.is_german_word(t.text) for t in doc[i:run]) \
                    and not any(t.text in self.not_names for t in doc[i:run]):
                return Mention(i, run, "LOC", "place")  # in New Hampshire
        suffixed = self._suffixed_name_end(doc, i, taken)
        if suffixed:
            return Mention(i, suffixed, "ORG", "suffix")
        unknown = self._unknown_run_end(doc, i, taken)
        if unknown:
            label = "PER" if self._apposition_label(doc, unknown) == "PER" else cue or "ORG"
            return Mention(i, unknown, label, "unknown", weak=label == "ORG" and cue is None)  # Getty Images
        cluster = self.vocab.cluster(text)
        if cluster not in self.data.name_clusters and text.endswith("s") and len(text) > 4:
            stem_cluster = self.vocab.cluster(text[:-1])
            if self.data.name_clusters.get(stem_cluster) == "LOC":
                cluster = stem_cluster  # Flanderns: the genitive of a place
        named = cluster in self.data.name_clusters
        # a name-cluster word German only by compound splitting is a name (Hangzhou, Zuckerberg);
        # so is a word of a place cluster (Schwabing, Altona), which the lemma table also lists
        place_word = self.data.name_clusters.get(cluster) == "LOC" and (
            not self.vocab.is_english_word(text) or (prev is not None and prev.lower_ in self.loc_preps))
        if self.vocab.is_german(text) and not (named and (place_word or not self.vocab.is_german_word(text))):
            # a German word after a cue noun only starts a longer name (Stanford Internet Observatory);
            # a word German only as a guessed compound is a name there (der Konzern Bytedance)
            compound_only = not self.vocab.is_german_word(text) and not self.vocab.in_common_cluster(text) \
                and self._cue_label_text(text) is None  # Körperkameras: a compound of a cue noun is a common noun
            if cue is None or not (compound_only or (token.whitespace_ and i + 1 < len(doc) and not taken[i + 1]
                                   and (self._name_like(doc[i + 1], inner=True) or self._bridge(doc, i + 1)))):
                return None
        if cue is not None:
            return Mention(i, i + 1, cue, "cue")
        if place_word and not self.vocab.is_german_word(text) and prev is not None and prev.lower_ in self.definite_articles:
            return Mention(i, i + 1, "LOC", "place")  # das Tessin: regions take an article
        if self._common_noun_context(doc, i):
            return None  # eine Klausel, die ...: an article makes it a common noun, whatever follows
        if self._named_after_role(doc, i, taken):
            return Mention(i, i + 2, "PER", "apposition")  # Die Beauftragte für X, Meike Kamp, hat ...
        apposition = self._apposition_label(doc, i + 1)
        if apposition is not None:
            return Mention(i, i + 1, apposition, "apposition")
        if i + 1 < len(doc) and token.whitespace_ and self._name_like(doc[i + 1]) and self._apposition_label(doc, i + 2) == "PER":
            return Mention(i, i + 2, "PER", "apposition")  # Alanah Odoms, Geschäftsführerin ...
        if self.vocab.is_english(text):
            # an English word needs a name cluster, or to be a glued English pair named twice
            if not named and not (counts[text] > 1 and not self.vocab.is_english_word(text)):
                return None
        elif not named and self.vocab.in_common_cluster(text):
            return None
        hint = self.data.name_clusters.get(cluster)
        modifier = i + 1 < len(doc) and doc[i + 1].text == "-"
        if hint:
            label = hint
        elif prev is not None and prev.lower_ in self.loc_preps and not modifier:
            label = "LOC"
        else:
            label = "ORG"
        return Mention(i, i + 1, label, "unknown", weak=True)

    # -- rule helpers ---------------------------------------------------------
    def _prev(self, doc: Doc, i: int) -> Token | None:
        """The token before i on the same line, skipping spaces and an opening quote
        (die Software „Videmo 360“)."""
        j = i - 1
        while j >= 0 and doc[j].is_space:
            if "\n" in doc[j].text:
                return None
            j -= 1
        if j >= 1 and doc[j].text in self.opening_quotes and not doc[j].whitespace_ and doc[j - 1].whitespace_:
            j -= 1
        return doc[j] if j >= 0 else None

    def _head_in(self, word: str, cues: frozenset[str]) -> bool:
        """True when the word, or its compound head, is in a cue list (inflection allowed)."""
        key = (word, id(cues))
        cache = self._head_cache
        if key not in cache:
            if len(cache) > 200_000:  # bound the memory of a long-running process
                cache.clear()
            cache[key] = self._find_head(word, cues)
        return cache[key]

    def _find_head(self, word: str, cues: frozenset[str]) -> bool:
        low = word.lower()
        lemma = self.vocab.lemma(word).lower()
        for form in {low, lemma, low.rstrip("s"), low.removesuffix("es"), low.removesuffix("en"), low.removesuffix("n")}:
            if form in cues:
                return True
            # compound heads: the cue is a suffix of at least 3 letters after a modifier of at least 3
            # (only suffixes no longer than the longest cue can be one: bounded work on a huge token)
            if any(form[k:] in cues for k in range(max(3, len(form) - _longest(cues)), len(form) - 2)):
                return True
        return False

    def _cue_label(self, token: Token) -> str | None:
        return self._cue_label_text(token.text)

    def _cue_label_text(self, text: str) -> str | None:
        """PRODUCT or ORG when the word (or its compound head) is a cue noun."""
        if not text[:1].isupper() or text in self.known:
            return None
        if self._head_in(text, self.product_cues):
            return "PRODUCT"
        if self._head_in(text, self.org_cues):
            return "ORG"
        return None

    @lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
    def _institution(self, text: str) -> bool:
        low = text.lower()
        stem = low[:-1] if low.endswith("s") else low
        if any(stem.endswith(h) for h in self.inst_heads):
            return True
        return low.startswith(self.inst_prefixes) and any(stem.endswith(h) for h in self.inst_prefixed)

    def _name_like(self, token: Token, *, loose: bool = False, inner: bool = False) -> bool:
        """A capitalised token that can be part of a name. loose: German words allowed.
        inner: the token continues a name, where ordinary words (Cloud, Internet) may stand."""
        text = token.text
        if text.endswith("-") or not text[:1].isupper() or self._function_word(token):
            return False
        if text in self.not_names and not (inner and not ACRONYM.match(text)):
            return False
        if ACRONYM.match(text) or CAMEL.match(text) or text in self.data.first_names:
            return True
        if not is_word(text):
            return False
        if loose or not self.vocab.is_german(text):
            return True
        # inside a name, a capitalised German word that is no noun can only be part of it (Privacy International)
        return inner and self.vocab.is_other_word(text)

    def _capitalised_name_follows(self, doc: Doc, j: int, taken: list[bool]) -> bool:
        if j >= len(doc) or taken[j]:
            return False
        nxt = doc[j]
        if nxt.lower_ in self.roles or nxt.lower_ in self.determiners or self._cue_label(nxt):
            return False
        return self._name_like(nxt, loose=True) and not MODEL_NAME.match(nxt.text)

    def _person_end(self, doc: Doc, j: int, taken: list[bool]) -> int:
        """End of a person name whose surname starts at token j (particles like ``von der`` allowed)."""
        end = j + 1
        while end < len(doc) and not taken[end] and doc[end - 1].whitespace_:
            nxt = doc[end]
            if nxt.lower_ in {"von", "van", "de", "der", "da", "di", "du", "le", "la", "bin"} and end + 1 < len(doc) \
                    and doc[end + 1].text[:1].isupper():
                end += 2
                continue
            # surnames may be compounds of German words (Specht-Riemenschneider, Tudorache)
            surname = is_word(nxt.text) and not self.vocab.is_german_word(nxt.text) and not self._function_word(nxt)
            english = self.vocab.is_english_word(nxt.text) and self.vocab.cluster(nxt.text) not in self.data.name_clusters
            if (surname or self._name_like(nxt)) and not english and nxt.text not in self.known:
                end += 1
                continue
            break
        return end

    def _suffixed_name_end(self, doc: Doc, i: int, taken: list[bool]) -> int | None:
        """End of a name of capitalised words that contains an organisation word
        (Mistral AI, South Wales Police, Court of Appeal), or None.

        At least one word must be foreign to German, so that German noun
        sequences never qualify."""
        first = doc[i].text
        german_first = self.vocab.is_german(first) and not self.vocab.is_other_word(first)  # International Center ...
        if not self._name_like(doc[i], loose=True) or (first not in self.org_suffixes and german_first):
            return None
        if self._cue_label_text(first) is not None:
            return None  # KI-Chatbot Lumen AI: the cue noun introduces the name, it is no part of it
        if first in self.org_suffixes and not (i + 1 < len(doc) and doc[i + 1].lower_ in self.foreign_connectors):
            return None  # an organisation word starts a name only as in "Court of Appeal"
        j, last, suffix = i + 1, i + 1, first in self.org_suffixes
        while j < len(doc) and not taken[j] and doc[j - 1].whitespace_ and j - i <= 8:
            t = doc[j]
            if t.lower_ in self.foreign_connectors and t.text.islower() and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
                j += 1
                continue
            if not (t.text in self.org_suffixes or self._name_like(t, loose=True, inner=True)):
                break
            suffix = suffix or t.text in self.org_suffixes
            j += 1
            last = j
        if not suffix or last - i < 2:
            return None
        words = [t.text for t in doc[i:last] if t.text not in self.org_suffixes and t.text[:1].isupper()]
        if words and all(self.vocab.is_german(w) for w in words):
            return None
        return last

    def _known_place(self, text: str) -> bool:
        """A compass prefix on a place of the lexicon (Nordkalifornien, Süddeutschland)."""
        for prefix in self.place_prefixes:
            rest = text[len(prefix):]
            if text.startswith(prefix) and rest:
                entry = self.known.get(rest[0].upper() + rest[1:])
                if entry and entry[1] == "LOC":
                    return True
        return False

    def _enumeration_cue(self, doc: Doc, i: int) -> str | None:
        """The cue of an enumeration the token stands in (Hersteller wie DJI und Skydio)."""
        j = i - 1
        while j > 0 and i - j <= 12:
            t = doc[j]
            if t.lower_ in self.enumeration_words:
                return self._cue_label(doc[j - 1])
            if not (t.text in {",", "und", "oder", "sowie"} or t.text[:1].isupper() or t.lower_ in self.foreign_connectors
                    or t.text in self.opening_quotes or t.text in _CLOSING_QUOTES):
                return None
            j -= 1
        return None

    def _function_word(self, token: Token) -> bool:
        """An article, pronoun or preposition (MIT in capitals is a name, Mit is not)."""
        return token.lower_ in self.function_words and not (token.text.isupper() and len(token.text) > 1)

    @lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
    def _is_first_name(self, text: str) -> bool:
        return text in self.data.first_names or self.vocab.cluster(text) in self.data.first_name_clusters

    def _is_role(self, token: Token) -> bool:
        """A role or title, also as a compound head (Innenministerin, Konzernchef)."""
        return token.text[:1].isupper() and self._head_in(token.text, self.roles)

    def _institution_noun(self, token: Token) -> bool:
        text = token.text
        return text[:1].isupper() and (
            self._institution(text) or self._cue_label(token) == "ORG" or self._is_role(token)
        )

    def _datelines(self, doc: Doc, taken: list[bool], words: list[str]) -> list[Mention]:
        """Places of a news dateline: ``Menlo Park/Berlin – Text`` at a paragraph start."""
        out = []
        starts = [0] + [k + 1 for k, w in enumerate(words) if "\n" in w and w.isspace() and k + 1 < len(words)]
        for i in starts:
            j = i
            while j < len(doc) and j - i < 8 and (doc[j].text == "/" or (doc[j].text[:1].isupper() and doc[j].is_alpha)):
                j += 1
            agency = None
            if j > i and j + 3 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")" and doc[j + 3].text in _DASHES \
                    and doc[j + 1].is_alpha and len(doc[j + 1].text) <= 6:
                agency = j + 1  # München (epd) – : the news agency of the report
                if not any(taken[agency : agency + 1]):
                    out.append(Mention(agency, agency + 1, "ORG", "dateline"))
                    taken[agency] = True
            if agency is None and (j == i or j >= len(doc) or doc[j].text not in _DASHES or not doc[j - 1].whitespace_):
                continue
            start = i
            for k in range(i, j + 1):
                if k == j or doc[k].text == "/":
                    if k > start and not any(taken[start:k]):
                        out.append(Mention(start, k, "LOC", "dateline"))
                        taken[start:k] = [True] * (k - start)
                    start = k + 1
        return out

    def _apposition_label(self, doc: Doc, j: int) -> str | None:
        """Label implied by ``, ein Hersteller ...`` or ``, SVP ...`` right after a name."""
        if j + 1 >= len(doc) or doc[j].text != ",":
            return None
        k = j + 1
        while k < len(doc) - 1 and k - j <= 2 and self._is_adjective(doc[k]):
            k += 1  # Meetali Jain, geschäftsführende Direktorin
        first = doc[k]
        if first.lower_ in self.roles or (k > j + 1 and self._is_role(first)):
            return "PER"
        if first.lower_ not in self.determiners:
            return None
        for token in doc[j + 2 : j + 6]:
            if token.text in self.desc_stops:
                break
            if token.lower_ in self.roles:
                return "PER"
            label = self._cue_label(token)
            if label:
                return label
        return None

    def _is_adjective(self, token: Token) -> bool:
        text = token.text
        if not text.isalpha() or not text.islower():
            return False
        lemma = self.vocab.lemma(text)
        return lemma != text and any(text == lemma + e for e in ADJ_ENDINGS)

    def _adjective_like(self, token: Token) -> bool:
        """A lowercase inflected word that is no function word: inside a name's tail before
        a noun (für digitale Dienste) it can only be an adjective."""
        text = token.text
        return text.isalpha() and text.islower() and text.endswith(ADJ_ENDINGS) and not self._function_word(token)

    def phrase_start(self, doc: Doc, i: int) -> int | None:
        """Start of the article (or number) and adjectives before token i, or None
        when token i is not preceded by them (``die neuen Kameras``)."""
        j = i - 1
        sure = True
        while j >= 0 and i - j <= 4:
            t = doc[j]
            if t.text.islower() and t.text.isalpha() and t.text.endswith(ADJ_ENDINGS) and t.lower_ not in self.determiners:
                sure = sure and self._is_adjective(t)
                j -= 1
                continue
            if t.text == "," and j + 1 < i:
                j -= 1
                continue
            break
        if j >= 0 and (doc[j].lower_ in self.determiners or doc[j].like_num):
            return j
        if j < i - 1 and sure and doc[j + 1].text != ",":
            return j + 1
        return None

    def _common_noun_context(self, doc: Doc, i: int) -> bool:
        """True when articles or adjectives before the word make it a common noun."""
        return self.phrase_start(doc, i) is not None

    # -- multi-token names ---------------------------------------------------
    def _extend(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Extend names over following name words (Microsoft Federal, Mistral AI)
        and over a hyphenated translated head (Azure OpenAI-Dienst)."""
        starts = {m.start: m for m in mentions}
        out = []
        skip: set[int] = set()
        for m in sorted(mentions, key=lambda m: m.start):
            if id(m) in skip:
                continue
            end = m.end
            possessive = m.source == "lexicon" and doc[m.end - 1].text not in self.known
            if m.source == "lexicon" and m.end - m.start == 1 and self._dotted_end(doc, m.start):
                end = m.start + 3  # Perplexity.AI: another name than Perplexity
                m.label = "PRODUCT" if self._head_in(doc[end - 1].text, self.product_cues) else "ORG"
            if m.label == "ORG" and m.source == "lexicon" and not possessive and end < len(doc) and doc[end - 1].whitespace_ \
                    and doc[end].text in self.english_product_heads and end not in starts:
                m.label, m.weak = "PRODUCT", False  # Google Analytics: the company's product
                end += 1
            while not possessive and m.label != "PER" and end < len(doc) and doc[end - 1].whitespace_:
                nxt = doc[end]
                other = starts.get(end)
                if nxt.text in self.org_suffixes and nxt.text not in self.known:
                    m.label, m.weak = "ORG", False
                    end += 1
                    continue
                if other is not None and other.source in ("suffix", "unknown", "shape"):
                    # one name found in two pieces: California + Highway Patrol
                    if not other.weak:
                        m.label, m.weak = other.label, False
                    end = other.end
                    continue
                if other is None and nxt.lower_ in self.foreign_connectors and nxt.text.islower() and nxt.whitespace_ \
                        and end + 1 < len(doc) and self._name_like(doc[end + 1], inner=True) and doc[end + 1].text not in self.known:
                    end += 2  # Gemini for Government
                    continue
                if other is None and self._bridge(doc, end):
                    end += 2  # Stanford Internet Observatory: an English word also used in German
                    continue
                if other is not None or not self._name_like(nxt, inner=True) or MODEL_NAME.match(nxt.text):
                    break
                if nxt.text in self.data.first_names or nxt.lower_ in self.roles:
                    break
                end += 1
                if self._head_in(nxt.text, self.product_cues):
                    m.label, m.weak = "PRODUCT", False
            if end + 1 < len(doc) and doc[end - 1].text in self.org_suffixes and doc[end].text == "," \
                    and doc[end + 1].text in self.org_suffixes:
                end += 2  # Co., Ltd.
            if end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_ and doc[end - 1].text + "." in self.org_suffixes:
                end += 1  # Ltd.
            legal = doc[end - 2].text if doc[end - 1].text == "." and end - 2 >= m.start else doc[end - 1].text
            if m.start and legal.rstrip(".") + "." in self.org_suffixes and end - m.start >= 3:
                place = next((o for o in out if o.end == m.start and o.label == "LOC" and doc[o.end - 1].whitespace_), None)
                if place is not None:
                    out.remove(place)  # Hangzhou DeepSeek Artificial Intelligence Co., Ltd.: the seat starts the name
                    m.start = place.start
                elif doc[m.start - 1].whitespace_ and is_word(doc[m.start - 1].text) and (
                        self.known.get(doc[m.start - 1].text, ("", ""))[1] == "LOC"
                        or self.data.name_clusters.get(self.vocab.cluster(doc[m.start - 1].text)) == "LOC"):
                    m.start -= 1
            # a version number: Claude 3, Windows 11, Office 365
            if m.label == "PRODUCT" and end < len(doc) and doc[end - 1].whitespace_ and re.fullmatch(r"\d{1,3}(\.\d)?", doc[end].text):
                end += 1
            if m.label == "PRODUCT":
                end = self._edition_end(doc, end)  # ChatGPT Enterprise, Google Workspace for Education
            if end != m.end:
                m.key = None if m.source == "lexicon" else m.key
                m.source = "extended" if m.source == "lexicon" else m.source
                for j in range(m.end, end):
                    if j in starts:
                        skip.add(id(starts[j]))
                m.end = end
            if m.source == "institution":
                m.end = self._institution_tail(doc, m.end, starts, skip)
                end = m.end
                before = doc[m.start - 1] if m.start else None
                if before is not None and before.text.islower() and m.end - m.start > 2 \
                        and ORIGIN_ADJECTIVE.match(before.text.capitalize()):
                    m.start -= 1  # den bayerischen Landesbeauftragten für den Datenschutz
            prev = self._prev(doc, m.start)
            cue = None
            if m.label != "PER":
                cue = self._cue_label(prev) if prev is not None else None
                cue = cue or self._enumeration_cue(doc, m.start)
            if cue and m.source != "lexicon":
                m.label, m.weak = cue, False  # der KI-Assistent Meta AI is a product, "AI" or not
            elif cue == "PRODUCT" and m.end - m.start == 1:
                m.cue = cue  # der Chatbot DeepSeek: a company's name used for its product
            # hyphenated translated head: Azure OpenAI-Dienstes
            if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
                head = doc[end + 1]
                if self.vocab.lemma(head.text).lower() in self.heads_de and m.label == "PRODUCT":
                    m.end = end + 2
            out.append(m)
        return out

    def _edition_end(self, doc: Doc, end: int) -> int:
        """End of a product name continued by edition words (ChatGPT Enterprise, Office 365 ProPlus,
        Workspace for Education)."""
        while end < len(doc) and doc[end - 1].whitespace_:
            nxt = doc[end]
            if nxt.text in self.product_editions:
                end += 1
            elif nxt.text == "for" and end + 1 < len(doc) and doc[end + 1].text in self.product_editions:
                end += 2
            else:
                break
        return end

    def _institution_tail(self, doc: Doc, end: int, starts: dict, skip: set) -> int:
        """End of ``für`` + subject words (+ place) after an institution word."""
        if end + 1 >= len(doc) or doc[end].lower_ != "für":
            return end
        j, last = end + 1, end
        while j < len(doc):
            t = doc[j]
            other = starts.get(j)
            if other is not None and other.label == "LOC" and j > end + 1:
                skip.add(id(other))
                return other.end  # Landesbeauftragte für Datenschutz Baden-Württemberg
            if other is None and t.text[:1].isupper() and t.is_alpha and not self._function_word(t) \
                    and not self.vocab.is_english_word(t.text):
                j += 1
                last = j
            elif t.lower_ in self.inst_tail_connectors and j + 1 < len(doc) and (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in self.inst_tail_connectors
                                                                              or self._adjective_like(doc[j + 1])):
                j += 1
            elif self._adjective_like(t) and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
                j += 1  # für digitale Dienste
            else:
                break
        return last if last > end + 1 else end

    def _bridge(self, doc: Doc, j: int) -> bool:
        """True when token j is an English word German also uses and a foreign name word follows it."""
        if j + 1 >= len(doc) or not doc[j].whitespace_ or not self._name_like(doc[j], loose=True, inner=True):
            return False
        nxt = doc[j + 1]
        return self.vocab.is_english(doc[j].text) and self._name_like(nxt, inner=True) and nxt.text not in self.known

    # -- references, laws, places and public bodies ------------------------------------
    def _in_reference(self, doc: Doc, i: int) -> bool:
        """True when token i is part of a docket or file number (KVZ 90/20, 1 BvR 1547/19,
        C-793/19, the EG of 2002/58/EG): such codes name no entity."""
        if i >= 2 and doc[i - 1].text == "/" and doc[i - 2].text.isdigit() and not doc[i - 2].whitespace_ \
                and not doc[i - 1].whitespace_:
            return True
        j = i + 1
        while j < len(doc) and not doc[j - 1].whitespace_ and doc[j].text != "/" and not doc[j].is_punct:
            j += 1  # the rest of the written word (VI-Kart)
        if j < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_:
            j += 1
            while j < len(doc) and not doc[j - 1].whitespace_ and doc[j].text != "/" and not doc[j].is_punct:
                j += 1
        if j < len(doc) and _NUMBER.match(doc[j].text):
            j += 1
        return j + 1 < len(doc) and doc[j].text == "/" and not doc[j - 1].whitespace_ and doc[j + 1].text.rstrip(".").isdigit()

    def _versioned(self, doc: Doc, i: int) -> bool:
        """A capitalised word foreign to German followed by a version number (Office 365),
        not a German noun with a number (Artikel 5) or a unit."""
        text = doc[i].text
        if i + 1 >= len(doc) or not doc[i].whitespace_ or not _VERSION.match(doc[i + 1].text) or not is_word(text):
            return False
        if self.vocab.is_german(text) or text in self.not_names or len(text) < 3:
            return False
        after = doc[i + 2] if i + 2 < len(doc) else None
        if after is not None and (after.like_num or after.text in {".", "/", "%"} and not after.whitespace_):
            return False  # a date or a reference (Juni 2024, 3/19)
        prev = self._prev(doc, i)
        return prev is None or prev.lower_ not in self.citation_signs

    def _capitalised_run(self, doc: Doc, i: int, taken: list[bool], limit: int = 6) -> int:
        """End of the run of capitalised name words from token i (foreign connectors allowed inside)."""
        j = last = i
        while j < len(doc) and not taken[j] and j - i < limit and (j == i or doc[j - 1].whitespace_):
            t = doc[j]
            if t.text.islower() and t.lower_ in self.foreign_connectors and j > i and j + 1 < len(doc) \
                    and doc[j + 1].text[:1].isupper():
                j += 1
                continue
            if not (is_word(t.text) or ACRONYM.match(t.text)) or self._function_word(t):
                break
            j += 1
            last = j
        return last

    def _foreign_name_end(self, doc: Doc, i: int, taken: list[bool]) -> int | None:
        """End of a multi-word name that German grammar marks as a name, or None:
        a foreign article before capitalised words (The Velvet Sundown), an English
        connector between them (Bank of America), a quoted run of capitalised words
        (das Super PAC „We Deserve Better“), or capitalised words after a genitive
        article that lack the genitive ending (des Tech Justice Law Project, des Tageblatt)."""
        text = doc[i].text
        if text in self.foreign_articles and i + 1 < len(doc) and doc[i].whitespace_:
            end = self._capitalised_run(doc, i + 1, taken)
            if end > i + 1 and not all(self.vocab.is_german_word(t.text) for t in doc[i + 1 : end]):
                return end
            return None
        romance = self._romance_name_end(doc, i, taken)
        if romance:
            return romance
        if i + 2 < len(doc) and doc[i + 1].lower_ in self.of_connectors and doc[i].whitespace_ \
                and text not in self.english_product_heads and text not in self.product_editions:
            place = self._place_end(doc, i + 2) if taken[i + 2] else None
            if place:
                return place  # Bank of England
            end = self._capitalised_run(doc, i + 2, taken)
            if end > i + 2 and not self.vocab.is_german(doc[end - 1].text):
                return end
        prev = doc[i - 1] if i else None
        if prev is not None and prev.text in self.opening_quotes and not prev.whitespace_:
            end = self._capitalised_run(doc, i, taken)
            closed = end < len(doc) and doc[end].text in _CLOSING_QUOTES and not doc[end - 1].whitespace_
            words = doc[i:end]
            if closed and len(words) >= 2 and any(not self.vocab.is_german(t.text) for t in words) \
                    and not all(self.vocab.is_english_word(t.text) and t.text in self.not_names for t in words):
                return end
        before = self._prev(doc, i)
        if before is not None and before.lower_ in self.genitive_articles and before.text.islower():
            end = self._capitalised_run(doc, i, taken, limit=5)
            last = doc[end - 1].text
            if end < len(doc) and (doc[end].like_num or doc[end].text == "-"):
                return None
            if last.endswith(("s", "ß", "x", "z", "e", "n")) or not last.isalpha() or ACRONYM.match(last):
                return None
            if end - i == 1 and (self.vocab.is_german_word(last) or self._is_role(doc[i])):
                return None
            first = doc[i].text
            if end - i > 1 and first.endswith("s") and self.vocab.is_german(first):
                return None  # des Unkrautvernichters Glyphosat: a noun in the genitive, then the name
            return end
        return None

    def _unknown_run_end(self, doc: Doc, i: int, taken: list[bool]) -> int | None:
        """End of a run of capitalised words that starts with a word no vocabulary knows and
        holds no German word (Getty Images, Autoriteit Persoonsgegevens), or None."""
        text = doc[i].text
        if not is_word(text) or self.vocab.is_german(text) or self.vocab.is_english(text) or text in self.not_names:
            return None
        end = self._capitalised_run(doc, i, taken, limit=4)
        words = doc[i:end]
        if end - i < 2 or any(self.vocab.is_german(t.text) or self._is_first_name(t.text) or self._is_role(t) for t in words):
            return None
        return end

    def _romance_name_end(self, doc: Doc, i: int, taken: list[bool]) -> int | None:
        """End of a name in a language that writes its words in lowercase after the first
        (Garante per la protezione dei dati personali, Commission nationale de l'informatique),
        or None: connectors and lowercase words foreign to German and English after a capitalised one."""
        first = doc[i]
        if i + 2 >= len(doc) or not first.whitespace_ or self.vocab.is_german(first.text) \
                or doc[i + 1].lower_ not in self.foreign_connectors or not doc[i + 1].text.islower():
            return None
        j, last, content = i + 1, i + 1, 0
        while j < len(doc) and not taken[j] and doc[j - 1].whitespace_ and j - i <= 10:
            t = doc[j]
            if t.text.islower() and t.lower_ in self.foreign_connectors:
                j += 1
                continue
            if not t.is_alpha or self._function_word(t) or self.vocab.is_german_word(t.text) \
                    or self.vocab.is_german_word(t.text.capitalize()) or self.vocab.is_english_word(t.text):
                break
            content += 1
            j += 1
            last = j
        return last if content >= 2 else None

    @lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
    def _media_compound(self, text: str, bare: bool = False) -> bool:
        """A word ending in a newspaper head (Handelsblatt, Stadt-Anzeiger); bare: the head alone counts too."""
        low = text.lower()
        for head in self.media_heads:
            if low.endswith(head) and (bare or len(low) - len(head) >= 3) and low != head + "s":
                return True
        return False

    def _medium(self, doc: Doc, i: int) -> bool:
        """A newspaper's name as the source of a report (laut Handelsblatt, dem Tagesspiegel zufolge,
        wie der Tages-Anzeiger berichtet), not a common noun (eine Tageszeitung)."""
        text = doc[i].text
        if not self._media_compound(text) or self.vocab.is_german_word(text):
            return False
        prev = self._prev(doc, i)
        if prev is not None and prev.lower_ in self.source_words:
            return True
        if i + 1 < len(doc) and doc[i + 1].lower_ in self.source_words:
            return True
        if prev is None or prev.lower_ not in self.determiners or prev.lower_ in self.indefinites:
            return False
        window = doc[max(0, i - 4) : i + 5]
        return any(t.lower_ in self.reporting_verbs for t in window)

    def _in_credit(self, doc: Doc, i: int) -> bool:
        """True for the name after the slash of a picture credit (Foto: Agentur/Name)."""
        if i < 3 or doc[i - 1].text != "/":
            return False
        return any(doc[k].text in self.credit_words and doc[k + 1].text == ":" for k in range(max(0, i - 6), i - 2))

    def _instrument_end(self, doc: Doc, i: int) -> int | None:
        """End of a legal instrument named by its number (Richtlinie 2002/58/EG), or None."""
        if doc[i].text not in self.legal_instruments:
            return None
        j = i + 1
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
            j += 3  # Verordnung (EU) 2016/679
        if j >= len(doc) or not doc[j].text[:1].isdigit():
            return None
        k = j
        while k + 1 < len(doc) and not doc[k].whitespace_ and not (doc[k + 1].is_punct and doc[k + 1].text != "/"):
            k += 1
        return k + 1 if any(t.text == "/" for t in doc[j : k + 1]) else None

    def _cited_law(self, doc: Doc, i: int) -> bool:
        """An abbreviation after the number of a cited provision (§ 176 TKG, §§ 19 Abs. 1, 32 GWB)."""
        text = doc[i].text
        if i < 2 or not (ACRONYM.match(text) or CAMEL.match(text)) or not _NUMBER.match(doc[i - 1].text):
            return False
        return any(doc[k].text in self.citation_signs for k in range(max(0, i - 10), i - 1))

    def _dotted_end(self, doc: Doc, i: int) -> int | None:
        """End of a name written with an inner dot (Character.AI, Dean.Bot, Booking.com), or None."""
        if i + 2 >= len(doc) or doc[i].whitespace_ or doc[i + 1].text != "." or doc[i + 1].whitespace_:
            return None
        left, right = doc[i].text, doc[i + 2].text
        if len(left) < 2 or len(right) < 2 or not left[:1].isupper() or not left.isalpha() or not right.isalpha():
            return None
        if not (right[:1].isupper() or right in self.dotted_endings):
            return None
        if i + 3 < len(doc) and doc[i + 3].text == "." and not doc[i + 2].whitespace_:
            return None  # an abbreviation run (U.S.A.)
        return i + 3

    def _role_surname(self, doc: Doc, j: int, taken: list[bool]) -> bool:
        """True when token j, after a first name, is a role word used as a surname
        (Markus Richter, ...): no further name follows it."""
        if j >= len(doc) or taken[j] or not doc[j - 1].whitespace_ or not self._is_role(doc[j]):
            return False
        after = doc[j + 1] if j + 1 < len(doc) else None
        return after is None or after.is_punct or after.text.islower()

    def _introduces_person(self, token: Token) -> bool:
        """A role word in the singular before a name (Sprecherin Anna Berger, not "von Forschern X")."""
        if not self._is_role(token):
            return False
        low = token.lower_
        return low in self.roles or not low.endswith(self.plural_role_endings)

    @lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
    def _street(self, text: str) -> bool:
        """A street or square name (Holstenstraße, Max-Brauer-Allee), not a common noun (Marktplatz)."""
        low = text.lower()
        if "-" not in text and self.vocab.is_english(text):
            return False  # Scoring, Marketing
        for head in self.street_heads:
            if not low.endswith(head) or len(low) == len(head):
                continue
            modifier = text[: len(text) - len(head)]
            if modifier.endswith("-"):
                parts = [p for p in modifier.split("-") if p]
                return bool(parts) and all(p[:1].isupper() for p in parts)
            if len(modifier) < 4 or not modifier[-1].isalpha():
                return False
            return not self.vocab.is_german_word(modifier) and not self.vocab.is_german_word(modifier.rstrip("s")) \
                and not self.vocab.is_english_word(modifier)
        return False

    @lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
    def _law_word(self, text: str) -> bool:
        """A singular compound naming a law (Polizeigesetz, Eilverordnung), not a generic one (Bundesgesetz)."""
        low = text.lower()
        for head in self.law_heads:
            for ending in ("", "s", "es"):
                form = head + ending
                if low.endswith(form):
                    modifier = low[: len(low) - len(form)].rstrip("-")
                    return len(modifier) >= 3 and modifier not in self.inst_prefixes \
                        and modifier.rstrip("s") not in self.inst_prefixes
        return False

    def _generic_institution(self, doc: Doc, i: int) -> bool:
        """True for an institution word that names nothing alone (das Ministerium) with no ``für`` tail."""
        low = doc[i].lower_
        stem = low[:-1] if low.endswith("s") and low[:-1] in self.generic_institutions else low
        if stem not in self.generic_institutions:
            return False
        return not (i + 1 < len(doc) and doc[i + 1].lower_ == "für")

    def _tail_institution(self, doc: Doc, i: int) -> bool:
        """A body word followed by ``für`` and its subject (Koordinierungsstelle für digitale Dienste)."""
        if i + 2 >= len(doc) or doc[i + 1].lower_ != "für":
            return False
        if not self._head_in(doc[i].text, self.tail_heads):
            return False
        nxt = doc[i + 2]
        return nxt.text[:1].isupper() or self._adjective_like(nxt) or nxt.lower_ in self.inst_tail_connectors

    def _located_institution_end(self, doc: Doc, i: int, taken: list[bool]) -> int | None:
        """End of an institution noun completed by a place (Verwaltungsgericht Hamburg, VG Köln), or None."""
        text = doc[i].text
        if i + 1 >= len(doc) or not doc[i].whitespace_:
            return None
        if text not in self.court_abbreviations and not self._head_in(text, self.located_heads):
            return None
        end = self._place_end(doc, i + 1)
        return end

    def _place_end(self, doc: Doc, j: int) -> int | None:
        """End of a place name of the lexicon starting at token j, or None."""
        for k in range(min(len(doc), j + 4), j, -1):
            span = doc[j:k]
            if any(t.is_punct and t.text != "-" for t in span):
                continue
            entry = self.known.get(tokens_text(span))
            if entry and entry[1] == "LOC":
                return k
        word = doc[j].text
        if is_word(word) and self.data.name_clusters.get(self.vocab.cluster(word)) == "LOC":
            return j + 1  # a place of a place-name cluster (Bezirksamt Altona)
        return None

    @lru_cache(maxsize=65536)  # a pure function of the word; bounded for long runs
    def _place_adjective(self, text: str) -> bool:
        """An adjective formed from a place (Hamburger, Berliner, Egerkinger)."""
        if not text.endswith("er") or len(text) < 5 or not text[:1].isupper():
            return False
        stem = text[:-2]
        for base in (stem, stem + "en", stem + "e", stem + "n"):
            entry = self.known.get(base)
            if (entry and entry[1] == "LOC") or self.data.name_clusters.get(self.vocab.cluster(base)) == "LOC":
                return True
        return not self.vocab.is_german(text) and not self.vocab.is_english(text) and is_word(text)

    def _named_after_role(self, doc: Doc, i: int, taken: list[bool]) -> bool:
        """``<role or office>, First Last,``: a two-word name set off by commas after a noun
        phrase whose head is a role (die Berliner Beauftragte für Datenschutz, Meike Kamp, ...)."""
        if i < 2 or i + 2 >= len(doc) or doc[i - 1].text != "," or doc[i + 2].text not in {",", "("}:
            return False
        first, last = doc[i], doc[i + 1]
        if taken[i + 1] or not is_word(last.text) or self.vocab.is_german(first.text) or self.vocab.is_english_word(first.text):
            return False
        for k in range(i - 2, max(-1, i - 9), -1):
            t = doc[k]
            if t.is_punct or "\n" in t.text:
                return False
            if t.text[:1].isupper() and (self._is_role(t) or self._head_in(t.text, self.public_body_heads) and self._is_role(t)):
                return True
        return False

    def _adjective_place(self, doc: Doc, i: int) -> Mention | None:
        """A capitalised place adjective (Leipziger, New Yorker) as a mention of the place of the lexicon."""
        text = doc[i].text
        if i + 1 < len(doc) and doc[i].whitespace_ and doc[i + 1].text.endswith("er"):
            entry = self.known.get(f"{text} {doc[i + 1].text[:-2]}")
            if entry and entry[1] == "LOC":
                return Mention(i, i + 2, "LOC", "place", key=entry[0])
        if not text.endswith("er") or len(text) < 5:
            return None
        stem = text[:-2]
        for base in (stem, stem + "en", stem + "e"):
            entry = self.known.get(base)
            if entry and entry[1] == "LOC":
                return Mention(i, i + 1, "LOC", "place", key=entry[0])
        return None

    def _capitalised_adjective(self, doc: Doc, i: int) -> bool:
        """A capitalised adjective inside a sentence, which German writes so only in names
        (der Nationale Sicherheitsrat)."""
        token = doc[i]
        prev = self._prev(doc, i)
        if prev is None or prev.is_punct or token.is_sent_start:
            return False
        low = token.lower_
        if any(low == a or low == a + e for a in self.ordinal_adjectives for e in ("", "n", "r", "s", "m")):
            return False  # des Ersten Senats
        lemma = self.vocab.lemma(low)
        return lemma != low and any(low == lemma + e for e in ADJ_ENDINGS)

    def _body_after_adjective(self, doc: Doc, i: int, taken: list[bool]) -> Mention | None:
        """``Adjective + public body`` (Hamburger Senat, Nationaler Sicherheitsrat) as ORG,
        ``place adjective + facility`` (Hamburger Hauptbahnhof) as LOC, ``+ law`` as MISC."""
        if i + 1 >= len(doc) or not doc[i].whitespace_ or taken[i + 1]:
            return None
        text, noun = doc[i].text, doc[i + 1]
        if not noun.text[:1].isupper() or not noun.text.replace("-", "").isalpha():
            return None
        origin = bool(ORIGIN_ADJECTIVE.match(text))
        place = origin or self._place_adjective(text)
        if not (place or self._capitalised_adjective(doc, i)):
            return None
        if self._head_in(noun.text, self.public_body_heads) or (origin and self._institution_noun(noun)):
            return Mention(i, i + 2, "ORG", "institution")
        if self._media_compound(noun.text, bare=True):
            return Mention(i, i + 2, "ORG", "cue")  # Kölner Stadt-Anzeiger, Süddeutsche Zeitung
        if place and self._head_in(noun.text, self.facility_heads):
            return Mention(i, i + 2, "LOC", "place")
        if place and any(noun.lower_.endswith(h) or noun.lower_.endswith(h + "en") or noun.lower_.endswith(h + "e")
                         for h in self.law_heads):
            return Mention(i, i + 2, "MISC", "law")  # Freiburger Polizeiverordnungen
        return None
