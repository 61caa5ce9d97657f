"""What counts as unsafe in a built page: the rules the hostile-exhibit tests hold every page to."""

from __future__ import annotations

import re
from html.parser import HTMLParser

DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
}
# Elements that must never come out of a curator's content.
CONTENT_FORBIDDEN = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "template",
    "noscript",
    "portal",
}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []  # inline scripts that run
        self.data_blocks: list[
            str
        ] = []  # JSON-LD: data, but it must not be able to close its element
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.found.append((tag, attrs))
        kind = attrs.get("type") or "text/javascript"
        self._script = (
            None
            if tag != "script"
            else "data"
            if kind == "application/ld+json"
            else "run"
            if kind in ("text/javascript", "module")
            else None
        )

    def handle_endtag(self, tag):
        self._script = None

    def handle_data(self, data):
        if self._script == "run":
            self.scripts.append(data)
        elif self._script == "data":
            self.data_blocks.append(data)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


# the page's QR code (hall.site.qr.on_page), drawn from numbers: the one SVG a page may hold, and only in this shape
QR_DRAWN = re.compile(
    r'<svg role="img" aria-label="本页二维码" xmlns="http://www\.w3\.org/2000/svg" viewBox="0 0 \d+ \d+">'
    r'<path stroke="#000" d="[Mmh0-9 .-]+"/></svg>'
)


def content_of(page: str) -> str:
    """The article a page shows, without its QR code."""
    match = re.search(r'<article class="md-content__inner[^"]*">(.*)</article>', page, re.S)
    assert match, "no article in page"
    return QR_DRAWN.sub("", match.group(1))


def unsafe(page: str, reference: str) -> list[str]:
    """Everything in `page` that could run script, load from elsewhere or take over the page.
    `reference` is a clean page at the same depth: the theme's own inline scripts are those it has."""
    problems = []
    doc = elements(page)
    for tag, attrs in doc.found:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>: event handler")
            if (
                name in URL_ATTRIBUTES
                and value
                and DANGEROUS_SCHEME.search(value.replace("\x00", ""))
            ):
                problems.append(f"<{tag} {name}={value[:40]!r}>: dangerous URL")
            if name == "style":
                problems.append(f"<{tag} style>: inline style")
        if attrs.get("id") == "__config" and tag != "script":
            problems.append(f"<{tag} id=__config>: takes over the theme's config")
    problems += [
        f"JSON-LD that could end its script element: {d[:60]!r}"
        for d in doc.data_blocks
        if "<" in d
    ]
    known = set(elements(reference).scripts)
    problems += [
        f"inline script not from the theme: {s[:60]!r}" for s in doc.scripts if s not in known
    ]
    problems += [
        f"<{tag}> in the content"
        for tag, _ in elements(content_of(page)).found
        if tag in CONTENT_FORBIDDEN
    ]
    return problems
