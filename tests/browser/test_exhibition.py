"""An exhibition in the browser, on a phone and on a desktop: the unit index follows the visitor and is reached by
keyboard, a unit's link lands on the unit (not under the index), and audio and video players are reached by
keyboard with visible labels; the offline build plays a recording from disk."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hall.engine.build import build
from tests.browser.conftest import PHONE, serve
from tests.model.test_exhibitions import exhibition_hall
from tests.model.test_media import AUDIO, VIDEO, VTT, WEBM, mp3, person

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
INDEX = ".hall-units"

TAB_TO_JS = """([selector, most]) => document.activeElement && document.activeElement.closest(selector) !== null"""


def tab_to(page, selector: str, most: int = 80) -> bool:
    """Press Tab until the focus is inside `selector`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(TAB_TO_JS, [selector, most]):
            return True
    return False


@pytest.mark.parametrize("size", SIZES)
def test_the_unit_index_follows_and_takes_the_keyboard_to_a_unit(visit, size):
    page = visit("/exhibitions/tianmu-zhanlan/", fresh=True, **SIZES[size])
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.evaluate("document.querySelector('#jiang-ren-ke-tang').scrollIntoView()")
    box = page.locator(INDEX).bounding_box()
    assert 0 <= box["y"] <= 80, f"{size}: the unit index is not at the top after scrolling ({box})"
    page.evaluate("window.scrollTo(0, 0)")
    assert tab_to(page, INDEX), f"{size}: Tab never reaches the unit index"
    for _ in range(5):  # to the sixth unit's link
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#wu-lei-jiang-pin"
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    )  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#wu-lei-jiang-pin'")
    page.wait_for_timeout(300)
    heading = page.locator("#wu-lei-jiang-pin-title").bounding_box()
    index = page.locator(INDEX).bounding_box()
    assert heading["y"] >= index["y"] + index["height"] - 1, (
        f"{size}: the unit's title is hidden under the index"
    )
    visit.check()


def sample_colours(hall) -> None:
    """As the sample hall: its colours, no grey generator notice (axe checks the contrast of both)."""
    hall.config.write_text(
        hall.config.read_text(
            encoding="utf-8"
        ).replace(  # as the sample hall: its colours, no grey generator notice
            "  font: false\n", "  font: false\n  palette:\n    primary: red\n"
        )
        + "extra:\n  generator: false\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def media_hall(tmp_path_factory):
    hall = exhibition_hall(tmp_path_factory.mktemp("media"))
    sample_colours(hall)
    person(
        hall,
        AUDIO + VIDEO,
        {"guide.mp3": mp3(), "film.webm": WEBM, "poster.jpg": b"", "film.vtt": VTT},
    )
    return hall


@pytest.mark.parametrize("size", SIZES)
def test_players_are_reached_by_keyboard_with_visible_labels(browser, media_hall, size):
    site = build(media_hall.config, media_hall.root / "site")
    with serve(site) as base:
        page = browser.new_page(**SIZES[size])
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(base + "/people/chai-jinfu/")
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
            for player, label in (("audio", "语音导览"), ("video", "花田一日")):
                assert tab_to(page, player), f"{size}: Tab never reaches the {player} player"
                assert label in page.evaluate(
                    "document.activeElement.closest('figure').innerText"
                )  # a visible label
                assert label in page.evaluate("document.activeElement.getAttribute('aria-label')")
            assert page.locator(".hall-transcript").is_visible()
            offsets = page.evaluate(
                """[...document.querySelectorAll('.hall-audio, .hall-video')].map(f =>
                    f.querySelector('figcaption').getBoundingClientRect().left
                    - f.querySelector('audio, video').getBoundingClientRect().left)"""
            )
            assert offsets and all(abs(x) < 1 for x in offsets), (
                offsets
            )  # a title starts where its player does
            tracks = page.evaluate(
                "[...document.querySelector('video').textTracks].map(t => [t.kind, t.language, t.mode])"
            )
            assert tracks == [["captions", "zh", "showing"]]  # the captions are on
            blocking = [
                v["id"]
                for v in Axe().run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert blocking == []
        finally:
            page.close()
    assert errors == []


def test_the_offline_build_plays_the_recording_from_disk(browser, media_hall):
    site = build(media_hall.config, media_hall.root / "site-offline", offline=True)
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((site / "people" / "chai-jinfu" / "index.html").as_uri())
        duration = page.evaluate("""() => new Promise((done, fail) => {
            const audio = document.querySelector("audio");
            audio.addEventListener("loadedmetadata", () => done(audio.duration));
            audio.addEventListener("error", () => fail(String(audio.error && audio.error.code)));
            audio.querySelector("source").addEventListener("error", () => fail("source"));
            audio.load();
        })""")
        assert 0.5 < duration < 2
    finally:
        page.close()
    assert [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []
