"""Fixtures: a small hall in a temporary folder, written the way a curator would."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

# Every build in the tests sees its events from the same day (hall.model.events.today): builds compared byte for byte
# must not straddle a midnight, and what is upcoming must not depend on when the tests run.
TODAY = "2026-12-01"
os.environ.setdefault("HALL_TODAY", TODAY)

MKDOCS_YML = """\
site_name: 测试馆
site_url: https://hall.example.org/
docs_dir: exhibits
site_dir: site
theme:
  name: material
  language: zh
  custom_dir: {theme}
  font: false
plugins:
  - hall:
      cache_dir: .cache
markdown_extensions: [attr_list, md_in_html]
"""

PERSON = """\
---
name: 柴金甫
region: 浙江省/嘉兴市/嘉善县
trade: 农、林、牧、渔业
honors:
  - title: 全国劳动模范
    year: 2020
  - title: 嘉善县劳动模范
summary: 嘉善鲜切花种植第一人，带动周边农户发展现代农业。
sources:
  - title: 弘扬劳模精神 培育匠心匠艺
    publisher: 县传媒中心
    date: 2020-11-27
---

## 故事

柴金甫种植鲜切花二十年。
"""

CRAFTSMAN = """\
---
name: 查昭
region: 浙江省/台州市/玉环市
trade: 制造业
occupation: 车工
honors:
  - title: 浙江工匠
  - title: 台州市劳动模范
    year: 2015
portrait:
  src: portrait.jpg
  alt: 查昭在阀门检测中心查看数据
summary: 从普通车工成长为阀门行业的浙江工匠。
sources:
  - title: 浙江玉环：工会“三大机制”激活劳模工匠“头雁效应”
    publisher: 浙工之家
---

查昭 2002 年来到玉环，进入一家阀门企业当车工。
"""

OLD_HERO = """\
---
name: 王进喜
region: 黑龙江省/大庆市
trade: 采矿业
honors:
  - title: 全国劳动模范
    year: 1959
summary: 大庆油田钻井队队长，“铁人”。
sources:
  - title: 王进喜
    publisher: 公开资料
---

铁人精神。
"""

ARTIFACT = """\
---
title: 竹编花篮
maker: zha-zhao
category: 竹编
material: 毛竹
images:
  - src: basket.jpg
    alt: 一只竹编花篮
    illustration: true
summary: 用毛竹篾片挑压编织的花篮。
sources:
  - title: 示例来源
---

竹编花篮。
"""

COLLECTIVE = """\
---
name: 查昭高技能人才创新工作室
type: 创新工作室
region: 浙江省/台州市/玉环市
trade: 制造业
leader: zha-zhao
members: [zha-zhao]
summary: 以查昭名字命名的高技能人才创新工作室。
sources:
  - title: 示例来源
---

工作室。
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def photo(path: Path, size=(1200, 800), color=(180, 60, 40), **save) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG", **save)
    return path


class SmallHall:
    """A hall in a temporary folder: mkdocs.yml plus exhibits/ written like a curator would."""

    def __init__(self, root: Path):
        self.root = root
        self.exhibits = root / "exhibits"
        self.config = root / "mkdocs.yml"
        theme = Path(__file__).resolve().parents[1] / "hall" / "theme"
        self.config.write_text(MKDOCS_YML.format(theme=theme), encoding="utf-8")
        write(self.exhibits / "people" / "chai-jinfu.md", PERSON)
        write(self.exhibits / "people" / "zha-zhao" / "index.md", CRAFTSMAN)
        photo(self.exhibits / "people" / "zha-zhao" / "portrait.jpg", (600, 900))
        write(self.exhibits / "people" / "wang-jinxi.md", OLD_HERO)
        write(self.exhibits / "artifacts" / "zhu-bian-hua-lan" / "index.md", ARTIFACT)
        photo(self.exhibits / "artifacts" / "zhu-bian-hua-lan" / "basket.jpg")
        write(self.exhibits / "collectives" / "zha-zhao-studio" / "index.md", COLLECTIVE)

    def add(self, rel: str, text: str) -> Path:
        return write(self.exhibits / rel, text)

    def hall_config(self):
        from hall.model.config import load

        return load(self.config)

    def load(self):
        from hall.model.catalog import load_hall

        return load_hall(self.hall_config())

    def codes(self) -> list[str]:
        return sorted(p.code for p in self.load().report.problems)


def panorama(path: Path, size=(2048, 1024)) -> Path:
    """A generated equirectangular picture (no photo of a real hall exists to test with): sky, walls with
    four coloured panels a quarter turn apart (yaw -135, -45, 45, 135) and a floor, so a viewer shows where it looks."""
    width, height = size
    image = Image.new("RGB", size, (200, 215, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle(
        (0, height * 0.62, width, height), fill=(120, 95, 70)
    )  # the floor below the horizon
    draw.rectangle((0, height * 0.30, width, height * 0.62), fill=(236, 228, 210))  # the walls
    for i, color in enumerate([(183, 28, 28), (46, 125, 50), (21, 101, 192), (245, 127, 23)]):
        x = width * (0.25 * i + 0.125) - width / 32  # yaw 0 is the middle of the picture
        draw.rectangle((x, height * 0.36, x + width / 16, height * 0.56), fill=color)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def small_hall(tmp_path) -> SmallHall:
    return SmallHall(tmp_path)
