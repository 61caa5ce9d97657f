"""Activity records (社会活动): checked with codes and lines, shown on the profile in the order they happened with
their sources, published as open data and counted in registers."""

import json
import re

import pytest

from hall.engine.build import BuildFailed, build
from hall.model.schema import json_schema
from hall.registers.tables import Entry, to_csv
from tests.conftest import SmallHall
from tests.model.test_lineage import _insert, lineage_hall

ACTIVITIES = """\
activities:
  - type: 技术服务
    date: 2023-05-09
    place: 玉环市干江镇
    text: 为企业联盟提供非标自动化设备改造的指导。
    source: {title: 示例报道甲, publisher: 示例报社, date: 2023-05-10}
  - type: 宣讲
    date: "2021"
    text: 在企业车间讲述劳模故事。
    source: {title: 示例报道乙, url: "https://example.org/a"}
  - type: 进校园
    date: 2022-03
    place: 某某小学
    text: 给学生讲车工的故事。
    source: {title: 示例报道丙}
"""


def activity_hall(root) -> SmallHall:
    """tests.model.test_lineage's hall, and three activities of 查昭 written out of order."""
    hall = lineage_hall(root)
    _insert(hall, "people/zha-zhao/index.md", ACTIVITIES)
    return hall


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(activity_hall(tmp_path_factory.mktemp("activities")).config)


def test_activities_are_a_timeline_in_the_order_they_happened_with_their_sources(site):
    page = (site / "people/zha-zhao/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="hall-deeds".*?</section>', page, re.S).group(0)
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert [re.search(r'datetime="([^"]+)"', x).group(1) for x in items] == [
        "2021",
        "2022-03",
        "2023-05-09",
    ]
    assert "2023年5月9日" in items[2] and "技术服务" in items[2] and "玉环市干江镇" in items[2]
    assert "来源：示例报道甲，示例报社，2023-05-10" in items[2]
    assert '来源：<a href="https://example.org/a">示例报道乙</a>' in items[0]
    assert "共 3 项" in section
    assert "hall-deeds" not in (site / "people/wang-jinxi/index.html").read_text(encoding="utf-8")


def test_open_data_has_the_activities(site):
    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))
    zha = next(x for x in data["exhibits"] if x["slug"] == "zha-zhao")
    assert [(a["date"], a["type"], a["source"]["title"]) for a in zha["activities"]] == [
        ("2021", "宣讲", "示例报道乙"),
        ("2022-03", "进校园", "示例报道丙"),
        ("2023-05-09", "技术服务", "示例报道甲"),
    ]


ONE = "activities:\n  - type: {type}\n    date: {date}\n    text: 在村文化礼堂宣讲。\n{source}"
SOURCE = "    source: {title: 示例报道}\n"
BAD = {  # what is written, the code, the line (the item starts on line 10 of chai-jinfu.md)
    "an unknown type": (dict(type="宣讲会"), "E851", 10),
    "an impossible date": (dict(date="2023-02-30"), "E852", 11),
    "no date at all": (dict(date="去年"), "E852", 11),
    "a date after today": (dict(date="2027-01-05"), "E853", 11),
    "missing source": (dict(source=""), "E854", 10),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_activity_gives_its_code_with_file_and_line(small_hall, case):
    values, code, line = BAD[case]
    text = ONE.format(**{"type": "宣讲", "date": "2023-05-09", "source": SOURCE, **values})
    _insert(small_hall, "people/chai-jinfu.md", text)
    found = [p for p in small_hall.load().report.problems if p.code.startswith("E")]
    assert [(p.code, p.path, p.line) for p in found] == [
        (code, "exhibits/people/chai-jinfu.md", line)
    ]
    assert found[0].hint and re.search(r"[\u4e00-\u9fff]", found[0].message)
    with pytest.raises(BuildFailed):
        build(small_hall.config)


def test_an_unknown_type_is_suggested_and_mkdocs_yml_adds_types(small_hall):
    _insert(
        small_hall, "people/chai-jinfu.md", ONE.format(type="宣讲会", date="2023", source=SOURCE)
    )
    (p,) = small_hall.load().report.problems
    assert "宣讲会" in p.message and "是不是“宣讲”？" in p.hint and "activity_types" in p.hint
    small_hall.config.write_text(
        small_hall.config.read_text(encoding="utf-8").replace(
            "      cache_dir: .cache\n",
            "      cache_dir: .cache\n      vocabularies:\n        activity_types: [宣讲会]\n",
        ),
        encoding="utf-8",
    )
    assert small_hall.codes() == []


def test_an_activity_before_the_person_was_born(small_hall):
    _insert(
        small_hall,
        "people/chai-jinfu.md",
        "birth_year: 1970\n" + ONE.format(type="宣讲", date="1965", source=SOURCE),
    )
    (p,) = small_hall.load().report.problems
    assert (p.code, p.line) == ("E853", 12) and "1970" in p.message


def test_the_schema_exports_activities_with_their_source_required():
    person = json_schema()["$defs"]["people"]
    assert person["properties"]["activities"]["title"] == "社会活动"
    activity = person["$defs"]["SocialActivity"]
    assert set(activity["required"]) == {"type", "date", "text", "source"}
    assert activity["properties"]["type"]["title"] == "活动类型"


REGISTER = "\ufeff姓名,荣誉称号,授予年份,档案,社会活动次数\r\n查昭,台州市劳动模范,2015,zha-zhao,\r\n张三,全国劳动模范,2010,,12\r\n"


def test_a_register_carries_an_activity_count(tmp_path):
    hall = activity_hall(tmp_path)
    hall.add("registers/ming-lu.csv", REGISTER)
    site = build(hall.config)
    rows = {}
    for page in (site / "registers" / "honors").glob("*/index.html"):
        table = page.read_text(encoding="utf-8")
        assert '<th scope="col" class="hall-num">社会活动（次）</th>' in table
        for name, count in re.findall(
            r"<tr><td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>.*?<td>(\d*)</td></tr>", table
        ):
            rows[name] = count
    assert rows == {
        "查昭": "3",
        "张三": "12",
    }  # 查昭's profile records three; 张三's count is the union's


def test_a_register_without_counts_has_no_count_column(small_hall):
    small_hall.add("registers/ming-lu.csv", "\ufeff姓名,荣誉称号\r\n张三,全国劳动模范\r\n")
    site = build(small_hall.config)
    (page,) = (site / "registers" / "honors").glob("*/index.html")
    assert "社会活动" not in page.read_text(encoding="utf-8")
    assert "社会活动次数" not in to_csv([Entry(name="张三", honor="全国劳动模范")]).decode(
        "utf-8-sig"
    )
    assert (
        to_csv([Entry(name="张三", honor="全国劳动模范", activities="4")])
        .decode("utf-8-sig")
        .splitlines()[0]
        .endswith(",档案,社会活动次数")
    )


def test_a_count_that_is_no_number_gives_its_line(small_hall):
    small_hall.add(
        "registers/ming-lu.csv", "\ufeff姓名,荣誉称号,社会活动次数\r\n张三,全国劳动模范,十二次\r\n"
    )
    (p,) = _registers(small_hall)
    assert (p.code, p.path, p.line) == ("E711", "exhibits/registers/ming-lu.csv", 2)


def _registers(hall):
    from hall.registers.tables import load_registers

    loaded = hall.load()
    start = len(loaded.report.problems)
    load_registers(hall.hall_config(), loaded)
    return loaded.report.problems[start:]


def test_search_finds_a_person_by_mentors_apprentices_and_activities(tmp_path):
    from hall.site.search import exhibit_documents
    from tests.model.test_lessons import LESSON

    hall = activity_hall(tmp_path)
    hall.add(
        "lessons/cong-xue-tu-dao-gong-jiang.md", LESSON
    )  # a lesson's `activities` are its steps
    docs = {d.show["u"]: d for d in exhibit_documents(hall.load())}
    zha = docs["people/zha-zhao/"].fields
    for found_by in (
        "柴金甫",
        "王进喜",
        "李小明",
        "技术服务",
        "进校园",
        "玉环市干江镇",
        "某某小学",
    ):
        assert found_by in zha["facts"], found_by
    assert "非标自动化设备改造" in zha["body"]  # an activity's text is on the profile
    assert "查昭" in docs["people/wang-jinxi/"].fields["facts"]  # named in 王进喜's file only
    assert "老周" in docs["people/chai-jinfu/"].fields["facts"]  # a mentor outside the hall


def test_the_spreadsheet_has_mentors_apprentices_and_activities(site):
    import csv

    text = (site / "data" / "exhibits.csv").read_text(encoding="utf-8-sig")
    rows = {r["slug"]: r for r in csv.DictReader(text.splitlines())}
    assert rows["zha-zhao"]["mentors"] == "柴金甫"
    assert rows["zha-zhao"]["apprentices"] == "王进喜（2018）；李小明（馆外）"
    assert rows["chai-jinfu"]["mentors"] == "老周（馆外，1998）"
    assert rows["zha-zhao"]["activities"] == (
        "2021 宣讲；2022-03 进校园（某某小学）；2023-05-09 技术服务（玉环市干江镇）"
    )
    assert rows["zhu-bian-hua-lan"]["mentors"] == rows["zhu-bian-hua-lan"]["activities"] == ""
