"""QR code benchmark (issue 20): CPU time a code, the hall's encoder (zxing-cpp) against segno.

Usage, from the repository root:

    .venv/bin/python bench/qr.py --codes 2000

Each encoder makes the same URLs (exhibit addresses like a 10,000-exhibit hall's) in turn, A and B
alternating over several rounds, in this one process and on one core; the table gives the median CPU
milliseconds a code and the ratio to the hall's encoder. The first 200 codes of the hall's encoder are
decoded back from a raster of their modules; the browser tests decode the SVG files the site publishes.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import segno
import zxingcpp
from common import machine, table

from hall.site import qr
from hall.site.qr import make_svg


def _segno(url: str, mask: int | None = None) -> str:
    out = io.BytesIO()
    segno.make_qr(url, error="m", mask=mask).save(
        out, kind="svg", scale=4, border=4, xmldecl=False, svgclass=None, lineclass=None, title=url
    )
    return out.getvalue().decode()


ENCODERS = {
    "hall (zxing-cpp)": make_svg,
    "zxing-cpp (best mask)": lambda url: zxingcpp.create_barcode(
        url, zxingcpp.BarcodeFormat.QRCode, ec_level="M"
    ).to_image(add_quiet_zones=True),
    "segno (best mask)": _segno,
    "segno (mask 0)": lambda url: _segno(url, mask=0),
}


def _decodes(url: str) -> bool:
    code = qr.encode(url)
    return [r.text for r in zxingcpp.read_barcodes(code.to_image(scale=4))] == [url]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    urls = [f"https://hall.example.org/people/zhang-san-{i}/" for i in range(args.codes)]
    times: dict[str, list[float]] = {name: [] for name in ENCODERS}
    for _ in range(args.rounds):
        for name, encode in ENCODERS.items():
            start = time.process_time()
            for url in urls:
                encode(url)
            times[name].append((time.process_time() - start) / len(urls) * 1000)
    assert all(_decodes(url) for url in urls[:200])
    base = statistics.median(times["hall (zxing-cpp)"])
    print(machine())
    rows = []
    for name, ms in times.items():
        med = statistics.median(ms)
        rows.append([name, f"{min(ms):.3f}", f"{med:.3f}", f"{max(ms):.3f}", f"{med / base:.1f}×"])
    print(table(["encoder", "min ms", "median ms", "max ms", "× hall"], rows))


if __name__ == "__main__":
    main()
