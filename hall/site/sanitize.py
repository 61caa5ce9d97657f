"""Page HTML made safe to publish, whatever a curator pasted into an exhibit.

Every page's rendered content goes through nh3 (the maintained binding of the Rust sanitizer Ammonia;
bleach is deprecated): scripts, styles, iframes, forms, event handlers (`onclick`, also from attr_list's
`{ onclick=... }`), inline styles and `javascript:`/`data:` URLs are removed, while the formatting exhibits
use (tables, images, links, emphasis, Material's admonitions and grids, which are classes) is kept.
Table-of-contents titles are printed by the theme without escaping; Python-Markdown (>=3.6) gives them
already escaped, with tags stripped, which tests/test_hostile.py checks.
"""

from __future__ import annotations

import re

import nh3

TAGS = nh3.ALLOWED_TAGS | {"picture", "source", "section", "abbr", "nav", "audio", "video", "track"}
_COMMON = {
    "class",
    "id",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-describedby",
    "aria-current",
    "aria-labelledby",
}
ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": _COMMON,
    "img": {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "width", "height", "src"},
    "audio": {"controls", "preload"},
    "video": {"controls", "preload", "poster", "width", "height", "playsinline"},
    "track": {"kind", "src", "srclang", "label", "default"},
    "ol": {"start", "reversed"},
    "details": {"open"},
    "a": {
        "href",
        "hreflang",
        "rel",
        "download",
        "data-yaw",
        "data-pitch",
    },  # the calendar: rel=prev/next between months, .ics to download; a panorama's hotspots
    "div": {"data-panorama"},  # the picture a panorama viewer opens
    "time": {"datetime"},
    "th": {*nh3.ALLOWED_ATTRIBUTES.get("th", ()), "abbr"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _attribute(element: str, name: str, value: str) -> str | None:
    # Ids the theme relies on (__config, __search...) cannot be taken over from an exhibit.
    if name == "id" and value.startswith("__"):
        return None
    if element in _PLAYED and name in ("src", "poster") and not _local(value):
        return None  # media plays from the hall's own files, never from another site
    if name == "data-panorama" and not _local(value):
        return None  # and so do panoramas
    if name in ("data-yaw", "data-pitch") and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return None
    return value


_PLAYED = {"audio", "video", "source", "track"}


def _local(url: str) -> bool:
    """A relative address: no scheme (http:, data:), not another host (//), not the site's root."""
    return not re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|[/\\])", url)


# Made once: nh3.clean would convert these settings for Ammonia again for each of a build's 10,000 pages.
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    attribute_filter=_attribute,
    link_rel=None,
)


def clean(fragment: str) -> str:
    return _CLEANER.clean(fragment)
