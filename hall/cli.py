"""Command line of the hall: check, build, serve, new, labels, schema (installed as `hall`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import config as hall_config

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build_hall.py", description="劳模工匠馆：检查展品、生成和预览网站")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = sub.add_parser("check", help="检查全部展品，列出问题")
    check.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    build = sub.add_parser("build", help="检查并生成网站到 site/")
    build.add_argument("--site-dir", help="输出文件夹（默认 mkdocs.yml 的 site_dir）")
    build.add_argument("--offline", action="store_true",
                       help="生成离线版（site-offline/ 和 site-offline.zip）：从磁盘直接打开或在无网络的触摸屏上使用，可搜索")
    serve = sub.add_parser("serve", help="生成并在本机预览，保存文件后自动刷新")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="地址和端口")
    new = sub.add_parser("new", help="按模板新建展品文件（不会覆盖已有文件）")
    new.add_argument("kind", help="person（人物）、artifact（匠品）、collective（集体）或 lesson（劳动课）")
    new.add_argument("name", help="姓名或名称")
    new.add_argument("--slug", help="文件名（默认用拼音）")
    labels = sub.add_parser("labels", help="生成可打印的 A4 展品标签（含二维码），写入一个 HTML 文件")
    labels.add_argument("slugs", nargs="*", metavar="展品", help="展品文件名，如 chai-jinfu（不写则为全部展品）")
    labels.add_argument("--gallery", help="某个展厅的全部展品，写展厅网址中的路径，如 eras/2012-")
    labels.add_argument("-o", "--output", default="labels.html", help="写入的文件（默认 labels.html）")
    schema = sub.add_parser("schema", help="输出 front matter 的 JSON Schema，供编辑器补全和检查")
    schema.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config_file = Path(args.config_file)
    if args.command != "schema" and not config_file.is_file():
        print(f"找不到配置文件 {config_file}，请在展馆项目的根目录运行，或用 -f 指定。", file=sys.stderr)
        return EXIT_USAGE
    return COMMANDS[args.command](args, config_file)


def _check(args, config_file: Path) -> int:
    from .catalog import load_hall

    hall = load_hall(hall_config.load(config_file))
    report = hall.report
    print(report.format_json() if args.format == "json" else report.format_text())
    return EXIT_ERRORS if report.errors else EXIT_OK


def _build(args, config_file: Path) -> int:
    from .plugin import BuildFailed, build

    try:
        site_dir = build(config_file, Path(args.site_dir) if args.site_dir else None, offline=args.offline)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        print("网站没有更新，上一次生成的网站保持不变。", file=sys.stderr)
        return EXIT_ERRORS
    print(f"网站已生成：{site_dir}" + (f"（离线版，另有压缩包 {site_dir.with_suffix('.zip')}）" if args.offline else ""))
    return EXIT_OK


def _serve(args, config_file: Path) -> int:
    from .plugin import BuildFailed, serve

    try:
        serve(config_file, args.dev_addr)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _new(args, config_file: Path) -> int:
    from .scaffold import ScaffoldError, new_exhibit

    try:
        path = new_exhibit(hall_config.load(config_file).exhibits_dir, args.kind, args.name, args.slug)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    print(f"已新建 {path}，请打开填写，然后运行 build_hall.py check")
    return EXIT_OK


def _labels(args, config_file: Path) -> int:
    from .labels import LabelError, write

    output = Path(args.output)
    try:
        count = write(hall_config.load(config_file), output, args.slugs, args.gallery)
    except LabelError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERRORS
    print(f"已写入 {output}：{count} 张标签。用浏览器打开后打印（A4，实际大小）。")
    return EXIT_OK


def _schema(args, config_file: Path) -> int:
    from .schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


COMMANDS = {"check": _check, "build": _build, "serve": _serve, "new": _new, "labels": _labels, "schema": _schema}
