"""The form of each exhibit kind, made from the JSON Schema `hall schema` exports (hall.model.schema), for
@json-editor/json-editor: references inlined, "X or null" made an optional X, every label the field's Chinese
title, and the vocabularies given as suggestions (HTML datalists: free text, suggested as one types, which is
what a title like 台州市劳动模范 needs: city and county titles cannot all be listed)."""

from __future__ import annotations

import copy

from hall.model.exhibit import Hall
from hall.model.schema import ALL_KINDS, GRADE_BANDS, KIND_LABELS, SECTION_LABELS
from hall.model.vocab import Vocabulary

# Field (by key path, items as "*") → the datalist that suggests its values.
LISTS = {
    "trade": "trades",
    "region": "regions",
    "era": "eras",
    "category": "categories",
    "type": "collective_types",
    "honors.*.title": "honors",
    "related.*": "exhibits",
    "exhibits.*": "exhibits",
    "maker": "people",
    "leader": "people",
    "members.*": "people",
    "mentors.*": "people",
    "mentors.*.slug": "people",
    "apprentices.*": "people",
    "apprentices.*.slug": "people",
    "tags.*": "tags",
    "activities.*.type": "activity_types",
}
LISTS_OF_KIND = {
    "events": {"type": "event_types", "lessons.*": "lessons"}
}  # an event's type is no collective's
LABELS = {**KIND_LABELS, **SECTION_LABELS}
TEXTAREAS = {"description", "concept", "ability", "habits", "spirit", "note"}
# The kind's own fields first (a person's name, region, trade…), then those every exhibit has.
COMMON_LAST = [
    "summary",
    "honors",
    "portrait",
    "images",
    "sources",
    "related",
    "tags",
    "era",
    "added",
    "featured",
    "public_numbers",
]
ITEM_TITLES = {
    "Honor": "荣誉",
    "SourceRef": "来源",
    "Image": "图片",
    "Activity": "环节",
    "WorksheetTask": "任务",
    "Tie": "师徒",
    "SocialActivity": "活动",
}


def form_schema(kind: str) -> dict:
    """The form's JSON Schema of one kind (a folder name: people, artifacts… pages and events too)."""
    raw = ALL_KINDS[kind].model_json_schema()
    defs = raw.pop("$defs", {})
    schema = _prepare(raw, defs, (), LISTS | LISTS_OF_KIND.get(kind, {}))
    schema["title"] = LABELS[kind]
    own = [k for k in schema["properties"] if k not in COMMON_LAST]
    for i, key in enumerate(own + [k for k in COMMON_LAST if k in schema["properties"]]):
        schema["properties"][key]["propertyOrder"] = i + 1
    return schema


def _prepare(node: dict, defs: dict, loc: tuple, lists: dict) -> dict:
    """One schema node for the form; `loc` is its key path (list items as "*")."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        own = {
            k: v for k, v in copy.deepcopy(defs[name]).items() if k != "description"
        }  # a class docstring
        resolved = {**own, **{k: v for k, v in node.items() if k != "$ref"}}
        resolved["title"] = node.get("title") or ITEM_TITLES.get(name, name)
        return _prepare(resolved, defs, loc, lists)
    branches = node.get("anyOf", [])
    if {"type": "null"} in branches:  # optional: the form leaves it empty
        rest = [b for b in branches if b != {"type": "null"}]
        merged = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
        return _prepare(
            {**merged, **(rest[0] if len(rest) == 1 else {"anyOf": rest})}, defs, loc, lists
        )
    out = dict(node)
    if "properties" in out:
        out["properties"] = {
            key: _prepare(value, defs, loc + (key,), lists)
            for key, value in out["properties"].items()
        }
    if isinstance(out.get("items"), dict):
        out["items"] = _prepare(out["items"], defs, loc + ("*",), lists)
        out["items"].setdefault("title", out.get("title", ""))
    if "anyOf" in out:
        out["anyOf"] = [_prepare(branch, defs, loc, lists) for branch in out["anyOf"]]
        for branch in out["anyOf"]:
            branch.setdefault("title", "文字")
    _widgets(out, loc, lists)
    return out


def _widgets(node: dict, loc: tuple, lists: dict) -> None:
    """How a field is shown: suggestions, a text area, a box to tick, an empty choice for an optional one."""
    path = ".".join(str(p) for p in loc)
    options = node.setdefault("options", {})
    if path in lists and node.get("type") == "string":
        options["inputAttributes"] = {"list": f"hall-list-{lists[path]}", "autocomplete": "off"}
    if node.get("type") == "string" and loc and loc[-1] in TEXTAREAS:
        node["format"] = "textarea"
    if node.get("type") == "boolean":
        node["format"] = "checkbox"
    if "enum" in node and loc and loc[-1] == "gender":
        node["enum"] = ["", *node["enum"]]
        options["enum_titles"] = ["（不填）", *node["enum"][1:]]
    if "enum" in node and loc == ("grade",):
        options["enum_titles"] = [f"{band}（{GRADE_BANDS[band]}）" for band in node["enum"]]
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if (
        "enum" in node
    ):  # json-editor drops an optional choice's value set as the first one unless it has a default
        node.setdefault("default", node["enum"][0])
    if not options:
        node.pop("options")


def region_tree(vocab: Vocabulary, regions: list[str]) -> dict[str, dict[str, list[str]]]:
    """Province → city → counties, for the region pickers: every province of the vocabulary, and below them the
    cities and counties the hall's exhibits and registers name (no boundary data: the hall's own words)."""
    tree: dict[str, dict[str, set[str]]] = {p: {} for p in vocab.provinces}
    for region in regions:
        parts = region.split("/")
        if parts[0] in tree and len(parts) > 1 and vocab.region_problem(region) is None:
            counties = tree[parts[0]].setdefault(parts[1], set())
            if len(parts) > 2:
                counties.add("/".join(parts[2:]))
    return {p: {c: sorted(k) for c, k in sorted(cities.items())} for p, cities in tree.items()}


def suggestions(
    vocab: Vocabulary, hall: Hall, more_regions: list[str] = ()
) -> dict[str, list[list[str]]]:
    """The datalists: [value, label] pairs (a label helps to find an exhibit by its name or its pinyin); the
    regions as a tree for their pickers."""
    named = [e.region for e in hall.exhibits if e.region] + list(more_regions)
    regions: set[str] = set(vocab.provinces)
    for region in named:
        parts = region.split("/")
        regions |= {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}
    honors = dict.fromkeys(
        [*vocab.honors, *(h.title for e in hall.exhibits for h in e.get("honors", []))]
    )
    exhibits = sorted(hall.exhibits, key=lambda e: (e.kind, e.pinyin))
    return {
        "trades": [[t.name, t.code] for t in vocab.trades],
        "regions": [[r, ""] for r in sorted(regions)],
        "eras": [[era.name, era.span] for era in vocab.eras],
        "categories": [[c, ""] for c in vocab.categories],
        "collective_types": [[c, ""] for c in vocab.collective_types],
        "activity_types": [[c, ""] for c in vocab.activity_types],
        "event_types": [[c, ""] for c in vocab.event_types],
        "honors": [[t, (lv.name if (lv := vocab.honor_level(t)) else "")] for t in honors],
        "exhibits": [[e.slug, f"{e.title} {e.pinyin}（{KIND_LABELS[e.kind]}）"] for e in exhibits],
        "people": [[e.slug, f"{e.title} {e.pinyin}"] for e in exhibits if e.kind == "people"],
        "lessons": [[e.slug, f"{e.title} {e.pinyin}"] for e in exhibits if e.kind == "lessons"],
        "tags": [[t, ""] for t in sorted({t for e in hall.exhibits for t in e.get("tags", [])})],
        "region_tree": region_tree(vocab, named),
    }
