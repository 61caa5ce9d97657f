"""Worksheets and exhibit pages print well on A4: no navigation or search, the worksheet on its own page."""

import re

import pytest

from hall.engine.build import build
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import SmallHall
from tests.model.test_lessons import LESSON

pytestmark = pytest.mark.browser
SCREEN_ONLY = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".hall-screen-only",
]


@pytest.fixture(scope="module")
def lesson_site(tmp_path_factory):
    hall = SmallHall(tmp_path_factory.mktemp("print"))
    hall.add("lessons/cong-xue-tu-dao-gong-jiang.md", LESSON)
    return build(hall.config)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize(
    "path, name", [("lessons/cong-xue-tu-dao-gong-jiang", "lesson"), ("people/zha-zhao", "profile")]
)
def test_page_prints_on_a4_without_navigation(lesson_site, browser, path, name):
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    try:
        page.goto((lesson_site / path / "index.html").as_uri())
        page.emulate_media(media="print")
        visible = page.evaluate(
            """sel => sel.filter(s => [...document.querySelectorAll(s)]
            .some(el => getComputedStyle(el).display !== 'none' && el.getClientRects().length))""",
            SCREEN_ONLY,
        )
        assert visible == [], f"{path}: shown when printed: {visible}"
        pdf = page.pdf(format="A4", print_background=True)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"print-{name}.png"), full_page=True)
        if name == "lesson":
            worksheet_top = page.evaluate(
                "document.querySelector('.hall-worksheet').getBoundingClientRect().top"
            )
            assert worksheet_top > 0 and 2 <= pdf_pages(pdf) <= 4, f"{path}: {pdf_pages(pdf)} pages"
            assert (
                page.evaluate(
                    "getComputedStyle(document.querySelector('.hall-worksheet')).breakBefore"
                )
                == "page"
            )
        else:
            assert 1 <= pdf_pages(pdf) <= 3, f"{path}: {pdf_pages(pdf)} pages"
    finally:
        page.close()
