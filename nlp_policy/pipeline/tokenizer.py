"""A spaCy tokenizer whose chunk cache keeps filling after a special case.

spaCy's :class:`~spacy.tokenizer.Tokenizer` remembers the tokens of every
whitespace-separated chunk it splits, so a chunk met again costs one look-up.
But the flag that keeps special cases (``z.B.``, a line break, a protected
name such as ``OpenAI``) out of that cache is set for the whole text, not per
chunk: after the first special case of a text, no later chunk of it is cached
(the fix of spaCy issue #1250). A German news text meets one in its first
lines, so most of its words were split by the affix regexes again in every
document: on the dev article bodies the tokenizer took 1.80 ms per document,
0.18 ms with every chunk cached (CPU, min of 5; the first pass over new words
costs the same, 4.1 ms, most of it making their lexemes).

:class:`CachingTokenizer` first tokenizes the chunks of a text it has not met
before apart from the text, where no other chunk's special case stops their
caching, then the text. Its tokens are the ones spaCy gives: spaCy itself still
decides what is cached (never a chunk that holds a special case); only which
chunks reach the cache changes.
"""

from __future__ import annotations

import re

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc


class CachingTokenizer(Tokenizer):
    """:class:`spacy.tokenizer.Tokenizer` that caches every chunk without a special case."""

    def __call__(self, string: str) -> Doc:
        seen = self.__dict__.get("_seen_chunks")
        if seen is None:
            seen = self._renew()
        # spaCy's cache stops growing at max_cache_size chunks: past that, a chunk tokenized
        # apart would not be kept, and the extra call is lost work
        if len(seen) < self.max_cache_size:
            new = set(string.split()) - seen
            if new:
                self._cache_chunks(new)
                seen |= new
        return super().__call__(string)

    def _flush_cache(self) -> None:
        # spaCy empties its cache when the special cases change: forget the chunks met too
        super()._flush_cache()
        self.__dict__["_seen_chunks"] = None

    def _renew(self) -> set[str]:
        """Start a new set of chunks met and read the special cases of letters only."""
        letters = sorted((k for k in self.rules if k.isalpha()), key=len, reverse=True)
        self.__dict__.update(
            _seen_chunks=set(),
            _letter_special=re.compile("|".join(map(re.escape, letters))).search if letters else (lambda _s: None),
        )
        return self._seen_chunks

    def _cache_chunks(self, chunks: set[str]) -> None:
        """Tokenize chunks so that spaCy caches each.

        Every special-case look-up is of a part of a chunk, and a special case of
        letters only (a protected name, ``XD``) is found by a search: words of letters
        holding none are tokenized together in one text, the other chunks each alone.
        """
        tokenize = super().__call__
        letter_special = self._letter_special
        together, alone = [], []
        for chunk in chunks:
            (together if chunk.isalpha() and letter_special(chunk) is None else alone).append(chunk)
        if together:
            tokenize(" ".join(together))
        for chunk in alone:
            tokenize(chunk)
