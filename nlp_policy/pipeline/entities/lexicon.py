"""Which words are ordinary vocabulary, and the entity data files.

German capitalises every noun, so capitalisation alone says little; a
capitalised word becomes a name candidate only when no German (or English)
vocabulary explains it. The vocabularies come from ``spacy-lookups-data``:

* German: the forms and lemmas of the ``de`` lemma lookup table (kept as
  compact arrays in ``data/lexicon.npz``, see ``pipeline/tables.py``), plus
  compound splitting (``Polizeibehörden`` is German because ``Behörden`` is);
* English: the ``en`` lemma lookup and the WordNet lemma index, for English
  common nouns in German tech prose (``Compliance``, ``Workloads``). The index
  also holds some proper names (``Paris``), so English-only words need more
  evidence before they become names;
* word clusters: the ``de`` Brown clusters (``lexeme_cluster``) put most
  names (first names, surnames, places, companies) in one branch of the
  cluster tree and most common nouns in others, which tells a missing common
  noun (``Politik``) from an unknown name (``Palantir``).

All are loaded once per process and then answer from memory; the cluster
table, the slow one, is kept as arrays in the user cache directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp_policy.resources import load_json, load_wordlist

#: Linking elements between the parts of a German compound (Verteidigung-s-ministerium).
_LINKS = ("s", "es", "n", "en", "e", "er", "")
#: Shortest compound head (and English compound part) and modifier that splitting trusts.
_MIN_HEAD = 4
_MIN_MODIFIER = 3
#: Longest word that compound splitting analyses. Real compounds stay far below it
#: (Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz: 63); a
#: longer token (a hash, a run of letters) is looked up whole, never split,
#: so the work per token stays bounded.
_MAX_COMPOUND = 80
#: Brown cluster ids keep the tree path in their low bits; these bits are 0 for the name branch.
_NAME_BRANCH_MASK = 0b111
#: Transliterations of umlauts seen in noisy text (Polizeibehoerden).
_UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


class ClusterCacheWarning(UserWarning):
    """The word-cluster cache file could not be written (the run goes on)."""


class ClusterTable:
    """The German Brown-cluster table (a million word forms) as two sorted arrays.

    Reading it from ``spacy-lookups-data`` takes seconds; the arrays are kept
    in the user cache directory (keyed by the data package's version) and load
    in milliseconds. Lookups hash the word as spaCy's tables do.
    """

    #: Distinct words remembered per process (text repeats its words; the memo stays bounded).
    MEMO_SIZE = 200_000

    def __init__(self, keys, values) -> None:
        self._keys = keys
        self._values = values
        self._memo: dict[str, int | None] = {}

    @classmethod
    def load(cls) -> "ClusterTable":
        """The table from the cache file, or built from ``spacy-lookups-data``
        (and cached) when the file is missing or unreadable in any way."""
        path = cls._path()
        if path is not None:
            cached = cls._read(path)
            if cached is not None:
                return cached
        built = cls.build()
        if path is not None:
            built._save(path)
        return built

    @classmethod
    def build(cls) -> "ClusterTable":
        """Build the table from ``spacy-lookups-data`` (seconds)."""
        import numpy
        from spacy.lookups import load_lookups

        table = load_lookups("de", ["lexeme_cluster"]).get_table("lexeme_cluster")
        keys = numpy.fromiter(table.keys(), dtype=numpy.uint64, count=len(table))
        values = numpy.fromiter(table.values(), dtype=numpy.int64, count=len(table))
        order = numpy.argsort(keys)
        return cls(keys[order], values[order])

    @classmethod
    def _read(cls, path) -> "ClusterTable | None":
        """The cached table, or None when the file is missing or broken in any
        way (truncated, empty, not an archive, wrong arrays): it is rebuilt."""
        import numpy

        try:
            with numpy.load(path, allow_pickle=False) as arrays:
                keys, values = arrays["keys"], arrays["values"]
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - BadZipFile, EOFError, OSError, ValueError, KeyError ... all mean "rebuild"
            return None
        if keys.dtype != numpy.uint64 or values.dtype != numpy.int64 or keys.shape != values.shape or keys.ndim != 1 or not len(keys):
            return None
        return cls(keys, values)

    @staticmethod
    def _path():
        # Derived from an installed package, so shared by every record cache
        # (NLP_POLICY_CACHE_DIR moves the records, not this).
        try:
            from pathlib import Path

            import platformdirs
            import spacy_lookups_data

            version = getattr(spacy_lookups_data, "__version__", "unknown")
            return Path(platformdirs.user_cache_dir("nlp-policy")) / "lookups" / f"de_lexeme_cluster-{version}.npz"
        except Exception:  # no usable cache location: build in memory every time
            return None

    def _save(self, path) -> bool:
        """Write the cache file (temp file + rename). A cache that cannot be
        written is skipped with a warning (the table was built in memory, so
        the run costs no more than without a cache); the temporary file is
        removed on every failure. RETURNS (bool): written."""
        import os
        import tempfile
        import warnings

        import numpy

        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".clusters.", suffix=".npz", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                numpy.savez(handle, keys=self._keys, values=self._values)
            os.replace(tmp, path)
            tmp = None
            return True
        except OSError as exc:
            warnings.warn(
                f"the word-cluster cache {path} cannot be written ({exc.strerror or exc}); "
                "it is rebuilt in memory on every run until the cache directory is writable",
                ClusterCacheWarning,
                stacklevel=2,
            )
            return False
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def get(self, word: str):
        try:
            return self._memo[word]
        except KeyError:
            pass
        from spacy.strings import get_string_id

        import numpy

        key = get_string_id(word)
        # a numpy scalar: a Python int would make numpy convert the whole array per call
        i = int(self._keys.searchsorted(numpy.uint64(key)))
        found = int(self._values[i]) if i < len(self._keys) and int(self._keys[i]) == key else None
        if len(self._memo) >= self.MEMO_SIZE:
            self._memo.clear()
        self._memo[word] = found
        return found


class _WithExtra:
    """A table plus a few extra words (membership only)."""

    __slots__ = ("_table", "_extra")

    def __init__(self, table, extra: set[str]) -> None:
        self._table = table
        self._extra = frozenset(extra)

    def __contains__(self, word: str) -> bool:
        return word in self._extra or word in self._table


#: Words remembered per memoised vocabulary check (a news corpus has far fewer distinct words).
_MEMO_SIZE = 65536


class Vocabulary:
    """German and English word knowledge from the spaCy lookup tables."""

    def __init__(self) -> None:
        from nlp_policy.pipeline.tables import lexical_tables

        # compact tables shared with the lemmatizer (data/lexicon.npz, built by
        # tools/build_lexicon.py): loaded once per process, in milliseconds
        tables = lexical_tables()
        self._clusters = ClusterTable.load()
        self._de_forms = tables.de_lemma  # membership tests and lemmas
        self._de_lemmas = _WithExtra(tables.de_lemma_lower, {w.lower() for w in load_wordlist("german_function_words.txt")})
        self._de_nouns = tables.de_noun_lower
        self._en_forms = tables.en_forms
        self._en_words = tables.en_words
        self._de_cache: dict[str, bool] = {}
        # The checks below are pure functions of the word over fixed tables, and
        # the rules ask them about the same words many times per document:
        # memoised per instance, bounded for long-running processes.
        for name in ("_in_german", "_in_english", "_is_noun", "is_other_word", "lemma", "is_english", "in_common_cluster"):
            setattr(self, name, lru_cache(maxsize=_MEMO_SIZE)(getattr(self, name)))

    # -- single words ------------------------------------------------------
    def _in_german(self, word: str) -> bool:
        low = word.lower()
        if low in self._de_lemmas or word in self._de_forms or low in self._de_forms or low.capitalize() in self._de_forms:
            return True
        # loanword plurals the table lacks: Handys, Tablets
        return low.endswith("s") and len(low) > 4 and low[:-1] in self._de_lemmas

    def is_german_word(self, word: str) -> bool:
        """True when the word itself (not only its compound head) is German."""
        return self._in_german(word)

    def is_other_word(self, word: str) -> bool:
        """True when the lowercase word is German but no noun (international, digital):
        written capitalised inside a sentence it can only be part of a name."""
        low = word.lower()
        known = low in self._de_lemmas or low in self._de_forms
        return known and low not in self._de_nouns and low.capitalize() not in self._de_forms

    def is_noun(self, word: str) -> bool:
        """True when the word is a German noun form (not only a verb or adjective);
        compounds count, since their heads are nouns."""
        if self._is_noun(word):
            return True
        return self.is_german(word) and not self._in_german(word)

    def _is_noun(self, word: str) -> bool:
        low = word.lower()
        if low in self._de_nouns or low.capitalize() in self._de_forms:
            return True
        if len(low) >= 5 and self.in_common_cluster(low.capitalize()):
            return True  # a common noun the lemma table lacks (Politik in Datenschutzpolitik)
        return low.endswith("s") and low[:-1] in self._de_nouns

    def _in_english(self, word: str) -> bool:
        low = word.lower()
        return low in self._en_words or low in self._en_forms

    def lemma(self, word: str) -> str:
        """The German lookup lemma of a form (the form itself when unknown)."""
        return self._de_forms.get(word, word)

    # -- public checks -----------------------------------------------------
    def is_german(self, word: str) -> bool:
        """True when German vocabulary explains the word, directly, as a
        compound whose head is German, or after undoing an umlaut transliteration."""
        if word in self._de_cache:
            return self._de_cache[word]
        if "-" in word.strip("-"):
            # a hyphen compound is as German as its last part, English heads included (Wahlkampf-Bots)
            last = word.strip("-").rsplit("-", 1)[1]
            result = self.is_german(last) or self.is_english(last) or self.in_common_cluster(last)
            self._de_cache[word] = result
            return result
        result = self._german(word, depth=0)
        if not result and any(a in word for a, _ in _UMLAUTS):
            restored = word
            for ascii_form, umlaut in _UMLAUTS:
                restored = restored.replace(ascii_form, umlaut)
            result = self._german(restored, depth=0)
        self._de_cache[word] = result
        return result

    def _german(self, word: str, depth: int) -> bool:
        if self._in_german(word):
            return True
        if depth > 2 or not _MIN_HEAD + _MIN_MODIFIER <= len(word) <= _MAX_COMPOUND:
            return False
        low = word.lower()
        # a German noun as head makes a German compound; an English head
        # (Bildgenerierungstools) only when the modifier in front of it is German
        for cut in range(_MIN_MODIFIER, len(low) - _MIN_HEAD + 1):
            head = low[cut:]
            if self._is_noun(head):
                return True
            english_head = self._in_english(head) or (head.endswith("s") and self._in_english(head[:-1]))
            if english_head and self._modifier_is_german(low[:cut], depth):
                return True
        return False

    def _modifier_is_german(self, modifier: str, depth: int) -> bool:
        for link in _LINKS:
            if link and not modifier.endswith(link):
                continue
            stem = modifier[: len(modifier) - len(link)] if link else modifier
            if len(stem) >= _MIN_MODIFIER and self._german(stem, depth + 1):
                return True
        return False

    def cluster(self, word: str) -> int | None:
        """The Brown cluster id of a word form (None when unknown)."""
        cluster = self._clusters.get(word)
        return cluster if isinstance(cluster, int) else None

    def in_common_cluster(self, word: str) -> bool:
        """True when the word clusters with common words rather than with names
        (False for words the clusters do not know)."""
        cluster = self._clusters.get(word)
        return isinstance(cluster, int) and cluster & _NAME_BRANCH_MASK != 0

    def is_english_word(self, word: str) -> bool:
        """True when the word itself is in the English vocabulary."""
        return self._in_english(word)

    def is_english(self, word: str) -> bool:
        """True when English vocabulary explains the word, or two English words
        written together (Homeoffice, Smartwatches)."""
        if self._in_english(word):
            return True
        if len(word) > _MAX_COMPOUND:
            return False
        low = word.lower()
        for cut in range(_MIN_HEAD, len(low) - _MIN_HEAD + 1):
            if self._in_english(low[:cut]) and self._in_english(low[cut:]):
                return True
        return False


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The process-wide vocabulary (loaded on first use)."""
    return Vocabulary()


@dataclass(frozen=True)
class EntityData:
    """Everything the entity component knows about German names, from data files.

    entities (list[dict]): known entities: ``name``, ``label``, ``aliases``.
    first_names (frozenset[str]): first names that start a person name.
    cues (dict): cue word lists from ``entity_cues.json`` (see its comments).
    name_clusters (dict[int, str | None]): word clusters of names and their label hint.
    first_name_clusters (frozenset[int]): the clusters of first names.
    """

    entities: tuple[dict, ...]
    first_names: frozenset[str]
    cues: dict
    name_clusters: dict
    first_name_clusters: frozenset

    def words(self, key: str) -> frozenset[str]:
        """A cue list as a lowercased set."""
        return frozenset(w.lower() for w in self.cues.get(key, ()))


@lru_cache(maxsize=8)
def entity_data(lexicon: str = "entity_lexicon.json", places: str = "places.json",
                first_names: str = "first_names.txt", cues: str = "entity_cues.json",
                clusters: str = "name_clusters.json") -> EntityData:
    """Load (once) the entity data files named.

    RETURNS (EntityData): the lexicon of well-known entities and places, first names and cues.
    """
    known = [dict(e) for e in load_json(lexicon)["entities"]]
    for place in load_json(places)["places"]:
        known.append({"name": place["name"], "label": "LOC", "aliases": place.get("aliases", [])})
    rows = load_json(clusters)["clusters"]
    return EntityData(
        entities=tuple(known),
        first_names=load_wordlist(first_names),
        cues=load_json(cues),
        name_clusters={c["id"]: c["label"] for c in rows},
        first_name_clusters=frozenset(c["id"] for c in rows if c.get("first_names")),
    )
