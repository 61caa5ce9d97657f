"""The whole hall, loaded, checked and enriched: what `check` reports and `build` publishes."""
from __future__ import annotations

from .config import HallConfig
from .enrich import enrich
from .exhibit import Hall, load
from .validate import check


def load_hall(config: HallConfig) -> Hall:
    hall = load(config.exhibits_dir, config.root)
    vocab = config.vocab
    check(hall, vocab, config.exhibits_dir)
    enrich(hall, vocab)
    return hall
