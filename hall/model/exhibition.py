"""Exhibitions (展览): a curator's walk through the hall, unit by unit, each unit a chosen row of exhibits.

Pure functions over loaded exhibits: the checks of an exhibition's selection (E821-E825) and of its panoramas'
hotspots (E826, E827, E829), and the links between an exhibition's units and the exhibits they show (for
"展于：…" on those exhibits' pages) or its panoramas point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hall.model import codes
from hall.model.exhibit import Exhibit
from hall.model.pinyin import slugify
from hall.model.problems import Problem
from hall.model.schema import KIND_LABELS, Panorama, Selected, Unit
from hall.model.vocab import suggest

KIND = "exhibitions"
YAW, PITCH = (-180, 180), (-90, 90)


@dataclass(frozen=True)
class Spot:
    """A hotspot as shown: where it is, its words, and what it leads to (an exhibit, or a unit's anchor)."""

    yaw: float
    pitch: float
    label: str
    exhibit: Exhibit | None = None
    anchor: str | None = None

    @property
    def where(self) -> str:
        """Where to look for it, in words, for the list beside the viewer."""
        yaw = self.yaw
        side = (
            "正前方"
            if -45 <= yaw <= 45
            else "右侧"
            if 45 < yaw <= 135
            else "左侧"
            if -135 <= yaw < -45
            else "后方"
        )
        height = "上方" if self.pitch > 30 else "下方" if self.pitch < -30 else ""
        return side + height


@dataclass(eq=False)
class Shown:
    """One unit of an exhibition as built: its place, its anchor and its exhibits in the curator's order,
    each with the caption that replaces its summary there (None: the summary is shown)."""

    exhibition: Exhibit
    index: int
    meta: Unit
    anchor: str
    items: list[tuple[Exhibit, str | None]] = field(default_factory=list)
    spots: list[Spot] = field(default_factory=list)  # its panorama's hotspots

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def url(self) -> str:
        return f"{self.exhibition.url}#{self.anchor}"


def picks(unit: Unit) -> list[tuple[str, str | None]]:
    """(slug, caption) of a unit's exhibits, as written (a slug alone or {slug, caption})."""
    return [(x.slug, x.caption) if isinstance(x, Selected) else (x, None) for x in unit.exhibits]


def anchors(units: list[Unit]) -> list[str]:
    """Each unit's anchor: the one written, else the pinyin of its title."""
    return [unit.anchor or slugify(unit.title) for unit in units]


def problems(e: Exhibit, slugs: dict[str, Exhibit], invalid: set[str]) -> list[Problem]:
    """What is wrong with an exhibition's units: an exhibit that does not exist or cannot be shown, one chosen
    twice in a unit, a unit with nothing in it, two units with one anchor."""
    found: list[Problem] = []
    add = lambda line, code, **fields: found.append(code.at(e.rel, line, **fields))  # noqa: E731
    seen_anchors: dict[str, int] = {}
    for i, (unit, anchor) in enumerate(zip(e.meta.units, anchors(e.meta.units))):
        if anchor in seen_anchors:
            add(
                e.line("units", i, "anchor" if unit.anchor else "title"),
                codes.E824,
                unit=i + 1,
                anchor=anchor,
                other=seen_anchors[anchor] + 1,
            )
        seen_anchors.setdefault(anchor, i)
        if not (unit.exhibits or unit.text or unit.images or unit.audio or unit.video):
            add(e.line("units", i), codes.E823, unit=unit.title)
        chosen: dict[str, int] = {}
        for j, (slug, _) in enumerate(picks(unit)):
            line = e.line("units", i, "exhibits", j)
            if slug in chosen:
                add(
                    line,
                    codes.E822,
                    unit=unit.title,
                    slug=slug,
                    first=chosen[slug] + 1,
                    second=j + 1,
                )
                continue
            chosen[slug] = j
            target = slugs.get(slug)
            if target is None and slug not in invalid:
                near = suggest(slug, list(slugs))
                add(line, codes.E821, unit=unit.title, slug=slug, near=near)
            elif target is not None and target.kind == KIND:
                kinds = "、".join(label for kind, label in KIND_LABELS.items() if kind != KIND)
                add(line, codes.E825, slug=slug, kinds=kinds)
    found += _hotspot_problems(e, slugs, invalid)
    return found


def _hotspot_problems(e: Exhibit, slugs: dict[str, Exhibit], invalid: set[str]) -> list[Problem]:
    """Each hotspot leads to one exhibit that exists, or one unit of this exhibition, from a place on the sphere."""
    found: list[Problem] = []
    units = set(anchors(e.meta.units))
    for loc, panorama in e.panoramas():
        for i, spot in enumerate(panorama.hotspots):
            at = (*loc, "hotspots", i)
            for name, (low, high) in (("yaw", YAW), ("pitch", PITCH)):
                value = getattr(spot, name)
                if not low <= value <= high:
                    problem = codes.E827.of(field=name, value=f"{value:g}", low=low, high=high)
                    found.append(problem.at(e.rel, e.line(*at, name)))
            if (spot.exhibit is None) == (spot.unit is None):
                what = (
                    "同时写了 exhibit 和 unit"
                    if spot.exhibit
                    else "没有写指向哪里（exhibit 或 unit）"
                )
                found.append(codes.E829.of(what=what).at(e.rel, e.line(*at)))
            elif spot.exhibit and spot.exhibit not in invalid:
                target = slugs.get(spot.exhibit)
                if target is None or target.kind == KIND:
                    problem = codes.E826.of(what="展品", name=spot.exhibit)
                    found.append(problem.at(e.rel, e.line(*at, "exhibit")))
            elif spot.unit and spot.unit not in units:
                problem = codes.E826.of(what="单元", name=spot.unit)
                found.append(problem.at(e.rel, e.line(*at, "unit")))
    return found


def spots(e: Exhibit, panorama: Panorama | None, slugs: dict[str, Exhibit]) -> list[Spot]:
    """A panorama's hotspots that lead somewhere (the others are reported by problems())."""
    titles = dict(zip(anchors(e.meta.units), (u.title for u in e.meta.units)))
    found = []
    for spot in panorama.hotspots if panorama else []:
        target = slugs.get(spot.exhibit) if spot.exhibit else None
        if target is not None and target.kind != KIND and not spot.unit:
            found.append(Spot(spot.yaw, spot.pitch, spot.label or target.title, exhibit=target))
        elif spot.unit in titles and not spot.exhibit:
            found.append(
                Spot(spot.yaw, spot.pitch, spot.label or titles[spot.unit], anchor=spot.unit)
            )
    return found


def link(e: Exhibit, slugs: dict[str, Exhibit]) -> None:
    """An exhibition's units with their exhibits, and on each exhibit the units that show it."""
    e.units = []
    e.spots = spots(e, e.meta.panorama, slugs)
    for i, (unit, anchor) in enumerate(zip(e.meta.units, anchors(e.meta.units))):
        shown = Shown(e, i, unit, anchor, spots=spots(e, unit.panorama, slugs))
        for slug, caption in picks(unit):
            target = slugs.get(slug)
            if target is None or target.kind == KIND or any(x is target for x, _ in shown.items):
                continue  # reported by problems()
            shown.items.append((target, caption))
            target.shown_in.append(shown)
            if target not in e.uses:
                e.uses.append(target)
        e.units.append(shown)


def respot(e: Exhibit, slugs: dict[str, Exhibit]) -> None:
    """An exhibition's hotspots again (their words are the titles of what they lead to, which may be renamed)."""
    e.spots = spots(e, e.meta.panorama, slugs)
    for shown in e.units:
        shown.spots = spots(e, shown.meta.panorama, slugs)


def take_texts(e: Exhibit) -> None:
    """An exhibition given a new reading of its file with the same units and exhibits
    (hall.model.exhibit.same_but): its units as built take their text and captions from it."""
    for shown, unit in zip(e.units, e.meta.units):
        captions: dict[str, str | None] = {}
        for slug, caption in picks(unit):
            captions.setdefault(
                slug, caption
            )  # a second pick of the same exhibit is not shown (E822)
        shown.meta = unit
        shown.items = [(x, captions[x.slug]) for x, _ in shown.items]


def in_order(exhibitions: list[Exhibit]) -> list[Exhibit]:
    """Exhibitions as visitors walk them: by `order`, those without one after, then by the pinyin of the title."""
    return sorted(
        exhibitions, key=lambda e: (e.meta.order is None, e.meta.order or 0, e.pinyin, e.slug)
    )
