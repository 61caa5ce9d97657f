"""What MkDocs says about mkdocs.yml, its own settings (outside the hall plugin's) and the file's YAML, said in
Chinese with the file, the line and the fix: MkDocs' English never reaches a curator."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from hall.model.loader import yaml_problem

SETTING = re.compile(r"Config value '(?P<key>[^']+)': (?P<detail>.*)", re.S)
YAML_AT = re.compile(r'in "[^"]+", line \d+, column \d+')
# a phrase of MkDocs' message -> what is wrong, and the fix; {names} are the phrase's groups
DETAILS = [
    (
        r"The path set in custom_dir \('(?P<path>.*)'\) does not exist",
        "指向的主题文件夹 {path} 不存在",
        "把 custom_dir 改成本馆主题文件夹 hall/theme 的路径，相对于 mkdocs.yml 所在的文件夹；或删去这一行",
    ),
    (
        r"Unrecognised theme name: '(?P<name>[^']*)'",
        "写的主题“{name}”没有安装",
        "主题写成 name: material",
    ),
    (
        r"The URL isn't valid",
        "不是完整的网址",
        "写完整的网址，以 https:// 或 http:// 开头，如 https://hall.example.org/",
    ),
    (r"Expected type: <class 'bool'>", "的值应为 true 或 false", "写 true 或 false"),
    (r"Expected type: <class '(list|tuple)'>", "的值应为列表", "每项一行，以“- ”开头"),
    (r"Expected type: <class 'dict'>", "的值应为“键: 值”的映射", "每项一行，写成“键: 值”"),
    (r"Expected type: <class 'str'>", "的值应为文字", "写一段文字（有冒号等符号时用引号括起来）"),
    (
        r"isn't an existing directory|does not exist",
        "指向的文件夹不存在",
        "改成已有文件夹的路径，相对于 mkdocs.yml 所在的文件夹",
    ),
    (
        r"Unrecognised configuration name",
        "不是 MkDocs 的设置，已忽略",
        "检查是不是写错了，或删去这一行",
    ),
]
UNKNOWN = (
    "的值 MkDocs 不接受",
    "对照 README 中 mkdocs.yml 的说明改正这一项，或撤销最近对它的改动",
)


def said(message: str, config_file: Path) -> str:
    """MkDocs' message in Chinese when it is about mkdocs.yml; any other (the hall plugin's, in Chinese) as it is."""
    if found := SETTING.match(message):
        return _setting(found["key"], found["detail"], config_file)
    if YAML_AT.search(message):
        return _syntax(config_file)
    return message


def _setting(key: str, detail: str, config_file: Path) -> str:
    what, fix = UNKNOWN
    for phrase, wrong, hint in DETAILS:
        if found := re.search(phrase, detail):
            what, fix = wrong.format(**found.groupdict()), hint
            break
    line = _line(config_file, key)
    where = f"{config_file.name} 第 {line} 行" if line else config_file.name
    return f"{where}：“{key}”{what}（{fix}）"


def _line(config_file: Path, key: str) -> int | None:
    """The line of a top-level setting in mkdocs.yml (MkDocs names no deeper ones)."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    return next((k.start_mark.line + 1 for k, _ in pairs if getattr(k, "value", None) == key), None)


def _syntax(config_file: Path) -> str:
    """The file's YAML error, found again by our reader of it (hall.model.loader's words for PyYAML's)."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line, notice = yaml_problem(exc, 1, text)
        return notice.at(config_file.name, line).format()
    except (OSError, ValueError, yaml.YAMLError):
        pass
    return f"{config_file.name}：YAML 语法错误（检查最近改过的几行的缩进、冒号和引号）"
