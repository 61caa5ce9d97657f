"""serve's quick way to show a save (hall.engine.preview): after every kind of edit the folder it serves is, byte for
byte, what a fresh build of the same files gives."""

import json
import shutil

import pytest

from hall.engine import writer
from hall.engine.build import BuildFailed, build
from hall.engine.manifest import MANIFEST
from hall.engine.preview import Preview
from hall.site import pages
from tests.conftest import PERSON
from tests.sitecheck import tree_digest

EDITS = {  # file, old text, new text, which way the preview must take
    "name (same pinyin)": ("people/chai-jinfu.md", "柴金甫", "柴金福", "named"),
    "pinyin (its place in the lists)": (
        "people/chai-jinfu.md",
        "name: 柴金甫",
        "name: 柴金甫\npinyin: Zou Jinfu",
        "named",
    ),
    "a new surname (its seal made, the old one removed)": (
        "people/chai-jinfu.md",
        "name: 柴金甫",
        "name: 艾金甫",
        "build",
    ),
    "another person's surname (the old seal removed)": (
        "people/chai-jinfu.md",
        "name: 柴金甫",
        "name: 查金甫",
        "build",
    ),
    "an artifact's title (on its maker's page)": (
        "artifacts/zhu-bian-hua-lan/index.md",
        "title: 竹编花篮",
        "title: 竹编小花篮",
        "named",
    ),
    "summary": (
        "people/wang-jinxi.md",
        "大庆油田钻井队队长",
        "大庆油田 1205 钻井队队长",
        "content",
    ),
    "story": ("people/wang-jinxi.md", "铁人精神。", "铁人精神，代代相传。", "content"),
    "a source's title": (
        "people/wang-jinxi.md",
        "  - title: 王进喜\n",
        "  - title: 王进喜同志\n",
        "content",
    ),
    "an artifact's summary (on its maker's page)": (
        "artifacts/zhu-bian-hua-lan/index.md",
        "挑压编织的花篮。",
        "挑压编织的小花篮。",
        "content",
    ),
    "honor year (era and timeline)": ("people/chai-jinfu.md", "year: 2020", "year: 1988", "quick"),
    "a new honor title (a new gallery)": (
        "people/wang-jinxi.md",
        "全国劳动模范",
        "全国先进生产者",
        "quick",
    ),
    "a craftsman seen on an artifact and a collective": (
        "people/zha-zhao/index.md",
        "车工",
        "高级车工",
        "quick",
    ),
    "collective's summary": (
        "collectives/zha-zhao-studio/index.md",
        "高技能人才创新工作室。",
        "创新工作室，带徒四十人。",
        "content",
    ),
    "artifact": (
        "artifacts/zhu-bian-hua-lan/index.md",
        "category: 竹编",
        "category: 竹编\nyear: 2019",
        "quick",
    ),
    "a new region (a new gallery)": ("people/chai-jinfu.md", "嘉善县", "平湖市", "quick"),
}


def _differing(one, other) -> list[str]:
    """Files not the same in both sites; of the manifests, the pages' keys are compared (a preview's manifest
    says it is no site to start from)."""
    files = sorted(
        {p.relative_to(one) for p in one.rglob("*") if p.is_file()}
        | {p.relative_to(other) for p in other.rglob("*") if p.is_file()}
    )
    return [
        str(f)
        for f in files
        if not (one / f).is_file()
        or not (other / f).is_file()
        or _content(one / f) != _content(other / f)
    ]


def _content(path):
    return (
        json.loads(path.read_text(encoding="utf-8"))["pages"]
        if path.name == MANIFEST
        else path.read_bytes()
    )


@pytest.mark.parametrize("per_page", [None, 1], ids=["lists on one page", "one card a page"])
@pytest.mark.parametrize("edit", EDITS)
def test_after_a_save_the_preview_is_a_fresh_build(
    small_hall, tmp_path, monkeypatch, edit, per_page
):
    if per_page:  # every list, gallery and the timeline cut into pages: a save must remake the pages that change
        monkeypatch.setattr(pages, "PER_PAGE", per_page)
        monkeypatch.setattr(pages, "TIMELINE_PER_PAGE", per_page)
    rel, old, new, way = EDITS[edit]
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = small_hall.exhibits / rel
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert preview.update() == way  # with one card a page, lists gain and lose pages too
    preview.wait()
    fresh = build(small_hall.config, tmp_path / "fresh")
    assert _differing(preview.site, fresh) == []
    assert preview.update() == "nothing"


EXHIBITION_EDITS = {  # in a hall with two exhibitions (tests.model.test_exhibitions): file, old text, new text
    "a caption": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "馆员写的展签：一只花篮。",
        "新的展签。",
        "content",
    ),
    "a caption added": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "exhibits: [chai-jinfu]",
        "exhibits: [{slug: chai-jinfu, caption: 新写的展签。}]",
        "content",
    ),
    "a unit's text": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "text: 第二单元。",
        "text: 第二单元，*车间*。",
        "content",
    ),
    "an exhibition's introduction": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "这是展览的前言。",
        "这是展览新的前言。",
        "content",
    ),
    "a unit's exhibits in another order": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "      - zha-zhao-studio\n      - {slug: zhu-bian-hua-lan, caption: 馆员写的展签：一只花篮。}\n",
        "      - {slug: zhu-bian-hua-lan, caption: 馆员写的展签：一只花篮。}\n      - zha-zhao-studio\n",
    ),
    "a unit's title (展于 on its exhibits)": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "title: 车间",
        "title: 工作间",
    ),
    "an exhibition's title (its neighbour's link)": (
        "exhibitions/di-er-ge.md",
        "title: 第二个展览",
        "title: 第二展",
        "named",
    ),
    "the order of the exhibitions": ("exhibitions/di-er-ge.md", "order: 2", "order: 0"),
    "an exhibit taken out of a unit": (
        "exhibitions/yuhuan-jiangxin/index.md",
        "      - zha-zhao\n",
        "",
    ),
    "an exhibit put into a unit": (
        "exhibitions/di-er-ge.md",
        "exhibits: [chai-jinfu]",
        "exhibits: [chai-jinfu, wang-jinxi]",
    ),
    "an exhibit an exhibition shows (its card)": (
        "people/wang-jinxi.md",
        "name: 王进喜",
        "name: 王进禧",
        "named",
    ),
    "an exhibit an exhibition shows (its summary)": (
        "people/chai-jinfu.md",
        "嘉善鲜切花种植第一人",
        "嘉善县鲜切花种植第一人",
        "content",
    ),
}


@pytest.mark.parametrize("edit", EXHIBITION_EDITS)
def test_after_an_exhibition_edit_the_preview_is_a_fresh_build(tmp_path, edit):
    from tests.model.test_exhibitions import exhibition_hall

    _quick_edit_is_a_fresh_build(exhibition_hall(tmp_path), tmp_path, *EXHIBITION_EDITS[edit])


def _quick_edit_is_a_fresh_build(
    hall, tmp_path, rel: str, old: str, new: str, way: str = "quick"
) -> None:
    """Edit `rel` (old text → new) under a built preview: the quick way (or the content's), and the folder a
    fresh build gives."""
    preview = Preview(hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = hall.exhibits / rel
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert preview.update() == way
    preview.wait()
    fresh = build(hall.config, tmp_path / "fresh")
    assert _differing(preview.site, fresh) == []


LINEAGE_EDITS = {  # in a hall with three generations (tests.model.test_lineage): file, old text, new text
    "a mentor's name (on the apprentice's page and the 传承 page)": (
        "people/chai-jinfu.md",
        "name: 柴金甫",
        "name: 柴金福",
        "named",
    ),
    "a mentor's pinyin (the lineages' order)": (
        "people/chai-jinfu.md",
        "name: 柴金甫",
        "name: 柴金甫\npinyin: Zou Jinfu",
        "named",
    ),
    "a pairing's year, named in the apprentice's file only": (
        "people/wang-jinxi.md",
        "since: 2018",
        "since: 2019",
    ),
    "a pairing taken out": (
        "people/wang-jinxi.md",
        "  - {slug: zha-zhao, since: 2018",
        "  - {name: 查师傅, since: 2018",
    ),
}


@pytest.mark.parametrize("edit", LINEAGE_EDITS)
def test_after_a_lineage_edit_the_preview_is_a_fresh_build(tmp_path, edit):
    from tests.model.test_lineage import lineage_hall

    _quick_edit_is_a_fresh_build(lineage_hall(tmp_path), tmp_path, *LINEAGE_EDITS[edit])


def test_a_second_lineage_renamed_reaches_its_apprentices_apprentice(tmp_path):
    """王进喜 is in 虚拟师傅's lineage through 查昭: renaming 虚拟师傅 changes the link on 王进喜's page too."""
    from tests.model.test_lineage import two_mentors_hall

    hall = two_mentors_hall(tmp_path, apprentice="zha-zhao")
    preview = Preview(hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = hall.exhibits / "people/xu-ni-shi-fu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: 虚拟师傅", "name: 虚拟师父"),
        encoding="utf-8",
    )
    assert preview.update() == "named"
    preview.wait()
    assert "虚拟师父一支" in (preview.site / "people/wang-jinxi/index.html").read_text(
        encoding="utf-8"
    )
    assert _differing(preview.site, build(hall.config, tmp_path / "fresh")) == []


def test_editors_swap_and_backup_files_are_no_edit(small_hall, tmp_path):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    for name in (".chai-jinfu.md.swp", "chai-jinfu.md~", "#chai-jinfu.md#"):
        (small_hall.exhibits / "people" / name).write_text("正在编辑", encoding="utf-8")
    assert preview.update() == "nothing"


def test_a_change_of_mkdocs_yml_is_built_in_place(small_hall, tmp_path):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    config = small_hall.config.read_text(encoding="utf-8")
    assert "site_name: " in config
    small_hall.config.write_text(
        config.replace("site_name: ", "site_name: 新", 1), encoding="utf-8"
    )
    assert preview.update() == "build"
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []
    assert "新" in (preview.site / "index.html").read_text(encoding="utf-8")


def test_two_saves_in_a_row_and_back(small_hall, tmp_path):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    first_copy = tmp_path / "first"
    shutil.copytree(preview.site, first_copy)
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("柴金甫", "柴金福"), encoding="utf-8")
    assert preview.update() == "named"
    path.write_text(original, encoding="utf-8")
    assert preview.update() == "named"
    preview.wait()
    assert _differing(preview.site, first_copy) == []


def test_a_rename_plans_anew_only_the_pages_that_go_by_name(small_hall, tmp_path, monkeypatch):
    """A plain exhibit's page keeps its last plan; pages made from such plans after more saves (a story, another
    rename) are still those of a fresh build."""
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    planned, plan = [], pages.Renderer._exhibit_plan
    monkeypatch.setattr(
        pages.Renderer, "_exhibit_plan", lambda self, e: planned.append(e.slug) or plan(self, e)
    )
    for file, old, new, way in (
        ("chai-jinfu.md", "柴金甫", "柴金福", "named"),
        ("wang-jinxi.md", "铁人精神。", "铁人精神，代代相传。", "content"),
        ("wang-jinxi.md", "name: 王进喜", "name: 王进禧", "named"),
    ):
        path = small_hall.exhibits / "people" / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert preview.update() == way
    assert not {"chai-jinfu", "wang-jinxi"} & set(planned)
    preview.wait()
    assert "王进禧" in (preview.site / "people/wang-jinxi/index.html").read_text(encoding="utf-8")
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


@pytest.mark.parametrize(
    "file, old, new, home",
    [
        ("artifacts/zhu-bian-hua-lan/index.md", "挑压编织的花篮。", "挑压编织的小花篮。", False),
        ("people/chai-jinfu.md", "name: 柴金甫", "name: 柴金福", True),  # a featured card
    ],
    ids=["an artifact's summary", "a featured person's name"],
)
def test_the_home_page_is_written_again_only_when_it_shows_the_save(
    small_hall, tmp_path, monkeypatch, file, old, new, home
):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    made, write = [], writer.write_page
    monkeypatch.setattr(writer, "write_page", lambda s, uri: made.append(uri) or write(s, uri))
    path = small_hall.exhibits / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    preview.update()
    assert made and ("index.md" in made) == home
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def _saved_twice(exhibits, saw) -> str:
    path = exhibits / "people/chai-jinfu.md"
    text = path.read_text(encoding="utf-8")
    for name in ("柴金福", "柴金富"):
        path.write_text(text.replace("柴金甫", name), encoding="utf-8")
        saw(path)
    return "named"


def _renamed_over(exhibits, saw) -> str:
    """As editors save: a new file, renamed over the old one."""
    path = exhibits / "people/chai-jinfu.md"
    new = path.with_name("chai-jinfu.md.new")
    new.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    saw(new)
    new.replace(path)
    saw(new, path)
    return "named"


def _folder_removed(exhibits, saw) -> str:
    """Only the folder named, as Windows' watcher names it."""
    shutil.rmtree(folder := exhibits / "artifacts/zhu-bian-hua-lan")
    saw(folder)
    return "build"


def _folder_made(exhibits, saw) -> str:
    """A folder made with its text and photo, named alone (its files written before it was watched)."""
    folder = exhibits / "artifacts/zhu-bian-xiao-lan"
    shutil.copytree(exhibits / "artifacts/zhu-bian-hua-lan", folder)
    text = (folder / "index.md").read_text(encoding="utf-8")
    (folder / "index.md").write_text(text.replace("竹编花篮", "竹编小花篮"), encoding="utf-8")
    saw(folder)
    return "build"


NOTICED = {  # saves as serve's watcher names them: what it does, and which way the preview must take
    "a name saved twice": _saved_twice,
    "a file renamed over the one saved": _renamed_over,
    "a folder removed": _folder_removed,
    "a folder made with its photo": _folder_made,
}


def _following(hall, tmp_path):
    """A built preview told the paths saved, as serve's watcher tells it; and the updates it asks for when the
    check after an update finds a save the watcher did not name."""
    asked = []
    preview = Preview(hall.config, tmp_path / "preview" / "site")
    preview.follow(lambda: asked.append("update"))
    preview.build()
    return preview, asked


@pytest.mark.parametrize("save", NOTICED)
def test_a_save_the_watcher_names_is_a_fresh_build(small_hall, tmp_path, save):
    preview, asked = _following(small_hall, tmp_path)
    way = NOTICED[save](small_hall.exhibits, lambda *paths: preview.saw(map(str, paths)))
    assert preview.update() == way
    preview.recheck()
    assert asked == []  # it missed nothing
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []
    assert preview.update() == "nothing"


def test_a_save_the_watcher_did_not_name_is_found_by_the_check(small_hall, tmp_path):
    """The update looks only where the watcher said (not at every file); a notice lost (an overflowing queue
    is not said to the watcher's handlers) is found by the check after it, and the next update looks at all."""
    preview, asked = _following(small_hall, tmp_path)
    path = small_hall.exhibits / "people/chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    preview.saw([str(small_hall.exhibits / "people/wang-jinxi.md")])  # not the file saved
    assert preview.update() == "nothing"
    preview.recheck()
    assert asked == ["update"]
    assert preview.update() == "named"
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def test_after_a_failed_update_every_file_is_looked_at(small_hall, tmp_path):
    """A save that breaks the hall, then a story saved elsewhere: the broken file, named only before the
    failure, still counts, and the hall stays broken."""
    preview, _ = _following(small_hall, tmp_path)
    broken = small_hall.exhibits / "people/chai-jinfu.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("year: 2020", "year: 202"), encoding="utf-8"
    )
    preview.saw([str(broken)])
    with pytest.raises(BuildFailed, match="E104"):
        preview.update()
    story = small_hall.exhibits / "people/wang-jinxi.md"
    story.write_text(
        story.read_text(encoding="utf-8").replace("铁人精神。", "铁人精神，代代相传。"),
        encoding="utf-8",
    )
    preview.saw([str(story)])
    with pytest.raises(BuildFailed, match="E104"):
        preview.update()


def _slow_refresh_while(flag, monkeypatch):
    """Refreshes started while `flag` exists hang (as one of 10,000 exhibits takes seconds)."""
    import time

    made = Preview._whole_hall_files

    def slow(self, hall):
        if flag.exists():
            time.sleep(120)
        made(self, hall)

    monkeypatch.setattr(Preview, "_whole_hall_files", slow)


@pytest.mark.parametrize("second", ["a save shown", "a broken save"])
def test_a_save_ends_the_refresh_it_makes_out_of_date(small_hall, tmp_path, monkeypatch, second):
    import signal

    from hall.processes import fork_context

    if fork_context() is None:
        pytest.skip("no fork here: the refresh is a thread, and finishes")
    flag = tmp_path / "slow"
    _slow_refresh_while(flag, monkeypatch)
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("柴金甫", "柴金福"), encoding="utf-8")
    assert preview.update() == "named"
    flag.touch()
    preview._flush()  # the pause is over: the refresh runs
    running = preview.pending
    flag.unlink()
    if second == "a broken save":
        path.write_text(original.replace("year: 2020", "year: 202"), encoding="utf-8")
        with pytest.raises(BuildFailed, match="E104"):
            preview.update()
        path.write_text(original.replace("柴金甫", "柴金福"), encoding="utf-8")
    else:
        path.write_text(original, encoding="utf-8")
        assert preview.update() == "named"
    running.join(10)  # killed, not waited for: it would sleep two minutes
    assert running.exitcode == -signal.SIGKILL
    preview.wait()  # the refresh due again (of the save shown, or of the last good one)
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def test_a_broken_save_leaves_the_preview_as_it_was(small_hall, tmp_path):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    before = tree_digest(preview.site)
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("year: 2020", "year: 202"), encoding="utf-8"
    )
    with pytest.raises(BuildFailed, match="E104"):
        preview.update()
    assert tree_digest(preview.site) == before


def test_private_data_saved_in_a_summary_leaves_the_preview_as_it_was(small_hall, tmp_path):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    before = tree_digest(preview.site)
    path = small_hall.exhibits / "people" / "wang-jinxi.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("“铁人”。", "“铁人”，电话 13812345678。"), encoding="utf-8")
    with pytest.raises(BuildFailed, match="E60"):
        preview.update()
    assert tree_digest(preview.site) == before
    path.write_text(text.replace("“铁人”。", "“铁人精神”。"), encoding="utf-8")
    assert (
        preview.update() == "content"
    )  # the summary as it is now: not the last good one's problems


def _inputs(small_hall) -> str:
    from mkdocs.config import load_config

    from hall.engine.manifest import inputs_digest

    return inputs_digest(load_config(str(small_hall.config)))


def test_a_preview_started_from_the_last_build_never_writes_into_it(small_hall, tmp_path):
    site = build(small_hall.config)
    published = tree_digest(site)
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    assert preview.seed(site, _inputs(small_hall))
    assert (
        tree_digest(preview.site) == published
    )  # served at once, before the preview has read the hall
    preview.build()
    assert tree_digest(preview.site) == published
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    assert preview.update() == "named"
    preview.wait()
    assert (
        tree_digest(site) == published
    )  # pages and files shared with the site were replaced, not written into
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def test_a_last_build_older_than_the_files_is_shown_until_the_build_brings_it_up_to_date(
    small_hall, tmp_path
):
    site = build(small_hall.config)
    published = tree_digest(site)
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    assert not preview.seed(site, _inputs(small_hall))  # not current...
    assert tree_digest(preview.site) == published  # ...but served at once
    preview.build()
    assert tree_digest(site) == published
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def test_nothing_to_start_from_when_there_was_no_build(small_hall, tmp_path):
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    assert not preview.seed(small_hall.root / "site", _inputs(small_hall))
    assert not preview.site.exists()


def test_a_person_edited_in_a_hall_with_registers_is_shown_the_quick_way(small_hall, tmp_path):
    """Register rows link to profiles by file name (档案), which a save of a profile cannot change."""
    small_hall.add(
        "registers/mo-fan.csv",
        "姓名,荣誉称号,授予年份,地区,档案\n"
        "柴金甫,全国劳动模范,2020,浙江省/嘉兴市/嘉善县,chai-jinfu\n",
    )
    small_hall.add(
        "registers/names.xlsx", ""
    )  # not a CSV: a warning (W701) the register reading gives
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    assert preview.update() == "named"
    assert any(
        q.code == "W701" for q in preview.last.hall.report.warnings
    )  # the registers' problems stay
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []
    assert "people/chai-jinfu/" in (preview.site / "registers" / "index.html").read_text(
        encoding="utf-8"
    ) or any(
        "people/chai-jinfu/" in f.read_text(encoding="utf-8")
        for f in (preview.site / "registers").rglob("*.html")
    )


def test_a_save_reports_the_saved_files_warnings_and_counts_the_rest(small_hall, tmp_path, caplog):
    for n in (
        1,
        2,
    ):  # people with no honor year: no era can be inferred (W501), in files not saved below
        small_hall.add(
            f"people/wu-ming-{n}.md",
            PERSON.replace("柴金甫", f"吴明{n}").replace("    year: 2020\n", ""),
        )
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    year: 2020\n", ""), encoding="utf-8"
    )
    caplog.clear()
    with caplog.at_level("WARNING", logger="mkdocs.plugins.hall"):
        assert preview.update() == "quick"
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("exhibits/people/chai-jinfu.md") and "W501" in m for m in messages), (
        messages
    )
    assert not any("wu-ming" in m for m in messages), messages
    assert messages[-1] == "其他文件还有 2 个警告（hall check 列出全部）。"


def test_a_save_while_a_build_reads_the_files_is_seen_by_the_next_update(
    small_hall, tmp_path, monkeypatch
):
    from hall.engine import preview as quick

    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    building = quick.build_in_place

    def saved_meanwhile(*args, **kwargs):  # the curator saves after the build has read the files
        site = building(*args, **kwargs)
        path.write_text(
            path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8"
        )
        return site

    monkeypatch.setattr(quick, "build_in_place", saved_meanwhile)
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    monkeypatch.undo()
    assert preview.update() == "named"
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def test_event_edits_are_built_in_place_and_exhibits_they_show_stay_quick(
    small_hall, tmp_path, monkeypatch
):
    from tests.model.test_events import COURSE, LESSON

    small_hall.add("lessons/cong-tu-dao-jiang.md", LESSON)
    event = small_hall.add("events/yin-zhang.md", COURSE)
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    preview.build()
    event.write_text(COURSE.replace("印章雕刻体验课", "篆刻体验课"), encoding="utf-8")
    assert preview.update() == "build"
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []
    person = (
        small_hall.exhibits / "people" / "zha-zhao" / "index.md"
    )  # shown on the event's page as a card
    person.write_text(
        person.read_text(encoding="utf-8").replace("name: 查昭", "name: 查昭昭"), encoding="utf-8"
    )
    assert preview.update() == "named"
    preview.wait()
    assert "查昭昭" in (preview.site / "events" / "yin-zhang" / "index.html").read_text(
        encoding="utf-8"
    )
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh2")) == []
    monkeypatch.setenv(
        "HALL_TODAY", "2026-12-06"
    )  # serve running past midnight: every upcoming list moves
    person.write_text(
        person.read_text(encoding="utf-8").replace("查昭昭", "查昭"), encoding="utf-8"
    )
    assert preview.update() == "build"
    preview.wait()
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh3")) == []


def test_an_activity_added_in_a_hall_with_registers_updates_the_register_count(tmp_path):
    from tests.model.test_activities import REGISTER, activity_hall

    hall = activity_hall(tmp_path)
    hall.add("registers/ming-lu.csv", REGISTER)
    preview = Preview(hall.config, tmp_path / "preview" / "site")
    preview.build()
    path = hall.exhibits / "people/zha-zhao/index.md"
    text = path.read_text(encoding="utf-8")
    one = text[text.index("  - type: 进校园") : text.index("summary:")]
    path.write_text(text.replace(one, one + one.replace("2022-03", "2022-04")), encoding="utf-8")
    preview.update()  # the register shows 查昭's count: 4 now
    preview.wait()
    fresh = build(hall.config, tmp_path / "fresh")
    assert _differing(preview.site, fresh) == []


def _deaf(ready) -> None:
    import signal
    import time

    signal.signal(
        signal.SIGTERM, signal.SIG_IGN
    )  # as a child stuck on a lock it inherited at the fork
    ready.set()
    time.sleep(120)


def test_an_out_of_date_refresh_that_does_not_end_on_sigterm_is_killed():
    import signal

    from hall.engine.preview import _end
    from hall.processes import fork_context

    fork = fork_context()
    if fork is None:
        pytest.skip("no fork here: the refresh is a thread")
    ready = fork.Event()
    refresh = fork.Process(target=_deaf, args=(ready,), daemon=True)
    refresh.start()
    assert ready.wait(30)
    _end(refresh, grace=0.5)
    assert refresh.exitcode == -signal.SIGKILL
