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

from spacy.tokens import Doc, Token

from nlp_policy.pipeline.entities.mentions import Mention

#: Two or more capitals in a short word (FBI, DoD, BfDI).
ACRONYM = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü&]{1,7}$")
#: A capital after a lowercase letter (OpenAI, iPhone).
CAMEL = re.compile(r"^[A-Za-z]*[a-z][A-Z][A-Za-z]*$")
#: Letters with a version number or capitals joined by hyphens (GPT-4, Llama-2, DALL-E, L-1).
MODEL_NAME = re.compile(
    r"^(?:[A-Z][A-Za-z]+-?\d+(?:\.\d+)?[a-z]?|[A-Z]{2,}(?:-[A-Z0-9]+)+|[A-Z][a-z]+-\d+[A-Za-z]*|[A-Z]-\d+)$"
)
#: A short model name (R1, o3) counts only after a product cue noun.
_SHORT_MODEL = re.compile(r"^[A-Za-z]\d{1,4}$")
#: A capitalised word of letters (any script), also double-barrelled (Specht-Riemenschneider) or with an apostrophe.
_WORD_PARTS = re.compile(r"^[^\W\d_]+(?:['’.][^\W\d_]+)*(?:-[^\W\d_]+)*$")


def is_word(text: str) -> bool:
    """A capitalised word with lowercase letters (Palantir, Dragoș, Specht-Riemenschneider)."""
    return text[:1].isupper() and any(c.islower() for c in text) and bool(_WORD_PARTS.match(text))


ADJ_ENDINGS = ("e", "en", "er", "es", "em")
#: Capitalised adjectives of origin that start institution names (Hamburgische Datenschutzbeauftragte).
ORIGIN_ADJECTIVE = re.compile(r"^(?:[A-ZÄÖÜ][a-zäöüß]+isch|Deutsch)(?:e|en|er|es|em)$")
_DASHES = frozenset({"–", "—", "-"})


class NameRules:
    """Discovery rules over tokens (mixed into the entity component)."""

    def _rule_mentions(self, doc: Doc, taken: list[bool]) -> list[Mention]:
        counts = Counter(t.text for t in doc)
        out: list[Mention] = self._datelines(doc, taken)
        i = 0
        while i < len(doc):
            if taken[i]:
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

    def _rule_at(self, doc: Doc, i: int, taken: list[bool], counts: Counter) -> Mention | None:
        """The mention a rule finds starting at token i, or None."""
        token = doc[i]
        text = token.text
        if token.is_space or token.is_punct or self._function_word(token):
            return None
        prev = self._prev(doc, i)
        cue = self._cue_label(prev) if prev is not None else self._enumeration_cue(doc, i)
        if cue is None and prev is not None:
            cue = self._enumeration_cue(doc, i)
        if text in self.not_names and not (
            cue and i + 1 < len(doc) and self._name_like(token, inner=True) and self._name_like(doc[i + 1], inner=True)
        ):
            return None  # an ordinary word, unless a cue noun introduces a longer name (Tech Transparency Project)
        if self._is_first_name(text) and self._capitalised_name_follows(doc, i + 1, taken):
            return Mention(i, self._person_end(doc, i + 1, taken), "PER", "person")
        if prev is not None and self._is_role(prev) and self._name_like(token, loose=True):
            return Mention(i, self._person_end(doc, i, taken), "PER", "role")
        if MODEL_NAME.match(text) or (cue == "PRODUCT" and _SHORT_MODEL.match(text)):
            return Mention(i, i + 1, "PRODUCT", "model")
        if ACRONYM.match(text) or CAMEL.match(text):
            return Mention(i, i + 1, cue or "ORG", "shape", weak=cue is None)
        if not is_word(text):
            return None
        if self._institution(text) and not (self._is_role(token) and self._capitalised_name_follows(doc, i + 1, taken)):
            return Mention(i, i + 1, "ORG", "institution")  # but "Bundesdatenschutzbeauftragte Louisa X" is a title
        if text.startswith(self.place_prefixes) and self._known_place(text):
            return Mention(i, i + 1, "LOC", "place")  # Nordkalifornien
        if ORIGIN_ADJECTIVE.match(text) and i + 1 < len(doc) and self._institution_noun(doc[i + 1]):
            return Mention(i, i + 2, "ORG", "institution")
        suffixed = self._suffixed_name_end(doc, i, taken)
        if suffixed:
            return Mention(i, suffixed, "ORG", "suffix")
        cluster = self.vocab.cluster(text)
        named = cluster in self.data.name_clusters
        # a name-cluster word German only by compound splitting is a name (Hangzhou, Zuckerberg)
        if self.vocab.is_german(text) and not (named and not self.vocab.is_german_word(text)):
            # a German word after a cue noun only starts a longer name (Stanford Internet Observatory)
            if cue is None or not (token.whitespace_ and i + 1 < len(doc) and not taken[i + 1]
                                   and (self._name_like(doc[i + 1], inner=True) or self._bridge(doc, i + 1))):
                return None
        if cue is not None:
            return Mention(i, i + 1, cue, "cue")
        apposition = self._apposition_label(doc, i + 1)
        if apposition is not None:
            return Mention(i, i + 1, apposition, "apposition")
        if i + 1 < len(doc) and token.whitespace_ and self._name_like(doc[i + 1]) and self._apposition_label(doc, i + 2) == "PER":
            return Mention(i, i + 2, "PER", "apposition")  # Alanah Odoms, Geschäftsführerin ...
        if self._common_noun_context(doc, i):
            return None
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
    @staticmethod
    def _prev(doc: Doc, i: int) -> Token | None:
        """The token before i on the same line, skipping spaces."""
        j = i - 1
        while j >= 0 and doc[j].is_space:
            if "\n" in doc[j].text:
                return None
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
            if any(form[k:] in cues for k in range(3, len(form) - 2)):
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
            if (surname or self._name_like(nxt)) and not self.vocab.is_english_word(nxt.text) and nxt.text not in self.known:
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
            if not (t.text in {",", "und", "oder", "sowie"} or t.text[:1].isupper() or t.lower_ in self.foreign_connectors):
                return None
            j -= 1
        return None

    def _function_word(self, token: Token) -> bool:
        """An article, pronoun or preposition (MIT in capitals is a name, Mit is not)."""
        return token.lower_ in self.function_words and not (token.text.isupper() and len(token.text) > 1)

    def _is_first_name(self, text: str) -> bool:
        return text in self.data.first_names or self.vocab.cluster(text) in self.data.first_name_clusters

    def _is_role(self, token: Token) -> bool:
        """A role or title, also as a compound head (Innenministerin, Konzernchef)."""
        return token.text[:1].isupper() and self._head_in(token.text, self.roles)

    def _institution_noun(self, token: Token) -> bool:
        text = token.text
        return text[:1].isupper() and (
            self._institution(text) or self._cue_label(token) == "ORG" or token.lower_ in self.roles
        )

    def _datelines(self, doc: Doc, taken: list[bool]) -> list[Mention]:
        """Places of a news dateline: ``Menlo Park/Berlin – Text`` at a paragraph start."""
        out = []
        for i, token in enumerate(doc):
            if not (i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)):
                continue
            j = i
            while j < len(doc) and j - i < 8 and (doc[j].text == "/" or (doc[j].text[:1].isupper() and doc[j].is_alpha)):
                j += 1
            if j == i or j >= len(doc) or doc[j].text not in _DASHES or not doc[j - 1].whitespace_:
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
        first = doc[j + 1]
        if first.lower_ in self.roles:
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
            # a version number: Claude 3, Windows 11
            if m.label == "PRODUCT" and end < len(doc) and doc[end - 1].whitespace_ and re.fullmatch(r"\d{1,3}(\.\d)?", doc[end].text):
                end += 1
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
            prev = self._prev(doc, m.start)
            cue = self._cue_label(prev) if prev is not None and m.label != "PER" else None
            if cue and m.source != "lexicon":
                m.label, m.weak = cue, False  # der KI-Assistent Meta AI is a product, "AI" or not
            # hyphenated translated head: Azure OpenAI-Dienstes
            if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
                head = doc[end + 1]
                if self.vocab.lemma(head.text).lower() in self.heads_de and m.label == "PRODUCT":
                    m.end = end + 2
            out.append(m)
        return out

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
            if other is None and t.text[:1].isupper() and t.is_alpha and self.vocab.is_german(t.text) \
                    and not self.vocab.is_english_word(t.text):
                j += 1
                last = j
            elif t.lower_ in self.inst_tail_connectors and j + 1 < len(doc) and (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in self.inst_tail_connectors):
                j += 1
            else:
                break
        return last if last > end + 1 else end

    def _bridge(self, doc: Doc, j: int) -> bool:
        """True when token j is an English word German also uses and a foreign name word follows it."""
        if j + 1 >= len(doc) or not doc[j].whitespace_ or not self._name_like(doc[j], loose=True, inner=True):
            return False
        nxt = doc[j + 1]
        return self.vocab.is_english(doc[j].text) and self._name_like(nxt, inner=True) and nxt.text not in self.known
