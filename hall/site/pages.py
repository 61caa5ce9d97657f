"""The pages of the site as Markdown with HTML blocks, rendered from Jinja templates.

Every front-matter value is HTML-escaped by the templates (autoescape); the story body is
Markdown, inserted as written, and goes through MkDocs and then the sanitizer (hall.site.sanitize). Links are relative, so the site also works opened from disk.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property, partial
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Callable

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from hall.files import write_whole
from hall.model import activities, events, exhibition, lineage, media
from hall.model.events import Calendar, day_label, month_slug, month_weeks
from hall.model.exhibit import Exhibit, Hall
from hall.model.schema import GRADE_BANDS, KIND_LABELS, TASK_GROUPS, Image
from hall.model.vocab import Vocabulary
from hall.site import qr
from hall.site.gallery import FACET_NAMES, Galleries, Gallery, timeline, walk
from hall.site.images import Picture
from hall.site.opendata import event_json_ld, json_ld, ld_json, museum_json_ld
from hall.site.qr import page_url

DEFAULT_INTRO = (
    "这里展示劳动模范、能工巧匠和模范集体的事迹与作品。可以按年代、荣誉、行业和地区参观，"
    "也可以直接搜索姓名、拼音、地名或技艺。"
)
FACET_INTROS = {
    "eras": "按荣誉所在的历史时期参观。",
    "trades": "按国民经济行业门类（GB/T 4754—2017）参观，另设传统工艺厅。",
    "honors": "按最高荣誉的级别参观；每个级别下按荣誉称号分厅。",
    "regions": "按省、市、县参观，每一级展厅都包含下级地区的展品。",
    "categories": "按匠品类别参观。",
}
CHILDREN_LABELS = {"honors": "荣誉称号", "regions": "下级地区"}
LINEAGE = "lineage/"  # the 传承 page: mentors and their apprentices, generation by generation


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str = ""  # the public address; QR codes need it
    intro: str = ""
    directory_urls: bool = True
    today: date | None = (
        None  # the day events are seen from (hall.model.events.today); None: the day of the build
    )
    description: str = ""  # mkdocs.yml's site_description


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
STORY = "\x00story\x00"  # where a curator's story goes in a template's output
_NONCE = secrets.token_hex(8)  # story markers no curator can write


def story_marker(i: int) -> str:
    return f"<!--hall-{_NONCE}-{i}-->"


STORY_MARKERS = re.compile(f"(<!--hall-{_NONCE}-[0-9]+-->)")  # every story_marker, as a group
CARD_ROOT = f"hall{_NONCE}root"  # a card's links lead from here: replaced by each page's root


@dataclass(frozen=True)
class Planned:
    """A page to be made when it is written: its source path, whether the navigation lists it, its maker.
    A list's page also says what it shows (`shows`: its exhibits in order, counts, headings...) and whose cards
    (`members`, slugs): serve remakes it only when one of those changed (hall.engine.preview)."""

    src_uri: str
    in_nav: bool
    make: Callable[[], "Page"]
    shows: tuple | None = None
    members: frozenset[str] = frozenset()

    @classmethod
    def made(cls, page: "Page") -> "Planned":
        return cls(page.src_uri, page.in_nav, lambda: page)

    def made_now(self) -> "Planned":
        """The page made at once (a page in the navigation: every page shows its title)."""
        page = self.make()
        return replace(self, make=lambda: page)


PER_PAGE = 60  # cards on one page of a list or gallery: a page a phone opens quickly (README: 分页)
TIMELINE_PER_PAGE = 300  # honors on one page of the timeline (a year is never cut in two)


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list is, among how many: the first at the list's own address, then 2/, 3/…"""

    folder: str  # the list's address, e.g. people/ or eras/1978-2011/
    number: int = 1
    total: int = 1

    def url(self, number: int) -> str:
        return self.folder if number == 1 else f"{self.folder}{number}/"

    @property
    def src_uri(self) -> str:
        return f"{self.url(self.number)}index.md"

    def title(self, title: str) -> str:
        """A page's title: the list's own on its first page, with the page number on the others (each page has
        a title of its own, in the browser's tabs and history and in search engines)."""
        return title if self.number == 1 else f"{title}（第 {self.number} 页）"

    def numbers(self) -> list[int | None]:
        """The page numbers to link: the first, the last and two either side of this one; None for a gap."""
        near = sorted(
            {1, self.total, *range(max(1, self.number - 2), min(self.total, self.number + 2) + 1)}
        )
        shown: list[int | None] = []
        for n in near:
            if shown and n - shown[-1] > 1:
                shown.append(None)
            shown.append(n)
        return shown


def paged(folder: str, entries: list, per_page: int | None = None) -> list[tuple[Pager, list]]:
    """A long list cut into pages of `per_page` (PER_PAGE) entries; one page, maybe empty, for a short one."""
    per_page = per_page or PER_PAGE
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    return [(Pager(folder, n, len(chunks)), chunk) for n, chunk in enumerate(chunks, 1)]


@dataclass
class Page:
    src_uri: str  # e.g. people/chai-jinfu/index.md
    content: str  # what MkDocs converts: page meta, the curator's story, and placeholders
    in_nav: bool = False
    parts: tuple[
        str, ...
    ] = ()  # the templates' HTML, put back in place of the placeholders after Markdown

    @classmethod
    def of(
        cls, src_uri: str, rendered: str, story: str | tuple[str, ...] = "", in_nav: bool = False
    ) -> "Page":
        """Only a curator's story goes through Markdown. The HTML a template writes around it is set aside
        and put back after conversion (`fill`), so that Markdown does not parse thousands of cards' HTML
        for nothing. A page with several stories (an exhibition's introduction and units) gives them in
        the order of the template's STORY marks."""
        head = FRONT_MATTER.match(rendered)
        parts = tuple(rendered[head.end() :].split(STORY))
        stories = (story,) * (len(parts) - 1) if isinstance(story, str) else story
        content = (
            head.group(0)
            + story_marker(0)
            + "".join(f"\n\n{text}\n\n{story_marker(i)}" for i, text in enumerate(stories, 1))
        )
        return cls(src_uri, content, in_nav, parts)

    @property
    def stable_content(self) -> str:
        """The content without this run's story markers: the same page gives the same text in every build."""
        return self.content.replace(_NONCE, "")

    def fill(self, html: str, clean: Callable[[str], str]) -> str:
        """The converted page with the templates' HTML in place of its story markers, each story's HTML passed
        through `clean` (hall.site.sanitize.clean) on its own: only a curator's story can hold HTML of its own, and
        cleaned alone it cannot close or reach into the template's elements around it. The templates' HTML is
        ours, every value in it autoescaped, and the sanitiser leaves it as it is but for the QR code's SVG, drawn
        from numbers (tests/site/test_sanitize.py checks the sample hall's pages); cleaning it too was three
        quarters of the sanitiser's time (the cards of every gallery)."""
        pieces = STORY_MARKERS.split(html)  # text, marker, text ... text
        out = [clean(pieces[0]) if pieces[0] else ""]
        for marker, text in zip(pieces[1::2], pieces[2::2]):
            out += (self.parts[int(marker[:-3].rpartition("-")[2])], clean(text) if text else "")
        return "".join(out)


def meta(title: str, hide: list[str] | None = None, **fields: str) -> Markup:
    """A page's YAML meta: its title, hidden sidebars, and `description`, `head` (HTML for <head>, from
    `_head()`) and `template` when given. (Which pages search finds is hall.site.search's business, not the pages'.)"""
    # The theme prints meta values unescaped, so every value is HTML-escaped here, except `head`, which is
    # HTML already; as JSON strings they are valid YAML whatever the curator wrote.
    lines = [f"title: {_yaml(html.escape(title, quote=False))}"]
    if hide:
        lines.append("hide: [" + ", ".join(hide) + "]")
    lines += [
        f"{key}: {_yaml(value if key == 'head' else html.escape(value))}"
        for key, value in fields.items()
        if value
    ]
    return Markup("\n".join(lines))


# The lines `meta` writes: a known key and a JSON string, or what is hidden. What YAML would read otherwise stops the
# quick way: a character it refuses or takes as a line break (NEL, U+2028, U+2029), which JSON leaves as it is.
_META_KEYS = {"title", "description", "head", "template", "panorama"}
_HIDE = re.compile(r"hide: \[((?:navigation|toc)(?:, (?:navigation|toc))*)\]")
_NOT_YAML = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_meta(content: str) -> tuple[str, dict] | None:
    """A page's Markdown and meta as MkDocs reads them (mkdocs.utils.meta.get_data), for front matter `meta` wrote:
    its JSON strings and its list of what is hidden read without a YAML parser (a tenth of a millisecond a page
    there); None for any other front matter."""
    head = FRONT_MATTER.match(content)
    if head is None or _NOT_YAML.search(head.group(0)):
        return None
    data: dict = {}
    for line in head.group(0)[4:-5].split("\n"):
        key, _, value = line.partition(": ")
        if key in _META_KEYS and value.startswith('"') and value.endswith('"'):
            try:  # one JSON string, or not JSON after all
                data[key] = json.loads(value)
            except ValueError:
                return None
        elif hidden := _HIDE.fullmatch(line):
            data["hide"] = hidden.group(1).split(", ")
        else:
            return None
    return content[head.end() :].lstrip("\n"), data


def _times(first) -> str:
    """An event's hours on its page (10:00—11:30), when it is one day with hours."""
    if not first or first.all_day or first.last_day != first.first_day:
        return ""
    end = f"—{first.end:%H:%M}" if isinstance(first.end, datetime) else ""
    return f"{first.start:%H:%M}{end}"


def _head(title: str, description: str, og: dict[str, str | None], jsonld: str | None) -> str:
    """OpenGraph tags and schema.org JSON-LD (already escaped for a script element) for a page's <head>."""
    tags = {"title": title, "locale": "zh_CN", **og, "description": description}
    return "\n".join(
        [
            *(f'<meta property="og:{k}" content="{html.escape(v)}">' for k, v in tags.items() if v),
            *([f'<script type="application/ld+json">{jsonld}</script>'] if jsonld else []),
        ]
    )


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class _Compiled(BytecodeCache):
    """Templates compiled once per process (again when their source changes): serve makes a Renderer, and so
    an environment, on every save, and compiling the templates took a tenth of a second of it. With a `folder`
    (in the hall's cache), once for every build: a build in a new process spent half a second compiling."""

    def __init__(self, folder: Path | None = None):
        self.code: dict[str, tuple[str, object]] = {}
        self.folder = folder

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code
        elif self.folder is not None:
            try:  # Jinja's own check: its version, Python's, the template's checksum
                bucket.bytecode_from_string((self.folder / f"{bucket.key}.cache").read_bytes())
            except Exception:  # missing, or written by other code: compiled again
                bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is not None:
            with suppress(OSError):  # a cache: a full disk is no reason to fail here
                write_whole(self.folder / f"{bucket.key}.cache", bucket.bytecode_to_string())


def compiled_in(folder: Path | None) -> BytecodeCache:
    """Where the hall's templates (and a theme's, with the cache returned) are kept compiled (None: in memory)."""
    _COMPILED.folder = folder
    return _Compiled(folder)


_COMPILED = _Compiled()


def environment(**globals) -> Environment:
    """The Jinja environment of the hall's templates: autoescaped, strict about undefined names."""
    env = Environment(
        loader=PackageLoader("hall", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
        auto_reload=False,  # an environment lives for one build (serve makes one per save)
    )
    env.globals.update(meta=meta, **globals)
    return env


def render(env: Environment, site: SiteInfo, template: str, src_uri: str, **context) -> str:
    """A template for the page at `src_uri`, with `u(url)` and `media(name)` giving links relative to it,
    so the site also works opened from disk."""
    links = _links_from("../" * src_uri.count("/") or "./", site.directory_urls)
    return env.get_template(template).render(**links, **context)


def _links_from(root: str, directory_urls: bool) -> dict:
    """What a template links with: `root`, and `u(url)` and `media(name)` relative to it."""
    return dict(
        u=partial(_link, root, directory_urls), media=lambda name: f"{root}media/{name}", root=root
    )


class Renderer:
    def __init__(
        self,
        hall: Hall,
        galleries: Galleries,
        vocab: Vocabulary,
        pictures: dict[tuple[str, str], Picture],
        seals: dict[str, Picture],
        site: SiteInfo,
        cards: dict | None = None,
        codes: dict[str, str] | None = None,
    ):
        self.hall, self.galleries, self.vocab, self.pictures, self.seals = (
            hall,
            galleries,
            vocab,
            pictures,
            seals,
        )
        self.site = site
        # page address -> its QR code's SVG (hall.site.qr); the build's dict, filled before any page is made
        self.codes = codes if codes is not None else {}
        self.cards = (
            {} if cards is None else cards
        )  # serve passes its own, kept while the pictures stay the same
        self.env = environment(
            kinds=KIND_LABELS,
            grades=GRADE_BANDS,
            pic=self.pic,
            card_of=self.card_of,
            seal_of=lambda e: self.seals[e.initial],
            qr_code=lambda url: Markup(qr.on_page(self.codes[url])),
            place_of=self.place_of,
            iso=events.iso,
            day_label=day_label,
            slug=month_slug,
            pics=pictures,
            mime=media.mime,
        )
        self._card = (
            self.env.get_template("_macros.html")
            .make_module(_links_from(CARD_ROOT, site.directory_urls))
            .card
        )
        self.years = timeline(hall)  # every honor by year, and the undated ones
        self._ranked: dict[str, list[Exhibit]] = {}  # ranked()
        self.calendar = Calendar.of(hall.events, site.today or events.today())
        self.walk = exhibition.in_order(
            hall.of_kind(exhibition.KIND)
        )  # the exhibitions, as visitors go through them

    def card_of(self, e: Exhibit, root: str) -> Markup:
        """An exhibit's card (the `card` macro) for pages at `root`. A hall shows each exhibit in about ten
        galleries and lists, at two or three depths: the card is rendered once, with its links from CARD_ROOT,
        and given each page's root. A card shows only what the exhibit's own file and the pictures give."""
        made = self.cards.get(e.source.path)  # one per file: a new reading replaces it
        if made is None or made[0] is not e.source:
            made = self.cards[e.source.path] = (e.source, str(self._card(e)))
        return Markup(made[1].replace(CARD_ROOT, root))

    def pic(self, e: Exhibit, image: Image) -> Picture | None:
        return self.pictures.get((e.slug, image.src))

    def _render(self, template: str, src_uri: str, **context) -> str:
        return render(self.env, self.site, template, src_uri, **context)

    def plan(self) -> list[Planned]:
        """Every page of the hall, each made only when it is written (there can be ten thousand)."""
        plans = [self._home_plan()]
        for kind in KIND_LABELS:
            plans += self._kind_plans(kind)
        for facet, galleries in self.galleries.facets().items():
            tiles = tuple((g.url, g.name, len(g.exhibits)) for g in walk(galleries))
            plans.append(
                Planned(
                    f"{facet}/index.md",
                    facet != "categories",
                    partial(self.facet_index, facet, galleries),
                    shows=tiles,
                )
            )
            for g in walk(galleries):
                plans += self._gallery_plans(g)
        plans += self._timeline_plans()
        plans.append(
            Planned(
                "search/index.md",
                False,
                lambda: Page(
                    "search/index.md", f"---\n{meta('搜索', template='search.html')}\n---\n"
                ),
            )
        )
        plans += [
            Planned(f"{e.url}index.md", True, partial(self.free_page, e)) for e in self.hall.pages
        ]
        plans += self._calendar_plans()
        plans += self._lineage_plans()
        return plans + [self._exhibit_plan(e) for e in self.hall.exhibits]

    def plan_renamed(
        self, last: dict[str, Planned], renamed: list[Exhibit]
    ) -> dict[str, Planned] | None:
        """The plan after exhibits were renamed in place (serve), from the `last` one: the pages that order or
        name exhibits by name are planned anew (the home page, the lists and galleries showing them, the
        timeline, the 传承 pages, the pages of exhibitions and of people in a lineage). Every other page is
        made by the renderer that planned it, from the same hall and galleries: its pages show what they did.
        None when a page would come or go (a rename moves no exhibit out of a list)."""
        again = [
            self._home_plan(),
            *self._timeline_plans(),
            *self._lineage_plans(),
        ]
        for kind in {e.kind: None for e in renamed}:
            again += self._kind_plans(kind)
        for g in {id(g): g for e in renamed for g in self.galleries.of_exhibit(e)}.values():
            again += self._gallery_plans(g)
        again += [
            self._exhibit_plan(e)
            for e in self.hall.exhibits
            if e.kind == exhibition.KIND or e.mentors or e.apprentices
        ]
        cut = ("timeline/", LINEAGE)  # the parts whose pages are counted anew
        if any(p.src_uri not in last for p in again) or {
            p.src_uri for p in again if p.src_uri.startswith(cut)
        } != {uri for uri in last if uri.startswith(cut)}:
            return None
        return last | {p.src_uri: p for p in again}

    def _exhibit_plan(self, e: Exhibit) -> Planned:
        """An exhibit's page; an exhibition's also shows its neighbours' titles and its exhibits' cards."""
        if (
            e.mentors or e.apprentices
        ):  # its link into the 传承 page moves when that page is cut anew
            return Planned(
                f"{e.url}index.md",
                False,
                partial(self.exhibit, e),
                shows=self.lineage_urls(e),
                members=frozenset(x.slug for x in lineage.linked(e)),
            )
        if e.kind != exhibition.KIND:
            return Planned(f"{e.url}index.md", False, partial(self.exhibit, e))
        around = tuple((x.url, x.title) if x else None for x in self.neighbours(e))
        return Planned(
            f"{e.url}index.md",
            False,
            partial(self.exhibit, e),
            shows=around,
            members=frozenset(x.slug for x in e.uses),
        )

    @cached_property
    def lineages(self) -> list[tuple[Pager, list[lineage.Node]]]:
        """The 传承 page's lineages, one from each first mentor, cut into pages."""
        if not lineage.has_ties(self.hall):
            return []
        return paged(LINEAGE, [lineage.tree(root) for root in lineage.roots(self.hall)])

    def lineage_urls(self, e: Exhibit) -> tuple[tuple[str, str], ...]:
        """Where the 传承 page shows each lineage a person is in: its first mentor's name, and the page and
        anchor of that lineage (the page alone in a circle, which has no first mentor)."""
        urls = tuple(
            (root.title, f"{pager.url(pager.number)}#{root.slug}")
            for root in lineage.roots_of(e)
            if (pager := self._lineage_pagers.get(root.slug))
        )
        return urls or (("", LINEAGE),)

    @cached_property
    def _lineage_pagers(self) -> dict[str, Pager]:
        """Each lineage's first mentor -> the page of the 传承 page showing it."""
        return {t.person.slug: pager for pager, trees in self.lineages for t in trees}

    def _lineage_plans(self) -> list[Planned]:
        return [
            Planned(
                pager.src_uri,
                pager.number == 1,
                partial(self.lineage_page, pager, trees),
                shows=(pager.total, tuple(map(_shape, trees))),
                members=frozenset().union(*(t.slugs() for t in trees)),
            )
            for pager, trees in self.lineages
        ]

    def lineage_page(self, pager: Pager, trees: list) -> Page:
        return Page.of(
            pager.src_uri,
            self._render("lineage.md", pager.src_uri, pager=pager, trees=trees),
        )

    def neighbours(self, e: Exhibit) -> tuple[Exhibit | None, Exhibit | None]:
        """The exhibitions before and after this one."""
        i = self.walk.index(e)
        return (self.walk[i - 1] if i else None), (
            self.walk[i + 1] if i + 1 < len(self.walk) else None
        )

    def _kind_plans(self, kind: str) -> list[Planned]:
        title, intro, entries, index = self._kind_entries(kind)
        plans = []
        for pager, chunk in paged(f"{kind}/", entries):
            listed = index if pager.number == 1 else None
            indexed = (
                tuple((group, tuple(e.slug for e in items)) for group, items in listed[1])
                if listed
                else ()
            )
            plans.append(
                Planned(
                    pager.src_uri,
                    pager.number == 1,
                    partial(self.kind_list, kind, title, intro, pager, chunk, listed),
                    shows=(pager.total, tuple((group, e.slug) for group, e in chunk), indexed),
                    members=frozenset(e.slug for _, e in chunk)
                    | {x for _, xs in indexed for x in xs},
                )
            )
        return plans

    def _gallery_plans(self, g: Gallery) -> list[Planned]:
        head = (
            g.name,
            g.intro,
            tuple(x.name for x in g.trail),
            tuple(Counter(e.kind for e in g.exhibits).items()),
            tuple((c.url, c.name, len(c.exhibits)) for c in g.children),
        )
        plans = []
        for pager, chunk in paged(g.url, g.exhibits):
            slugs = tuple(e.slug for e in chunk)
            plans.append(
                Planned(
                    pager.src_uri,
                    g.facet == "eras" and pager.number == 1,
                    partial(self.gallery, g, pager, chunk),
                    shows=(head, pager.total, slugs),
                    members=frozenset(slugs),
                )
            )
        return plans

    @cached_property
    def kinds(self) -> dict[str, list[Exhibit]]:
        """The hall's exhibits by kind, in one pass: the home page and the lists each count or list several."""
        found: dict[str, list[Exhibit]] = {}
        for e in self.hall.exhibits:
            found.setdefault(e.kind, []).append(e)
        return found

    def ranked(self, kind: str) -> list[Exhibit]:
        """A kind's exhibits by rank (honor level, then pinyin), sorted once."""
        if kind not in self._ranked:
            self._ranked[kind] = sorted(self.kinds.get(kind, ()), key=attrgetter("rank"))
        return self._ranked[kind]

    @cached_property
    def featured(self) -> list[Exhibit]:
        """The home page's 推荐展品: those the curators chose, then the highest ranked people, eight at least."""
        chosen = [e for e in self.hall.exhibits if e.meta.featured]
        return (chosen + [e for e in self.ranked("people") if e not in chosen])[
            : max(8, len(chosen))
        ]

    @cached_property
    def stats(self) -> dict[str, int]:
        years, _ = self.years
        return {
            **{k: len(self.kinds.get(k, ())) for k in KIND_LABELS},
            "honors": sum(len(e.honors) for e in self.hall.exhibits),
            "years": len(years),
        }

    def _home_plan(self) -> Planned:
        """The home page, with what it shows of the hall (the visiting information and the hall's intro come
        from mkdocs.yml): counts, the galleries' tiles, the exhibitions, the next events, the featured cards."""
        g = self.galleries
        tiles = [
            (x.url, x.name, len(x.exhibits)) for x in [*g.eras, *g.honors, *g.trades, *g.regions]
        ]
        upcoming = self.calendar.upcoming(4)
        guide = self.guide()
        shown = [*self.walk, *self.featured, *(o.event for o in upcoming), *filter(None, [guide])]
        return Planned(
            "index.md",
            True,
            self.home,
            shows=(
                tuple(self.stats.items()),
                tuple(tiles),
                tuple(e.slug for e in shown),
                tuple((o.event.slug, o.start, o.end) for o in upcoming),
            ),
            members=frozenset(e.slug for e in shown),
        )

    def home(self) -> Page:
        featured, stats = self.featured, self.stats
        src = "index.md"
        visit = self.hall.visit
        intro = self.site.intro or DEFAULT_INTRO
        # shared in a chat app, the hall's address shows its name and what it is; a map app reads the Museum
        description = self.site.description or intro
        head = _head(
            self.site.name,
            description,
            {"type": "website", "url": self.site.url or None, "site_name": self.site.name},
            museum_json_ld(visit, self.site.url) if visit else None,
        )
        return Page.of(
            src,
            self._render(
                "home.md",
                src,
                site_name=self.site.name,
                intro=intro,
                description=description,
                stats=stats,
                featured=featured,
                galleries=self.galleries,
                head=head,
                has_events=bool(self.hall.events),
                upcoming=self.calendar.upcoming(4),
                visit=visit,
                guide=self.guide(),
                exhibitions=self.walk,
            ),
        )

    def guide(self) -> Exhibit | None:
        """The page that shows the visiting information (参观指南), to link to it."""
        return next((p for p in self.hall.pages if "参观信息" in p.meta.blocks), None)

    def place_of(self, e: Exhibit) -> str:
        """Where an event is: its own place, else the hall (with its address when mkdocs.yml gives one)."""
        if e.meta.place:
            return e.meta.place
        visit = self.hall.visit
        return (
            " ".join(x for x in (visit.name or self.site.name, visit.address_text) if x)
            if visit
            else self.site.name
        )

    def _kind_entries(self, kind: str):
        """A kind's list: its title, intro, (group heading, exhibit) in order, and maybe a compact index by
        another facet (on the first page)."""
        if kind == "people":
            return (
                "人物",
                "馆内全部劳模、工匠，按荣誉级别和姓名拼音排列。",
                [("", e) for e in self.ranked("people")],
                None,
            )
        if kind == "artifacts":
            return (
                "匠品",
                "能工巧匠的作品与技术革新成果，按类别陈列。",
                [(g.name, e) for g in self.galleries.categories for e in g.exhibits],
                None,
            )
        if kind == "collectives":
            collectives = self.ranked("collectives")
            return (
                "模范集体",
                "模范集体、劳模和工匠创新工作室。",
                [
                    (t, e)
                    for t in self.vocab.collective_types
                    for e in collectives
                    if e.meta.type == t
                ],
                None,
            )
        if kind == exhibition.KIND:
            return (
                "展览",
                "馆员按单元编排的展览：一个单元一个单元地参观，每件展品配有本单元的展签。",
                [("", e) for e in self.walk],
                None,
            )
        lessons = sorted(
            self.kinds.get("lessons", []),
            key=lambda e: (TASK_GROUPS.index(e.meta.task_group), e.pinyin),
        )
        return (
            "劳动课",
            "用馆内劳模、工匠的故事和作品上的劳动教育课，按年级段排列；"
            "每课有教学目标、教学环节、讨论问题和可打印的学习任务单。",
            [
                (label, e)
                for band, label in GRADE_BANDS.items()
                for e in lessons
                if e.meta.grade == band
            ],
            (
                "按任务群",
                [
                    (group, [e for e in lessons if e.meta.task_group == group])
                    for group in TASK_GROUPS
                    if any(e.meta.task_group == group for e in lessons)
                ],
            ),
        )

    def kind_list(self, kind: str, title: str, intro: str, pager: Pager, chunk, index=None) -> Page:
        """One page of a kind's list: cards under their groups' headings, and the index when given."""
        groups = [
            (group, [e for _, e in items]) for group, items in groupby(chunk, key=itemgetter(0))
        ]
        return Page.of(
            pager.src_uri,
            self._render(
                "kind.md",
                pager.src_uri,
                title=title,
                intro=intro,
                groups=groups,
                index=index,
                pager=pager,
                lineage=LINEAGE if kind == "people" and self.lineages else None,
            ),
        )

    def facet_index(self, facet: str, galleries: list[Gallery]) -> Page:
        src = f"{facet}/index.md"
        return Page.of(
            src,
            self._render(
                "facet.md",
                src,
                title=FACET_NAMES[facet] + "展厅",
                intro=FACET_INTROS[facet],
                galleries=galleries,
                nested=facet in CHILDREN_LABELS,
            ),
        )

    def gallery(self, gallery: Gallery, pager: Pager, chunk: list[Exhibit]) -> Page:
        src = pager.src_uri
        return Page.of(
            src,
            self._render(
                "gallery.md",
                src,
                gallery=gallery,
                facet_url=f"{gallery.facet}/",
                facet_name=FACET_NAMES[gallery.facet] + "展厅",
                shown=chunk,
                pager=pager,
                children_label=CHILDREN_LABELS.get(gallery.facet, "分厅"),
            ),
        )

    def _timeline_plans(self) -> list[Planned]:
        """The timeline's pages: whole years, about TIMELINE_PER_PAGE honors a page, the undated ones last."""
        years, undated = self.years
        chunks: list[list] = [[]]
        count = 0
        for year, entries in years:
            if chunks[-1] and count + len(entries) > TIMELINE_PER_PAGE:
                chunks.append([])
                count = 0
            chunks[-1].append((year, entries))
            count += len(entries)
        where = tuple((year, n) for n, chunk in enumerate(chunks, 1) for year, _ in chunk)
        plans = []
        for n, chunk in enumerate(chunks, 1):
            pager, last = Pager("timeline/", n, len(chunks)), undated if n == len(chunks) else []
            shown = tuple(
                (year, e.slug, h.title)
                for year, entries in [*chunk, (None, last)]
                for e, h in entries
            )
            plans.append(
                Planned(
                    pager.src_uri,
                    n == 1,
                    partial(self.timeline, pager, chunk, last, where),
                    shows=(where, bool(undated), shown),
                    members=frozenset(slug for _, slug, _ in shown),
                )
            )
        return plans

    def timeline(self, pager: Pager, years, undated, where) -> Page:
        return Page.of(
            pager.src_uri,
            self._render(
                "timeline.md",
                pager.src_uri,
                pager=pager,
                years=years,
                undated=undated,
                where=where,
                undated_anywhere=bool(self.years[1]),
            ),
        )

    def _calendar_plans(self) -> list[Planned]:
        """The events' pages: the calendar (upcoming dates, months), a page per month, the archive, each event."""
        if not self.hall.events:
            return []
        months = self.calendar.months()
        plans = [
            Planned("events/index.md", True, partial(self.calendar_page, "index", "活动")),
            Planned(
                "events/archive/index.md", False, partial(self.calendar_page, "archive", "往期活动")
            ),
        ]
        for i, ((year, month), items) in enumerate(months):
            around = (
                months[i - 1][0] if i else None,
                months[i + 1][0] if i + 1 < len(months) else None,
            )
            plans.append(
                Planned(
                    f"events/{month_slug(year, month)}/index.md",
                    False,
                    partial(self.month, year, month, items, around),
                )
            )
        return plans + [
            Planned(
                f"{e.url}index.md",
                False,
                partial(self.event, e),
                shows=(),
                members=frozenset(x.slug for x in e.uses + e.lessons),
            )
            for e in self.hall.events
        ]

    def calendar_page(self, mode: str, title: str) -> Page:
        src = "events/index.md" if mode == "index" else "events/archive/index.md"
        past = self.calendar.past()
        month = lambda o: (o.first_day.year, o.first_day.month)  # noqa: E731
        groups = [(key, list(items)) for key, items in groupby(past, key=month)]
        return Page.of(
            src,
            self._render(
                "calendar.md",
                src,
                mode=mode,
                title=title,
                upcoming=self.calendar.upcoming(),
                months=self.calendar.months(),
                groups=groups,
            ),
        )

    def month(self, year: int, month: int, items: list, around: tuple) -> Page:
        """A month as a table of its days, and its dates listed by day: what goes on from the month before is
        listed on the 1st; a day of the table links to where its dates are listed."""
        src = f"events/{month_slug(year, month)}/index.md"
        first, weeks = date(year, month, 1), month_weeks(year, month)
        listed = lambda o: max(o.first_day, first)  # noqa: E731
        by_day: dict[date, list] = {}
        for o in items:
            for day in (d for week in weeks for d in week if d and listed(o) <= d <= o.last_day):
                by_day.setdefault(day, []).append(o)
        anchors = {
            day: day if any(listed(o) == day for o in on) else listed(on[0])
            for day, on in by_day.items()
        }
        days = [
            (day, [o for o in items if listed(o) == day])
            for day in sorted({listed(o) for o in items})
        ]
        return Page.of(
            src,
            self._render(
                "calendar.md",
                src,
                mode="month",
                title=f"{year}年{month}月的活动",
                year=year,
                month=month,
                items=items,
                weeks=weeks,
                by_day=by_day,
                anchors=anchors,
                days=days,
                before=around[0],
                after=around[1],
            ),
        )

    def free_page(self, e: Exhibit) -> Page:
        src = f"{e.url}index.md"
        visit = self.hall.visit if "参观信息" in e.meta.blocks else None
        url = page_url(self.site.url, e.url) if self.site.url else None
        jsonld = (
            museum_json_ld(visit, self.site.url) if visit else _web_page(e, url, self.site.name)
        )
        description = e.meta.summary or ""
        head = meta(
            e.title,
            description=description,
            head=_head(
                e.title,
                description,
                {"type": "website", "url": url, "site_name": self.site.name},
                jsonld,
            ),
        )
        return Page.of(
            src,
            self._render(
                "page.md",
                src,
                e=e,
                head=head,
                body=Markup(STORY),
                visit=visit,
                contact=self.hall.visit,
                upcoming=self.calendar.upcoming(6),
            ),
            e.story,
        )

    def event(self, e: Exhibit) -> Page:
        src = f"{e.url}index.md"
        m = e.meta
        url = page_url(self.site.url, e.url) if self.site.url else None
        lead_picture = self.pic(e, e.images[0]) if e.images else None
        image = (
            page_url(self.site.url, f"media/{lead_picture.largest.fallback}")
            if lead_picture and url
            else None
        )
        description = m.summary or f"{m.type}：{e.occurrences[0].label() if e.occurrences else ''}"
        head = meta(
            e.title,
            description=description,
            head=_head(
                e.title,
                description,
                {"type": "article", "url": url, "image": image, "site_name": self.site.name},
                event_json_ld(e, self.place_of(e), url, image, self.site.name),
            ),
        )
        upcoming = self.calendar.upcoming(1, of=e)
        first = e.occurrences[0] if e.occurrences else None
        status = m.status if m.status and (m.status in ("已取消", "已结束") or upcoming) else None
        return Page.of(
            src,
            self._render(
                "event.md",
                src,
                e=e,
                m=m,
                head=head,
                body=Markup(STORY),
                qr_url=url,
                dates=e.occurrences,
                next=upcoming[0] if upcoming else None,
                rule=events.describe(m.rrule, first.start) if m.rrule and first else None,
                times=_times(first),
                status=status,
                booking=m.booking,
                phone=self._booking_phone(m.booking),
                ics=f"{e.slug}.ics",
                today=self.calendar.today,
                lead=e.images[0] if e.images else None,
                more_images=e.images[1:],
            ),
            e.story,
        )

    def _booking_phone(self, booking) -> str | None:
        """The number an event's booking gives, or else the hall's booking number."""
        if not booking:
            return None
        if booking.phone:
            return booking.phone
        visit = self.hall.visit
        return visit.info.booking.phone if visit and visit.info.booking else None

    def exhibit(self, e: Exhibit) -> Page:
        src = f"{e.url}index.md"
        url = page_url(self.site.url, e.url) if self.site.url else None
        lead_picture = self.pic(e, e.images[0]) if e.images else None
        image = (
            page_url(self.site.url, f"media/{lead_picture.largest.fallback}")
            if lead_picture and url
            else None
        )
        og = {
            "type": "profile" if e.kind == "people" else "article",
            "url": url,
            "image": image,
            "site_name": self.site.name,
        }
        head = meta(
            e.title,
            description=e.meta.summary,
            head=_head(e.title, e.meta.summary, og, json_ld(e, self.site.name, url, image)),
            # the theme loads the viewer's script only where a panorama is shown (hall/theme/main.html)
            panorama="true" if any(self.pic(e, x) for _, x in e.panoramas()) else "",
        )
        common = dict(e=e, head=head, body=Markup(STORY), qr_url=url)
        story = e.story
        if e.kind == "lessons":
            return Page.of(
                src,
                self._render(
                    "lesson.md", src, m=e.meta, upcoming=self.calendar.upcoming(of=e), **common
                ),
                story,
            )
        if e.kind == exhibition.KIND:
            return self.exhibition(e, src, common)
        images = e.images
        lead = images[0] if images else None
        honor_list = sorted(e.honors, key=lambda h: (h.year is None, h.year or 0))
        return Page.of(
            src,
            self._render(
                "exhibit.md",
                src,
                lead=lead,
                more_images=images[1:],
                facts=_facts(e),
                lineage_links=self.lineage_urls(e) if e.mentors or e.apprentices else (),
                activity_list=activities.timeline(e),
                honor_list=honor_list,
                galleries=self.galleries.of_exhibit(e),
                kind_label=KIND_LABELS[e.kind],
                **common,
            ),
            story,
        )

    def exhibition(self, e: Exhibit, src: str, common: dict) -> Page:
        """An exhibition as a walk: its introduction (and the file's text), then unit by unit, each with its
        own text, in the curator's order."""
        before, after = self.neighbours(e)
        stories = (
            "\n\n".join(filter(None, (e.meta.intro, e.story))),
            *(unit.meta.text or "" for unit in e.units),
        )
        return Page.of(
            src,
            self._render(
                "exhibition.md",
                src,
                lead=e.images[0] if e.images else None,
                before=before,
                after=after,
                **common,
            ),
            stories,
        )


UNSTATED = "未注明"
_FACTS = {
    "people": [
        ("性别", "gender"),
        ("出生", "birth_year"),
        ("职业", "occupation"),
        ("单位", "employer"),
    ],
    "artifacts": [
        ("制作者", "maker_name"),
        ("材料", "material"),
        ("技艺", "technique"),
        ("年份", "year"),
        ("收藏", "collection"),
    ],
    "collectives": [("依托单位", "employer"), ("成立", "established")],
}


def _facts(e: Exhibit) -> list[tuple[str, str]]:
    """The label/value rows of an exhibit's header; years read as 1962 年."""
    rows = [(label, getattr(e.meta, name)) for label, name in _FACTS[e.kind]]
    if e.trade:
        trade = e.trade.name
    else:  # a person's sources may not say
        trade = UNSTATED if e.kind == "people" else None
    rows += [
        ("行业", trade),
        ("地区", (e.region or "").replace("/", " · ")),
        ("年代", e.era.name if e.era else None),
    ]
    return [
        (label, f"{value} 年" if isinstance(value, int) else value)
        for label, value in rows
        if value
    ]


def _shape(node: lineage.Node) -> tuple:
    """What a lineage shows of its people, to tell whether its page must be made again."""
    who = (node.person.slug, node.person.title) if node.person else (None, node.name)
    return (*who, node.since, node.note, node.masters, tuple(map(_shape, node.children)))


def _web_page(e: Exhibit, url: str | None, site_name: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": e.title,
        "description": e.meta.summary,
        "url": url,
        "inLanguage": "zh-CN",
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    return ld_json(data)


def _link(root: str, directory_urls: bool, url: str) -> str:
    return root + url + ("" if directory_urls or not url.endswith("/") else "index.html")
