"""The benchmark script runs end to end in quick mode (timings are not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_quick_mode_prints_the_table(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Traceback" not in result.stderr
    for row in (
        "ratio full pipeline / bare",
        "docs/s",
        "peak RSS ratio",
        "QA per question p95",
        "ratio ask / import spacy",
        "ratio first answer / import spacy",
        "ratio extract / import spacy",
        "no sentence punctuation",
        "one capitalised token",
        "where the time goes",
    ):
        assert row in out, out
