"""`new`: a commented template for a new exhibit, named by the pinyin of its name."""

from __future__ import annotations

import json
from pathlib import Path

from hall.files import shown
from hall.model.pinyin import name_slug, slugify
from hall.model.placeholders import NAME, template
from hall.model.problems import EXIT_USAGE, HallError

KIND_ALIASES = {
    "person": "people",
    "people": "people",
    "人物": "people",
    "artifact": "artifacts",
    "artifacts": "artifacts",
    "匠品": "artifacts",
    "collective": "collectives",
    "collectives": "collectives",
    "集体": "collectives",
    "lesson": "lessons",
    "lessons": "lessons",
    "劳动课": "lessons",
    "page": "pages",
    "pages": "pages",
    "页面": "pages",
    "本馆": "pages",
    "event": "events",
    "events": "events",
    "活动": "events",
}
KIND_ALIASES |= {"exhibition": "exhibitions", "exhibitions": "exhibitions", "展览": "exhibitions"}


class ScaffoldError(HallError):
    """A `new` that cannot be done: an unknown kind, a file name that is taken or not usable."""

    exit_code = EXIT_USAGE


def default_slug(folder: str, name: str) -> str:
    """The file name `new` gives an exhibit of a kind (its folder) by default: the pinyin of its name."""
    return name_slug(name) if folder == "people" else slugify(name)


def new_exhibit(exhibits_dir: Path, kind: str, name: str, slug: str | None = None) -> Path:
    """Write exhibits/<kind>/<slug>/index.md from the template (a page or an event too); never overwrite."""
    folder = KIND_ALIASES.get(kind)
    if folder is None:
        raise ScaffoldError(
            f"不认识的展品类别“{kind}”，可用：person（人物）、artifact（匠品）、collective（集体）、lesson（劳动课）、exhibition（展览）、"
            "page（本馆页面，如参观指南）、event（活动）"
        )
    slug = slug or default_slug(folder, name)
    target = exhibits_dir / folder / slug / "index.md"
    existing = [p for p in (target, exhibits_dir / folder / f"{slug}.md") if p.exists()]
    if existing:
        raise ScaffoldError(
            f"{shown(existing[0])} 已经存在，没有覆盖。如是同名的另一个人，请用 --slug 指定不同的文件名，如 {slug}-2"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open(
        "x", encoding="utf-8"
    ) as fh:  # "x": fail rather than overwrite, even in a race
        fh.write(template(folder).replace(NAME, json.dumps(name, ensure_ascii=False)))
    return target
