"""A panorama in the browser at 375 px and 1280 px: its hotspot list is reached by keyboard, nothing scrolls
sideways, axe finds nothing serious, the viewer opens on request with the same hotspots as links, under the
site's Content-Security-Policy; from file://
(the offline build) the picture and the list are the page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hall.engine.build import build
from tests.browser.test_exhibition import SIZES, sample_colours, tab_to
from tests.browser.test_headers import CSP_TO_CONSOLE, strict
from tests.conftest import panorama
from tests.model.test_exhibitions import exhibition_hall
from tests.model.test_panorama import FILE, with_panorama

pytestmark = pytest.mark.browser
PAGE = "/exhibitions/yuhuan-jiangxin/"
SHOTS = None  # a folder to keep screenshots in while working on the page, e.g. "/tmp/panorama"


@pytest.fixture(scope="module")
def panorama_hall(tmp_path_factory):
    hall = exhibition_hall(tmp_path_factory.mktemp("panorama"))
    sample_colours(hall)
    hall.add(FILE, with_panorama())
    folder = hall.exhibits / "exhibitions" / "yuhuan-jiangxin"
    panorama(folder / "hall-360.jpg", (4096, 2048))
    panorama(folder / "tie-ren.jpg", (1024, 512))
    return hall


def _blocking(page) -> list[str]:
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", SIZES)
def test_the_hotspot_list_is_reached_by_keyboard_and_the_viewer_opens(browser, panorama_hall, size):
    site = build(panorama_hall.config, panorama_hall.root / "site")
    with strict(site) as base:  # under the site's own Content-Security-Policy
        page = browser.new_page(**SIZES[size])
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.add_init_script(CSP_TO_CONSOLE)
        try:
            page.goto(base + PAGE)
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
            assert tab_to(page, ".hall-hotspots"), f"{size}: Tab never reaches the hotspot list"
            assert page.evaluate("document.activeElement.textContent") == "柴金甫"
            assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
            assert _blocking(page) == []
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/list-{size}.png", full_page=True)
            opener = page.locator(".hall-panorama__open").first
            if opener.count():  # only where this Chromium has WebGL
                opener.click()
                page.wait_for_selector(".pnlm-hotspot-base", state="attached", timeout=20000)
                hrefs = page.eval_on_selector_all(
                    ".hall-panorama__view a:has(.pnlm-hotspot-base)",
                    "as => as.map(a => [a.getAttribute('href'), a.textContent, a.target])",
                )
                assert sorted(hrefs) == [  # the list's links, in the same tab
                    ["#che-jian", "去车间单元", ""],
                    ["../../artifacts/zhu-bian-hua-lan/", "竹编花篮", ""],
                    ["../../people/chai-jinfu/", "柴金甫", ""],
                ]
                assert page.evaluate(
                    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
                )
                if SHOTS:
                    page.wait_for_timeout(1500)
                    page.screenshot(path=f"{SHOTS}/viewer-{size}.png")
                assert _blocking(page) == []
        finally:
            page.close()
    assert errors == []


def test_the_offline_build_shows_the_picture_and_the_list_from_disk(browser, panorama_hall):
    site = build(panorama_hall.config, panorama_hall.root / "site-offline", offline=True)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((site / "exhibitions" / "yuhuan-jiangxin" / "index.html").as_uri())
        picture = page.locator(".hall-panorama__stage img").first
        picture.scroll_into_view_if_needed()
        page.wait_for_function(
            "document.querySelector('.hall-panorama__stage img').naturalWidth > 0", timeout=10000
        )
        links = page.locator(".hall-hotspots").first.locator("a")
        assert links.all_inner_texts() == ["柴金甫", "去车间单元", "竹编花篮"]
        assert (
            page.locator(".hall-panorama__open").count() == 0
        )  # no viewer that file:// would refuse
        links.first.click()
        page.wait_for_url("**/people/chai-jinfu/index.html")
    finally:
        page.close()
    assert errors == []
