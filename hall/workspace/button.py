"""The “编辑” button on the preview's exhibit pages (serve adds it to the pages it serves; `build` never does)."""

from __future__ import annotations

import html
import re

from hall.model.schema import ALL_KINDS

_PAGE = re.compile(r"(?P<kind>[a-z]+)/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?")
STYLE = (
    "position:fixed;right:1rem;bottom:1rem;z-index:10;padding:.6rem 1.2rem;min-height:44px;"
    "box-sizing:border-box;border-radius:2rem;background:#b71c1c;color:#fff;font:600 1rem/1.6 sans-serif;"
    "text-decoration:none;box-shadow:0 2px 6px rgba(0,0,0,.3)"
)
BUTTON = re.compile(
    rb'<a class="hall-edit"[^>]*>\xe7\xbc\x96\xe8\xbe\x91</a>'
)  # what tests strip to compare pages


def exhibit_page(path: str, mount: str) -> tuple[str, str] | None:
    """(kind, slug) when a request's path is the page of an exhibit, a page of the hall's own or an event."""
    if not path.startswith(mount):
        return None
    match = _PAGE.fullmatch(path[len(mount) :])
    return (match["kind"], match["slug"]) if match and match["kind"] in ALL_KINDS else None


def with_button(page: bytes, kind: str, slug: str) -> bytes:
    link = html.escape(f"/_edit/#open={kind}/{slug}")
    button = f'<a class="hall-edit" href="{link}" style="{STYLE}">编辑</a>'.encode()
    end = page.rfind(b"</body>")
    return page + button if end < 0 else page[:end] + button + page[end:]
