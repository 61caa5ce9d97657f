"""`serve` in a real browser: a page left open shows a save by itself (live reload), with no reload by hand."""

import pytest

from tests.engine.test_serve import _get, _serving, _wait_for

pytestmark = pytest.mark.browser

BOUND = 60_000  # ms: a bound for a hung server, not a speed target (bench/serve.py measures that)


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _save(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_open_page_shows_a_save_by_itself(small_hall, tab):
    with _serving(small_hall) as (url, _):
        page = url + "people/chai-jinfu/"
        _wait_for(lambda: _get(page), "served the page")
        tab.goto(page)
        assert "柴金甫" in tab.locator("h1").inner_text()
        _save(small_hall.exhibits / "people" / "chai-jinfu.md", "name: 柴金甫", "name: 柴金福")
        tab.wait_for_function(
            "document.querySelector('h1').textContent.includes('柴金福')", timeout=BOUND
        )


def test_a_missing_page_shows_the_exhibit_once_it_is_saved(small_hall, tab):
    with _serving(small_hall) as (url, _):
        _wait_for(lambda: _get(url + "people/chai-jinfu/"), "served the hall")
        tab.goto(
            url + "people/chai-jinfu-2/"
        )  # the hall's 404 page, while the curator writes the file
        (small_hall.exhibits / "people" / "chai-jinfu-2.md").write_text(
            (small_hall.exhibits / "people" / "chai-jinfu.md")
            .read_text(encoding="utf-8")
            .replace("柴金甫", "柴金福"),
            encoding="utf-8",
        )
        tab.wait_for_function(
            "(document.querySelector('h1') || {textContent: ''}).textContent.includes('柴金福')",
            timeout=BOUND,
        )


def test_the_page_asking_to_wait_becomes_the_hall_by_itself(small_hall, tab):
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    _save(
        path, "year: 2020", "year: 202"
    )  # no build can succeed: the preview stays on the page asking to wait
    with _serving(small_hall) as (url, _):
        _wait_for(lambda: _get(url), "served a first page")
        tab.goto(url)
        assert tab.title() == "正在生成预览"
        _save(path, "year: 202", "year: 2020")
        tab.wait_for_function("document.querySelector('.md-content') !== null", timeout=BOUND)
