"""The pipeline's tokenizer caches every chunk without a special case, also after one,
and gives spaCy's tokens (nlp_policy.pipeline.tokenizer)."""

from __future__ import annotations

import pytest
from spacy.tokenizer import Tokenizer

from nlp_policy.pipeline.tokenizer import CachingTokenizer

# invented texts: special cases (an abbreviation with dots, a line break, a protected
# CamelCase name, an emoticon) before, inside and after ordinary words with affixes
TEXTS = [
    "Der Stadtrat beschloss am Dienstag ein Rauchverbot auf Spielplätzen.",
    "Ausnahmen gibt es z.B. für Anwohner (mit Ausweis), sagte die Sprecherin.",
    "Neue Regel\n\nAb März dürfen Lieferwagen nur noch morgens halten.",
    "Laut YouTube-Angaben wurden 40 Videos entfernt; weitere folgen :)",
    "„Wir prüfen das“, hieß es. Das Verbot gilt vorerst bis Ende Juni.",
    "Die Schulleitung – so heißt es – untersagt Handys im Unterricht.",
]


class _Plain(Tokenizer):
    """spaCy's own tokenizer (a subclass only to be able to count its calls)."""


def _plain_twin(tok: Tokenizer) -> Tokenizer:
    """spaCy's own tokenizer with the same settings and special cases."""
    return _Plain(
        tok.vocab,
        rules=dict(tok.rules),
        prefix_search=tok.prefix_search,
        suffix_search=tok.suffix_search,
        infix_finditer=tok.infix_finditer,
        token_match=tok.token_match,
        url_match=tok.url_match,
    )


def _suffix_searches(tok: Tokenizer, text: str) -> int:
    """How often the tokenizer searched a chunk for a suffix while tokenizing ``text``."""
    calls = []
    search = tok.find_suffix

    def counting(string):
        calls.append(string)
        return search(string)

    tok.__dict__["find_suffix"] = counting
    try:
        tok(text)
    finally:
        del tok.__dict__["find_suffix"]
    return len(calls)


def test_pipeline_uses_the_caching_tokenizer(nlp):
    assert isinstance(nlp.tokenizer, CachingTokenizer)


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_spacys(nlp, text):
    plain = _plain_twin(nlp.tokenizer)
    ours = [(t.text, t.whitespace_, t.norm_) for t in nlp.tokenizer(text)]
    assert ours == [(t.text, t.whitespace_, t.norm_) for t in plain(text)]
    again = [(t.text, t.whitespace_, t.norm_) for t in nlp.tokenizer(text)]  # from the cache now
    assert again == ours


def test_words_after_a_special_case_are_cached(nlp):
    # a line break is a special case: spaCy's own tokenizer stops caching after it
    text = "Kurzmeldung\nDer Kreistag vertagte seine Entscheidung über Windräder."
    nlp.tokenizer(text)
    assert _suffix_searches(nlp.tokenizer, text) == 0
    plain = _plain_twin(nlp.tokenizer)
    plain(text)
    assert _suffix_searches(plain, text) > 0  # what the caching changes


def test_new_special_cases_forget_the_chunks_met():
    import spacy

    nlp = spacy.blank("de", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_policy.tokenizer.v1"}}})
    tok = nlp.tokenizer
    assert [t.text for t in tok("Die Gemeinde Obersulz-Mitte klagt.")] == ["Die", "Gemeinde", "Obersulz-Mitte", "klagt", "."]
    tok.add_special_case("Obersulz-Mitte", [{"ORTH": "Obersulz"}, {"ORTH": "-Mitte"}])
    assert [t.text for t in tok("Die Gemeinde Obersulz-Mitte klagt.")] == ["Die", "Gemeinde", "Obersulz", "-Mitte", "klagt", "."]
    assert _suffix_searches(tok, "Die Gemeinde klagt.") == 0
