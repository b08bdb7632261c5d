"""From text to record: run the pipeline over a document, cache records, batch corpora.

``document`` turns a spaCy Doc into a :class:`~nlp_policy.record.Record` (``extract``);
``cache`` keeps records keyed by text, backend and code; ``loading`` finds the record
for a question (stored, cached or extracted); ``batch`` streams many files with worker
processes. spaCy is imported only when a document must really be analysed.
"""
