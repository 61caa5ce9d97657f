import pytest

from hall.model.pinyin import initials, name_pinyin, name_slug, place_slug, slugify


@pytest.mark.parametrize(
    "name, pinyin, slug, short",
    [
        ("柴金甫", "Chai Jinfu", "chai-jinfu", "cjf"),
        ("查昭", "Zha Zhao", "zha-zhao", "zz"),  # surname 查 reads zhā
        ("曾小明", "Zeng Xiaoming", "zeng-xiaoming", "zxm"),
        ("欧阳修", "Ouyang Xiu", "ouyang-xiu", "oyx"),  # compound surname
    ],
)
def test_names(name, pinyin, slug, short):
    assert (name_pinyin(name), name_slug(name), initials(name)) == (pinyin, slug, short)


def test_slugs_for_titles_and_places():
    assert slugify("竹编花篮") == "zhu-bian-hua-lan"
    assert (place_slug("浙江省"), place_slug("嘉善县"), place_slug("广西壮族自治区")) == (
        "zhejiang",
        "jiashan",
        "guangxi",
    )
