"""QR codes that scan back to an exhibit's public page, made at build time with zxing-cpp.

zxing-cpp encodes in C (choosing the mask by the standard's penalty rules, as every encoder should), about
ten times faster than pure-Python segno (bench/qr.py); we only draw its modules as one SVG path. Each code is
cached by its URL under the cache folder, like image derivatives, so a rebuild makes none again.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from pathlib import Path
from urllib.parse import urljoin

import zxingcpp

from hall.files import write_whole

DARK_RUN = re.compile(rb"\x00+")
# How a code is made and drawn, part of its cache key: a cached code made otherwise is never reused. The SVG
# has a viewBox and no width or height, so it scales to the box it is given (an <img> sized on the page, a
# label sized in mm by CSS), where a fixed size would crop it.
MAKER = "zxing-cpp M viewBox"


def page_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def qr_svg(url: str, cache_dir: Path) -> str:
    """The SVG of a QR code for `url` (black on white, with a quiet zone), from the cache or made now."""
    return qr_svgs([url], cache_dir)[url]


def qr_svgs(urls: list[str], cache_dir: Path) -> dict[str, str]:
    """Many codes at once: cached ones read, the rest made and cached."""
    found, todo = {}, []
    for url in urls:
        try:
            found[url] = _path(url, cache_dir).read_text(encoding="utf-8")
        except FileNotFoundError:
            todo.append(url)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for url in todo:
        svg = make_svg(url)
        write_whole(_path(url, cache_dir), svg.encode("utf-8"))
        found[url] = svg
    return found


def _path(url: str, cache_dir: Path) -> Path:
    return cache_dir / f"{hashlib.sha256(f'{MAKER} {url}'.encode()).hexdigest()[:20]}.svg"


def make_svg(url: str) -> str:
    """A QR code (error correction M, a four-module quiet zone) as a small SVG: one path of dark runs."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = memoryview(code.to_image(add_quiet_zones=True))
    size = pixels.shape[0]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
        f'<title>{escape(url)}</title><path stroke="#000" d="{_runs(pixels.tobytes(), size)}"/></svg>'
    )


def _runs(pixels: bytes, size: int) -> str:
    """The dark modules, row by row, as relative horizontal strokes through each module's middle."""
    steps, x0, y0 = [], 0, 0
    for y in range(size):
        for run in DARK_RUN.finditer(pixels, y * size, (y + 1) * size):
            x = run.start() - y * size
            steps.append(
                f"m{x - x0} {y - y0}h{len(run.group())}"
                if steps
                else f"M{x} {y}.5h{len(run.group())}"
            )
            x0, y0 = x + len(run.group()), y
    return "".join(steps)
