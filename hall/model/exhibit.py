"""Exhibits: finding them under exhibits/, loading and validating each, and what is derived from them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from hall.files import shown
from hall.model import codes, media, placeholders, schema
from hall.model.loader import Source, parse
from hall.model.pinyin import name_slug, slugify, split_name
from hall.model.problems import Report
from hall.model.vocab import Era, Level, Trade

SLUG = re.compile(schema.SLUG_RE)
DATA_FOLDERS = {
    "registers"
}  # folders of data rather than exhibits (hall.registers.tables reads registers/)


@dataclass(frozen=True)
class HonorEntry:
    """An honor with its level resolved from the vocabulary."""

    title: str
    year: int | None
    level: Level | None
    note: str | None = None


@dataclass(eq=False)
class Exhibit:
    kind: str
    slug: str
    rel: str  # path shown to curators, relative to the project
    path: Path
    source: Source
    meta: schema._Exhibit
    # derived by hall.model.enrich
    pinyin: str = ""
    initials: str = ""
    era: Era | None = None
    trade: Trade | None = None
    honors: list[HonorEntry] = field(default_factory=list)
    rank: tuple = ()  # its place in ranked lists: highest honor level, title prestige, pinyin
    year: int | None = None  # the year that places it in time (hall.model.enrich.year_of)
    artifacts: list["Exhibit"] = field(default_factory=list)
    collectives: list["Exhibit"] = field(default_factory=list)
    members: list["Exhibit"] = field(default_factory=list)
    related: list["Exhibit"] = field(default_factory=list)
    lessons: list["Exhibit"] = field(
        default_factory=list
    )  # the lessons that use this exhibit (an event's: its own)
    events: list["Exhibit"] = field(
        default_factory=list
    )  # the events that list this exhibit or lesson
    occurrences: list = field(
        default_factory=list
    )  # an event's dates (hall.model.events.Occurrence), recurrences expanded
    uses: list["Exhibit"] = field(
        default_factory=list
    )  # a lesson's (an exhibition's) exhibits, in its order
    units: list = field(
        default_factory=list
    )  # an exhibition's units (hall.model.exhibition.Shown), in order
    shown_in: list = field(default_factory=list)  # the exhibitions' units that show this exhibit
    mentors: list = field(
        default_factory=list
    )  # a person's pairings (hall.model.lineage.Pair) as apprentice
    apprentices: list = field(default_factory=list)  # and as mentor, named in either file
    spots: list = field(
        default_factory=list
    )  # an exhibition's panorama's hotspots (hall.model.exhibition.Spot)
    maker: "Exhibit | None" = None
    leader: "Exhibit | None" = None

    @property
    def title(self) -> str:
        return self.get("name") or self.meta.title

    @property
    def initial(self) -> str:
        """The character on the seal shown when there is no photo: a person's surname."""
        return split_name(self.title)[0] if self.kind == "people" else self.title[:1]

    @property
    def story(self) -> str:
        """The story as published: the file's body, none while it is still the words `hall import --profiles`
        leaves there for the curator (placeholders.STUB_STORY)."""
        return "" if placeholders.unwritten(self.source.body) else self.source.body.strip()

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}/"

    @property
    def highest(self) -> HonorEntry | None:
        return self.honors[0] if self.honors else None

    def get(self, name: str, default=None):
        """A front-matter field this kind may not have: a model's fields are its __dict__ (extra fields are
        forbidden), and getattr with a default is slow on pydantic models."""
        return vars(self.meta).get(name, default)

    @property
    def region(self) -> str | None:
        return self.get("region")

    def image_entries(self, posters: bool = True) -> list[tuple[tuple, schema.Image]]:
        """Every image with its key path in the front matter (for error lines); with `posters`, the videos'
        posters and the panoramas too (checked like photos, shown only in their players)."""
        portrait = self.get("portrait")
        entries = [(("portrait",), portrait)] if portrait else []
        entries += [(("images", i), image) for i, image in enumerate(self.get("images", []))]
        for i, unit in enumerate(
            self.get("units", [])
        ):  # an exhibition's units have images of their own
            entries += [(("units", i, "images", j), image) for j, image in enumerate(unit.images)]
        if posters:
            entries += [
                (m.loc[:-1] + ("poster",), self.poster(m.loc[:-1]))
                for m in media.entries(self.meta)
                if m.role == "video"
            ]
            entries += self.panoramas()
        return entries

    def panoramas(self) -> list[tuple[tuple, schema.Panorama]]:
        """An exhibition's panoramas (its own, then its units'), with their key paths."""
        owners = [((), self.meta)] + [
            (("units", i), u) for i, u in enumerate(self.get("units", []))
        ]
        return [
            (loc + ("panorama",), owner.panorama)
            for loc, owner in owners
            if getattr(owner, "panorama", None)
        ]

    def poster(self, loc: tuple) -> schema.Image:
        """The poster of the video at `loc` (("video",) or ("units", i, "video")) as an image."""
        owner = self.meta
        for part in loc[:-1]:
            owner = owner.units[part] if isinstance(part, int) else owner
        video = owner.video
        return schema.Image(src=video.poster, alt=f"视频封面：{video.title or self.title}")

    @property
    def images(self) -> list[schema.Image]:
        return [image for _, image in self.image_entries(posters=False)]

    def line(self, *loc) -> int:
        return self.source.line_of(loc)


APART = ("pages", "events")  # kinds a Hall keeps apart from its exhibits, in lists of those names


@dataclass
class Hall:
    exhibits: list[Exhibit] = field(default_factory=list)
    pages: list[Exhibit] = field(
        default_factory=list
    )  # the hall's own pages (exhibits/pages/): 参观指南, 关于本馆…
    events: list[Exhibit] = field(
        default_factory=list
    )  # exhibits/events/: courses, study visits, talks…
    visit: object = (
        None  # hall.model.visit.Visit: the visiting information in mkdocs.yml, when it has some
    )
    report: Report = field(default_factory=Report)
    invalid: set[str] = field(
        default_factory=set
    )  # slugs of exhibits that exist but failed their checks
    rejected: list[tuple[str, Source]] = field(
        default_factory=list
    )  # (rel, source) read but failing the schema

    def by_slug(self) -> dict[str, Exhibit]:
        return {e.slug: e for e in self.exhibits}

    def of_kind(self, kind: str) -> list[Exhibit]:
        return [e for e in self.exhibits if e.kind == kind]

    def entries(self) -> list[Exhibit]:
        """Every file read: exhibits, the hall's own pages and events."""
        return [*self.exhibits, *self.pages, *self.events]


def discover(
    exhibits_dir: Path, report: Report, rel_root: Path
) -> list[tuple[str, str, Path, str]]:
    """(kind, slug, file, the file as curators see it) for every exhibit file, in a stable order."""
    found = []
    rel = lambda p: shown(p, rel_root)  # noqa: E731
    base = f"{rel(exhibits_dir)}/".removeprefix(
        "./"
    )  # once: shown() for ten thousand files is slow
    for entry in sorted(exhibits_dir.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir() and entry.name not in schema.ALL_KINDS and entry.name not in DATA_FOLDERS:
            kinds = "、".join(f"{k}/" for k in schema.KINDS)
            report.add(codes.W302.at(rel(entry), None, name=entry.name, kinds=kinds))
    for kind in schema.ALL_KINDS:
        folder = exhibits_dir / kind
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:  # scandir: ten thousand files without a stat each
            entries = sorted(entries, key=lambda entry: entry.name)
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            if name.endswith(".md") and entry.is_file():
                found.append((kind, name[:-3], folder / name, f"{base}{kind}/{name}"))
            elif entry.is_dir():
                index = folder / name / "index.md"
                if index.is_file():
                    found.append((kind, name, index, f"{base}{kind}/{name}/index.md"))
                elif any(index.parent.glob("*.md")):
                    report.add(codes.W301.at(rel(index.parent), None, name=name))
    return found


def read_exhibits(exhibits_dir: Path, rel_root: Path | None = None, kept=None) -> Hall:
    """Load and schema-check every exhibit. Cross-exhibit checks live in hall.model.checks. With `kept`
    (hall.model.catalog.Kept, serve's), a file not changed since it was last read is not read again."""
    rel_root = rel_root or exhibits_dir.parent
    hall = Hall()
    report = hall.report
    seen: dict[str, str] = {}
    for kind, slug, path, rel in _listed(exhibits_dir, report, rel_root, kept):
        if not SLUG.match(slug):
            better = name_slug(slug) if _is_han(slug) else slugify(slug)
            report.add(codes.E304.at(rel, None, slug=slug, better=better))
            continue
        if slug in seen:
            report.add(codes.E301.at(rel, None, slug=slug, other=seen[slug]))
            continue
        seen[slug] = rel
        source, meta, problems = read_file(kind, path, rel, kept)
        report.problems.extend(problems)
        if meta is None:
            hall.invalid.add(slug)
            if source:
                hall.rejected.append((rel, source))
        else:
            into = getattr(hall, kind) if kind in APART else hall.exhibits
            into.append(Exhibit(kind, slug, rel, path, source, meta))
    return hall


def _listed(exhibits_dir: Path, report: Report, rel_root: Path, kept) -> list[tuple]:
    """discover()'s files; with the stamps of serve's scan (kept.stamps), what it found for the same files
    (it looks at nothing else: an empty folder made meanwhile is no save)."""
    if kept is None or not kept.stamps:
        return discover(exhibits_dir, report, rel_root)
    files = (exhibits_dir, frozenset(kept.stamps))
    if kept.listing is None or kept.listing[0] != files:
        listing = Report()
        kept.listing = (files, discover(exhibits_dir, listing, rel_root), listing.problems)
    report.problems.extend(kept.listing[2])
    return kept.listing[1]


# What only an exhibit's own page and its card show: no other exhibit, gallery, list or link depends on them
# (with the text and captions of an exhibition's units)
CONTENT = frozenset({"summary", "sources", "intro"})
# What an exhibit is called: its cards and pages, and where lists sort it, but not what puts it in a gallery
NAMING = frozenset({"name", "pinyin", "title"})


def read_again(e: Exhibit, kept=None) -> tuple[Exhibit | None, list]:
    """An exhibit's file as it is now: a new Exhibit (not linked with any other; None when the file fails its
    schema) and the problems of reading it."""
    source, meta, problems = read_file(e.kind, e.path, e.rel, kept)
    return (Exhibit(e.kind, e.slug, e.rel, e.path, source, meta) if meta else None), problems


def same_but(a, b, fields: frozenset = CONTENT) -> bool:
    """Whether two readings of an exhibit's front matter differ at most in `fields` (an exhibition's units: in
    their text and captions, the same exhibits in the same order)."""
    return type(a) is type(b) and _rest(a, fields) == _rest(b, fields)


def _rest(meta, fields: frozenset) -> dict:
    rest = {k: v for k, v in vars(meta).items() if k not in fields}
    if "units" in rest:
        rest["units"] = [
            unit.model_copy(
                update={"text": None, "exhibits": [getattr(x, "slug", x) for x in unit.exhibits]}
            )
            for unit in rest["units"]
        ]
    return rest


def to_read(exhibits_dir: Path, rel_root: Path, kept) -> list[tuple[str, str, Path, str]]:
    """The exhibit files `kept` holds no reading of as they are now, as discover() lists them."""
    listed = _listed(exhibits_dir, Report(), rel_root, kept)
    return [found for found in listed if not _known(found[0], found[2], found[3], kept)]


def _stamp(kind: str, path: Path, rel: str, kept) -> tuple:
    found = kept.stamps.get(str(path)) if kept is not None else None
    if found is None:
        stat = path.stat()
        found = (stat.st_mtime_ns, stat.st_size)
    return (kind, rel, *found)


def _known(kind: str, path: Path, rel: str, kept, stamp: tuple | None = None) -> tuple | None:
    """`kept`'s reading of a file (its stamp, source, meta and problems), when it is of the file as it is now."""
    known = kept.sources.get(path) if kept is not None else None
    stamp = stamp or _stamp(kind, path, rel, kept)
    return known if known is not None and known[0] == stamp else None


def read_file(kind: str, path: Path, rel: str, kept):
    """A file's parsed source, its schema-checked meta (None when it fails) and its problems; with `kept`, read
    once as it is (another process can read part of a hall's files into one)."""
    stamp = _stamp(kind, path, rel, kept)
    if known := _known(kind, path, rel, kept, stamp):
        return known[1:]
    report = Report()
    source = parse(path, rel, report)
    meta = schema.validate(kind, source, rel, report) if source else None
    if source:
        placeholders.check(kind, source, rel, report)  # even when the schema fails: say all at once
    if kept is not None:
        kept.sources[path] = (stamp, source, meta, report.problems)
    return source, meta, report.problems


T = TypeVar("T")


def per_reading(memo: dict | None, source: Source, work: Callable[[], T]) -> T:
    """What `work()` gives for a file as it was read (`source`); with `memo` (kept by serve between saves),
    worked out once per reading of the file (one entry per file: a new reading replaces the last)."""
    if memo is None:
        return work()
    known = memo.get(source.path)
    if known is None or known[0] is not source:
        known = memo[source.path] = (source, work())
    return known[1]


def _is_han(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))
