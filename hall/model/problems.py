"""Problems found in curators' files, reported compiler-style in Chinese."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is, a stable code, what is wrong and how to fix it."""

    path: str
    line: int | None
    code: str
    message: str
    hint: str = ""

    @property
    def severity(self) -> str:
        return ERROR if self.code.startswith("E") else WARNING

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity} {self.code} {self.message}"
        return f"{text}（{self.hint}）" if self.hint else text

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": "error" if self.severity == ERROR else "warning"}


@dataclass
class Report:
    """Problems collected while loading and checking a hall."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self, path: str | Path, line: int | None, code: str, message: str, hint: str = ""
    ) -> None:
        self.problems.append(Problem(str(path), line, code, message, hint))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=lambda p: (p.path, p.line or 0, p.code, p.message))

    def format_text(self) -> str:
        lines = [p.format() for p in self.sorted()]
        lines.append(f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告。")
        return "\n".join(lines)

    def format_json(self) -> str:
        return json.dumps(
            {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.as_dict() for p in self.sorted()],
            },
            ensure_ascii=False,
            indent=2,
        )
