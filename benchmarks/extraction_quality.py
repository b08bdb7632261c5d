"""Extraction quality on the bundled gold corpus (same figures as `nlp-policy eval-extract`).

Usage:
    python benchmarks/extraction_quality.py [GOLD ...] [--set corpus|dev] [--scoring exact|overlap]
        [--backend auto|model|offline] [--json] [--details]

Without GOLD files every gold file of ``--set`` (default: ``corpus/*.gold.json``) is scored. ``--details`` adds,
per document, the clause-type confusion and the missed and spurious finds.
"""

from __future__ import annotations

import argparse
import sys

from nlp_policy.evaluation.extraction import NONE, SCORINGS, evaluate_files, score_table, set_files
from nlp_policy.record.jsonio import dumps


def details(report) -> str:
    out = []
    for d in report.documents:
        out.append(f"\n== {d.document}")
        wrong = [
            f"{g} -> {p}: {n}" for g, row in sorted(d.confusion.items()) for p, n in sorted(row.items()) if g != p
        ]
        out.append(f"type confusion (gold -> predicted, {NONE} = none): " + ("; ".join(wrong) or "none"))
        m = d.matched
        out.append(
            f"matched clauses: {m.pairs}, negated agrees {m.negated}, geo agrees {m.geo}, mean span overlap {m.overlap:.2f}"
        )
        for t, text, fld, gold, pred in m.mismatches:
            out.append(f"  {fld:8} gold={gold or '-'} predicted={pred or '-'}  {t}: {text[:70]}")
        out.append("missed entities: " + (", ".join(d.missed_entities) or "none"))
        out.append("spurious entities: " + (", ".join(d.spurious_entities) or "none"))
        for t, text in d.missed_clauses:
            out.append(f"  missed   {t:12} {text[:90]}")
        for t, text in d.spurious_clauses:
            out.append(f"  spurious {t:12} {text[:90]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", help="gold files (default: the bundled corpus)")
    parser.add_argument("--set", dest="gold_set", default="corpus", choices=["corpus", "dev"])
    parser.add_argument("--scoring", default="exact", choices=list(SCORINGS))
    parser.add_argument("--backend", default="auto", choices=["auto", "model", "offline"])
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--details", action="store_true", help="add confusion, misses and spurious finds")
    args = parser.parse_args(argv)
    report = evaluate_files(
        args.gold or set_files(args.gold_set), backend=args.backend, scoring=args.scoring, name=None if args.gold else args.gold_set
    )
    if args.json:
        print(dumps(report.to_dict()))
    else:
        print(score_table(report))
        if args.details:
            print(details(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
