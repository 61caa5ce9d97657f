"""QR codes that scan back to an exhibit's public page, made at build time with segno.

segno is pure Python and spends most of its time choosing the best mask (about 8-20 ms a code), so each
code is cached by its URL under the cache folder, like image derivatives (a rebuild makes none again),
and a cold build makes them in parallel across the machine's cores.
"""
from __future__ import annotations

import hashlib
import io
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import segno

from .files import write_whole
from .processes import pool_context

PARALLEL_FROM = 64  # codes to make before starting worker processes pays off


def page_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def qr_svg(url: str, cache_dir: Path) -> str:
    """The SVG of a QR code for `url` (black on white, with a quiet zone), from the cache or made now."""
    return qr_svgs([url], cache_dir)[url]


def qr_svgs(urls: list[str], cache_dir: Path) -> dict[str, str]:
    """Many codes at once: cached ones read, the rest made (in parallel when there are many) and cached."""
    found, todo = {}, []
    for url in urls:
        try:
            found[url] = _path(url, cache_dir).read_text(encoding="utf-8")
        except FileNotFoundError:
            todo.append(url)
    if len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(mp_context=pool_context()) as pool:
            made = list(pool.map(_make, todo, chunksize=32))
    else:
        made = [_make(url) for url in todo]
    cache_dir.mkdir(parents=True, exist_ok=True)
    for url, svg in zip(todo, made):
        write_whole(_path(url, cache_dir), svg.encode("utf-8"))
        found[url] = svg
    return found


def _path(url: str, cache_dir: Path) -> Path:
    return cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:20]}.svg"


def _make(url: str) -> str:
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="svg", scale=4, border=4, xmldecl=False, svgclass=None,
                                       lineclass=None, title=url)
    return out.getvalue().decode()
