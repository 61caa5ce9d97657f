import pickle
from pathlib import Path

import pytest

from hall.model.loader import Scalar, parse
from hall.model.problems import Report


def _parse(tmp_path: Path, text: str, encoding="utf-8"):
    path = tmp_path / "x.md"
    path.write_bytes(text.encode(encoding))
    report = Report()
    return parse(path, "exhibits/people/x.md", report), report


def test_lines_are_kept_for_every_key_and_item(tmp_path):
    source, report = _parse(
        tmp_path, "---\nname: 柴金甫\nhonors:\n  - title: 全国劳动模范\n    year: 2020\n---\n正文\n"
    )
    assert not report.problems
    assert source.line_of(("name",)) == 2
    assert source.line_of(("honors", 0, "year")) == 5
    assert source.line_of(("honors", 0, "missing")) == 4  # nearest existing ancestor
    assert source.body.strip() == "正文" and source.body_line == 6


def test_scalars_stay_as_written(tmp_path):
    source, _ = _parse(tmp_path, "---\na: no\nb: 0571\nc: 2020-11-27\nd: '1.10'\n---\n")
    assert source.data == {"a": "no", "b": "0571", "c": "2020-11-27", "d": "1.10"}
    assert (
        isinstance(source.data["a"], Scalar)
        and source.data["a"].implicit == "bool"
        and source.data["a"].plain
    )
    assert source.data["d"].implicit == "str"


def test_a_pickled_source_reads_its_front_matter_when_first_asked(tmp_path):
    source, _ = _parse(tmp_path, "---\nname: 柴金甫\nhonors:\n  - year: 2020\n---\n正文\n")
    again = pickle.loads(pickle.dumps(source))
    assert "data" not in vars(again) and "lines" not in vars(again)  # not read back yet
    twice = pickle.loads(pickle.dumps(again))  # pickled again unread, as an update of a record is
    for copy in (again, twice):
        assert copy == source and copy.body == source.body
        assert copy.line_of(("honors", 0, "year")) == 4
        assert copy.data["honors"][0]["year"].implicit == "int"
        assert copy.data["name"].line == source.data["name"].line
    with pytest.raises(AttributeError):
        _ = again.missing


def test_duplicate_keys_are_an_error_with_both_lines(tmp_path):
    _, report = _parse(tmp_path, "---\nname: 甲\nregion: 浙江省\nname: 乙\n---\n")
    [problem] = report.problems
    assert (problem.code, problem.line) == ("E004", 4)
    assert "第 2 行" in problem.message


def test_yaml_syntax_error_names_the_line(tmp_path):
    source, report = _parse(tmp_path, "---\nname: 柴金甫\nsummary: 标题: 内容: 更多\n---\n")
    assert source is None
    [problem] = report.problems
    assert (problem.code, problem.line) == ("E003", 3)
    assert (
        "引号" in problem.hint and "多余的冒号" in problem.message
    )  # a stray colon, not an indentation slip


# the slip on line 5, its key above on line 4: deeper than a list item's key; under a key one space too far left
SLIPS = [
    "honors:\n  - title: 全国劳动模范\n     year: 2020\n",
    "audio:\n src: a.ogg\n  title: 语音导览\n",
]


@pytest.mark.parametrize("front", SLIPS)
def test_an_indentation_slip_is_said_as_one_not_as_a_stray_colon(tmp_path, front):
    _, report = _parse(tmp_path, f"---\nname: 柴金甫\n{front}---\n")
    [problem] = report.problems
    assert (problem.code, problem.line) == ("E003", 5)
    assert "比第 4 行缩进得多" in problem.message and "对齐" in problem.hint
    assert "多余的冒号" not in problem.message


def test_tab_indentation_is_explained(tmp_path):
    _, report = _parse(tmp_path, "---\nhonors:\n\t- title: x\n---\n")
    assert report.problems[0].code == "E003" and "Tab" in report.problems[0].hint


def test_missing_front_matter(tmp_path):
    source, report = _parse(tmp_path, "# 只有正文\n")
    assert source is None and report.problems[0].code == "E002"


def test_gbk_file_is_a_clear_error_not_mojibake(tmp_path):
    source, report = _parse(tmp_path, "---\nname: 柴金甫\n---\n", encoding="gbk")
    assert source is None
    assert report.problems[0].code == "E001" and "UTF-8" in report.problems[0].hint


def test_bom_is_accepted(tmp_path):
    source, report = _parse(tmp_path, "\ufeff---\nname: 柴金甫\n---\n")
    assert not report.problems and source.data["name"] == "柴金甫"


def test_empty_values_count_as_missing(tmp_path):
    source, _ = _parse(tmp_path, "---\nname: 柴金甫\nsummary:\n---\n")
    assert "summary" not in source.data and source.line_of(("summary",)) == 3


@pytest.mark.parametrize(
    "opening",
    [
        'name: "柴金甫',
        "honors: [全国劳动模范, 浙江省劳动模范",
        "place: {province: 浙江省, city: 嘉兴市",
    ],
)
def test_an_unclosed_quote_or_bracket_names_the_line_it_opened(tmp_path, opening):
    body = "\n".join(f"k{i}: 值{i}" for i in range(14))
    path = tmp_path / "x.md"
    path.write_text(f"---\n{opening}\n{body}\n---\n正文\n", encoding="utf-8")
    report = Report()
    assert parse(path, "x.md", report) is None
    (problem,) = report.problems
    assert (problem.code, problem.line) == ("E003", 2), problem.format()
    assert "从第 2 行开始" in problem.message and "行还没有结束" in problem.message
    assert not any(c.isascii() and c.isalpha() for c in problem.message), problem.message
