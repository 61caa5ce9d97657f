"""Exhibitions (展览): a curator's walk through the hall, unit by unit, each unit a chosen row of exhibits.

Pure functions over loaded exhibits: the checks of an exhibition's selection (E821-E825), and the links
between an exhibition's units and the exhibits they show (for "展于：…" on those exhibits' pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hall.model.exhibit import Exhibit
from hall.model.pinyin import slugify
from hall.model.problems import Problem
from hall.model.schema import KIND_LABELS, Selected, Unit
from hall.model.vocab import suggest

KIND = "exhibitions"


@dataclass(eq=False)
class Shown:
    """One unit of an exhibition as built: its place, its anchor and its exhibits in the curator's order,
    each with the caption that replaces its summary there (None: the summary is shown)."""

    exhibition: Exhibit
    index: int
    meta: Unit
    anchor: str
    items: list[tuple[Exhibit, str | None]] = field(default_factory=list)

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
    return found


def link(e: Exhibit, slugs: dict[str, Exhibit]) -> None:
    """An exhibition's units with their exhibits, and on each exhibit the units that show it."""
    e.units = []
    for i, (unit, anchor) in enumerate(zip(e.meta.units, anchors(e.meta.units))):
        shown = Shown(e, i, unit, anchor)
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
