"""What a phone downloads to show a page the first time (empty cache), measured from the network events.

Text (HTML, CSS, JS, JSON) is counted gzip-compressed, as every static host sends it; the raw sizes are
in the failure message. Images are counted as they are (already compressed)."""

import gzip

import pytest

from tests.browser.conftest import PAGES, PHONE

pytestmark = pytest.mark.browser
KB = 1024


def downloads(responses) -> list[tuple[str, str, int, int]]:
    """(content type, URL, raw bytes, bytes on the wire) of each response."""
    found = []
    for response in responses:
        body = response.body() if response.status == 200 else b""
        kind = response.headers.get("content-type", "").split(";")[0]
        wire = len(body) if kind.startswith(("image/", "font/")) else len(gzip.compress(body, 6))
        found.append((kind, response.url, len(body), wire))
    return found


@pytest.mark.parametrize(
    "name, budget_kb, with_images", [("profile", 200, False), ("home", 300, True)]
)
def test_page_weight(visit, name, budget_kb, with_images):
    path = PAGES[name]
    page = visit(
        path, fresh=True, **PHONE
    )  # a first visit: nothing cached, no full-page screenshot taken
    files = downloads(visit.responses[page])
    fonts = [
        url
        for kind, url, *_ in files
        if kind.startswith("font/") or url.endswith((".woff", ".woff2", ".ttf"))
    ]
    assert not fonts, f"page {path}: downloads fonts (the hall uses system fonts only): {fonts}"
    counted = [f for f in files if with_images or not f[0].startswith("image/")]
    total = sum(wire for *_, wire in counted)
    assert total <= budget_kb * KB, (
        f"page {path}: weighs {total / KB:.0f} KB (budget {budget_kb} KB"
        f"{', images included' if with_images else ', images excluded'}):\n"
        + "\n".join(
            f"  {wire / KB:7.1f} KB ({raw / KB:.1f} KB raw) {url}"
            for kind, url, raw, wire in sorted(counted, key=lambda f: -f[3])
        )
    )
