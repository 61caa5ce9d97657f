"""Every kind of page loads cleanly on a desktop and is accessible; search works in the browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PAGES, large

pytestmark = pytest.mark.browser
BLOCKING_IMPACTS = ("serious", "critical")

# Visible images (not the closed lightbox dialog's), and all headings in document order.
IMAGES_JS = """() => [...document.images].filter(img => !img.closest("dialog:not([open])")).map(img => ({
  html: img.outerHTML.slice(0, 120), alt: img.getAttribute("alt"), role: img.getAttribute("role") }))"""
HEADINGS_JS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)])"""


@pytest.fixture(scope="module")
def axe():
    return Axe()  # bundles axe.min.js and injects it into the page: no network needed


@pytest.mark.parametrize("mode", ["normal", "large"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(visit, server, axe, name, mode):
    page = visit(PAGES[name], **(large(server) if mode == "large" else {}))  # large: 长辈模式
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"page {PAGES[name]} ({mode}): axe found serious/critical violations:\n"
        + "\n".join(
            f"  {v['id']} ({v['impact']}, {len(v['nodes'])} elements): "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            for v in blocking
        )
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_language_is_zh_cn(visit, name):
    lang = visit(PAGES[name]).evaluate("document.documentElement.getAttribute('lang')")
    assert lang == "zh-CN", f"page {PAGES[name]}: <html lang> is {lang!r}, expected 'zh-CN'"


@pytest.mark.parametrize("name", PAGES)
def test_images_have_alt_text(visit, name):
    images = visit(PAGES[name]).evaluate(IMAGES_JS)
    missing = [
        i["html"] for i in images if i["alt"] is None or (i["alt"] != "" and not i["alt"].strip())
    ]
    assert not missing, f"page {PAGES[name]}: images without alt text:\n" + "\n".join(missing)


def test_decorative_images_are_marked_presentation(visit):
    unmarked = [
        f"page {path}: {i['html']}"
        for path in PAGES.values()
        for i in visit(path).evaluate(IMAGES_JS)
        if i["alt"] == "" and i["role"] not in ("presentation", "none")
    ]
    assert not unmarked, 'decorative images (alt="") without role=presentation:\n' + "\n".join(
        unmarked
    )


@pytest.mark.parametrize("name", PAGES)
def test_headings_do_not_skip_levels(visit, name):
    headings = visit(PAGES[name]).evaluate(HEADINGS_JS)
    where = f"page {PAGES[name]}"
    levels = [level for level, _ in headings]
    assert levels[:1] == [1] and levels.count(1) == 1, (
        f"{where}: expected exactly one h1, first: {headings}"
    )
    skips = [
        f"h{a[0]} {a[1]!r} -> h{b[0]} {b[1]!r}"
        for a, b in zip(headings, headings[1:])
        if b[0] > a[0] + 1
    ]
    assert not skips, f"{where}: heading levels skip: " + "; ".join(skips)


def test_search_box_finds_a_person(visit):
    page = visit(PAGES["home"], fresh=True)
    box = page.locator("header [role=search] input").first
    box.fill("柴金甫")
    box.press("Enter")
    first = page.get_by_role("list", name="搜索结果").get_by_role("link").first
    first.wait_for(state="visible", timeout=10_000)
    assert "people/chai-jinfu/" in first.get_attribute("href"), (
        "search for 柴金甫: the first result is not the profile"
    )
    assert "柴金甫" in first.inner_text()
    visit.check()
