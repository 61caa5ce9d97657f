"""Mentors and apprentices (名师带徒): a pairing named on one side shows on both pages, the 传承 page nests the
generations, and every bad pairing gives its code with its file and line."""

import re

import pytest

from hall.engine.build import BuildFailed, build
from hall.engine.plugin import default_nav
from hall.model.schema import json_schema
from hall.model.vocab import Vocabulary
from hall.workspace.form import form_schema
from tests.conftest import PERSON, SmallHall


def _insert(hall: SmallHall, rel: str, text: str) -> None:
    """Front-matter lines put before a file's summary."""
    path = hall.exhibits / rel
    path.write_text(
        path.read_text(encoding="utf-8").replace("summary:", text + "summary:", 1), encoding="utf-8"
    )


def lineage_hall(root) -> SmallHall:
    """柴金甫 → 查昭 → 王进喜, each pairing named in one file only, and two people outside the hall."""
    hall = SmallHall(root)
    _insert(
        hall,
        "people/chai-jinfu.md",
        "mentors:\n  - {name: 老周, since: 1998}\napprentices: [zha-zhao]\n",
    )
    _insert(
        hall,
        "people/wang-jinxi.md",
        "mentors:\n  - {slug: zha-zhao, since: 2018, note: 签订“名师带徒”合同}\n",
    )
    _insert(hall, "people/zha-zhao/index.md", "apprentices:\n  - {name: 李小明}\n")
    return hall


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(lineage_hall(tmp_path_factory.mktemp("lineage")).config)


def _page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _ties(page: str) -> dict[str, list[str]]:
    section = re.search(r'<section class="hall-ties".*?</section>', page, re.S).group(0)
    return {
        label: re.findall(r"<li>(?:<a [^>]*>)?([^<]+)", items)
        for label, items in re.findall(r"<h3>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", section, re.S)
    }


def test_a_pairing_named_on_one_side_shows_on_both_pages(site):
    assert _ties(_page(site, "people/chai-jinfu")) == {"师傅": ["老周"], "徒弟": ["查昭"]}
    zha = _page(
        site, "people/zha-zhao"
    )  # named in neither of its pairings' other files... but in its own
    assert _ties(zha) == {"师傅": ["柴金甫"], "徒弟": ["王进喜", "李小明"]}
    assert "2018 年结对 · 签订“名师带徒”合同" in zha
    wang = _page(site, "people/wang-jinxi")
    assert _ties(wang) == {"师傅": ["查昭"]}
    assert 'href="../../people/zha-zhao/">查昭</a>' in wang
    assert (
        'href="../../lineage/#chai-jinfu"' in wang
    )  # its lineage, from the first mentor in the hall


def test_the_lineage_page_nests_three_generations(site):
    page = _page(site, "lineage")
    section = re.search(
        r'<section class="hall-lineage" id="chai-jinfu".*?</section>', page, re.S
    ).group(0)
    # the nesting as written: 柴金甫 > 查昭 > 王进喜 (and 查昭's apprentice outside the hall)
    depth, seen = 0, {}
    for tag, name in re.findall(r"<(/?ul)|<a [^>]*>([^<]+)</a>", section):
        depth += {"ul": 1, "/ul": -1}.get(tag, 0)
        if name:
            seen[name] = depth
    assert seen == {"柴金甫": 1, "查昭": 2, "王进喜": 3}
    assert '李小明<span class="hall-tree__outside">（馆外）</span>' in section
    assert "3 代" in section and "师从老周（馆外，1998 年结对）" in section
    assert 'aria-label="查昭的徒弟"' in section
    assert page.count('class="hall-lineage"') == 1  # 查昭 and 王进喜 are no lineages of their own
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="lineage/"' in home  # in the navigation
    assert 'href="../lineage/"' in _page(site, "people")


def two_mentors_hall(root, apprentice: str = "wang-jinxi") -> SmallHall:
    """lineage_hall, and a second, fictional mentor of `apprentice` with a lineage of their own."""
    hall = lineage_hall(root)
    hall.add(
        "people/xu-ni-shi-fu.md",
        PERSON.replace("summary:", f"apprentices: [{apprentice}]\nsummary:", 1).replace(
            "柴金甫", "虚拟师傅"
        ),
    )
    return hall


def test_a_person_with_two_mentors_links_to_both_lineages(tmp_path):
    """王进喜 learns from 查昭 (柴金甫's lineage) and from 虚拟师傅."""
    site = build(two_mentors_hall(tmp_path).config)
    lineages = _page(site, "lineage")
    assert re.findall(r'<section class="hall-lineage" id="([^"]+)"', lineages) == [
        "chai-jinfu",
        "xu-ni-shi-fu",
    ]
    wang = _page(site, "people/wang-jinxi")
    assert _ties(wang) == {"师傅": ["查昭", "虚拟师傅"]}
    links = re.findall(r'<a href="\.\./\.\./lineage/#([^"]+)">([^<]+)</a>', wang)
    assert links == [("chai-jinfu", "柴金甫一支"), ("xu-ni-shi-fu", "虚拟师傅一支")]
    assert "在“传承”中看师徒谱系：" in wang
    zha = _page(site, "people/zha-zhao")  # one lineage: the one link as before
    assert re.findall(r'href="\.\./\.\./lineage/#([^"]+)"', zha) == ["chai-jinfu"]
    assert "在“传承”中看这一支的师徒谱系" in zha


def test_no_pairings_no_lineage_page(small_hall):
    site = build(small_hall.config)
    assert not (site / "lineage").exists()
    assert "传承" not in [next(iter(x)) for x in default_nav(Vocabulary(), hall=small_hall.load())]
    assert "hall-ties" not in _page(site, "people/chai-jinfu")


def test_open_data_names_both_sides(site):
    import json

    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))
    zha = next(x for x in data["exhibits"] if x["slug"] == "zha-zhao")
    assert zha["mentors"] == [{"slug": "chai-jinfu", "name": "柴金甫"}]
    assert zha["apprentices"] == [
        {"slug": "wang-jinxi", "name": "王进喜", "since": 2018, "note": "签订“名师带徒”合同"},
        {"name": "李小明"},
    ]


BAD = {  # file, lines put before its summary, the code, the line it is on (1 is the front matter's ---)
    "an unknown person": ("people/chai-jinfu.md", "apprentices: [zha-zha0]\n", "E841", 9),
    "not a person": ("people/chai-jinfu.md", "mentors: [zha-zhao-studio]\n", "E842", 9),
    "oneself": ("people/chai-jinfu.md", "mentors:\n  - chai-jinfu\n", "E843", 10),
    "twice": (
        "people/chai-jinfu.md",
        "apprentices:\n  - zha-zhao\n  - {slug: zha-zhao}\n",
        "E844",
        11,
    ),
    "mentor and apprentice in one file": (
        "people/chai-jinfu.md",
        "mentors: [zha-zhao]\napprentices: [zha-zhao]\n",
        "E845",
        10,
    ),
    "slug and name": (
        "people/chai-jinfu.md",
        "mentors:\n  - {slug: zha-zhao, name: 查昭}\n",
        "E848",
        10,
    ),
    "neither slug nor name": ("people/chai-jinfu.md", "mentors:\n  - {since: 2001}\n", "E848", 10),
    "paired before being born": (
        "people/chai-jinfu.md",
        "birth_year: 1970\napprentices:\n  - {slug: zha-zhao, since: 1960}\n",
        "E849",
        11,
    ),
    "a name that is no slug": ("people/chai-jinfu.md", "mentors: [老周]\n", "E304", 9),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_pairing_gives_its_code_with_file_and_line(small_hall, case):
    rel, text, code, line = BAD[case]
    _insert(small_hall, rel, text)
    found = [p for p in small_hall.load().report.problems if p.code == code]
    assert [(p.path, p.line) for p in found] == [(f"exhibits/{rel}", line)], found
    assert found[0].hint and re.search(r"[\u4e00-\u9fff]", found[0].message)
    with pytest.raises(BuildFailed):
        build(small_hall.config)


def test_an_unknown_person_is_suggested(small_hall):
    _insert(small_hall, "people/chai-jinfu.md", "apprentices: [zha-zha0]\n")
    (p,) = [p for p in small_hall.load().report.problems if p.code == "E841"]
    assert "zha-zha0" in p.message and "是不是“zha-zhao”？" in p.hint


def test_two_files_that_contradict_each_other(small_hall):
    _insert(small_hall, "people/chai-jinfu.md", "mentors: [zha-zhao]\n")
    _insert(small_hall, "people/zha-zhao/index.md", "mentors:\n  - chai-jinfu\n")
    (p,) = [p for p in small_hall.load().report.problems if p.code == "E845"]
    assert "exhibits/people/" in p.message and "互为师徒" in p.message


def test_two_years_for_one_pairing(small_hall):
    _insert(small_hall, "people/chai-jinfu.md", "apprentices:\n  - {slug: zha-zhao, since: 2010}\n")
    _insert(
        small_hall, "people/zha-zhao/index.md", "mentors:\n  - {slug: chai-jinfu, since: 2012}\n"
    )
    (p,) = [p for p in small_hall.load().report.problems if p.code == "E846"]
    assert "2010" in p.message and "2012" in p.message and p.line
    # the same year on both sides is the same pairing, said twice: fine, and shown once
    path = small_hall.exhibits / "people/zha-zhao/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2012", "2010"), encoding="utf-8")
    hall = small_hall.load()
    assert not hall.report.errors
    zha = hall.by_slug()["zha-zhao"]
    assert [(p.mentor.slug, p.since, len(p.said)) for p in zha.mentors] == [("chai-jinfu", 2010, 2)]


def test_a_circle_of_three(small_hall):
    _insert(small_hall, "people/chai-jinfu.md", "apprentices: [zha-zhao]\n")
    _insert(small_hall, "people/zha-zhao/index.md", "apprentices: [wang-jinxi]\n")
    _insert(small_hall, "people/wang-jinxi.md", "apprentices: [chai-jinfu]\n")
    found = [p for p in small_hall.load().report.problems if p.code == "E847"]
    assert len(found) == 1 and found[0].line == 9
    assert "柴金甫 → 查昭 → 王进喜 → 柴金甫" in found[0].message


def test_the_schema_and_the_form_have_mentors_and_apprentices():
    person = json_schema()["$defs"]["people"]
    assert person["properties"]["mentors"]["title"] == "师傅"
    assert person["properties"]["apprentices"]["title"] == "徒弟"
    tie = person["$defs"]["Tie"]["properties"]
    assert (tie["slug"]["title"], tie["name"]["title"], tie["since"]["title"]) == (
        "人物（展品）",
        "姓名",
        "结对年份",
    )
    form = form_schema("people")["properties"]["mentors"]
    assert form["title"] == "师傅" and "师徒" in str(form["items"])
