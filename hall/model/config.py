"""The hall's settings, read from mkdocs.yml without importing MkDocs (the domain core stays engine-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import yaml

from hall.files import shown
from hall.model.events import today as events_today
from hall.model.vocab import Vocabulary


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: or !ENV; they do not matter here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
# dates stay text (hall.model.visit reads them, and says so when one is impossible: 2027-02-30 would raise here)
_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


@dataclass
class HallConfig:
    root: Path
    exhibits_dir: Path
    site_dir: Path
    site_name: str = "劳模工匠馆"
    site_url: str = ""
    options: dict = field(default_factory=dict)
    config_file: Path | None = (
        None  # mkdocs.yml, whose `visit` section is read with its lines (hall.model.visit)
    )

    @cached_property
    def vocab(self) -> Vocabulary:
        return Vocabulary.from_config(self.options.get("vocabularies"))

    @cached_property
    def today(self) -> date:
        """The day this build sees its events from (hall.model.events.today), the same for the whole build."""
        return events_today()

    @property
    def config_rel(self) -> str:
        """mkdocs.yml as curators see it in messages."""
        return shown(self.config_file or self.root / "mkdocs.yml", self.root)

    @property
    def cache_dir(self) -> Path:
        """Image derivatives and QR codes, kept between builds (outside exhibits/ and site/)."""
        return self.root / self.options.get("cache_dir", ".cache/hall")


def plugin_options(plugins) -> dict:
    """The options of the `hall` entry of an mkdocs.yml plugins list."""
    for item in plugins or []:
        if isinstance(item, dict) and "hall" in item:
            return item["hall"] or {}
    return {}


def load(config_file: Path) -> HallConfig:
    config_file = Path(config_file).resolve()
    with config_file.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_TolerantLoader) or {}
    root = config_file.parent
    return HallConfig(
        root=root,
        exhibits_dir=root / data.get("docs_dir", "exhibits"),
        site_dir=root / data.get("site_dir", "site"),
        site_name=data.get("site_name", "劳模工匠馆"),
        site_url=data.get("site_url") or "",
        options=plugin_options(data.get("plugins")),
        config_file=config_file,
    )
