"""`hall labels` with no arguments: a printable sheet with a label for every exhibit and every lesson,
each QR code scanning to its page."""

import io

import pytest
import zxingcpp
from PIL import Image

from hall.cli import main
from hall.engine.build import build
from hall.model import config as hall_config
from hall.model.catalog import load_hall
from hall.site.qr import page_url
from tests.browser.conftest import ROOT
from tests.model.test_exhibitions import EXHIBITION, exhibition_hall
from tests.model.test_media import AUDIO, mp3, person
from tests.model.test_panorama import FILE

pytestmark = pytest.mark.browser


def test_default_sheet_labels_every_exhibit_and_lesson_and_every_code_scans(
    browser, tmp_path, capsys
):
    sheet = tmp_path / "labels.html"
    assert main(["-f", str(ROOT / "mkdocs.yml"), "labels", "-o", str(sheet)]) == 0
    config = hall_config.load(ROOT / "mkdocs.yml")
    exhibits = load_hall(config).exhibits
    assert f"{len(exhibits)} 张标签" in capsys.readouterr().out
    page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=2)
    try:
        page.goto(sheet.as_uri())
        labels = page.locator("section.label")
        found = {}
        for i in range(labels.count()):
            label = labels.nth(i)
            shot = label.locator(".label__qr svg").screenshot()
            codes = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]
            found[label.locator("h2").inner_text()] = (
                label.locator(".label__kind").inner_text(),
                codes,
            )
    finally:
        page.close()
    kinds = {
        "people": "人物",
        "artifacts": "匠品",
        "collectives": "集体",
        "lessons": "劳动课",
        "exhibitions": "展览",
    }
    assert found == {e.title: (kinds[e.kind], [page_url(config.site_url, e.url)]) for e in exhibits}
    assert {kind for kind, _ in found.values()} == set(kinds.values())


def test_audio_labels_land_on_the_players_and_say_scan_to_listen(browser, tmp_path, capsys):
    """扫码听讲解: a label for each audio guide (a person's, an exhibition unit's), its code to the player."""
    hall = exhibition_hall(tmp_path)
    person(hall, AUDIO, {"guide.mp3": mp3()})
    unit_audio = "    audio:\n      src: unit.ogg\n      transcript: 第二单元的讲解词。\n"
    hall.add(
        FILE, EXHIBITION.replace("    anchor: che-jian\n", "    anchor: che-jian\n" + unit_audio)
    )
    (hall.exhibits / FILE).with_name("unit.ogg").write_bytes(b"OggS\x00\x02" + bytes(60))
    sheet = tmp_path / "labels.html"
    assert main(["-f", str(hall.config), "labels", "--audio", "-o", str(sheet)]) == 0
    assert "2 张标签" in capsys.readouterr().out
    page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=2)
    try:
        page.goto(sheet.as_uri())
        labels = page.locator("section.label")
        found = []
        for i in range(labels.count()):
            shot = labels.nth(i).locator(".label__qr svg").screenshot()
            codes = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]
            found.append((labels.nth(i).locator("h2").inner_text(), codes))
            assert "扫码听讲解" in labels.nth(i).locator(".label__qr").inner_text()
    finally:
        page.close()
    site = "https://hall.example.org/"
    assert found == [
        ("柴金甫", [site + "people/chai-jinfu/#audio"]),
        ("车间", [site + "exhibitions/yuhuan-jiangxin/#che-jian-audio"]),
    ]
    built = build(hall.config)
    for path, anchor in (
        ("people/chai-jinfu", "audio"),
        ("exhibitions/yuhuan-jiangxin", "che-jian-audio"),
    ):
        html = (built / path / "index.html").read_text(encoding="utf-8")
        player = html[html.index(f'<figure class="hall-audio" id="{anchor}"') :]
        assert player.index("<audio") < player.index("</figure>")  # the anchor is the player's


def test_audio_labels_of_exhibits_without_audio_say_so(tmp_path, capsys):
    hall = exhibition_hall(tmp_path)
    assert main(["-f", str(hall.config), "labels", "--audio", "chai-jinfu"]) == 1
    assert "没有语音导览" in capsys.readouterr().err
