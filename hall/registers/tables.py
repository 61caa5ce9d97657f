"""Registers (名录): every honoree of a union, most of them without a full profile.

A register is a CSV file under exhibits/registers/ that a curator can open in Excel: UTF-8 with a BOM,
fixed Chinese headers (HEADERS), one row per award. `build_hall.py import` (hall.registers.importer) writes them from
the union's spreadsheets; curators may also edit them by hand. Here they are read and checked like
exhibits (each bad row is a problem with the CSV line of the row) and rendered as pages: an index, one
paginated table per honor title and one per province and city.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Iterator, Mapping

from hall.files import shown
from hall.model import activities, codes, privacy
from hall.model.config import HallConfig
from hall.model.exhibit import Hall
from hall.model.formulas import formula_like
from hall.model.pinyin import place_slug, slugify, syllables
from hall.model.problems import Code, Notice, Refusal, Report
from hall.model.schema import FIRST_YEAR, SLUG_RE, THIS_YEAR
from hall.model.vocab import LEVELS, Vocabulary, suggest
from hall.site.pages import Page, Pager, SiteInfo, environment, paged, render

FOLDER = "registers"  # under exhibits/
HEADERS = (
    "姓名",
    "性别",
    "出生年份",
    "荣誉称号",
    "授予年份",
    "地区",
    "工作单位",
    "职务/工种",
    "行业",
    "档案",
    "社会活动次数",  # optional: what the union's 劳模管理系统 counts (written only when a row has it)
)
FIELDS = (
    "name",
    "gender",
    "birth_year",
    "honor",
    "year",
    "region",
    "employer",
    "occupation",
    "trade",
    "profile",
    "activities",
)
HEADER_OF = dict(zip(FIELDS, HEADERS))
FIELD_OF = dict(zip(HEADERS, FIELDS))
REQUIRED = ("name", "honor")
ENCODING = "utf-8-sig"  # with a BOM, so Excel opens the Chinese text right
PAGE_ROWS = 500  # rows per page: light enough for a phone (bench/register.py measures them)
MAX_CELL = 100
SLUG = re.compile(SLUG_RE)


@dataclass(frozen=True)
class Entry:
    """One row of a register: one award of one person. Every value is text as stored ("" when empty)."""

    name: str = ""
    gender: str = ""
    birth_year: str = ""
    honor: str = ""
    year: str = ""
    region: str = ""
    employer: str = ""
    occupation: str = ""
    trade: str = ""
    profile: str = ""
    activities: str = ""  # 社会活动次数, a whole number as written
    register: str = field(default="", compare=False)  # the file's name without .csv
    line: int = field(default=0, compare=False)

    @classmethod
    def of(cls, values: Mapping[str, str], **where) -> "Entry":
        return cls(**{f: values.get(f, "") or "" for f in FIELDS}, **where)

    def values(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in FIELDS}

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies a row: the same person's same award."""
        return (self.name, self.honor, self.year, self.birth_year)

    @property
    def person(self) -> tuple[str, ...]:
        """Rows of one person: the same profile, or else the same name, birth year and region."""
        return (
            ("profile", self.profile)
            if self.profile
            else ("row", self.name, self.birth_year, self.region)
        )

    def with_values(self, **values: str) -> "Entry":
        return replace(self, **values)


class RegisterError(Refusal):
    """A register or roster file that cannot be read at all, with what to say to the curator."""


# --- reading and writing the CSV files ----------------------------------------------------------

GBK_WITHIN = 4  # non-ASCII characters a GBK file may start with that also read as UTF-8 (about one in five does)


def decode(raw: bytes, code: Code = codes.E701) -> tuple[str, str]:
    """(text, encoding name) of a CSV file: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8 (BOM or not), or
    GBK, what Excel's "CSV (逗号分隔)" is on Chinese Windows (read as GB18030, which covers it), when the file
    is GBK from its first Chinese characters on. A file that is UTF-8 for a while and then not (a row pasted
    from elsewhere) is neither: read as GBK, its UTF-8 part would be mojibake. `code`: what to say then."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8-sig"), "带 BOM 的 UTF-8" if bom else "UTF-8"
    except UnicodeDecodeError as exc:
        if not bom and sum(not c.isascii() for c in raw[: exc.start].decode("utf-8")) < GBK_WITHIN:
            try:
                return raw.decode("gb18030"), "GBK"
            except UnicodeDecodeError:
                pass
        line = raw[: exc.start].count(b"\n") + 1
        raise RegisterError(code.of(line=line)) from None


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line of the row's first line, cells) for every row of CSV text; tab-separated if the first line is."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error:  # its message is English
        raise RegisterError(codes.E701_CSV.of(line=reader.line_num)) from None


def to_csv(entries: list[Entry]) -> bytes:
    """A register file's bytes: BOM, the fixed headers (社会活动次数 only when a row has one), CRLF line ends (what
    Excel writes)."""
    fields = FIELDS if any(e.activities for e in entries) else FIELDS[:-1]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER_OF[f] for f in fields)
    for e in entries:
        writer.writerow([getattr(e, f) for f in fields])
    return out.getvalue().encode(ENCODING)


def read_register(path: Path, rel: str, report: Report) -> list[Entry] | None:
    """The rows of a register file as written (cells stripped), or None when it cannot be read; problems
    of the file itself (encoding, headers) go to the report, row checks are `check_entry`'s."""
    name = path.stem
    try:
        text, encoding = decode(path.read_bytes())
        rows = list(csv_rows(text))
    except RegisterError as exc:
        report.add(exc.notice.at(rel, 1))
        return None
    if (
        encoding == "GBK"
    ):  # what Excel saves as "CSV (逗号分隔)": read, and the curator told how to keep it UTF-8
        report.add(codes.W703.at(rel, 1))
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        return []
    header_line, headers = rows[0]
    headers = [h.strip() for h in headers]
    columns = _columns(headers, rel, header_line, report)
    if columns is None:
        return None
    return _entries(rows[1:], headers, columns, name, rel, report)


def _columns(
    headers: list[str], rel: str, header_line: int, report: Report
) -> dict[str, int] | None:
    """Each known header's column index; None when a header is repeated, unknown, private or missing."""
    columns: dict[str, int] = {}
    bad = False
    for i, header in enumerate(headers):
        if not header:
            continue
        if header in columns:
            report.add(codes.E702_TWICE.at(rel, header_line, header=header))
            bad = True
        elif header in FIELD_OF:
            columns[header] = i
        elif finding := private_header(header):
            column = privacy.problem(finding, f"“{header}”", codes.E603_COLUMN)
            report.add(column.at(rel, header_line))
            bad = True
        else:
            near = suggest(header, list(HEADERS))
            unknown = dict(header=header, near=near, headers="、".join(HEADERS))
            report.add(codes.E702.at(rel, header_line, **unknown))
            bad = True
    for required in REQUIRED:
        if HEADER_OF[required] not in columns:
            missing = dict(header=HEADER_OF[required], headers=",".join(HEADERS))
            report.add(codes.E702_MISSING.at(rel, header_line, **missing))
            bad = True
    return None if bad else columns


def _entries(
    rows: list[tuple[int, list[str]]],
    headers: list[str],
    columns: dict[str, int],
    name: str,
    rel: str,
    report: Report,
) -> list[Entry]:
    """The data rows as entries, with the problems of their cells (outside any column, a line break)."""
    entries = []
    for line, cells in rows:
        extra = [c for c in cells[len(headers) :] if c.strip()]
        extra += [c for i, c in enumerate(cells[: len(headers)]) if c.strip() and not headers[i]]
        if extra:
            report.add(codes.E707.at(rel, line, count=len(extra), first=quote_cell(extra[0])))
        values = {
            FIELD_OF[h]: cells[i].strip() if i < len(cells) else "" for h, i in columns.items()
        }
        raw = {FIELD_OF[h]: cells[i] if i < len(cells) else "" for h, i in columns.items()}
        entry = Entry.of(values, register=name, line=line)
        multiline = [HEADER_OF[f] for f, v in raw.items() if "\n" in v or "\r" in v]
        if multiline:
            report.add(codes.E706_NEWLINE.at(rel, line, column=multiline[0]))
        entries.append(entry)
    return entries


def cell_findings(text: str) -> list[privacy.Finding]:
    """privacy.scan, skipping the many cells without a digit (every number and address pattern needs one)."""
    return privacy.scan(text) if any(ch.isdigit() for ch in text) else []


def quote_cell(text: str) -> str:
    """A cell quoted in a message: at most 20 characters, and private numbers masked."""
    findings = cell_findings(text)
    return privacy.mask(findings[0].value) if findings else text.strip()[:20]


def private_header(header: str) -> privacy.Finding | None:
    """A column meant for private data: 身份证号, 手机, 联系电话, 家庭住址, 证件号码, 银行账号…"""
    finding = privacy.private_key(header)
    if finding is None and any(
        word in header for word in ("证件", "联系方式", "银行", "账号", "户籍", "户口")
    ):
        finding = privacy.Finding("private_field", header, privacy.LABELS["private_field"])
    return finding


# --- checking rows ------------------------------------------------------------------------------


def check_entry(e: Entry, vocab: Vocabulary, known: Mapping[str, str]) -> list[Notice]:
    """Every problem of one row. `known` maps every exhibit slug to its kind ("" for exhibits that
    exist but failed their own checks: their errors are reported there)."""
    found: list[Notice] = []
    private = {f: cell_findings(getattr(e, f)) for f in FIELDS}
    for f, findings in private.items():
        found += [privacy.problem(finding, f"“{HEADER_OF[f]}”中") for finding in findings]
    formulas = [f for f in FIELDS if formula_like(getattr(e, f)) and not private[f]]
    found += [formula_problem(HEADER_OF[f], getattr(e, f)) for f in formulas]
    skipped = {f for f in FIELDS if private[f] or f in formulas}  # reported: not checked again
    e = e.with_values(**{f: "" for f in skipped})  # never echo private data
    found += _person_problems(e, skipped, vocab)
    found += _year_problems(e)
    if e.activities and not re.fullmatch(r"\d{1,5}", e.activities):
        found.append(codes.E711.of(value=quote_cell(e.activities)))
    if e.region and (problem := vocab.region_problem(e.region)):
        found.append(problem)
    if e.trade and (problem := vocab.trade_problem(e.trade)):
        found.append(problem)
    if e.profile:
        found += _profile_problems(e.profile, known)
    for f in FIELDS:
        value = getattr(e, f)
        if len(value) > MAX_CELL:
            found.append(codes.E706_LONG.of(column=HEADER_OF[f], length=len(value), max=MAX_CELL))
    return found


def _person_problems(e: Entry, skipped: set[str], vocab: Vocabulary) -> list[Notice]:
    """The name, the honor and the gender (a name or honor already reported is not checked again)."""
    found: list[Notice] = []
    add = lambda code, **fields: found.append(code.of(**fields))  # noqa: E731
    if "name" in skipped:
        pass
    elif not e.name:
        add(codes.E703)
    elif len(e.name) < 2 or len(e.name) > 20 or re.search(r"\d", e.name):
        add(codes.E706, name=e.name[:30])
    if "honor" in skipped:
        pass
    elif not e.honor:
        add(codes.E703_HONOR)
    elif problem := vocab.honor_problem(e.honor):
        found.append(problem)
    if e.gender not in ("", "男", "女"):
        add(codes.E704, gender=e.gender)
    return found


def _year_problems(e: Entry) -> list[Notice]:
    found: list[Notice] = []
    add = lambda code, **fields: found.append(code.of(**fields))  # noqa: E731
    years = {}
    for f in ("birth_year", "year"):
        value = getattr(e, f)
        if not value:
            continue
        label = f"“{HEADER_OF[f]}”"
        if not re.fullmatch(r"\d{4}", value):
            add(codes.E104, label=label, value=value[:20])
        elif not FIRST_YEAR <= int(value) <= THIS_YEAR:
            add(codes.E104_RANGE, label=label, value=value, first=FIRST_YEAR, last=THIS_YEAR)
        else:
            years[f] = int(value)
    if len(years) == 2 and years["birth_year"] >= years["year"]:
        add(codes.E708, born=years["birth_year"], year=years["year"])
    return found


def _profile_problems(profile: str, known: Mapping[str, str]) -> list[Notice]:
    """The 档案 column: a person's profile that exists."""
    if not SLUG.match(profile):
        return [codes.E304_PROFILE.of(slug=profile)]
    if profile not in known:
        near = suggest(profile, [s for s, kind in known.items() if kind == "people"])
        return [codes.E302_PROFILE.of(slug=profile, near=near)]
    if known[profile] not in ("people", ""):
        return [codes.E303_PROFILE.of(slug=profile)]
    return []


def formula_problem(column: str, value: str) -> Notice:
    """E709: a cell that Excel or WPS would run as a formula when a curator opens the register."""
    return codes.E709.of(column=column, cell=quote_cell(value), sign=value[:1])


@dataclass
class Registers:
    """Every register of a hall: the files found and their valid rows, without duplicates."""

    files: list[str] = field(default_factory=list)  # paths as curators see them
    entries: list[Entry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.files)


def folder(exhibits_dir: Path) -> Path:
    return exhibits_dir / FOLDER


def profile_entries(hall: Hall) -> list[Entry]:
    """One row per honor of every person profile, people in pinyin order, each person's honors highest first:
    how the sample register (guan-cang-ren-wu.csv) is made from the sample profiles (tools/sample_register.py)."""
    rows = []
    for e in sorted(hall.of_kind("people"), key=lambda e: (e.pinyin.lower(), e.slug)):
        m = e.meta
        person = dict(
            name=m.name,
            gender=m.gender or "",
            birth_year=str(m.birth_year or ""),
            region=m.region,
            employer=m.employer or "",
            occupation=m.occupation or "",
            trade=e.trade.name if e.trade else "",
            profile=e.slug,
        )
        rows += [Entry(honor=h.title, year=str(h.year or ""), **person) for h in e.honors]
    return rows


def register_files(exhibits_dir: Path) -> list[Path]:
    d = folder(exhibits_dir)
    return (
        sorted(p for p in d.glob("*.csv") if not p.name.startswith((".", "_", "~$")))
        if d.is_dir()
        else []
    )


def has_registers(exhibits_dir: Path) -> bool:
    return bool(register_files(exhibits_dir))


def known_slugs(hall: Hall) -> dict[str, str]:
    return {**{slug: "" for slug in hall.invalid}, **{e.slug: e.kind for e in hall.exhibits}}


def load_registers(config: HallConfig, hall: Hall) -> Registers:
    """Read and check every register; problems join the hall's report (errors block the build)."""
    report, root, d = hall.report, config.root, folder(config.exhibits_dir)
    rel = lambda p: shown(p, root)  # noqa: E731
    if d.is_dir():
        for other in sorted(d.iterdir()):
            if (
                other.is_file()
                and other.suffix.lower() != ".csv"
                and not other.name.startswith((".", "~$"))
            ):
                report.add(codes.W701.at(rel(other), None, name=other.name))
    registers = Registers()
    known = known_slugs(hall)
    seen: dict[tuple, tuple[str, int]] = {}
    for path in register_files(config.exhibits_dir):
        where = rel(path)
        registers.files.append(where)
        entries = read_register(path, where, report)
        for e in entries or []:
            problems = check_entry(e, config.vocab, known)
            for notice in problems:
                report.add(notice.at(where, e.line))
            first = seen.get(e.key)
            if first and first[0] == where:
                report.add(codes.E705.at(where, e.line, first=first[1]))
            elif first:
                report.add(codes.W702.at(where, e.line, other=first[0], line=first[1]))
            elif not problems:
                seen[e.key] = (where, e.line)
                registers.entries.append(e)
    return registers


# --- pages -----------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _pinyin(name: str) -> str:
    return " ".join(syllables(name))


def _order(e: Entry):
    return (int(e.year) if e.year else 9999, _pinyin(e.name), e.name, e.register, e.line)


@dataclass
class Listing:
    """A table of register rows with its pages: one honor title, or one province or city."""

    url: str  # registers/honors/quan-guo-lao-dong-mo-fan/
    name: str
    entries: list[Entry]
    trail: list[tuple[str, str]] = field(default_factory=list)  # (name, url) of the pages above
    children: list["Listing"] = field(default_factory=list)
    level: str = ""
    depth: int = (
        0  # region parts shown by the page itself (1 for a province page): the table shows the rest
    )

    @property
    def people(self) -> int:
        return len({e.person for e in self.entries})


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken or candidate.isdigit():  # numbers are page numbers
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def honor_listings(entries: list[Entry], vocab: Vocabulary) -> list[Listing]:
    by_title: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_title[e.honor].append(e)
    taken: set[str] = set()
    listings = []
    for title in sorted(by_title, key=lambda t: (vocab.honor_rank(t), _pinyin(t))):
        level = vocab.honor_level(title)
        listings.append(
            Listing(
                f"{FOLDER}/honors/{_unique(slugify(title), taken)}/",
                title,
                sorted(by_title[title], key=_order),
                level=level.name if level else "",
            )
        )
    return listings


def region_listings(entries: list[Entry]) -> list[Listing]:
    """Provinces, each with its cities (the second part of a region path)."""
    tree: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        if e.region:
            parts = e.region.split("/")
            tree[parts[0]][parts[1] if len(parts) > 1 else ""].append(e)
    taken: set[str] = set()
    provinces = []
    for province in sorted(tree, key=place_slug):
        url = f"{FOLDER}/regions/{_unique(place_slug(province) or 'x', taken)}/"
        rows = sorted((e for rows in tree[province].values() for e in rows), key=_order)
        listing = Listing(url, province, rows, depth=1)
        city_slugs: set[str] = set()
        for city in sorted((c for c in tree[province] if c), key=place_slug):
            listing.children.append(
                Listing(
                    f"{url}{_unique(place_slug(city) or 'x', city_slugs)}/",
                    city,
                    sorted(tree[province][city], key=_order),
                    trail=[(province, url)],
                    depth=2,
                )
            )
        provinces.append(listing)
    return provinces


class RegisterRenderer:
    def __init__(self, registers: Registers, hall: Hall, vocab: Vocabulary, site: SiteInfo):
        self.registers, self.vocab, self.site = registers, vocab, site
        self.profiles = {e.slug for e in hall.of_kind("people")}
        self.recorded = {e.slug: activities.count(e) for e in hall.of_kind("people")}
        self.env = environment(profiles=self.profiles, count=partial(_count, self.recorded))

    def _render(self, template: str, src_uri: str, **context) -> str:
        return render(self.env, self.site, template, src_uri, **context)

    def pages(self) -> Iterator[Page]:
        if not self.registers:
            return
        entries = self.registers.entries
        honors = honor_listings(entries, self.vocab)
        regions = region_listings(entries)
        levels = [(level.name, [h for h in honors if h.level == level.name]) for level in LEVELS]
        people = len({e.person for e in entries})
        src = f"{FOLDER}/index.md"
        yield Page.of(
            src,
            self._render(
                "register.md",
                src,
                levels=[(name, items) for name, items in levels if items],
                regions=regions,
                total=len(entries),
                people=people,
                linked=len({e.profile for e in entries if e.profile in self.profiles}),
                unplaced=sum(1 for e in entries if not e.region),
            ),
            in_nav=True,
        )
        for listing in honors:
            yield from self.listing(listing, "honor")
        for province in regions:
            yield from self.listing(province, "region")
            for city in province.children:
                yield from self.listing(city, "region")

    def listing(self, listing: Listing, facet: str) -> Iterator[Page]:
        """A listing's pages of PAGE_ROWS rows each."""
        for pager, rows in paged(listing.url, listing.entries, PAGE_ROWS):
            src = pager.src_uri
            context = dict(
                counted=any(_count(self.recorded, e) for e in listing.entries),
                listing=listing,
                facet=facet,
                rows=rows,
                pager=pager,
                first=(pager.number - 1) * PAGE_ROWS + 1,
                region_text=partial(_region_text, listing.depth),
            )
            yield Page.of(src, self._render("register-list.md", src, **context))


def _count(recorded: dict[str, int], e: Entry) -> str:
    """A row's 社会活动次数: the register's own (the union's system counts more than any profile lists), else the
    number of activities its profile records."""
    return e.activities or (str(recorded[e.profile]) if recorded.get(e.profile) else "")


def _region_text(depth: int, region: str) -> str:
    return " · ".join(region.split("/")[depth:])


def register_pages(
    registers: Registers, hall: Hall, vocab: Vocabulary, site: SiteInfo
) -> Iterator[Page]:
    return RegisterRenderer(registers, hall, vocab, site).pages()


def search_records(registers: Registers, hall: Hall, vocab: Vocabulary) -> list[dict[str, str]]:
    """One record per register row for the site search: what the row says, the register page that lists it
    (`url`, under its honor title) and the person's profile when there is one (`profile`)."""
    profiles = {e.slug for e in hall.of_kind("people")}
    records = []
    for listing in honor_listings(registers.entries, vocab):
        for n, e in enumerate(listing.entries):
            records.append(
                {
                    "name": e.name,
                    "honor": e.honor,
                    "year": e.year,
                    "region": e.region,
                    "employer": e.employer,
                    "url": Pager(listing.url).url(n // PAGE_ROWS + 1),
                    "profile": f"people/{e.profile}/" if e.profile in profiles else "",
                }
            )
    return records
