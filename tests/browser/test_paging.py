"""Long lists, galleries and the timeline cut into pages, on a phone: the sample hall built with a few cards a page
(at 60 cards a page, it has no list long enough)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hall.engine.build import build
from hall.site import pages
from tests.browser.conftest import PHONE, ROOT, Visitor, serve

pytestmark = pytest.mark.browser
MIN_TAP_PX = 44

LAYOUT_JS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  targets: [...document.querySelectorAll(".hall-pages a, .hall-pages strong, .hall-years a")].map(el => {
    const r = el.getBoundingClientRect(); return {height: r.height, html: el.outerHTML.slice(0, 100)}; }),
})"""


@pytest.fixture(scope="module")
def paged(browser, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "PER_PAGE", 4)
        patch.setattr(pages, "TIMELINE_PER_PAGE", 3)
        site = build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("paged") / "site")
    with serve(site) as base_url:
        yield Visitor(browser, base_url)


@pytest.mark.parametrize("path", ["/people/2/", "/honors/national/2/", "/timeline/2/"])
def test_a_second_page_on_a_phone(paged, path):
    page = paged.open(path, **PHONE)
    try:
        paged.check(page)
        layout = page.evaluate(LAYOUT_JS)
        assert layout["scrollWidth"] <= layout["clientWidth"], f"{path} scrolls sideways"
        assert layout["targets"], f"{path} has no pager"
        small = [
            f"{t['height']:.0f}px {t['html']}"
            for t in layout["targets"]
            if t["height"] < MIN_TAP_PX
        ]
        assert not small, f"{path}: tap targets lower than {MIN_TAP_PX}px:\n" + "\n".join(small[:5])
        violations = Axe().run(page).response["violations"]
        assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        page.get_by_role("link", name="上一页").click()
        page.wait_for_load_state("load")
        assert page.locator('.hall-pages [aria-current="page"]').first.inner_text() == "1"
        paged.check(page)
    finally:
        paged.close(page)


def test_the_pager_is_drawn_in_forced_colors(paged):
    """Windows high contrast drops backgrounds: the pages are boxes, and the current one is told apart by its border."""
    page = paged.open("/people/2/", viewport={"width": 1280, "height": 900}, forced_colors="active")
    try:
        paged.check(page)
        boxes = page.evaluate("""() => [...document.querySelectorAll(".hall-pages a, .hall-pages strong")].map(el => {
            const s = getComputedStyle(el);
            return {current: el.matches("[aria-current]"), border: s.borderTopStyle !== "none" ? parseFloat(s.borderTopWidth) : 0,
                    color: s.borderTopColor, text: s.color, background: s.backgroundColor}; })""")
        assert boxes and all(b["border"] >= 1 and b["text"] != b["background"] for b in boxes), (
            boxes
        )
        current = [b for b in boxes if b["current"]]
        others = [b for b in boxes if not b["current"]]
        assert current and all(
            (b["border"], b["color"]) != (current[0]["border"], current[0]["color"]) for b in others
        ), f"the current page looks like the others: {current} {others[:1]}"
    finally:
        paged.close(page)
