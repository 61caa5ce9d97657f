"""Rebuilds reuse the pages whose inputs did not change, and give what a cold build gives."""
import shutil

from hall.plugin import MANIFEST, build

from .sitecheck import tree_digest

NEW_NAME = "柴金福"  # the same pinyin: only what the pages show changes, not where they sort


def _pages(site) -> dict[str, int]:
    """The hall's pages (not MkDocs' 404 page, which it renders every time) and their files' inodes."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html") if p.name != "404.html"}


def _edit_name(small_hall) -> None:
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", NEW_NAME), encoding="utf-8")


def test_a_rebuild_after_an_edit_is_byte_identical_to_a_cold_build(small_hall, tmp_path):
    build(small_hall.config)
    _edit_name(small_hall)
    warm = build(small_hall.config)
    shutil.rmtree(small_hall.root / ".cache")
    cold = build(small_hall.config, tmp_path / "cold")
    assert tree_digest(warm) == tree_digest(cold)


def test_an_edit_rewrites_exactly_the_pages_that_show_the_exhibit(small_hall):
    site = build(small_hall.config)
    before = _pages(site)
    old = {page: (site / page).read_bytes() for page in before}
    _edit_name(small_hall)
    build(small_hall.config)
    after = _pages(site)
    assert before.keys() == after.keys()
    rewritten = {page for page in after if after[page] != before[page]}
    showing = {page for page in after if NEW_NAME in (site / page).read_text(encoding="utf-8")}
    changed = {page for page in after if (site / page).read_bytes() != old[page]}
    assert "people/chai-jinfu/index.html" in showing and "people/index.html" in showing
    assert rewritten == showing == changed
    assert len(rewritten) < len(after) / 2  # the other pages were reused, not rendered again


def _ours(site) -> dict[str, int]:
    """Pictures, QR codes, open data and the search index, with their inodes."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file() and (
        p.parts[len(site.parts)] in ("media", "data", "search") or p.name in ("qr.svg", "feed.xml"))}


def test_nothing_changed_nothing_rendered_or_written(small_hall):
    site = build(small_hall.config)
    before, files = _pages(site), _ours(site)
    assert any(f.startswith("media/") for f in files) and any(f.endswith("qr.svg") for f in files)
    build(small_hall.config)
    assert _pages(site) == before and _ours(site) == files  # the same files, linked from the previous site
    assert (site / MANIFEST).is_file()


def test_a_theme_change_renders_every_page_again(small_hall, monkeypatch):
    site = build(small_hall.config)
    before = _pages(site)
    from hall.plugin import HallPlugin

    real = HallPlugin._build_key
    monkeypatch.setattr(HallPlugin, "_build_key", lambda self, config: real(self, config) + "-new-theme")
    build(small_hall.config)
    after = _pages(site)
    assert all(after[page] != before[page] for page in after)


def test_a_manifest_of_another_format_or_broken_means_render_everything(small_hall):
    site = build(small_hall.config)
    before = _pages(site)
    for text in ('{"people/chai-jinfu/index.md": ["x", []]}', "{broken"):
        (site / MANIFEST).write_text(text, encoding="utf-8")
        site = build(small_hall.config)
        after = _pages(site)
        assert all(after[page] != before[page] for page in after)
        before = after


def test_a_rebuild_after_an_exhibition_edit_is_byte_identical_to_a_cold_build(tmp_path):
    from .test_exhibitions import exhibition_hall

    hall = exhibition_hall(tmp_path)
    build(hall.config)
    path = hall.exhibits / "exhibitions" / "yuhuan-jiangxin" / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 车间", "title: 车间与工作室"), encoding="utf-8")
    warm = build(hall.config)
    assert "玉环匠心 · 车间与工作室" in (warm / "people" / "zha-zhao" / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(hall.root / ".cache")
    cold = build(hall.config, tmp_path / "cold")
    assert tree_digest(warm) == tree_digest(cold)
