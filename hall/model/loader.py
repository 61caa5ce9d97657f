"""Read an exhibit file: front matter with a line number for every key, and the story body.

YAML is composed into nodes and turned into plain data here, so that
- every key and list item keeps its line for error messages,
- duplicate keys are an error instead of silently keeping the last one,
- every scalar stays the text the curator wrote (a `Scalar`, a str that remembers what
  YAML 1.1 would have turned it into), so `no`, `0571` or `2020-11-27` are never converted
  behind anyone's back; the schema decides what a field means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from hall.model.problems import Report

Path_ = tuple  # a key path such as ("honors", 0, "year")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml (C) when present: far faster


class Scalar(str):
    """A YAML scalar kept as written. `implicit` is the type YAML 1.1 would have given it."""

    implicit: str = "str"
    plain: bool = False
    line: int = 0

    def __new__(cls, value: str, implicit: str = "str", plain: bool = False, line: int = 0):
        obj = super().__new__(cls, value)
        obj.implicit, obj.plain, obj.line = implicit, plain, line
        return obj


@dataclass
class Source:
    """A parsed exhibit file."""

    path: Path
    data: dict = field(default_factory=dict)
    lines: dict[Path_, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, loc: Path_) -> int:
        """The line of a key path, or of its nearest ancestor that exists."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def scalars(data, loc: Path_ = ()):
    """(key path, value) for every scalar in parsed front matter."""
    if isinstance(data, (dict, list)):
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            yield from scalars(value, loc + (key,))
    else:
        yield loc, data


# Common PyYAML problems, said in words a curator understands.
_YAML_PROBLEMS = [
    (
        "mapping values are not allowed",
        "这里出现了多余的冒号“:”",
        "值里含有冒号时，请给整个值加上引号",
    ),
    (
        "cannot start any token",
        "出现了不能使用的字符（常见于用 Tab 键缩进）",
        "请用空格缩进，不要用 Tab",
    ),
    ("could not find expected ':'", "缺少冒号“:”", "每一行应写成“键: 值”，冒号后留一个空格"),
    ("while scanning a quoted scalar", "引号没有配对", "检查这一行的引号是否成对"),
    (
        "while parsing a flow sequence",
        "方括号“[”没有配对",
        "在列表末尾补上“]”，或给含有“[”的值加上引号",
    ),
    ("while parsing a flow mapping", "花括号“{”没有配对", "在末尾补上“}”，或给含有“{”的值加上引号"),
    ("found unexpected end of stream", "引号没有配对", "检查这一行的引号是否成对"),
    ("expected <block end>", "缩进不一致", "同一层的键要对齐，列表项用“- ”开头"),
    ("did not find expected key", "缩进不一致", "同一层的键要对齐，列表项用“- ”开头"),
    ("did not find expected '-' indicator", "列表缩进不一致", "同一列表的每一项都以“- ”开头并对齐"),
    ("found undefined alias", "使用了未定义的别名“*”", "去掉“*”或给值加上引号"),
]


def _yaml_problem(exc: yaml.MarkedYAMLError, offset: int) -> tuple[int, str, str]:
    """The line to name, the message and the hint for a YAML syntax error.

    The line is where the construct began (an opening quote or bracket: PyYAML's context mark) rather than
    where the parser gave up, which can be many lines further down. PyYAML's own English never reaches a
    curator: an unknown problem gets a general Chinese message."""
    text = f"{exc.context or ''} {exc.problem or ''}"
    message, hint = "YAML 语法错误", "检查这一行及上一行的缩进、冒号和引号"
    for needle, known_message, known_hint in _YAML_PROBLEMS:
        if needle in text:
            message, hint = known_message, known_hint
            break
    noticed = exc.problem_mark or exc.context_mark
    began = exc.context_mark or noticed
    line = offset + (began.line if began else 0)
    if began and noticed and noticed.line > began.line:
        message = f"{message}：从第 {line} 行开始，到第 {offset + noticed.line} 行还没有结束"
    return line, message, hint


MAX_BYTES = (
    1024 * 1024
)  # a profile is a few thousand characters; a megabyte is a pasted document or worse
MAX_DEPTH = 8  # the deepest real field is images[0].src; nothing a curator writes nests further
TOO_DEEP = ("E007", "基本信息嵌套层数过多", "每个字段最多嵌套几层，请对照模板改写")


def read_text(path: Path, report: Report, rel: str) -> str | None:
    """Read a file as UTF-8 (a BOM is accepted); anything else is an error, never mojibake."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        report.add(
            rel,
            1,
            "E008",
            f"文件太大（{size // 1024} KB），不像是一篇档案",
            f"档案正文请控制在 {MAX_BYTES // 1024} KB 以内；长篇资料可以分成几篇，或只摘录并注明出处",
        )
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.add(
            rel,
            line,
            "E001",
            f"文件是{_encoding_name(raw)}，不是 UTF-8，无法正确读取中文",
            RESAVE_HINT,
        )
        return None


RESAVE_HINT = (
    "用记事本打开这个文件，点“文件”→“另存为”，在窗口下方的“编码”中选“UTF-8”，保存并替换原文件；"
    "用别的编辑器也是“另存为”UTF-8（VS Code：点右下角的编码，选“通过编码保存”→ UTF-8）"
)


def _encoding_name(raw: bytes) -> str:
    """What a file that is not UTF-8 most likely is, in the words Notepad uses. Not a guess to read it by: a
    profile read in the wrong encoding would publish mojibake."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return " UTF-16 编码（记事本里叫“UTF-16 LE”或“Unicode”）"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "别的编码"
    return " GBK 编码（记事本里叫“ANSI”）"


def parse(path: Path, rel: str, report: Report) -> Source | None:
    """Parse one exhibit file. Problems go to `report`; returns None when nothing usable was read."""
    text = read_text(path, report, rel)
    return None if text is None else parse_text(text, path, rel, report)


def parse_text(text: str, path: Path, rel: str, report: Report) -> Source | None:
    """Parse an exhibit's text as if read from `path` (the workspace checks a proposed file before writing it)."""
    text = text.replace("\r\n", "\n")
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        report.add(
            rel,
            1,
            "E002",
            "文件开头没有 front matter（基本信息）",
            "文件第一行应为“---”，接着写基本信息，再用一行“---”结束",
        )
        return None
    try:
        fm, body = handler.split(text)
    except ValueError:
        report.add(rel, 1, "E002", "front matter 没有结束标记", "在基本信息后面加一行“---”")
        return None
    source = Source(path=path, body=body)
    source.body_line = text[: len(text) - len(body)].count("\n") + 1
    offset = 1  # the YAML text starts with the newline that ends the opening --- line
    node = _mapping(fm, offset, rel, report)
    if node is None:
        return None
    source.data = _Converter(source, offset, report, rel).convert(node, ())
    return source


def _mapping(fm: str, offset: int, rel: str, report: Report) -> yaml.MappingNode | None:
    """The front matter's YAML as a mapping node; None when it is not one (the problem reported)."""
    try:
        node = yaml.compose(fm, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # PyYAML 6.0.4's own limit, before ours
            report.add(rel, 1, *TOO_DEEP)
            return None
        line, message, hint = _yaml_problem(exc, offset)
        report.add(rel, line, "E003", message, hint)
        return None
    except yaml.reader.ReaderError as exc:
        line = fm[: exc.position].count("\n") + offset
        report.add(
            rel,
            line,
            "E003",
            f"含有不可见的控制字符（编码 {exc.character:#06x}）",
            "常见于从网页或 Word 复制的文字：删掉这一行再重新输入",
        )
        return None
    except RecursionError:
        report.add(rel, 1, *TOO_DEEP)
        return None
    if node is None:
        report.add(
            rel,
            1,
            "E002",
            "front matter 是空的",
            "请至少填写必填字段，可用 build_hall.py new 生成模板",
        )
        return None
    if not isinstance(node, yaml.MappingNode):
        report.add(
            rel,
            offset + node.start_mark.line,
            "E005",
            "front matter 应该是“键: 值”的列表",
            "每一行写成“键: 值”",
        )
        return None
    return node


_TAGS = {
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}


class _Converter:
    """YAML nodes to plain data, with lines. Anchors and aliases (`&a` / `*a`) are refused: curators never
    need them, and expanding them is how a few lines of YAML become gigabytes (the "billion laughs")."""

    def __init__(self, source: Source, offset: int, report: Report, rel: str):
        self.source, self.offset, self.report, self.rel = source, offset, report, rel
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node, loc: Path_):
        line = self.offset + node.start_mark.line
        if id(node) in self.seen or getattr(node, "anchor", None):
            self.report.add(
                self.rel,
                line,
                "E006",
                "使用了 YAML 别名或锚点（“&”“*”）",
                "直接写出每个值；值以 & 或 * 开头时请给整个值加上引号",
            )
            return None
        if len(loc) > MAX_DEPTH:
            self.report.add(self.rel, line, *TOO_DEEP)
            return None
        self.seen.add(id(node))
        self.source.lines.setdefault(loc, line)
        if isinstance(node, yaml.ScalarNode):
            implicit = _TAGS.get(node.tag, "str")
            plain = not node.style  # None from PyYAML, '' from libyaml
            if implicit == "null" and plain:
                return None
            return Scalar(node.value, implicit, plain, line)
        if isinstance(node, yaml.SequenceNode):
            items = (self.convert(item, loc + (i,)) for i, item in enumerate(node.value))
            return [item for item in items if item is not None]
        return self._mapping(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Path_) -> dict:
        result: dict = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = self.offset + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                self.report.add(
                    self.rel, key_line, "E005", "不支持这种写法的键", "键应是简单的文字，如“name”"
                )
                continue
            key = key_node.value
            if key in seen:
                self.report.add(
                    self.rel,
                    key_line,
                    "E004",
                    f"字段“{key}”重复出现（第一次在第 {seen[key]} 行）",
                    "删除其中一个；YAML 只会保留最后一个，前面的内容会悄悄丢失",
                )
                continue
            seen[key] = key_line
            self.source.lines[loc + (key,)] = key_line
            value = self.convert(value_node, loc + (key,))
            if value is not None:
                result[key] = value
        return result
