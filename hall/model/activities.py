"""Activity records (社会活动记录): what a model worker did for others, each dated and sourced, as the 劳模管理系统
of a union keeps them (seed 002: 基本信息、荣誉记录、社会活动记录). Checked here (E851-E854), shown on the profile
as a timeline in the order they happened, counted in registers (hall.registers.tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hall.model.exhibit import Exhibit
from hall.model.vocab import suggest

KIND = "people"

# Each code's words, once (they move into hall.model.problems' catalogue).
CODES = {
    "E851": (
        "第 {n} 项社会活动的类型“{value}”不在词表中",
        "{near}新的类型可在 mkdocs.yml 的 vocabularies.activity_types 中登记",
    ),
    "E852": (
        "第 {n} 项社会活动的日期“{value}”写法不对或不存在",
        "写成 2023-05-09；来源只写到月份或年份时写 2023-05 或 2023（加引号也可以）",
    ),
    "E853": (
        "第 {n} 项社会活动的日期 {value} {what}",
        "照资料来源改正日期；这里只记已经举行的活动，将来的活动写在 exhibits/events/",
    ),
    "E854": (
        "第 {n} 项社会活动没有资料来源 source",
        "在 source 下写明报道的标题 title 和发布单位 publisher；说不出出处的活动不要记",
    ),
}
NEAR = "是不是“{near}”？"
CHOICES = "可选：{choices}。"
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class When:
    """A day, a month or a year, as precise as the source."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def iso(self) -> str:
        return "-".join([f"{self.year:04d}", *(f"{x:02d}" for x in (self.month, self.day) if x)])

    @property
    def label(self) -> str:
        return (
            f"{self.year}年"
            + (f"{self.month}月" if self.month else "")
            + (f"{self.day}日" if self.day else "")
        )


def when(text: str) -> When | None:
    """The date of an activity as written, or None when it is no date (2023-02-30, 去年)."""
    match = _DATE.match(str(text).strip())
    if not match:
        return None
    year, month, day = (int(x) if x else None for x in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return When(year, month, day)


def check(e: Exhibit, types: list[str], today: date) -> list[tuple[tuple, str, str, str]]:
    """(key path, code, message, hint) for each problem of a person's activities, dates seen from `today`."""
    found = []

    def add(loc: tuple, code: str, **values) -> None:
        message, hint = CODES[code]
        found.append((loc, code, message.format(**values), hint.format(**values)))

    born = e.get("birth_year")
    for i, a in enumerate(e.get("activities", [])):
        n = i + 1
        if a.type not in types:
            near = suggest(a.type, types)
            add(
                ("activities", i, "type"),
                "E851",
                n=n,
                value=a.type,
                near=NEAR.format(near=near) if near else CHOICES.format(choices="、".join(types)),
            )
        day = when(a.date)
        if day is None:
            add(("activities", i, "date"), "E852", n=n, value=a.date)
        elif day.first > today:
            add(
                ("activities", i, "date"),
                "E853",
                n=n,
                value=a.date,
                what=f"在今天（{today.isoformat()}）之后",
            )
        elif born and day.year < born:
            add(("activities", i, "date"), "E853", n=n, value=a.date, what=f"早于出生年份 {born}")
        if a.source is None:
            add(("activities", i), "E854", n=n)
    return found


def timeline(e: Exhibit) -> list[tuple[When, object]]:
    """A person's activities in the order they happened (a month or year alone before the days within it)."""
    dated = [(day, a) for a in e.get("activities", []) if (day := when(a.date))]
    return sorted(dated, key=lambda x: (x[0].year, x[0].month or 0, x[0].day or 0))


def count(e: Exhibit) -> int:
    return len(e.get("activities", []))
