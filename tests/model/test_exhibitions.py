"""Exhibitions (展览): checked with codes and lines, built as a walk unit by unit, linked back from their exhibits,
found by the search and in the open data."""

import json
import re
from pathlib import Path

import pytest

from hall.engine.build import build
from hall.engine.plugin import default_nav
from hall.model.schema import json_schema
from hall.model.vocab import Vocabulary
from tests.conftest import SmallHall
from tests.sitecheck import search_docs

EXHIBITION = """\
---
title: 玉环匠心
order: 1
summary: 玉环的劳模、工匠和他们的作品，分三个单元参观。
intro: |
  这是展览的前言。
sources:
  - title: 示例来源
units:
  - title: 田野
    text: 第一单元的说明，写着**鲜花**。
    exhibits: [chai-jinfu]
  - title: 车间
    anchor: che-jian
    text: 第二单元。
    exhibits:
      - zha-zhao-studio
      - {slug: zhu-bian-hua-lan, caption: 馆员写的展签：一只花篮。}
      - zha-zhao
  - title: 铁人
    exhibits:
      - slug: wang-jinxi
        caption: 本单元只写来源说了的。
---

前言的后半段。
"""

SECOND = """\
---
title: 第二个展览
order: 2
summary: 放在第一个展览后面的展览。
intro: 第二个展览的前言。
sources:
  - title: 示例来源
units:
  - title: 唯一单元
    exhibits: [chai-jinfu]
---
"""


def exhibition_hall(root) -> SmallHall:
    hall = SmallHall(root)
    hall.add("exhibitions/yuhuan-jiangxin/index.md", EXHIBITION)
    hall.add("exhibitions/di-er-ge.md", SECOND)
    return hall


@pytest.fixture
def hall(tmp_path) -> SmallHall:
    return exhibition_hall(tmp_path)


@pytest.fixture
def site(hall):
    return build(hall.config)


def _page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_an_exhibition_with_three_units_is_a_walk_in_the_curators_order(site):
    page = _page(site, "exhibitions/yuhuan-jiangxin")
    index = re.search(r'<nav class="hall-units".*?</nav>', page, re.S).group(0)
    assert re.findall(r'href="#([\w-]+)"', index) == ["tian-ye", "che-jian", "tie-ren"]
    assert [
        re.search(rf'<section class="hall-unit" id="{a}"', page) is not None
        for a in ("tian-ye", "che-jian", "tie-ren")
    ] == [True] * 3
    unit = page[page.index('id="che-jian"') : page.index('id="tie-ren"')]
    order = [
        unit.index(f'href="../../{path}/"')
        for path in ("collectives/zha-zhao-studio", "artifacts/zhu-bian-hua-lan", "people/zha-zhao")
    ]
    assert order == sorted(order)  # the curator's order, not by rank or name
    assert (
        "馆员写的展签：一只花篮。" in unit and "用毛竹篾片挑压编织的花篮。" not in unit
    )  # the caption replaces the summary
    assert "以查昭名字命名的高技能人才创新工作室。" in unit  # no caption: the summary
    assert (
        "<strong>鲜花</strong>" in page and "前言的后半段。" in page
    )  # unit text and the story are Markdown
    assert (
        page.index("这是展览的前言。")
        < page.index('class="hall-units"')
        < page.index('id="tian-ye"')
    )


def test_exhibitions_link_to_each_other_in_order(site):
    first, second = _page(site, "exhibitions/yuhuan-jiangxin"), _page(site, "exhibitions/di-er-ge")
    assert re.search(r'class="hall-walk__after" href="../../exhibitions/di-er-ge/"', first)
    assert "hall-walk__before" not in first
    assert re.search(r'class="hall-walk__before" href="../../exhibitions/yuhuan-jiangxin/"', second)


def test_an_exhibit_page_links_back_to_the_units_that_show_it(site):
    page = _page(site, "people/chai-jinfu")
    shown = re.search(r'<p class="hall-shown-in">展于：(.*?)</p>', page).group(1)
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', shown) == [
        ("../../exhibitions/di-er-ge/#wei-yi-dan-yuan", "第二个展览 · 唯一单元"),
        ("../../exhibitions/yuhuan-jiangxin/#tian-ye", "玉环匠心 · 田野"),
    ]
    assert "展于" not in _page(site, "people/wang-jinxi").split("hall-profile")[0]


def test_exhibitions_come_first_on_the_home_page_and_in_the_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    content = home[home.index('class="hall-hero"') :]
    assert content.index("<h2>展览</h2>") < content.index("<h2>推荐展品</h2>")
    assert [next(iter(entry)) for entry in default_nav(Vocabulary())][:3] == [
        "序厅",
        "展览",
        "人物",
    ]
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert nav.index("exhibitions/") < nav.index("people/")
    assert "按年代参观" in home  # the galleries stay, as the catalogue
    listing = _page(site, "exhibitions")
    assert listing.index("玉环匠心") < listing.index("第二个展览")  # by order


def test_unit_text_is_sanitised_like_a_story(hall):
    hall.add(
        "exhibitions/yuhuan-jiangxin/index.md",
        EXHIBITION.replace(
            "第二单元。",
            '第二单元。\n\n      <iframe src="https://video.example/embed/1"></iframe>\n\n      <video src="https://video.example/v.mp4"></video>',
        ),
    )
    page = _page(build(hall.config), "exhibitions/yuhuan-jiangxin")
    assert "<iframe" not in page and "video.example" not in page and "第二单元。" in page


def test_search_finds_an_exhibition_and_a_unit_by_title(site):
    docs = search_docs(site)
    by_title = {d["t"]: d for d in docs}
    assert by_title["玉环匠心"]["u"] == "exhibitions/yuhuan-jiangxin/"
    assert by_title["车间"]["u"] == "exhibitions/yuhuan-jiangxin/#che-jian"
    assert by_title["车间"]["k"] == "展览单元" and "玉环匠心" in by_title["车间"]["s"]
    buckets = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "t").glob("*.js"))
    assert '"=车间":' in buckets and '"=玉环匠心":' in buckets


def test_open_data_has_the_units_and_where_exhibits_are_shown(site):
    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))
    records = {r["slug"]: r for r in data["exhibits"]}
    units = records["yuhuan-jiangxin"]["units"]
    assert [u["title"] for u in units] == ["田野", "车间", "铁人"]
    assert units[1]["exhibits"][1] == {
        "slug": "zhu-bian-hua-lan",
        "caption": "馆员写的展签：一只花篮。",
    }
    assert {"exhibition": "yuhuan-jiangxin", "unit": "che-jian"} in records["zha-zhao"]["shown_in"]


def test_the_json_schema_has_exhibitions():
    schema = json_schema()["$defs"]["exhibitions"]
    assert {"title", "intro", "units", "sources"} <= set(schema["required"])
    assert "Unit" in schema["$defs"] and "caption" in schema["$defs"]["Selected"]["properties"]


BAD = {  # what is wrong, the text in EXHIBITION and its replacement, the code and the line
    "an exhibit that does not exist": (
        "exhibits: [chai-jinfu]",
        "exhibits: [chai-jinfo]",
        "E821",
        12,
    ),
    "an exhibit chosen twice in a unit": (
        "      - zha-zhao\n  - title: 铁人",
        "      - zha-zhao\n      - zha-zhao-studio\n  - title: 铁人",
        "E822",
        20,
    ),
    "an empty unit": (
        "  - title: 铁人\n    exhibits:\n      - slug: wang-jinxi\n        caption: 本单元只写来源说了的。\n",
        "  - title: 铁人\n",
        "E823",
        20,
    ),
    "two units with one anchor": ("anchor: che-jian", "anchor: tian-ye", "E824", 14),
    "an exhibition chosen as an exhibit": (
        "exhibits: [chai-jinfu]",
        "exhibits: [di-er-ge]",
        "E825",
        12,
    ),
    "no units": (
        EXHIBITION[EXHIBITION.index("units:") : EXHIBITION.index("---\n\n")],
        "units: []\n",
        "E106",
        9,
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_exhibitions_give_their_codes_with_file_and_line(hall, case):
    old, new, code, line = BAD[case]
    assert old in EXHIBITION
    hall.add("exhibitions/yuhuan-jiangxin/index.md", EXHIBITION.replace(old, new, 1))
    problems = [p for p in hall.load().report.errors]
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("exhibits/exhibitions/yuhuan-jiangxin/index.md", line, code)
    ]
    assert problems[0].hint  # and the fix


def test_the_sample_exhibitions_place_only_what_the_sources_say():
    from hall.model.catalog import load_hall
    from hall.model.config import load

    config = load(Path(__file__).parents[2] / "mkdocs.yml")
    hall = load_hall(config)
    tianmu = hall.by_slug()["tianmu-zhanlan"]
    modules = {u.title: u for u in tianmu.units}
    for name in (
        "神功雕镂",
        "巧制编造",
        "玉盘珍馐",
        "闲情偶寄",
    ):  # the source does not say which craft each shows
        assert modules[name].items == [] and "没有写明" in modules[name].meta.text
    assert {x.meta.category for x, _ in modules["五类匠品"].items} == {
        "石雕",
        "竹编",
        "漆器",
        "鸟笼",
        "竹笛",
    }
    eras = hall.by_slug()["laomo-san-ge-shidai"]
    for unit in eras.units:  # placed by the years of their dated honors, nobody without one
        era = next(era for era in config.vocab.eras if era.name == unit.title)
        for person, caption in unit.items:
            assert any(h.year and era.contains(h.year) for h in person.honors), person.slug
            assert all(
                str(h.year) in caption for h in person.honors if h.year and era.contains(h.year)
            )
    placed = {x.slug for u in eras.units for x, _ in u.items}
    assert not [
        e.slug
        for e in hall.of_kind("people")
        if e.slug in placed and not any(h.year for h in e.honors)
    ]
    assert "bao-qifan" not in placed  # an era written in the profile, but no dated honor
