"""The catalogue of problem codes (hall.model.codes): each code's words are written there once,
README's table lists exactly its codes, and the checks take their words from it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from hall.cli import main
from hall.model import codes
from hall.model.problems import ERROR, WARNING, Code

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\b[EW]\d{3}\b")


def readme_codes(text: str) -> dict[str, str]:
    """{code: severity} of the table under “### 错误代码”: a row may name several codes
    (E002 / E005) or a range (E201–E206); a row that ends in （警告） is a warning."""
    table = text.split("### 错误代码", 1)[1].split("\n\n", 2)[1]
    found = {}
    for row in table.splitlines():
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if not CODE.match(cells[0]):
            continue
        severity = WARNING if cells[-1].endswith("（警告）") else ERROR
        for part in re.split(r"\s*/\s*", cells[0]):
            first, _, last = part.partition("–")
            for number in range(int(first[1:]), int((last or first)[1:]) + 1):
                found[f"{first[0]}{number:03d}"] = severity
    return found


def test_readme_lists_every_code_of_the_catalogue_with_its_severity():
    listed = readme_codes((ROOT / "README.md").read_text(encoding="utf-8"))
    catalogue = codes.codes()
    assert sorted(set(catalogue) - set(listed)) == [], "in the catalogue, not in README's table"
    assert sorted(set(listed) - set(catalogue)) == [], "in README's table, not in the catalogue"
    assert {c: s for c, s in listed.items() if catalogue[c] != s} == {}, (
        "another severity in README"
    )


def test_the_readme_check_sees_a_missing_code_a_range_and_a_warning():
    rows = [
        "| 代码 | 含义 |",
        "|---|---|",
        "| E001 / E003 | a |",
        "| E201–E203 | b |",
        "| W301 | c（警告） |",
    ]
    text = "### 错误代码\n\n" + "\n".join(rows) + "\n\nrest"
    assert readme_codes(text) == {
        "E001": ERROR,
        "E003": ERROR,
        "E201": ERROR,
        "E202": ERROR,
        "E203": ERROR,
        "W301": WARNING,
    }


def literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant of a module that names a code, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CODE.search(node.value)
    ]


def test_no_module_but_the_catalogue_writes_a_code():
    catalogue = ROOT / "hall" / "model" / "codes.py"
    found = {
        f"{path.relative_to(ROOT)}:{line}": text
        for path in sorted((ROOT / "hall").rglob("*.py"))
        if path != catalogue
        for line, text in literals(path)
    }
    assert found == {}, "codes written outside hall/model/codes.py: make them catalogue entries"


def test_the_literal_check_sees_a_code_in_a_message(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""About E104."""\nx = f"{a}E104 bad"\ny = ("W701", 1)  # E731\n', "utf-8")
    assert [line for line, _ in literals(module)] == [2, 3]


@pytest.mark.parametrize("name", sorted(codes.CATALOGUE))
def test_each_entry_is_named_after_its_code_and_its_templates_are_well_formed(name):
    entry: Code = codes.CATALOGUE[name]
    assert name.split("_")[0] == entry.code and CODE.fullmatch(entry.code)
    for template in (entry.message, entry.hint, entry.near):
        list(string.Formatter().parse(template))  # a stray brace raises here
    assert entry.message and entry.hint


def test_check_prints_the_words_of_the_catalogue(small_hall, capsys):
    person = small_hall.exhibits / "people" / "chai-jinfu.md"
    person.write_text(person.read_text("utf-8").replace("year: 2020", "year: 20x0"), "utf-8")
    said = "“honors.第1项.year”（授予年份）的值“20x0”不是四位年份（写成四位数字，如 2020）"
    assert main(["-f", str(small_hall.config), "check"]) == 1
    assert f"chai-jinfu.md:7: 错误 E104 {said}" in capsys.readouterr().out
    words = codes.E104.message
    object.__setattr__(
        codes.E104, "message", "{label}写错了：{value}"
    )  # the entry itself, wherever used
    try:
        assert main(["-f", str(small_hall.config), "check"]) == 1
    finally:
        object.__setattr__(codes.E104, "message", words)
    out = capsys.readouterr().out
    assert (
        "chai-jinfu.md:7: 错误 E104 “honors.第1项.year”（授予年份）写错了：20x0（写成四位数字"
        in out
    ), out
