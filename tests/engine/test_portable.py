"""The hall the way curators' machines run it: Windows and macOS (no `fork`: workers are spawned or the work stays
in the process), USB drives and network shares (no hard links: files are copied), deep folders with Chinese
names. Each time the site is byte for byte the one the usual build gives."""

import errno
import multiprocessing
import os
import pickle
import re
import shutil
import socket
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from hall import files, processes
from hall.cli import main
from hall.engine import ahead as ahead_module
from hall.engine import plugin, writer
from hall.engine.ahead import Ahead
from hall.engine.build import build
from hall.engine.manifest import MANIFEST
from hall.engine.preview import Preview
from hall.model import checks, exhibit
from hall.registers.importer import run_import
from hall.registers.tables import load_registers
from hall.site import images
from tests.conftest import SmallHall, photo
from tests.engine.test_preview import _differing, _inputs
from tests.engine.test_serve import ROOT
from tests.sitecheck import tree_digest


def _cold(hall: SmallHall, site):
    """A build with no cache and no previous site: every picture, QR code and page made now."""
    shutil.rmtree(hall.root / ".cache", ignore_errors=True)
    return build(hall.config, site)


@pytest.fixture
def busy_hall(small_hall, monkeypatch):
    """The small hall with enough pictures that the image pool starts, and writers and a reader of files forked
    where they can be.
    (QR codes are made in the build's own process: zxing-cpp makes one in a third of a millisecond.)"""
    photo(
        small_hall.exhibits / "artifacts" / "zhu-bian-hua-lan" / "detail.jpg",
        (900, 700),
        (40, 90, 160),
    )
    path = small_hall.exhibits / "artifacts" / "zhu-bian-hua-lan" / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    illustration: true\n",
            "    illustration: true\n  - src: detail.jpg\n    alt: 花篮的细部\n",
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(writer, "WRITERS_FROM", 1)
    monkeypatch.setattr(plugin, "READ_AHEAD_FROM", 1)
    return small_hall


@pytest.fixture
def pools(monkeypatch):
    """The start method of every image pool the hall starts."""
    started = []

    class Recording(ProcessPoolExecutor):
        def __init__(self, *args, mp_context=None, **kwargs):
            started.append((mp_context or multiprocessing.get_context()).get_start_method())
            super().__init__(*args, mp_context=mp_context, **kwargs)

    monkeypatch.setattr(images, "ProcessPoolExecutor", Recording)
    return started


def _without_fork(monkeypatch, platform: str) -> None:
    """Windows has no fork; macOS has it, but a forked child can crash in its system libraries."""
    monkeypatch.setattr(
        processes, "sys", SimpleNamespace(platform=platform)
    )  # as hall.processes sees it
    if platform == "win32":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])


@pytest.mark.parametrize("platform, forks", [("linux", True), ("darwin", False), ("win32", False)])
def test_workers_are_forked_only_where_that_is_safe(monkeypatch, platform, forks):
    _without_fork(monkeypatch, platform)
    assert processes.can_fork() is forks
    assert (processes.fork_context() is not None) is forks
    assert processes.pool_context().get_start_method() == ("fork" if forks else "spawn")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_without_fork_the_pools_spawn_and_the_site_is_the_same(
    busy_hall, tmp_path, monkeypatch, pools, platform
):
    usual = _cold(busy_hall, tmp_path / "usual")
    assert pools == ["fork"]
    pools.clear()
    _without_fork(monkeypatch, platform)
    spawned = _cold(busy_hall, tmp_path / "spawned")
    assert pools == ["spawn"]
    assert tree_digest(spawned) == tree_digest(usual)


def _parsed_and_said(hall: SmallHall, monkeypatch, capsys, keep_site: bool = False) -> tuple:
    """`hall build` run: the files this process parsed and checked by themselves (a forked process's lists are
    its own), and what it said."""
    parsed, checked = [], []
    parse, own = exhibit.parse, checks._own
    monkeypatch.setattr(exhibit, "parse", lambda path, *a: parsed.append(path) or parse(path, *a))
    monkeypatch.setattr(checks, "_own", lambda e, *a: checked.append(e.rel) or own(e, *a))
    shutil.rmtree(hall.root / ".cache", ignore_errors=True)
    if not keep_site:
        shutil.rmtree(hall.root / "site", ignore_errors=True)
    code = main(["build"])
    return code, len(parsed), len(checked), capsys.readouterr().err


@pytest.fixture
def broken_busy_hall(busy_hall, monkeypatch):
    """The busy hall with a broken file, where the build joins its reading ahead only once the other process is
    done: which of them takes which files is then no race."""
    if not processes.can_fork():
        pytest.skip("no safe fork here: every file is read in the build's process")
    join = Ahead.join
    monkeypatch.setattr(
        Ahead, "join", lambda self, *a: self._call._child.join(30) or join(self, *a)
    )
    path = busy_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nname:", "\nname: [", 1), encoding="utf-8"
    )
    monkeypatch.chdir(busy_hall.root)
    return busy_hall


def test_a_cold_build_reads_ahead_in_a_process_started_before_mkdocs(
    broken_busy_hall, monkeypatch, capsys
):
    """Started first, the process reading ahead reads, checks and derives files before the build gets to them;
    the build says the same, in the same order, as reading every file itself."""
    monkeypatch.setattr(plugin, "READ_AHEAD_FROM", 10**6)  # none started where the build reads
    ahead = _parsed_and_said(broken_busy_hall, monkeypatch, capsys)
    monkeypatch.setattr(Ahead, "early", classmethod(lambda cls, *args: None))
    alone = _parsed_and_said(broken_busy_hall, monkeypatch, capsys)
    assert ahead[0] == alone[0] == 1
    assert ahead[1] < alone[1] and ahead[2] < alone[2]
    assert "chai-jinfu.md:" in ahead[3] and ahead[3] == alone[3]


def test_a_site_with_a_manifest_but_no_record_reads_ahead_where_the_build_reads(
    broken_busy_hall, monkeypatch, capsys
):
    """No early process for a site that has a manifest (its last build's record would be read instead); with
    the record gone, the build finds every file to read and starts one then."""
    started = []
    early = Ahead.early.__func__
    monkeypatch.setattr(
        Ahead, "early", classmethod(lambda cls, *a: started.append(early(cls, *a)) or started[-1])
    )
    (broken_busy_hall.root / "site").mkdir(exist_ok=True)
    (broken_busy_hall.root / "site" / MANIFEST).write_text("{}", encoding="utf-8")
    late = _parsed_and_said(broken_busy_hall, monkeypatch, capsys, keep_site=True)
    assert started == [None]
    monkeypatch.setattr(plugin, "READ_AHEAD_FROM", 10**6)
    alone = _parsed_and_said(broken_busy_hall, monkeypatch, capsys, keep_site=True)
    assert late[1] < alone[1] and late[2] < alone[2] and late[3] == alone[3]


def test_a_failing_read_ahead_leaves_the_reading_to_the_build(busy_hall, tmp_path, monkeypatch):
    usual = _cold(busy_hall, tmp_path / "usual")

    def failing(*args):
        raise OSError("disk gone")

    monkeypatch.setattr(ahead_module, "_now", failing)
    assert tree_digest(_cold(busy_hall, tmp_path / "failed")) == tree_digest(usual)


def test_without_fork_serve_updates_to_the_site_a_build_gives(
    busy_hall, tmp_path, monkeypatch, pools
):
    _without_fork(monkeypatch, "win32")
    made_by = []  # the process that made the open data and search index (a forked child's list is its own)
    whole_hall_files = Preview._whole_hall_files
    monkeypatch.setattr(
        Preview,
        "_whole_hall_files",
        lambda self, hall: made_by.append(os.getpid()) or whole_hall_files(self, hall),
    )
    preview = Preview(busy_hall.config, tmp_path / "preview" / "site")
    preview.build()
    assert pools == ["spawn"]
    path = busy_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    assert preview.update() == "named"
    preview.wait()
    assert made_by == [os.getpid()]
    assert _differing(preview.site, build(busy_hall.config, tmp_path / "fresh")) == []


@pytest.fixture(params=[errno.EXDEV, errno.EPERM], ids=["another drive", "FAT or exFAT"])
def no_links(request, monkeypatch):
    """A file system without hard links: os.link fails as it does there (EXDEV, EPERM); the attempts counted."""
    tried = []

    def link(source, target, *args, **kwargs):
        tried.append(target)
        raise OSError(request.param, os.strerror(request.param), str(source), None, str(target))

    monkeypatch.setattr(os, "link", link)
    return tried


def test_without_hard_links_a_rebuild_copies_and_gives_the_same_site(
    small_hall, tmp_path, no_links
):
    build(small_hall.config)
    tried = len(no_links)
    story = small_hall.exhibits / "people" / "chai-jinfu.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n又一段。\n", encoding="utf-8")
    shutil.rmtree(
        small_hall.root / ".cache"
    )  # no record of the last build: a new site is swapped in
    site = build(
        small_hall.config
    )  # the other pages and the pictures unchanged: reused from the first build
    assert len(no_links) > tried
    assert tree_digest(site) == tree_digest(_cold(small_hall, tmp_path / "cold"))
    assert all(p.stat().st_nlink == 1 for p in site.rglob("*") if p.is_file())


def test_without_hard_links_serve_starts_from_a_copy_of_the_last_build(
    small_hall, tmp_path, no_links
):
    site = build(small_hall.config)
    published = tree_digest(site)
    preview = Preview(small_hall.config, tmp_path / "preview" / "site")
    assert preview.seed(site, _inputs(small_hall))
    assert no_links and tree_digest(preview.site) == published
    preview.build()
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    assert preview.update() == "named"
    preview.wait()
    assert tree_digest(site) == published
    assert _differing(preview.site, build(small_hall.config, tmp_path / "fresh")) == []


def test_without_hard_links_import_still_writes_new_profiles_only_where_none_exists(
    small_hall, tmp_path, no_links
):
    roster = (
        tmp_path / "名单.csv"
    )  # profiles are written exclusively, which a hard link does when it can
    roster.write_text(
        "姓名,荣誉称号,授予年份,地区,行业\n蒋建国,浙江工匠,2019,浙江省/台州市,制造业\n",
        encoding="utf-8",
    )
    lines = []
    assert run_import(small_hall.hall_config(), roster, profiles=True, say=lines.append) == 0, lines
    profile = small_hall.exhibits / "people" / "jiang-jianguo.md"
    assert no_links and "蒋建国" in profile.read_text(encoding="utf-8")


def _deep(root, length: int = 210):
    """A folder like those curators unpack into (the desktop, a chat program's downloads), Chinese names and
    spaces included, its path at least `length` characters long: the site's own paths come on top."""
    folder = root
    for name in ["县总工会 资料", "2024年 劳模工匠馆（新）", "劳模工匠馆-main", "劳模工匠馆-main"]:
        folder = folder / name
    while len(str(folder)) < length:
        folder = folder / "下载的文件 副本"
    folder.mkdir(parents=True)
    return folder


def _with_chinese_names(hall: SmallHall) -> SmallHall:
    """A picture and a register named in Chinese, as curators name them."""
    folder = hall.exhibits / "artifacts" / "zhu-bian-hua-lan"
    (folder / "basket.jpg").rename(folder / "花篮 正面.jpg")
    path = folder / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("basket.jpg", "花篮 正面.jpg"), encoding="utf-8"
    )
    hall.add(
        "registers/浙江 劳模.csv",
        "姓名,荣誉称号,授予年份,地区,档案\n柴金甫,全国劳动模范,2020,浙江省/嘉兴市/嘉善县,chai-jinfu\n",
    )
    return hall


def test_a_hall_in_a_deep_folder_with_chinese_names_builds_the_same_site(tmp_path):
    (tmp_path / "near").mkdir()
    near = _with_chinese_names(SmallHall(tmp_path / "near"))
    deep = _with_chinese_names(SmallHall(_deep(tmp_path)))
    assert len(str(deep.root)) >= 200
    assert deep.codes() == near.codes() == []
    site = build(deep.config)
    assert tree_digest(site) == tree_digest(build(near.config))
    assert (
        max(len(str(p)) for p in site.rglob("*")) > 260
    )  # what Windows refuses unless long paths are on


def test_a_path_windows_finds_too_long_is_explained_and_the_site_is_kept(
    small_hall, monkeypatch, capsys
):
    site = build(small_hall.config)
    published = tree_digest(site)
    deep = str(_deep(small_hall.root, 240) / "people" / "chai-jinfu" / "index.html")

    def refused(*args, **kwargs):  # what Windows says for a path past its limit
        raise FileNotFoundError(errno.ENOENT, "系统找不到指定的路径。", deep)

    monkeypatch.setattr("hall.engine.build.build", refused)
    monkeypatch.setattr(files, "sys", SimpleNamespace(platform="win32"))
    monkeypatch.chdir(small_hall.root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert (
        f"这个路径有 {len(deep)} 个字符" in err
        and "Disable path length limit" in err
        and "网站没有更新" in err
    )
    assert Path(deep).as_posix() in err
    assert tree_digest(site) == published
    monkeypatch.setattr(
        files, "sys", SimpleNamespace(platform="linux")
    )  # no such limit: an error of another kind
    assert main(["build"]) == 1
    assert (
        "出错了：找不到" in capsys.readouterr().err
    )  # said as every refused file is (hall.files.refusal)


def test_serve_explains_a_path_windows_finds_too_long_and_other_refusals(monkeypatch):
    from hall.engine.serve import _said

    deep = "D:/" + "展馆资料/" * 60 + "index.html"
    monkeypatch.setattr(files, "sys", SimpleNamespace(platform="win32"))
    assert "超出了 Windows 对路径长度的限制" in _said(
        FileNotFoundError(errno.ENOENT, "系统找不到指定的路径。", deep)
    )
    assert "没有权限读写" in _said(
        PermissionError(errno.EACCES, "拒绝访问。", "D:/展馆/site/index.html")
    )


def test_commands_name_files_from_the_working_folder_with_slashes(small_hall, monkeypatch, capsys):
    monkeypatch.chdir(small_hall.root)
    assert main(["new", "person", "蒋建国"]) == 0
    assert "已新建 exhibits/people/jiang-jianguo/index.md" in capsys.readouterr().out
    assert main(["new", "person", "蒋建国"]) == 2
    assert capsys.readouterr().err.startswith("exhibits/people/jiang-jianguo/index.md 已经存在")
    assert (
        main(["build", "--site-dir", "网站"]) == 1
    )  # the new file still holds the template's examples
    assert "exhibits/people/jiang-jianguo/index.md:" in capsys.readouterr().err
    shutil.rmtree(small_hall.exhibits / "people" / "jiang-jianguo")
    assert main(["build", "--site-dir", "网站"]) == 0
    assert "网站已生成：网站" in capsys.readouterr().out
    assert main(["build", "--site-dir", "网站"]) == 0
    said = capsys.readouterr()
    assert "网站已是最新" in said.err and "网站已生成" not in said.out  # nothing was made
    assert (
        files.shown(small_hall.root.parent / "别处" / "名单.xlsx")
        == f"{small_hall.root.parent.as_posix()}/别处/名单.xlsx"
    )


# --- files written by Windows tools ----------------------------------------------------------------------


def test_a_profile_saved_by_notepad_with_a_bom_and_crlf_builds_the_same_site(small_hall, tmp_path):
    usual = build(small_hall.config, tmp_path / "usual")
    for path in [
        small_hall.exhibits / "people" / "chai-jinfu.md",
        small_hall.exhibits / "people" / "zha-zhao" / "index.md",
    ]:
        path.write_bytes(
            b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode()
        )
    assert (
        _differing(build(small_hall.config, tmp_path / "notepad"), usual) == []
    )  # the inputs' digest aside
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_bytes(path.read_bytes().replace(b"year: 2020", b"year: 202"))
    [problem] = small_hall.load().report.errors
    assert (problem.path, problem.line, problem.code) == (
        "exhibits/people/chai-jinfu.md",
        7,
        "E104",
    )


@pytest.mark.parametrize(
    "encoding, named",
    [
        ("gbk", "GBK 编码（记事本里叫“ANSI”）"),
        ("utf-16", "UTF-16 编码（记事本里叫“UTF-16 LE”或“Unicode”）"),
    ],
)
def test_a_profile_saved_as_ansi_is_explained_with_notepads_fix(small_hall, encoding, named):
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    [problem] = small_hall.load().report.errors
    assert (problem.path, problem.code) == ("exhibits/people/chai-jinfu.md", "E001")
    assert problem.message == f"文件是 {named}，不是 UTF-8，无法正确读取中文"
    assert "记事本" in problem.hint and "“另存为”，在窗口下方的“编码”中选“UTF-8”" in problem.hint


ROSTER = "2024年度劳动模范名单\r\n姓名,荣誉称号,授予年份,地区,行业\r\n蒋建国,浙江工匠,2019,浙江省/台州市,制造业\r\n"


@pytest.mark.parametrize(
    "raw, read_as",
    [
        (b"\xef\xbb\xbf" + ROSTER.encode(), "带 BOM 的 UTF-8"),  # Excel's "CSV UTF-8（逗号分隔）"
        (ROSTER.encode(), "UTF-8"),
        (ROSTER.encode("gbk"), "GBK"),  # Excel's "CSV (逗号分隔)" on Chinese Windows
    ],
    ids=["utf-8 with a bom", "utf-8", "gbk"],
)
def test_import_says_how_it_read_an_excel_csv(small_hall, tmp_path, raw, read_as):
    roster = tmp_path / "名单.csv"
    roster.write_bytes(raw)
    lines = []
    assert run_import(small_hall.hall_config(), roster, dry_run=True, say=lines.append) == 0, lines
    assert (
        lines[0]
        == f"读取 {roster.as_posix()}（{read_as} 编码的 CSV 文件）：表头在第 2 行，共 1 行数据。"
    )
    assert "将新增 1 行" in "\n".join(lines)


def test_a_roster_utf8_at_first_and_gbk_further_down_is_an_error_not_mojibake(small_hall, tmp_path):
    roster = tmp_path / "名单.csv"  # a row pasted from a GBK file
    roster.write_bytes(
        ROSTER.encode() + "李强,全国劳动模范,2020,浙江省/嘉兴市,制造业\r\n".encode("gbk")
    )
    lines = []
    assert run_import(small_hall.hall_config(), roster, say=lines.append) == 1
    assert lines == [
        f"{roster.as_posix()}: 错误 E701 第 4 行附近不是 UTF-8 编码，无法正确读取中文"
        "（请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”后再导入）"
    ]
    assert not (small_hall.exhibits / "registers").exists()


def test_a_register_excel_saved_as_gbk_is_read_with_a_warning_and_import_makes_it_utf8(
    small_hall, tmp_path
):
    folder = small_hall.exhibits / "registers"
    usual = "姓名,荣誉称号,授予年份,地区,档案\r\n柴金甫,全国劳动模范,2020,浙江省/嘉兴市/嘉善县,chai-jinfu\r\n"
    folder.mkdir()
    (folder / "mo-fan.csv").write_bytes(b"\xef\xbb\xbf" + usual.encode())
    site = build(small_hall.config, tmp_path / "utf-8")
    (folder / "mo-fan.csv").write_bytes(usual.encode("gbk"))
    assert _differing(build(small_hall.config, tmp_path / "gbk"), site) == []
    hall = small_hall.load()
    load_registers(small_hall.hall_config(), hall)
    [warning] = hall.report.warnings
    assert (warning.path, warning.line, warning.code) == (
        "exhibits/registers/mo-fan.csv",
        1,
        "W703",
    )
    assert "“另存为”→“CSV UTF-8（逗号分隔）”" in warning.hint
    roster = tmp_path / "名单.csv"
    roster.write_text("姓名,荣誉称号,授予年份\n蒋建国,浙江工匠,2019\n", encoding="utf-8")
    assert run_import(small_hall.hall_config(), roster, register="mo-fan", say=print) == 0
    rewritten = (folder / "mo-fan.csv").read_bytes()  # the import's own format: UTF-8 with a BOM
    assert rewritten.startswith(b"\xef\xbb\xbf") and {"柴金甫", "蒋建国"} <= set(
        re.findall(r"\w{3}", rewritten.decode())
    )


def test_serve_on_a_port_already_taken_says_so_in_chinese_and_exits(small_hall):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build_hall.py"),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=small_hall.root,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert (
        f"端口 {port} 已被占用或被系统保留，预览没有启动" in result.stderr
        and "Traceback" not in result.stderr
    )


@pytest.mark.parametrize(
    "platform, busy, replaced", [("win32", 3, True), ("win32", 9, False), ("linux", 1, False)]
)
def test_a_file_windows_says_is_in_use_is_replaced_once_it_is_free(
    tmp_path, monkeypatch, platform, busy, replaced
):
    """The preview's server sending a page, or an antivirus scanning it, holds it open for a moment."""
    path = tmp_path / "index.html"
    path.write_bytes(b"old")
    tries, real = [], os.replace

    def replace(source, target):
        tries.append(target)
        if len(tries) <= busy:
            raise PermissionError(
                errno.EACCES, "另一个程序正在使用此文件，进程无法访问。", str(target)
            )
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(files, "sys", SimpleNamespace(platform=platform))
    monkeypatch.setattr(files, "BUSY_WAITS", (0, 0, 0, 0, 0))
    if replaced:
        files.write_whole(path, b"new")
    else:
        with pytest.raises(PermissionError):
            files.write_whole(path, b"new")
    assert path.read_bytes() == (b"new" if replaced else b"old")
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]  # no temporary file left behind


def test_cache_pickles_are_read_and_written_without_collections_and_the_collector_restored(
    tmp_path, monkeypatch
):
    import gc
    import pickle

    from hall.files import read_pickle, write_pickle

    seen, dump, load = [], pickle.dump, pickle.load
    monkeypatch.setattr(
        pickle, "dump", lambda *a, **k: seen.append(gc.isenabled()) or dump(*a, **k)
    )
    monkeypatch.setattr(
        pickle, "load", lambda *a, **k: seen.append(gc.isenabled()) or load(*a, **k)
    )
    assert gc.isenabled()
    write_pickle(tmp_path / "cache.pickle", {"a": [1, 2]})
    assert read_pickle(tmp_path / "cache.pickle") == {"a": [1, 2]}
    assert seen == [False, False] and gc.isenabled()


def test_a_build_runs_without_collections_and_restores_the_collector(small_hall, monkeypatch):
    import gc

    import hall.engine.build

    seen, real = [], hall.engine.build.mkdocs_build
    monkeypatch.setattr(
        hall.engine.build,
        "mkdocs_build",
        lambda config: seen.append(gc.isenabled()) or real(config),
    )
    assert gc.isenabled()
    hall.engine.build.build(small_hall.config)
    assert seen == [False] and gc.isenabled()


def test_what_a_build_made_is_not_walked_once_the_collector_is_back(small_hall, monkeypatch):
    """The objects it made join the oldest generation as it ends: the collection that starts as soon as the
    collector runs again would walk all of them, for the few cycles a finished build leaves."""
    import gc

    import hall.engine.build

    walked, real = [], hall.engine.build.mkdocs_build

    def watch(phase, info):
        if phase == "start" and ended:
            walked.append(sum(len(gc.get_objects(g)) for g in range(info["generation"] + 1)))

    ended = []
    monkeypatch.setattr(
        hall.engine.build, "mkdocs_build", lambda config: real(config) or ended.append(True)
    )
    gc.callbacks.append(watch)
    try:
        build(small_hall.config)
    finally:
        gc.callbacks.remove(watch)
    assert max(walked, default=0) < 2000, walked  # 8,194 when they were left young (the small hall)


def test_a_file_written_by_a_function_that_fails_leaves_the_old_file_whole(tmp_path):
    """A cache's pickle is written into the file as it is made (hall.files.write_pickle): a value that does not
    pickle, or a full disk, part of the way through leaves the previous file as it was, and no temporary one."""
    path = tmp_path / "cache.pickle"
    path.write_bytes(b"old")

    def half(fh):
        fh.write(b"half of it")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as raised:
        files.write_whole(path, half)
    assert raised.value.filename == str(path)  # named by the file meant, not its temporary twin
    with pytest.raises((pickle.PicklingError, AttributeError)):
        files.write_pickle(path, lambda: None)  # a lambda does not pickle
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.pickle"]
