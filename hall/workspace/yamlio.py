"""An exhibit file as the form sees it (JSON), and the form's values written back into the file.

ruamel.yaml's round-trip mode keeps what the curator wrote around the values the form changed: comments,
key order, flow lists (`tags: [a, b]`) and the quoting of untouched values. A value the form did not change
keeps its node as it was; a new text value that YAML 1.1 would read as something else (`no`, `2020-11-27`,
`0571`) is written in quotes, since the hall's loader refuses it plain where text is meant (E105).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

BOM = "\ufeff"
_FRONT_MATTER = re.compile(
    r"\A(\ufeff?)---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL | re.MULTILINE
)
_RESOLVER = yaml.resolver.Resolver()  # PyYAML's, as the hall's loader reads the file (YAML 1.1)


class Unreadable(Exception):
    """The file's front matter cannot be read into the form (the check's own problems say why)."""


class _Constructor(RoundTripConstructor):
    """A date that is no date (2026-02-30) stays the text it is, written back as it was: the check reports it
    (E801, E103) at its field, which the form can show only if it can read the file."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return NotADate(node.value)


class NotADate(str):
    """The text of a date that does not exist, kept plain as written."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
RoundTripRepresenter.add_representer(
    NotADate, lambda r, value: r.represent_scalar("tag:yaml.org,2002:timestamp", str(value))
)


# a key, then (past blank and comment lines) the first item of its block list
_LIST = re.compile(
    r"^([ \t]*)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*([ \t]*)- ", re.M
)


def _yaml(like: str = "") -> YAML:
    """The round-trip reader and writer; lists laid out as in `like` (a file's front matter): "- " at their key's
    own column, as PyYAML and many editors write them, or "  - " under it, the templates' and samples' layout
    (ruamel.yaml writes every list one way)."""
    y = YAML(typ="rt")
    y.Constructor = _Constructor
    flush = (found := _LIST.search(like)) is not None and len(found[2]) == len(found[1])
    y.indent(mapping=2, sequence=2 if flush else 4, offset=0 if flush else 2)
    y.width = 100_000  # never fold a long summary onto a second line
    y.preserve_quotes = True
    return y


def split(text: str) -> tuple[str, str, str]:
    """(BOM or "", front matter without its --- lines, story) of an exhibit file's text."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise Unreadable("no front matter")
    return match[1], match[2], match[3]


def load(front_matter: str) -> CommentedMap:
    try:
        data = _yaml().load(front_matter)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise Unreadable(str(exc)) from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise Unreadable("not a mapping")
    return data


def dump(data: CommentedMap, like: str = "") -> str:
    """Front matter written back, its lists laid out as in `like` (the file's front matter as it was)."""
    out = io.StringIO()
    if data:
        _yaml(like).dump(data, out)
    return out.getvalue()


def as_json(value: Any) -> Any:
    """Front matter as plain JSON values (dates as the text they were written as)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def empty(value: Any) -> bool:
    """What a form sends for a field left blank: the file gets no key for it."""
    return value is None or value == "" or value == [] or value == {}


def blank(value: Any) -> bool:
    """Nothing but blanks, however nested: a template's `honors: [{title: }]` holds no value yet."""
    if isinstance(value, dict):
        return all(blank(v) for v in value.values())
    if isinstance(value, list):
        return all(blank(v) for v in value)
    return empty(value)


def clean(value: Any) -> Any:
    """The form's values without the blanks (an honor left empty is no honor) and without surrounding spaces."""
    if isinstance(value, dict):
        kept = {k: clean(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if not empty(v)}
        return (
            {} if all(v is False for v in kept.values()) else kept
        )  # a photo left empty but its boxes
    if isinstance(value, list):
        return [item for item in map(clean, value) if not empty(item)]
    return value.strip() if isinstance(value, str) else value


def merge(old: Any, new: Any, schema: dict) -> Any:
    """`new` (the form's JSON) written over `old` (ruamel's nodes), keeping the old node wherever the value is the
    same. `schema` is the form's schema of the value: only keys it knows are removed when the form leaves them
    out (a key the form does not know is the curator's, kept for the check to report), and a new key goes after
    the keys the schema puts before it."""
    if isinstance(new, dict):
        return _merge_map(
            old if isinstance(old, CommentedMap) else CommentedMap(), new, _branch(schema, dict)
        )
    if isinstance(new, list):
        target = old if isinstance(old, CommentedSeq) else CommentedSeq()
        items = [item for item in new if not empty(item)]
        for i, item in enumerate(items):
            if i < len(target):
                if not _same(target[i], item):
                    target[i] = merge(target[i], item, schema.get("items", {}))
            else:
                target.append(merge(None, item, schema.get("items", {})))
        del target[len(items) :]
        return target
    return old if _same(old, new) else _scalar(new)


def _branch(schema: dict, kind: type) -> dict:
    """The schema of a value that may be text or a mapping (a worksheet task), for the one given."""
    branches = schema.get("anyOf")
    if not branches:
        return schema
    wanted = "object" if kind is dict else "string"
    return next((b for b in branches if b.get("type") == wanted), {})


def _merge_map(target: CommentedMap, new: dict, schema: dict) -> CommentedMap:
    known = schema.get("properties", {})
    order = sorted(known, key=lambda k: known[k].get("propertyOrder", 0))
    for key in [
        k for k in target if k in known and (k not in new or empty(new[k])) and not blank(target[k])
    ]:
        del target[key]  # a key left blank in the file (a template's "category:") stays as it was
    for key, value in new.items():
        if empty(value) or (key not in target and value is False):  # an unticked box is the default
            continue
        if key in target:
            if not _same(target[key], value):
                target[key] = merge(target[key], value, known.get(key, {}))
            continue
        target.insert(_place(target, key, order), key, merge(None, value, known.get(key, {})))
    return target


def _place(target: CommentedMap, key: str, order: list[str]) -> int:
    """Where a new key goes: after the last existing key that the schema lists before it."""
    if key not in order:
        return len(target)
    before = set(order[: order.index(key)])
    places = [i + 1 for i, existing in enumerate(target) if existing in before]
    return max(places) if places else 0


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return as_json(old) == new
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, str) and isinstance(
        new, str
    ):  # the form strips: a block's final newline is no change
        return str(old).strip() == new.strip()
    return as_json(old) == new and type(as_json(old)) is type(new)


def _scalar(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value.replace("\r\n", "\n"))
    if (
        isinstance(value, str)
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"
    ):
        return DoubleQuotedScalarString(value)
    return value


def compose(bom: str, front_matter: str, story: str) -> str:
    return f"{bom}---\n{front_matter}---\n{story}"
