"""The whole hall, loaded, checked and enriched: what `check` reports and `build` publishes."""

from __future__ import annotations

from dataclasses import dataclass, field

from hall.model import media, visit
from hall.model.checks import check
from hall.model.config import HallConfig
from hall.model.enrich import enrich
from hall.model.exhibit import Hall, read_exhibits


@dataclass
class Kept:
    """What serve keeps from save to save, so that a save costs what it changed: every file as last read
    (hall.model.exhibit.read_exhibits) and, per reading, its own checks (hall.model.checks.check) and derived fields
    (hall.model.enrich.enrich); `stamps` are the files' (mtime, size) as serve's scan of them just found."""

    sources: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)


def load_hall(config: HallConfig, kept: Kept | None = None) -> Hall:
    hall = read_exhibits(config.exhibits_dir, config.root, kept)
    hall.visit = visit.read_visit(
        config.config_file, config.config_rel, hall.report
    )  # mkdocs.yml's 参观信息
    vocab = config.vocab
    check(
        hall,
        vocab,
        config.exhibits_dir,
        kept.checks if kept else None,
        config.today,
        hall.visit.numbers() if hall.visit else [],
        media.limits(config.options.media.model_dump()),
    )
    enrich(hall, vocab, kept.derived if kept else None)
    return hall
