"""Answering German questions from a record. Pure Python: never imports spaCy, and
depends on :mod:`nlp_policy.record`, not on the pipeline.

Start with ``answer`` (``answer_question``: analyse, route, answer). ``question`` turns
the question into terms; ``index`` is the per-record search index; ``matching`` scores
sentences as evidence; ``rule_routes`` and ``fact_routes`` shape answers for rule and
fact questions; ``scope_reasoning`` decides yes/no over clause scopes; ``types`` holds
``Answer``/``Evidence``; ``session`` reads question files and the interactive prompt.
"""
