"""A person searches "Zangezur", reads the results and opens one in the Reader."""

from __future__ import annotations

import pytest

from tests.browser.conftest import REPO

ARTIFACTS = REPO / "artifacts"

pytestmark = pytest.mark.browser

# Elements whose text is cut: the text is wider than the box that shows it.
_CLIPPED_JS = """(sel) => [...document.querySelectorAll(sel)]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText)"""


def test_search_zangezur_finds_the_trans_armenian_sentence_and_opens_it(
        browser, app_url, screenshots_dir):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    blocked: list[str] = []
    page.route("**/*", lambda r: (r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:", "about:")) else (blocked.append(r.request.url),
                                                               r.abort())))
    try:
        page.goto(app_url, wait_until="domcontentloaded")
        box = page.get_by_label("Search the excerpts")
        box.wait_for(timeout=60_000)
        box.fill("Zangezur")
        box.press("Enter")
        page.wait_for_selector(".atlas-result", timeout=60_000)
        page.wait_for_function(
            "document.querySelectorAll('.atlas-result').length === 5", timeout=30_000)
        results = page.locator(".atlas-result")
        texts = results.all_inner_texts()
        hit = next(i for i, t in enumerate(texts) if "trans-Armenian corridor" in t)
        mark = results.nth(hit).locator("mark.atlas-q")
        assert "trans-Armenian corridor" in mark.all_inner_texts()
        # nothing in the results column is cut off at 1366 px
        clipped = page.evaluate(_CLIPPED_JS, "[data-testid='stPageLink-NavLink'] p, "
                                "[data-testid='stBaseButton-secondary'] p")
        assert clipped == [], clipped
        results.nth(1).evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots_dir / "search_results.png"))
        links = page.locator("[data-testid='stPageLink-NavLink']", has_text="In the text")
        assert links.count() == 5
        links.nth(hit).click()
        target = page.locator(".atlas-doc .atlas-target")  # the excerpt, marked in its paragraph
        target.first.wait_for(timeout=60_000)
        assert "trans-Armenian corridor" in "".join(target.all_inner_texts())
        assert "doc=000_ff7e4afae1350b38" in page.url and "at=" in page.url
        assert blocked == []
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search_journey.png"))
        raise
    finally:
        context.close()


# Pills (place chips) and links whose box reaches past the right edge of their column.
_OUTSIDE_JS = """() => {
  const out = [];
  document.querySelectorAll('[data-testid="stColumn"]').forEach(col => {
    const right = col.getBoundingClientRect().right;
    col.querySelectorAll('[data-testid="stButtonGroup"] button, '
                         + '[data-testid="stPageLink-NavLink"]').forEach(e => {
      if (e.offsetParent !== null && e.getBoundingClientRect().right > right + 1)
        out.push(e.innerText);
    });
  });
  return out;
}"""


def test_place_card_and_chips_fit_the_panel_at_1366(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?sel=place%3Ariver%3Aaras-river", wait_until="domcontentloaded")
        page.wait_for_selector(".atlas-excerpt", timeout=60_000)
        page.wait_for_selector("[data-testid='stButtonGroup'] button", timeout=30_000)
        panel = page.inner_text("body")
        for fact in ("Coordinates", "Gazetteer source", "Coordinate quality", "river"):
            assert fact in panel, fact
        assert " nan" not in panel and "None" not in panel
        assert page.evaluate(_OUTSIDE_JS) == []
        assert page.evaluate(_CLIPPED_JS, "[data-testid='stPageLink-NavLink'] p, "
                             "[data-testid='stButtonGroup'] button p") == []
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "place_card.png"))
        raise
    finally:
        context.close()
