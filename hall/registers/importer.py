"""`build_hall.py import`: a union's roster (Excel or CSV) into a register (名录), optionally with stub profiles.

Reading: .xlsx (the first sheet) or .csv in UTF-8, UTF-16 or GBK/GB18030. An .xlsx formula gives the value
Excel or WPS saved with it; one saved without a value (a sheet a program wrote, never opened in Excel) stops
its row (E710) instead of reading as an empty cell. The header row is the first
non-empty row, unless a title row sits above it: then it is the first of the top rows that names at least
two known columns. Columns are matched by header (ALIASES); `--map 表头=字段` overrides.

Private data: columns meant for it (身份证号, 手机, 家庭住址…) and columns whose cells are resident ID or
mobile numbers are dropped before anything else happens, and the import says which. Every value kept is
checked like a register row (hall.registers.tables.check_entry), so a number typed into the wrong column stops
its row, not the import, and never reaches exhibits/.

Writing (nothing with --dry-run): exhibits/registers/<name>.csv. Rows are identified by (姓名, 荣誉称号,
授予年份, 出生年份); existing rows keep their place and new ones are appended in the roster's order; a value
is only ever replaced by a non-empty one; no row is deleted. The file is written only when its bytes change,
so importing the same roster twice changes nothing.

--profiles: a stub exhibits/people/<slug>.md for each person without a profile, marked by a source whose
note is 工会名录导入. Importing again updates a stub's structured fields only where the curator has not
changed or removed them (the register before the import is the base of a three-way merge), adds new honors
and the new roster as a source, and never touches the story or any other field. Hand-written profiles (no
such source) are linked from the register's 档案 column but never written.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import yaml

from hall.files import shown, write_whole
from hall.model import codes
from hall.model.config import HallConfig
from hall.model.exhibit import discover
from hall.model.loader import parse
from hall.model.pinyin import name_slug, slugify
from hall.model.placeholders import STUB_STORY
from hall.model.privacy import canonical
from hall.model.problems import EXIT_USAGE, HallError, Notice, Report
from hall.model.vocab import Vocabulary, suggest
from hall.registers.tables import (
    FIELDS,
    FOLDER,
    HEADER_OF,
    HEADERS,
    REQUIRED,
    Entry,
    RegisterError,
    cell_findings,
    check_entry,
    csv_rows,
    decode,
    private_header,
    quote_cell,
    read_register,
    register_files,
    to_csv,
)

NOTE = "工会名录导入"  # marks the stub profiles an import wrote, and owns
STUB_COMMENT = (
    "# 由 build_hall.py import 根据工会名录建立。再次导入只会补充或更新姓名以下的基本信息、荣誉、简介和来源，"
    "馆员改过的值不会被覆盖；正文和其他字段从不改动。"
)
OWNED = (
    "gender",
    "birth_year",
    "region",
    "trade",
    "occupation",
    "employer",
    "summary",
)  # a stub's scalars
IGNORE = {"忽略", "-", "ignore", "不导入"}
ALIASES = {
    "name": ["姓名", "名字", "职工姓名", "人员姓名", "name"],
    "gender": ["性别", "gender"],
    "birth_year": ["出生年份", "出生年月", "出生日期", "出生年", "出生时间", "生年", "birth_year"],
    "honor": ["荣誉称号", "荣誉", "称号", "获得荣誉", "荣誉名称", "所获荣誉", "表彰称号", "honor"],
    "year": [
        "授予年份",
        "获评年份",
        "年份",
        "授予时间",
        "获评时间",
        "表彰年份",
        "表彰时间",
        "获得时间",
        "获奖年份",
        "年度",
        "year",
    ],
    "region": ["地区", "所在地", "县市区", "所在地区", "区域", "region"],
    "employer": ["工作单位", "单位", "所在单位", "单位名称", "employer"],
    "occupation": ["职务/工种", "职务", "工种", "职业", "岗位", "职务或工种", "occupation"],
    "trade": ["行业", "所属行业", "行业类别", "trade"],
    "profile": ["档案", "profile"],
    "activities": ["社会活动次数", "社会活动", "活动次数", "社会活动记录"],
}
PRIVATE_SHARE = (
    0.5  # a mapped column is dropped when more than half its cells are ID or mobile numbers
)


class UsageError(HallError):
    """A mistake in the command."""

    exit_code = EXIT_USAGE


def normalize_header(text) -> str:
    """出生年月（年） → 出生年月, 姓  名 → 姓名: compared without spaces, stars and a trailing note."""
    text = re.sub(
        r"[\s*]", "", unicodedata.normalize("NFKC", str(text if text is not None else ""))
    )
    return re.sub(r"\([^()]*\)$", "", text) or text


_ALIAS = {normalize_header(alias): f for f, aliases in ALIASES.items() for alias in aliases}


def field_of(name: str) -> str | None:
    """The field a --map target names: 出生年份, birth_year, 出生年月…; "" to ignore the column."""
    key = normalize_header(name)
    if key in IGNORE or not key:
        return ""
    return _ALIAS.get(key)


def column_letter(index: int) -> str:
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- reading spreadsheets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Uncached:
    """A formula cell of an .xlsx whose value was never worked out: the file was written by a program and never
    opened and saved in Excel or WPS, so it holds the formula and no value (openpyxl's data_only gives None)."""

    formula: str


def cell_text(value) -> str:
    if value is None or isinstance(value, Uncached):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(path: Path) -> tuple[list[tuple[int, list]], str]:
    """(row number, cells) of every row of the first sheet or the CSV file, and what was read."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt", ".tsv"):
        text, encoding = decode(path.read_bytes(), codes.E701_IMPORT)
        return list(csv_rows(text)), f"{encoding} 编码的 CSV 文件"
    if suffix in (".xls", ".et", ".wps"):
        raise UsageError(
            f"不能直接读取 {suffix} 文件：请在 Excel 或 WPS 中“另存为” .xlsx 或“CSV UTF-8（逗号分隔）”后再导入"
        )
    raise UsageError(f"不认识的文件类型“{suffix or path.name}”：可以导入 .xlsx 或 .csv 文件")


def _xlsx_rows(path: Path) -> tuple[list[tuple[int, list]], str]:
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            "读取 .xlsx 需要 openpyxl：运行 .venv/bin/pip install openpyxl；"
            "或在 Excel 中“另存为”CSV UTF-8 后导入"
        ) from None
    rows, title, formulas = _read_sheet(openpyxl, path)
    if formulas:  # only then a second reading, for the values Excel saved with the formulas
        for (number, i), value in _saved_values(openpyxl, path, formulas).items():
            rows[number - 1][1][i] = value
    for _, values in rows:
        while (
            values and values[-1] is None
        ):  # formatting can stretch a row to thousands of empty cells
            values.pop()
    return rows, f"第 1 张工作表“{title}”"


def _open_book(openpyxl, path: Path, data_only: bool):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors all mean "not a workbook we can read"
        raise RegisterError(codes.E701_BOOK.of(error=type(exc).__name__)) from None


def _read_sheet(
    openpyxl, path: Path
) -> tuple[list[tuple[int, list]], str, dict[tuple[int, int], object]]:
    """(row number, values) of the first sheet with formulas as written, its title, and the formulas by
    (row number, index): one reading when the sheet has none."""
    book = _open_book(openpyxl, path, data_only=False)
    try:
        sheet = book.worksheets[0]
        rows, formulas = [], {}
        for number, row in enumerate(sheet.iter_rows(min_row=1), 1):
            rows.append((number, [c.value for c in row]))
            formulas.update({(number, i): c.value for i, c in enumerate(row) if c.data_type == "f"})
        return rows, sheet.title, formulas
    finally:
        book.close()


def _saved_values(
    openpyxl, path: Path, formulas: dict[tuple[int, int], object]
) -> dict[tuple[int, int], object]:
    """The value saved with each formula; Uncached where there is none. Excel saves a formula's empty text with
    the type "str": no value and no type means never worked out."""
    book = _open_book(openpyxl, path, data_only=True)
    wanted = {number for number, _ in formulas}
    values = {}
    try:
        for number, row in enumerate(book.worksheets[0].iter_rows(min_row=1), 1):
            for i, cell in enumerate(row if number in wanted else ()):
                if (number, i) in formulas:
                    formula = formulas[number, i]  # text, or openpyxl's ArrayFormula with its text
                    missing = cell.value is None and cell.data_type == "n"
                    values[number, i] = (
                        Uncached(str(getattr(formula, "text", formula))) if missing else cell.value
                    )
        return values
    finally:
        book.close()


# --- values ---------------------------------------------------------------------------------------


def _year(value) -> str:
    """1965, "1965年3月", "1965.03", a date cell → "1965"; anything else is kept for the checks to report."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return str(value.year)
    text = unicodedata.normalize("NFKC", cell_text(value))
    found = re.fullmatch(r"(\d{4})(?:\s*年.*|[-./].*)?", text)
    return found.group(1) if found else text


def _name(value) -> str:
    """Rosters pad two-character names to line them up (王　伟): a Chinese name has no spaces."""
    text = re.sub(r"\s+", " ", cell_text(value)).strip()
    compact = re.sub(r"\s", "", text)
    return compact if re.fullmatch(r"[\u4e00-\u9fff]+", compact) else text


# 浙江省杭州市临安区: a part ends at a suffix that is not followed by another (杭州 is not a part of 杭州市)
_PLACE = re.compile(r".+?(?:自治区|特别行政区|省|自治州|地区|市|州|盟|县|区|旗)(?![市州盟县区旗])")


def _region(value, vocab: Vocabulary) -> str:
    """浙江省 嘉兴市 嘉善县, 浙江省-嘉兴市, 浙江省嘉兴市嘉善县 → 浙江省/嘉兴市/嘉善县 (when that is a valid region)."""
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    text = re.sub(r"\s*[/\\|、,，·>—-]+\s*|\s+", "/", text).strip("/")
    if text and "/" not in text and text not in vocab.provinces:
        parts = _PLACE.findall(text)
        if (
            "".join(parts) == text
            and parts[0] in vocab.provinces
            and vocab.region_problem("/".join(parts)) is None
        ):
            text = "/".join(parts)
    return text


def register_values(values: dict[str, object], vocab: Vocabulary) -> dict[str, str]:
    out = {}
    for f, value in values.items():
        if f == "name":
            text = _name(value)
        elif f in ("birth_year", "year"):
            text = _year(value)
        elif f == "region":
            text = _region(value, vocab)
        else:
            text = re.sub(r"\s+", " ", cell_text(value)).strip()
            if f == "honor":
                text = re.sub(r"\s", "", text)
            elif f == "gender":
                text = {"男性": "男", "女性": "女"}.get(text, text)
            elif f == "trade" and text and (trade := vocab.trade(text)):
                text = trade.name
        out[f] = text
    return out


def uncached_problem(column: "Column", number: int, cell: Uncached) -> Notice:
    """E710: a formula cell of an .xlsx that holds no value."""
    where = f"{column_letter(column.index)}{number}"
    return codes.E710.of(column=column.label, cell=where, formula=quote_cell(cell.formula))


def _private_cell(text: str) -> bool:
    """A cell that IS a resident ID or a mobile number (not one that mentions one)."""
    return any(
        f.kind in ("id", "mobile") and f.value == canonical(text) for f in cell_findings(text)
    )


# --- columns --------------------------------------------------------------------------------------


@dataclass
class Column:
    index: int
    header: str  # as written in the file
    field: str | None = None  # None: not imported
    dropped: str = ""  # why a column is not imported

    @property
    def label(self) -> str:
        name = f"“{self.header}”" if self.header else "无表头的列"
        return f"{name}（第 {column_letter(self.index)} 列）"


def parse_maps(maps: list[str]) -> dict[str, str]:
    """--map 表头=字段 … as {normalized header: field or "" to ignore}."""
    result = {}
    for item in maps:
        if "=" not in item:
            raise UsageError(
                f"--map 的写法是“表头=字段”，如 --map 获奖时间=授予年份；“{item}”中没有“=”"
            )
        header, target = item.split("=", 1)
        f = field_of(target)
        if f is None:
            raise UsageError(
                f"--map {item}：不认识的字段“{target}”。可用："
                + "、".join(HEADERS)
                + "，或写“忽略”"
            )
        result[normalize_header(header)] = f
    return result


def find_header(rows: list[tuple[int, list]], maps: dict[str, str]) -> int:
    """Index (in rows) of the header row."""
    nonempty = [i for i, (_, cells) in enumerate(rows) if any(cell_text(c) for c in cells)]
    for i in nonempty[:10]:
        names = [normalize_header(c) for c in rows[i][1]]
        if sum(1 for n in names if n and (n in maps or n in _ALIAS)) >= 2:
            return i
    return nonempty[0] if nonempty else -1


def plan_columns(headers: list, data: list[list], maps: dict[str, str]) -> list[Column]:
    """Which field each column is, and why each other column is dropped."""
    width = max([len(headers), *(len(cells) for cells in data)], default=0)
    columns, taken = [], {}
    for i in range(width):
        header = cell_text(headers[i]) if i < len(headers) else ""
        key = normalize_header(header)
        column = Column(i, header)
        columns.append(column)
        cells = [t for cells in data if i < len(cells) and (t := cell_text(cells[i]))]
        wanted = maps.get(key) if key in maps else _ALIAS.get(key)
        private = sum(1 for t in cells if _private_cell(t))
        if header and private_header(header):
            column.dropped = "private"
        elif private and (not wanted or private > PRIVATE_SHARE * len(cells)):
            column.dropped = "private"  # a column of ID or mobile numbers, whatever its header says
        elif not wanted:
            column.dropped = "ignored" if (wanted == "" or cells or header) else "empty"
        elif wanted in taken:
            column.dropped = f"与{taken[wanted].label}重复"
        else:
            column.field = wanted
            taken[wanted] = column
    for key in maps:
        if key and not any(normalize_header(c.header) == key for c in columns):
            raise UsageError(
                f"--map：文件中没有表头“{key}”。文件的表头是："
                + "、".join(c.header for c in columns if c.header)
            )
    return columns


# --- profiles -----------------------------------------------------------------------------------


@dataclass
class Profile:
    slug: str
    path: Path
    data: dict = field(default_factory=dict)
    stub: bool = False

    def get(self, key: str) -> str:
        value = self.data.get(key)
        return str(value).strip() if isinstance(value, str) else ""

    @property
    def honors(self) -> list[tuple[str, str]]:
        items = self.data.get("honors")
        return (
            [
                (str(h.get("title", "")), str(h.get("year") or ""))
                for h in items
                if isinstance(h, dict)
            ]
            if isinstance(items, list)
            else []
        )


def scan_profiles(config: HallConfig) -> tuple[dict[str, str], dict[str, Profile]]:
    """Every exhibit slug with its kind, and every person's profile (read, not validated)."""
    known, people = {}, {}
    for kind, slug, path, _ in discover(config.exhibits_dir, Report(), config.root):
        known.setdefault(slug, kind)
        if kind == "people" and slug not in people:
            source = parse(path, path.name, Report())
            data = source.data if source else {}
            sources = data.get("sources") if isinstance(data.get("sources"), list) else []
            stub = any(
                isinstance(s, dict) and str(s.get("note", "")).strip() == NOTE for s in sources
            )
            people[slug] = Profile(slug, path, data, stub)
    return known, people


def _compatible_region(a: str, b: str) -> bool:
    x, y = a.split("/"), b.split("/")
    n = min(len(x), len(y))
    return not a or not b or x[:n] == y[:n]


def match_profile(rows: list[Entry], people: dict[str, Profile]) -> tuple[str | None, list[str]]:
    """The profile these rows are about, when exactly one fits: same name, compatible region and birth year,
    and evidence (the same birth year, or one of these honors in the same year). Also the same-named ones."""
    e = rows[0]
    same = [p for p in people.values() if p.get("name") == e.name]
    fits = []
    for p in same:
        born = p.get("birth_year")
        if not _compatible_region(p.get("region"), e.region) or (
            born and e.birth_year and born != e.birth_year
        ):
            continue
        awards = {(r.honor, r.year) for r in rows if r.year}
        if (born and born == e.birth_year) or awards & set(p.honors):
            fits.append(p)
    return (fits[0].slug if len(fits) == 1 else None), [p.slug for p in same]


def derive(rows: list[Entry], vocab: Vocabulary) -> dict:
    """A person's profile fields from their register rows: each value from the latest award that has one."""
    ordered = sorted(rows, key=lambda e: int(e.year) if e.year.isdigit() else 0)
    d: dict = {"name": rows[0].name}
    for f in ("gender", "birth_year", "region", "trade", "occupation", "employer"):
        values = [getattr(e, f) for e in ordered if getattr(e, f)]
        d[f] = values[-1] if values else ""
    if d["trade"] and (trade := vocab.trade(d["trade"])):
        d["trade"] = trade.name
    honors: list[tuple[str, str]] = []
    for e in ordered:
        if (e.honor, e.year) not in honors:
            honors.append((e.honor, e.year))
    d["honors"] = sorted(honors, key=lambda h: (vocab.honor_rank(h[0]), h[1] or "9999"))
    d["summary"] = _summary(d)
    return d


def _summary(d: dict) -> str:
    who = f"{d['employer']}{d['occupation']}"
    parts = [f"{year} 年{title}" if year else title for title, year in d["honors"]]
    text = ""
    for i in range(len(parts), 0, -1):
        text = (
            (f"{who}，" if who else "")
            + "、".join(parts[:i])
            + ("等" if i < len(parts) else "")
            + "。"
        )
        if len(text) <= 120:
            break
    return text if len(text) <= 120 else text[:119] + "。"


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _scalar(key: str, value: str) -> str:
    return f"{key}: {value if key == 'birth_year' else _q(value)}"


def stub_text(d: dict, source_title: str) -> str:
    lines = ["---", STUB_COMMENT, f"name: {_q(d['name'])}"]
    lines += [
        _scalar(key, d[key])
        for key in ("gender", "birth_year", "region", "trade", "occupation", "employer")
        if d[key]
    ]
    lines.append("honors:")
    for title, year in d["honors"]:
        lines.append(f"  - title: {_q(title)}")
        if year:
            lines.append(f"    year: {year}")
    lines += [
        f"summary: {_q(d['summary'])}",
        "sources:",
        f"  - title: {_q(source_title)}",
        f"    note: {_q(NOTE)}",
        "---",
        "",
        STUB_STORY,
        "",
    ]
    return "\n".join(lines)


class StubEditor:
    """Line edits to a stub's front matter: set a top-level scalar, append to a block list. Everything
    else (comments, other fields, the story) is kept byte for byte; what cannot be edited safely is skipped
    and said."""

    def __init__(self, text: str):
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.lines = text.split("\n")
        self.original_body = self._split()[1]
        self.skipped: list[str] = []

    def _split(self) -> tuple[int, str]:
        """(index of the closing --- line, the text after it)."""
        if self.lines[0].rstrip("\r") != "---":
            raise ValueError("no front matter")
        end = next(
            i for i in range(1, len(self.lines)) if self.lines[i].rstrip("\r") in ("---", "...")
        )
        return end, "\n".join(self.lines[end:])

    def _keys(self) -> tuple[int, dict[str, tuple[int, int, yaml.Node]]]:
        """Top-level keys: (first line index, end line index (exclusive), value node)."""
        end, _ = self._split()
        node = yaml.compose(
            "\n".join(line.rstrip("\r") for line in self.lines[1:end]), Loader=yaml.SafeLoader
        )
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        starts = [(k.start_mark.line + 1, k.value, v) for k, v in pairs]
        keys = {}
        for n, (line, key, value) in enumerate(starts):
            stop = starts[n + 1][0] if n + 1 < len(starts) else end
            while stop - 1 > line and (
                not self.lines[stop - 1].strip() or self.lines[stop - 1].lstrip().startswith("#")
            ):
                stop -= 1  # blank lines and comments before the next key belong to it
            keys[key] = (line, stop, value)
        return end, keys

    def _insert(self, at: int, new: list[str]) -> None:
        cr = "\r" if self.newline == "\r\n" else ""
        self.lines[at:at] = [line + cr for line in new]

    def value(self, key: str) -> str:
        _, keys = self._keys()
        node = keys.get(key, (0, 0, None))[2]
        return node.value.strip() if isinstance(node, yaml.ScalarNode) else ""

    def set(self, key: str, text: str, after: tuple[str, ...]) -> None:
        end, keys = self._keys()
        cr = "\r" if self.newline == "\r\n" else ""
        if key in keys:
            line, stop, node = keys[key]
            if (
                not isinstance(node, yaml.ScalarNode)
                or node.style in ("|", ">")
                or stop - line > 1
                or node.end_mark.line + 1 != line
            ):
                self.skipped.append(key)
                return
            self.lines[line] = _scalar(key, text) + cr
            return
        previous = [keys[k][1] for k in after if k in keys]
        self._insert(max(previous) if previous else end, [_scalar(key, text)])

    def append(self, key: str, items: list[list[tuple[str, str]]]) -> None:
        """Append mappings (lists of (key, value) pairs) to a top-level block list."""
        if not items:
            return
        end, keys = self._keys()
        if key not in keys:
            self._insert(end, [f"{key}:"] + [line for item in items for line in _item(item, "  ")])
            return
        line, stop, node = keys[key]
        if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
            self.skipped.append(key)
            return
        first = node.value[0]
        indent = " " * max(first.start_mark.column - 2, 0)
        self._insert(stop, [text for item in items for text in _item(item, indent)])

    def text(self) -> str:
        result = "\n".join(self.lines)
        if (
            self._split()[1] != self.original_body
        ):  # cannot happen: edits stay above the closing ---
            raise ValueError("body changed")
        self._keys()  # raises if the front matter is no longer valid YAML
        return result


def _item(pairs: list[tuple[str, str]], indent: str) -> list[str]:
    lines = []
    for n, (key, value) in enumerate(pairs):
        text = value if key == "year" else _q(value)
        lines.append(f"{indent}{'- ' if n == 0 else '  '}{key}: {text}")
    return lines


def update_stub(
    text: str, old: dict, new: dict, source_title: str, profile: Profile
) -> tuple[str, list[str]]:
    """The stub with the import's fields updated where the curator has not changed them, new honors and
    the source added; and the keys that could not be edited."""
    editor = StubEditor(text)
    for n, key in enumerate(OWNED):
        current, base, value = editor.value(key), old.get(key, ""), new[key]
        if (
            value and value != current and current == base
        ):  # the curator has not changed (or removed) it
            editor.set(key, value, after=("name", *OWNED[:n]))
    held = profile.honors
    missing = [
        (t, y)
        for t, y in new["honors"]
        if not any(t == ht and (y == hy or not y or not hy) for ht, hy in held)
    ]
    editor.append("honors", [[("title", t)] + ([("year", y)] if y else []) for t, y in missing])
    titles = {
        str(s.get("title", "")).strip()
        for s in profile.data.get("sources") or []
        if isinstance(s, dict)
    }
    if source_title not in titles:
        editor.append("sources", [[("title", source_title), ("note", NOTE)]])
    return editor.text(), editor.skipped


# --- the import -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    duplicates: int = 0
    new_profiles: list[str] = field(default_factory=list)
    updated_profiles: list[str] = field(default_factory=list)
    linked: int = 0
    notes: list[str] = field(default_factory=list)


def _compatible(a: Entry, b: Entry) -> bool:
    return all(
        x == y or not x or not y for x, y in ((a.year, b.year), (a.birth_year, b.birth_year))
    )


def merge(
    existing: list[Entry], imported: list[Entry], owned: set[str]
) -> tuple[list[Entry], list[int]]:
    """The register with the imported rows merged in, and the index of each imported row's row."""
    rows = list(existing)
    by_key: dict[tuple, int] = {}
    by_name: dict[tuple, list[int]] = defaultdict(list)
    for i, e in enumerate(rows):
        by_key.setdefault(e.key, i)
        by_name[(e.name, e.honor)].append(i)
    target: list[int | None] = [by_key.get(e.key) for e in imported]
    claimed = {i for i in target if i is not None}
    for n, e in enumerate(
        imported
    ):  # a roster that now knows a year the register did not: the same row
        if target[n] is None:
            fits = [
                i
                for i in by_name[(e.name, e.honor)]
                if i not in claimed and _compatible(rows[i], e)
            ]
            if len(fits) == 1:
                target[n] = fits[0]
                claimed.add(fits[0])
    touched = []
    for n, e in enumerate(imported):
        i = target[n]
        if i is None:
            rows.append(e)
            touched.append(len(rows) - 1)
            continue
        old = rows[i]
        updates = {f: getattr(e, f) for f in owned if f != "profile" and getattr(e, f)}
        if e.profile and not old.profile:
            updates["profile"] = e.profile
        rows[i] = replace(old, **updates)
        touched.append(i)
    return rows, touched


def register_name(file: Path, name: str | None) -> str:
    if name is None:
        return slugify(file.stem)
    if not re.fullmatch(r"[\w-]+", name) or name.startswith(("_", "-")):
        raise UsageError(f"--register “{name}”不能用作文件名：只用字母、数字、汉字和“-”")
    return name


def run_import(
    config: HallConfig,
    file: Path,
    *,
    register: str | None = None,
    maps: list[str] = (),
    profiles: bool = False,
    dry_run: bool = False,
    force: bool = False,
    say: Callable[[str], None] = print,
    keep: Callable[[Path, bytes], None] | None = None,
) -> int:
    """Import a roster; returns the exit code (0 all rows imported, 1 some rows or the file had errors).
    Raises UsageError for mistakes in the command. `keep(path, data)` gets a file's bytes before they are
    replaced (the workspace keeps them as an earlier version)."""
    if not file.is_file():
        raise UsageError(f"找不到文件 {file}")
    name = register_name(file, register)
    user_maps = parse_maps(list(maps))
    roster = read_roster(file, user_maps, say)
    mapped = map_columns(roster, user_maps, say) if roster else None
    if not mapped:
        return 1
    known, people = scan_profiles(config)
    report, outcome = Report(), Outcome()
    good = check_rows(roster, mapped, name, config.vocab, known, report, outcome)

    # the register: existing rows as they are, the roster merged in
    target = config.exhibits_dir / FOLDER / f"{name}.csv"
    rel = shown(target, config.root)
    existing = _existing_rows(target, rel, name, force, say)
    if existing is None:
        return 1
    merged, touched = merge(existing, list(good.values()), {c.field for c in mapped})

    # people: link rows to profiles; with --profiles write stubs
    linking = Linking(
        merged, existing, _other_rows(config, target), people, known, config, file.name, outcome
    )
    slugs = linking.link(touched, create=profiles)
    if profiles:
        linking.write_stubs(slugs, config.exhibits_dir / "people")

    _count(outcome, touched, existing, merged)
    data_bytes = to_csv(merged)
    changed = not target.exists() or target.read_bytes() != data_bytes
    say_outcome(say, outcome, report, rel, changed, profiles, dry_run)
    if dry_run:
        say("试运行（--dry-run）：没有写入任何文件。")
        return 1 if outcome.bad else 0
    if changed:
        linking.writes.append(
            (target, data_bytes, False)
        )  # the register after the stubs it links to
    _write(linking.writes, keep)
    if outcome.bad:
        say(
            f"有错误的 {outcome.bad} 行没有导入：改正 {roster.file} 后再导入一次即可（已导入的行不会重复）。"
        )
    return 1 if outcome.bad else 0


def _write(writes: list[tuple[Path, bytes, bool]], keep) -> None:
    """Each file whole; `keep` first gets the bytes of each file replaced."""
    for path, content, exclusive in writes:
        if keep is not None and not exclusive and path.is_file():
            keep(path, path.read_bytes())
        write_whole(path, content, exclusive)


# --- read: the roster's header and data rows ------------------------------------------------------


@dataclass
class Roster:
    file: str  # the file as the command named it, as messages name it
    what: str  # what was read: the first sheet by its title, or the CSV file's encoding
    header_row: int  # the header's row number
    headers: list
    data: list[tuple[int, list]]  # (row number, cells) of every non-empty row below the header
    above: int  # non-empty rows above the header (a title): not imported


def read_roster(file: Path, user_maps: dict[str, str], say: Callable[[str], None]) -> Roster | None:
    """The roster's rows; None, after saying why, when the file cannot be read or is empty."""
    shown_name = file.as_posix()
    try:
        rows, what = read_rows(file)
    except RegisterError as exc:
        say(exc.notice.at(shown_name, None).format())
        return None
    at = find_header(rows, user_maps)
    if at < 0:
        say(codes.E701_EMPTY.at(shown_name, None).format())
        return None
    header_row, headers = rows[at]
    data = [(n, cells) for n, cells in rows[at + 1 :] if any(cell_text(c) for c in cells)]
    above = sum(1 for _, cells in rows[:at] if any(cell_text(c) for c in cells))
    return Roster(shown_name, what, header_row, headers, data, above)


# --- map columns: which column is which field, and the rows' values -------------------------------


def map_columns(
    roster: Roster, user_maps: dict[str, str], say: Callable[[str], None]
) -> list[Column] | None:
    """The imported columns, after saying what was read and which columns were dropped; None, after saying
    which, when a required column is missing."""
    columns = plan_columns(roster.headers, [cells for _, cells in roster.data], user_maps)
    say(
        f"读取 {roster.file}（{roster.what}）：表头在第 {roster.header_row} 行，共 {len(roster.data)} 行数据。"
    )
    if roster.above:
        say(f"表头上方的 {roster.above} 行（如标题）没有导入。")
    mapped = [c for c in columns if c.field]
    say("导入的列：" + "、".join(f"{c.label.split('（')[0]}→{HEADER_OF[c.field]}" for c in mapped))
    _say_dropped(columns, user_maps, say)
    missing = [f for f in REQUIRED if f not in {c.field for c in mapped}]
    if not missing:
        return mapped
    report = Report()
    for f in missing:
        near = suggest(
            HEADER_OF[f],
            [c.header for c in columns if c.header and not c.field and c.dropped != "private"],
        )
        report.add(
            codes.E702_NOT_FOUND.at(
                roster.file, roster.header_row, header=HEADER_OF[f], column=near or "表头"
            )
        )
    say(report.format_text())
    say("没有导入任何内容。")
    return None


def _say_dropped(
    columns: list[Column], user_maps: dict[str, str], say: Callable[[str], None]
) -> None:
    private = [c for c in columns if c.dropped == "private"]
    if private:
        say(
            "已丢弃含个人信息的列（身份证号、电话、住址等不会写入 exhibits/，也不会发布）："
            + "、".join(c.label for c in private)
        )
        for c in private:
            if normalize_header(c.header) in user_maps and user_maps[normalize_header(c.header)]:
                say(f"注意：--map 指定的{c.label}含有个人信息，没有导入。")
    unused = [c for c in columns if c.dropped and c.dropped not in ("private", "empty")]
    if unused:
        say(
            "没有导入的列："
            + "、".join(
                c.label + (f"（{c.dropped}）" if c.dropped != "ignored" else "") for c in unused
            )
            + "（如需导入，用 --map 表头=字段 指定）"
        )


def check_rows(
    roster: Roster,
    mapped: list[Column],
    name: str,
    vocab: Vocabulary,
    known: dict[str, str],
    report: Report,
    outcome: Outcome,
) -> dict[tuple, Entry]:
    """The rows without errors by key, a repeated row merged into the first; the others' problems into
    `report`."""
    good: dict[tuple, Entry] = {}
    for number, cells in roster.data:
        raw = {c.field: cells[c.index] if c.index < len(cells) else None for c in mapped}
        entry = Entry.of(register_values(raw, vocab), register=name, line=number)
        # a formula without its value: the row is checked once the sheet has been saved in Excel or WPS
        found = [
            uncached_problem(c, number, raw[c.field])
            for c in mapped
            if isinstance(raw[c.field], Uncached)
        ]
        found = found or check_entry(entry, vocab, known)
        if found:
            outcome.bad += 1
            for notice in found:
                report.add(notice.at(roster.file, number))
        elif entry.key in good:
            outcome.duplicates += 1
            first = good[entry.key]
            good[entry.key] = replace(
                first,
                **{
                    f: getattr(entry, f)
                    for f in FIELDS
                    if not getattr(first, f) and getattr(entry, f)
                },
            )
        else:
            good[entry.key] = entry
    return good


# --- merge: the register as it is, and the other registers ----------------------------------------


def _existing_rows(
    target: Path, rel: str, name: str, force: bool, say: Callable[[str], None]
) -> list[Entry] | None:
    """The register's rows before the import; None, after saying why, when it has errors (with --force, its
    known columns are read as they are)."""
    if not target.exists():
        return []
    trouble = Report()
    read = read_register(target, rel, trouble)
    if read is None and force:
        try:
            read = _read_leniently(target, name)
        except RegisterError as exc:
            trouble.add(exc.notice.at(rel, 1))
    if read is None:
        say(trouble.format_text())
        say(
            f"名录 {rel} 本身有上面的问题，没有导入。请先改正；"
            + (
                ""
                if force
                else "或加 --force 按标准表头重写它（不认识的列会被删除，UTF-8 以外的编码会改为 UTF-8）。"
            )
        )
    return read


def _other_rows(config: HallConfig, target: Path) -> list[Entry]:
    return [
        e
        for path in register_files(config.exhibits_dir)
        if path != target
        for e in (read_register(path, path.name, Report()) or [])
    ]


# --- report: what the import did ------------------------------------------------------------------


def _count(
    outcome: Outcome, touched: list[int], existing: list[Entry], merged: list[Entry]
) -> None:
    for i in dict.fromkeys(touched):
        if i >= len(existing):
            outcome.added += 1
        elif merged[i].values() != existing[i].values():
            outcome.updated += 1
        else:
            outcome.unchanged += 1


def say_outcome(
    say: Callable[[str], None],
    outcome: Outcome,
    report: Report,
    rel: str,
    changed: bool,
    profiles: bool,
    dry_run: bool,
) -> None:
    if report.problems:
        say(report.format_text())
    for note in outcome.notes:
        say(note)
    verb = "将" if dry_run else ""
    say(
        f"名录 {rel}：{verb}新增 {outcome.added} 行，{verb}更新 {outcome.updated} 行，未变 {outcome.unchanged} 行，"
        f"跳过 {outcome.bad} 行有错误"
        + (f"；另有 {outcome.duplicates} 行与前面的行重复，已合并" if outcome.duplicates else "")
        + "。"
        + ("" if changed else "文件没有变化。")
    )
    if profiles or outcome.linked:
        say(
            f"档案：{verb}新建 {len(outcome.new_profiles)} 个，{verb}更新 {len(outcome.updated_profiles)} 个，"
            f"关联已有档案 {outcome.linked} 人。"
        )
    for label, paths in (("新建", outcome.new_profiles), ("更新", outcome.updated_profiles)):
        for path in paths[:20]:
            say(f"  {verb}{label} {path}")
        if len(paths) > 20:
            say(f"  ……另有 {len(paths) - 20} 个")


def _read_leniently(path: Path, name: str) -> list[Entry]:
    """A damaged register (--force): known columns only, UTF-8 or GBK."""
    text, _ = decode(path.read_bytes(), codes.E701_IMPORT)
    rows = [(n, cells) for n, cells in csv_rows(text) if any(c.strip() for c in cells)]
    if not rows:
        return []
    headers = [h.strip() for h in rows[0][1]]
    columns = {FIELDS[HEADERS.index(h)]: i for i, h in enumerate(headers) if h in HEADERS}
    return [
        Entry.of(
            {f: cells[i].strip() if i < len(cells) else "" for f, i in columns.items()},
            register=name,
            line=n,
        )
        for n, cells in rows[1:]
    ]


def _person(e: Entry) -> tuple[str, str, str]:
    return (e.name, e.birth_year, e.region)


# --- link: rows to profiles, and the stubs ---------------------------------------------------------


@dataclass
class Linking:
    """Linking the imported rows to people's profiles (the 档案 column) and, with --profiles, the stub
    profiles to write."""

    register: list[Entry]  # after the merge: the rows get their 档案 here
    before: list[Entry]  # the register before the import: the base of a stub's three-way merge
    others: list[Entry]  # the other registers' rows (one person may be in several)
    people: dict[str, Profile]
    known: dict[str, str]  # every exhibit slug, with its kind
    config: HallConfig
    source_title: str  # the roster, named as a stub's source
    outcome: Outcome
    writes: list[tuple[Path, bytes, bool]] = field(
        default_factory=list
    )  # (path, content, exclusive)
    created: set[str] = field(default_factory=set)  # the new stubs' slugs

    def _shown(self, path: Path) -> str:
        return shown(path, self.config.root)

    def link(self, touched: list[int], create: bool) -> list[str]:
        """Fill 档案 for the touched rows, matching them to a profile or (with `create`) a new stub's
        slug; the slugs they are linked to."""
        everyone = [*self.others, *self.register]
        by_person: dict[tuple, str] = {}
        for e in everyone:
            if e.profile and e.profile in self.known:
                by_person.setdefault(_person(e), e.profile)
        groups: dict[tuple, list[int]] = defaultdict(list)
        for i in dict.fromkeys(touched):
            groups[_person(self.register[i])].append(i)
        taken = set(self.known) | {e.profile for e in everyone if e.profile}
        slugs = []
        for key, indices in groups.items():
            rows = [self.register[i] for i in indices]
            slug = (
                next((e.profile for e in rows if e.profile), None)
                or by_person.get(key)
                or self._profile_for(rows, create, taken)
            )
            if slug is None:
                continue
            for i in indices:
                if not self.register[i].profile:
                    self.register[i] = self.register[i].with_values(profile=slug)
            slugs.append(slug)
        return slugs

    def _profile_for(self, rows: list[Entry], create: bool, taken: set[str]) -> str | None:
        """The profile a person without 档案 is found to have, or (with `create`) a new stub's slug."""
        slug, same = match_profile(rows, self.people)
        if slug:
            self.outcome.linked += 1
            return slug
        if not create:
            return None
        where = "、".join(f"第 {e.line} 行" for e in rows[:3]) if rows[0].line else ""
        if not derive(rows, self.config.vocab)["region"]:
            # a profile's one required fact a register row may lack (行业 may be unstated)
            self.outcome.notes.append(
                f"{rows[0].name}（{where}）没有建立档案：缺少地区（人物档案必填）。"
            )
            return None
        slug = _new_slug(rows[0].name, taken)
        self.created.add(slug)
        if same:
            self.outcome.notes.append(
                f"{rows[0].name}：已有同名档案 {'、'.join(same)}，但无法确定是同一人，另建了 {slug}；"
                f"如是同一人，请把名录中的档案改为 {same[0]} 并删除 {slug}。"
            )
        return slug

    def write_stubs(self, slugs: list[str], people_dir: Path) -> None:
        """A new stub for each new slug (and each one the register names but that is missing); the stubs an
        import wrote, updated. Hand-written profiles are linked, never written."""
        for slug in dict.fromkeys(slugs):
            rows = [e for e in [*self.others, *self.register] if e.profile == slug]
            if slug in self.created or (
                slug not in self.known and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
            ):
                d = derive(rows, self.config.vocab)
                if not d["region"]:
                    continue
                path = people_dir / f"{slug}.md"
                self.writes.append((path, stub_text(d, self.source_title).encode("utf-8"), True))
                self.outcome.new_profiles.append(self._shown(path))
                continue
            profile = self.people.get(slug)
            if profile is not None and profile.stub:
                self._update(profile, rows)

    def _update(self, profile: Profile, rows: list[Entry]) -> None:
        rows_old = [e for e in [*self.others, *self.before] if e.profile == profile.slug]
        old = derive(rows_old, self.config.vocab) if rows_old else {}
        text = profile.path.read_text(encoding="utf-8-sig")
        rel = self._shown(profile.path)
        try:
            new_text, skipped = update_stub(
                text, old, derive(rows, self.config.vocab), self.source_title, profile
            )
        except (ValueError, StopIteration, yaml.YAMLError):
            self.outcome.notes.append(f"{rel}：front matter 无法自动更新，请手工核对。")
            return
        for key in skipped:
            self.outcome.notes.append(f"{rel}：“{key}”的写法无法自动更新，请手工核对。")
        if new_text != text:
            self.writes.append((profile.path, new_text.encode("utf-8"), False))
            self.outcome.updated_profiles.append(rel)


def _new_slug(name: str, taken: set[str]) -> str:
    base = name_slug(name)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
