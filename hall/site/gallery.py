"""Galleries: exhibits grouped by era, trade, honor level and title, region and craft category.

Pure functions over an enriched hall; rendering lives in hall.site.pages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter

from hall.model.exhibit import Exhibit, Hall, HonorEntry
from hall.model.pinyin import place_slug, slugify
from hall.model.vocab import LEVELS, Vocabulary

FACET_NAMES = {
    "eras": "年代",
    "trades": "行业",
    "honors": "荣誉",
    "regions": "地区",
    "categories": "匠品类别",
}


@dataclass(eq=False)
class Gallery:
    facet: str
    slug: str
    name: str
    exhibits: list[Exhibit] = field(default_factory=list)
    intro: str = ""
    children: list["Gallery"] = field(default_factory=list)
    parent: "Gallery | None" = None
    order: Callable = attrgetter(
        "rank"
    )  # what its exhibits are sorted by (each exhibit's own file gives it)

    @property
    def url(self) -> str:
        return f"{self.facet}/{self.slug}/"

    @property
    def trail(self) -> list["Gallery"]:
        """Ancestors, outermost first (for breadcrumbs)."""
        return (self.parent.trail + [self.parent]) if self.parent else []

    def counts(self) -> Counter[str]:
        """Its exhibits by kind (0 for a kind it has none of), counted in one pass: each of a large gallery's pages
        shows them."""
        return Counter(map(attrgetter("kind"), self.exhibits))


def by_year(e: Exhibit):
    return (e.year or 9999, e.pinyin.lower(), e.slug)


def eras(hall: Hall, vocab: Vocabulary) -> list[Gallery]:
    found = defaultdict(list)
    for e in hall.exhibits:
        if e.era is not None:
            found[e.era.slug].append(e)
    return [
        Gallery(
            "eras",
            era.slug,
            era.name,
            sorted(found[era.slug], key=by_year),
            intro=f"{era.span}。{era.intro}",
            order=by_year,
        )
        for era in vocab.eras
    ]


def trades(hall: Hall, vocab: Vocabulary) -> list[Gallery]:
    found = defaultdict(list)
    for e in hall.exhibits:
        found[e.trade].append(e)
    galleries = []
    for trade in vocab.trades:
        if members := sorted(found[trade], key=attrgetter("rank")):
            intro = (
                f"国民经济行业分类（GB/T 4754—2017）门类 {trade.code}。"
                if trade.code
                else "传统手工技艺与匠人。"
            )
            galleries.append(Gallery("trades", trade.slug, trade.name, members, intro))
    return galleries


def honors(hall: Hall, vocab: Vocabulary) -> list[Gallery]:
    """One gallery per level (by each exhibit's highest honor), with one child per title held, whose holders
    are in the order they first received it."""
    holders: dict[str, dict[Exhibit, None]] = defaultdict(dict)
    for e in hall.exhibits:
        for h in e.honors:
            holders[h.title][e] = None  # once, though held twice
    tops = defaultdict(list)
    for e in hall.exhibits:
        tops[e.highest.level if e.highest else None].append(e)
    galleries = []
    for level in LEVELS:
        top = sorted(tops[level], key=attrgetter("rank"))
        gallery = Gallery(
            "honors",
            level.slug,
            f"{level.name}荣誉",
            top,
            intro=f"最高荣誉为{level.name}称号的劳模、工匠和集体。",
        )
        titles = sorted((t for t in holders if vocab.honor_level(t) == level), key=vocab.honor_rank)
        for title in titles:
            order = partial(_first_held, title)
            gallery.children.append(
                Gallery(
                    "honors",
                    f"{level.slug}/{slugify(title)}",
                    title,
                    sorted(holders[title], key=order),
                    parent=gallery,
                    order=order,
                )
            )
        if top or titles:
            galleries.append(gallery)
    return galleries


def _first_held(title: str, e: Exhibit) -> tuple:
    return (min(h.year or 9999 for h in e.honors if h.title == title), e.pinyin, e.slug)


def regions(hall: Hall, vocab: Vocabulary) -> list[Gallery]:
    """A tree: province, city, county; each gallery holds every exhibit at or below it."""
    nodes: dict[tuple[str, ...], Gallery] = {}
    for e in hall.exhibits:
        if not e.region:
            continue
        parts = tuple(e.region.split("/"))
        for depth in range(1, len(parts) + 1):
            prefix = parts[:depth]
            if prefix not in nodes:
                parent = nodes.get(prefix[:-1])
                slug = "/".join(place_slug(p) for p in prefix)
                nodes[prefix] = Gallery("regions", slug, prefix[-1], parent=parent)
                if parent:
                    parent.children.append(nodes[prefix])
            nodes[prefix].exhibits.append(e)
    for gallery in nodes.values():
        gallery.exhibits.sort(key=attrgetter("rank"))
        gallery.children.sort(key=lambda g: place_slug(g.name))
        gallery.intro = "、".join(f"{g.name} {len(g.exhibits)}" for g in gallery.children)
    return sorted((g for g in nodes.values() if g.parent is None), key=lambda g: place_slug(g.name))


def categories(hall: Hall, vocab: Vocabulary) -> list[Gallery]:
    found = defaultdict(list)
    for e in hall.of_kind("artifacts"):
        found[e.meta.category].append(e)
    return [
        Gallery("categories", slugify(c), c, sorted(found[c], key=by_year), order=by_year)
        for c in vocab.categories
        if c in found
    ]


def walk(galleries: list[Gallery]):
    """Every gallery of a forest, parents before children."""
    for g in galleries:
        yield g
        yield from walk(g.children)


def timeline(
    hall: Hall,
) -> tuple[list[tuple[int, list[tuple[Exhibit, HonorEntry]]]], list[tuple[Exhibit, HonorEntry]]]:
    """Every honor by year (oldest first), and the honors whose year the sources do not give."""
    years: dict[int, list] = defaultdict(list)
    undated = []
    for e in hall.exhibits:
        for h in e.honors:
            (years[h.year] if h.year else undated).append((e, h))
    order = lambda pair: (pair[0].pinyin, pair[1].title)  # noqa: E731
    return [(y, sorted(years[y], key=order)) for y in sorted(years)], sorted(undated, key=order)


@dataclass
class Galleries:
    """Every facet of a hall, computed once per build."""

    eras: list[Gallery]
    trades: list[Gallery]
    honors: list[Gallery]
    regions: list[Gallery]
    categories: list[Gallery]
    index: dict[Exhibit, list[Gallery]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for galleries in self.facets().values():
            for g in walk(galleries):
                for e in g.exhibits:
                    self.index.setdefault(e, []).append(g)

    @classmethod
    def of(cls, hall: Hall, vocab: Vocabulary) -> "Galleries":
        return cls(
            eras(hall, vocab),
            trades(hall, vocab),
            honors(hall, vocab),
            regions(hall, vocab),
            categories(hall, vocab),
        )

    def resort(self, renamed: list[Exhibit]) -> None:
        """After exhibits were renamed in place (serve), the galleries that show them in order again: what puts
        an exhibit in a gallery is not its name."""
        for g in {id(g): g for e in renamed for g in self.of_exhibit(e)}.values():
            g.exhibits.sort(key=g.order)

    def facets(self) -> dict[str, list[Gallery]]:
        return {name: getattr(self, name) for name in FACET_NAMES}

    def of_exhibit(self, e: Exhibit) -> list[Gallery]:
        """The galleries an exhibit appears in, one line of links on its page."""
        return self.index.get(e, [])
