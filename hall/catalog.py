"""The whole hall, loaded, checked and enriched: what `check` reports and `build` publishes."""
from __future__ import annotations

from .config import HallConfig
from .enrich import enrich
from .exhibit import Hall, load
from .validate import check


def load_hall(config: HallConfig, sources: dict | None = None, memo: dict | None = None) -> Hall:
    """`sources` and `memo` are what serve keeps between saves (see hall.exhibit.load and hall.validate.check)."""
    hall = load(config.exhibits_dir, config.root, sources)
    vocab = config.vocab
    check(hall, vocab, config.exhibits_dir, memo)
    enrich(hall, vocab)
    return hall
