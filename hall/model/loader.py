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

from hall.files import PickledLater
from hall.model import codes
from hall.model.problems import Notice, Report

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
class Source(PickledLater):
    """A parsed exhibit file. Pickled (a build's record in .cache/, hall.engine.reuse), its front matter is read
    back when first looked at: its scalars are most of the record's objects, and a build after an edit looks at the
    edited files' alone."""

    LATER = ("data", "lines")

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


# Common PyYAML problems (a phrase of its English message), said in words a curator understands.
_YAML_PROBLEMS = [
    ("mapping values are not allowed", codes.E003_COLON),
    ("cannot start any token", codes.E003_TAB),
    ("could not find expected ':'", codes.E003_NO_COLON),
    ("while scanning a quoted scalar", codes.E003_QUOTE),
    ("while parsing a flow sequence", codes.E003_BRACKET),
    ("while parsing a flow mapping", codes.E003_BRACE),
    ("found unexpected end of stream", codes.E003_QUOTE),
    ("expected <block end>", codes.E003_INDENT),
    ("did not find expected key", codes.E003_INDENT),
    ("did not find expected '-' indicator", codes.E003_LIST_INDENT),
    ("found undefined alias", codes.E003_ALIAS),
]


def yaml_problem(exc: yaml.MarkedYAMLError, offset: int, parsed: str = "") -> tuple[int, Notice]:
    """The line to name and what to say for a YAML syntax error.

    The line is where the construct began (an opening quote or bracket: PyYAML's context mark) rather than
    where the parser gave up, which can be many lines further down. PyYAML's own English never reaches a
    curator: an unknown problem gets a general Chinese message. `parsed` is the YAML text, to tell an indentation
    slip from a stray colon."""
    text = f"{exc.context or ''} {exc.problem or ''}"
    code = next((code for needle, code in _YAML_PROBLEMS if needle in text), codes.E003)
    notice = code.of()
    mark = exc.problem_mark
    if (
        code is codes.E003_COLON
        and mark
        and (above := _under_a_value(parsed, mark.line)) is not None
    ):
        notice = codes.E003_DEEPER.of(prev=offset + above)
    noticed = exc.problem_mark or exc.context_mark
    began = exc.context_mark or noticed
    line = offset + (began.line if began else 0)
    if began and noticed and noticed.line > began.line:
        notice = notice.reworded(codes.E003_SPAN, start=line, end=offset + noticed.line)
    return line, notice


def _under_a_value(text: str, line: int) -> int | None:
    """A line of `text` indented deeper than the key above it, which has its value already: PyYAML reads it as the
    rest of that value and stops at its colon ("mapping values are not allowed"), though the slip is the
    indentation. The line of that key (from 0), or None."""
    lines = text.split("\n")
    filled = [i for i in range(min(line, len(lines))) if lines[i].strip()[:1] not in ("", "#")]
    if not filled or line >= len(lines):
        return None
    above = lines[filled[-1]]
    key = above.lstrip(" -")  # a list item's key starts after its "- "
    value = key.partition(":")[2].strip()
    indent = len(lines[line]) - len(lines[line].lstrip(" "))
    return filled[-1] if indent > len(above) - len(key) and value and value[0] not in "|>" else None


MAX_BYTES = (
    1024 * 1024
)  # a profile is a few thousand characters; a megabyte is a pasted document or worse
MAX_DEPTH = 8  # the deepest real field is images[0].src; nothing a curator writes nests further


def read_text(path: Path, report: Report, rel: str) -> str | None:
    """Read a file as UTF-8 (a BOM is accepted); anything else is an error, never mojibake."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        report.add(codes.E008.at(rel, 1, size=size // 1024, limit=MAX_BYTES // 1024))
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.add(codes.E001.at(rel, line, encoding=_encoding_name(raw)))
        return None


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
        report.add(codes.E002.at(rel, 1))
        return None
    try:
        fm, body = handler.split(text)
    except ValueError:
        report.add(codes.E002_UNCLOSED.at(rel, 1))
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
            report.add(codes.E007.at(rel, 1))
            return None
        line, notice = yaml_problem(exc, offset, fm)
        report.add(notice.at(rel, line))
        return None
    except yaml.reader.ReaderError as exc:
        line = fm[: exc.position].count("\n") + offset
        report.add(codes.E003_CONTROL.at(rel, line, char=f"{exc.character:#06x}"))
        return None
    except RecursionError:
        report.add(codes.E007.at(rel, 1))
        return None
    if node is None:
        report.add(codes.E002_EMPTY.at(rel, 1))
        return None
    if not isinstance(node, yaml.MappingNode):
        report.add(codes.E005.at(rel, offset + node.start_mark.line))
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
            self.report.add(codes.E006.at(self.rel, line))
            return None
        if len(loc) > MAX_DEPTH:
            self.report.add(codes.E007.at(self.rel, line))
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
                self.report.add(codes.E005_KEY.at(self.rel, key_line))
                continue
            key = key_node.value
            if key in seen:
                self.report.add(codes.E004.at(self.rel, key_line, key=key, first=seen[key]))
                continue
            seen[key] = key_line
            self.source.lines[loc + (key,)] = key_line
            value = self.convert(value_node, loc + (key,))
            if value is not None:
                result[key] = value
        return result
