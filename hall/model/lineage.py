"""Mentors and apprentices (名师带徒): pairings named in either person's file, checked (E841-E849), shown on
both pages, and drawn as lineages: a mentor's apprentices and theirs.

A pairing is named by the mentor (`apprentices`) or by the apprentice (`mentors`), or by both; a person outside
the hall is a name, never an identity: two files naming 李师傅 may mean two people, so names stay leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from hall.model import codes
from hall.model.exhibit import Exhibit, Hall
from hall.model.problems import Code, Problem
from hall.model.schema import KIND_LABELS
from hall.model.vocab import suggest

KIND = "people"
FIELDS = {"mentors": "师傅", "apprentices": "徒弟"}
OTHER = {"mentors": "apprentices", "apprentices": "mentors"}

NEAR = "是不是“{near}”？"


def _problem(e: Exhibit, line: int | None, code: Code, **values) -> Problem:
    return code.at(e.rel, line, **values)


@dataclass(frozen=True)
class Written:
    """One item of a person's `mentors` or `apprentices`, as written."""

    field: str
    index: int
    slug: str | None
    name: str | None
    since: int | None = None
    note: str | None = None


@dataclass(eq=False)
class Pair:
    """A mentor and an apprentice (either may be a name only), with the files and items that name them."""

    mentor: Exhibit | None
    apprentice: Exhibit | None
    mentor_name: str = ""
    apprentice_name: str = ""
    since: int | None = None
    note: str | None = None
    said: list[tuple[Exhibit, Written]] = field(default_factory=list)

    def other(self, e: Exhibit) -> tuple[Exhibit | None, str]:
        """The other side of the pairing, seen from `e`: its exhibit (None for a name) and its name."""
        if self.mentor is e:
            return self.apprentice, self.apprentice_name
        return self.mentor, self.mentor_name


def written(e: Exhibit) -> list[Written]:
    items = []
    for name in FIELDS:
        for i, x in enumerate(e.get(name, [])):
            if isinstance(x, str):
                items.append(Written(name, i, x, None))
            else:
                items.append(Written(name, i, x.slug, x.name, x.since, x.note))
    return items


def has_ties(hall: Hall) -> bool:
    """Whether any person names a mentor or an apprentice (the 传承 page and its navigation entry)."""
    people = (
        e for e in getattr(hall, "exhibits", ()) if e.kind == KIND
    )  # default_nav may get a stand-in of pages only
    return any(e.get("mentors") or e.get("apprentices") for e in people)


def _tied(hall: Hall) -> list[Exhibit]:
    """The people who name a mentor or an apprentice: in most halls a few among thousands."""
    return [e for e in hall.of_kind(KIND) if e.get("mentors") or e.get("apprentices")]


def problems(hall: Hall, slugs: dict[str, Exhibit] | None = None) -> list[Problem]:
    """Everything wrong with the pairings, in each file and between files (`slugs`: hall.by_slug(), when the
    caller has it)."""
    slugs = slugs or hall.by_slug()
    found: list[Problem] = []
    edges: dict[tuple[str, str], list[tuple[Exhibit, Written]]] = {}
    for e in _tied(hall):
        for (mentor, apprentice), said in _own(e, slugs, hall.invalid, found).items():
            edges.setdefault((mentor, apprentice), []).append(said)
    found += _between(edges, slugs)
    return found


def _own(e: Exhibit, slugs: dict, invalid: set[str], found: list) -> dict:
    """One file's problems; its valid pairings between exhibits as {(mentor, apprentice): (e, item)}."""
    seen: dict[tuple, Written] = {}
    edges = {}
    for w in written(e):
        line, label = e.line(w.field, w.index), FIELDS[w.field]
        if (w.slug is None) == (w.name is None):
            what = "既写了 slug 又写了 name" if w.slug else "没有写 slug 或 name"
            found.append(_problem(e, line, codes.E848, label=label, n=w.index + 1, what=what))
            continue
        key = ("slug", w.slug) if w.slug else ("name", w.name)
        who = w.slug or w.name
        if (first := seen.get(key)) is not None:
            if first.field == w.field:
                found.append(
                    _problem(
                        e,
                        line,
                        codes.E844,
                        label=label,
                        who=who,
                        first=first.index + 1,
                        n=w.index + 1,
                    )
                )
            else:
                where = f"{FIELDS[first.field]}第 {first.index + 1} 项和{label}第 {w.index + 1} 项都写了“{who}”"
                found.append(_problem(e, line, codes.E845, a=e.title, b=who, where=where))
            continue
        seen[key] = w
        if w.name:
            continue
        target = slugs.get(w.slug)
        if target is None:
            if w.slug not in invalid:
                near = suggest(w.slug, [s for s, x in slugs.items() if x.kind == KIND])
                hint = NEAR.format(near=near) if near else ""
                found.append(_problem(e, line, codes.E841, label=label, slug=w.slug, near=hint))
        elif target.kind != KIND:
            found.append(
                _problem(
                    e, line, codes.E842, label=label, slug=w.slug, kind=KIND_LABELS[target.kind]
                )
            )
        elif target is e:
            found.append(_problem(e, line, codes.E843, label=label, slug=w.slug, field=w.field))
        else:
            pair = (w.slug, e.slug) if w.field == "mentors" else (e.slug, w.slug)
            edges[pair] = (e, w)
            found += _born(e, target, w, line)
    return edges


def _born(e: Exhibit, other: Exhibit, w: Written, line: int) -> list[Problem]:
    """A pairing cannot begin before either person was born."""
    for person in (e, other):
        born = person.get("birth_year")
        if w.since and born and w.since < born:
            whose = "本人" if person is e else person.title
            return [
                _problem(
                    e,
                    line,
                    codes.E849,
                    label=FIELDS[w.field],
                    who=other.title,
                    year=w.since,
                    whose=whose,
                    born=born,
                )
            ]
    return []


def _at(e: Exhibit, w: Written) -> str:
    return f"{e.rel}:{e.line(w.field, w.index)}"


def _between(edges: dict, slugs: dict) -> list[Problem]:
    """What files say against each other: a pair both ways, two years for one pairing, a circle."""
    found = []
    for (mentor, apprentice), said in sorted(edges.items()):
        back = edges.get((apprentice, mentor))
        if back and mentor < apprentice:
            e, w = said[0]
            where = f"这里写{slugs[mentor].title}是{slugs[apprentice].title}的师傅，{_at(*back[0])} 写的正相反"
            found.append(
                _problem(
                    e,
                    e.line(w.field, w.index),
                    codes.E845,
                    a=slugs[mentor].title,
                    b=slugs[apprentice].title,
                    where=where,
                )
            )
        years = [(e, w) for e, w in said if w.since]
        for e, w in years[1:]:
            first_e, first_w = years[0]
            if w.since != first_w.since:
                found.append(
                    _problem(
                        e,
                        e.line(w.field, w.index),
                        codes.E846,
                        mentor=slugs[mentor].title,
                        apprentice=slugs[apprentice].title,
                        year=w.since,
                        other=_at(first_e, first_w),
                        other_year=first_w.since,
                    )
                )
    mutual = {(a, b) for a, b in edges if (b, a) in edges}
    found += _circles({k: v for k, v in edges.items() if k not in mutual}, slugs)
    return found


def _circles(edges: dict, slugs: dict) -> list[Problem]:
    """Each circle of three or more (graphlib names one at a time; one of its pairings is set aside to find the
    next)."""
    found, left = [], dict(edges)
    while True:
        graph: dict[str, set[str]] = {}
        for mentor, apprentice in left:
            graph.setdefault(apprentice, set()).add(mentor)
        try:
            tuple(TopologicalSorter(graph).static_order())
            return found
        except CycleError as exc:
            cycle = exc.args[
                1
            ]  # [a, b, ..., a], each a predecessor (mentor) of the next... or its reverse
        steps = list(zip(cycle, cycle[1:]))
        pairs = [p for p in steps if p in left] or [(b, a) for a, b in steps if (b, a) in left]
        first = min(pairs)
        e, w = left[first][0]
        order = _walk(first, {p for p in pairs})
        text = " → ".join(slugs[s].title for s in order)
        found.append(
            _problem(e, e.line(w.field, w.index), codes.E847, cycle=f"{text}（箭头从师傅指向徒弟）")
        )
        del left[first]


def _walk(start: tuple[str, str], pairs: set) -> list[str]:
    """The circle from its first pairing on, mentor to apprentice, back to where it began."""
    nxt = dict(pairs)
    order = [start[0]]
    node = start[0]
    while True:
        node = nxt[node]
        order.append(node)
        if node == start[0]:
            return order


# --- linking, once the checks have passed ----------------------------------------------------


def link(hall: Hall) -> None:
    """On each person, the pairings that name them from either side (each pairing once)."""
    slugs = hall.by_slug()
    pairs: dict[tuple, Pair] = {}
    for e in hall.of_kind(KIND):
        e.mentors, e.apprentices = [], []
    for e in _tied(hall):
        for w in written(e):
            if (w.slug is None) == (w.name is None):
                continue
            other = slugs.get(w.slug) if w.slug else None
            if w.slug and (other is None or other.kind != KIND or other is e):
                continue  # reported by problems()
            mentor, apprentice = (other, e) if w.field == "mentors" else (e, other)
            names = (w.name or "", "") if w.field == "mentors" else ("", w.name or "")
            key = (id(mentor) if mentor else names[0], id(apprentice) if apprentice else names[1])
            if mentor is None or apprentice is None:
                key = (*key, e.slug)  # a name is a leaf of the file that names it
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = Pair(mentor, apprentice, *names)
                if mentor:
                    mentor.apprentices.append(pair)
                if apprentice:
                    apprentice.mentors.append(pair)
            pair.since = pair.since or w.since
            pair.note = pair.note or w.note
            pair.said.append((e, w))
    for e in hall.of_kind(KIND):
        e.mentors.sort(key=lambda p: _order(p, p.mentor, p.mentor_name))
        e.apprentices.sort(key=lambda p: _order(p, p.apprentice, p.apprentice_name))


def _order(pair: Pair, person: Exhibit | None, name: str) -> tuple:
    return (pair.since is None, pair.since or 0, person.pinyin if person else name, name)


def linked(e: Exhibit) -> list[Exhibit]:
    """The people a person's page names as mentors or apprentices."""
    return [x for p in [*e.mentors, *e.apprentices] if (x := p.other(e)[0]) is not None]


@dataclass
class Node:
    """A person in a lineage, with the apprentices that follow (names are leaves)."""

    person: Exhibit | None
    name: str
    since: int | None = None
    note: str | None = None
    children: list["Node"] = field(default_factory=list)
    masters: tuple[
        tuple[str, int | None], ...
    ] = ()  # a first mentor's own mentors outside the hall

    @property
    def generations(self) -> int:
        return 1 + max((c.generations for c in self.children), default=0)

    def slugs(self) -> set[str]:
        own = {self.person.slug} if self.person else set()
        return own.union(*(c.slugs() for c in self.children))


def roots(hall: Hall) -> list[Exhibit]:
    """Where lineages begin: people in a pairing whose mentors are not in the hall, in pinyin order."""
    people = [
        e
        for e in hall.of_kind(KIND)
        if (e.mentors or e.apprentices) and not any(p.mentor for p in e.mentors)
    ]
    return sorted(people, key=lambda e: (e.pinyin, e.slug))


def tree(e: Exhibit, pair: Pair | None = None, above: frozenset = frozenset()) -> Node:
    """A person's lineage: their apprentices and theirs. `above` guards against a circle (an error, but a page
    may be drawn while a curator is still fixing it)."""
    node = Node(e, e.title, pair.since if pair else None, pair.note if pair else None)
    if pair is None:
        node.masters = tuple((p.mentor_name, p.since) for p in e.mentors if p.mentor is None)
    for p in e.apprentices:
        if p.apprentice is None:
            node.children.append(Node(None, p.apprentice_name, p.since, p.note))
        elif p.apprentice.slug not in above:
            node.children.append(tree(p.apprentice, p, above | {e.slug}))
    return node


def roots_of(e: Exhibit) -> list[Exhibit]:
    """The people whose lineages show `e` (a person with two mentors may be in two): up every mentor in the hall
    as far as it goes, the way up the first mentors first. Empty in a circle with no way out (an error)."""
    found: list[Exhibit] = []
    seen = {e.slug}

    def up(x: Exhibit) -> None:
        mentors = [p.mentor for p in x.mentors if p.mentor]
        if not mentors and x not in found:
            found.append(x)
        for m in mentors:
            if m.slug not in seen:
                seen.add(m.slug)
                up(m)

    up(e)
    return found
