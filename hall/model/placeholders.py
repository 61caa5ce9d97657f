"""The `new` templates (hall/templates/new-<kind>.md) and their example texts: a file that still holds one of
them was not filled in, and would publish an instruction as a fact (E109).

The example texts are read from the templates themselves: every text value of a template's front matter (the
name aside) and every line of its body. The templates are written so that none of these could be a real value:
a field whose example would be a plausible fact (a region, a trade, an honor) is left empty there, with the
example in its comment. A Markdown heading (a line such as **教学提示**) is the body's structure, kept on
purpose, so it is not an example.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from importlib.resources import files

import frontmatter
import yaml

from hall.model import codes
from hall.model.loader import Source, scalars
from hall.model.problems import Notice, Report
from hall.model.schema import ALL_KINDS, field_at, key_text

# The body of a brief profile `hall import --profiles` writes: an instruction to the curator, never published
# (hall.model.exhibit.Exhibit.story), and a warning until it is replaced (W110)
STUB_STORY = (
    "（待补充：这是根据工会名录自动建立的简要档案。请根据可靠资料在这里撰写他（她）的事迹，"
    "并在 sources 中注明出处。）"
)


def unwritten(body: str) -> bool:
    """Whether a file's body is still STUB_STORY."""
    return body.strip() == STUB_STORY


NAME = "{name}"  # where `new` writes the exhibit's name
HEADING = re.compile(r"^(#+\s|\*\*[^*]+\*\*$)")


def template(kind: str) -> str:
    """The text of the `new` template for a kind (a folder name such as people)."""
    return files("hall").joinpath("templates", f"new-{kind}.md").read_text(encoding="utf-8")


@cache
def examples(kind: str) -> tuple[dict[tuple, frozenset[str]], tuple[str, ...]]:
    """A template's example texts: by key path (list positions as None, so that a copied second item is one
    too), and the body's lines."""
    front, body = frontmatter.YAMLHandler().split(template(kind).replace(NAME, '""'))
    fields = defaultdict(set)
    for loc, value in scalars(yaml.safe_load(front)):
        if isinstance(value, str) and value.strip():
            fields[_general(loc)].add(value.strip())
    lines = (line.strip() for line in body.splitlines())
    return {k: frozenset(v) for k, v in fields.items()}, tuple(
        line for line in lines if line and not HEADING.match(line)
    )


def check(kind: str, source: Source, rel: str, report: Report) -> None:
    """E109 for every example text of the kind's template still in the file, front matter and body; W110 for the
    body of a brief profile not written yet."""
    if unwritten(source.body):
        before = source.body[: source.body.index(STUB_STORY)]
        report.add(codes.W110.at(rel, source.body_line + before.count("\n")))
    fields, lines = examples(kind)
    for loc, value in scalars(source.data):
        if isinstance(value, str) and value.strip() in fields.get(_general(loc), ()):
            report.add(_example(kind, loc).at(rel, source.line_of(loc)))
    # an example line is within one of the story's lines, if it is in the story at all
    if not any(line in source.body for line in lines):
        return
    for i, text in enumerate(source.body.split("\n")):
        if any(line in text for line in lines):  # also when the curator wrote on after the example
            report.add(codes.E109_BODY.at(rel, source.body_line + i))


def _general(loc: tuple) -> tuple:
    return tuple(None if isinstance(part, int) else part for part in loc)


def _label(kind: str, loc: tuple) -> str:
    field = field_at(ALL_KINDS[kind], loc)
    return f"“{key_text(loc)}”（{field.title}）" if field and field.title else f"“{key_text(loc)}”"


def _example(kind: str, loc: tuple) -> Notice:
    """E109 for an example text left in a field, with the field's own description as the hint."""
    field, label = field_at(ALL_KINDS[kind], loc), _label(kind, loc)
    if field is None:
        return codes.E109.of(label=label)
    code = codes.E109_REQUIRED if field.is_required() else codes.E109_OPTIONAL
    return code.of(
        label=label,
        whose="这节课的"
        if kind == "lessons"
        else "真实的",  # a lesson is planned, not a fact found in a source
        title=field.title or loc[-1],
        about=f"：{field.description}" if field.description else "",
    )
