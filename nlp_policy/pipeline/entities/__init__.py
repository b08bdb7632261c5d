"""The entity component (``policy_entities``).

``component`` is the spaCy factory; ``rules`` discover names (vocabulary, clusters,
cue nouns, acronyms, appositions), ``groups`` merge mentions into entities,
``mentions`` holds the types they pass around, and ``lexicon`` loads the language data.
"""
