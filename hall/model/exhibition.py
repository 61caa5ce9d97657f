"""Exhibitions (展览): a curator's walk through the hall, unit by unit, each unit a chosen row of exhibits.

Pure functions over loaded exhibits: the checks of an exhibition's selection (E821-E825), and the links
between an exhibition's units and the exhibits they show (for "展于：…" on those exhibits' pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hall.model import codes
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
