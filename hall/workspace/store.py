"""The workspace's engine-free core: open an exhibit for the form, check what the form proposes with the
checks of `hall check`, write it (only if it has no errors and the file on disk is the one the form opened),
keep every earlier version, restore one, and make a new exhibit as `hall new` does."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hall.files import shown as shown_path
from hall.files import write_whole
from hall.model import placeholders
from hall.model.catalog import Kept, examine, load_hall, scan
from hall.model.config import HallConfig
from hall.model.exhibit import Exhibit, Hall, discover
from hall.model.loader import Source, parse_text
from hall.model.problems import ERROR, Problem, Report
from hall.model.scaffold import KIND_ALIASES, ScaffoldError, default_slug, new_exhibit
from hall.model.schema import SECTIONS, key_text
from hall.model.schema import validate as validate_schema
from hall.registers.importer import NOTE as IMPORTED
from hall.registers.tables import read_register, register_files
from hall.workspace import yamlio
from hall.workspace.form import form_schema, suggestions
from hall.workspace.guards import Refused, exhibit_file

NEW_FILE = "---\n---\n"
# A provisional fact: the model has no marker of its own, so a profile whose facts all come from a union's roster
# (the stub `hall import --profiles` writes, its one source noted 工会名录导入) waits for an article to confirm them
PROVISIONAL = "事实待核实（只有工会名录一个来源）"
UNREADABLE = "这个文件的基本信息有语法错误，表单无法改写它：请先按“问题”里的提示用文本编辑器改好"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Checked:
    """A proposed file's text and its problems, each with the key path of the field it is about."""

    text: str
    problems: list[dict]

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] == "error"]


class History:
    """Every version of a file before a write: .cache/workspace/history/<kind>/<slug>/<time>.md for an
    exhibit, <time>.csv for a register (the file names are the index: time of the write, sortable). Restoring
    is a write, itself kept."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _of(self, rel: str) -> tuple[Path, str]:
        kind, name = rel.split("/")[:2]
        suffix = Path(rel).suffix
        return self.folder / kind / name.removesuffix(suffix), suffix

    def keep(self, rel: str, data: bytes) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%S") + f"{time.time_ns() % 1_000_000_000:09d}"
        folder, suffix = self._of(rel)
        write_whole(folder / f"{stamp}{suffix}", data)
        return stamp

    def versions(self, rel: str) -> list[dict]:
        folder, suffix = self._of(rel)
        names = sorted((p.name for p in folder.glob(f"*{suffix}")), reverse=True)
        return [
            {
                "id": n.removesuffix(suffix),
                "time": f"{n[:4]}-{n[4:6]}-{n[6:8]} {n[9:11]}:{n[11:13]}:{n[13:15]}",
                "size": (folder / n).stat().st_size,
            }
            for n in names
        ]

    def read(self, rel: str, version: str) -> bytes:
        if not (version.isalnum() and len(version) < 40):
            raise Refused(400, "没有这个版本")
        folder, suffix = self._of(rel)
        path = folder / f"{version}{suffix}"
        if not path.is_file():
            raise Refused(404, "没有这个版本")
        return path.read_bytes()


class Workspace:
    def __init__(self, config: HallConfig, render: Callable[[str], str], kept: Kept | None = None):
        # render: a story's Markdown → the site's sanitised HTML
        self.config, self.render = config, render
        # files as last read, so that a reading parses only what changed (serve's preview shares it)
        self.kept = kept or Kept()
        # one request at a time reads and writes (a few curators at most)
        self.lock = threading.RLock()
        self.history = History(config.root / ".cache" / "workspace" / "history")
        # The hall on disk, checked: (stamps of the files it was read from, the hall, its to-do list or None)
        self._whole: tuple[dict, Hall, list | None] = ({}, None, None)
        # serve's preview: (stamps, hall) of the files it last read, checked and enriched as here
        self.shared: Callable[[], tuple[dict, Hall | None]] = lambda: ({}, None)
        # told of each exhibit file the form wrote (serve shows it at once: it is written whole)
        self.wrote: Callable[[Path], None] = lambda path: None

    # --- reading ---------------------------------------------------------------------------------------
    def file(self, rel: str) -> Path:
        return exhibit_file(self.config.exhibits_dir, rel)

    def shown(self, rel: str) -> str:
        """The file's path as `hall check` names it (from the project's folder)."""
        return shown_path(self.config.exhibits_dir / rel, self.config.root)

    def open(self, rel: str) -> dict:
        path = self.file(rel)
        if not path.is_file():
            raise Refused(404, "找不到这个展品文件，可能已被移动或删除")
        return self.opened(rel, path.read_bytes())

    def opened(self, rel: str, data: bytes) -> dict:
        """What the form needs of a file's bytes: its values, story and digest (and the problems it has now)."""
        text = data.decode("utf-8", errors="replace")
        result = {
            "path": rel,
            "kind": rel.split("/")[0],
            "digest": digest(data),
            "text": text,
            "schema": form_schema(rel.split("/")[0]),
        }
        try:
            _, front, story = yamlio.split(text)
            result |= {
                "data": yamlio.as_json(yamlio.load(front)),
                "story": story,
                "preview": self.render(story),
            }
        except yamlio.Unreadable:
            result |= {"data": None, "story": None}  # the form cannot show it: the problems say why
        result["problems"] = self.check(rel, text).problems
        return result

    # --- checking ----------------------------------------------------------------------------------------
    def propose(self, rel: str, current: str, data: dict, story: str) -> str:
        """The file the form's values make: the current file with them written in (comments and untouched
        values kept, the story as it was unless it was edited)."""
        bom, front, old_story = yamlio.split(current)
        merged = yamlio.merge(
            yamlio.load(front), yamlio.clean(data), form_schema(rel.split("/")[0])
        )
        same_story = story.replace("\r\n", "\n") == old_story.replace("\r\n", "\n")
        return yamlio.compose(
            bom, yamlio.dump(merged, like=front), old_story if same_story else story
        )

    def proposal(self, rel: str, data: dict, story: str) -> Checked:
        """The file the form's values would make of the file on disk, checked."""
        path = self.file(rel)
        with self.lock:
            try:
                current = path.read_bytes().decode("utf-8") if path.is_file() else ""
                return self.check(rel, self.propose(rel, current, data, story))
            except (yamlio.Unreadable, UnicodeDecodeError):
                raise Refused(422, UNREADABLE) from None

    def check(self, rel: str, text: str) -> Checked:
        """The problems `hall check` would report for this file if it held `text`, with their fields."""
        with self.lock:
            return self._check(rel, text)

    def _check(self, rel: str, text: str) -> Checked:
        config, shown = self.config, self.shown(rel)
        kind, slug = rel.split("/")[0], rel.split("/")[1].removesuffix(".md")
        path = config.exhibits_dir.joinpath(*rel.split("/"))
        report, fields = Report(), {}
        source = parse_text(text, path, shown, report)
        meta = validate_schema(kind, source, shown, report, fields) if source else None
        if source:
            placeholders.check(
                kind, source, shown, report
            )  # as hall.model.exhibit reads every file
        on_disk = self.hall(but=str(path))  # this file's reading is `text`, whatever is on disk
        hall = Hall(
            exhibits=[e for e in on_disk.exhibits if e.rel != shown],
            pages=[e for e in on_disk.pages if e.rel != shown],
            events=[e for e in on_disk.events if e.rel != shown],
            visit=on_disk.visit,
            report=report,
            invalid=on_disk.invalid - {slug},
            rejected=[(r, s) for r, s in on_disk.rejected if r != shown],
        )
        if meta is not None:
            into = {"pages": hall.pages, "events": hall.events}.get(kind, hall.exhibits)
            into.append(Exhibit(kind, slug, shown, path, source, meta))
        else:
            hall.invalid.add(slug)
            if source is not None:
                hall.rejected.append((shown, source))
        examine(hall, config, self.kept, only={shown})
        ours = [p for p in Report(report.problems).sorted() if p.path == shown]
        return Checked(text, [_problem(p, fields, source) for p in ours])

    def hall(self, but: str | None = None) -> Hall:
        """The hall as the files on disk are now, checked and enriched as `hall check` does it: the preview's
        when it read these very files, else read here (only the files changed since are parsed again). `but`:
        a file whose changes do not matter (the form's own, just saved: the check puts its text in)."""
        with self.lock:
            stamps, known = scan(self.config.config_file, self.config.exhibits_dir), self._whole[0]
            changed = {k for k in stamps.keys() | known.keys() if stamps.get(k) != known.get(k)}
            if self._whole[1] is None or changed - {but}:
                known, hall = self.shared()
                if known != stamps or hall is None:
                    hall = self._read(stamps)
                self._whole = (stamps, hall, None)
            return self._whole[1]

    def _read(self, stamps: dict) -> Hall:
        self.kept.stamps = stamps  # as the scan found them: not looked at again
        try:
            return load_hall(self.config, self.kept)
        finally:
            self.kept.stamps = {}

    # --- writing -----------------------------------------------------------------------------------------
    def save(self, rel: str, data: dict, story: str, expected: str) -> tuple[int, dict]:
        """Write the form's values if the file is still the one the form opened and the result has no errors:
        (200, new digest and warnings), (409, both versions) or (422, the problems; nothing written)."""
        path = self.file(rel)
        with self.lock:
            current = path.read_bytes() if path.is_file() else b""
            if digest(current) != expected:
                return 409, self._conflict(rel, current, data, story)
            try:
                text = self.propose(rel, current.decode("utf-8"), data, story)
            except (yamlio.Unreadable, UnicodeDecodeError):
                raise Refused(422, UNREADABLE) from None
            checked = self.check(rel, text)
            if checked.errors:
                return 422, {"problems": checked.problems, "text": text}
            return 200, self._write(rel, path, current, text.encode("utf-8")) | {
                "problems": checked.problems
            }

    def _conflict(self, rel: str, current: bytes, data: dict, story: str) -> dict:
        """Both versions: the file on disk now, and the form's values written over it (what "keep mine" saves)."""
        result = {
            "conflict": True,
            "disk": self.opened(rel, current) if current else None,
            "yours": "",
        }
        try:
            result["yours"] = self.propose(
                rel, current.decode("utf-8") if current else NEW_FILE, data, story
            )
        except (yamlio.Unreadable, UnicodeDecodeError):
            pass
        return result

    def restore(self, rel: str, version: str, expected: str) -> tuple[int, dict]:
        """Put an earlier version back, byte for byte (the version it replaces is kept, like any write)."""
        path = self.file(rel)
        old = self.history.read(rel, version)
        with self.lock:
            current = path.read_bytes() if path.is_file() else b""
            if digest(current) != expected:
                return 409, {
                    "conflict": True,
                    "disk": self.opened(rel, current) if current else None,
                }
            problems = self.check(rel, old.decode("utf-8", errors="replace")).problems
            return 200, self._write(rel, path, current, old) | {"problems": problems}

    def _write(self, rel: str, path: Path, current: bytes, data: bytes) -> dict:
        if current == data:
            return {"digest": digest(data), "saved": False}
        if current:
            self.history.keep(rel, current)
        write_whole(path, data)
        self.wrote(path)
        return {"digest": digest(data), "saved": True}

    def keep(self, path: Path, data: bytes) -> None:
        """A file's bytes before something other than the form replaces it (an import): an earlier version."""
        self.history.keep(path.relative_to(self.config.exhibits_dir).as_posix(), data)

    def new(self, kind: str, name: str, slug: str | None) -> str:
        """A new exhibit from `hall new`'s template; returns its path under exhibits/."""
        folder = KIND_ALIASES.get(kind)
        name = (name or "").strip()
        if folder is None or not name or len(name) > 40 or any(ord(ch) < 32 for ch in name):
            raise Refused(400, "请选择类别并填写姓名或名称（40 字以内）")
        slug = (slug or "").strip() or default_slug(folder, name)
        exhibit_file(
            self.config.exhibits_dir, f"{folder}/{slug}/index.md"
        )  # the slug, checked as any path
        try:
            with self.lock:
                path = new_exhibit(self.config.exhibits_dir, folder, name, slug)
        except ScaffoldError:
            raise Refused(
                409, f"展品文件名“{slug}”已经有人用了：请另填一个文件名，如 {slug}-2"
            ) from None
        return path.relative_to(self.config.exhibits_dir).as_posix()

    def exhibits(self) -> list[dict]:
        """Every file under exhibits/ the hall reads (those with errors too) with its name, its problems counted
        as `hall check` counts them and what a good exhibit still lacks, in the to-do order: errors first, then
        warnings, then what is lacking. Made once for each reading of the hall."""
        with self.lock:
            hall = self.hall()
            if self._whole[2] is None:
                self._whole = (self._whole[0], hall, self._list(hall))
            return self._whole[2]

    def _list(self, hall: Hall) -> list[dict]:
        config = self.config
        counts: dict[str, list[int]] = {}
        for p in hall.report.problems:
            counts.setdefault(p.path, [0, 0])[p.severity != ERROR] += 1
        valid = {e.rel: e for e in hall.entries()}
        names = {rel: s.data.get("name") or s.data.get("title") for rel, s in hall.rejected}
        prefix = len(self.shown("x")) - 1  # exhibits/ as `hall check` names it
        listed = []
        for kind, slug, _, shown in discover(config.exhibits_dir, Report(), config.root):
            e, (errors, warnings) = valid.get(shown), counts.get(shown, [0, 0])
            listed.append(
                {
                    "path": shown[prefix:],
                    "kind": kind,
                    "slug": slug,
                    "title": str(e.title if e else names.get(shown) or slug),
                    "pinyin": e.pinyin if e else "",
                    "errors": errors,
                    "warnings": warnings,
                    "lacks": _lacks(e) if e else [],
                }
            )
        listed.sort(
            key=lambda x: (-x["errors"], -x["warnings"], -len(x["lacks"]), x["pinyin"], x["path"])
        )
        return listed

    def todo(self, page: int = 1, words: str = "", per_page: int = 50) -> dict:
        """One page of the to-do view (待办), found by name, pinyin or file name, and the whole hall's counts."""
        listed = self.exhibits()
        words = words.strip().lower()
        found = (
            [x for x in listed if words in f"{x['title']} {x['pinyin']} {x['path']}".lower()]
            if words
            else listed
        )
        pages = max(1, -(-len(found) // per_page))
        page = min(max(1, page), pages)
        lacking: dict[str, int] = {}
        for x in listed:
            for lack in x["lacks"]:
                lacking[lack] = lacking.get(lack, 0) + 1
        return {
            "total": len(listed),
            "errors": sum(x["errors"] for x in listed),
            "warnings": sum(x["warnings"] for x in listed),
            "lacking": lacking,
            "found": len(found),
            "page": page,
            "pages": pages,
            "items": found[(page - 1) * per_page : page * per_page],
        }

    def find(self, kind: str, slug: str) -> str | None:
        """The file of an exhibit, page or event by its kind and slug (a preview page's 编辑 button)."""
        for rel in (f"{kind}/{slug}/index.md", f"{kind}/{slug}.md"):
            try:
                if self.file(rel).is_file():
                    return rel
            except Refused:
                return None
        return None

    def lists(self) -> dict:
        """The vocabularies and the hall's own values, as the form's suggestions."""
        with self.lock:
            hall = self.hall()
            registers = [
                e.region
                for path in register_files(self.config.exhibits_dir)
                for e in read_register(path, path.name, Report()) or []
                if e.region
            ]
            return suggestions(self.config.vocab, hall, registers)


def _lacks(e: Exhibit) -> list[str]:
    """What a good exhibit still lacks, though the check lets it pass."""
    lacks = []
    if e.kind in ("people", "collectives") and not e.images:
        lacks.append("没有照片")
    if any(h.year is None for h in e.get("honors", [])):
        lacks.append("有荣誉没有年份")
    if e.kind in SECTIONS:  # the hall's own pages and events need no sources or long stories
        return lacks
    if e.meta.sources and all((s.note or "").strip() == IMPORTED for s in e.meta.sources):
        lacks.append(PROVISIONAL)
    elif not any(s.url or s.date for s in e.meta.sources):
        lacks.append("来源没有网址或日期")
    if len(e.source.body.strip()) < 100:
        lacks.append("正文很短")
    return lacks


def _problem(p: Problem, fields: dict, source: Source | None) -> dict:
    """A problem as the form shows it: the check's words and the key path of its field ("story" for the text)."""
    loc = fields.get(p)
    if loc is None and source is not None and p.line:
        if p.line >= source.body_line:
            loc = ("story",)
        else:
            at_line = [loc for loc, line in source.lines.items() if line == p.line]
            loc = max(at_line, key=len) if at_line else ()
    return {**p.as_dict(), "field": list(loc or ()), "where": key_text(tuple(loc or ()))}
