"""A profile with mentors, apprentices and activities, and the 传承 page, in the browser at 375 px and on a desktop: no
sideways scrolling, the lineage read as nested lists, axe clean."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hall.engine.build import build
from tests.browser.conftest import PHONE, serve
from tests.model.test_activities import activity_hall

pytestmark = pytest.mark.browser
SIZES = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}}}
PAGES = ("/people/zha-zhao/", "/lineage/")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    hall = activity_hall(tmp_path_factory.mktemp("lineage-browser"))
    hall.config.write_text(  # as the sample hall: its colours, no grey generator notice
        hall.config.read_text(encoding="utf-8").replace(
            "  font: false\n", "  font: false\n  palette:\n    primary: red\n"
        )
        + "extra:\n  generator: false\n",
        encoding="utf-8",
    )
    return build(hall.config, hall.root / "site")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_lineage_pages_fit_and_are_axe_clean(browser, site, path, size):
    with serve(site) as base:
        page = browser.new_page(**SIZES[size])
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(base + path)
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), f"{path} scrolls sideways at {size}"
            blocking = [
                (v["id"], [n["target"] for n in v["nodes"]])
                for v in Axe().run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert blocking == []
            if path == "/lineage/":  # what a screen reader reads: lists in lists, each named
                levels = page.evaluate(
                    """[...document.querySelectorAll('.hall-lineage a')].map(a => [a.textContent,
                        (function depth(n) { return n ? (n.tagName === 'UL') + depth(n.parentElement) : 0 })(a)])"""
                )
                assert dict(levels) == {"柴金甫": 1, "查昭": 2, "王进喜": 3}
                tree = page.locator(".hall-lineage").first.aria_snapshot()
                assert 'list "查昭的徒弟"' in tree and 'link "王进喜"' in tree, tree
        finally:
            page.close()
    assert errors == []


# query -> the page that must come first, and the pages that must be in the top 3
FOUND = {
    "李小明": ("people/zha-zhao/", set()),  # an apprentice outside the hall
    "老周": ("people/chai-jinfu/", set()),  # a mentor outside the hall
    "柴金甫": ("people/chai-jinfu/", {"people/zha-zhao/"}),  # and his apprentice
    "干江镇": ("people/zha-zhao/", set()),  # an activity's place
    "技术服务": ("people/zha-zhao/", set()),  # an activity's type
}
SEARCH = """q => hallSearch.search(q).then(r => Promise.all(r.hits.slice(0, 3).map(h => hallSearch.doc(h.id)))
    .then(docs => docs.map(d => d.u)))"""


def test_search_finds_people_by_mentors_apprentices_and_activities(browser, site):
    with serve(site) as base:
        page = browser.new_page()
        try:
            page.goto(base + "/search/")
            page.wait_for_function("() => !!window.hallSearch")
            for query, (first, also) in FOUND.items():
                top = page.evaluate(SEARCH, query)
                assert top[:1] == [first] and also <= set(top), f"search {query!r}: top 3 are {top}"
        finally:
            page.close()
