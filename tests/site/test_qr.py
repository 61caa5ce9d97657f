import re

import zxingcpp
from PIL import Image

from hall.site import qr
from hall.site.qr import qr_svgs

URLS = [f"https://hall.example.org/people/p{i}/" for i in range(3)]


def _made(monkeypatch) -> list[str]:
    made, original = [], qr.make_svg
    monkeypatch.setattr(qr, "make_svg", lambda url: made.append(url) or original(url))
    return made


def test_codes_are_cached_in_one_file_and_not_made_again(tmp_path, monkeypatch):
    cache = tmp_path / "qr"
    first = qr_svgs(URLS, cache)
    assert [p.name for p in cache.iterdir()] == [qr.CACHE]
    made = _made(monkeypatch)
    assert qr_svgs(URLS, cache) == first and made == []
    qr_svgs([*URLS, "https://hall.example.org/people/new/"], cache)
    assert made == ["https://hall.example.org/people/new/"]
    assert qr_svgs(URLS[:1], cache) == {URLS[0]: first[URLS[0]]} and len(made) == 1


def test_a_cache_made_otherwise_or_damaged_is_made_again(tmp_path, monkeypatch):
    cache = tmp_path / "qr"
    codes = qr_svgs(URLS, cache)
    made = _made(monkeypatch)
    monkeypatch.setattr(qr, "MAKER", "another encoder")
    assert qr_svgs(URLS, cache) == codes and made == URLS
    (cache / qr.CACHE).write_text("{not json", encoding="utf-8")
    assert qr_svgs(URLS, cache) == codes and len(made) == 2 * len(URLS)


def _drawn(svg: str) -> Image.Image:
    """The modules an SVG of make_svg draws (its path's horizontal strokes), a pixel each."""
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])
    image = Image.new("L", (size, size), 255)
    x = y = 0
    for move, dx, dy, length in re.findall(r"([Mm])(-?\d+) (-?\d+)(?:\.5)?h(\d+)", svg):
        x, y = (int(dx), int(dy)) if move == "M" else (x + int(dx), y + int(dy))
        image.paste(0, (x, y, x + int(length), y + 1))
        x += int(length)
    return image


def test_every_code_drawn_decodes_to_its_address_with_the_fixed_mask():
    urls = [f"https://hall.example.org/people/zhang-san-{i}/" for i in range(300)]
    urls += [
        "https://hall.example.org/collectives/hongfeng-jixie-chuangxin-duiwu/",
        "https://h.example/",
    ]
    for url in urls:
        drawn = _drawn(qr.make_svg(url))
        # module for module the encoder's (a code decodes with a few modules wrong: error correction)
        assert (
            drawn.tobytes() == memoryview(qr.encode(url).to_image(add_quiet_zones=True)).tobytes()
        )
        found = zxingcpp.read_barcodes(drawn.resize((drawn.width * 4,) * 2, Image.NEAREST))
        assert [(r.text, r.extra["DataMask"]) for r in found] == [(url, qr.MASK)]
