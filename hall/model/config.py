"""The hall's settings: the options of the `hall` plugin in mkdocs.yml, declared once (`HallOptions`), which the
plugin (hall.engine.plugin) validates its options with and `load` reads without importing MkDocs (the domain core
stays engine-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from hall.files import shown
from hall.model.events import today as events_today
from hall.model.media import DEFAULT_LIMITS_MB
from hall.model.problems import HallError
from hall.model.vocab import LEVELS, Vocabulary


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: or !ENV; they do not matter here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
# dates stay text (hall.model.visit reads them, and says so when one is impossible: 2027-02-30 would raise here)
_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def _number_as_text(value: Any) -> Any:
    """A trade or a title written as a bare number (YAML reads 2024 as one) is its text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Text = Annotated[str, BeforeValidator(_number_as_text)]
Level = Literal[tuple(level.name for level in LEVELS)]


class _Options(BaseModel):
    """A section of the options: a key left empty (`trades:`) is as if not written; keys the hall does not know
    are kept aside, for a warning (`unknown`)."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


class Vocabularies(_Options):
    trades: list[Text] = Field(default=[], title="行业")
    honors: dict[Level, list[Text]] = Field(default={}, title="荣誉称号（按级别）")
    categories: list[Text] = Field(default=[], title="匠品类别")
    collective_types: list[Text] = Field(default=[], title="集体类型")
    event_types: list[Text] = Field(default=[], title="活动类型")
    activity_types: list[Text] = Field(default=[], title="社会活动类型")


class MediaLimits(_Options):
    max_audio_mb: float = Field(default=DEFAULT_LIMITS_MB["audio"], gt=0, title="录音上限（MB）")
    max_video_mb: float = Field(default=DEFAULT_LIMITS_MB["video"], gt=0, title="视频上限（MB）")
    max_captions_mb: float = Field(
        default=DEFAULT_LIMITS_MB["captions"], gt=0, title="字幕上限（MB）"
    )


class HallOptions(_Options):
    """The options under `plugins: - hall:` in mkdocs.yml."""

    vocabularies: Vocabularies = Field(default_factory=Vocabularies, title="词表")
    intro: str = Field(default="", title="序厅导语")
    cache_dir: str = Field(default=".cache/hall", title="缓存文件夹")
    originals: bool = Field(default=False, strict=True, title="另发布原尺寸照片（仍去掉拍摄信息）")
    visit: dict = Field(default={}, title="参观信息")  # checked with its lines by hall.model.visit
    media: MediaLimits = Field(default_factory=MediaLimits, title="音视频大小上限")

    def unknown(self) -> list[str]:
        """Keys the hall does not know, as paths (vocabularies.trade): most likely misspelt."""
        found = [*(self.model_extra or {})]
        for name in ("vocabularies", "media"):
            found += [f"{name}.{key}" for key in getattr(self, name).model_extra or {}]
        return found


class ConfigError(HallError, ValueError):
    """mkdocs.yml's hall options are not what the hall expects (the message says where, in Chinese)."""


def read_options(options: dict | None, config_file: Path | None = None) -> HallOptions:
    """The plugin's options, checked; ConfigError names each wrong one, what was expected and what was found,
    with its line in mkdocs.yml when the file is given."""
    try:
        return HallOptions.model_validate(options or {})
    except ValidationError as exc:
        lines = [_describe(err, config_file) for err in exc.errors()]
        raise ConfigError("hall 插件的设置有错误：\n" + "\n".join(lines)) from None


@dataclass
class HallConfig:
    root: Path
    exhibits_dir: Path
    site_dir: Path
    site_name: str = "劳模工匠馆"
    site_url: str = ""
    options: HallOptions = field(default_factory=HallOptions)
    config_file: Path | None = (
        None  # mkdocs.yml, whose `visit` section is read with its lines (hall.model.visit)
    )

    @cached_property
    def vocab(self) -> Vocabulary:
        return Vocabulary.from_config(self.options.vocabularies.model_dump())

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
        return self.root / self.options.cache_dir


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
        options=read_options(plugin_options(data.get("plugins")), config_file),
        config_file=config_file,
    )


_EXPECTED = {  # pydantic's error type -> what the option should be
    "string_type": "文字",
    "bool_type": "“true”或“false”",
    "bool_parsing": "“true”或“false”",
    "float_type": "数字",
    "float_parsing": "数字",
    "greater_than": "大于 0 的数字",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "“键: 值”的映射",
    "model_type": "“键: 值”的映射",
    "model_attributes_type": "“键: 值”的映射",
    "literal_error": "、".join(level.name for level in LEVELS) + " 之一",
}


def _describe(err: dict, config_file: Path | None) -> str:
    """One wrong option: where (line, key and its title), what was expected and what was found."""
    loc = tuple(p for p in err["loc"] if p != "[key]")
    key = ".".join(f"第{p + 1}项" if isinstance(p, int) else str(p) for p in loc)
    title = _title(loc)
    name = config_file.name if config_file else "mkdocs.yml"
    where = f"{name} 第 {line} 行" if (line := _line(config_file, loc)) else name
    expected = _EXPECTED.get(err["type"], err["msg"])
    what = "级别" if err["loc"][-1:] == ("[key]",) else "值"
    return (
        f"  {where}：“{key}”{f'（{title}）' if title else ''}的{what}应为{expected}，"
        f"写的是{_found(err.get('input'))}"
    )


def _title(loc: tuple) -> str:
    """The Chinese title of the option a key path names (of the list or mapping, for an item)."""
    model, title = HallOptions, ""
    for part in loc:
        field_info = model.model_fields.get(part) if isinstance(part, str) and model else None
        if field_info is None:
            break
        title = field_info.title or ""
        annotation = field_info.annotation
        model = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
    return title


def _found(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, bool):
        return f"{str(value).lower()}（是非值）"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“键: 值”的映射"
    return type(value).__name__


def hall_node(root: yaml.Node | None) -> yaml.Node | None:
    """plugins → the `hall` entry, in a composed mkdocs.yml (tags such as !ENV need no constructor here)."""
    plugins = child(root, "plugins")
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        if (hall := child(item, "hall")) is not None:
            return hall
    return None


def child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    """A mapping's value under `key`, or a list's item; None when there is none."""
    if isinstance(node, yaml.MappingNode):
        return next(
            (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)),
            None,
        )
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _line(config_file: Path | None, loc: tuple) -> int | None:
    """The line in mkdocs.yml of the option at `loc` (of its closest written parent)."""
    try:
        node = hall_node(
            yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
        )
    except (AttributeError, OSError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        node = child(node, part)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
