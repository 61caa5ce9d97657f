"""Events on a phone (375 px): the home page's upcoming dates, the month view, an event page with its .ics, and
the calendar in the offline build. The sample hall is seen from 2026-12-01 (tests/conftest.py)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hall.engine.build import build
from tests.browser.conftest import PHONE, ROOT

pytestmark = pytest.mark.browser
MIN_TAP_PX = 44


def _tappable(page, selector: str) -> list[dict]:
    return page.evaluate(
        """s => [...document.querySelectorAll(s)].map(el => {
        const r = el.getBoundingClientRect(); return {w: r.width, h: r.height, text: el.textContent.trim()}; })""",
        selector,
    )


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_home_shows_the_upcoming_events_on_a_phone(visit):
    page = visit("/", **PHONE)
    items = page.locator(".hall-events li")
    assert items.count() == 4
    first = items.first.inner_text()
    assert "2026年12月5日（周六） 14:00—16:00" in first and "非遗劳模工匠体验课（示例）" in first
    assert all(t["h"] >= MIN_TAP_PX for t in _tappable(page, ".hall-events a"))
    assert _no_sideways_scroll(page)
    page.locator(".hall-events a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text() == "非遗劳模工匠体验课"


def test_the_month_view_fits_a_phone_and_a_busy_day_leads_to_its_events(visit):
    page = visit("/events/2026-12/", fresh=True, **PHONE)
    assert _no_sideways_scroll(page)
    table = page.locator("table.hall-month")
    assert table.locator("th").count() == 7 and table.locator("caption").inner_text().startswith(
        "2026年12月"
    )
    busy = _tappable(page, ".hall-month__busy a")
    assert [t["text"][:2] for t in busy] == [
        "5非",
        "16",
    ]  # the day, then its titles (hidden on a phone, still read)
    assert all(t["h"] >= MIN_TAP_PX and t["w"] >= 40 for t in busy)
    assert (
        page.locator(".hall-month__titles").first.bounding_box()["width"] <= 1
    )  # shown as a dot on a phone
    page.locator(".hall-month__busy a").first.click()
    page.wait_for_function("location.hash === '#d2026-12-05'")
    heading = page.locator("#d2026-12-05")
    assert heading.inner_text() == "12月5日（周六）" and heading.is_visible()


def test_an_event_page_on_a_phone_offers_its_ics(visit):
    page = visit("/events/fei-yi-jiang-ren-ke/", fresh=True, **PHONE)
    assert _no_sideways_scroll(page)
    facts = page.locator(".hall-facts--event").inner_text()
    assert "每月第一个周六 14:00—16:00" in facts and "下一次：2026年12月5日（周六）" in facts
    assert page.locator(
        ".hall-example"
    ).first.is_visible()  # the dates are invented, and it says so
    with page.expect_download() as download:
        page.locator(".hall-ics a").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith(
        "BEGIN:VCALENDAR"
    ) and "RRULE:FREQ=MONTHLY;COUNT=12;BYDAY=1SA" in text.replace("\r\n ", "")


@pytest.mark.parametrize(
    "path", ["/", "/events/", "/events/2026-12/", "/events/fei-yi-jiang-ren-ke/"]
)
def test_no_serious_accessibility_violation_on_a_phone(visit, path):
    page = visit(path, **PHONE)
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], f"{path}: " + "; ".join(
        f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in violations
    )


def test_the_offline_build_shows_the_calendar(tmp_path_factory, browser):
    site = build(
        ROOT / "mkdocs.yml",
        tmp_path_factory.mktemp("offline-events") / "site-offline",
        offline=True,
    )
    page = browser.new_page(**PHONE)
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((site / "index.html").as_uri())
        page.locator(".hall-more a", has_text="全部活动").click()
        page.wait_for_load_state("load")
        assert (
            page.url.endswith("events/index.html") and page.locator(".hall-events li").count() >= 4
        )
        page.locator(".hall-chips a", has_text="2026年12月").click()
        page.wait_for_load_state("load")
        assert (
            page.url.endswith("events/2026-12/index.html")
            and page.locator("table.hall-month").is_visible()
        )
        page.locator(".hall-events a").first.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").first.inner_text() == "非遗劳模工匠体验课"
        assert (site / "events" / "fei-yi-jiang-ren-ke" / "fei-yi-jiang-ren-ke.ics").is_file()
    finally:
        page.close()
    assert (
        errors == []
        and [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []
    )
