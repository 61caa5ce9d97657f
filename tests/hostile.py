"""What counts as unsafe in a built page: the rules the hostile-exhibit tests hold every page to."""
from __future__ import annotations

import re
from html.parser import HTMLParser

DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href"}
# Elements that must never come out of a curator's content.
CONTENT_FORBIDDEN = {"script", "iframe", "frame", "object", "embed", "applet", "form", "input", "button", "textarea",
                     "select", "base", "meta", "link", "style", "svg", "math", "template", "noscript", "portal"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def content_of(page: str) -> str:
    match = re.search(r'<article class="md-content__inner[^"]*">(.*)</article>', page, re.S)
    assert match, "no article in page"
    return match.group(1)


def unsafe(page: str, reference: str) -> list[str]:
    """Everything in `page` that could run script, load from elsewhere or take over the page.
    `reference` is a clean page at the same depth: the theme's own inline scripts are those it has."""
    problems = []
    doc = elements(page)
    for tag, attrs in doc.found:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>: event handler")
            if name in URL_ATTRIBUTES and value and DANGEROUS_SCHEME.search(value.replace("\x00", "")):
                problems.append(f"<{tag} {name}={value[:40]!r}>: dangerous URL")
            if name == "style":
                problems.append(f"<{tag} style>: inline style")
        if attrs.get("id") == "__config" and tag != "script":
            problems.append(f"<{tag} id=__config>: takes over the theme's config")
    known = set(elements(reference).scripts)
    problems += [f"inline script not from the theme: {s[:60]!r}" for s in doc.scripts if s not in known]
    problems += [f"<{tag}> in the content" for tag, _ in elements(content_of(page)).found if tag in CONTENT_FORBIDDEN]
    return problems
