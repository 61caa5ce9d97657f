"""Exhibitions (展览): a curator's walk through the hall, unit by unit, each unit a chosen row of exhibits.

Pure functions over loaded exhibits: the checks of an exhibition's selection (E821-E825) and of its panoramas'
hotspots (E826, E827, E829), and the links between an exhibition's units and the exhibits they show (for
"展于：…" on those exhibits' pages) or its panoramas point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hall.model.exhibit import Exhibit
from hall.model.pinyin import slugify
from hall.model.problems import Problem
from hall.model.schema import KIND_LABELS, Panorama, Selected, Unit
from hall.model.vocab import suggest

KIND = "exhibitions"
YAW, PITCH = (-180, 180), (-90, 90)

# The words of the panorama codes, once (E828, the picture's shape, is checked with the image in hall.model.checks).
PANORAMA_PROBLEMS = {
    "E826": (
        "全景热点指向的{what}“{name}”不存在",
        "exhibit 写展品的文件名（不含 .md），unit 写本展览中一个单元的锚点（网址 # 后的名字）",
    ),
    "E827": (
        "全景热点的 {field} 是 {value}，超出 {low} 到 {high} 度的范围",
        "yaw 是水平角：-180 到 180（大于 180 的减去 360）；pitch 是俯仰角：-90（正下方）到 90（正上方）",
    ),
    "E828": (
        "全景图片“{src}”是 {width}×{height} 像素，不是宽为高 2 倍的等距柱状全景图",
        "用全景相机或拼接软件导出“等距柱状投影（equirectangular）”的 2:1 图片，如 8192×4096",
    ),
    "E829": (
        "全景热点{what}",
        "每个热点只写一个目标：exhibit（展品）或 unit（本展览的单元）",
    ),
}


def panorama_problem(code: str, **words) -> tuple[str, str, str]:
    message, hint = PANORAMA_PROBLEMS[code]
    return code, message.format(**words), hint


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
    add = lambda line, code, message, hint: found.append(Problem(e.rel, line, code, message, hint))  # noqa: E731
    seen_anchors: dict[str, int] = {}
    for i, (unit, anchor) in enumerate(zip(e.meta.units, anchors(e.meta.units))):
        if anchor in seen_anchors:
            add(
                e.line("units", i, "anchor" if unit.anchor else "title"),
                "E824",
                f"第 {i + 1} 个单元的锚点“{anchor}”与第 {seen_anchors[anchor] + 1} 个单元相同",
                "给其中一个单元换个标题，或用 anchor 写一个不同的锚点",
            )
        seen_anchors.setdefault(anchor, i)
        if not (unit.exhibits or unit.text or unit.images or unit.audio or unit.video):
            add(
                e.line("units", i),
                "E823",
                f"单元“{unit.title}”是空的：没有展品，也没有说明",
                "在 exhibits 里列出本单元的展品，或写上 text；不需要的单元请删去",
            )
        chosen: dict[str, int] = {}
        for j, (slug, _) in enumerate(picks(unit)):
            line = e.line("units", i, "exhibits", j)
            if slug in chosen:
                add(
                    line,
                    "E822",
                    f"单元“{unit.title}”里“{slug}”选了两次（第 {chosen[slug] + 1} 项和第 {j + 1} 项）",
                    "删去重复的一项；要写展签就写在保留的那一项上",
                )
                continue
            chosen[slug] = j
            target = slugs.get(slug)
            if target is None and slug not in invalid:
                near = suggest(slug, list(slugs))
                add(
                    line,
                    "E821",
                    f"单元“{unit.title}”里的展品“{slug}”不存在",
                    f"是不是“{near}”？" if near else "填写展品的文件名（不含 .md），如 chai-jinfu",
                )
            elif target is not None and target.kind == KIND:
                add(
                    line,
                    "E825",
                    f"“{slug}”是一个展览，不能作为展品选入单元",
                    f"只选{'、'.join(label for kind, label in KIND_LABELS.items() if kind != KIND)}展品",
                )
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
                    problem = panorama_problem(
                        "E827", field=name, value=f"{value:g}", low=low, high=high
                    )
                    found.append(Problem(e.rel, e.line(*at, name), *problem))
            if (spot.exhibit is None) == (spot.unit is None):
                what = (
                    "同时写了 exhibit 和 unit"
                    if spot.exhibit
                    else "没有写指向哪里（exhibit 或 unit）"
                )
                found.append(Problem(e.rel, e.line(*at), *panorama_problem("E829", what=what)))
            elif spot.exhibit and spot.exhibit not in invalid:
                target = slugs.get(spot.exhibit)
                if target is None or target.kind == KIND:
                    problem = panorama_problem("E826", what="展品", name=spot.exhibit)
                    found.append(Problem(e.rel, e.line(*at, "exhibit"), *problem))
            elif spot.unit and spot.unit not in units:
                problem = panorama_problem("E826", what="单元", name=spot.unit)
                found.append(Problem(e.rel, e.line(*at, "unit"), *problem))
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


def in_order(exhibitions: list[Exhibit]) -> list[Exhibit]:
    """Exhibitions as visitors walk them: by `order`, those without one after, then by the pinyin of the title."""
    return sorted(
        exhibitions, key=lambda e: (e.meta.order is None, e.meta.order or 0, e.pinyin, e.slug)
    )
