"""Material's page around each of our pages, rendered once per kind of page and then filled in.

Material spends about 8 ms of Jinja on every page, and for ten thousand exhibits nearly all of it is the
same every time: header, tabs, navigation, footer. A *frame* is Material's output for a stand-in page whose
own fields (title, description, address, head, table of contents, content) are markers; a page is then its
frame with the markers replaced, which is a string join.

What the markers cannot carry is the frame's key: the page itself when it is in the navigation (its entry
is the active one), otherwise its folder (links are relative to it); the template; hidden sidebars; which optional fields are
there. Each marker is searched for in every form Jinja's filters can give it (as is, `striptags`, `e`), and
a frame that still holds a marker in another form is refused (`FrameError`).
tests/test_frames.py builds the sample hall both ways, through Material page by page and through frames,
and requires the same bytes.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from dataclasses import dataclass
from itertools import takewhile
from typing import Callable

from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from hall.model.problems import HallError

_NONCE = secrets.token_hex(6)
# Each marker has an entity and a double space, so that as-is, `striptags`, `e` and `striptags | e` all differ.
MARKERS = {
    field: f"hall{_NONCE}{field}&amp;  x"
    for field in ("title", "meta_title", "description", "head", "canonical", "edit", "toc")
}
SKIP = f"hall{_NONCE}skip"  # the stand-in first heading's id
CONTENT = f"hall{_NONCE}content"
FIXED_META = (
    "title",
    "description",
    "head",
)  # meta values that are fields; every other meta value is in the key
TRANSFORMS: dict[str, Callable[[str], str]] = {
    "as is": lambda v: v,
    "striptags": lambda v: Markup(v).striptags(),
    "e": lambda v: str(escape(v)),
    "striptags|e": lambda v: str(escape(Markup(v).striptags())),
}
TOC = '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}'


class FrameError(HallError):
    """The theme shows a page's field in a form the frames do not know (a changed theme template): said in Chinese,
    and the build stops, as a page rendered wrongly would be worse."""

    then = (
        "网站没有更新。如果改过主题（mkdocs.yml 的 theme: custom_dir，或 hall/theme 里的模板），请把这一处改回；"
        "没有改过，请把这段话告诉维护本馆程序的人。"
    )


@dataclass(frozen=True)
class Frame:
    texts: tuple[str, ...]  # text, then a slot, text, slot ... text
    slots: tuple[tuple[str, Callable[[str], str]], ...]  # (field, transform) between texts

    def fill(self, values: dict[str, str]) -> str:
        out = [self.texts[0]]
        for (field, transform), text in zip(self.slots, self.texts[1:]):
            out += (transform(values[field]), text)
        return "".join(out)


def _effective_toc(toc) -> list:
    """What the toc partial lists: a lone level-1 heading's children (Material's rule)."""
    first = next(iter(toc), None)
    return first.children if first is not None and first.level == 1 else list(toc)


class Frames:
    """Frames for one build: `page(p)` renders a populated MkDocs page (meta read, Markdown rendered)."""

    def __init__(self, env, config, nav, files):
        self.env, self.config, self.nav = env, config, nav
        self.files = (
            files.documentation_pages()
        )  # once: get_context would list them again for every page
        self.in_nav = {id(p) for p in nav.pages}
        self.nav_urls = sorted({p.url for p in nav.pages})
        self.toc_template = env.from_string(TOC)
        self.frames: dict[tuple, Frame] = {}
        self.tocs: dict[tuple, str] = {}

    def page(self, p: Page) -> str:
        values = self._values(p)
        key = self._key(p, values)
        frame = self.frames.get(key)
        if frame is None:
            frame = self.frames[key] = self._frame(p, values)
        return frame.fill(values)

    def _links_from(self, folder: str) -> tuple:
        """What decides the links a page outside the navigation writes: they are relative, and a link goes up from
        its folder to the first folder it shares with where it leads, then down (from people/a/, people/ is ../
        but artifacts/ is ../../artifacts/). So pages at the same depth under the same top folder that share as
        many folders with each page of the navigation write the same links (trades/a/2/ and trades/b/2/); what
        else a frame links to is outside their top folder."""
        parts = folder.split("/")[:-1]
        shared = tuple(len(_common(parts, url.split("/"))) for url in self.nav_urls)
        return len(parts), tuple(parts[:1]), shared

    def _context(self, p: Page) -> dict:
        return get_context(self.nav, self.files, self.config, p)

    def _toc(self, p: Page) -> str:
        """The toc partial for `p`. For a page outside the navigation it shows nothing but the headings, which
        most exhibits' stories share (the headings `hall new` writes): rendered once for each set of them."""
        if id(p) in self.in_nav or p.parent is not None:
            return self.toc_template.render(self._context(p))
        key = _toc_key(p.toc)
        toc = self.tocs.get(key)
        if toc is None:
            toc = self.tocs[key] = self.toc_template.render(self._context(p))
        return toc

    def _values(self, p: Page) -> dict[str, str]:
        toc = list(p.toc)
        values = {
            "title": p.title,
            "meta_title": p.meta.get("title"),
            "description": p.meta.get("description"),
            "head": p.meta.get("head"),
            "canonical": p.canonical_url,
            "edit": p.edit_url,
            "toc": self._toc(p) if _effective_toc(toc) else None,
            "content": p.content,
        }
        return {k: str(v) for k, v in values.items() if v is not None}

    def _key(self, p: Page, values: dict[str, str]) -> tuple:
        folder = p.url if p.url.endswith("/") or not p.url else posixpath.dirname(p.url) + "/"
        where = p.url if id(p) in self.in_nav else self._links_from(folder)
        toc = list(p.toc)
        rest = tuple(sorted((k, repr(v)) for k, v in p.meta.items() if k not in FIXED_META))
        return (
            where,
            tuple(sorted(values)),
            bool(toc),
            toc[0].level if toc else None,
            "<h1" in p.content,
            rest,
        )

    def _frame(self, p: Page, values: dict[str, str]) -> Frame:
        """Render Material for `p` with markers in its fields, then cut the output at the markers."""
        saved, saved_meta = dict(p.__dict__), dict(p.meta)
        toc = list(p.toc)
        try:
            p.title = MARKERS["title"] if "title" in values else None
            p.meta = {
                **saved_meta,
                **{
                    k: MARKERS[f]
                    for k, f in (
                        ("title", "meta_title"),
                        ("description", "description"),
                        ("head", "head"),
                    )
                    if f in values
                },
            }
            p.canonical_url = MARKERS["canonical"] if "canonical" in values else None
            p.edit_url = MARKERS["edit"] if "edit" in values else None
            p.content = CONTENT + ("<h1" if "<h1" in values["content"] else "")
            stand_in = []
            if toc:  # a first heading of the same level, with a listed heading under it when there is one to list
                stand_in = [AnchorLink(MARKERS["toc"], SKIP, toc[0].level)]
                if toc[0].level == 1 and _effective_toc(toc):
                    stand_in[0].children = [AnchorLink(MARKERS["toc"], "x", 2)]
            p.toc = TableOfContents(stand_in)
            forms = {self._toc(p): ("toc", TRANSFORMS["as is"])} if "toc" in values else {}
            forms[p.content] = ("content", TRANSFORMS["as is"])
            for field in ("title", "meta_title", "description", "head", "canonical", "edit"):
                if field in values:
                    for transform in TRANSFORMS.values():
                        forms.setdefault(transform(MARKERS[field]), (field, transform))
            self.config._current_page = p
            p.active = True
            output = self.env.get_template(saved_meta.get("template", "main.html")).render(
                self._context(p)
            )
        finally:
            p.active = False  # also deactivates the sections above it
            p.__dict__.clear()
            p.__dict__.update(saved)
            self.config._current_page = None
        return _cut(output, forms)


def _common(a: list[str], b: list[str]) -> list[str]:
    """The leading folders two paths share."""
    return list(takewhile(lambda pair: pair[0] == pair[1], zip(a, b)))


def _toc_key(items) -> tuple:
    """Everything of each heading the toc partial may show (title, address, level, a plugin's additions)."""
    return tuple(
        (
            tuple(sorted((k, repr(v)) for k, v in vars(item).items() if k != "children")),
            _toc_key(item.children),
        )
        for item in items
    )


def _cut(output: str, forms: dict[str, tuple[str, Callable]]) -> Frame:
    pattern = re.compile(
        "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) or "(?!)"
    )
    texts, slots, start = [], [], 0
    for match in pattern.finditer(output):
        texts.append(output[start : match.start()])
        slots.append(forms[match.group(0)])
        start = match.end()
    texts.append(output[start:])
    leftover = next((t for t in texts if _NONCE in t), None)
    if leftover is not None:
        at = leftover.index(_NONCE)
        raise FrameError(
            "主题模板用本馆不认识的方式显示了页面的字段（标题、说明等），在这里："
            f"…{leftover[max(0, at - 80) : at + 40]}…"
        )
    return Frame(tuple(texts), tuple(slots))
