"""The clause component (``policy_clauses``).

``component`` is the spaCy factory; ``rules`` find triggers and split sentences into
clause parts, typed by concept from ``data/clause_triggers.json``; ``scope`` reads the
places, actors, technologies and settings a clause names.
"""
