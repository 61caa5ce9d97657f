"""Reading a built site the way a browser and a search box would."""
from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from lunr.builder import Builder


class _Requests(HTMLParser):
    """URLs the browser would fetch on its own (not links the visitor may click)."""

    FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "srcset"),
               ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}

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
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]


def external_requests(site: Path) -> list[tuple[str, str]]:
    found = []
    for page in site.rglob("*.html"):
        parser = _Requests()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [(str(page.relative_to(site)), u) for u in parser.urls if re.match(r"^(https?:)?//", u)]
    for sheet in site.rglob("*.css"):
        found += [(str(sheet.relative_to(site)), u) for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", sheet.read_text(encoding="utf-8"))]
    return found


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class SearchIndex:
    """Material's search_index.json queried with lunr, as Material's search worker does:
    the same separator, field boosts and page boosts, each query term matched as a prefix."""

    def __init__(self, site: Path):
        data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        self.config, self.docs = data["config"], data["docs"]
        separator = re.compile(self.config["separator"])
        builder = Builder()
        builder.pipeline.reset()
        builder.search_pipeline.reset()
        builder.ref("location")
        for field, options in self.config["fields"].items():
            builder.field(field, boost=options["boost"])
        for doc in self.docs:
            # lunr.py's builder always splits on white space, so Material's separators become spaces
            text, title = (separator.sub(" ", re.sub(r"<[^>]+>", " ", doc[k])) for k in ("text", "title"))
            builder.add({"location": doc["location"], "title": title, "text": text, "tags": ""},
                        {"boost": doc.get("boost", 1)})
        self.index = builder.build()
        self.separator = separator

    def search(self, query: str) -> list[str]:
        """Locations of matching pages, best first."""
        terms = [t.lower() for t in self.separator.split(query) if t]
        query_ = self.index.create_query()
        for term in terms:
            query_.term(term, wildcard=query_.WILDCARD_TRAILING)
        pages = [r["ref"].split("#")[0] for r in self.index.query(query_)]
        return list(dict.fromkeys(pages))  # a page's sections count as the page, at its best rank

    def doc(self, location: str) -> dict:
        return next(d for d in self.docs if d["location"] == location)

