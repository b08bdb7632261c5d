"""Build ``nlp_policy/data/lexicon.npz``: the word tables of the offline
pipeline, compact, from their source in ``spacy-lookups-data``.

Loading the lemma tables into spaCy ``Lookups`` took seconds per process (and
they were loaded twice: for the lemmatizer and for the entity vocabulary);
these arrays load in milliseconds and serve both. Every word set is a sorted
array of spaCy string hashes (``spacy.strings.get_string_id``), answered with
a binary search:

* ``de_form_keys`` / ``de_form_lemma``: German word forms and the index of
  their lemma in ``de_lemmas`` (the ``de`` lemma lookup table);
* ``de_lemmas``: the German lemmas, UTF-8, one per line;
* ``de_lemma_lower``: lowercased German lemmas (is this a German word?);
* ``de_noun_lower``: lowercased German lemmas written capitalised (nouns);
* ``en_form_keys``: English word forms (the ``en`` lemma lookup table's keys);
* ``en_word_lower``: lowercased English lemmas and the WordNet lemma index
  (nouns, verbs, adjectives, adverbs; multi-word entries left out);
* ``about``: this description and the source package's version.

    python tools/build_lexicon.py            # writes nlp_policy/data/lexicon.npz
    python tools/build_lexicon.py --check    # exit 1 when the shipped file is stale

The German function words (``german_function_words.txt``) stay a text file and
are added when the tables are loaded.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from pathlib import Path

import numpy
import spacy_lookups_data
from spacy.strings import get_string_id

OUT = Path(__file__).resolve().parent.parent / "nlp_policy" / "data" / "lexicon.npz"


def _source(name: str) -> dict:
    with gzip.open(spacy_lookups_data.get_file(name), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _hash_set(words) -> numpy.ndarray:
    return numpy.unique(numpy.fromiter((get_string_id(w) for w in words), dtype=numpy.uint64))


def build() -> dict[str, numpy.ndarray]:
    de = _source("de_lemma_lookup.json.gz")
    en = _source("en_lemma_lookup.json.gz")
    index = _source("en_lemma_index.json.gz")

    lemmas = sorted(set(de.values()))
    lemma_id = {lemma: i for i, lemma in enumerate(lemmas)}
    keys = numpy.fromiter((get_string_id(form) for form in de), dtype=numpy.uint64, count=len(de))
    values = numpy.fromiter((lemma_id[v] for v in de.values()), dtype=numpy.int32, count=len(de))
    order = numpy.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    if len(numpy.unique(keys)) != len(keys):
        raise SystemExit("hash collision among German word forms: the table cannot be built as sorted hashes")

    english = {v.lower() for v in en.values()}
    for pos in ("noun", "verb", "adj", "adv"):
        english.update(w.lower() for w in index.get(pos, []) if "_" not in w)

    about = (
        __doc__.split("\n\n    python")[0]
        + f"\n\nsource: spacy-lookups-data {spacy_lookups_data.__version__}; built by tools/build_lexicon.py"
    )
    return {
        "about": numpy.frombuffer(about.encode("utf-8"), dtype=numpy.uint8),
        "de_form_keys": keys,
        "de_form_lemma": values,
        "de_lemmas": numpy.frombuffer("\n".join(lemmas).encode("utf-8"), dtype=numpy.uint8),
        "de_lemma_lower": _hash_set(v.lower() for v in lemmas),
        "de_noun_lower": _hash_set(v.lower() for v in lemmas if v[:1].isupper()),
        "en_form_keys": _hash_set(en),
        "en_word_lower": _hash_set(english),
    }


def _serialise(arrays: dict[str, numpy.ndarray]) -> bytes:
    buffer = io.BytesIO()
    numpy.savez(buffer, **arrays)  # uncompressed: loads without inflating
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args(argv)
    arrays = build()
    if args.check:
        with numpy.load(args.output) as shipped:
            stale = set(shipped.files) != set(arrays) or any(
                not numpy.array_equal(shipped[k], v) for k, v in arrays.items()
            )
        print(f"{args.output}: {'stale, rebuild it' if stale else 'up to date'}")
        return 1 if stale else 0
    tmp = args.output.with_suffix(".npz.part")
    tmp.write_bytes(_serialise(arrays))
    tmp.replace(args.output)
    sizes = ", ".join(f"{k} {len(v):,}" for k, v in arrays.items() if k != "about")
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB): {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
