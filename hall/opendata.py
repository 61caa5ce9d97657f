"""Open data: every exhibit as JSON, for visitors' tools and outside checks."""
from __future__ import annotations

import json

from .exhibit import Exhibit, Hall
from .images import Picture


def exhibit_record(e: Exhibit, pictures: dict[tuple[str, str], Picture]) -> dict:
    m = e.meta
    record = {
        "kind": e.kind, "slug": e.slug, "url": e.url, "name": e.title, "pinyin": e.pinyin,
        "initials": e.initials, "summary": m.summary,
        "era": e.era.name if e.era else None, "trade": e.trade.name if e.trade else None, "region": e.region,
        "honors": [{"title": h.title, "year": h.year, "level": h.level.name if h.level else None} for h in e.honors],
        "highest_honor": e.highest.title if e.highest else None,
        "images": [{"alt": i.alt, "caption": i.caption, "illustration": i.illustration,
                    "src": f"media/{pictures[(e.slug, i.src)].largest.fallback}"}
                   for i in e.images if (e.slug, i.src) in pictures],
        "related": [x.slug for x in e.related],
        "sources": [s.model_dump(exclude_none=True) for s in m.sources],
        "tags": m.tags,
    }
    if e.kind == "artifacts":
        record.update(category=m.category, material=m.material, technique=m.technique,
                      maker=e.maker.slug if e.maker else None, maker_name=m.maker_name)
    if e.kind == "collectives":
        record.update(type=m.type, members=[p.slug for p in e.members])
    if e.kind == "people":
        record.update(artifacts=[a.slug for a in e.artifacts], collectives=[c.slug for c in e.collectives])
    if e.kind == "lessons":
        record.update(grade=m.grade, hours=m.hours, task_group=m.task_group, exhibits=[x.slug for x in e.uses])
    record["lessons"] = [x.slug for x in e.lessons]
    return record


def exhibits_json(hall: Hall, pictures: dict[tuple[str, str], Picture], site_name: str) -> str:
    data = {"site": site_name, "count": len(hall.exhibits),
            "exhibits": [exhibit_record(e, pictures) for e in sorted(hall.exhibits, key=lambda e: (e.kind, e.slug))]}
    return json.dumps(data, ensure_ascii=False, indent=1)
