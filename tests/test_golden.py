"""Golden record of the bundled article: any change in extraction shows up as a diff.

After an intended change, regenerate with
``NLP_POLICY_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os

from conftest import DATA

GOLDEN = DATA / "golden" / "azure-openai-police-ban.record.json"


def comparable(record) -> dict:
    data = record.to_dict()
    data["document"].pop("path")  # machine-specific
    return data


def test_bundled_article_matches_the_golden_record(article_record):
    actual = comparable(article_record)
    if os.environ.get("NLP_POLICY_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key in ("document", "sentences", "entities", "clauses", "timeline"):
        assert actual[key] == expected[key], f"{key} differ from {GOLDEN.name}; regenerate it if the change is intended"
