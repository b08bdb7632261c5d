"""Inputs benchmark: what the input formats and Unicode hygiene cost, and the
Dask engine against the process pool on the bundled corpus.

    python benchmarks/inputs.py            # one run, a table on stdout
    python benchmarks/inputs.py --no-dask  # without the (slow to start) LocalCluster

Rows: ``clean()`` on a clean and on a dirtied 2,000,000-character text (soft
hyphens, non-breaking spaces, CRLF, NFD umlauts); the main text of an HTML
page (trafilatura) and of Markdown (markdown-it-py) for the bundled article;
the pipeline build; the whole corpus with ``extract_files`` (1 process and ``jobs=2``, forked from the built pipeline) and with
``extract_on_dask`` (a LocalCluster of 2 worker processes, start-up included).
Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import re
import time
import unicodedata


def best(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def dirty(text: str) -> str:
    text = re.sub(r"\b(\w{5})(\w{4,})", lambda m: m.group(1) + "\u00ad" + m.group(2), text)
    text = text.replace(" ", "\u00a0", text.count(" ") // 4)
    return unicodedata.normalize("NFD", text).replace("\n", "\r\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask row")
    args = parser.parse_args()

    from nlp_policy.extraction.batch import expand_inputs, extract_files
    from nlp_policy.resources import bundled_article, corpus_dir
    from nlp_policy.text.clean import clean
    from nlp_policy.text.html import page_text
    from nlp_policy.text.markdown import markdown_text

    article = bundled_article().read_text(encoding="utf-8")
    big = (article * (2_000_000 // len(article) + 1))[:2_000_000]
    messy = dirty(big)
    html = "<html><head><title>Titel</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in article.split("\n\n")
    ) + "</article></body></html>"
    rows = [
        ("clean(), clean 2M-char text", f"{best(lambda: clean(big)) * 1000:.0f} ms"),
        (f"clean(), dirtied 2M-char text ({len(messy) - len(big):,} extra chars)", f"{best(lambda: clean(messy), 1) * 1000:.0f} ms"),
        ("HTML main text (trafilatura), bundled article", f"{best(lambda: page_text(html)) * 1000:.1f} ms"),
        ("Markdown text (markdown-it-py), bundled article", f"{best(lambda: markdown_text(article)) * 1000:.1f} ms"),
    ]
    paths = expand_inputs([corpus_dir()])
    from nlp_policy.pipeline.build import load

    start = time.perf_counter()
    load("offline")  # built once here; the rows below measure extraction with a built pipeline
    rows.append(("building the offline pipeline (once per process)", f"{time.perf_counter() - start:.1f} s"))
    for jobs in (1, 2):
        start = time.perf_counter()
        done = list(extract_files(paths, backend="offline", jobs=jobs, chunk_size=2))
        rows.append((f"corpus ({len(done)} docs), extract_files jobs={jobs}", f"{time.perf_counter() - start:.1f} s"))
    if not args.no_dask:
        from nlp_policy.extraction.distributed import extract_on_dask

        start = time.perf_counter()
        done = list(extract_on_dask(paths, workers=2, backend="offline", partition_size=2))
        rows.append((f"corpus ({len(done)} docs), Dask LocalCluster 2 workers (with start-up)", f"{time.perf_counter() - start:.1f} s"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    for measure, value in rows:
        print(f"{measure:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
