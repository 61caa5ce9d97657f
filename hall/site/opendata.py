"""Open data: every exhibit as JSON and CSV, schema.org JSON-LD for each page, and an RSS feed.
Only what the pages already show is published: never a private field."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from hall.files import read_pickle, write_pickle
from hall.model import activities
from hall.model.events import day_of, iso, parse_when
from hall.model.exhibit import Exhibit, Hall
from hall.model.formulas import neutralised
from hall.model.visit import SCHEMA_DAYS, Visit, pad
from hall.site.images import Picture


def escape(text: str) -> str:
    """&, < and > as entities, as xml.sax.saxutils.escape writes them; that module imports urllib.request, a tenth
    of a second of every command's start."""
    return html.escape(text, quote=False)


def exhibit_record(e: Exhibit, pictures: dict[tuple[str, str], Picture]) -> dict:
    m = e.meta
    record = {
        "kind": e.kind,
        "slug": e.slug,
        "url": e.url,
        "name": e.title,
        "pinyin": e.pinyin,
        "initials": e.initials,
        "summary": m.summary,
        "era": e.era.name if e.era else None,
        "trade": e.trade.name if e.trade else None,
        "region": e.region,
        "honors": [
            {"title": h.title, "year": h.year, "level": h.level.name if h.level else None}
            for h in e.honors
        ],
        "highest_honor": e.highest.title if e.highest else None,
        "images": [
            {
                "alt": i.alt,
                "caption": i.caption,
                "illustration": i.illustration,
                "src": f"media/{pictures[(e.slug, i.src)].largest.fallback}",
            }
            for i in e.images
            if (e.slug, i.src) in pictures
        ],
        "related": [x.slug for x in e.related],
        "sources": [s.model_dump(exclude_none=True) for s in m.sources],
        "tags": m.tags,
    }
    record.update(_kind_fields(e))
    record["lessons"] = [x.slug for x in e.lessons]
    record["shown_in"] = [{"exhibition": u.exhibition.slug, "unit": u.anchor} for u in e.shown_in]
    return record


def _kind_fields(e: Exhibit) -> dict:
    """The fields of an exhibit's kind, in the record after the common ones."""
    m = e.meta
    if e.kind == "artifacts":
        return dict(
            category=m.category,
            material=m.material,
            technique=m.technique,
            maker=e.maker.slug if e.maker else None,
            maker_name=m.maker_name,
        )
    if e.kind == "collectives":
        return dict(type=m.type, members=[p.slug for p in e.members])
    if e.kind == "people":
        return dict(
            artifacts=[a.slug for a in e.artifacts],
            collectives=[c.slug for c in e.collectives],
            mentors=[_tie(p, e) for p in e.mentors],
            apprentices=[_tie(p, e) for p in e.apprentices],
            activities=[
                a.model_dump(exclude_none=True) | {"date": day.iso}
                for day, a in activities.timeline(e)
            ],
        )
    if e.kind == "lessons":
        return dict(
            grade=m.grade, hours=m.hours, task_group=m.task_group, exhibits=[x.slug for x in e.uses]
        )
    if e.kind == "exhibitions":
        return dict(
            intro=m.intro,
            units=[
                {
                    "title": u.title,
                    "anchor": u.anchor,
                    "url": u.url,
                    "text": u.meta.text,
                    "exhibits": [{"slug": x.slug, "caption": caption} for x, caption in u.items],
                }
                for u in e.units
            ],
        )
    return {}


def _tie(pair, e: Exhibit) -> dict:
    """The other side of a mentor-apprentice pairing: its slug when it is in the hall, its name, the year."""
    other, name = pair.other(e)
    tie = {"slug": other.slug if other else None, "name": other.title if other else name}
    tie.update(since=pair.since, note=pair.note)
    return {k: v for k, v in tie.items() if v is not None}


def _tie_cell(tie: dict) -> str:
    """A pairing in a spreadsheet cell, as on the page: 查昭（2018）, 老周（馆外，1998）."""
    said = ["馆外"] if "slug" not in tie else []
    said += [str(tie["since"])] if "since" in tie else []
    return tie["name"] + (f"（{'，'.join(said)}）" if said else "")


def open_data_files(
    hall: Hall,
    pictures: dict[tuple[str, str], Picture],
    site_name: str,
    site_url: str,
    cache_file: Path | None = None,
    tag: str | None = None,
    same: tuple[str, set[str]] | None = None,
) -> dict[str, str]:
    """The open data (data/exhibits.json and .csv) and the feed, path -> content. With `cache_file` and `tag` (what
    they are made from), every exhibit's text is kept there for the next build; with `same` (a tag, exhibits' slugs),
    a cache written with that tag gives these exhibits' texts as they are (their pages show the same)."""
    kept = _kept_texts(cache_file, same)
    files = {"feed.xml": rss(hall, site_name, site_url)} if site_url else {}
    files["data/exhibits.json"] = exhibits_json(hall, pictures, site_name, kept["json"])
    files["data/exhibits.csv"] = exhibits_csv(hall, pictures, kept["csv"])
    if cache_file is not None and tag is not None:
        write_pickle(cache_file, (tag, kept))
    return files


def _kept_texts(cache_file: Path | None, same: tuple[str, set[str]] | None) -> dict[str, dict]:
    """ "json", "csv" -> slug -> text of the exhibits `same` names, from a cache written with its tag."""
    kept = {"json": {}, "csv": {}}
    if cache_file is None or not same or not same[1]:
        return kept
    try:
        tag, texts = read_pickle(cache_file)
    except (
        Exception
    ):  # missing, truncated, or pickled by other code: a cache, never a reason to fail
        return kept
    if tag != same[0] or not isinstance(texts, dict):
        return kept
    return {part: {k: t for k, t in texts.get(part, {}).items() if k in same[1]} for part in kept}


def exhibits_json(
    hall: Hall, pictures: dict[tuple[str, str], Picture], site_name: str, kept: dict | None = None
) -> str:
    """{"site", "count", "exhibits": [records]}, indented by one space. Each record is encoded on its own
    (JSON text has no line breaks in strings, so indenting its lines puts it in place), and `kept` (slug -> an
    exhibit's text) keeps them: a rebuild after an edit encodes the records that changed."""
    kept = {} if kept is None else kept
    texts = []
    for e in sorted(hall.exhibits, key=lambda e: (e.kind, e.slug)):
        if e.slug not in kept:
            text = json.dumps(exhibit_record(e, pictures), ensure_ascii=False, indent=1)
            kept[e.slug] = "  " + text.replace("\n", "\n  ")
        texts.append(kept[e.slug])
    head = json.dumps({"site": site_name, "count": len(texts)}, ensure_ascii=False, indent=1)
    records = "[\n" + ",\n".join(texts) + "\n ]" if texts else "[]"
    return f'{head[:-2]},\n "exhibits": {records}\n}}'


CSV_COLUMNS = [
    "kind",
    "slug",
    "url",
    "name",
    "pinyin",
    "summary",
    "era",
    "trade",
    "region",
    "highest_honor",
    "honors",
    "sources",
    "mentors",
    "apprentices",
    "activities",
]


def exhibits_csv(
    hall: Hall, pictures: dict[tuple[str, str], Picture], kept: dict | None = None
) -> str:
    """The same records as a spreadsheet: UTF-8 with a BOM, so Excel opens the Chinese correctly; a value that
    Excel or WPS would run as a formula is published with a leading ' (hall.model.formulas). `kept`: slug ->
    an exhibit's row, as in exhibits_json."""
    kept = {} if kept is None else kept
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for e in sorted(hall.exhibits, key=lambda e: (e.kind, e.slug)):
        if e.slug not in kept:
            kept[e.slug] = _csv_row(exhibit_record(e, pictures))
        out.write(kept[e.slug])
    return "\ufeff" + out.getvalue()


def _csv_row(record: dict) -> str:
    """One exhibit's line of exhibits.csv."""
    record["honors"] = "；".join(
        f"{h['title']}（{h['year']}）" if h["year"] else h["title"] for h in record["honors"]
    )
    record["sources"] = "；".join(s["title"] for s in record["sources"])
    for ties in ("mentors", "apprentices"):
        record[ties] = "；".join(map(_tie_cell, record.get(ties, [])))
    record["activities"] = "；".join(
        f"{a['date']} {a['type']}" + (f"（{a['place']}）" if a.get("place") else "")
        for a in record.get("activities", [])
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writerow({k: neutralised(v) if isinstance(v, str) else v for k, v in record.items()})
    return out.getvalue()


_SCHEMA_TYPES = {
    "people": "Person",
    "artifacts": "VisualArtwork",
    "collectives": "Organization",
    "lessons": "LearningResource",
    "exhibitions": "ExhibitionEvent",
}


def json_ld(e: Exhibit, site_name: str, url: str | None, image: str | None) -> str:
    """schema.org JSON-LD, escaped so that nothing in it can close the <script> element it sits in."""
    m = e.meta
    data = {
        "@context": "https://schema.org",
        "@type": _SCHEMA_TYPES[e.kind],
        "name": e.title,
        "description": m.summary,
        "url": url,
        "image": image,
        "inLanguage": "zh-CN",
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    if e.kind in ("people", "collectives"):
        data["award"] = [f"{h.title}（{h.year}）" if h.year else h.title for h in e.honors]
    if e.kind == "people":
        data.update(
            alternateName=e.pinyin,
            hasOccupation={"@type": "Occupation", "name": m.occupation} if m.occupation else None,
            worksFor={"@type": "Organization", "name": m.employer} if m.employer else None,
        )
    if e.kind == "artifacts":
        creator = e.maker.title if e.maker else m.maker_name
        data.update(
            creator={"@type": "Person", "name": creator} if creator else None,
            material=m.material,
            artMedium=m.material,
            artform=m.category,
            dateCreated=str(m.year) if m.year else None,
        )
    if e.kind == "lessons":
        data.update(
            learningResourceType="劳动教育课",
            educationalLevel=f"{m.grade} 年级",
            timeRequired=f"PT{m.hours * 40}M",
            teaches=[
                m.objectives.concept,
                m.objectives.ability,
                m.objectives.habits,
                m.objectives.spirit,
            ],
        )
    return ld_json(data)


def ld_json(data: dict | list[dict]) -> str:
    """JSON-LD (an object, or a list of them) without empty values, escaped so that nothing in it can close the
    <script> element it sits in."""
    compact = lambda d: {k: v for k, v in d.items() if v not in (None, [], {})}  # noqa: E731
    text = json.dumps(
        [compact(d) for d in data] if isinstance(data, list) else compact(data), ensure_ascii=False
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_EVENT_STATUS = {"已取消": "https://schema.org/EventCancelled"}


def event_json_ld(
    e: Exhibit, place: str, url: str | None, image: str | None, site_name: str
) -> str:
    """schema.org Event, one per date (a recurring course is a series of events), as search engines ask."""
    m = e.meta
    name = e.title + ("（示例）" if m.example else "")
    dates = [
        {
            "@type": "Event",
            "name": name,
            "startDate": iso(o.start),
            "endDate": iso(o.end) if o.end else None,
            "description": ("示例活动，日期是虚构的。" if m.example else "") + (m.summary or "")
            or None,
            "url": url,
            "image": image,
            "inLanguage": "zh-CN",
            "eventStatus": _EVENT_STATUS.get(m.status, "https://schema.org/EventScheduled"),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {"@type": "Place", "name": place},
            "organizer": {"@type": "Organization", "name": site_name},
            "maximumAttendeeCapacity": m.capacity,
        }
        for o in e.occurrences[:50]
    ]
    return ld_json(dates)


def rss(hall: Hall, site_name: str, site_url: str, limit: int = 50) -> str:
    """RSS 2.0 of the most recently added exhibits (front matter `added`; undated ones are not listed) and events
    (by `added`, else their first day): the newest first."""
    dated = [(_full_date(e.meta.added), e) for e in hall.exhibits if e.meta.added]
    dated += [
        (_full_date(e.meta.added) if e.meta.added else e.occurrences[0].first_day.isoformat(), e)
        for e in hall.events
        if e.occurrences
    ]
    items = []
    for day, e in sorted(dated, key=lambda pair: (pair[0], pair[1].slug), reverse=True)[:limit]:
        when = datetime.fromisoformat(day).replace(tzinfo=timezone.utc)
        link = site_url.rstrip("/") + "/" + e.url
        title, text = e.title, e.meta.summary or ""
        if e.kind == "events":
            title = f"活动：{title}" + ("（示例）" if e.meta.example else "")
            text = "；".join(x for x in (e.occurrences[0].label(), text) if x)
        items.append(
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="true">{escape(link)}</guid><description>{escape(text)}</description>'
            f"<pubDate>{format_datetime(when)}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(site_name)}：新展品</title><link>{escape(site_url)}</link>"
        f"<description>{escape(site_name)}最近上展的劳模、工匠、匠品、劳动课和新的活动</description><language>zh-CN</language>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def _full_date(text: str) -> str:
    """2020 → 2020-01-01, 2020-11 → 2020-11-01; a whole date as it is."""
    if len(text) == 4:
        return text + "-01-01"
    if len(text) == 7:
        return text + "-01"
    return text


def _postal_address(a) -> dict:
    """The hall's address as schema.org PostalAddress: the parts it gives."""
    region = (a.region or "").split("/") if a else []
    address = {
        "@type": "PostalAddress",
        "addressCountry": "CN",
        "addressRegion": region[0] if region else None,
        "addressLocality": "".join(region[1:]) or None,
    }
    if a:
        address["streetAddress"] = " ".join(x for x in (a.street, a.building) if x)
        address["postalCode"] = a.postal_code
    return {k: v for k, v in address.items() if v}


def museum_json_ld(visit: Visit, site_url: str) -> str:
    """The visiting information as schema.org Museum, which map and search apps read."""
    info = visit.info
    data = {
        "@context": "https://schema.org",
        "@type": "Museum",
        "@id": f"{site_url}#museum" if site_url else None,
        "name": visit.name,
        "url": site_url or None,
        "inLanguage": "zh-CN",
        "description": "示例参观信息，并非真实场馆" if info.example else None,
        "address": _postal_address(info.address),
        "telephone": info.phone or (info.booking.phone if info.booking else None),
        "email": info.email,
        "isAccessibleForFree": info.free,
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [SCHEMA_DAYS[d] for d in days],
                "opens": opens,
                "closes": closes,
            }
            for days, opens, closes, _ in visit.hours
        ],
        "specialOpeningHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "name": h.name,
                "validFrom": day_of(parse_when(h.date, "")).isoformat(),
                "validThrough": day_of(parse_when(h.until or h.date, "")).isoformat(),
                "opens": pad(h.opens) if h.opens else "00:00",
                "closes": pad(h.closes) if h.closes else "00:00",
            }
            for h in info.holidays
        ],
    }
    return ld_json(data)
