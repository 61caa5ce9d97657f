"""Command line of the hall: check, build, serve, new, labels, import, schema (installed as `hall`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from hall.argparse_zh import chinese
from hall.files import shown
from hall.model.problems import EXIT_ERRORS, EXIT_USAGE, HallError

EXIT_OK = 0


def command() -> str:
    """The command as the curator typed it, for usage lines and hints: the installed `hall` (hall.exe on
    Windows) or build_hall.py."""
    return "hall" if Path(sys.argv[0]).stem == "hall" else "build_hall.py"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=command(), description="劳模工匠馆：检查展品、生成和预览网站"
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="配置文件",
        help="配置文件（默认 mkdocs.yml）",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    _site_commands(sub)
    _exhibit_commands(sub)
    _import_command(sub)
    schema = sub.add_parser("schema", help="输出 front matter 的 JSON Schema，供编辑器补全和检查")
    schema.add_argument("-o", "--output", metavar="文件", help="写入文件（默认输出到屏幕）")
    return parser


def _site_commands(sub) -> None:
    """check, build and serve."""
    check = sub.add_parser("check", help="检查全部展品，列出问题")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    build = sub.add_parser("build", help="检查并生成网站到 site/")
    build.add_argument(
        "--site-dir", metavar="文件夹", help="输出文件夹（默认 mkdocs.yml 的 site_dir）"
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="生成离线版（site-offline/ 和 site-offline.zip）：从磁盘直接打开或在无网络的触摸屏上使用，可搜索",
    )
    serve = sub.add_parser("serve", help="生成并在本机预览，保存文件后自动刷新")
    serve.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="地址:端口",
        help="地址和端口（默认 127.0.0.1:8000）",
    )
    serve.add_argument("--open", action="store_true", help="开始预览后用默认浏览器打开")


def _exhibit_commands(sub) -> None:
    """new and labels."""
    new = sub.add_parser("new", help="按模板新建展品文件（不会覆盖已有文件）")
    new.add_argument(
        "kind",
        metavar="类别",
        help="person（人物）、artifact（匠品）、collective（集体）、lesson（劳动课）、"
        "exhibition（展览）、page（本馆页面，如参观指南、关于本馆）或 event（活动）",
    )
    new.add_argument("name", metavar="名称", help="姓名或名称")
    new.add_argument("--slug", metavar="文件名", help="文件名（默认用拼音）")
    labels = sub.add_parser(
        "labels", help="生成可打印的 A4 展品标签（含二维码），写入一个 HTML 文件"
    )
    labels.add_argument(
        "slugs", nargs="*", metavar="展品", help="展品文件名，如 chai-jinfu（不写则为全部展品）"
    )
    labels.add_argument(
        "--gallery", metavar="展厅", help="某个展厅的全部展品，写展厅网址中的路径，如 eras/2012-"
    )
    labels.add_argument(
        "--audio",
        action="store_true",
        help="为每段语音导览（展品的、展览单元的）生成“扫码听讲解”标签，二维码直接打开播放器",
    )
    labels.add_argument(
        "-o",
        "--output",
        default="labels.html",
        metavar="文件",
        help="写入的文件（默认 labels.html）",
    )


def _import_command(sub) -> None:
    imp = sub.add_parser(
        "import", help="把工会的劳模名单（Excel 或 CSV）导入名录 exhibits/registers/（会写入文件）"
    )
    imp.add_argument(
        "file", metavar="名单文件", help="名单文件：.xlsx（读第 1 张工作表）或 .csv（UTF-8 或 GBK）"
    )
    imp.add_argument(
        "--register",
        metavar="名录",
        help="名录名称，即 exhibits/registers/ 中的文件名（默认用名单文件名的拼音）",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=字段",
        help="指定某一列对应的字段，如 --map 获奖时间=授予年份；字段写“忽略”则不导入这一列；可以写多个",
    )
    imp.add_argument(
        "--profiles",
        action="store_true",
        help="同时为没有档案的人建立简要人物档案 exhibits/people/<拼音>.md；再次导入只更新基本信息，不改正文",
    )
    imp.add_argument("--dry-run", action="store_true", help="只显示将会做的改动，不写入任何文件")
    imp.add_argument(
        "--force",
        action="store_true",
        help="名录文件本身有表头或编码问题时，仍按标准格式重写它（不认识的列会被删除）",
    )


def main(argv: list[str] | None = None) -> int:
    with chinese():  # argparse's own texts (usage, titles, -h, errors) too
        args = _parser().parse_args(argv)
    config_file = Path(args.config_file)
    if args.command != "schema" and not config_file.is_file():
        print(
            f"找不到配置文件 {shown(config_file)}，请在展馆项目的根目录运行，或用 -f 指定。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args, config_file)
    except HallError as exc:  # an operational error: its own Chinese words and exit code
        print(exc, file=sys.stderr)
        if exc.then:
            print(exc.then, file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a full disk, no permission, a read-only disk: said in Chinese
        from hall.files import refusal

        print(refusal(exc), file=sys.stderr)
        return EXIT_ERRORS


def run() -> None:
    """The command's own process (build_hall.py, the installed `hall`): main, then out without the interpreter's
    teardown, which would release what a build read and made object by object when nothing is left to do (2.4 s
    CPU after a 10,000-exhibit build, about 1 s at 2,000). Output is flushed first; the command has returned, so
    no work of its own is cut short. Tests call main, which returns."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _settings(config_file: Path):
    """The hall's settings (hall.model.config), imported on use: `build` starts reading ahead before the model is
    imported (hall.engine.ahead)."""
    from hall.model import config

    return config.load(config_file)


def _check(args, config_file: Path) -> int:
    from hall.model.catalog import load_hall
    from hall.registers.tables import load_registers

    config = _settings(config_file)
    _ = config.today  # the day events are seen from: HALL_TODAY may be mistyped
    hall = load_hall(config)
    load_registers(config, hall)  # registers (名录) are checked like exhibits
    report = hall.report
    print(report.format_json() if args.format == "json" else report.format_text())
    return EXIT_ERRORS if report.errors else EXIT_OK


def _build(args, config_file: Path) -> int:
    from hall.engine.ahead import Ahead

    # started before MkDocs is imported: the exhibits are read meanwhile
    ahead = Ahead.early(config_file, args.site_dir, args.offline)
    from hall.engine.build import BuildFailed, build
    from hall.files import path_too_long, refusal

    try:  # it says what it did: the site made, or nothing to do
        site_dir = Path(args.site_dir) if args.site_dir else None
        build(config_file, site_dir, offline=args.offline, ahead=ahead)
    except OSError as exc:
        raise BuildFailed(path_too_long(exc) or refusal(exc)) from None
    finally:
        if ahead is not None:
            ahead.cancel()  # not taken (nothing to build, or the build failed)
    return EXIT_OK


def _serve(args, config_file: Path) -> int:
    from hall.engine.serve import serve

    return serve(
        config_file, args.dev_addr, args.open
    )  # the exhibits' errors are printed; the preview waits for a fix


def _new(args, config_file: Path) -> int:
    from hall.model.scaffold import new_exhibit

    path = new_exhibit(_settings(config_file).exhibits_dir, args.kind, args.name, args.slug)
    print(f"已新建 {shown(path)}，请打开填写，然后运行 {command()} check")
    return EXIT_OK


def _labels(args, config_file: Path) -> int:
    from hall.site.labels import write

    output = Path(args.output)
    count = write(_settings(config_file), output, args.slugs, args.gallery, args.audio)
    print(f"已写入 {shown(output)}：{count} 张标签。用浏览器打开后打印（A4，实际大小）。")
    return EXIT_OK


def _import(args, config_file: Path) -> int:
    from hall.registers.importer import run_import

    return run_import(
        _settings(config_file),
        Path(args.file),
        register=args.register,
        maps=args.map,
        profiles=args.profiles,
        dry_run=args.dry_run,
        force=args.force,
    )


def _schema(args, config_file: Path) -> int:
    from hall.model.schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


COMMANDS = {
    "check": _check,
    "build": _build,
    "serve": _serve,
    "new": _new,
    "labels": _labels,
    "schema": _schema,
    "import": _import,
}
