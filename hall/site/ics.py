"""iCalendar (.ics) files of the events: one per event beside its page, and one of the whole calendar, so that a
teacher adds a study visit to a phone's calendar, or subscribes to every activity of the hall.

Written with the icalendar package (RFC 5545's line folding, escaping and time zones are easy to get subtly
wrong by hand). A recurring event stays one event with its RRULE; UNTIL is written as the COUNT of its dates
(the same dates, and no question of UNTIL's time zone), and skipped days as EXDATE. Nothing depends on the
time of the build: DTSTAMP is the event's `added` day (else its first start), so two builds give the same bytes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vRecur

from hall.model.events import TZ, day_of, expand, parse_when
from hall.model.exhibit import Exhibit
from hall.site.qr import page_url

_STATUS = {"已取消": "CANCELLED"}


def event_file(e: Exhibit, site_name: str, site_url: str, place: str) -> str:
    return _calendar(f"{site_name}：{e.title}", [(e, place)], site_url)


def calendar_file(events: list[tuple[Exhibit, str]], site_name: str, site_url: str) -> str:
    """Every event, with where each is (hall.site.pages.Renderer.place_of)."""
    return _calendar(f"{site_name}活动", events, site_url)


def _calendar(name: str, events: list[tuple[Exhibit, str]], site_url: str) -> str:
    cal = Calendar()
    cal.add("prodid", "-//laomo-hall//劳模工匠馆//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    if any(not o.all_day for e, _ in events for o in e.occurrences[:1]):
        cal.add_component(_shanghai())
    for e, place in events:
        if e.occurrences:
            cal.add_component(_event(e, place, site_url))
    return cal.to_ical().decode("utf-8")


def _shanghai() -> Timezone:
    """Asia/Shanghai as calendars expect it beside TZID: China Standard Time, UTC+8, no summer time since 1991."""
    tz = Timezone()
    tz.add("tzid", "Asia/Shanghai")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(hours=8))
    standard.add("tzoffsetto", timedelta(hours=8))
    standard.add("tzname", "CST")
    tz.add_component(standard)
    return tz


def _event(e: Exhibit, place: str, site_url: str) -> Event:
    m, first = e.meta, e.occurrences[0]
    start = parse_when(
        m.start, ""
    )  # a recurrence counts from here, even when this first day is skipped
    event = Event()
    event.add("uid", f"{e.slug}@{urlsplit(site_url).hostname or 'laomo-hall.invalid'}")
    event.add("dtstamp", _utc(day_of(parse_when(m.added, "")) if m.added else start))
    event.add("dtstart", start)
    if first.end is not None:  # a whole day ends, as iCalendar counts, at the start of the next
        event.add(
            "dtend",
            start
            + (first.end - first.start)
            + (timedelta(days=1) if first.all_day else timedelta()),
        )
    elif first.all_day:
        event.add("dtend", start + timedelta(days=1))
    if m.rrule:
        dates = expand(m.rrule, start)
        event.add("rrule", _rule(m.rrule, len(dates)))
        if skipped := [d for d in dates if d not in {o.start for o in e.occurrences}]:
            event.add("exdate", skipped)
    event.add("summary", e.title + ("（示例）" if m.example else ""))
    event.add("description", _description(e, site_url))
    event.add("location", place)
    event.add("categories", [m.type])
    event.add("status", _STATUS.get(m.status, "CONFIRMED"))
    if site_url:
        event.add("url", page_url(site_url, e.url))
    return event


def _rule(text: str, count: int) -> vRecur:
    """The curator's rule with its end written as the number of its dates."""
    body = re.sub(r"^\s*RRULE:", "", text, flags=re.I).strip().upper()
    parts = [
        part.strip()
        for part in body.split(";")
        if part.strip() and not part.strip().startswith(("UNTIL=", "COUNT="))
    ]
    rule = vRecur.from_ical(";".join(parts))
    rule["COUNT"] = count
    return rule


def _description(e: Exhibit, site_url: str) -> str:
    m = e.meta
    lines = ["示例：日期是虚构的，不是真实的活动安排。"] if m.example else []
    lines += [
        x
        for x in (
            m.summary,
            "对象：" + "、".join(m.audience) if m.audience else "",
            f"名额：{m.capacity} 人" if m.capacity else "",
            _booking(m),
        )
        if x
    ]
    if site_url:
        lines.append(page_url(site_url, e.url))
    return "\n".join(lines)


def _booking(m) -> str:
    b = m.booking
    if b is None:
        return ""
    parts = [
        "需预约" if b.required else "无需预约",
        f"电话 {b.phone}" if b.phone else "",
        b.url or "",
        f"截止 {b.deadline}" if b.deadline else "",
        b.note or "",
    ]
    return "预约：" + "，".join(x for x in parts if x)


def _utc(when: date | datetime) -> datetime:
    moment = when if isinstance(when, datetime) else datetime.combine(when, time(), TZ)
    return moment.astimezone(timezone.utc)
