"""End to end: the report of the bundled article, opened in headless Chromium.

Uses the Playwright Python package with the system Chromium (no browser
download). Skipped only when either of them cannot be had. The screenshot goes
to tests/artifacts/report.png (not committed; docs/report.png is made by
tools/screenshot_report.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
# The screenshot tool and this test find and start Chromium the same way.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from screenshot_report import CHROMIUM_ARGS, chromium_path  # noqa: E402


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")
    executable = chromium_path()
    if not executable:
        pytest.skip("no Chromium executable found (apt-get install chromium, or set $CHROMIUM)")

    from nlp_policy.extraction.document import extract_source
    from nlp_policy.views.report import write_report
    from nlp_policy.resources import bundled_article
    from nlp_policy.text.reading import read_document

    source = read_document(bundled_article())
    html = write_report(extract_source(source, backend="offline"), tmp_path_factory.mktemp("report") / "report.html", text=source.text)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html.as_uri())
            page.requests = requests
            yield page
        finally:
            browser.close()


@pytest.mark.parametrize("clause_type", ["prohibition", "exception", "update"])
def test_clause_highlights_are_visible(page, clause_type):
    highlights = page.locator(f"#article span.clause.clause-{clause_type}")
    assert highlights.count() >= 1, f"no {clause_type} clause highlighted"
    first = highlights.first
    assert first.is_visible()
    assert first.get_attribute("data-clause-id")
    assert "negiert:" in first.get_attribute("title")
    # The highlight is painted in its type's colour, not transparent.
    assert page.evaluate("el => getComputedStyle(el).backgroundColor", first.element_handle()) != "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("table", ["#clause-table", "#legend", "#article"])
def test_tables_are_visible(page, table):
    assert page.locator(table).is_visible()


def test_clause_table_lists_every_highlighted_clause(page):
    highlighted = set(page.eval_on_selector_all("#article span.clause", "els => els.map(e => e.dataset.clauseId)"))
    rows = set(page.eval_on_selector_all("#clause-table tbody tr", "els => els.map(e => e.dataset.clauseId)"))
    assert highlighted == rows


def test_modifier_badges_are_visible(page):
    badges = page.locator("#clause-table span.badge")
    assert badges.count() >= 1, "no modifier badge in the clause table"
    assert badges.first.is_visible()
    cue = page.locator("#article span.modifier").first
    assert cue.is_visible()
    # the badge after a cue is drawn by CSS from data-badge, outside the text
    drawn = page.evaluate("el => getComputedStyle(el, '::after').content", cue.element_handle())
    assert drawn.strip('"') == cue.get_attribute("data-badge") != ""


def test_entity_and_timeline_sections_render(page):
    for section in ("entity-table", "timeline-table"):
        # An empty table is replaced by a visible "Keine Einträge." note.
        assert page.locator(f"#{section}, #{section}-empty").first.is_visible()


def test_nothing_is_loaded_from_outside_and_screenshot(page):
    assert [u for u in page.requests if not u.startswith("file:")] == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
