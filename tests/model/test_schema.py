import json

import pytest

from hall.model.schema import KINDS, json_schema
from tests.conftest import PERSON


def _problems(small_hall, text):
    small_hall.add("people/chai-jinfu.md", text)
    return [p for p in small_hall.load().report.problems if p.path.endswith("chai-jinfu.md")]


@pytest.mark.parametrize(
    "old, new, code, line",
    [
        ("trade: 农、林、牧、渔业", "trade: 农、林、牧、渔业\nnmae: 柴金甫", "E101", 5),
        ("name: 柴金甫\n", "", "E102", 2),
        ("    year: 2020", "    year: 202", "E104", 7),
        ("    year: 2020", "    year: 3020", "E104", 7),
        ("    year: 2020", "    year: 二〇二〇", "E104", 7),
        (
            "summary: 嘉善鲜切花种植第一人，带动周边农户发展现代农业。",
            "summary: 2020-11-27",
            "E105",
            9,
        ),
        ("name: 柴金甫", "name: yes", "E105", 2),
        ("summary: 嘉善鲜切花种植第一人，带动周边农户发展现代农业。", "summary: [a, b]", "E103", 9),
        (
            "summary: 嘉善鲜切花种植第一人，带动周边农户发展现代农业。",
            "summary: " + "长" * 130,
            "E107",
            9,
        ),
        ("    date: 2020-11-27", "    date: 去年", "E103", 13),
        ("trade: 农、林、牧、渔业", "trade: 农、林、牧、渔业\ngender: 男性", "E108", 5),
        (
            "sources:\n  - title: 弘扬劳模精神 培育匠心匠艺\n    publisher: 县传媒中心\n    date: 2020-11-27\n",
            "sources: []\n",
            "E106",
            10,
        ),
        ("trade: 农、林、牧、渔业", "trade: 农、林、牧、渔业\nrelated: [Chai Jinfu]", "E304", 5),
    ],
)
def test_each_rule_has_its_code_and_line(small_hall, old, new, code, line):
    assert old in PERSON
    problems = _problems(small_hall, PERSON.replace(old, new))
    assert [(p.code, p.line) for p in problems] == [(code, line)], problems
    assert all(p.hint for p in problems)


def test_unknown_chinese_key_suggests_the_field(small_hall):
    problems = _problems(small_hall, PERSON.replace("trade:", "行业:"))
    assert sorted(p.code for p in problems) == ["E101"]  # trade itself may be left out
    assert "trade" in next(p for p in problems if p.code == "E101").hint


def test_dates_are_accepted_where_a_date_is_meant(small_hall):
    assert _problems(small_hall, PERSON) == []


def test_json_schema_covers_every_kind_with_required_fields():
    schema = json_schema()
    assert set(schema["$defs"]) == set(KINDS) | {"pages", "events"}
    person = schema["$defs"]["people"]
    assert {"name", "region", "summary", "sources"} <= set(person["required"])
    assert (
        "trade" not in person["required"] and "trade" in schema["$defs"]["collectives"]["required"]
    )
    assert person["additionalProperties"] is False
    assert person["properties"]["name"]["title"] == "姓名"
    page, event = schema["$defs"]["pages"], schema["$defs"]["events"]
    assert set(page["required"]) == {"title"} and {"order", "nav", "blocks"} <= set(
        page["properties"]
    )
    assert {"title", "type", "start"} == set(event["required"])
    assert {
        "end",
        "rrule",
        "place",
        "audience",
        "capacity",
        "booking",
        "lessons",
        "exhibits",
    } <= set(event["properties"])
    json.dumps(schema)  # serialisable


def test_an_unforeseen_pydantic_error_is_said_in_chinese():
    from hall.model.schema import _describe

    err = {
        "type": "made_up",
        "loc": ("name",),
        "msg": "Value error, something English",
        "input": "x",
    }
    said = _describe(KINDS["people"], err)
    code, message, hint = said.code, said.message, said.hint
    assert code == "E199" and "English" not in message + hint and "姓名" in message
