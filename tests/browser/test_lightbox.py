"""The lightbox for exhibit photos: opens from the keyboard, zooms, shows the caption, and closes with
Esc or the phone's back gesture, returning focus to the photo."""

import pytest

from tests.browser.conftest import PAGES, PHONE

pytestmark = pytest.mark.browser
OPEN = "document.querySelector('dialog.hall-lightbox').open"


def test_keyboard_opens_zooms_and_closes_with_escape(visit):
    page = visit(PAGES["artifact"], fresh=True)
    link = page.locator("a.hall-zoom").first
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(OPEN)
    caption = page.locator(".hall-lightbox__caption").inner_text()
    assert caption and caption in page.locator("figure figcaption").first.inner_text()
    assert page.locator(".hall-lightbox__stage img").get_attribute("alt") == link.locator(
        "img"
    ).get_attribute("alt")
    page.keyboard.press("+")
    assert page.locator('[data-act="zoom"]').get_attribute("aria-pressed") == "true"
    page.keyboard.press("Escape")
    page.wait_for_function(f"!{OPEN}")
    assert page.evaluate("document.activeElement.classList.contains('hall-zoom')")
    visit.check()


def test_back_gesture_closes_it_on_a_phone_and_stays_on_the_page(visit):
    page = visit(PAGES["artifact"], fresh=True, **PHONE)
    url = page.url
    page.locator("a.hall-zoom").first.tap()
    assert page.evaluate(OPEN)
    page.locator(".hall-lightbox__stage img").tap()  # a tap on the photo zooms
    assert page.locator(".hall-lightbox__stage").evaluate(
        "el => el.classList.contains('is-zoomed')"
    )
    page.go_back()
    page.wait_for_function(f"!{OPEN}")
    assert page.url == url
    visit.check()


def test_without_javascript_the_photo_link_opens_the_large_image(visit, built_site):
    html = (built_site / PAGES["artifact"].strip("/") / "index.html").read_text(encoding="utf-8")
    assert '<a class="hall-zoom" href="../../media/' in html
