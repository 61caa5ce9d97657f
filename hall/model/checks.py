"""Checks that need the vocabulary, the filesystem or other exhibits."""

from __future__ import annotations

import os
import re
from datetime import date
from functools import partial
from pathlib import Path

from PIL import Image

from hall.model import activities, codes, events, exhibition, lineage, media, privacy
from hall.model.exhibit import Exhibit, Hall, per_reading
from hall.model.loader import scalars
from hall.model.problems import Notice, Problem
from hall.model.schema import KIND_LABELS, Panorama, key_text
from hall.model.vocab import Vocabulary, suggest

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def check(
    hall: Hall,
    vocab: Vocabulary,
    exhibits_dir: Path,
    memo: dict | None = None,
    today: date | None = None,
    public: list[str] = (),
    media_limits: dict[str, int] | None = None,
    only: set[str] | None = None,
) -> None:
    """Add every vocabulary, reference, image and media problem to the hall's report. With `memo` (kept by serve
    between saves), the checks that read only an exhibit itself run once per reading of its file. Events'
    dates are checked as seen from `today`; `public` numbers (the visiting information's) are no private data.
    Media files are looked at every time: a recording can be replaced without its exhibit's file being saved.
    With `only` (files as curators see them: the workspace's form), just those files' problems; the rest of the
    hall is what they are checked against."""
    slugs = hall.by_slug()
    context = own_context(vocab, exhibits_dir, public)
    root = context[1]
    limits = media_limits or media.limits(None)
    mine = partial(_among, only)
    exhibits = mine(hall.exhibits)
    for exhibit in [*exhibits, *mine(hall.pages), *mine(hall.events)]:  # hall.entries(), in order
        own, named = own_of(exhibit, memo, *context)
        _references(exhibit, named, slugs, hall)
        hall.report.problems.extend(own)
    for exhibit in exhibits:
        if exhibit.kind == "exhibitions":
            hall.report.problems.extend(exhibition.problems(exhibit, slugs, hall.invalid))
        _media(exhibit, root, limits, hall)
    found = lineage.problems(hall, slugs)
    hall.report.problems.extend(p for p in found if only is None or p.path in only)
    for e in (
        x for x in exhibits if x.kind == activities.KIND
    ):  # not once per reading: what is in the future depends on the day
        for loc, notice in activities.check(e, vocab.activity_types, today or events.today()):
            hall.report.add(notice.at(e.rel, e.line(*loc)))
    _dated_and_pages(hall, vocab, today, public, mine)


def _among(only: set[str] | None, entries: list) -> list:
    """The entries (exhibits, or (rel, source) pairs) of the files in `only`; all of them without it."""
    if only is None:
        return entries
    if entries and isinstance(entries[0], tuple):
        return [e for e in entries if e[0] in only]
    return [e for e in entries if e.rel in only]


def _dated_and_pages(hall: Hall, vocab: Vocabulary, today, public, mine) -> None:
    """Events' dates, the hall's pages' blocks, and private data in files that failed their schema."""
    for e in mine(hall.events):  # not once per reading: what is past depends on the day
        for loc, notice in events.check(e, vocab.event_types, today or events.today()):
            hall.report.add(notice.at(e.rel, e.line(*loc)))
        if e.slug == "archive" or re.fullmatch(r"\d{4}-\d{2}", e.slug):
            hall.report.add(codes.E304_RESERVED.at(e.rel, None, slug=e.slug))
    for e in mine(hall.pages):
        if hall.visit is None and (
            wanted := [b for b in e.meta.blocks if b in ("参观信息", "联系方式")]
        ):
            hall.report.add(codes.W801.at(e.rel, e.line("blocks"), blocks="、".join(wanted)))
    for rel, source in mine(hall.rejected):  # a file with a typo may hold a phone number: say both
        allowed = source.data.get("public_numbers")
        _private_data(rel, source, [*(allowed if isinstance(allowed, list) else []), *public], hall)


def own_context(vocab: Vocabulary, exhibits_dir: Path, public) -> tuple:
    """What a file's own checks (own_of) depend on besides the file: the vocabulary, the exhibits' folder as
    resolved, the numbers the visiting information makes public. One expression, for `check` and for a process
    that works them out ahead (hall.model.catalog.work_out): what it did is taken only in an equal context."""
    return vocab, exhibits_dir.resolve(), tuple(public)


def own_of(
    e: Exhibit, memo: dict | None, vocab: Vocabulary, root: Path, public: tuple[str, ...]
) -> tuple[list[Problem], list[tuple]]:
    """_own, once per reading of the file with `memo`."""
    return per_reading(memo, e.source, partial(_own, e, vocab, root, public))


def _own(
    e: Exhibit, vocab: Vocabulary, root: Path, public: tuple[str, ...] = ()
) -> tuple[list[Problem], list[tuple]]:
    """What an exhibit's file gives by itself: its problems (vocabulary, images, private data, a lesson's
    time) and the exhibits it names (_named)."""
    own = Hall()
    _vocabulary(e, vocab, own)
    _images(e, root, own)
    _private_data(e.rel, e.source, [*e.meta.public_numbers, *public], own)
    if e.kind == "lessons":
        _lesson_time(e, own)
    return own.report.problems, _named(e)


def _vocabulary(e: Exhibit, vocab: Vocabulary, hall: Hall) -> None:
    add, meta = hall.report.add, e.meta
    if e.get("trade") is not None and (problem := vocab.trade_problem(meta.trade)):
        add(problem.at(e.rel, e.line("trade")))
    if e.region and (problem := vocab.region_problem(e.region)):
        add(problem.at(e.rel, e.line("region")))
    if e.get("era") and vocab.era(meta.era) is None:
        near = suggest(meta.era, [era.name for era in vocab.eras])
        add(codes.E204.at(e.rel, e.line("era"), era=meta.era, near=near))
    for i, honor in enumerate(e.get("honors", [])):
        if problem := vocab.honor_problem(honor.title):
            add(problem.at(e.rel, e.line("honors", i, "title")))
    for name, choices, code in (
        ("category", vocab.categories, codes.E205),
        ("type", vocab.collective_types, codes.E206),
    ):
        value = e.get(name)
        if value is not None and value not in choices and e.kind in ("artifacts", "collectives"):
            near = suggest(value, choices)
            add(code.at(e.rel, e.line(name), value=value, near=near, choices="、".join(choices)))


# (field, the kind it must point to or None for any)
_REFERENCES = {
    "related": None,
    "maker": "people",
    "leader": "people",
    "members": "people",
    "exhibits": None,
    "lessons": "lessons",
}


def _named(e: Exhibit) -> list[tuple[str, str | None, tuple, str]]:
    """The exhibits a file names: (field, the kind it must be or None for any, key path, slug)."""
    named = []
    for name, kind in _REFERENCES.items():
        value = e.get(name)
        for i, slug in enumerate(value if isinstance(value, list) else [value] if value else []):
            named.append((name, kind, (name, i) if isinstance(value, list) else (name,), slug))
    return named


def _references(e: Exhibit, named: list, slugs: dict[str, Exhibit], hall: Hall) -> None:
    for name, kind, loc, slug in named:
        target = slugs.get(slug)
        if target is None and slug in hall.invalid:
            continue  # it exists; its own errors are reported in its own file
        if target is None:
            near = suggest(slug, list(slugs))
            hall.report.add(codes.E302.at(e.rel, e.line(*loc), slug=slug, near=near))
        elif kind and target.kind != kind:
            wrong = dict(slug=slug, kind=KIND_LABELS[target.kind], wanted=KIND_LABELS[kind])
            hall.report.add(codes.E303.at(e.rel, e.line(*loc), **wrong))
        elif target is e:
            hall.report.add(codes.E303_SELF.at(e.rel, e.line(*loc), field=name, slug=slug))


def _images(e: Exhibit, root: Path, hall: Hall) -> None:
    add = hall.report.add
    for loc, image in e.image_entries():
        _image_file(e, image, e.line(*loc, "src"), root, hall)
        if image.minors and not image.consent:
            add(codes.E604.at(e.rel, e.line(*loc, "minors"), src=image.src))


def _image_file(e: Exhibit, image, line: int | None, root: Path, hall: Hall) -> None:
    """An image's file: in the exhibit's folder, a format the site takes, no private data in its metadata."""
    add = hall.report.add
    target = image_path(e, image.src)
    if target is None:
        add(codes.E402.at(e.rel, line, src=image.src))
    elif not target.is_file() and not target.is_symlink():
        near = suggest(
            image.src,
            sorted(p.name for p in e.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES),
        )
        add(codes.E401.at(e.rel, line, src=image.src, near=near))
    elif not _inside(target.resolve(), root) or not _inside(target.resolve(), e.folder.resolve()):
        add(codes.E402_LINK.at(e.rel, line, src=image.src))
    elif target.suffix.lower() not in IMAGE_SUFFIXES:
        add(codes.E404.at(e.rel, line, src=image.src))
    else:
        if isinstance(image, Panorama) and (shape := _not_equirectangular(target, image.src)):
            add(shape.at(e.rel, line))
        for name, text in image_metadata(target):
            _report_private(
                e.rel,
                e.meta.public_numbers,
                hall,
                line,
                f"图片“{image.src}”的元数据 {name} 中",
                text,
                codes.IN_METADATA,
            )


def _media(e: Exhibit, root: Path, limits: dict[str, int], hall: Hall) -> None:
    """Audio, video and captions: in the exhibit's folder, of a format browsers play, what their bytes say."""
    for m in media.entries(e.meta):
        line = e.line(*m.loc)
        target = image_path(e, m.src)
        if (
            target is None
            or (target.exists() and not _inside(target.resolve(), root))
            or (target.exists() and not _inside(target.resolve(), e.folder.resolve()))
        ):
            hall.report.add(codes.E832.at(e.rel, line, src=m.src))
        elif not target.is_file():
            suffixes = set(m.formats)
            near = suggest(
                m.src, sorted(p.name for p in e.folder.iterdir() if p.suffix.lower() in suffixes)
            )
            hall.report.add(codes.E831.at(e.rel, line, src=m.src, near=near))
        elif found := media.problem(m, target, limits[m.role]):
            hall.report.add(found.at(e.rel, line))
        elif m.role != "captions":
            _recording(e, m, target, line, limits, hall)


def _recording(e: Exhibit, m, target: Path, line: int, limits: dict[str, int], hall: Hall) -> None:
    """A recording's duration within its limit, and no private data in its tags (as in a photo's EXIF)."""
    length, tags = media.read(target)
    if found := media.too_long(m, length, limits[f"{m.role}_seconds"]):
        hall.report.add(found.at(e.rel, line))
    for name, text in tags:
        _report_private(
            e.rel,
            e.meta.public_numbers,
            hall,
            line,
            f"“{m.src}”的元数据 {name} 中",
            text,
            codes.IN_TAGS,
        )


def image_path(e: Exhibit, src: str) -> Path | None:
    """Where an image of an exhibit is, or None when the path leaves the exhibit's folder."""
    if os.path.isabs(src) or src.startswith(("/", "\\")) or ":" in src:
        return None
    target = Path(os.path.normpath(e.folder / src))
    return target if _inside(target, Path(os.path.normpath(e.folder))) else None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _lesson_time(e: Exhibit, hall: Hall) -> None:
    """The activities' minutes should fill the class hours: 40 minutes a class in primary school, 45 in grades 7-9."""
    minutes = [a.minutes for a in e.meta.activities]
    if None in minutes:
        return
    planned = e.meta.hours * (45 if e.meta.grade == "7-9" else 40)
    if abs(sum(minutes) - planned) > planned / 4:
        hall.report.add(
            codes.W502.at(
                e.rel,
                e.line("activities"),
                minutes=sum(minutes),
                hours=e.meta.hours,
                planned=planned,
            )
        )


def _private_data(rel: str, source, allowed: list[str], hall: Hall) -> None:
    """Resident IDs, mobile numbers and home addresses in the front matter and the story.
    No pattern matches across a line break, so the file's values and story joined by line breaks hold just what
    they hold one by one: most files hold none, found by one scan rather than one per value and line."""
    found = list(scalars(source.data))
    if not privacy.scan("\n".join([*(value for _, value in found), source.body]), allowed):
        return
    for loc, value in found:
        _report_private(rel, allowed, hall, source.line_of(loc), f"“{key_text(loc)}”中", value)
    for i, text in enumerate(source.body.split("\n")):
        _report_private(rel, allowed, hall, source.body_line + i, "正文中", text)


def _report_private(
    rel: str, allowed: list[str], hall: Hall, line: int, where: str, text: str, hint_more: str = ""
) -> None:
    for finding in privacy.scan(text, allowed):
        hall.report.add(privacy.problem(finding, where).hinting(hint_more).at(rel, line))


# Free-text EXIF tags: (IFD or None for the main one, tag, name, encoding)
_METADATA_TAGS = (
    (None, 0x010E, "ImageDescription", "utf-8"),
    (None, 0x013B, "Artist", "utf-8"),
    (0x8769, 0x9286, "UserComment", "utf-8"),
    (None, 0x9C9C, "XPComment", "utf-16-le"),
    (None, 0x9C9F, "XPSubject", "utf-16-le"),
)


def _not_equirectangular(path: Path, src: str) -> Notice | None:
    """E828 when a panorama is not twice as wide as high (1 % off is rounding); size read from the header."""
    try:
        with Image.open(path) as image:
            width, height = image.size
    except Exception:  # noqa: BLE001 - an unreadable image is reported by the image pipeline
        return None
    if abs(width - 2 * height) <= 0.01 * width:
        return None
    return codes.E828.of(src=src, width=width, height=height)


def image_metadata(path: Path) -> list[tuple[str, str]]:
    """(name, text) of an image's free-text EXIF fields and its XMP, read without decoding pixels.
    An unreadable image gives nothing here; the image checks report it."""
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            unicode = (
                "utf-16-be" if exif.endian == ">" else "utf-16-le"
            )  # UserComment follows the file's byte order
            found = []
            for ifd, tag, name, encoding in _METADATA_TAGS:
                value = (exif.get_ifd(ifd) if ifd else exif).get(tag)
                if value:
                    found.append((name, _decode(value, encoding, unicode)))
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
            if xmp:
                found.append(("XMP", re.sub(r"<[^>]*>", " ", _decode(xmp, "utf-8"))))
            return found
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, the image checks report it
        return []


def _decode(value, encoding: str, unicode: str = "utf-16-le") -> str:
    """EXIF text as a str. UserComment starts with an 8-byte character set name."""
    if isinstance(value, str):
        return value
    data = bytes(value)
    charset, rest = data[:8], data[8:]
    if charset == b"UNICODE\0":
        data, encoding = rest, unicode
    elif charset in (b"ASCII\0\0\0", b"\0" * 8):
        data = rest
    return data.decode(encoding, errors="ignore")
