"""Pinyin for names and slugs, with surnames read the way surnames are read."""

from __future__ import annotations

import re
from functools import lru_cache

from hall.files import collector_paused

# pypinyin's dictionaries are 400,000 objects that live as long as the process: made with the collector paused and
# then frozen (gc.freeze), no collection walks them, where each of a command's first collections would.
with collector_paused(frozen=True):
    from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's most common reading.
SURNAMES = {
    "查": "zha",
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "覃": "qin",
    "缪": "miao",
    "万": "wan",
    "任": "ren",
    "华": "hua",
    "纪": "ji",
    "繁": "po",
    "翟": "zhai",
    "沈": "shen",
    "柏": "bai",
    "秘": "bi",
    "朝": "chao",
    "长": "chang",
    "重": "chong",
    "种": "chong",
    "员": "yun",
    "召": "shao",
    "祭": "zhai",
    "隗": "wei",
    "句": "gou",
    "能": "nai",
    "宿": "su",
    "眭": "sui",
    "阚": "kan",
}
COMPOUND_SURNAMES = {
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "夏侯",
    "令狐",
    "长孙",
    "宇文",
    "司徒",
    "西门",
    "南宫",
    "端木",
    "澹台",
    "轩辕",
    "呼延",
}
HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,5}")


def syllables(text: str) -> list[str]:
    """Toneless pinyin syllables; text that is not Chinese is kept as it is."""
    return list(_syllables(text))


@lru_cache(
    maxsize=1 << 16
)  # the same names, titles and places come back in every build and every preview save
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(
        s.strip().lower()
        for s in lazy_pinyin(text, style=Style.NORMAL, errors="default")
        if s.strip()
    )


def split_name(name: str) -> tuple[str, str]:
    """Surname and given name of a Chinese personal name: 欧阳修 → (欧阳, 修)."""
    cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
    return name[:cut], name[cut:]


def name_syllables(name: str) -> tuple[list[str], list[str]]:
    """Syllables of surname and given name: 查昭 → (['zha'], ['zhao'])."""
    if not HAN_NAME.fullmatch(name):
        return syllables(name), []
    surname, given = split_name(name)
    family = [SURNAMES[surname]] if surname in SURNAMES else syllables(surname)
    return family, syllables(given)


@lru_cache(maxsize=1 << 16)
def name_pinyin(name: str) -> str:
    """A person's name in pinyin, surname first: 柴金甫 → Chai Jinfu."""
    family, given = name_syllables(name)
    return " ".join(part.capitalize() for part in ("".join(family), "".join(given)) if part)


@lru_cache(maxsize=1 << 16)
def initials(name: str) -> str:
    """Initials of every syllable, for kiosk searches such as cjf."""
    family, given = name_syllables(name)
    return "".join(s[0] for s in family + given if s)


def slugify(text: str) -> str:
    """A URL slug in pinyin: 柴金甫 → chai-jinfu, 竹编花篮 → zhu-bian-hua-lan."""
    return "-".join(w for s in syllables(text) for w in re.findall(r"[a-z0-9]+", s)) or "x"


def name_slug(name: str) -> str:
    family, given = name_syllables(name)
    return "-".join(filter(None, ("".join(family), "".join(given)))) if given else slugify(name)


def place_slug(place: str) -> str:
    """浙江省 → zhejiang, 嘉善县 → jiashan (the suffix is dropped unless it is all there is)."""
    stem = re.sub(
        r"(省|市|县|区|旗|盟|州|地区|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)$",
        "",
        place,
    )
    return "".join(re.findall(r"[a-z0-9]+", "".join(syllables(stem if len(stem) >= 2 else place))))
