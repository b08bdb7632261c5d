"""The compact word tables of the offline pipeline (``data/lexicon.npz``).

Built by ``tools/build_lexicon.py`` from ``spacy-lookups-data``; see its
docstring (also stored in the file as ``about``) for what each table holds.
Word sets are sorted arrays of spaCy string hashes, so a table loads in
milliseconds and costs a few megabytes, where spaCy ``Lookups`` took seconds
and hundreds. Loaded once per process (``lexical_tables()``) and shared by the
lemmatizer and the entity vocabulary.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.strings import get_string_id

from nlp_policy.errors import ModelError
from nlp_policy.resources import data_path

TABLE_FILE = "lexicon.npz"


class HashSet:
    """A set of words stored as the sorted array of their spaCy hashes."""

    __slots__ = ("_keys", "_n")

    def __init__(self, keys: numpy.ndarray) -> None:
        self._keys = keys
        self._n = len(keys)

    def index(self, word: str) -> int:
        """Position of the word in the key array, or -1."""
        key = get_string_id(word)
        # a numpy scalar: a Python int would make numpy convert the whole array per call
        i = int(self._keys.searchsorted(numpy.uint64(key)))
        return i if i < self._n and int(self._keys[i]) == key else -1

    def __contains__(self, word: str) -> bool:
        return self.index(word) >= 0

    def __len__(self) -> int:
        return self._n

    def positions(self, hashes: numpy.ndarray) -> numpy.ndarray:
        """Vectorised ``index`` over an array of hashes (-1 where absent)."""
        if not self._n:
            return numpy.full(len(hashes), -1, dtype=numpy.int64)
        i = self._keys.searchsorted(hashes)
        clipped = numpy.minimum(i, self._n - 1)
        return numpy.where(self._keys[clipped] == hashes, clipped, -1)


class LemmaTable:
    """German word forms to lemmas (the ``de`` lemma lookup, as arrays)."""

    def __init__(self, forms: HashSet, lemma_ids: numpy.ndarray, lemmas: list[str]) -> None:
        self.forms = forms
        self._lemma_ids = lemma_ids
        self.lemmas = lemmas

    def get(self, word: str, default: str | None = None) -> str | None:
        i = self.forms.index(word)
        return self.lemmas[int(self._lemma_ids[i])] if i >= 0 else default

    def __contains__(self, word: str) -> bool:
        return word in self.forms

    def lemma_ids(self, hashes: numpy.ndarray) -> numpy.ndarray:
        """Lemma index per form hash (-1 for unknown forms), vectorised."""
        pos = self.forms.positions(hashes)
        return numpy.where(pos >= 0, self._lemma_ids[numpy.maximum(pos, 0)], -1)


class LexicalTables:
    """All word tables of ``lexicon.npz``."""

    def __init__(self, arrays) -> None:
        lemmas = bytes(arrays["de_lemmas"]).decode("utf-8").split("\n")
        self.de_lemma = LemmaTable(HashSet(arrays["de_form_keys"]), arrays["de_form_lemma"], lemmas)
        self.de_lemma_lower = HashSet(arrays["de_lemma_lower"])
        self.de_noun_lower = HashSet(arrays["de_noun_lower"])
        self.en_forms = HashSet(arrays["en_form_keys"])
        self.en_words = HashSet(arrays["en_word_lower"])
        self.about = bytes(arrays["about"]).decode("utf-8")


@lru_cache(maxsize=1)
def lexical_tables() -> LexicalTables:
    """The process-wide word tables (read on first use, once).

    RAISES ModelError: the table file is missing or unreadable.
    """
    path = data_path(TABLE_FILE)
    try:
        with numpy.load(path) as arrays:
            return LexicalTables({k: arrays[k] for k in arrays.files})
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"the word tables {path} are missing or broken ({exc}); reinstall nlp-policy "
            "or rebuild them with `python tools/build_lexicon.py`"
        ) from exc
