"""Frames (hall.engine.frames) give exactly the pages Material gives when it renders each page itself."""

import gzip
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import get_context

from hall.cli import main
from hall.engine import writer
from hall.engine.build import build
from hall.engine.frames import Frame, FrameError, Frames, _cut
from hall.site import pages
from tests.conftest import ARTIFACT, PERSON, photo

ROOT = Path(__file__).resolve().parents[2]

STORIES = {  # stories whose tables of contents take every shape the frames know
    "people/ke-xianhu.md": (
        "柯贤湖",
        "## 早年\n\n学艺。\n\n### 拜师\n\n三年。\n\n## 成名\n\n获奖。\n",
    ),
    # the same headings, one with an id of its own: a table of contents rendered once is not another's
    "people/ke-er.md": (
        "柯二",
        "## 早年 { #zao }\n\n学艺。\n\n### 拜师\n\n三年。\n\n## 成名\n\n获奖。\n",
    ),
    "people/lu-yi.md": ("陆毅", "# 一生\n\n## 少年\n\n读书。\n\n## 中年\n\n做工。\n"),
    "people/du-yan.md": ("杜彦", "# 只有一个大标题\n\n正文。\n"),
    "people/yang-jie.md": ("杨杰", "没有标题的故事，<b>粗体</b> & 符号。\n"),
}


def material(self, p) -> str:
    """The reference: Material renders the page itself, the way MkDocs' own build does."""
    self.config._current_page = p
    p.active = True
    try:
        return self.env.get_template(p.meta.get("template", "main.html")).render(
            get_context(self.nav, self.files, self.config, p)
        )
    finally:
        p.active = False
        self.config._current_page = None


def both_ways(config: Path, tmp_path: Path, monkeypatch, **options) -> tuple[Path, Path]:
    framed = build(config, tmp_path / "framed", **options)
    with monkeypatch.context() as m:
        m.setattr(Frames, "page", material)
        reference = build(config, tmp_path / "reference", **options)
    return framed, reference


def assert_same_tree(framed: Path, reference: Path) -> None:
    files = sorted(p.relative_to(reference) for p in reference.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(framed) for p in framed.rglob("*") if p.is_file())
    different = [str(f) for f in files if _bytes(framed / f) != _bytes(reference / f)]
    assert different == []
    assert len([f for f in files if f.suffix == ".html"]) > 20


def _bytes(path: Path) -> bytes:
    return (
        gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    )  # not the gzip time


def test_the_sample_hall_framed_is_the_sample_hall_rendered_page_by_page(tmp_path, monkeypatch):
    for name, value in (("WRITERS_FROM", 1), ("RUN", 1), ("_cores", lambda: 3)):
        monkeypatch.setattr(
            writer, name, value
        )  # forked writers too, and the search index's process
    assert_same_tree(*both_ways(ROOT / "mkdocs.yml", tmp_path, monkeypatch))


def test_pages_in_folders_of_every_depth_share_frames_only_where_their_links_are_the_same(
    tmp_path, monkeypatch
):
    """With one card a page, every list and gallery has pages 2/, 3/…: eras/1949-1977/2/ links to its era as ../
    and eras/1978-2011/2/ as ../../1949-1977/, though they are as deep under the same top folder."""
    monkeypatch.setattr(pages, "PER_PAGE", 1)
    framed, reference = both_ways(ROOT / "mkdocs.yml", tmp_path, monkeypatch)
    assert len(list(reference.glob("eras/*/2/index.html"))) > 1
    assert_same_tree(framed, reference)


def test_offline_build_framed_is_the_same_too(tmp_path, monkeypatch):
    assert_same_tree(*both_ways(ROOT / "mkdocs.yml", tmp_path, monkeypatch, offline=True))


def test_every_shape_of_table_of_contents_and_odd_titles(small_hall, tmp_path, monkeypatch):
    text = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(
        text.replace("[attr_list, md_in_html]", "[attr_list, md_in_html, toc]"), encoding="utf-8"
    )
    for rel, (name, story) in STORIES.items():
        small_hall.add(rel, PERSON.replace("柴金甫", name).split("## 故事")[0] + story)
    small_hall.add(
        "artifacts/odd/index.md",
        ARTIFACT.replace("title: 竹编花篮", 'title: "竹编 &  <花篮> \\"套\\""'),
    )
    photo(small_hall.exhibits / "artifacts" / "odd" / "basket.jpg")
    framed, reference = both_ways(small_hall.config, tmp_path, monkeypatch)
    assert_same_tree(framed, reference)
    nested = (framed / "people" / "ke-xianhu" / "index.html").read_text(encoding="utf-8")
    assert (
        nested.count("拜师") == 2 and 'aria-label="早年"' in nested and 'class="md-skip"' in nested
    )  # nested toc
    assert 'href="#zao"' in (framed / "people" / "ke-er" / "index.html").read_text(encoding="utf-8")
    odd = (framed / "artifacts" / "odd" / "index.html").read_text(encoding="utf-8")
    assert '<title>竹编 &amp;  &lt;花篮&gt; "套" - 测试馆</title>' in odd


def test_a_field_in_a_form_the_frames_do_not_know_is_refused():
    from hall.engine.frames import MARKERS

    with pytest.raises(FrameError):
        _cut(
            f"<title>{MARKERS['title'].replace('&amp;', '%26amp%3B')}</title>", {}
        )  # urlencode: unknown


def test_a_theme_that_shows_a_field_in_an_unknown_form_stops_the_build_in_chinese(
    small_hall, tmp_path, capsys, monkeypatch
):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "hall" / "theme", theme)
    footer = theme / "partials" / "copyright.html"
    footer.write_text(
        footer.read_text(encoding="utf-8") + "{{ page.title | urlencode }}", encoding="utf-8"
    )
    config = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(
        config.replace(str(ROOT / "hall" / "theme"), str(theme)), encoding="utf-8"
    )
    monkeypatch.chdir(small_hall.root)
    assert main(["build"]) == 1
    said = capsys.readouterr().err
    assert "主题模板用本馆不认识的方式显示了页面的字段" in said and "请把这一处改回" in said
    assert "Traceback" not in said and "unknown form" not in said


def test_a_frame_fills_its_slots_in_order():
    frame = Frame(("<a>", "|", "</a>"), (("title", str.upper), ("content", lambda v: v)))
    assert frame.fill({"title": "x", "content": "y"}) == "<a>X|y</a>"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "people/chai-jinfu/",
        "a%20b/index.html",
        "../x/",
        "./y",
        "a/./b",
        "/z/",
        "q?a=1",
        "#top",
        "x:y",
    ],
)
def test_a_page_address_is_what_urljoin_gives(url):
    """For the QR codes and the sitemap (hall.site.qr.page_url)."""
    from urllib.parse import urljoin

    from hall.site.qr import page_url

    for base in (
        "https://hall.example.org/",
        "https://example.org/hall/",
        "https://example.org/hall",
    ):
        assert page_url(base, url) == urljoin(base if base.endswith("/") else base + "/", url)
