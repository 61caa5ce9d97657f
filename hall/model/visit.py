"""The hall's visiting information (参观信息), written under `plugins: - hall: visit:` in mkdocs.yml: name, address,
opening hours with closed days and holidays, booking, how to get there, a contact.

It is read from mkdocs.yml with a line for every key and checked like an exhibit's front matter (a time such as
17:00 is kept as written: YAML 1.1 would read it as the number 61200), shown on the page that asks for it
(`blocks: [参观信息]`) and in every page's footer, and published as schema.org `Museum` JSON-LD with
`openingHoursSpecification`, which map and search apps read. Its numbers are public: a file may repeat them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import Field

from hall.model import codes
from hall.model.config import child, hall_node
from hall.model.events import DateProblem, day_of, parse_when
from hall.model.loader import SAFE_LOADER, Source, _Converter
from hall.model.problems import Notice, Report
from hall.model.schema import TYPE_NAMES, Text, Url, When, _Model, validate_model

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_ALIASES = {
    **{d: i for i, d in enumerate(WEEKDAYS)},
    **{"星期" + d[1]: i for i, d in enumerate(WEEKDAYS)},
    "周天": 6,
    "星期天": 6,
}
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class Address(_Model):
    region: Text | None = Field(
        None, title="省/市/县", description="用“/”分隔，如 浙江省/杭州市/临安区"
    )
    street: Text | None = Field(None, title="街道门牌", description="如 某某路 1 号")
    building: Text | None = Field(None, title="楼宇楼层", description="如 职工之家四楼")
    postal_code: Text | None = Field(None, pattern=r"^\d{6}$", title="邮政编码")


class Hours(_Model):
    days: Text = Field(title="开放日", description="如 周二至周日，或 周六、周日")
    opens: Text = Field(title="开门", description="如 09:00")
    closes: Text = Field(title="闭馆", description="如 17:00")
    last_entry: Text | None = Field(None, title="停止入馆", description="如 16:30")


class Holiday(_Model):
    date: When = Field(title="日期", description="如 2027-02-17")
    until: When | None = Field(None, title="到哪天", description="连续几天时写最后一天")
    name: Text = Field(title="名称", description="如 春节")
    opens: Text | None = Field(None, title="开门", description="不填表示闭馆")
    closes: Text | None = Field(None, title="闭馆")


class VisitBooking(_Model):
    phone: Text | None = Field(None, title="预约电话", description="公开的服务电话")
    url: Url | None = Field(None, title="预约网址")
    note: Text | None = Field(None, title="预约说明", description="如 团体参观请提前三天预约")


class VisitInfo(_Model):
    example: bool = Field(
        False, title="示例", description="这些信息是演示用的虚构内容时填 true：页面和页脚注明“示例”"
    )
    name: Text | None = Field(None, title="场馆名称", description="不填时用 site_name")
    address: Address | None = Field(None, title="地址")
    hours: list[Hours] = Field(default_factory=list, title="开放时间")
    closed_note: Text | None = Field(None, title="闭馆说明", description="如 逢法定节假日照常开放")
    holidays: list[Holiday] = Field(
        default_factory=list, title="节假日", description="闭馆或开放时间不同的日子"
    )
    free: bool | None = Field(None, title="免费开放")
    phone: Text | None = Field(None, title="咨询电话")
    email: Text | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", title="电子邮箱")
    booking: VisitBooking | None = Field(None, title="预约")
    transport: list[Text] = Field(
        default_factory=list, title="交通", description="每项一种到馆方式，如 公交：…"
    )


@dataclass
class Visit:
    """The checked visiting information and what is worked out from it."""

    info: VisitInfo
    name: str
    hours: list[tuple[list[int], str, str, str | None]] = field(
        default_factory=list
    )  # (weekdays, opens, closes, last)

    @property
    def closed_days(self) -> list[int]:
        """Weekdays no opening hours cover."""
        open_days = {d for days, *_ in self.hours for d in days}
        return [d for d in range(7) if open_days and d not in open_days]

    def hours_lines(self) -> list[str]:
        """周二至周日 9:00—17:00（16:30 停止入馆）; 周一闭馆."""
        lines = [
            f"{_days_text(days)} {_clock(opens)}—{_clock(closes)}"
            + (f"（{_clock(last)} 停止入馆）" if last else "")
            for days, opens, closes, last in self.hours
        ]
        if self.closed_days:
            lines.append(_days_text(self.closed_days) + "闭馆")
        return lines

    def numbers(self) -> list[str]:
        """The public numbers: a file may repeat them without a private-data error."""
        b = self.info.booking
        return [n for n in (self.info.phone, b.phone if b else None) if n]

    @property
    def address_text(self) -> str:
        a = self.info.address
        if a is None:
            return ""
        return "".join(x for x in ((a.region or "").replace("/", ""), a.street, a.building) if x)


def _days_text(days: list[int]) -> str:
    """Consecutive weekdays as 周二至周日, others as 周六、周日."""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAYS[days[0]]}至{WEEKDAYS[days[-1]]}"
    return "、".join(WEEKDAYS[d] for d in days)


def _clock(text: str) -> str:
    return text.lstrip("0") if text.startswith("0") and not text.startswith("00") else text


def public_numbers(found: Visit | None) -> list[str]:
    """The numbers a hall's visiting information makes public (Visit.numbers); none without it."""
    return found.numbers() if found else []


def read_visit(config_file: Path | None, rel: str, report: Report) -> Visit | None:
    """The `visit` section of the hall plugin in mkdocs.yml, checked (problems go to `report` with the line in
    mkdocs.yml); None when there is none or it is wrong."""
    if config_file is None or not config_file.is_file():
        return None
    node = _visit_node(
        yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=SAFE_LOADER)
    )
    if node is None:
        return None
    source = Source(path=config_file)
    source.data = _Converter(source, 1, report, rel).convert(node, ())
    if not isinstance(source.data, dict):
        expected = TYPE_NAMES["dict"]
        report.add(
            codes.E103.at(rel, source.line_of(()), label="“visit”（参观信息）", expected=expected)
        )
        return None
    info = validate_model(VisitInfo, source, rel, report)
    if info is None:
        return None
    visit = Visit(info, info.name or "")
    for loc, notice in [*_hours_problems(visit), *_holiday_problems(info)]:
        report.add(notice.at(rel, source.line_of(loc)))
    return visit


def _visit_node(root) -> yaml.Node | None:
    """plugins → the `hall` entry → visit, in a composed mkdocs.yml."""
    return child(hall_node(root), "visit")


def _hours_problems(visit: Visit) -> list[tuple[tuple, Notice]]:
    problems, seen = [], set()
    for i, h in enumerate(visit.info.hours):
        days = _weekdays(h.days)
        if days is None:
            problems.append((("hours", i, "days"), codes.E807.of(days=h.days)))
            continue
        if seen & set(days):
            twice = _days_text(sorted(seen & set(days)))
            problems.append((("hours", i, "days"), codes.E807_TWICE.of(days=twice)))
        seen |= set(days)
        for name in ("opens", "closes", "last_entry"):
            value = getattr(h, name)
            if value is not None and not _CLOCK.match(value):
                problems.append((("hours", i, name), codes.E807_TIME.of(value=value)))
        if all(_CLOCK.match(x) for x in (h.opens, h.closes)) and _minutes(h.closes) <= _minutes(
            h.opens
        ):
            closes = codes.E807_CLOSES.of(closes=h.closes, opens=h.opens)
            problems.append((("hours", i, "closes"), closes))
        visit.hours.append(
            (days, pad(h.opens), pad(h.closes), pad(h.last_entry) if h.last_entry else None)
        )
    return problems


def _holiday_problems(info: VisitInfo) -> list[tuple[tuple, Notice]]:
    problems = []
    for i, h in enumerate(info.holidays):
        try:
            first = day_of(parse_when(h.date, "节假日日期"))
            if h.until and day_of(parse_when(h.until, "节假日的最后一天")) < first:
                problems.append((("holidays", i, "until"), codes.E802_HOLIDAY.of(text=h.until)))
        except DateProblem as p:
            problems.append((("holidays", i, "date"), p.notice))
        for name in ("opens", "closes"):
            if (value := getattr(h, name)) is not None and not _CLOCK.match(value):
                wrong = codes.E807_HOLIDAY_TIME.of(value=value)
                problems.append((("holidays", i, name), wrong))
    return problems


def _weekdays(text: str) -> list[int] | None:
    """周二至周日 → [1, …, 6]; 周六、周日 → [5, 6]; None when a name is unknown."""
    days: list[int] = []
    for part in re.split(r"[、，,\s]+", text.strip()):
        ends = re.split(r"[至到~—-]+", part)
        if not part or any(e not in _ALIASES for e in ends) or len(ends) > 2:
            return None
        a, b = _ALIASES[ends[0]], _ALIASES[ends[-1]]
        days += list(range(a, b + 1)) if a <= b else [*range(a, 7), *range(0, b + 1)]
    return sorted(set(days))


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def pad(text: str) -> str:
    return text.zfill(5)
