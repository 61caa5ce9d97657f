"""The whole hall, loaded, checked and enriched: what `check` reports and `build` publishes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from hall.model import media, visit
from hall.model.checks import check
from hall.model.config import HallConfig
from hall.model.enrich import enrich
from hall.model.exhibit import CONTENT, Exhibit, Hall, read_again, read_exhibits, same_but
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
    folders = [os.fspath(exhibits_dir)]
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
    return stamps


def unread(name: str) -> bool:
    """A file the hall never reads, so saving it is no edit: hidden files (vim's .swp) and backups (x~, #x#)."""
    return name.startswith(".") or name.endswith(("~", "#"))


def load_hall(config: HallConfig, kept: Kept | None = None) -> Hall:
    hall = read_exhibits(config.exhibits_dir, config.root, kept)
    hall.visit = visit.read_visit(
        config.config_file, config.config_rel, hall.report
    )  # mkdocs.yml's 参观信息
    examine(hall, config, kept)
    return hall


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
        hall.visit.numbers() if hall.visit else [],
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
