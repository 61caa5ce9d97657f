"""QR codes that scan back to an exhibit's public page, made at build time with segno.

segno is pure Python and spends most of its time choosing the best mask (about 20 ms a code), so each
code is cached by its URL under the cache folder, like image derivatives: a rebuild makes none again.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from urllib.parse import urljoin

import segno


def page_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def qr_svg(url: str, cache_dir: Path) -> str:
    """The SVG of a QR code for `url` (black on white, with a quiet zone), from the cache or made now."""
    key = hashlib.sha256(url.encode()).hexdigest()[:20]
    path = cache_dir / f"{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="svg", scale=4, border=4, xmldecl=False, svgclass=None,
                                       lineclass=None, title=url)
    svg = out.getvalue().decode()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    os.replace(tmp, path)  # atomic, like the image cache
    return svg
