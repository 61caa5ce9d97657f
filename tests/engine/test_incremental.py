"""Rebuilds reuse the pages whose inputs did not change, and give what a cold build gives."""

import os
import shutil
import time
from pathlib import Path

import pytest

from hall.engine.build import BuildFailed, build
from hall.engine.manifest import MANIFEST
from tests.sitecheck import tree_digest

NEW_NAME = "柴金福"  # the same pinyin: only what the pages show changes, not where they sort


def _pages(site) -> dict[str, int]:
    """The hall's pages (not MkDocs' 404 page, which it renders every time) and their files' inodes."""
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }


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


STORY = "\n补记：这是一句为测试增量生成而追加的句子。\n"


def _edit_story(small_hall) -> None:
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8") + STORY, encoding="utf-8")


def _made(monkeypatch) -> list[str]:
    """The exhibit pages made (their Markdown rendered from the templates) from now on, in this process."""
    from hall.site.pages import Renderer

    made, exhibit = [], Renderer.exhibit
    monkeypatch.setattr(
        Renderer, "exhibit", lambda self, e: made.append(e.slug) or exhibit(self, e)
    )
    return made


def _data_made(monkeypatch, tmp_path) -> Path:
    """A file naming the exhibits whose open data records and search documents are made from now on, a line
    each, by this process or one forked from it (the whole-hall files are made beside the pages)."""
    from hall.site import opendata, search

    made, record, facts = tmp_path / "data-made.txt", opendata.exhibit_record, search._facts

    def tell(slug: str) -> None:
        with made.open("a", encoding="utf-8") as fh:
            fh.write(slug + "\n")

    made.write_text("", encoding="utf-8")
    monkeypatch.setattr(opendata, "exhibit_record", lambda e, p: tell(e.slug) or record(e, p))
    monkeypatch.setattr(search, "_facts", lambda e, region: tell(e.slug) or facts(e, region))
    return made


@pytest.mark.parametrize("edit", [_edit_story, _edit_name], ids=["story", "name"])
def test_a_rebuild_after_one_edit_makes_only_the_pages_that_show_it(
    small_hall, tmp_path, monkeypatch, edit
):
    build(small_hall.config)
    edit(small_hall)
    made, data = _made(monkeypatch), _data_made(monkeypatch, tmp_path)
    warm = build(small_hall.config)  # a new build reads what the last one left in .cache/
    assert made == ["chai-jinfu"]  # the others are linked from the last build, not made to compare
    # the others' records and search documents are the last build's
    assert set(data.read_text(encoding="utf-8").split()) == {"chai-jinfu"}
    monkeypatch.undo()
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_an_edit_puts_what_changed_into_the_site_and_removes_what_went(small_hall, tmp_path):
    site = build(small_hall.config)
    folder, page = site.stat().st_ino, (site / "people" / "zha-zhao" / "index.html").stat().st_ino
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("浙江省/嘉兴市/嘉善县", "浙江省/台州市/玉环市"),
        encoding="utf-8",
    )
    warm = build(small_hall.config)
    assert site.stat().st_ino == folder  # the same folder, not a new one swapped in
    assert (site / "people" / "zha-zhao" / "index.html").stat().st_ino == page
    assert not (site / "regions" / "zhejiang" / "jiaxing").exists()  # no exhibit there any more
    assert not list(small_hall.root.glob(".site-*"))
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_without_cache_a_rebuild_gives_the_same_site(small_hall, tmp_path):
    build(small_hall.config)
    _edit_story(small_hall)
    shutil.rmtree(small_hall.root / ".cache")
    without = build(small_hall.config)
    assert tree_digest(without) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_a_broken_cache_is_ignored(small_hall, tmp_path):
    build(small_hall.config)
    for record in (small_hall.root / ".cache").glob("last-build-*.pickle"):
        record.write_bytes(b"not a pickle")
    _edit_name(small_hall)
    warm = build(small_hall.config)
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_a_rebuild_after_an_edit_writes_an_update_beside_the_whole_record(
    small_hall, tmp_path, monkeypatch
):
    build(small_hall.config)
    cache = small_hall.root / ".cache"
    [whole] = cache.glob("last-build-*.pickle")
    written = whole.read_bytes()
    _edit_story(small_hall)
    build(small_hall.config)
    other, text = _read(small_hall, "wang-jinxi.md")
    other.write_text(text + STORY, encoding="utf-8")
    made = _made(monkeypatch)
    warm = build(
        small_hall.config
    )  # reads the whole record and the update, which has the first edit
    assert made == ["wang-jinxi"]
    assert (
        whole.read_bytes() == written and len(list(cache.glob("last-build-*-update.pickle"))) == 1
    )
    monkeypatch.undo()
    shutil.rmtree(cache)
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_an_update_of_an_older_record_is_not_used(small_hall, tmp_path, monkeypatch):
    build(small_hall.config)
    _edit_story(small_hall)
    build(small_hall.config)
    [update] = (small_hall.root / ".cache").glob("last-build-*-update.pickle")
    older = update.read_bytes()
    update.unlink()  # the whole record no longer describes the site: the next build writes a new one
    other, text = _read(small_hall, "wang-jinxi.md")
    other.write_text(text + STORY, encoding="utf-8")
    build(small_hall.config)
    update.write_bytes(older)  # an update of the record before
    other.write_text(text, encoding="utf-8")
    made = _made(monkeypatch)
    warm = build(small_hall.config)
    assert made == ["wang-jinxi"]  # the new whole record was used, not the update of the older one
    monkeypatch.undo()
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_a_record_of_another_site_is_not_kept_frozen(small_hall):
    import gc
    from types import SimpleNamespace

    from hall.engine import reuse

    build(small_hall.config)
    state = SimpleNamespace(hall_config=small_hall.hall_config(), site_dir_name="site", files={})
    reuse.start(state, "the inputs of another site")
    assert state.record is None and gc.get_freeze_count() == 0  # its objects are garbage, collected


def test_a_record_of_other_code_is_ignored(small_hall, tmp_path):
    from hall.files import read_pickle, write_pickle

    build(small_hall.config)
    [path] = (small_hall.root / ".cache").glob("last-build-site.pickle")
    record = read_pickle(path)
    del record.linked  # as a record of code without that field reads
    write_pickle(path, record)
    _edit_name(small_hall)
    warm = build(small_hall.config)
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_a_search_cache_another_process_wrote_since_gives_no_documents(small_hall, tmp_path):
    from hall.site.search import index_files

    build(small_hall.config)
    story, good = _read(small_hall, "chai-jinfu.md")
    _edit_story(small_hall)  # serve saves it: the search cache now has its new text
    hall = small_hall.load()
    index_files(
        hall,
        small_hall.hall_config().vocab,
        cache_file=small_hall.root / ".cache" / "search.pickle",
    )
    story.write_text(good, encoding="utf-8")  # the edit undone: as the last build had it
    other, text = _read(small_hall, "wang-jinxi.md")
    other.write_text(text + STORY, encoding="utf-8")
    warm = build(
        small_hall.config
    )  # chai-jinfu's documents are not the cache's, which has the edit
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_open_data_another_build_wrote_since_gives_no_records(small_hall, tmp_path):
    build(small_hall.config)
    story, good = _read(small_hall, "chai-jinfu.md")
    _edit_name(small_hall)
    build(
        small_hall.config, tmp_path / "other"
    )  # another folder: the open data's cache has the new name
    story.write_text(good, encoding="utf-8")  # the edit undone: as the site's last build had it
    other, text = _read(small_hall, "wang-jinxi.md")
    other.write_text(text + STORY, encoding="utf-8")
    warm = build(
        small_hall.config
    )  # chai-jinfu's record is not the cache's, which has the new name
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(warm) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def _read(small_hall, name: str):
    path = small_hall.exhibits / "people" / name
    return path, path.read_text(encoding="utf-8")


def test_an_image_change_after_the_last_build_checks_every_exhibit_again(small_hall, monkeypatch):
    build(small_hall.config)
    (small_hall.exhibits / "people" / "zha-zhao" / "portrait.jpg").unlink()
    _edit_story(small_hall)
    made = _made(monkeypatch)
    with pytest.raises(BuildFailed, match="E40"):  # the portrait is missing: the checks ran again
        build(small_hall.config)
    assert made == []


def _ours(site) -> dict[str, int]:
    """Pictures, open data and the search index, with their inodes."""
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino
        for p in site.rglob("*")
        if p.is_file()
        and (p.parts[len(site.parts)] in ("media", "data", "search") or p.name == "feed.xml")
    }


def test_nothing_changed_nothing_rendered_or_written(small_hall):
    site = build(small_hall.config)
    before, files = _pages(site), _ours(site)
    assert any(f.startswith("media/") for f in files) and "feed.xml" in files
    build(small_hall.config)
    assert (
        _pages(site) == before and _ours(site) == files
    )  # the same files, linked from the previous site
    assert (site / MANIFEST).is_file()


def test_a_large_old_site_is_removed_by_a_process_of_its_own(small_hall, tmp_path, monkeypatch):
    import hall.engine.build

    monkeypatch.setattr(
        hall.engine.build, "DETACHED_FROM", 0
    )  # the sample hall's site counts as large
    site = build(small_hall.config)
    _edit_story(small_hall)
    shutil.rmtree(
        small_hall.root / ".cache"
    )  # no record of the last build: a new site is swapped in
    removals, rmtree = tmp_path / "removals", shutil.rmtree

    def rmtree_said(path, *args, **kwargs):  # which process removed which folder
        if Path(path).exists():
            with removals.open("a") as fh:
                fh.write(f"{os.getpid()} {Path(path).name}\n")
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree_said)
    build(small_hall.config)
    monkeypatch.undo()
    assert "补记" in (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    deadline = time.monotonic() + 120
    while list(small_hall.root.glob(".site-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(small_hall.root.glob(".site-*"))  # nothing left beside the site
    removers = {
        int(pid)
        for pid, name in map(str.split, removals.read_text().splitlines())
        if name.startswith(".site-build-")
    }
    assert removers and os.getpid() not in removers
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(site) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_a_rebuild_links_the_unchanged_index_files_without_reading_them(
    small_hall, tmp_path, monkeypatch
):
    site = build(small_hall.config)
    _edit_story(small_hall)
    read, read_bytes = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(p) or read_bytes(p))
    build(small_hall.config)
    monkeypatch.undo()
    search = [p for p in read if "search" in p.parts and p.suffix == ".js"]
    assert not search  # the manifest's digests say which are the same
    index = _ours(site)
    assert any(f.startswith("search/t/") for f in index)
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(site) == tree_digest(build(small_hall.config, tmp_path / "cold"))


def test_a_theme_change_renders_every_page_again(small_hall, monkeypatch):
    site = build(small_hall.config)
    before = _pages(site)
    import hall.engine.manifest

    real = (
        hall.engine.manifest.code_digest
    )  # the theme is in the code's digest, as an edit of it would be
    monkeypatch.setattr(hall.engine.manifest, "code_digest", lambda *a: real(*a) + "-new-theme")
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


def test_a_build_with_nothing_changed_writes_nothing(small_hall, capsys):
    site = build(small_hall.config)
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    inode = site.stat().st_ino
    build(small_hall.config)
    assert "没有改动" in capsys.readouterr().err
    assert (
        site.stat().st_ino == inode and {p: p.stat().st_mtime_ns for p in site.rglob("*")} == stamps
    )
    (
        small_hall.exhibits / "people" / "chai-jinfu.md"
    ).touch()  # the same bytes: still nothing to do
    build(small_hall.config)
    assert site.stat().st_ino == inode
    offline = build(small_hall.config, offline=True)
    offline.with_suffix(".zip").unlink()  # an offline site without its archive is not complete
    build(small_hall.config, offline=True)
    assert offline.with_suffix(".zip").is_file()


def test_an_event_edit_rebuilds_byte_identical_to_a_cold_build(small_hall, tmp_path):
    from tests.model.test_events import COURSE, LESSON

    small_hall.add("lessons/cong-tu-dao-jiang.md", LESSON)
    path = small_hall.add("events/yin-zhang.md", COURSE)
    site = build(small_hall.config)
    before = _pages(site)
    path.write_text(
        COURSE.replace("印章雕刻体验课", "篆刻体验课").replace("COUNT=5", "COUNT=7"),
        encoding="utf-8",
    )
    warm = build(small_hall.config)
    after = _pages(warm)
    assert (
        "events/2027-05/index.html" in after and "events/2027-05/index.html" not in before
    )  # a new month
    rewritten = {page for page in after if after[page] != before.get(page)}
    assert {
        "index.html",
        "events/yin-zhang/index.html",
        "lessons/cong-tu-dao-jiang/index.html",
    } <= rewritten
    assert "people/chai-jinfu/index.html" not in rewritten
    shutil.rmtree(small_hall.root / ".cache")
    cold = build(small_hall.config, tmp_path / "cold")
    assert tree_digest(warm) == tree_digest(cold)


def test_the_next_day_rewrites_the_pages_whose_upcoming_dates_moved(small_hall, monkeypatch):
    from tests.model.test_events import COURSE, LESSON

    small_hall.add("lessons/cong-tu-dao-jiang.md", LESSON)
    small_hall.add("events/yin-zhang.md", COURSE)
    site = build(small_hall.config)
    before, home = _pages(site), (site / "index.html").read_text(encoding="utf-8")
    build(small_hall.config)
    assert _pages(site) == before  # the same day: nothing rendered again
    monkeypatch.setenv("HALL_TODAY", "2026-12-06")  # the course of 12月5日 is over
    build(small_hall.config)
    after = _pages(site)
    assert "2026-12-05T14:00" in home and "2026-12-05T14:00" not in (site / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        after["index.html"] != before["index.html"]
        and after["people/chai-jinfu/index.html"] == before["people/chai-jinfu/index.html"]
    )


def test_a_rebuild_after_an_exhibition_edit_is_byte_identical_to_a_cold_build(tmp_path):
    from tests.model.test_exhibitions import exhibition_hall

    hall = exhibition_hall(tmp_path)
    build(hall.config)
    path = hall.exhibits / "exhibitions" / "yuhuan-jiangxin" / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 车间", "title: 车间与工作室"),
        encoding="utf-8",
    )
    warm = build(hall.config)
    assert "玉环匠心 · 车间与工作室" in (warm / "people" / "zha-zhao" / "index.html").read_text(
        encoding="utf-8"
    )
    shutil.rmtree(hall.root / ".cache")
    cold = build(hall.config, tmp_path / "cold")
    assert tree_digest(warm) == tree_digest(cold)
