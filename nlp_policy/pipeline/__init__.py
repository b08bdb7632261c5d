"""The spaCy pipeline: backends, the span extensions and the project's components.

- ``build``: a pipeline of your own (``load``) and the private one extraction uses
  (``extraction_pipeline``); ``backends``: which backend runs;
- ``segmenter``: German sentence boundaries (``policy_sentencizer``);
- ``entities/``: names of companies, products, agencies, people, places (``policy_entities``);
- ``clauses/``: rule clauses, their scope and relations (``policy_clauses``);
- ``timeline``: time expressions (``policy_timeline``).

Only this package and :mod:`nlp_policy.extraction` import spaCy. Importing the package
itself is cheap: ``backends`` needs no spaCy, so the record cache can ask which backend
would run without loading it.
"""
