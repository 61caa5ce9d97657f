"""720° panoramas (全景展厅): an exhibition's or a unit's equirectangular picture with hotspots, checked with codes
and lines, made at sizes phones take, and its hotspots listed as ordinary links beside the viewer."""

import re

import pytest
from PIL import Image

from hall.engine.build import build
from tests.conftest import panorama, photo
from tests.model.test_exhibitions import EXHIBITION, exhibition_hall

PANORAMA = """\
panorama:
  src: hall-360.jpg
  alt: 展厅的 720° 全景（程序生成的示意图）
  caption: 程序生成的示意图，不是真实展厅的照片
  illustration: true
  hotspots:
    - {yaw: -45, pitch: -5, exhibit: chai-jinfu}
    - {yaw: 45, pitch: 0, unit: che-jian, label: 去车间单元}
    - {yaw: 150, pitch: 40, exhibit: zhu-bian-hua-lan}
"""
UNIT_PANORAMA = """\
    panorama:
      src: tie-ren.jpg
      alt: 铁人单元的全景（示意图）
      hotspots:
        - {yaw: 0, pitch: 0, exhibit: wang-jinxi}
"""
FILE = "exhibitions/yuhuan-jiangxin/index.md"


def with_panorama(text: str = PANORAMA) -> str:
    """The exhibition with a panorama of its own (lines 9-17) and one in its third unit."""
    text = EXHIBITION.replace("units:\n", text + "units:\n", 1)
    return text.replace(
        "        caption: 本单元只写来源说了的。\n",
        "        caption: 本单元只写来源说了的。\n" + UNIT_PANORAMA,
    )


@pytest.fixture
def hall(tmp_path):
    hall = exhibition_hall(tmp_path)
    hall.add(FILE, with_panorama())
    folder = hall.exhibits / "exhibitions" / "yuhuan-jiangxin"
    panorama(folder / "hall-360.jpg", (6000, 3000))
    panorama(folder / "tie-ren.jpg", (1024, 512))
    return hall


def test_a_panorama_and_its_hotspots_check_clean(hall):
    assert hall.codes() == []


def test_hotspots_link_to_their_exhibits_and_appear_as_a_plain_list(hall):
    site = build(hall.config)
    page = (site / "exhibitions" / "yuhuan-jiangxin" / "index.html").read_text(encoding="utf-8")
    lists = re.findall(r'<div class="hall-hotspots">(.*?)</div>', page, re.S)
    assert len(lists) == 2  # the exhibition's own, and the third unit's
    links = re.findall(
        r'<a href="([^"]+)" data-yaw="([^"]+)" data-pitch="([^"]+)">([^<]+)</a>', lists[0]
    )
    assert links == [
        ("../../people/chai-jinfu/", "-45.0", "-5.0", "柴金甫"),
        ("#che-jian", "45.0", "0.0", "去车间单元"),
        ("../../artifacts/zhu-bian-hua-lan/", "150.0", "40.0", "竹编花篮"),
    ]
    assert "右侧上方" not in lists[0] and "后方上方" in lists[0]  # yaw 150, pitch 40: where to look
    assert re.findall(r'<a href="([^"]+)" data-yaw', lists[1]) == ["../../people/wang-jinxi/"]
    assert "示意图" in page and "程序生成的示意图，不是真实展厅的照片" in page


def test_a_panorama_is_made_at_most_4096_wide_for_phones(hall):
    site = build(hall.config)
    page = (site / "exhibitions" / "yuhuan-jiangxin" / "index.html").read_text(encoding="utf-8")
    stage = re.search(r'data-panorama="([^"]+)"', page).group(1)
    with Image.open(site / "exhibitions" / "yuhuan-jiangxin" / stage) as image:
        assert image.size == (4096, 2048) and image.format == "JPEG"
    widths = re.search(r'<div class="hall-panorama__stage".*?srcset="([^"]+)"', page, re.S).group(1)
    assert re.findall(r" (\d+)w", widths) == ["2048", "4096"]
    small = re.findall(r'data-panorama="([^"]+)"', page)[1]  # never upscaled
    with Image.open(site / "exhibitions" / "yuhuan-jiangxin" / small) as image:
        assert image.size == (1024, 512)


BAD = {
    "an unknown exhibit": ("exhibit: chai-jinfu}", "exhibit: chai-jinfo}", "E826", 15),
    "an unknown unit": ("unit: che-jian,", "unit: chejian,", "E826", 16),
    "an exhibition as a hotspot": ("exhibit: zhu-bian-hua-lan}", "exhibit: di-er-ge}", "E826", 17),
    "a yaw out of range": ("yaw: 150,", "yaw: 270,", "E827", 17),
    "a pitch out of range": ("pitch: -5,", "pitch: -95,", "E827", 15),
    "two targets": ("exhibit: chai-jinfu}", "exhibit: chai-jinfu, unit: che-jian}", "E829", 15),
    "no target": (
        "{yaw: -45, pitch: -5, exhibit: chai-jinfu}",
        "{yaw: -45, pitch: -5}",
        "E829",
        15,
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_hotspots_give_their_codes_with_file_and_line(hall, case):
    old, new, code, line = BAD[case]
    assert old in PANORAMA
    hall.add(FILE, with_panorama(PANORAMA.replace(old, new, 1)))
    problems = hall.load().report.errors
    assert [(p.path, p.line, p.code) for p in problems] == [(f"exhibits/{FILE}", line, code)]
    assert problems[0].hint


def test_a_panorama_that_is_not_2_to_1_is_refused(hall):
    photo(hall.exhibits / "exhibitions" / "yuhuan-jiangxin" / "hall-360.jpg", (4000, 3000))
    problems = hall.load().report.errors
    assert [(p.line, p.code) for p in problems] == [(10, "E828")]
    assert "4000×3000" in problems[0].message and "2:1" in problems[0].hint


def test_a_panorama_needs_its_alt_text_like_every_picture(hall):
    hall.add(
        FILE, with_panorama(PANORAMA.replace("  alt: 展厅的 720° 全景（程序生成的示意图）\n", ""))
    )
    assert [p.code for p in hall.load().report.errors] == ["E403"]


def test_only_a_page_with_a_panorama_loads_the_viewers_script(hall, tmp_path):
    """In the site and in the offline build (file://)."""
    for offline in (False, True):
        site = build(hall.config, tmp_path / f"site-{offline}", offline=offline)
        loading = {
            str(page.relative_to(site))
            for page in site.rglob("*.html")
            if "javascripts/panorama.js" in page.read_text(encoding="utf-8")
        }
        assert loading == {"exhibitions/yuhuan-jiangxin/index.html"}, (offline, loading)
        page = (site / "exhibitions/yuhuan-jiangxin/index.html").read_text(encoding="utf-8")
        assert '<script src="../../assets/javascripts/panorama.js" defer>' in page
        home = (site / "index.html").read_text(encoding="utf-8")
        assert "panorama" not in home and "lightbox.js" in home  # the other scripts stay
