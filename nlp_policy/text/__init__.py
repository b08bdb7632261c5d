"""Text in: bytes from a file or a string become the exact text that is analysed.

Holds the decoding rules (BOMs, UTF-8, UTF-16, cp1252 fallback), the input checks
(empty, binary, oversized) and :class:`~nlp_policy.text.reading.SourceText`, the text
with its provenance. Pure Python: imports nothing from the other stages.
"""
