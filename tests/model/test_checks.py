import os

from tests.conftest import ARTIFACT, COLLECTIVE, CRAFTSMAN, PERSON, photo


def _only(small_hall, path_end):
    return [
        (p.code, p.line) for p in small_hall.load().report.problems if p.path.endswith(path_end)
    ]


def _problem(small_hall, code):
    return next(p for p in small_hall.load().report.problems if p.code == code)


def test_sample_small_hall_is_clean(small_hall):
    assert small_hall.load().report.errors == []


def test_honor_not_in_vocabulary_suggests_nearest(small_hall):
    small_hall.add(
        "people/chai-jinfu.md", PERSON.replace("title: 全国劳动模范", "title: 全国劳动模汎")
    )
    problem = _problem(small_hall, "E201")
    assert problem.line == 6 and "全国劳动模范" in problem.hint


def test_local_honors_are_recognised_by_their_ending(small_hall):
    hall = small_hall.load()
    chai = hall.by_slug()["chai-jinfu"]
    assert [h.level.name for h in chai.honors] == ["全国", "县级"]


def test_trade_not_in_vocabulary(small_hall):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("trade: 农、林、牧、渔业", "trade: 制造"))
    problem = _problem(small_hall, "E202")
    assert problem.line == 4 and "制造业" in problem.hint


def test_trade_matches_without_punctuation(small_hall):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("农、林、牧、渔业", "农林牧渔业"))
    assert small_hall.load().report.errors == []


def test_region_must_start_with_a_province(small_hall):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("浙江省/嘉兴市", "浙江/嘉兴市"))
    problem = _problem(small_hall, "E203")
    assert problem.line == 3 and "浙江省" in problem.hint


def test_duplicate_slugs(small_hall):
    small_hall.add("people/chai-jinfu/index.md", PERSON)
    assert "E301" in small_hall.codes()


def test_bad_file_name_suggests_pinyin(small_hall):
    small_hall.add("people/柴金甫.md", PERSON)
    problem = _problem(small_hall, "E304")
    assert "chai-jinfu" in problem.hint


def test_reference_to_missing_exhibit(small_hall):
    small_hall.add(
        "artifacts/zhu-bian-hua-lan/index.md", ARTIFACT.replace("maker: zha-zhao", "maker: zha-zha")
    )
    assert ("E302", 3) in _only(small_hall, "zhu-bian-hua-lan/index.md")


def test_reference_to_an_exhibit_with_errors_is_not_called_missing(small_hall):
    small_hall.add(
        "people/zha-zhao/index.md", CRAFTSMAN.replace("trade: 制造业", "trade: [制造业]")
    )
    codes = _only(small_hall, "zhu-bian-hua-lan/index.md") + _only(
        small_hall, "zha-zhao-studio/index.md"
    )
    assert codes == [] and ("E103", 4) in _only(small_hall, "zha-zhao/index.md")


def test_reference_of_wrong_kind(small_hall):
    small_hall.add(
        "collectives/zha-zhao-studio/index.md",
        COLLECTIVE.replace("leader: zha-zhao", "leader: zhu-bian-hua-lan"),
    )
    assert ("E303", 6) in _only(small_hall, "zha-zhao-studio/index.md")


def test_missing_image(small_hall):
    small_hall.add("people/zha-zhao/index.md", CRAFTSMAN.replace("portrait.jpg", "portrait.JPG"))
    problem = _problem(small_hall, "E401")
    assert problem.line == 11 and "portrait.jpg" in problem.hint


def test_image_outside_the_exhibit_folder(small_hall):
    small_hall.add(
        "people/zha-zhao/index.md",
        CRAFTSMAN.replace("src: portrait.jpg", "src: ../../artifacts/zhu-bian-hua-lan/basket.jpg"),
    )
    assert ("E402", 11) in _only(small_hall, "zha-zhao/index.md")


def test_symlink_pointing_out_of_exhibits(small_hall, tmp_path):
    outside = photo(tmp_path / "elsewhere" / "secret.jpg")
    link = small_hall.exhibits / "people" / "zha-zhao" / "link.jpg"
    os.symlink(outside, link)
    small_hall.add(
        "people/zha-zhao/index.md", CRAFTSMAN.replace("src: portrait.jpg", "src: link.jpg")
    )
    assert ("E402", 11) in _only(small_hall, "zha-zhao/index.md")


def test_image_without_alt_text(small_hall):
    small_hall.add(
        "artifacts/zhu-bian-hua-lan/index.md", ARTIFACT.replace("    alt: 一只竹编花篮\n", "")
    )
    assert ("E403", 7) in _only(small_hall, "zhu-bian-hua-lan/index.md")


def test_unknown_folder_is_a_warning(small_hall):
    small_hall.add("lessons-draft/x.md", PERSON)
    hall = small_hall.load()
    assert [p.code for p in hall.report.warnings] == ["W302"] and not hall.report.errors


def test_checking_only_some_files_gives_exactly_their_share_of_the_whole_check(small_hall):
    """The workspace's form checks one file against the rest of the hall (`only`): what it reports must be
    what the whole check reports for that file, nothing more and nothing less."""
    from hall.model.catalog import examine
    from hall.model.exhibit import read_exhibits
    from hall.model.problems import Report

    small_hall.add(
        "people/chai-jinfu.md", PERSON.replace("title: 全国劳动模范", "title: 全国劳动模汎")
    )
    small_hall.add(
        "people/li-si.md", "---\nname: 李四\nregion: 火星\nrelated: [nobody]\n---\n\n正文。\n"
    )
    small_hall.add("people/wang-wu.md", "---\nname: 王五\nphone: x\n---\n\n电话 13812345678。\n")
    config = small_hall.hall_config()
    whole = small_hall.load().report.problems
    files = {p.path for p in whole} | {e.rel for e in small_hall.load().entries()}
    assert len({p.path for p in whole}) >= 3
    for rel in files:
        hall = read_exhibits(config.exhibits_dir, config.root)
        mine = [p for p in hall.report.problems if p.path == rel]
        hall.report = Report(mine)
        examine(hall, config, only={rel})
        assert sorted(map(repr, hall.report.problems)) == sorted(
            repr(p) for p in whole if p.path == rel
        ), rel
