"""Registers (名录): checked like exhibits, rendered as lean paginated tables, and nothing private published."""

from __future__ import annotations

import csv
import io
import re

import pytest

from hall.engine.build import BuildFailed, build
from hall.engine.plugin import default_nav
from hall.model.placeholders import STUB_STORY
from hall.model.vocab import Vocabulary
from hall.registers.importer import run_import
from hall.registers.tables import (
    PAGE_ROWS,
    Registers,
    load_registers,
    register_pages,
    search_records,
)
from hall.site.pages import SiteInfo
from tests.conftest import SmallHall
from tests.model.test_privacy import fake_id
from tests.registers.test_importer import Roster, cli

MB = 1024 * 1024


def rows_of(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small hall with a register of about 1,300 rows imported from a roster with ID and phone columns,
    a few stub profiles, built once."""
    root = tmp_path_factory.mktemp("registers")
    (root / "hall").mkdir()
    hall = SmallHall(root / "hall")
    roster = Roster(1150, seed=5, bad=False)
    for row in roster.rows[:1100]:
        row["荣誉称号"] = "全国劳动模范"  # one title with more than two pages of names
    quiet = lambda _: None  # noqa: E731
    assert run_import(hall.hall_config(), roster.xlsx(root / "名单.xlsx"), say=quiet) == 0
    (root / "stubs.csv").write_text(
        "姓名,出生年份,荣誉称号,授予年份,地区,行业\n"
        "蒋明华,1970,浙江省劳动模范,2015,浙江省/嘉兴市/嘉善县,制造业\n"
        "柴金甫,,全国劳动模范,2020,浙江省/嘉兴市/嘉善县,农林牧渔业\n",
        encoding="utf-8",
    )
    assert (
        run_import(
            hall.hall_config(), root / "stubs.csv", register="ming-dan", profiles=True, say=quiet
        )
        == 0
    )
    register = (hall.exhibits / "registers" / "ming-dan.csv").read_text(encoding="utf-8-sig")
    site = build(hall.config)
    return hall, roster, list(csv.DictReader(io.StringIO(register))), site


def test_a_brief_profile_not_written_yet_publishes_no_instruction(built):
    """The words `import --profiles` leaves in a stub's body are for the curator: the page says the story is
    being gathered, search does not find them, and `check` warns at the body's line until they are replaced."""
    hall, _, _, site = built
    page = (site / "people" / "jiang-minghua" / "index.html").read_text(encoding="utf-8")
    assert "事迹资料正在整理中。" in page and "待补充" not in page
    assert "事迹资料正在整理中" not in (site / "people" / "chai-jinfu" / "index.html").read_text(
        encoding="utf-8"
    )  # a written story
    assert not [f for f in (site / "search").rglob("*.js") if "待补充" in f.read_text("utf-8")]
    stub = hall.exhibits / "people" / "jiang-minghua.md"
    line = stub.read_text(encoding="utf-8").split("\n").index(STUB_STORY) + 1
    warned = [p for p in hall.load().report.problems if p.code == "W110"]
    assert [(p.path, p.line) for p in warned] == [("exhibits/people/jiang-minghua.md", line)]


def test_register_pages_exist_and_are_paginated(built):
    hall, _, rows, site = built
    national = sum(1 for r in rows if r["荣誉称号"] == "全国劳动模范")
    assert national > 2 * PAGE_ROWS
    base = site / "registers" / "honors" / "quan-guo-lao-dong-mo-fan"
    pages = [
        base / "index.html",
        *(base / str(n) / "index.html" for n in range(2, national // PAGE_ROWS + 2)),
    ]
    assert all(p.is_file() for p in pages) and not (base / str(len(pages) + 1)).exists()
    listed = [rows_of(p.read_text(encoding="utf-8")) for p in pages]
    assert [len(x) for x in listed[:-1]] == [PAGE_ROWS] * (len(pages) - 1) and sum(
        map(len, listed)
    ) == national
    second = (base / "2" / "index.html").read_text(encoding="utf-8")
    assert (
        "全国劳动模范名录（第 2 页）" in second
        and 'href="../../../../registers/honors/quan-guo-lao-dong-mo-fan/3/"' in second
    )
    for page in [
        "registers/index.html",
        "registers/regions/zhejiang/index.html",
        "registers/regions/zhejiang/2/index.html",
        "registers/regions/zhejiang/jiaxing/index.html",
        "registers/regions/jiangsu/yancheng/index.html",
        "registers/honors/zhe-jiang-gong-jiang/index.html",
    ]:
        assert (site / page).is_file(), page
    index = (site / "registers" / "index.html").read_text(encoding="utf-8")
    assert (
        f"<strong>{len(rows)}</strong><span>条荣誉记录</span>" in index
        and "全国荣誉" in index
        and "省级荣誉" in index
    )


def test_years_come_in_order_and_the_rows_show_what_they_should(built):
    _, _, _, site = built
    html = (site / "registers" / "honors" / "quan-guo-lao-dong-mo-fan" / "index.html").read_text(
        encoding="utf-8"
    )
    years = [int(y) for y in re.findall(r"</td> <td>(\d{4})</td>", html)]
    assert len(years) == PAGE_ROWS and years == sorted(years)
    assert (
        '<th scope="col" class="hall-num">授予年份</th>' in html
        and '<th scope="col">工作单位</th>' in html
    )
    city = (site / "registers" / "regions" / "zhejiang" / "jiaxing" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        "<td>嘉善县</td>" in city and "<td>浙江省 · 嘉兴市 · 嘉善县</td>" not in city
    )  # the page says the rest


def test_names_link_to_their_profiles(built):
    hall, _, rows, site = built
    assert {r["姓名"]: r["档案"] for r in rows if r["档案"]} == {
        "蒋明华": "jiang-minghua",
        "柴金甫": "chai-jinfu",
    }
    page = site / "registers" / "regions" / "zhejiang" / "jiaxing"
    html = (page / "index.html").read_text(encoding="utf-8")
    for name, slug in (("蒋明华", "jiang-minghua"), ("柴金甫", "chai-jinfu")):
        assert f'<a href="../../../../people/{slug}/">{name}</a>' in html
        assert (page / f"../../../../people/{slug}/index.html").resolve().is_file()
    linked = len(re.findall(r"<td><a href=", html))
    assert linked == sum(1 for r in rows if r["档案"] and r["地区"].startswith("浙江省/嘉兴市"))


def test_no_page_is_over_1_mb(built):
    _, _, _, site = built
    sizes = {p: p.stat().st_size for p in site.rglob("*.html")}
    assert max(sizes.values()) < MB
    registers = [size for p, size in sizes.items() if "registers" in p.parts]
    assert len(registers) > 6 and max(registers) < 300 * 1024  # 500 rows stay lean


def test_no_id_or_phone_number_is_published(built):
    _, roster, _, site = built
    secrets = roster.ids | roster.phones
    assert len(secrets) > 2000
    for path in site.rglob("*"):
        if path.is_file():
            runs = re.findall(r"[0-9Xx]{11,}", path.read_bytes().decode("utf-8", errors="ignore"))
            found = {
                run[i : i + n] for run in runs for n in (11, 18) for i in range(len(run) - n + 1)
            }
            assert not found & secrets, (path, sorted(found & secrets)[:3])


def test_sorting_and_filtering_script_without_inline_handlers(built):
    _, _, _, site = built
    script = (site / "assets" / "javascripts" / "register.js").read_text(encoding="utf-8")
    assert (
        "aria-sort" in script
        and 'createElement("button")' in script
        and 'type = "search"' in script
    )
    html = (site / "registers" / "honors" / "quan-guo-lao-dong-mo-fan" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        'src="../../../assets/javascripts/register.js"' in html
        and '<table class="hall-register">' in html
    )
    assert not re.search(r"\son[a-z]+\s*=", html)


def test_registers_are_in_the_navigation(built):
    _, _, _, site = built
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="registers/"[^>]*>(?:\s|<[^>]*>)*名录', home)
    assert {"名录": "registers/index.md"} in default_nav(Vocabulary(), registers=True)
    assert {"名录": "registers/index.md"} not in default_nav(
        Vocabulary()
    )  # a hall without registers


def test_search_records_point_to_the_page_that_lists_each_row(built):
    hall, _, rows, site = built
    loaded = hall.load()
    records = search_records(
        load_registers(hall.hall_config(), loaded), loaded, hall.hall_config().vocab
    )
    assert len(records) == len(rows)
    for record in records[::97]:
        html = (site / record["url"] / "index.html").read_text(encoding="utf-8")
        assert f"{record['name']}" in html
    assert {r["profile"] for r in records if r["name"] == "柴金甫"} == {"people/chai-jinfu/"}


def test_register_names_are_in_the_site_search(built):
    _, _, rows, site = built
    meta = (site / "search" / "meta.js").read_text(encoding="utf-8")
    shown = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "r").glob("*.js"))
    buckets = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "t").glob("*.js"))
    named = [r for r in rows if not r["档案"]]
    for row in named[::131]:
        assert f'"t":"{row["姓名"]}"' in shown and f'"={row["姓名"]}":"' in buckets
    assert (
        '"registers"' in meta and '"t":"柴金甫"' not in shown
    )  # people with a profile are found by it


# --- checks -----------------------------------------------------------------------------------------

REGISTER = "\ufeff姓名,性别,出生年份,荣誉称号,授予年份,地区,工作单位,职务/工种,行业,档案\r\n"
GOOD = "张伟,男,1960,全国劳动模范,2015,浙江省/嘉兴市,甲厂,车工,制造业,\r\n"
BAD_ROWS = [  # (row, code, words of the message)
    (",男,1960,全国劳动模范,2015,浙江省,,,,", "E703", "姓名为空"),
    ("李强,,,全国劳动模范,20200,,,,,", "E104", "“授予年份”的值“20200”不是四位年份"),
    ("王芳,,,全国劳模,2015,,,,,", "E201", "是不是“全国劳动模范”"),
    ("赵敏,,,浙江工匠,2015,嘉善县,,,,", "E203", "“嘉善县”不是省级行政区"),
    ("钱进,,,浙江工匠,2015,,,,,nobody", "E302", "档案“nobody”不存在"),
    (f"孙丽,,,浙江工匠,2015,,{fake_id()},,,", "E601", "身份证号码“110***"),
    ("周杰,,,浙江工匠,2015,,电话13812345678,,,", "E602", "手机号码“138***78”"),
    ("吴刚,,,浙江工匠,2015,,人民路12号3幢401室,,,", "E603", "家庭住址"),
    ("郑和,不详,,浙江工匠,2015,,,,,", "E704", "性别“不详”无效"),
    ("冯涛,,1990,浙江工匠,1980,,,,,", "E708", "不早于授予年份"),
    ("陈明,,,浙江工匠,2015,,,,种花,", "E202", "行业“种花”不在行业词表中"),
    (GOOD.rstrip("\r\n"), "E705", "与第 2 行是同一条记录"),
    ("褚红,,,浙江工匠,2015,,,,,,多出的格子", "E707", "不在任何一列下"),
    (
        '韩梅,,,浙江工匠,2015,,"=HYPERLINK(""http://x.cn"",""点这里"")",,,',
        "E709",
        "“工作单位”的格子“=HYPERLINK",
    ),
    ("卫东,,,浙江工匠,2015,,,@SUM(A1),,", "E709", "以“@”开头"),
]


def test_every_bad_register_row_is_reported_with_its_csv_line(small_hall):
    text = REGISTER + GOOD + "".join(row + "\r\n" for row, _, _ in BAD_ROWS)
    (small_hall.exhibits / "registers").mkdir()
    (small_hall.exhibits / "registers" / "2020.csv").write_text(text, encoding="utf-8", newline="")
    hall = small_hall.load()
    load_registers(small_hall.hall_config(), hall)
    found = {(p.line, p.code): p for p in hall.report.problems}
    for line, (_, code, words) in enumerate(BAD_ROWS, 3):
        problem = found.get((line, code))
        assert (
            problem
            and problem.path == "exhibits/registers/2020.csv"
            and words in problem.message + problem.hint
        ), (line, code, hall.report.format_text())
    assert (
        "13812345678" not in hall.report.format_text()
        and fake_id() not in hall.report.format_text()
    )
    with pytest.raises(BuildFailed) as failed:
        build(small_hall.config)
    assert "exhibits/registers/2020.csv:3: 错误 E703" in str(failed.value)


def test_check_command_reports_register_rows(small_hall):
    (small_hall.exhibits / "registers").mkdir()
    (small_hall.exhibits / "registers" / "r.csv").write_text(
        REGISTER + GOOD + BAD_ROWS[1][0] + "\r\n", encoding="utf-8", newline=""
    )
    result = cli(small_hall.root, "check")
    assert result.returncode == 1 and "exhibits/registers/r.csv:3: 错误 E104" in result.stdout, (
        result.stdout
    )


@pytest.mark.parametrize(
    "content, code, words",
    [
        (
            REGISTER.encode("utf-8") + "张伟,,,全国劳动模范,,,,,,\r\n".encode("gbk"),
            "E701",
            "CSV UTF-8",
        ),
        ("\ufeff姓名,荣誉称号,备注\r\n张伟,全国劳动模范,x\r\n".encode(), "E702", "未知的列“备注”"),
        ("\ufeff姓名,荣誉称号,身份证号\r\n张伟,全国劳动模范,\r\n".encode(), "E603", "“身份证号”"),
        ("\ufeff姓名,授予年份\r\n张伟,2015\r\n".encode(), "E702", "缺少“荣誉称号”列"),
    ],
)
def test_a_register_file_that_cannot_be_read_is_an_error(small_hall, content, code, words):
    (small_hall.exhibits / "registers").mkdir()
    (small_hall.exhibits / "registers" / "r.csv").write_bytes(content)
    hall = small_hall.load()
    load_registers(small_hall.hall_config(), hall)
    assert [(p.code, p.line) for p in hall.report.errors] == [(code, 1)], hall.report.format_text()
    assert words in hall.report.errors[0].message + hall.report.errors[0].hint


def test_other_files_and_duplicates_across_registers_are_warnings(small_hall):
    folder = small_hall.exhibits / "registers"
    folder.mkdir()
    (folder / "a.csv").write_text(REGISTER + GOOD, encoding="utf-8", newline="")
    (folder / "b.csv").write_text(REGISTER + GOOD, encoding="utf-8", newline="")
    (folder / "名单.xlsx").write_bytes(b"PK")
    hall = small_hall.load()
    registers = load_registers(small_hall.hall_config(), hall)
    assert sorted((p.code, p.path) for p in hall.report.problems) == [
        ("W701", "exhibits/registers/名单.xlsx"),
        ("W702", "exhibits/registers/b.csv"),
    ]
    assert len(registers.entries) == 1


def test_a_hall_without_registers_has_no_register_pages(small_hall):
    hall = small_hall.load()
    registers = load_registers(small_hall.hall_config(), hall)
    assert (
        not registers
        and list(register_pages(registers, hall, small_hall.hall_config().vocab, SiteInfo("x")))
        == []
    )
    assert not list(
        register_pages(Registers(), hall, small_hall.hall_config().vocab, SiteInfo("x"))
    )


def test_an_unreadable_csv_row_is_said_in_chinese(small_hall):
    (small_hall.exhibits / "registers").mkdir()
    huge = (
        "\ufeff姓名,荣誉称号\r\n张伟," + "长" * 200_000 + "\r\n"
    )  # over the csv module's field limit
    (small_hall.exhibits / "registers" / "r.csv").write_text(huge, encoding="utf-8", newline="")
    hall = small_hall.load()
    load_registers(small_hall.hall_config(), hall)
    (error,) = hall.report.errors
    words = re.sub("CSV|Excel", "", error.message + error.hint)  # names of things, not English
    assert error.code == "E701" and not re.search("[A-Za-z]{3}", words), error.format()
