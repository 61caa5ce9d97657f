"""Problems found in curators' files, reported compiler-style in Chinese; errors that stop a command.

Every problem is made from an entry of the catalogue (hall.model.codes): a `Code` holds a code's
words once, as templates; `E104.at(path, line, label=…, value=…)` is the problem in a file,
`E104.of(…)` the same words not yet placed (said where the file is not known, or carried by an
exception).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ERROR = "错误"
WARNING = "警告"
EXIT_ERRORS, EXIT_USAGE = 1, 2


def _severity(code: str) -> str:
    return ERROR if code.startswith("E") else WARNING


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
        return _severity(self.code)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity} {self.code} {self.message}"
        return f"{text}（{self.hint}）" if self.hint else text

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": "error" if self.severity == ERROR else "warning"}


@dataclass(frozen=True)
class Notice:
    """A problem said but not yet placed in a file."""

    code: str
    message: str
    hint: str = ""

    def at(self, path: str | Path, line: int | None) -> Problem:
        return Problem(str(path), line, self.code, self.message, self.hint)

    def hinting(self, more: str) -> Notice:
        """The same notice, its hint followed by `more` (a fix only for where it was found)."""
        return replace(self, hint=self.hint + more)

    def reworded(self, template: str, **fields) -> Notice:
        """The same notice, its message put into a catalogue's template (`{message}`, `fields`)."""
        return replace(self, message=template.format(message=self.message, **fields))


@dataclass(frozen=True)
class Code:
    """A code of the catalogue. `message` and `hint` are str.format templates whose named fields
    the check fills in; `near` is the hint when a close match was found (the field `near`)."""

    code: str
    message: str
    hint: str = ""
    near: str = ""

    @property
    def severity(self) -> str:
        return _severity(self.code)

    def of(self, **fields) -> Notice:
        hint = self.near if self.near and fields.get("near") else self.hint
        return Notice(self.code, self.message.format(**fields), hint.format(**fields))

    def at(self, path: str | Path, line: int | None, /, **fields) -> Problem:
        return self.of(**fields).at(path, line)

    def variant(self, **changes: str) -> Code:
        """The same code in another situation: another message or hint."""
        return replace(self, **changes)


class Refusal(Exception):
    """An input that cannot be used (an image, a date, a register file), raised with its notice."""

    def __init__(self, notice: Notice):
        super().__init__(
            notice
        )  # the only argument, so it survives the trip back from a worker process
        self.notice = notice

    code = property(lambda self: self.notice.code)
    message = property(lambda self: self.notice.message)
    hint = property(lambda self: self.notice.hint)

    def __str__(self) -> str:
        return self.notice.message


class HallError(Exception):
    """An operational error that stops a command (a mistake in it, a build that failed): its
    Chinese message is printed, then `then` if any, and the command exits with `exit_code`."""

    exit_code = EXIT_ERRORS
    then = ""


@dataclass
class Report:
    """Problems collected while loading and checking a hall."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

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
