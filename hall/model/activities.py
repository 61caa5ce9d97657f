"""Activity records (社会活动记录): what a model worker did for others, each dated and sourced, as the 劳模管理系统
of a union keeps them (seed 002: 基本信息、荣誉记录、社会活动记录). Checked here (E851-E854), shown on the profile
as a timeline in the order they happened, counted in registers (hall.registers.tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hall.model import codes
from hall.model.exhibit import Exhibit
from hall.model.problems import Code, Notice
from hall.model.vocab import suggest

KIND = "people"

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


def check(e: Exhibit, types: list[str], today: date) -> list[tuple[tuple, Notice]]:
    """(key path, notice) for each problem of a person's activities, dates seen from `today`."""
    found = []

    def add(loc: tuple, code: Code, **values) -> None:
        found.append((loc, code.of(**values)))

    born = e.get("birth_year")
    for i, a in enumerate(e.get("activities", [])):
        n = i + 1
        if a.type not in types:
            near = suggest(a.type, types)
            add(
                ("activities", i, "type"),
                codes.E851,
                n=n,
                value=a.type,
                near=NEAR.format(near=near) if near else CHOICES.format(choices="、".join(types)),
            )
        day = when(a.date)
        if day is None:
            add(("activities", i, "date"), codes.E852, n=n, value=a.date)
        elif day.first > today:
            add(
                ("activities", i, "date"),
                codes.E853,
                n=n,
                value=a.date,
                what=f"在今天（{today.isoformat()}）之后",
            )
        elif born and day.year < born:
            add(
                ("activities", i, "date"),
                codes.E853,
                n=n,
                value=a.date,
                what=f"早于出生年份 {born}",
            )
        if a.source is None:
            add(("activities", i), codes.E854, n=n)
    return found


def timeline(e: Exhibit) -> list[tuple[When, object]]:
    """A person's activities in the order they happened (a month or year alone before the days within it); none
    for other kinds (a lesson's `activities` are its steps)."""
    if e.kind != KIND:
        return []
    dated = [(day, a) for a in e.get("activities", []) if (day := when(a.date))]
    return sorted(dated, key=lambda x: (x[0].year, x[0].month or 0, x[0].day or 0))


def count(e: Exhibit) -> int:
    return len(e.get("activities", []))
