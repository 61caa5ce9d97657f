from hall.site.gallery import Galleries, timeline


def _galleries(small_hall):
    hall = small_hall.load()
    return hall, Galleries.of(hall, small_hall.hall_config().vocab)


def test_every_era_has_a_gallery_ordered_by_year(small_hall):
    hall, g = _galleries(small_hall)
    assert [x.slug for x in g.eras] == ["1949-1977", "1978-2011", "2012-"]
    assert [e.slug for e in g.eras[0].exhibits] == ["wang-jinxi"]


def test_trade_galleries_order_by_honor_level_then_pinyin(small_hall):
    _, g = _galleries(small_hall)
    manufacturing = next(x for x in g.trades if x.name == "制造业")
    assert [e.slug for e in manufacturing.exhibits] == ["zha-zhao", "zha-zhao-studio"]


def test_honor_levels_and_titles(small_hall):
    _, g = _galleries(small_hall)
    national = g.honors[0]
    assert national.name == "全国荣誉" and [e.slug for e in national.exhibits] == [
        "chai-jinfu",
        "wang-jinxi",
    ]
    assert [c.name for c in national.children] == ["全国劳动模范"]
    county = next(x for x in g.honors if x.slug == "county")
    assert county.exhibits == [] and [c.name for c in county.children] == ["嘉善县劳动模范"]


def test_region_tree_has_every_level(small_hall):
    _, g = _galleries(small_hall)
    zhejiang = next(x for x in g.regions if x.name == "浙江省")
    assert len(zhejiang.exhibits) == 3
    jiaxing = next(c for c in zhejiang.children if c.name == "嘉兴市")
    assert (
        jiaxing.url == "regions/zhejiang/jiaxing/"
        and jiaxing.children[0].url == "regions/zhejiang/jiaxing/jiashan/"
    )
    assert jiaxing.children[0].trail == [zhejiang, jiaxing]


def test_galleries_of_an_exhibit(small_hall):
    hall, g = _galleries(small_hall)
    names = [x.name for x in g.of_exhibit(hall.by_slug()["chai-jinfu"])]
    assert {
        "中国特色社会主义新时代",
        "农、林、牧、渔业",
        "全国荣誉",
        "全国劳动模范",
        "嘉善县",
        "浙江省",
    } <= set(names)


def test_timeline_by_year_with_undated_apart(small_hall):
    hall = small_hall.load()
    years, undated = timeline(hall)
    assert [y for y, _ in years] == [1959, 2015, 2020]
    assert {(e.slug, h.title) for e, h in undated} == {
        ("chai-jinfu", "嘉善县劳动模范"),
        ("zha-zhao", "浙江工匠"),
    }


def test_a_title_held_twice_lists_its_holder_once_by_the_first_year(small_hall):
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    year: 2020\n", "    year: 2020\n  - title: 全国劳动模范\n    year: 1950\n", 1
        ),
        encoding="utf-8",
    )
    _, g = _galleries(small_hall)
    (title,) = g.honors[0].children
    assert [e.slug for e in title.exhibits] == ["chai-jinfu", "wang-jinxi"]  # 1950 before 1959


def test_galleries_sorted_again_after_a_rename_are_as_made_anew(small_hall):
    hall, g = _galleries(small_hall)
    chai = hall.by_slug()["chai-jinfu"]
    chai.pinyin, chai.rank = "zou jinfu", (*chai.rank[:1], "zou jinfu", chai.slug)
    g.resort([chai])
    fresh = Galleries.of(hall, small_hall.hall_config().vocab)
    shown = lambda gs: [[e.slug for e in x.exhibits] for x in gs]  # noqa: E731
    for facet, galleries in fresh.facets().items():
        made = [x for y in galleries for x in [y, *y.children]]
        again = [x for y in g.facets()[facet] for x in [y, *y.children]]
        assert shown(again) == shown(made), facet
    assert [e.slug for e in g.honors[0].exhibits] == ["wang-jinxi", "chai-jinfu"]


def test_a_gallery_counts_its_exhibits_by_kind(small_hall):
    _, g = _galleries(small_hall)
    manufacturing = next(x for x in g.trades if x.name == "制造业")
    kinds = [e.kind for e in manufacturing.exhibits]
    assert manufacturing.counts() == {k: kinds.count(k) for k in kinds}
    assert manufacturing.counts()["lessons"] == 0  # a kind it has none of: not shown in its counts
