"""Plain stories converted by cmark-gfm (hall.engine.plain) give what Python-Markdown gives: the page's HTML, its
table of contents, its anchors and its title; anything else, and every unsafe story, goes through Python-Markdown."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import frontmatter
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from hall.engine import plain, writer
from hall.engine.build import build
from hall.site.pages import STORY, Page
from tests.sitecheck import tree_digest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_config(str(ROOT / "mkdocs.yml"))
CONVERTER = writer._Converter(CONFIG, Files([]))


def _page_markdown(*stories: str) -> str:
    """What a page of the hall gives MkDocs for these stories (hall.site.pages.Page.of)."""
    rendered = "---\ntitle: 柴金甫\n---\n<header>页头</header>" + "".join(
        f"{STORY}<p>第 {i} 段之后</p>" for i in range(len(stories))
    )
    return Page.of("people/x/index.md", rendered, stories).content


def _rendered(content: str, fast: bool) -> tuple:
    """Everything MkDocs' Page.render sets on a page, converted with or without the plain path."""
    file = File(
        "people/x/index.md", src_dir=None, dest_dir=CONFIG.site_dir, use_directory_urls=True
    )
    file.content_string = content
    page = MkDocsPage(None, file, CONFIG)
    page.read_source(CONFIG)
    CONVERTER.plain = fast
    try:
        CONVERTER.render(page)
    finally:
        CONVERTER.plain = True
    return (
        page.content,
        _toc(page.toc),
        page.present_anchor_ids,
        page._title_from_render,
        page.title,
        {file.src_uri: anchors for file, anchors in page.links_to_anchors.items()},
    )


def _toc(items) -> list:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def _same(*stories: str) -> bool:
    """Whether the plain path took the page; either way it must give what Python-Markdown gives."""
    content = _page_markdown(*stories)
    taken = plain.convert(CONVERTER.md, frontmatter.loads(content).content) is not None
    assert _rendered(content, fast=True) == _rendered(content, fast=False)
    return taken


def _stories(folder: Path) -> list[str]:
    return [frontmatter.loads(p.read_text(encoding="utf-8")).content for p in folder.rglob("*.md")]


def test_the_build_uses_the_plain_path_with_the_halls_settings():
    assert CONVERTER.plain


def test_the_sample_halls_stories_convert_the_same():
    stories = _stories(ROOT / "exhibits")
    taken = [_same(s) for s in stories]
    assert sum(taken) >= len(stories) * 3 // 4  # most are plain: the path is exercised
    assert not all(taken)  # and the ones with lists and emphasis are not taken
    assert _same(
        *[s for s, t in zip(stories, taken) if t][:5]
    )  # several on a page (an exhibition's units)


def test_generated_stories_all_take_the_plain_path_and_convert_the_same(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    generate = importlib.import_module("generate")  # bench/generate.py, as bench/run.py uses it
    generate.generate(tmp_path, 40, 0, 5, photos=0, seed=7)
    stories = _stories(tmp_path / "exhibits")
    assert len(stories) == 45
    assert all(_same(s) for s in stories)


SAFE = "劳模工匠传承技艺，。；：？“”‘’（）、—…abcXYZ0123 \u3000\u00a0\"'()%$@?/.-+"
LINE = st.text(st.sampled_from(SAFE), min_size=1, max_size=20).filter(
    lambda s: s == s.strip() and not s.startswith(("-", "+")) and not s[:1].isdigit()
)
HEADING = st.builds(lambda n, text: "#" * n + " " + text, st.integers(1, 6), LINE)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
PLAIN = st.lists(st.one_of(HEADING, PARAGRAPH), max_size=8).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(PLAIN, min_size=1, max_size=3))
def test_plain_stories_take_the_plain_path_and_convert_the_same(stories):
    assert _same(*stories)


ANY = st.text(st.sampled_from(SAFE + "#*_`[]!<>&\\{}=|~:\t\r\n\n\n\x02\u2028 -=1."), max_size=80)


@settings(max_examples=500, deadline=None)
@given(st.lists(ANY, min_size=1, max_size=3))
def test_any_story_converts_the_same_whichever_path_takes_it(stories):
    _same(*stories)


UNSAFE = [
    "<script>alert(1)</script>",
    "段落<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    "<javascript:alert(1)>",
    '段落\n{: onclick="alert(1)" }',
    "## 标题 { #__config }",
    "&lt;script&gt;",
    "\\<script>",
    '<div markdown="1">x</div>',
    "!!! note\n    提示",
    "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |",
    "```\n<script>\n```",
    "    缩进的代码",
    "- 一项",
    "1. 一项",
    "> 引文",
    "标题\n===",
    "[TOC]",
    "<!--hall-0123456789abcdef-9-->",
    "段落\x02wzxhzdk:0\x03",
]


@pytest.mark.parametrize("story", UNSAFE)
def test_a_story_with_markup_goes_through_python_markdown(story):
    assert not _same(story)
    assert not _same(
        "## 平常的标题\n\n平常的一段", story
    )  # one such story sends the whole page there


def test_other_markdown_settings_turn_the_plain_path_off():
    extensions = [*CONFIG["markdown_extensions"]]
    toc = {"permalink": False}
    assert plain.usable(
        markdown.Markdown(extensions=extensions, extension_configs={"toc": toc}), extensions
    )
    for more, configs in (
        (["footnotes"], {"toc": toc}),
        ([], {"toc": {"permalink": True}}),
        ([], {"toc": {"baselevel": 2}}),
        ([], {"toc": {"anchorlink": True}}),
        ([], {"toc": {"marker": "目录"}}),
    ):
        md = markdown.Markdown(extensions=extensions + more, extension_configs=configs)
        assert not plain.usable(md, extensions + more), (more, configs)


def test_the_sample_hall_builds_the_same_site_without_the_plain_path(tmp_path, monkeypatch):
    """The whole site, byte for byte: every page as Python-Markdown alone would make it."""
    shutil.copytree(ROOT / "exhibits", tmp_path / "exhibits")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    (tmp_path / "hall").symlink_to(ROOT / "hall")  # the theme's custom_dir
    fast = build(tmp_path / "mkdocs.yml", tmp_path / "fast")
    shutil.rmtree(tmp_path / ".cache")
    monkeypatch.setattr(plain, "usable", lambda md, extensions: False)
    slow = build(tmp_path / "mkdocs.yml", tmp_path / "slow")
    assert tree_digest(fast) == tree_digest(slow)
