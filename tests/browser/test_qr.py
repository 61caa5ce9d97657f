"""QR codes on exhibit pages scan back to the exhibit's public URL."""

import base64
import io
import re

import pytest
import zxingcpp
from PIL import Image

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path", ["people/chai-jinfu/", "artifacts/tianmu-zhubian/", "collectives/zha-zhao-gongzuoshi/"]
)
def test_published_qr_code_decodes_to_the_page_url(built_site, browser, path):
    """The code is drawn in the page itself (no qr.svg to fetch), named for screen readers."""
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    svg = re.search(
        r'<figure class="hall-qr">(<svg role="img" aria-label="本页二维码".*?</svg>)', html
    )[1]
    assert not (built_site / path / "qr.svg").exists()
    page = browser.new_page(viewport={"width": 400, "height": 400})
    try:
        data = base64.b64encode(svg.encode()).decode()
        page.set_content(
            f'<body style="margin:0;background:#fff"><img src="data:image/svg+xml;base64,{data}" '
            'style="width:300px"></body>'
        )
        shot = page.screenshot()
    finally:
        page.close()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [r.text for r in results] == [f"https://hall.example.org/{path}"]
