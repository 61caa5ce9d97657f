"""clean() gives what the full sanitizer gives, whether or not it calls the attribute filter back for a fragment."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall.engine import writer
from hall.engine.build import build
from hall.site import sanitize
from hall.site.pages import STORY, Page, story_marker
from hall.site.sanitize import clean
from tests.hostile import QR_DRAWN

ROOT = Path(__file__).resolve().parents[2]

TAG = st.sampled_from(["p", "a", "div", "audio", "VIDEO", "source", "Track"])
NAME = st.sampled_from(
    ["id", "ID", "iD", "data-panorama", "Data-Yaw", "data-pitch", "src", "poster"]
)
PLAIN = st.sampled_from(
    ["x", "1.5", "-2", "javascript:alert(1)", "http://evil.example/a.mp3", "../media/a.jpg", "劳模"]
)
TRICKY = st.lists(
    st.sampled_from(["_", "__config", "&#95;", "&#x5F;", "&lowbar;", "&UnderBar;", "&amp;", " "]),
    min_size=1,
    max_size=2,
).map("".join)
VALUE = PLAIN | PLAIN | PLAIN | st.builds(str.__add__, TRICKY, PLAIN | st.just(""))
QUOTE = st.sampled_from(['"', "'", ""])
ATTRIBUTE = st.builds(
    lambda before, name, eq, quote, value: f"{before}{name}{eq}{quote}{value}{quote}",
    st.sampled_from([" ", "\n", "/", ' class="c"']),
    NAME | NAME | st.sampled_from(["class", "href", "aid", "_id"]),
    st.sampled_from(["=", " = ", "=\n"]),
    QUOTE,
    VALUE,
)
ELEMENT = st.builds(
    lambda tag, attributes, text: f"<{tag}{''.join(attributes)}>{text}</{tag}>",
    TAG,
    st.lists(ATTRIBUTE, min_size=1, max_size=2),
    st.sampled_from(["", "劳模", "<b>劳模</b>"]),
)
SOUP = st.lists(ELEMENT, min_size=1, max_size=3).map("".join)


@settings(max_examples=4000, deadline=None)
@given(SOUP)
def test_clean_is_the_filtered_cleaner_whatever_the_fragment(fragment):
    assert clean(fragment) == sanitize._CLEANER.clean(fragment)


@pytest.mark.parametrize(
    "fragment",
    [
        '<p id="__config">x</p>',
        "<p ID=__search>x</p>",
        "<p id='&#95;_x'>x</p>",
        '<p id="_&#95;x">x</p>',
        '<p id = "&lowbar;&lowbar;x">x</p>',
        '<p class="a"id="__x">x</p>',
        '<p/id="__x">x</p>',
        '<audio><source src="http://evil.example/a.mp3"></audio>',
        '<VIDEO POSTER="https://evil.example/p.jpg"></VIDEO>',
        '<div data-panorama="https://evil.example/p.jpg"></div>',
        '<a href="#" DATA-YAW="alert(1)">x</a>',
        '<a href="#" data-pitch="1;alert(1)">x</a>',
        '<source src="http://evil.example/a.mp3">',
        '<Track SRC="http://evil.example/a.vtt">',
        '<video><source src="//evil.example/a.mp4"></video>',
    ],
)
def test_what_the_filter_judges_goes_through_it(fragment):
    assert sanitize.judged(fragment)
    assert (
        clean(fragment) == sanitize._CLEANER.clean(fragment) != sanitize._UNFILTERED.clean(fragment)
    )


def test_a_plain_page_is_cleaned_without_calling_the_filter_back():
    page = (
        '<header class="hall-profile"><img class="hall-seal" src="../../media/s.png" width="80" '
        'height="80" alt="" role="presentation"><h1>柴金甫</h1></header>'
        '<div class="hall-story"><h2 id="_1">扎根一线</h2><p>他说"好"。</p></div>'
        '<section aria-labelledby="hall-ties-title"><h2 id="hall-ties-title">师徒传承</h2></section>'
    )
    assert not sanitize.judged(page)
    assert clean(page) == sanitize._CLEANER.clean(page)


def test_a_story_is_cleaned_alone_and_cannot_close_the_templates_elements():
    page = Page.of(
        "people/a/index.md",
        f'---\ntitle: "a"\n---\n<div class="hall-story">{STORY}</div><p>后</p>',
        "x",
    )
    converted = (
        story_marker(0) + "</div><script>alert(1)</script><p>故事</p><div>" + story_marker(1)
    )
    assert (
        page.fill(converted, clean)
        == '<div class="hall-story"><p>故事</p><div></div></div><p>后</p>'
    )


def test_the_templates_html_is_as_the_sanitiser_leaves_it(monkeypatch, tmp_path):
    """Only the stories are cleaned (Page.fill): every page of the sample hall comes out as it did when the whole
    page was, so the templates' own HTML is what the sanitiser would make of it (no attribute it drops, boolean
    attributes written as it writes them). The one exception is the page's QR code (hall.site.qr), drawn from
    numbers and nothing else: an SVG of exactly that shape, which stories may not have."""
    filled, fill = [], Page.fill

    def recorded(page, html, clean_story):
        filled.append((page, html))
        return fill(page, html, clean_story)

    monkeypatch.setattr(Page, "fill", recorded)
    monkeypatch.setattr(
        writer, "WRITERS_FROM", 1_000_000
    )  # in this process, where they are recorded
    build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert len(filled) > 150
    drawn = 0
    for page, html in filled:
        drawn += sum(len(QR_DRAWN.findall(part)) for part in page.parts)
        page.parts = [QR_DRAWN.sub("", part) for part in page.parts]
        assert fill(page, html, clean) == clean(fill(page, html, str)), page.src_uri
    assert drawn > 40
