"""Events (活动): their dates in Asia/Shanghai, recurrences expanded to dates, the checks of their dates
(E801–E809), and the calendar by month that the pages show.

A recurring course is written once, as an iCalendar RRULE (`FREQ=MONTHLY;BYDAY=1SA;COUNT=6`), and expanded
with dateutil's rrule (a well-kept implementation of RFC 5545's rules; ours would be a long list of cases).

"Today" is the day of the build in Asia/Shanghai. It can be set, for tests and for reproducible builds, with
HALL_TODAY=2026-12-01 or SOURCE_DATE_EPOCH (the reproducible-builds convention): what is upcoming and what is
past depends on the day, so two builds of the same files give the same bytes on the same day (or with the
same HALL_TODAY), and a build on the next day rewrites exactly the pages whose upcoming events changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from hall.model import codes
from hall.model.exhibit import Exhibit
from hall.model.problems import EXIT_USAGE, HallError, Notice, Refusal

TZ = ZoneInfo("Asia/Shanghai")
MAX_OCCURRENCES = 500  # a weekly course for nearly ten years; more is a rule without a sensible end
WEEKDAYS = "一二三四五六日"
_WHEN = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*\+08:?00)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class DateProblem(Refusal):
    """A date that cannot be used, with what to say to the curator."""


class TodayError(HallError, ValueError):
    """HALL_TODAY is not a date: a mistake in how the command was run."""

    exit_code = EXIT_USAGE


def today() -> date:
    """The day of the build in Asia/Shanghai, or the one HALL_TODAY or SOURCE_DATE_EPOCH names."""
    if text := os.environ.get("HALL_TODAY", "").strip():
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise TodayError(
                f"环境变量 HALL_TODAY 的值“{text}”不是日期，应写成 2026-12-01"
            ) from None
    if (epoch := os.environ.get("SOURCE_DATE_EPOCH", "").strip()).isdigit():
        return datetime.fromtimestamp(int(epoch), TZ).date()
    return datetime.now(TZ).date()


def parse_when(text: str, label: str, day: date | None = None) -> date | datetime:
    """A date (a whole day) or a date-time in Asia/Shanghai; `day` lets a time alone (16:00) mean that day."""
    text = str(text).strip()
    if day is not None and (match := _TIME.match(text)):
        parts = [day.year, day.month, day.day, int(match[1]), int(match[2])]
    elif match := _WHEN.match(text):
        parts = [int(x) for x in match.groups() if x is not None]
    else:
        raise DateProblem(codes.E801.of(label=label, text=text))
    try:
        return date(*parts) if len(parts) == 3 else datetime(*parts, tzinfo=TZ)
    except ValueError:
        raise DateProblem(codes.E801_NO_SUCH_DAY.of(label=label, text=text)) from None


def day_of(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def iso(when: date | datetime) -> str:
    """2026-12-05T14:00+08:00, or 2026-12-05 for a whole day."""
    return when.isoformat(timespec="minutes") if isinstance(when, datetime) else when.isoformat()


def sort_key(when: date | datetime) -> datetime:
    return when if isinstance(when, datetime) else datetime.combine(when, time(), TZ)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: a whole day (dates) or a time (date-times in Asia/Shanghai)."""

    event: Exhibit
    start: date | datetime
    end: date | datetime | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return day_of(self.start)

    @property
    def last_day(self) -> date:
        return day_of(self.end) if self.end is not None else self.first_day

    def upcoming(self, today: date) -> bool:
        """Still to come or going on today: a static site is built once a day at most."""
        return self.last_day >= today

    @property
    def key(self) -> tuple:
        return (sort_key(self.start), self.event.slug)

    @property
    def anchor(self) -> str:
        return f"d{self.first_day.isoformat()}"

    def label(self) -> str:
        """12月5日（周六）14:00—16:00; a span of days as 12月1日（周二）—12月6日（周日）."""
        text = day_label(self.first_day)
        if isinstance(self.start, datetime):
            text += f" {self.start:%H:%M}"
        if self.end is not None and self.last_day != self.first_day:
            text += (
                "—"
                + day_label(self.last_day)
                + (f" {self.end:%H:%M}" if isinstance(self.end, datetime) else "")
            )
        elif isinstance(self.end, datetime):
            text += f"—{self.end:%H:%M}"
        return text


def day_label(day: date, year: bool = True) -> str:
    return (
        f"{day.year}年" if year else ""
    ) + f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


# --- reading an event's dates ----------------------------------------------------------------------

Found = tuple[tuple, Notice]  # (key path, what to say)


def schedule(m) -> tuple[list[tuple], list[Found]]:
    """An event's dates as (start, end) pairs, recurrences expanded and skipped dates left out, and the problems
    of its dates (each with the key path to name its line)."""
    try:
        start = parse_when(m.start, "开始时间")
    except DateProblem as p:
        return [], [(("start",), p.notice)]
    problems: list[Found] = []
    end = None
    if m.end:
        try:
            end = _end(m.end, start)
        except DateProblem as p:
            problems.append((("end",), p.notice))
    starts = [start]
    if m.rrule:
        try:
            starts = expand(m.rrule, start)
        except DateProblem as p:
            return [], problems + [(("rrule",), p.notice)]
    starts, skip_problems = _skipped(m, starts)
    length = end - start if end is not None else None
    return [
        (s, s + length if length is not None else None) for s in starts
    ], problems + skip_problems


def _end(text: str, start: date | datetime) -> date | datetime:
    end = parse_when(text, "结束时间", day_of(start) if isinstance(start, datetime) else None)
    if isinstance(end, datetime) != isinstance(start, datetime):
        raise DateProblem(codes.E801_MIXED.of())
    if end < start:
        raise DateProblem(codes.E802.of(text=text))
    return end


def _skipped(m, starts: list) -> tuple[list, list[Found]]:
    """The starts without the days listed in `skip` (a holiday), each of which must be one of the event's days."""
    problems: list[Found] = []
    days = {day_of(s) for s in starts}
    skipped = set()
    for i, text in enumerate(m.skip):
        try:
            day = day_of(parse_when(text, "不举行的日期"))
        except DateProblem as p:
            problems.append((("skip", i), p.notice))
            continue
        if not m.rrule or day not in days:
            problems.append(
                (("skip", i), (codes.E809 if m.rrule else codes.E809_NO_RULE).of(text=text))
            )
        skipped.add(day)
    return [s for s in starts if day_of(s) not in skipped], problems


def expand(text: str, start: date | datetime) -> list[date | datetime]:
    """The starts of a recurring event: its RRULE from `start`, which must be the rule's first date."""
    rule = parse_rule(text, start)
    naive = _naive(start)
    found = list(islice(rule, MAX_OCCURRENCES + 1))
    if len(found) > MAX_OCCURRENCES:
        raise DateProblem(codes.E806_MANY.of(max=MAX_OCCURRENCES))
    if not found:
        raise DateProblem(codes.E804_NEVER.of(start=day_label(day_of(start))))
    if found[0] != naive:
        first = day_label(found[0].date())
        raise DateProblem(codes.E804_START.of(start=day_label(day_of(start)), first=first))
    return [x.date() if not isinstance(start, datetime) else x.replace(tzinfo=TZ) for x in found]


def parse_rule(text: str, start: date | datetime) -> rrule:
    """An RRULE (with or without its "RRULE:" name) for an event starting at `start`, bounded by COUNT or UNTIL.
    UNTIL may be a day (20270630), a local time or a UTC time (…Z)."""
    body = re.sub(r"^\s*RRULE:", "", str(text), flags=re.I).strip().upper()
    pieces = [part.strip() for part in body.split(";") if part.strip()]
    parts = dict(part.split("=", 1) for part in pieces if "=" in part)
    if len(parts) < len(pieces) or "\n" in body or "DTSTART" in body or not parts.get("FREQ"):
        raise DateProblem(codes.E804.of(rule=text))
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise DateProblem(codes.E806.of())
    if "UNTIL" in parts:
        parts["UNTIL"] = _local_until(parts["UNTIL"], text)
    try:
        return rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=_naive(start))
    except (ValueError, TypeError, KeyError, IndexError):  # dateutil's English stays here
        raise DateProblem(codes.E804.of(rule=text)) from None


def _local_until(value: str, text: str) -> str:
    """UNTIL as a local time without a zone (dateutil compares it with the local start)."""
    try:
        if value.endswith("Z"):
            moment = (
                datetime.strptime(value, "%Y%m%dT%H%M%SZ")
                .replace(tzinfo=timezone.utc)
                .astimezone(TZ)
            )
        else:
            moment = datetime.strptime(value, "%Y%m%d" if len(value) == 8 else "%Y%m%dT%H%M%S")
            if len(value) == 8:
                moment = moment.replace(hour=23, minute=59, second=59)  # the whole last day
    except ValueError:
        raise DateProblem(codes.E804_UNTIL.of(rule=text, until=value)) from None
    return moment.strftime("%Y%m%dT%H%M%S")


def _naive(when: date | datetime) -> datetime:
    return (
        when.replace(tzinfo=None) if isinstance(when, datetime) else datetime.combine(when, time())
    )


_ORDINALS = {
    1: "第一个",
    2: "第二个",
    3: "第三个",
    4: "第四个",
    5: "第五个",
    -1: "最后一个",
    -2: "倒数第二个",
}
_UNITS = {
    0: ("年", "年"),
    1: ("月", "个月"),
    2: ("周", "周"),
    3: ("天", "天"),
}  # dateutil's YEARLY … DAILY


def describe(text: str, start: date | datetime) -> str | None:
    """A rule in words, for the common ones: 每月第一个周六, 每周六、周日, 每 2 周的周三; None for the others."""
    try:
        rule = parse_rule(text, start)
    except DateProblem:
        return None
    freq, interval = rule._freq, rule._interval
    if (
        freq not in _UNITS
        or rule._bysetpos
        or rule._byyearday
        or rule._byweekno
        or rule._byhour
        and len(rule._byhour) > 1
    ):
        return None
    unit = _UNITS[freq][0] if interval == 1 else f" {interval} {_UNITS[freq][1]}"
    days = "、".join(f"周{WEEKDAYS[d]}" for d in sorted(rule._byweekday or ()))
    nth = "、".join(
        f"{_ORDINALS.get(n, f'第{n}个')}周{WEEKDAYS[d]}" for d, n in sorted(rule._bynweekday or ())
    )
    if freq == 1 and nth and not days:
        return f"每{unit}{nth}"
    if freq == 1 and not rule._bynweekday and not rule._byweekday and rule._bymonthday:
        return f"每{unit} " + "、".join(f"{d} 日" for d in sorted(rule._bymonthday))
    if freq == 2 and days:
        return (
            f"每{unit}"
            + ("的" if interval > 1 else "")
            + days.removeprefix("周" if interval == 1 else "")
        )
    if freq == 3 and not rule._bymonthday:
        return f"每{unit}" + (f"（{days}）" if days and len(rule._byweekday) < 7 else "")
    return None


def check(e: Exhibit, event_types: list[str], today: date) -> list[Found]:
    """An event's problems besides its schema's: its dates (E801, E802, E804, E806, E809), its type (E805), a past
    event still marked as open for booking (E803), a booking deadline after the start (E808), sources."""
    from hall.model.vocab import suggest

    m = e.meta
    dates, problems = schedule(m)
    if m.type not in event_types:
        near = suggest(m.type, event_types)
        problems.append(
            (("type",), codes.E805.of(type=m.type, near=near, choices="、".join(event_types)))
        )
    if (
        dates
        and m.status in ("报名中", "已满")
        and all(day_of(end or start) < today for start, end in dates)
    ):
        day = day_label(day_of(dates[-1][1] or dates[-1][0]))
        problems.append((("status",), codes.E803.of(day=day, status=m.status)))
    if m.booking and m.booking.deadline and dates:
        try:
            deadline = parse_when(m.booking.deadline, "报名截止时间")
            if sort_key(deadline) > sort_key(dates[0][0]):
                problems.append((("booking", "deadline"), codes.E808.of()))
        except DateProblem as p:
            problems.append((("booking", "deadline"), p.notice))
    if m.exhibits and not m.sources:
        problems.append((("exhibits",), codes.E102_EVENT_SOURCES.of()))
    return problems


# --- the calendar ------------------------------------------------------------------------------


@dataclass
class Calendar:
    """Every date of every event, and the day it is seen from."""

    today: date
    occurrences: list[Occurrence]

    @classmethod
    def of(cls, events: list[Exhibit], today: date) -> "Calendar":
        return cls(today, sorted((o for e in events for o in e.occurrences), key=lambda o: o.key))

    def upcoming(self, limit: int | None = None, of=None) -> list[Occurrence]:
        """Dates still to come (today's included), soonest first; of one event, or of the events using a lesson."""
        found = [
            o
            for o in self.occurrences
            if o.upcoming(self.today) and (of is None or _concerns(o.event, of))
        ]
        return found[:limit] if limit else found

    def past(self) -> list[Occurrence]:
        return [o for o in reversed(self.occurrences) if not o.upcoming(self.today)]

    def months(self) -> list[tuple[tuple[int, int], list[Occurrence]]]:
        """(year, month) and the dates on in that month (an exhibition over weeks is in each), for every month
        with one, in order."""
        found: dict[tuple[int, int], list[Occurrence]] = {}
        for o in self.occurrences:
            year, month = o.first_day.year, o.first_day.month
            while (year, month) <= (o.last_day.year, o.last_day.month):
                found.setdefault((year, month), []).append(o)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return sorted(found.items())


def _concerns(event: Exhibit, of: Exhibit) -> bool:
    return event is of or of in event.lessons


def month_weeks(year: int, month: int) -> list[list[date | None]]:
    """A month as weeks from Monday to Sunday; None before its first and after its last day."""
    first = date(year, month, 1)
    days = [None] * first.weekday()
    day = first
    while day.month == month:
        days.append(day)
        day += timedelta(days=1)
    days += [None] * (-len(days) % 7)
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def month_slug(year: int, month: int) -> str:
    return f"{year}-{month:02d}"
