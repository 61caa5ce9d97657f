from tests.conftest import PERSON


def test_era_from_highest_honor_year(small_hall):
    hall = small_hall.load()
    people = hall.by_slug()
    assert people["chai-jinfu"].era.name == "中国特色社会主义新时代"
    assert people["wang-jinxi"].era.name == "社会主义革命和建设时期"
    assert (
        people["zha-zhao"].era.name == "改革开放和社会主义现代化建设新时期"
        or people["zha-zhao"].era.start == 2012
    )


def test_explicit_era_wins(small_hall):
    small_hall.add(
        "people/chai-jinfu.md",
        PERSON.replace("trade:", "era: 改革开放和社会主义现代化建设新时期\ntrade:"),
    )
    assert small_hall.load().by_slug()["chai-jinfu"].era.slug == "1978-2011"


def test_no_era_warning_asks_for_a_dated_sourced_honor_not_a_guessed_era(small_hall):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("    year: 2020\n", ""))
    warning = next(p for p in small_hall.load().report.problems if p.code == "W501")
    assert (
        "era" not in warning.hint
        and "写明年份、有资料来源的荣誉" in warning.hint
        and "不要猜" in warning.hint
    )


def test_highest_honor_is_the_most_prestigious_level(small_hall):
    zha = small_hall.load().by_slug()["zha-zhao"]
    assert zha.highest.title == "浙江工匠" and zha.highest.level.name == "省级"


def test_pinyin_is_derived(small_hall):
    zha = small_hall.load().by_slug()["zha-zhao"]
    assert (zha.pinyin, zha.initials) == ("Zha Zhao", "zz")


def test_two_way_links(small_hall):
    hall = small_hall.load().by_slug()
    zha, basket, studio = hall["zha-zhao"], hall["zhu-bian-hua-lan"], hall["zha-zhao-studio"]
    assert basket.maker is zha and zha.artifacts == [basket]
    assert studio.members == [zha] and zha.collectives == [studio]


def test_related_is_symmetric(small_hall):
    small_hall.add(
        "people/chai-jinfu.md", PERSON.replace("trade:", "related: [wang-jinxi]\ntrade:")
    )
    hall = small_hall.load().by_slug()
    assert hall["wang-jinxi"].related == [hall["chai-jinfu"]]
