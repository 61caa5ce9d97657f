"""Every kind of page on a phone: no sideways scrolling, cards stacked, fingers can hit the links.
A full-page screenshot of each lands in test-artifacts/screenshots/ for a person to look at."""

import pytest

from tests.browser.conftest import PAGES, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser
MIN_TAP_PX = 44  # WCAG 2.5.5 / Apple HIG
MIN_CARD_PX = 140
MAX_CARDS_PER_ROW = 2

LAYOUT_JS = """() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, top: r.top, width: r.width, height: r.height,
                              html: el.outerHTML.slice(0, 100)}; };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    cards: [...document.querySelectorAll(".hall-card")].map(box),
    targets: [...document.querySelectorAll(".hall-card, .hall-tile, .hall-chips a, .md-header label.md-header__button, " +
                 ".md-header button, .hall-search button, .hall-sort, .hall-register-filter input, .md-top")]
             .filter(el => el.getClientRects().length).map(box),
  };
}"""


@pytest.fixture(scope="module")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.mark.parametrize("name", PAGES)
def test_phone_layout(visit, screenshots, name):
    page = visit(PAGES[name], fresh=True, **PHONE)
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    layout = page.evaluate(LAYOUT_JS)
    where = f"page {PAGES[name]} at {PHONE['viewport']['width']}px"

    assert layout["scrollWidth"] <= layout["clientWidth"], (
        f"{where}: scrolls sideways ({layout['scrollWidth']}px of content in {layout['clientWidth']}px)"
    )

    rows: dict[int, list] = {}
    for card in layout["cards"]:
        rows.setdefault(round(card["top"]), []).append(card)
    crowded = [len(row) for row in rows.values() if len(row) > MAX_CARDS_PER_ROW]
    assert not crowded, f"{where}: cards do not stack, rows of {crowded} cards"
    narrow = [
        f"{c['width']:.0f}px {c['html']}" for c in layout["cards"] if c["width"] < MIN_CARD_PX
    ]
    assert not narrow, f"{where}: cards narrower than {MIN_CARD_PX}px:\n" + "\n".join(narrow)
    outside = [
        c["html"]
        for c in layout["cards"]
        if c["left"] < 0 or c["left"] + c["width"] > layout["clientWidth"]
    ]
    assert not outside, f"{where}: cards outside the screen:\n" + "\n".join(outside)

    small = [
        f"{t['height']:.0f}px {t['html']}" for t in layout["targets"] if t["height"] < MIN_TAP_PX
    ]
    assert not small, f"{where}: tap targets lower than {MIN_TAP_PX}px:\n" + "\n".join(small[:5])
