"""`hall labels` with no arguments: a printable sheet with a label for every exhibit and every lesson,
each QR code scanning to its page."""

import io

import pytest
import zxingcpp
from PIL import Image

from hall.cli import main
from hall.model import config as hall_config
from hall.model.catalog import load_hall
from hall.site.qr import page_url
from tests.browser.conftest import ROOT

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
