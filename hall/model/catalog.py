"""The whole hall, loaded, checked and enriched: what `check` reports and `build` publishes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISDIR, S_ISLNK
from typing import Callable

from hall.model import checks, media, visit
from hall.model.checks import check, own_of
from hall.model.config import HallConfig
from hall.model.enrich import derived_of, enrich
from hall.model.exhibit import (
    APART,
    CONTENT,
    Exhibit,
    Hall,
    read_again,
    read_exhibits,
    read_file,
    same_but,
)
from hall.model.problems import Problem, Report


@dataclass
class Kept:
    """What serve keeps from save to save, so that a save costs what it changed: every file as last read
    (hall.model.exhibit.read_exhibits) and, per reading, its own checks (hall.model.checks.check) and derived fields
    (hall.model.enrich.enrich); `stamps` are the files' (mtime, size) as serve's scan of them just found, and
    `listing` the exhibit files found among them."""

    sources: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    listing: tuple | None = (
        None  # ((exhibits/, the files stamped), what discover() found, its problems)
    )

    def shared(self) -> Kept:
        """What another thread reads with (serve's workspace beside its preview): the same files read, checks
        and derived fields (each entry is for one reading of one file, so either may add it), its own stamps."""
        return Kept(self.sources, self.checks, self.derived)


def scan(config_file: Path, exhibits_dir: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file the hall reads: mkdocs.yml and everything under exhibits/ (one stat each,
    which reading then takes as they are: Kept.stamps). As os.walk, it does not follow folder links; scandir's
    entries save os.walk's path joins and its stat of every entry to tell folders (a third of a scan)."""
    stat = os.stat(config_file)
    stamps = {str(config_file): (stat.st_mtime_ns, stat.st_size)}
    _walk(os.fspath(exhibits_dir), stamps)
    return stamps


def rescan(
    stamps: dict[str, tuple[int, int]], paths: set[str], config_file: Path, exhibits_dir: Path
) -> dict[str, tuple[int, int]] | None:
    """A scan's `stamps` brought up to date where a watcher named `paths` saved (created, written, removed or
    moved): what scan would give now, looking only there; a folder named is looked at whole (one made with its
    files, or moved in). None when a path is none scan looks at (the caller scans)."""
    root, config = os.fspath(exhibits_dir) + os.sep, str(config_file)
    if any(path != config and not path.startswith(root) for path in paths):
        return None
    # what was in a folder named is gone, or looked at again
    under = tuple(path + os.sep for path in paths)
    now = {p: s for p, s in stamps.items() if p not in paths and not p.startswith(under)}
    for path in paths:
        try:
            stat = os.lstat(path)
            if S_ISDIR(stat.st_mode):
                _walk(path, now)
                continue
            if S_ISLNK(stat.st_mode):  # scan stamps what a link names, and enters no linked folder
                stat = os.stat(path)
        except OSError:  # gone (removed, or moved away)
            continue
        if not S_ISDIR(stat.st_mode) and (path == config or not unread(os.path.basename(path))):
            now[path] = (stat.st_mtime_ns, stat.st_size)
    return now


def _walk(folder: str, stamps: dict[str, tuple[int, int]]) -> None:
    """Every file under `folder` the hall reads, stamped into `stamps` (scan's walk)."""
    folders = [folder]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:  # as os.walk: a folder that cannot be listed (gone meanwhile) holds nothing
            continue
        with entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.is_symlink():
                        folders.append(entry.path)
                elif not unread(entry.name):
                    stat = entry.stat()
                    stamps[entry.path] = (stat.st_mtime_ns, stat.st_size)


def unread(name: str) -> bool:
    """A file the hall never reads, so saving it is no edit: hidden files (vim's .swp) and backups (x~, #x#)."""
    return name.startswith(".") or name.endswith(("~", "#"))


def load_hall(
    config: HallConfig, kept: Kept | None = None, read: Callable[[Hall], None] | None = None
) -> Hall:
    """Every file read and checked, with its derived fields. `read` is called with the hall as read, before it is
    checked: work that needs only which exhibits there are can start (a build's QR codes)."""
    hall = read_exhibits(config.exhibits_dir, config.root, kept)
    if read is not None:
        read(hall)
    hall.visit = visit.read_visit(
        config.config_file, config.config_rel, hall.report
    )  # mkdocs.yml's 参观信息
    examine(hall, config, kept)
    return hall


def own_context(config: HallConfig) -> tuple:
    """What a file's own checks and derived fields depend on besides the file (work_out), as `examine` has it:
    checks.own_context of the vocabulary, the exhibits' folder and the visiting information's public numbers."""
    found = visit.read_visit(config.config_file, config.config_rel, Report())
    return checks.own_context(config.vocab, config.exhibits_dir, visit.public_numbers(found))


def work_out(kept: Kept, files: list[tuple[str, str, Path, str]], context: tuple) -> None:
    """What load_hall works out of each of these files (hall.model.exhibit.to_read's) by itself, into `kept`: its
    reading and, when it passes its schema, its own checks and derived fields (from `context`: own_context).
    Another process can do this for part of a hall's files."""
    vocab, root, public = context
    for kind, slug, path, rel in files:
        source, meta, _ = read_file(kind, path, rel, kept)
        if meta is not None:
            e = Exhibit(kind, slug, rel, path, source, meta)
            own_of(e, kept.checks, vocab, root, public)
            if kind not in APART:
                derived_of(e, kept.derived, vocab)


def examine(hall: Hall, config: HallConfig, kept: Kept | None = None, only=None) -> None:
    """The checks of `hall check` on a hall read (with its visit), and its derived fields. With `only` (files as
    curators see them), just those files' problems, and only their exhibits derived: the rest is context."""
    vocab = config.vocab
    check(
        hall,
        vocab,
        config.exhibits_dir,
        kept.checks if kept else None,
        config.today,
        visit.public_numbers(hall.visit),
        media.limits(config.options.media.model_dump()),
        only,
    )
    if only is not None:
        hall = Hall(exhibits=[e for e in hall.exhibits if e.rel in only], report=hall.report)
    enrich(hall, vocab, kept.derived if kept else None)


def reread(
    hall: Hall, config: HallConfig, kept: Kept, paths: set[str], fields: frozenset = CONTENT
) -> tuple[list[tuple[Exhibit, Exhibit]], list[Problem]] | None:
    """These exhibits' files read again, when each changed at most in its story and `fields`: the pairs (as
    last read, as now read, with its own derived fields) and the files' problems now, as `hall check` gives them
    in this hall. None when one is no exhibit of the hall, fails its schema, or changed more than that."""
    by_path = {str(e.path): e for e in hall.exhibits}
    pairs, problems = [], []
    for path in paths:
        if (old := by_path.get(path)) is None:
            return None
        new, read = read_again(old, kept)
        if new is None or not same_but(old.meta, new.meta, fields):
            return None
        pairs.append((old, new))
        problems += read
    swapped = {id(old): new for old, new in pairs}
    view = replace(hall, exhibits=[swapped.get(id(e), e) for e in hall.exhibits], report=Report())
    examine(view, config, kept, only={new.rel for _, new in pairs})
    return pairs, problems + view.report.problems
