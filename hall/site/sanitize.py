"""Page HTML made safe to publish, whatever a curator pasted into an exhibit.

Every story's rendered HTML goes through nh3 on its own (hall.site.pages.Page.fill; nh3 is the maintained binding
of the Rust sanitizer Ammonia, bleach is deprecated): scripts, styles, iframes, forms, event handlers (`onclick`,
also from attr_list's `{ onclick=... }`), inline styles and `javascript:`/`data:` URLs are removed, while the
formatting exhibits use (tables, images, links, emphasis, Material's admonitions and grids, which are classes) is
kept. The templates' HTML around the stories is not cleaned again: every value in it is autoescaped, URLs are
http(s) by the schema and media are files of the exhibit's folder (E832), and the sample hall's pages come out as
the whole page cleaned would (tests/site/test_sanitize.py).
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
_SETTINGS = dict(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)
_CLEANER = nh3.Cleaner(**_SETTINGS, attribute_filter=_attribute)
# The filter keeps every other attribute as it is, and calling it back from Ammonia for each attribute was a
# fifth of sanitising a build: a fragment where it could judge nothing is cleaned without it. What could be
# judged, found by a superset (three searches: each is a quick scan, one pattern with all three is slower):
# an attribute value that may start with "__" once its entities are read (an id the theme relies on), a media
# element, a panorama attribute (case aside, the parser reads these names only as written).
_UNFILTERED = nh3.Cleaner(**_SETTINGS)
_JUDGED = (
    re.compile(r"=[\s\"']*(?:__|_?&)"),
    re.compile(r"<(?:audio|video|source|track)\b", re.I),
    re.compile(r"-(?:panorama|yaw|pitch)", re.I),
)


def judged(fragment: str) -> bool:
    return any(pattern.search(fragment) for pattern in _JUDGED)


def clean(fragment: str) -> str:
    return (_CLEANER if judged(fragment) else _UNFILTERED).clean(fragment)
