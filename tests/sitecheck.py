"""Reading a built site the way a browser and a search box would."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Requests(HTMLParser):
    """URLs the browser would fetch on its own (not links the visitor may click)."""

    FETCHED = {
        ("script", "src"),
        ("img", "src"),
        ("img", "srcset"),
        ("source", "srcset"),
        ("iframe", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("source", "src"),
        ("track", "src"),
        ("video", "poster"),
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        rel = dict(attrs).get("rel") or ""
        if tag == "link" and rel not in ("canonical", "alternate", "search"):
            attrs = [(("link-fetched" if n == "href" else n), v) for n, v in attrs]
        for name, value in attrs:
            if name == "link-fetched" and value and re.match(r"^(https?:)?//", value):
                self.urls.append(value)
            if (tag, name) in self.FETCHED and value:
                self.urls += (
                    [part.strip().split(" ")[0] for part in value.split(",")]
                    if "srcset" in name
                    else [value]
                )


def external_requests(site: Path) -> list[tuple[str, str]]:
    found = []
    for page in site.rglob("*.html"):
        parser = _Requests()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [
            (str(page.relative_to(site)), u) for u in parser.urls if re.match(r"^(https?:)?//", u)
        ]
    for sheet in site.rglob("*.css"):
        found += [
            (str(sheet.relative_to(site)), u)
            for u in re.findall(
                r"url\(['\"]?((?:https?:)?//[^)'\"]+)", sheet.read_text(encoding="utf-8")
            )
        ]
    return found


class _Links(HTMLParser):
    """Every URL a page points at (links and the files it loads) and every id a fragment can point at."""

    URL_ATTRS = {"href", "src", "poster", "action"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name in self.URL_ATTRS or (tag == "object" and name == "data"):
                self.urls.append(value.strip())


def parse_links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Links and resources of every page of a built site that lead nowhere, one "page: url (why)" each.
    Directory URLs mean their index.html; #fragments must be an id in the target page; external http(s),
    mailto: and tel: links are not followed; javascript: URLs are not allowed at all."""
    origin = "http://hall.invalid/"
    ids: dict[Path, set[str]] = {}
    problems = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        parsed = parse_links(page)
        ids[page] = parsed.ids
        for url in parsed.urls:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "javascript":
                problems.append(f"{rel}: {url} (javascript: URL)")
                continue
            if scheme in ("http", "https", "mailto", "tel", "data") or url.startswith("//"):
                continue
            if scheme:
                problems.append(f"{rel}: {url} (unexpected URL scheme)")
                continue
            target_url = urlsplit(urljoin(origin + rel, url))
            target = site / unquote(target_url.path).lstrip("/")
            if target_url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(
                    f"{rel}: {url} (no such file: {target.relative_to(site).as_posix()})"
                )
            elif target_url.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse_links(target).ids
                if unquote(target_url.fragment) not in ids[target]:
                    problems.append(
                        f'{rel}: {url} (no id="{unquote(target_url.fragment)}" in '
                        f"{target.relative_to(site).as_posix()})"
                    )
    return problems


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def parse_headers_file(text: str) -> dict[str, str]:
    """The headers a `_headers` file sets for every path."""
    return dict(line.strip().split(": ", 1) for line in text.splitlines() if line.startswith("  "))


def search_docs(site: Path) -> list[dict]:
    """What the search shows of every exhibit, page and event: search/d/<n>.js, a few documents each."""
    return [
        doc
        for p in sorted((site / "search" / "d").glob("*.js"))
        for doc in json.loads(
            re.fullmatch(r"hallSearch\.d\(\d+,(.*)\);\n", p.read_text(encoding="utf-8"))[1]
        )
    ]
