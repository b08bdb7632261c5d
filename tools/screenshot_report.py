"""Make docs/report.png, the README's screenshot of the HTML report.

    python tools/screenshot_report.py [--out docs/report.png] [--backend offline]

Builds the report of the bundled article and photographs it in headless
Chromium through Playwright. Playwright is used as a library only: no browser
is downloaded; the system Chromium is used (``/usr/bin/chromium`` or
``$CHROMIUM``; on Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Flags that keep Chromium quiet and offline in containers and CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system Chromium: ``$CHROMIUM``, else the first of the usual names on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(html: Path, png: Path, *, width: int = 1200, height: int = 1800, full_page: bool = False) -> None:
    """Open ``html`` in headless Chromium and save a PNG of it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(html.resolve().as_uri())
            page.screenshot(path=str(png), full_page=full_page)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_args(argv)
    if not chromium_path():
        print("no Chromium found; install it (apt-get install chromium) or set $CHROMIUM", file=sys.stderr)
        return 1

    from nlp_policy.extraction.document import extract_source
    from nlp_policy.views.report import write_report
    from nlp_policy.resources import bundled_article
    from nlp_policy.text.reading import read_document

    source = read_document(bundled_article())
    with tempfile.TemporaryDirectory() as tmp:
        html = write_report(extract_source(source, backend=args.backend), Path(tmp) / "report.html", text=source.text)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screenshot(html, args.out, full_page=args.full_page)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
