"""QR codes that scan back to an exhibit's public page, made at build time with zxing-cpp.

zxing-cpp encodes in C, about ten times faster than pure-Python segno (bench/qr.py), and five times faster again
with the mask given (MASK) instead of chosen by the standard's penalty rules, which try all eight; we only draw its
modules as one SVG path. The codes
are cached by their URL in one file under the cache folder, so a rebuild makes none again: a file per code
took longer to create on disk than the code took to make.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from urllib.parse import urljoin

import zxingcpp

from hall.files import write_whole
from hall.processes import Beside, Now, started

GAP_AND_RUN = re.compile(rb"\xff*\x00+")  # white is 255, dark 0
TITLE = re.compile(r"<title>[^<]*</title>")
# How a code is made and drawn, part of its cache key: a cached code made otherwise is never reused. The SVG
# has a viewBox and no width or height, so it scales to the box it is given (an <img> sized on the page, a
# label sized in mm by CSS), where a fixed size would crop it.
MAKER = "zxing-cpp M mask 2 viewBox"
# The mask the penalty rules pick most often for a hall's addresses (841 of the 2,000 of bench/run.py's hall, the
# next 554): every mask gives a code that decodes (tests/site/test_qr.py decodes the SVGs drawn).
MASK = 2
BESIDE_FROM = 300  # codes to make from which a process of their own pays off (0.3 ms each)


def page_url(site_url: str, path: str) -> str:
    """A page's public address: urljoin, without urljoin's parsing for the usual path (relative, without dots, a
    query or a fragment): a build asks for one per exhibit, a sitemap for one per page (20,000 of them)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if path.startswith(("/", ".")) or any(c in path for c in ":?#") or "/." in path:
        return urljoin(base, path)
    return base + path


def qr_svgs(urls: list[str], cache_dir: Path) -> dict[str, str]:
    """The SVGs of QR codes for `urls` (black on white, with a quiet zone): cached ones read, the rest made
    and added to the cache."""
    return drawing(urls, cache_dir).result()


def drawing(urls: list[str], cache_dir: Path) -> Beside | Now:
    """qr_svgs(urls, cache_dir) under way (its `result()`): made in a forked process while this one goes on when
    there are many codes to make (hall.processes.started)."""
    path = cache_dir / CACHE
    cached = _cached(path)
    todo = [url for url in dict.fromkeys(urls) if url not in cached]
    return started(_drawn, urls, todo, cached, path, fork=len(todo) >= BESIDE_FROM)


def _drawn(urls: list[str], todo: list[str], cached: dict[str, str], path: Path) -> dict[str, str]:
    if todo:
        cached |= {url: make_svg(url) for url in todo}
        data = {"maker": MAKER, "codes": cached}
        write_whole(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return {url: cached[url] for url in urls}


CACHE = "codes.json"  # {"maker": MAKER, "codes": {url: svg}}


def _cached(path: Path) -> dict[str, str]:
    """The cached codes; none when the file is missing, unreadable or made otherwise (another MAKER)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("maker") != MAKER:
        return {}
    codes = data.get("codes")
    return codes if isinstance(codes, dict) else {}


def make_svg(url: str) -> str:
    """A QR code (error correction M, a four-module quiet zone) as a small SVG: one path of dark runs."""
    code = encode(url)
    pixels = memoryview(code.to_image(add_quiet_zones=True))
    size = pixels.shape[0]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
        f'<title>{escape(url)}</title><path stroke="#000" d="{_runs(pixels.tobytes(), size)}"/></svg>'
    )


def on_page(svg: str) -> str:
    """A code drawn inside its page (one file and one request fewer for each of the hall's thousands of pages),
    named for readers as the image an <img> was. Its title, the address, is the labels' (the page says the
    address under the code, and a second <title> in a page confuses what reads pages' titles)."""
    return TITLE.sub("", svg.replace("<svg ", '<svg role="img" aria-label="本页二维码" ', 1), 1)


def encode(url: str) -> zxingcpp.Barcode:
    """The QR code of `url`: error correction M, the mask MASK."""
    return zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=MASK)


def _runs(pixels: bytes, size: int) -> str:
    """The dark modules, row by row, as relative horizontal strokes through each module's middle. A row's white
    gaps and dark runs are found by the regex engine as pairs, and the strokes between them looked up
    (`_STROKES`): a loop over each run in Python was nine tenths of making a code."""
    steps, x0, y0 = [], 0, None
    for y in range(0, size * size, size):
        # the pairs end at the row's last dark module: no white tail tried at every position
        end = pixels.rfind(0, y, y + size) + 1
        if not end:
            continue
        pairs = GAP_AND_RUN.findall(pixels, y, end)
        x = pairs[0].find(0)
        length, row = len(pairs[0]) - x, y // size
        steps.append(f"M{x} {row}.5h{length}" if y0 is None else f"m{x - x0} {row - y0}h{length}")
        steps += map(_STROKES.__getitem__, pairs[1:])
        x0, y0 = end - y, row
    return "".join(steps)


class _Strokes(dict):
    """A white gap and the dark run after it, in one row -> the stroke that moves over the gap and draws the run
    (a few hundred kinds in all the hall's codes)."""

    def __missing__(self, pair: bytes) -> str:
        gap = pair.find(0)
        stroke = self[pair] = f"m{gap} 0h{len(pair) - gap}"
        return stroke


_STROKES = _Strokes()
