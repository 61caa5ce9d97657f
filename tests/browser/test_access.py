"""Visitors of every age and ability (WCAG 2.2 AA beyond what axe sees): readable text, the 大字 switch (长辈模式),
朗读 with the browser's Chinese voice, no sideways scrolling at 320 px or with text at 200 %, a keyboard walk with
focus always visible, reduced motion, forced colours. At 375 px (a phone) and 1280 px, in both modes."""

import pytest

from tests.browser.conftest import PAGES, PHONE, large

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
WIDTHS = {375: PHONE, 1280: DESKTOP}
MODES = ("normal", "large")

# The contrast ratio (WCAG 2.x) of an element's text on what is behind it: its own and its ancestors' backgrounds.
CONTRAST_JS = """el => {
  const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let n = el; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] === 1) break;
  }
  const bg = layers.reverse().reduce((below, c) => over(c, below), [255, 255, 255, 1]);
  const fg = over(rgba(getComputedStyle(el).color), bg);
  const lum = c => c.slice(0, 3).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + .05) / (b + .05);
}"""
TEXT_JS = f"""selector => [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length).map(el => {{
  const s = getComputedStyle(el);
  return {{html: el.outerHTML.slice(0, 70), size: parseFloat(s.fontSize),
          leading: parseFloat(s.lineHeight) / parseFloat(s.fontSize), contrast: ({CONTRAST_JS})(el)}};
}})"""
STORY = ".hall-summary, .hall-story p"
SECONDARY = ".hall-facts dt, .hall-kind, .hall-card__meta, .md-typeset figcaption"

# Whatever reaches past the right edge of the window, unless inside a box that scrolls (a register table, the tabs).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && getComputedStyle(el).visibility !== "hidden" && !scrolls(el))
      found.push(`${el.tagName.toLowerCase()}.${el.className} reaches ${Math.round(r.right)}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, found: found.slice(0, 5)};
}"""
# The focused element: is its focus indicator drawn, and is it the topmost thing where it is (not under the header)?
FOCUS_JS = """() => {
  const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {html: el.outerHTML.slice(0, 90), top: Math.round(r.top), over: top && top.outerHTML.slice(0, 60), ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
          seen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && !!top && (el.contains(top) || top.contains(el))};
}"""


def options(server: str, width: int, mode: str) -> dict:
    return {**WIDTHS[width], **(large(server) if mode == "large" else {})}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["profile", "lesson"])
def test_story_text_is_large_spaced_and_dark_enough(visit, server, name, width, mode):
    page = visit(PAGES[name], **options(server, width, mode))
    where = f"page {PAGES[name]} at {width}px, {mode}"
    story, secondary = page.evaluate(TEXT_JS, STORY), page.evaluate(TEXT_JS, SECONDARY)
    assert story and secondary, f"{where}: no story text found"
    least = 20 if mode == "large" else 16
    small = [f"{t['size']}px {t['html']}" for t in story if t["size"] < least]
    assert not small, f"{where}: story text under {least}px:\n" + "\n".join(small)
    tight = [f"{t['leading']:.2f} {t['html']}" for t in story if t["leading"] < 1.7]
    assert not tight, f"{where}: line height under 1.7:\n" + "\n".join(tight)
    faint = [f"{t['contrast']:.1f}:1 {t['html']}" for t in story if t["contrast"] < 7]
    assert not faint, f"{where}: story text under 7:1:\n" + "\n".join(faint)
    goal = 7 if mode == "large" else 4.5  # 长辈模式 raises the contrast of the small print too
    faint = [f"{t['contrast']:.1f}:1 {t['html']}" for t in secondary if t["contrast"] < goal]
    assert not faint, f"{where}: secondary text under {goal}:1:\n" + "\n".join(faint)


def test_large_mode_hides_the_sidebars_on_a_desktop(visit, server):
    normal, big = (visit(PAGES["profile"], **options(server, 1280, mode)) for mode in MODES)
    shown = "s => [...document.querySelectorAll(s)].filter(el => el.getClientRects().length).length"
    assert normal.evaluate(shown, ".md-sidebar--primary, .md-sidebar--secondary") == 2
    assert big.evaluate(shown, ".md-sidebar--primary, .md-sidebar--secondary") == 0


FIRST_FRAME = """requestAnimationFrame(() => {
  window.hallFirstFrame = document.documentElement.getAttribute("data-hall-size"); })"""


def size_of(page) -> dict:
    return page.evaluate("""() => ({mode: document.documentElement.getAttribute("data-hall-size"),
      first: window.hallFirstFrame, pressed: document.querySelector("button.hall-size").getAttribute("aria-pressed"),
      story: parseFloat(getComputedStyle(document.querySelector(".hall-story p") || document.body).fontSize)})""")


def test_the_switch_is_a_keyboard_button_remembered_across_pages_and_visits(visit, server, browser):
    page = visit(PAGES["home"], fresh=True, **PHONE)
    page.context.add_init_script(FIRST_FRAME)
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button.hall-size')"):
            break
    else:
        pytest.fail("Tab does not reach the 大字 switch in the header")
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "false"
    page.keyboard.press("Enter")
    assert size_of(page)["mode"] == "large" and size_of(page)["pressed"] == "true"

    page.goto(server + PAGES["profile"])
    now = size_of(page)
    assert now["first"] == "large", (
        "the mode must be set before the first frame is drawn (no flash of small text)"
    )
    assert now["mode"] == "large" and now["pressed"] == "true" and now["story"] >= 20

    later = browser.new_context(
        storage_state=page.context.storage_state(), **PHONE
    )  # a visit on another day
    try:
        again = later.new_page()
        again.goto(server + PAGES["lesson"])
        assert size_of(again)["mode"] == "large"
        again.get_by_role("button", name="大字").click()
        again.goto(server + PAGES["home"])
        assert size_of(again)["mode"] == "normal" and size_of(again)["pressed"] == "false"
    finally:
        later.close()
    visit.check()


def test_large_mode_is_printed_large(visit, server):
    sizes = {}
    for mode in MODES:
        page = visit(PAGES["profile"], fresh=True, **options(server, 1280, mode))
        page.emulate_media(media="print")
        sizes[mode] = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.hall-story p')).fontSize)"
        )
    assert sizes["large"] >= 1.2 * sizes["normal"], f"printed story text: {sizes}"


def text_at_200_percent(page):
    """Text resized to 200 % as a visitor does it in the browser's settings (not page zoom): 16 px becomes 32."""
    page.context.new_cdp_session(page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
    )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("how", ["320px", "text at 200% on 1280px"])
def test_no_sideways_scrolling_on_any_page(browser, server, how, mode):
    width = 320 if how == "320px" else 1280
    context = browser.new_context(
        viewport={"width": width, "height": 800}, **(large(server) if mode == "large" else {})
    )
    try:
        page = context.new_page()
        if width == 1280:
            text_at_200_percent(page)
        problems = []
        for path in PAGES.values():
            page.goto(server + path)
            found = page.evaluate(OVERFLOW_JS)
            if found["scrollWidth"] > found["width"] or found["found"]:
                problems.append(
                    f"{path}: {found['scrollWidth']}px wide in {found['width']}px: {found['found']}"
                )
        root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root >= (40 if width == 1280 else 20), (
            f"text was not resized: the root font is {root}px"
        )
    finally:
        context.close()
    assert not problems, f"{how}, {mode}: content wider than the window:\n" + "\n".join(problems)


def tab_to(page, selector: str, seen: list, limit: int = 80, back: bool = False) -> None:
    """Press Tab (Shift+Tab when `back`) until `selector` has focus, checking each stop's focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        stop = page.evaluate(FOCUS_JS)
        if not stop["seen"]:  # a tooltip of the element before may still be fading out
            page.wait_for_timeout(500)
            stop = page.evaluate(FOCUS_JS)
        seen.append(stop)
        assert stop["ring"], f"{page.url}: focus is not visible on {stop['html']}"
        assert stop["seen"], (
            f"{page.url}: the focused element is hidden (off screen or under the header): {stop}"
        )
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(
        f"{page.url}: {limit} presses of Tab do not reach {selector}; last: {seen[-1]['html']}"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_walk_search_result_facet_lightbox_and_back(visit, server, width):
    page = visit(PAGES["home"], fresh=True, **WIDTHS[width])
    seen: list = []
    if width == 1280:
        tab_to(page, "#hall-header-q", seen)
        page.keyboard.type("竹编")
    else:  # on a phone the header has the search button only; the search page's box has the focus
        tab_to(page, ".hall-header-search__button", seen)
        page.keyboard.press("Enter")
        page.wait_for_selector("#hall-q:focus")
        page.keyboard.type("竹编")
    page.keyboard.press("Enter")
    page.wait_for_selector(".hall-search__results li a")
    tab_to(page, ".hall-search__facet button", seen)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true", (
        "a facet does not filter"
    )
    # the filtered results are drawn once their snippets' scripts have loaded: a link focused before
    # then is replaced under the keyboard
    page.wait_for_load_state("networkidle")
    tab_to(page, ".hall-search__results a", seen)
    page.keyboard.press("Enter")
    page.wait_for_selector("a.hall-zoom")
    tab_to(page, "a.hall-zoom", seen)
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('dialog.hall-lightbox').open")
    tab_to(page, ".hall-lightbox button", seen, limit=6)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('dialog.hall-lightbox').open")
    assert page.evaluate("document.activeElement.matches('a.hall-zoom')"), (
        "focus does not return to the photo"
    )
    tab_to(
        page, "#hall-header-q, .hall-header-search__button", seen, limit=60, back=True
    )  # back up, under the header
    visit.check()


def test_skip_link_shows_and_leads_to_the_content(visit):
    page = visit(PAGES["profile"], fresh=True)
    page.keyboard.press("Tab")
    page.wait_for_timeout(400)  # its fade-in
    stop = page.evaluate(FOCUS_JS)
    assert "md-skip" in stop["html"] and stop["seen"] and stop["ring"], (
        f"the first Tab stop is not a visible skip link: {stop}"
    )
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#__content') !== null"), (
        "after the skip link, Tab is not in the content"
    )
    visit.check()


# A player's <source> and fallback link are never drawn (Chromium keeps their style as first computed): not moving.
MOVING_JS = """() => [...document.querySelectorAll("*")].filter(el => !(el.parentElement && el.parentElement.closest("audio, video"))).filter(el => { const s = getComputedStyle(el);
  return s.transitionDuration.split(", ").some(d => parseFloat(d) > 0) || s.animationName !== "none"; })
  .map(el => el.outerHTML.slice(0, 60))"""


@pytest.mark.parametrize("name", ["home", "profile", "search"])
def test_reduced_motion_is_honoured(visit, name):
    """Nothing moves for a visitor who asked for less motion (Material's rule stops its transitions; the hall's
    own CSS and scripts must not add any that it does not cover)."""
    page = visit(PAGES[name], fresh=True, **PHONE)
    page.locator('.md-header label[for="__drawer"]').click()
    assert page.evaluate(MOVING_JS), (
        "nothing moves even without the setting: the check checks nothing"
    )
    page.emulate_media(reduced_motion="reduce")
    moving = page.evaluate(MOVING_JS)
    assert not moving, (
        f"page {PAGES[name]}: moves with prefers-reduced-motion: reduce:\n" + "\n".join(moving[:5])
    )


# Buttons, inputs and links drawn with a border in the forced colours, and text readable on their background.
VISIBLE_JS = f"""selector => [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length).map(el => {{
  const s = getComputedStyle(el);
  return {{html: el.outerHTML.slice(0, 80), border: s.borderTopStyle !== "none" && parseFloat(s.borderTopWidth) >= 1,
          contrast: ({CONTRAST_JS})(el)}}; }})"""
BUTTONS = "button, input[type=search], .hall-pages a, .hall-pages strong"


@pytest.mark.parametrize("mode", MODES)
def test_forced_colors_draw_every_button(visit, server, mode):
    page = visit(
        "/search/?q=" + "竹编", fresh=True, **options(server, 1280, mode), forced_colors="active"
    )
    page.locator(".hall-search__facet button").first.click()
    found = page.evaluate(VISIBLE_JS, BUTTONS)
    assert len(found) >= 5, found
    invisible = [f["html"] for f in found if not f["border"] or f["contrast"] < 4.5]
    assert not invisible, (
        "in forced colours (Windows high contrast), buttons without a border or readable text:\n"
        + "\n".join(invisible)
    )
    pressed = page.locator('.hall-search__facet button[aria-pressed="true"]')
    assert pressed.evaluate("el => getComputedStyle(el).backgroundColor") != page.locator(
        '.hall-search__facet button[aria-pressed="false"]'
    ).first.evaluate("el => getComputedStyle(el).backgroundColor"), (
        "the chosen facet looks like the others"
    )
    visit.check()


# A stand-in for the browser's speech synthesis: records what is said; voices arrive late, with voiceschanged.
SPEECH_MOCK = """(voices => {
  const log = window.hallSpeech = {said: [], calls: []}, synth = new EventTarget();
  let queue = [], ready = false;
  synth.getVoices = () => ready ? voices : [];
  synth.speak = u => { log.said.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); queue.push(u);
                       if (queue.length === 1 && u.onstart) u.onstart(); };
  synth.pause = () => log.calls.push("pause");
  synth.resume = () => log.calls.push("resume");
  synth.cancel = () => { log.calls.push("cancel"); queue = []; };
  window.hallSpeechNext = () => { const u = queue.shift(); if (u && u.onend) u.onend(); if (queue[0] && queue[0].onstart) queue[0].onstart(); };
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  setTimeout(() => { ready = true; synth.dispatchEvent(new Event("voiceschanged")); }, 50);
})(%s)"""
ZH = '[{"name": "Ting-Ting", "lang": "zh-CN"}, {"name": "Samantha", "lang": "en-US"}]'
EN = '[{"name": "Samantha", "lang": "en-US"}]'


def speaking(browser, server, path, voices):
    context = browser.new_context(**DESKTOP)
    context.add_init_script(SPEECH_MOCK % voices)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_timeout(200)  # the voices arrive
    return page


@pytest.mark.parametrize("name", ["profile", "lesson"])
def test_read_aloud_says_the_story_in_chinese_paragraph_by_paragraph(browser, server, name):
    page = speaking(browser, server, PAGES[name], ZH)
    try:
        button = page.get_by_role("button", name="朗读")
        button.click()
        said = page.evaluate("window.hallSpeech.said")
        expected = page.evaluate("""() => [...document.querySelectorAll('.hall-summary, .hall-story p')]
            .map(el => el.textContent.replace(/\\s+/g, ' ').trim())""")
        texts = [s["text"] for s in said]
        assert texts[0] == page.evaluate(
            "document.querySelector('h1').firstChild.textContent.trim()"
        ), texts[:2]
        where = [
            next((i for i, said in enumerate(texts) if t in said), None) for t in expected
        ]  # a <p> in a list item
        assert None not in where, (
            f"not read: {[t for t, i in zip(expected, where) if i is None][:3]}"
        )
        assert where == sorted(where), "read out of order"
        assert {(s["lang"], s["voice"]) for s in said} == {("zh-CN", "Ting-Ting")}
        assert page.evaluate("document.querySelector('.hall-reading').tagName") == "H1"
        page.evaluate("window.hallSpeechNext()")
        assert page.evaluate(
            "document.querySelector('.hall-reading').classList.contains('hall-summary')"
        ), "the paragraph being read is not highlighted"
        page.get_by_role("button", name="暂停").click()
        page.get_by_role("button", name="继续").click()
        assert page.evaluate("window.hallSpeech.calls").count("pause") == 1
        assert page.evaluate("window.hallSpeech.calls")[-1] == "resume"
        page.get_by_role("button", name="停止").click()
        assert page.evaluate("document.querySelector('.hall-reading')") is None
        assert button.inner_text().endswith("朗读")
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "voices, path", [(EN, PAGES["profile"]), ("[]", PAGES["profile"]), (ZH, PAGES["people"])]
)
def test_no_read_aloud_without_a_chinese_voice_or_a_story(browser, server, voices, path):
    page = speaking(browser, server, path, voices)
    try:
        assert (
            page.get_by_role("button", name="朗读").count() == 0
            or not page.get_by_role("button", name="朗读").is_visible()
        )
    finally:
        page.context.close()


def test_the_phone_menu_opens_from_the_keyboard_and_is_closed_on_coming_back(visit, server):
    page = visit(PAGES["people"], fresh=True, **PHONE)
    drawer_open = "document.getElementById('__drawer').checked"
    seen: list = []
    tab_to(page, '.md-header label[for="__drawer"]', seen, limit=5)
    in_menu = "!!document.activeElement.closest('.md-sidebar--primary')"
    page.keyboard.press("Space")
    assert page.evaluate(drawer_open) and page.evaluate(in_menu), (
        "Space does not open the menu and go into it"
    )
    menu = page.get_by_role("button", name="导航菜单")
    assert menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not page.evaluate(drawer_open), "Esc does not close the menu"
    assert page.evaluate("document.activeElement.matches('.md-header label[for=\"__drawer\"]')")
    page.keyboard.press("Enter")
    assert page.evaluate(drawer_open) and page.evaluate(in_menu), (
        "Enter does not open the menu and go into it"
    )
    page.wait_for_timeout(300)  # it slides in
    tab_to(page, ".md-sidebar--primary a", seen, limit=3)
    page.goto(server + PAGES["artifacts"], wait_until="networkidle")
    page.go_back(
        wait_until="networkidle"
    )  # the browser restores the toggle's state: the drawer must not cover the page
    assert not page.evaluate(drawer_open)
    visit.check()
