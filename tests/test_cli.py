"""The command line as a curator uses it: exit codes, messages, no tracebacks."""

import argparse
import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hall.cli import COMMANDS, EXIT_USAGE, _parser, main
from tests.conftest import ARTIFACT, COLLECTIVE, PERSON

ROOT = Path(__file__).resolve().parents[1]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build_hall.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_clean_hall_exits_0(small_hall):
    result = run(small_hall.root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "共 0 个错误" in result.stdout


BAD = {
    "yaml syntax": ("people/chai-jinfu.md", PERSON.replace("summary: 嘉善", "summary: 嘉善: 花")),
    "unknown key": ("people/chai-jinfu.md", PERSON.replace("trade:", "tarde: x\ntrade:")),
    "missing field": ("people/chai-jinfu.md", PERSON.replace("region: 浙江省/嘉兴市/嘉善县\n", "")),
    "wrong type": (
        "people/chai-jinfu.md",
        PERSON.replace("honors:\n", "honors: 全国劳动模范\nx:\n"),
    ),
    "year out of range": ("people/chai-jinfu.md", PERSON.replace("year: 2020", "year: 1776")),
    "honor not in vocabulary": ("people/chai-jinfu.md", PERSON.replace("全国劳动模范", "全国劳模")),
    "trade not in vocabulary": ("people/chai-jinfu.md", PERSON.replace("农、林、牧、渔业", "种花")),
    "duplicate slug": ("people/chai-jinfu/index.md", PERSON),
    "missing reference": (
        "collectives/zha-zhao-studio/index.md",
        COLLECTIVE.replace("members: [zha-zhao]", "members: [nobody]"),
    ),
    "missing image": (
        "artifacts/zhu-bian-hua-lan/index.md",
        ARTIFACT.replace("basket.jpg", "nope.jpg"),
    ),
    "image outside folder": (
        "artifacts/zhu-bian-hua-lan/index.md",
        ARTIFACT.replace("basket.jpg", "/etc/passwd"),
    ),
    "no alt text": (
        "artifacts/zhu-bian-hua-lan/index.md",
        ARTIFACT.replace("    alt: 一只竹编花篮\n", ""),
    ),
    "duplicate key": ("people/chai-jinfu.md", PERSON.replace("trade:", "name: 另一个\ntrade:")),
    "yaml conversion": ("people/chai-jinfu.md", PERSON.replace("name: 柴金甫", "name: no")),
    "gbk file": ("people/chai-jinfu.md", None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_exhibit_fails_check_and_build_with_file_and_line(small_hall, case):
    rel, text = BAD[case]
    assert run(small_hall.root, "build").returncode == 0
    site_index = (small_hall.root / "site" / "index.html").read_bytes()
    if text is None:
        (small_hall.exhibits / rel).write_bytes(PERSON.encode("gbk"))
    else:
        small_hall.add(rel, text)
    check = run(small_hall.root, "check")
    build = run(small_hall.root, "build")
    for result in (check, build):
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Traceback" not in output
        assert f"exhibits/{rel}" in output and "错误 E" in output, output
    assert (small_hall.root / "site" / "index.html").read_bytes() == site_index


def test_check_json_format(small_hall):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("year: 2020", "year: 202"))
    result = run(small_hall.root, "check", "--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["errors"] == 1
    assert data["problems"][0] | {"message": ""} == {
        "path": "exhibits/people/chai-jinfu.md",
        "line": 7,
        "code": "E104",
        "message": "",
        "hint": "写成四位数字，如 2020",
        "severity": "error",
    }


def test_usage_errors_exit_2(small_hall, tmp_path):
    assert run(small_hall.root, "nonsense").returncode == 2
    assert run(tmp_path / "..", "check", "-f", "missing.yml").returncode == 2


def test_new_writes_a_valid_template_and_never_overwrites(small_hall):
    result = run(small_hall.root, "new", "person", "章叔岩")
    assert result.returncode == 0, result.stderr
    path = small_hall.exhibits / "people" / "zhang-shuyan" / "index.md"
    text = path.read_text(encoding="utf-8")
    assert 'name: "章叔岩"' in text
    check = run(small_hall.root, "check")  # the template's example texts are not a profile
    assert (
        check.returncode == 1
        and "index.md:15: 错误 E109 “summary”（一句话简介）还是模板里的示例文字" in check.stdout
    )
    path.write_text(text + "\n馆员写的故事。\n", encoding="utf-8")
    again = run(small_hall.root, "new", "person", "章叔岩")
    assert again.returncode == 2 and "已经存在" in again.stderr
    assert "馆员写的故事" in path.read_text(encoding="utf-8")
    assert run(small_hall.root, "new", "artifact", "竹编花篮 二").returncode == 0
    assert (small_hall.exhibits / "artifacts" / "zhu-bian-hua-lan-er" / "index.md").is_file()


def test_schema_command(small_hall):
    result = run(small_hall.root, "schema")
    assert result.returncode == 0 and set(json.loads(result.stdout)["$defs"]) == {
        "people",
        "artifacts",
        "collectives",
        "lessons",
        "exhibitions",
        "pages",
        "events",
    }


def test_labels_for_a_gallery_and_for_named_exhibits(small_hall):
    result = run(small_hall.root, "labels", "--gallery", "eras/2012-", "-o", "eras.html")
    assert result.returncode == 0, result.stderr
    sheet = (small_hall.root / "eras.html").read_text(encoding="utf-8")
    assert (
        sheet.count('<section class="label">') == sheet.count("<svg") == 2
    )  # 柴金甫 and 查昭's studio era
    assert "柴金甫" in sheet and "全国劳动模范 · 2020" in sheet and "王进喜" not in sheet
    result = run(small_hall.root, "labels", "wang-jinxi", "-o", "one.html")
    assert result.returncode == 0 and "王进喜" in (small_hall.root / "one.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    "args, message",
    [(["nobody"], "没有这些展品：nobody"), (["--gallery", "eras/1600-"], "没有找到展厅")],
)
def test_labels_refuse_unknown_exhibits_and_galleries(small_hall, args, message):
    result = run(small_hall.root, "labels", *args)
    assert (
        result.returncode == 1
        and message in result.stderr
        and not (small_hall.root / "labels.html").exists()
    )


def _parsers(parser: argparse.ArgumentParser):
    """The parser and every subcommand's, with the subcommand's name ('' for the top)."""
    yield "", parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _our_words(parser: argparse.ArgumentParser) -> set[str]:
    """ASCII words the hall itself gives argparse: program names, options, choices, metavars, help texts."""
    texts = []
    for _, each in _parsers(parser):
        texts += [each.prog, each.description or ""]
        for action in each._actions:
            texts += [
                *action.option_strings,
                str(action.metavar or ""),
                action.help or "",
                *map(str, action.choices or []),
            ]
            texts += [choice.help or "" for choice in getattr(action, "_choices_actions", [])]
    return set(re.findall(r"[A-Za-z]{2,}", " ".join(texts)))


USAGE_ERRORS = [
    [],
    ["nonsense"],
    ["chek"],
    ["check", "--format", "xml"],
    ["check", "--bogus"],
    ["new", "person"],
    ["labels", "-o"],
    ["-f"],
    ["import"],
    ["serve", "--dev-addr"],
]


def _english(argv: list[str], capsys) -> tuple[int, str, set[str]]:
    """Run the command line in-process: its exit code, what it printed and the English words in it."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    out = capsys.readouterr()
    text = out.out + out.err
    allowed = _our_words(_parser()) | set(re.findall(r"[A-Za-z]{2,}", " ".join(argv)))
    return exited.value.code, text, set(re.findall(r"[A-Za-z]{2,}", text)) - allowed


@pytest.mark.parametrize("command", [""] + sorted(COMMANDS))
def test_every_help_is_chinese(command, capsys):
    code, text, english = _english([command, "--help"] if command else ["--help"], capsys)
    assert code == 0 and text.startswith("用法：") and "显示本帮助并退出" in text and not english, (
        text
    )
    assert (
        "\n参数" in text or command in ("check", "build", "serve", "schema")
    ) and "\n选项" in text, text


@pytest.mark.parametrize("argv", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_are_chinese_and_exit_2(argv, capsys):
    code, text, english = _english(argv, capsys)
    assert code == EXIT_USAGE and "错误：" in text and "查看用法" in text and not english, text
    assert (
        argparse._("usage: ") == "usage: "
    )  # argparse is itself again outside the hall's command line


def test_help_and_usage_errors_through_the_program(tmp_path):
    for args in (["--help"], ["import", "--help"]):
        result = run(tmp_path, *args)
        assert (
            result.returncode == 0
            and result.stdout.startswith("用法：")
            and "usage" not in result.stdout
        )
    result = run(tmp_path, "new")
    assert result.returncode == 2 and "缺少必须填写的参数：类别, 名称" in result.stderr, (
        result.stderr
    )


@pytest.mark.parametrize(
    "code, said",
    [
        (errno.ENOSPC, "磁盘已满，写不进"),
        (errno.EACCES, "没有权限读写"),
        (errno.EROFS, "磁盘是只读的，写不进"),
    ],
)
def test_a_refused_write_is_said_in_chinese_and_keeps_the_site(
    small_hall, monkeypatch, capsys, code, said
):
    from hall.cli import main
    from hall.engine.build import build
    from tests.sitecheck import tree_digest

    site = build(small_hall.config)
    before = tree_digest(site)
    small_hall.add("people/chai-jinfu.md", PERSON + "\n新的一段。\n")
    open_file = Path.open

    def refused(path, mode="r", *args, **kwargs):  # the disk, once the new site is half written
        if ".site-build-" in str(path) and "index.html" in path.name and mode[0] in "wx":
            raise OSError(code, os.strerror(code), str(path))
        return open_file(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    assert main(["-f", str(small_hall.config), "build"]) == 1
    said_out = capsys.readouterr().err
    assert f"出错了：{said} " in said_out and "index.html。" in said_out and "改法：" in said_out
    assert "网站没有更新，上一次生成的网站保持不变" in said_out
    assert os.strerror(code) not in said_out and "Errno" not in said_out and ".tmp" not in said_out
    assert tree_digest(site) == before and not list(small_hall.root.glob(".site-*"))


def test_every_operational_error_is_one_hall_error_with_its_exit_code(
    small_hall, monkeypatch, capsys
):
    from hall.engine.build import BuildFailed
    from hall.model.events import TodayError
    from hall.model.problems import EXIT_ERRORS, HallError
    from hall.model.scaffold import ScaffoldError
    from hall.registers.importer import UsageError
    from hall.site.labels import LabelError

    exits = {BuildFailed: 1, LabelError: 1, ScaffoldError: 2, UsageError: 2, TodayError: 2}
    assert {e: e.exit_code for e in exits if issubclass(e, HallError)} == exits

    class Odd(HallError):  # a new one needs no handler of its own in hall.cli
        exit_code, then = 7, "然后这样做。"

    def fails(args, config_file):
        raise Odd("出了一个新问题")

    monkeypatch.setitem(COMMANDS, "check", fails)
    assert main(["-f", str(small_hall.config), "check"]) == 7
    assert capsys.readouterr().err == "出了一个新问题\n然后这样做。\n"
    assert HallError.exit_code == EXIT_ERRORS


@pytest.mark.parametrize(
    "argv0, name",
    [
        ("/venv/bin/hall", "hall"),
        (r"C:\hall\.venv\Scripts\hall.exe", "hall"),
        ("build_hall.py", "build_hall.py"),
    ],
)
def test_usage_names_the_command_as_the_curator_typed_it(monkeypatch, capsys, argv0, name):
    monkeypatch.setattr(sys, "argv", [argv0.replace("\\", "/")])
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith(f"用法：{name} ")


def test_the_command_ends_without_the_interpreters_teardown_and_keeps_its_output_and_code(
    tmp_path,
):
    """build_hall.py leaves through os._exit once the command has returned (a build's millions of objects are not
    released one by one): no exit handler runs, and what it printed and its exit code are kept."""
    script = (
        "import atexit, runpy, sys; atexit.register(print, 'teardown'); "
        f"sys.argv = [{str(ROOT / 'build_hall.py')!r}, *sys.argv[1:]]; "
        "runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script, "schema"], cwd=tmp_path, capture_output=True, text=True
    )
    assert ran.returncode == 0 and json.loads(ran.stdout) and "teardown" not in ran.stdout
    missing = subprocess.run(
        [sys.executable, "-c", script, "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert missing.returncode == EXIT_USAGE and "找不到配置文件" in missing.stderr
    assert "teardown" not in missing.stdout
