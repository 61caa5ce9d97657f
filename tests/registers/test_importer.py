"""`build_hall.py import`: a union's roster (generated here as .xlsx and as CSV) into a register and stub profiles."""

from __future__ import annotations

import csv
import datetime
import io
import random
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from hall.registers.importer import UsageError, run_import
from hall.registers.tables import HEADERS, load_registers
from tests.conftest import SmallHall
from tests.model.test_privacy import fake_id

ROOT = Path(__file__).resolve().parents[2]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国华明伟芳秀英军平志强文杰丽静敏红霞春海波兵涛宏林亮成刚勇斌辉鹏飞云峰金玉兰桂珍凤梅琴德福生荣新胜利庆宝忠祥元永泉"
HONORS = [
    "全国劳动模范",
    "全国五一劳动奖章",
    "浙江省劳动模范",
    "浙江工匠",
    "嘉兴市劳动模范",
    "嘉善县劳动模范",
    "江苏省劳动模范",
]
REGIONS = [
    "浙江省/嘉兴市/嘉善县",
    "浙江省 台州市 玉环市",
    "浙江省杭州市临安区",
    "江苏省/盐城市",
    "浙江省",
]
TRADES = ["制造业", "建筑业", "教育", "农林牧渔业", "卫生和社会工作", ""]
COLUMNS = [
    "序号",
    "姓  名",
    "性别",
    "身份证号",
    "出生年月",
    "工作单位",
    "职务",
    "荣誉称号",
    "获评年份",
    "所在地",
    "行业",
    "手机",
]
# (what is wrong, the column, the value, the code reported)
BAD = [
    ("empty name", "姓  名", "", "E703"),
    ("year 20200", "获评年份", "20200", "E104"),
    ("unknown honor", "荣誉称号", "全国劳模", "E201"),
    ("phone in a unit", "工作单位", "某厂 139 1234 5678", "E602"),
    ("region without province", "所在地", "嘉善县", "E203"),
    ("formula-looking text", "工作单位", "+cmd|' /C calc'!A0", "E709"),
]


class Roster:
    """A generated roster: rows as the union keeps them, with the private values it holds."""

    def __init__(self, people: int, seed: int = 1, bad: bool = True):
        rng = random.Random(seed)
        names: set[str] = set()
        self.rows: list[dict] = []
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        while len(names) < people:
            names.add(
                rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            )
        for name in sorted(names):
            born = rng.randrange(1950, 1995)
            person = {
                "姓  名": name
                if len(name) == 3
                else f"{name[0]}\u3000{name[1]}",  # padded like real rosters
                "性别": rng.choice("男女"),
                "出生年月": f"{born}.{rng.randrange(1, 13):02d}",
                "工作单位": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}机械有限公司（虚构）",
                "职务": rng.choice(["车工", "焊工", "教师", "护士", ""]),
                "所在地": rng.choice(REGIONS),
                "行业": rng.choice(TRADES),
            }
            person["身份证号"] = fake_id(f"330421{born}0101{rng.randrange(100, 999)}")
            person["手机"] = f"13{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}"
            self.ids.add(person["身份证号"])
            self.phones.add(person["手机"])
            honors = rng.sample(
                HONORS, 2 if rng.random() < 0.15 else 1
            )  # some people hold two honors: two rows
            for honor in honors:
                self.rows.append(
                    {**person, "荣誉称号": honor, "获评年份": str(rng.randrange(born + 25, 2025))}
                )
        self.rows.insert(min(100, len(self.rows)), dict(self.rows[7]))  # the same row twice
        self.bad_lines: dict[str, int] = {}  # what is wrong -> row number in the spreadsheet
        for n, (what, column, value, _) in enumerate(BAD if bad else []):
            at = 40 + 300 * n  # later insertions are further down: earlier rows keep their place
            self.rows.insert(at, {**self.rows[at], column: value})
            self.bad_lines[what] = at + 3  # after a title row and the header row
        for i, row in enumerate(self.rows, 1):
            row["序号"] = str(i)

    def xlsx(self, path: Path) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "劳模名单"
        sheet.append(["2024 年度劳模工匠名单（虚构数据）"])  # a title row above the headers
        sheet.append(COLUMNS)
        for row in self.rows:
            cells = [row[c] for c in COLUMNS]
            cells[0] = int(cells[0])
            cells[8] = (
                int(cells[8]) if cells[8].isdigit() else cells[8]
            )  # years as numbers, as Excel keeps them
            sheet.append(cells)
        book.save(path)
        return path

    def csv(self, path: Path, encoding: str) -> Path:
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(["2024 年度劳模工匠名单（虚构数据）"])
        writer.writerow(COLUMNS)
        writer.writerows([row[c] for c in COLUMNS] for row in self.rows)
        path.write_bytes(out.getvalue().encode(encoding))
        return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def register_rows(hall: SmallHall, name: str) -> list[dict]:
    text = (hall.exhibits / "registers" / f"{name}.csv").read_bytes()
    assert (
        text.startswith(b"\xef\xbb\xbf") and b"\r\n" in text
    )  # UTF-8 with a BOM, CRLF: what Excel opens
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def importing(hall: SmallHall, file: Path, **options) -> tuple[int, str]:
    lines: list[str] = []
    code = run_import(hall.hall_config(), file, say=lines.append, **options)
    return code, "\n".join(lines)


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build_hall.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- the 2,000-row roster -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A hall after importing a 2,000-row roster once (and the output of that import)."""
    root = tmp_path_factory.mktemp("big")
    (root / "hall").mkdir()
    hall = SmallHall(root / "hall")
    roster = Roster(1800)
    assert len(roster.rows) >= 2000
    roster.rows = roster.rows[:2000]
    source = roster.xlsx(root / "2024年劳模名单.xlsx")
    code, output = importing(hall, source)
    return hall, roster, source, code, output


def test_good_rows_import_and_every_bad_row_is_reported_with_its_row_number(big):
    hall, roster, source, code, output = big
    assert code == 1  # some rows were bad; the good ones were still written
    for what, _column, _value, expected in BAD:
        assert f"{source}:{roster.bad_lines[what]}: 错误 {expected}" in output, (
            what,
            output[-3000:],
        )
    assert "“授予年份”的值“20200”不是四位年份" in output
    assert "荣誉称号“全国劳模”不在荣誉词表中（是不是“全国劳动模范”？" in output
    rows = register_rows(hall, "2024-nian-lao-mo-ming-dan")
    assert len(rows) == 2000 - len(BAD) - 1  # the bad rows skipped, the duplicate merged
    assert (
        f"新增 {len(rows)} 行，更新 0 行，未变 0 行，跳过 {len(BAD)} 行有错误；另有 1 行与前面的行重复，已合并"
        in output
    )


def test_private_columns_are_dropped_and_said(big):
    hall, roster, _, _, output = big
    assert (
        "已丢弃含个人信息的列" in output
        and "“身份证号”（第 D 列）" in output
        and "“手机”（第 L 列）" in output
    )
    assert "“序号”（第 A 列）" in output  # not imported, and said
    assert list(register_rows(hall, "2024-nian-lao-mo-ming-dan")[0]) == list(
        HEADERS[:-1]
    )  # 社会活动次数 only when a row has a count
    for path, data in snapshot(hall.exhibits).items():
        text = data.decode("utf-8", errors="replace")
        assert not [v for v in roster.ids | roster.phones if v in text], path
    assert not [v for v in roster.ids | roster.phones if v in output]


def test_values_are_normalized_into_the_register(big):
    hall, roster, _, _, _ = big
    rows = register_rows(hall, "2024-nian-lao-mo-ming-dan")
    assert {r["地区"] for r in rows} == {
        "浙江省/嘉兴市/嘉善县",
        "浙江省/台州市/玉环市",
        "浙江省/杭州市/临安区",
        "江苏省/盐城市",
        "浙江省",
    }
    assert all(" " not in r["姓名"] and "\u3000" not in r["姓名"] for r in rows)
    assert all(len(r["出生年份"]) == 4 and len(r["授予年份"]) == 4 for r in rows)
    assert {r["行业"] for r in rows} >= {"农、林、牧、渔业", "制造业", ""}


def test_importing_the_same_roster_again_changes_nothing(big):
    hall, _, source, _, _ = big
    before = snapshot(hall.exhibits)
    code, output = importing(hall, source)
    assert code == 1 and "新增 0 行，更新 0 行" in output and "文件没有变化" in output
    assert snapshot(hall.exhibits) == before


def test_the_register_passes_check(big):
    hall, *_ = big
    loaded = hall.load()
    load_registers(hall.hall_config(), loaded)
    assert loaded.report.problems == [], loaded.report.format_text()[
        :2000
    ]  # nor W302 for the registers folder


# --- encodings, mapping, merging ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_or_gbk_imports_the_same_as_xlsx(small_hall, tmp_path, encoding):
    roster = Roster(40, seed=2, bad=False)
    importing(small_hall, roster.xlsx(tmp_path / "a.xlsx"), register="from-xlsx")
    code, output = importing(
        small_hall, roster.csv(tmp_path / "a.csv", encoding), register="from-csv"
    )
    assert code == 0, output
    assert register_rows(small_hall, "from-csv") == register_rows(small_hall, "from-xlsx")


def test_map_overrides_headers_and_excel_dates_become_years(small_hall, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名字", "生日", "获奖情况", "获奖时间", "地址", "备注"])
    sheet.append(
        [
            "蒋建国",
            datetime.datetime(1966, 5, 1),
            "浙江工匠",
            datetime.datetime(2019, 4, 28),
            "浙江省/台州市",
            "无",
        ]
    )
    book.save(tmp_path / "名单.xlsx")
    code, output = importing(
        small_hall,
        tmp_path / "名单.xlsx",
        maps=["生日=出生年份", "获奖情况=荣誉称号", "获奖时间=year", "备注=忽略"],
    )
    assert code == 0, output
    assert "“地址”（第 E 列）" in output  # an address column is private, whatever the map says
    rows = register_rows(small_hall, "ming-dan")
    assert [(r["姓名"], r["出生年份"], r["荣誉称号"], r["授予年份"], r["地区"]) for r in rows] == [
        ("蒋建国", "1966", "浙江工匠", "2019", "")
    ]


def test_a_column_of_phone_numbers_is_dropped_whatever_its_header(small_hall, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "姓名,荣誉称号,授予年份,联络\n张伟,全国劳动模范,2015,13812345678\n李强,浙江工匠,2020,\n",
        encoding="utf-8",
    )
    code, output = importing(small_hall, path)
    assert code == 0 and "已丢弃含个人信息的列" in output and "“联络”（第 D 列）" in output
    assert b"13812345678" not in (small_hall.exhibits / "registers" / "r.csv").read_bytes()


def test_missing_name_column_imports_nothing(small_hall, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("人员,荣誉称号\n张伟,全国劳动模范\n", encoding="utf-8")
    code, output = importing(small_hall, path)
    assert code == 1 and "E702" in output and "找不到“姓名”列" in output and "--map" in output
    assert not (small_hall.exhibits / "registers").exists()


def test_an_updated_roster_updates_only_what_it_brings_and_never_deletes(small_hall, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "姓名,荣誉称号,授予年份,工作单位,地区\n张伟,全国劳动模范,,甲厂,浙江省\n李强,浙江工匠,2020,乙厂,浙江省\n",
        encoding="utf-8",
    )
    assert importing(small_hall, path)[0] == 0
    register = small_hall.exhibits / "registers" / "r.csv"
    register.write_bytes(register.read_bytes().replace("乙厂".encode(), "乙厂（馆员改）".encode()))
    path.write_text(
        "姓名,荣誉称号,授予年份,行业\n张伟,全国劳动模范,2015,制造业\n王芳,浙江工匠,2021,教育\n",
        encoding="utf-8",
    )
    code, output = importing(small_hall, path)
    assert code == 0 and "新增 1 行，更新 1 行，未变 0 行" in output
    rows = register_rows(small_hall, "r")
    assert [(r["姓名"], r["授予年份"], r["工作单位"], r["行业"]) for r in rows] == [
        ("张伟", "2015", "甲厂", "制造业"),  # the year the register lacked: the same row, updated
        ("李强", "2020", "乙厂（馆员改）", ""),  # not in this roster: kept as the curator left it
        ("王芳", "2021", "", "教育"),
    ]


def test_dry_run_writes_nothing(small_hall, tmp_path):
    before = snapshot(small_hall.exhibits)
    code, output = importing(
        small_hall,
        Roster(30, seed=3, bad=False).xlsx(tmp_path / "x.xlsx"),
        profiles=True,
        dry_run=True,
    )
    assert code == 0 and "将新增" in output and "没有写入任何文件" in output
    assert snapshot(small_hall.exhibits) == before


def test_a_damaged_register_is_rewritten_only_with_force(small_hall, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,荣誉称号\n张伟,全国劳动模范\n", encoding="utf-8")
    importing(small_hall, path)
    register = small_hall.exhibits / "registers" / "r.csv"
    register.write_text("姓名,荣誉称号,备注\n张伟,全国劳动模范,馆员的备注\n", encoding="utf-8-sig")
    code, output = importing(small_hall, path)
    assert code == 1 and "未知的列“备注”" in output and "--force" in output
    assert "馆员的备注" in register.read_text(encoding="utf-8-sig")
    code, output = importing(small_hall, path, force=True)
    assert code == 0 and register_rows(small_hall, "r")[0]["姓名"] == "张伟"


# --- stub profiles ----------------------------------------------------------------------------------

STUB_ROSTER = """\
姓名,性别,出生年份,荣誉称号,授予年份,地区,工作单位,职务,行业
蒋明华,男,1970,浙江省劳动模范,2015,浙江省/嘉兴市/嘉善县,甲机械厂,车工,制造业
蒋明华,男,1970,嘉兴市劳动模范,2010,浙江省/嘉兴市/嘉善县,甲机械厂,车工,制造业
柴金甫,男,,全国劳动模范,2020,浙江省/嘉兴市/嘉善县,,,农林牧渔业
沈秀英,女,1980,浙江工匠,2021,浙江省/台州市,乙公司,,
韩冰,男,1975,浙江工匠,2022,,丙公司,,制造业
"""


def test_profiles_creates_stubs_links_existing_profiles_and_keeps_the_curators_story(
    small_hall, tmp_path
):
    path = tmp_path / "2024名单.csv"
    path.write_text(STUB_ROSTER, encoding="utf-8")
    chai = (small_hall.exhibits / "people" / "chai-jinfu.md").read_bytes()
    code, output = importing(small_hall, path, profiles=True)
    assert code == 0, output
    assert (
        "韩冰" in output and "缺少地区" in output
    )  # a profile needs a region: no stub, the row is still in the register
    assert "trade:" not in (small_hall.exhibits / "people" / "shen-xiuying.md").read_text(
        encoding="utf-8"
    )  # unstated
    stub = small_hall.exhibits / "people" / "jiang-minghua.md"
    text = stub.read_text(encoding="utf-8")
    assert (
        'name: "蒋明华"' in text
        and 'region: "浙江省/嘉兴市/嘉善县"' in text
        and "birth_year: 1970" in text
    )
    assert text.index("浙江省劳动模范") < text.index("嘉兴市劳动模范")  # highest honor first
    assert 'title: "2024名单.csv"' in text and 'note: "工会名录导入"' in text
    rows = {r["姓名"]: r["档案"] for r in register_rows(small_hall, "2024-ming-dan")}
    assert rows == {
        "蒋明华": "jiang-minghua",
        "柴金甫": "chai-jinfu",
        "沈秀英": "shen-xiuying",
        "韩冰": "",
    }
    assert (
        small_hall.exhibits / "people" / "chai-jinfu.md"
    ).read_bytes() == chai  # hand-written: linked, not written
    assert not small_hall.load().report.errors, small_hall.load().report.format_text()

    # the curator writes the story, corrects the region and adds a tag
    story = "\n蒋明华在车间里干了三十年。馆员根据采访写的故事。\n"
    _, front, _ = text.split("---\n", 2)
    front = front.replace('region: "浙江省/嘉兴市/嘉善县"', "region: 浙江省/嘉兴市").replace(
        "sources:", "tags: [车工]\nsources:"
    )
    stub.write_text(f"---\n{front}---\n{story}", encoding="utf-8")

    # re-importing the same roster: nothing changes anywhere
    before = snapshot(small_hall.exhibits)
    assert importing(small_hall, path, profiles=True)[0] == 0
    assert snapshot(small_hall.exhibits) == before

    # a new roster: a new honor and a new employer for him
    later = tmp_path / "2025名单.csv"
    later.write_text(
        "姓名,出生年份,荣誉称号,授予年份,地区,工作单位,行业\n"
        "蒋明华,1970,全国劳动模范,2025,浙江省/嘉兴市/嘉善县,丙集团,制造业\n",
        encoding="utf-8",
    )
    code, output = importing(small_hall, later, register="2024-ming-dan", profiles=True)
    assert code == 0 and "更新 exhibits/people/jiang-minghua.md" in output, output
    updated = stub.read_text(encoding="utf-8")
    assert updated.endswith(story)  # the story, byte for byte
    assert "region: 浙江省/嘉兴市\n" in updated  # the curator's correction stays
    assert 'employer: "丙集团"' in updated and "tags: [车工]" in updated
    assert 'title: "全国劳动模范"\n    year: 2025' in updated and 'title: "2025名单.csv"' in updated
    assert 'title: "2024名单.csv"' in updated
    assert not small_hall.load().report.errors, small_hall.load().report.format_text()


def test_same_name_without_evidence_gets_its_own_stub(small_hall, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "姓名,荣誉称号,授予年份,地区,行业\n王进喜,浙江工匠,2020,浙江省/台州市,制造业\n",
        encoding="utf-8",
    )
    code, output = importing(small_hall, path, profiles=True)
    assert code == 0 and "已有同名档案 wang-jinxi" in output and "wang-jinxi-2" in output
    assert (small_hall.exhibits / "people" / "wang-jinxi-2.md").is_file()
    assert "浙江工匠" not in (small_hall.exhibits / "people" / "wang-jinxi.md").read_text(
        encoding="utf-8"
    )


# --- the command ------------------------------------------------------------------------------------


def test_command_exit_codes_and_messages(small_hall, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("姓名,荣誉称号,授予年份\n张伟,全国劳动模范,2015\n", encoding="gbk")
    result = cli(small_hall.root, "import", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "GBK 编码" in result.stdout and "新增 1 行" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "姓名,荣誉称号,授予年份\n张伟,全国劳动模范,20200\n李强,浙江工匠,2020\n", encoding="utf-8"
    )
    result = cli(small_hall.root, "import", str(bad), "--register", "good")
    assert (
        result.returncode == 1
        and f"{bad}:2: 错误 E104" in result.stdout
        and "新增 1 行" in result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert cli(small_hall.root, "check").returncode == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.xlsx"], "找不到文件"),
        (["{dir}/old.xls"], "另存为"),
        (["{dir}/r.csv", "--map", "姓名"], "表头=字段"),
        (["{dir}/r.csv", "--map", "姓名=生日"], "不认识的字段"),
        (["{dir}/r.csv", "--map", "无此列=姓名"], "没有表头“无此列”"),
        (["{dir}/r.csv", "--register", "../x"], "不能用作文件名"),
    ],
)
def test_usage_errors_exit_2(small_hall, tmp_path, args, message):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "r.csv").write_text("姓名,荣誉称号\n张伟,全国劳动模范\n", encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        run_import(
            small_hall.hall_config(),
            Path(args[0].format(dir=tmp_path)),
            maps=[a for i, a in enumerate(args) if i and args[i - 1] == "--map"],
            register=next((args[i + 1] for i, a in enumerate(args) if a == "--register"), None),
            say=lambda _: None,
        )
    result = cli(small_hall.root, "import", *[a.format(dir=tmp_path) for a in args])
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
