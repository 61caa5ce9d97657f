"""The offline build works opened from disk (file://) with no network: pages, links, photos and search."""

import zipfile

import pytest

from hall.engine.build import build
from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    return build(
        ROOT / "mkdocs.yml", tmp_path_factory.mktemp("offline") / "site-offline", offline=True
    )


def test_offline_build_is_a_folder_and_a_zip(offline_site):
    names = zipfile.ZipFile(offline_site.with_suffix(".zip")).namelist()
    assert "index.html" in names and "search/meta.js" in names
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert (
        'href="people/index.html"' in html
    )  # links name their files: a browser opens folders from disk as listings


def test_search_works_from_disk_without_any_request_off_disk(offline_site, browser):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((offline_site / "index.html").as_uri())
        page.locator("#hall-header-q").fill("柴金甫")
        page.locator("#hall-header-q").press("Enter")
        first = page.locator(".hall-search__results li a").first
        first.wait_for(state="visible", timeout=10_000)
        assert "people/chai-jinfu/index.html" in first.get_attribute("href")
        first.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").first.inner_text().startswith("柴金甫")
    finally:
        page.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []


def test_large_mode_is_remembered_from_disk(offline_site, browser):
    """长辈模式 is kept in localStorage, which a browser gives pages opened from disk (file://) as well."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((offline_site / "index.html").as_uri())
        page.get_by_role("button", name="大字").click()
        page.locator(".md-tabs a", has_text="人物").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("people/index.html")
        assert page.evaluate("document.documentElement.getAttribute('data-hall-size')") == "large"
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "25px"
        assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    finally:
        context.close()
