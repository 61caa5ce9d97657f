"""The hall's own pages (exhibits/pages/) and the visiting information of mkdocs.yml."""

import json
import re

import pytest

from hall.engine.build import build
from tests.conftest import SmallHall
from tests.hostile import content_of, unsafe
from tests.sitecheck import search_docs

VISIT = """\
      visit:
        name: 某某劳模工匠馆
        address:
          region: 浙江省/杭州市/临安区
          street: 某某路 8 号
          postal_code: "311300"
        hours:
          - days: 周二至周五
            opens: "09:00"
            closes: "17:00"
            last_entry: "16:30"
          - days: 周六、周日
            opens: "09:30"
            closes: "17:00"
        holidays:
          - date: 2027-02-06
            until: 2027-02-08
            name: 春节
        free: true
        phone: "0571-6000 0000"
        email: visit@hall.example.org
        booking:
          phone: "0571-6000 0000"
          note: 团体请提前三天预约。
        transport:
          - 公交：某某站下车。
"""

GUIDE = """\
---
title: 参观指南
order: 20
footer: true
blocks: [参观信息]
summary: 开放时间、地址和预约。
---

## 参观须知

请保持安静。预约电话 0571-6000 0000。
"""

ABOUT = """\
---
title: 关于本馆
order: 10
---

本馆介绍。
"""

HOSTILE = """\
---
title: 无障碍说明
order: 30
nav: 活动
---

<script>alert(1)</script>
<img src=x onerror=alert(1)>
[点我](javascript:alert(1)){ onclick="alert(2)" }
<iframe src="https://example.org/"></iframe>

**加粗**和[外部链接](https://example.org/)照常显示。
"""


def _with_visit(hall: SmallHall) -> None:
    text = hall.config.read_text(encoding="utf-8")
    hall.config.write_text(
        text.replace("      cache_dir: .cache\n", "      cache_dir: .cache\n" + VISIT),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    hall = SmallHall(tmp_path_factory.mktemp("pages"))
    _with_visit(hall)
    hall.add("pages/can-guan-zhi-nan.md", GUIDE)
    hall.add("pages/guan-yu.md", ABOUT)
    hall.add("pages/wu-zhang-ai.md", HOSTILE)
    hall.add("events/ke.md", "---\ntitle: 一节课\ntype: 课程\nstart: 2026-12-05 14:00\n---\n")
    return build(hall.config)


def _html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_free_pages_are_built_and_appear_in_the_navigation_in_their_order(site):
    home = _html(site, "")
    nav = re.findall(
        r'href="(?:\./)?((?:pages|events|timeline)/[^"]*)"',
        home.split('<nav class="md-nav md-nav--primary"')[1],
    )
    assert (
        nav.index("timeline/") < nav.index("pages/guan-yu/") < nav.index("pages/can-guan-zhi-nan/")
    )  # 10 before 20
    assert re.search(
        r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*本馆', home
    )  # a new entry
    assert "<h1>关于本馆</h1>" in _html(site, "pages/guan-yu")
    assert (
        nav.index("events/") < nav.index("pages/wu-zhang-ai/") < nav.index("timeline/")
    )  # nav: 活动 joins that entry


def test_the_navigation_places_pages_under_their_entry_and_alone_as_themselves():
    from types import SimpleNamespace as N

    from hall.engine.plugin import default_nav
    from hall.model.vocab import Vocabulary

    def page(slug, title, order, nav):
        return N(url=f"pages/{slug}/", title=title, slug=slug, meta=N(order=order, nav=nav))

    hall = N(
        events=[1],
        pages=[
            page("b", "乙", 2, "本馆"),
            page("a", "甲", 1, "本馆"),
            page("c", "丙", 1, "参观"),
            page("d", "丁", 1, "活动"),
        ],
    )
    nav = default_nav(Vocabulary(), hall=hall)
    assert nav[-2:] == [
        {"本馆": [{"甲": "pages/a/index.md"}, {"乙": "pages/b/index.md"}]},
        {"丙": "pages/c/index.md"},
    ]
    assert {"活动": ["events/index.md", {"丁": "pages/d/index.md"}]} in nav


def test_a_free_page_is_sanitised_like_a_story(site):
    page, reference = _html(site, "pages/wu-zhang-ai"), _html(site, "pages/guan-yu")
    assert unsafe(page, reference=reference) == []
    content = content_of(page)
    assert (
        "<strong>加粗</strong>" in content
        and '<a href="https://example.org/">外部链接</a>' in content
    )


def test_private_data_and_images_are_checked_like_a_story(small_hall):
    small_hall.add(
        "pages/lian-xi/index.md",
        """\
        ---
        title: 联系我们
        images:
          - src: men.jpg
        ---

        值班手机 13812345678。
        """,
    )
    problems = {(p.code, p.line) for p in small_hall.load().report.problems if "lian-xi" in p.path}
    assert problems == {("E403", 4), ("E602", 7)}


def test_the_visiting_information_renders_on_its_page_and_in_every_footer(site):
    guide = _html(site, "pages/can-guan-zhi-nan")
    assert "浙江省杭州市临安区某某路 8 号（邮编 311300）" in guide
    assert "周二至周五 9:00—17:00（16:30 停止入馆）<br>周六、周日 9:30—17:00<br>周一闭馆" in guide
    assert "春节：2027-02-06 至 2027-02-08 闭馆" in guide and '<a href="tel:057160000000">' in guide
    for page in ("", "people/chai-jinfu", "events/ke"):
        footer = _html(site, page).split('<div class="md-copyright">')[1]
        assert (
            "开放时间：周二至周五 9:00—17:00（16:30 停止入馆）；周六、周日 9:30—17:00；周一闭馆"
            in footer
        )
        assert "参观指南" in footer and "关于本馆" not in footer  # only pages marked footer: true


def _json_ld(html: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )


@pytest.mark.parametrize("page", ["", "pages/can-guan-zhi-nan"])
def test_the_visiting_information_is_published_as_a_schema_org_museum(site, page):
    data = _json_ld(_html(site, page))
    assert (
        data["@context"] == "https://schema.org"
        and data["@type"] == "Museum"
        and data["name"] == "某某劳模工匠馆"
    )
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "CN",
        "addressRegion": "浙江省",
        "addressLocality": "杭州市临安区",
        "streetAddress": "某某路 8 号",
        "postalCode": "311300",
    }
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": "09:00",
            "closes": "17:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Saturday", "Sunday"],
            "opens": "09:30",
            "closes": "17:00",
        },
    ]
    assert data["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "name": "春节",
            "validFrom": "2027-02-06",
            "validThrough": "2027-02-08",
            "opens": "00:00",
            "closes": "00:00",
        }
    ]  # closed, as schema.org says it
    assert data["telephone"] == "0571-6000 0000" and data["isAccessibleForFree"] is True
    for spec in data["openingHoursSpecification"]:
        assert all(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", spec[k]) for k in ("opens", "closes"))


@pytest.mark.parametrize(
    "old, new, code, key",
    [
        ("days: 周二至周五", "days: 周二至周八", "E807", "days: 周二至周八"),
        ('closes: "17:00"', 'closes: "08:00"', "E807", 'closes: "08:00"'),
        ('closes: "17:00"', "closes: 17:00", "E105", "closes: 17:00"),  # YAML 1.1 would read 61200
        ("until: 2027-02-08", "until: 2027-02-05", "E802", "until: 2027-02-05"),
        ("date: 2027-02-06", 'date: "2027-02-30"', "E801", "date: "),
        ('postal_code: "311300"', 'postal_code: "3113"', "E103", 'postal_code: "3113"'),
    ],
)
def test_bad_visiting_information_names_its_line_in_mkdocs_yml(small_hall, old, new, code, key):
    _with_visit(small_hall)
    text = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(
        i
        for i, t in enumerate(small_hall.config.read_text(encoding="utf-8").splitlines(), 1)
        if key in t
    )
    problems = [p for p in small_hall.load().report.problems if p.path == "mkdocs.yml"]
    assert [(p.code, p.line) for p in problems] == [(code, line)], [p.format() for p in problems]


def test_the_visiting_numbers_are_public_in_every_file(small_hall):
    small_hall.add("pages/guide.md", GUIDE.replace("0571-6000 0000", "138 1234 5678"))
    assert "E602" in small_hall.codes()
    _with_visit(small_hall)
    text = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(
        text.replace(
            'phone: "0571-6000 0000"\n        email', 'phone: "138 1234 5678"\n        email'
        ),
        encoding="utf-8",
    )
    assert "E602" not in small_hall.codes()


def test_a_page_asking_for_visiting_information_that_is_not_there_is_a_warning(small_hall):
    small_hall.add("pages/guide.md", GUIDE)
    assert small_hall.codes() == ["W801"]


def test_search_finds_the_free_pages(site):
    docs = search_docs(site)
    guide = next(d for d in docs if d["u"] == "pages/can-guan-zhi-nan/")
    assert guide["k"] == "本馆" and guide["s"] == "开放时间、地址和预约。"
