"""The knowledge record: typed facts with exact offsets, their JSON form and tables.

``types`` holds the frozen dataclasses (``Record``, ``Clause``, ``Entity``, ...) with
``to_dict``/``from_dict``; ``frames`` turns a record into rows and DataFrames;
``jsonio`` writes JSON and output files atomically. Pure Python: no spaCy, and nothing
from the pipeline, extraction or answering stages.
"""

from nlp_policy.record.types import *  # noqa: F401,F403
from nlp_policy.record.types import __all__  # noqa: F401
