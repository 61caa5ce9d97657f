"""Controlled vocabularies: eras, trades, honor titles and levels, regions, craft categories.

The defaults are below (the README's 词表 describes them); a hall extends them under
`plugins: - hall: vocabularies:` in mkdocs.yml.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from hall.model import codes
from hall.model.problems import Notice


@dataclass(frozen=True)
class Era:
    name: str
    slug: str
    start: int
    end: int | None  # inclusive; None means "until now"
    intro: str = ""

    def contains(self, year: int) -> bool:
        return year >= self.start and (self.end is None or year <= self.end)

    @property
    def span(self) -> str:
        return f"{self.start}—{self.end}" if self.end else f"{self.start} 年至今"


@dataclass(frozen=True)
class Trade:
    name: str
    slug: str
    code: str = ""


@dataclass(frozen=True)
class Level:
    name: str
    slug: str
    rank: int  # 0 is the highest


DEFAULT_ERAS = [
    Era(
        "社会主义革命和建设时期",
        "1949-1977",
        1949,
        1977,
        "新中国成立后，工人和农民在百废待兴中建设国家，涌现出第一代全国劳动模范。",
    ),
    Era(
        "改革开放和社会主义现代化建设新时期",
        "1978-2011",
        1978,
        2011,
        "改革开放以来，劳动者在市场经济和技术革新中争先创优。",
    ),
    Era(
        "中国特色社会主义新时代",
        "2012-",
        2012,
        None,
        "党的十八大以来，劳模精神、劳动精神、工匠精神在各行各业发扬光大。",
    ),
]

# GB/T 4754-2017 国民经济行业分类, sections (门类), plus 传统工艺 for visitors.
DEFAULT_TRADES = [
    Trade("农、林、牧、渔业", "a", "A"),
    Trade("采矿业", "b", "B"),
    Trade("制造业", "c", "C"),
    Trade("电力、热力、燃气及水生产和供应业", "d", "D"),
    Trade("建筑业", "e", "E"),
    Trade("批发和零售业", "f", "F"),
    Trade("交通运输、仓储和邮政业", "g", "G"),
    Trade("住宿和餐饮业", "h", "H"),
    Trade("信息传输、软件和信息技术服务业", "i", "I"),
    Trade("金融业", "j", "J"),
    Trade("房地产业", "k", "K"),
    Trade("租赁和商务服务业", "l", "L"),
    Trade("科学研究和技术服务业", "m", "M"),
    Trade("水利、环境和公共设施管理业", "n", "N"),
    Trade("居民服务、修理和其他服务业", "o", "O"),
    Trade("教育", "p", "P"),
    Trade("卫生和社会工作", "q", "Q"),
    Trade("文化、体育和娱乐业", "r", "R"),
    Trade("公共管理、社会保障和社会组织", "s", "S"),
    Trade("国际组织", "t", "T"),
    Trade("传统工艺", "crafts"),
]

LEVELS = [
    Level("全国", "national", 0),
    Level("省级", "provincial", 1),
    Level("市级", "city", 2),
    Level("县级", "county", 3),
]

# Provincial-level divisions: full name and the short name used in titles such as 浙江工匠.
PROVINCES = {
    "北京市": "北京",
    "天津市": "天津",
    "上海市": "上海",
    "重庆市": "重庆",
    "河北省": "河北",
    "山西省": "山西",
    "辽宁省": "辽宁",
    "吉林省": "吉林",
    "黑龙江省": "黑龙江",
    "江苏省": "江苏",
    "浙江省": "浙江",
    "安徽省": "安徽",
    "福建省": "福建",
    "江西省": "江西",
    "山东省": "山东",
    "河南省": "河南",
    "湖北省": "湖北",
    "湖南省": "湖南",
    "广东省": "广东",
    "海南省": "海南",
    "四川省": "四川",
    "贵州省": "贵州",
    "云南省": "云南",
    "陕西省": "陕西",
    "甘肃省": "甘肃",
    "青海省": "青海",
    "台湾省": "台湾",
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# National titles, most prestigious first within the level.
NATIONAL_HONORS = [
    "全国劳动模范",
    "全国先进工作者",
    "全国先进生产者",
    "全国劳动英雄",
    "大国工匠",
    "全国五一劳动奖章",
    "全国五一巾帼标兵",
    "全国三八红旗手",
    "中华技能大奖",
    "全国技术能手",
]
# Titles every province awards; {p} is the full name (浙江省), {s} the short one (浙江).
PROVINCIAL_PATTERNS = [
    "{p}劳动模范",
    "{p}先进工作者",
    "{s}工匠楷模",
    "{p}五一劳动奖章",
    "{s}五一劳动奖章",
    "{s}工匠",
    "{s}五一工匠",
    "{p}技术能手",
]
# City and county titles cannot be listed; they are recognised by their ending.
LOCAL_HONOR_RE = re.compile(
    r"^(?P<place>\S{1,12}?(?P<kind>市|州|盟|地区|县|区|旗))"
    r"(劳动模范|劳模|先进工作者|五一劳动奖章|工匠|五一巾帼标兵|技术能手|技能带头人)$"
)
REGION_SUFFIXES = (
    "省",
    "市",
    "自治区",
    "特别行政区",
    "州",
    "盟",
    "地区",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
    "街道",
)

DEFAULT_CATEGORIES = [
    "石雕",
    "木雕",
    "竹雕",
    "竹编",
    "漆器",
    "鸟笼",
    "竹笛",
    "刺绣",
    "陶瓷",
    "金属工艺",
    "印章篆刻",
    "布艺",
    "编织",
    "农产品",
    "技术革新",
    "发明专利",
    "其他",
]
DEFAULT_COLLECTIVE_TYPES = [
    "模范集体",
    "创新工作室",
    "技能大师工作室",
    "劳模工作室",
    "志愿服务队",
    "工匠馆",
]
DEFAULT_EVENT_TYPES = ["课程", "研学", "宣讲", "讲座", "志愿服务", "展览开幕", "市集"]
# A person's 社会活动 (hall.model.activities), as the seeds name them: 宣讲、志愿服务、技术服务队、助企行、进校园、
# 结对帮扶、疗休养 (seeds 000-004).
DEFAULT_ACTIVITY_TYPES = [
    "宣讲",
    "志愿服务",
    "技术服务",
    "助企",
    "进校园",
    "进社区",
    "技能培训",
    "结对帮扶",
    "疗休养",
]


def _key(text: str) -> str:
    """Compare names without punctuation, so 农林牧渔业 matches 农、林、牧、渔业."""
    return re.sub(r"[\s、，,·．.（）()]", "", text)


def suggest(value: str, choices: list[str]) -> str:
    """The nearest known value, for hints; empty when nothing is close."""
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return match[0] if match else ""


@dataclass
class Vocabulary:
    eras: list[Era] = field(default_factory=lambda: list(DEFAULT_ERAS))
    trades: list[Trade] = field(default_factory=lambda: list(DEFAULT_TRADES))
    honors: dict[str, str] = field(default_factory=dict)  # title -> level name, in prestige order
    categories: list[str] = field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    collective_types: list[str] = field(default_factory=lambda: list(DEFAULT_COLLECTIVE_TYPES))
    event_types: list[str] = field(default_factory=lambda: list(DEFAULT_EVENT_TYPES))
    activity_types: list[str] = field(default_factory=lambda: list(DEFAULT_ACTIVITY_TYPES))
    provinces: dict[str, str] = field(default_factory=lambda: dict(PROVINCES))
    _order: dict[str, int] = field(
        default_factory=dict, repr=False, compare=False
    )  # title -> place in `honors`
    _trades: dict[str, Trade | None] = field(
        default_factory=dict, repr=False, compare=False
    )  # name -> trade
    _ranks: dict[str, tuple[int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )  # title -> rank

    def __post_init__(self) -> None:
        if not self.honors:
            self.honors = {title: "全国" for title in NATIONAL_HONORS}
            for full, short in self.provinces.items():
                for pattern in PROVINCIAL_PATTERNS:
                    self.honors.setdefault(pattern.format(p=full, s=short), "省级")

    @classmethod
    def from_config(cls, options: dict | None) -> "Vocabulary":
        """Defaults extended by the `vocabularies` mapping of the hall plugin in mkdocs.yml, as
        hall.model.config.Vocabularies has checked it (levels among LEVELS, names as text)."""
        vocab = cls()
        options = options or {}
        for name in options.get("trades", []):
            vocab.trades.append(Trade(name, f"x{len(vocab.trades)}"))
        for level, titles in options.get("honors", {}).items():
            vocab.honors.update(dict.fromkeys(titles, level))
        vocab.categories += [c for c in options.get("categories", []) if c not in vocab.categories]
        vocab.collective_types += options.get("collective_types", [])
        for name in ("event_types", "activity_types"):
            known = getattr(vocab, name)
            known += [c for c in options.get(name, []) if c not in known]
        return vocab

    # --- lookups -------------------------------------------------------------------------
    def trade(self, name: str) -> Trade | None:
        if (
            name not in self._trades
        ):  # each name looked up once (trades are only added, by from_config, first)
            key = _key(name)
            self._trades[name] = next(
                (t for t in self.trades if _key(t.name) == key or t.code == name), None
            )
        return self._trades[name]

    def era(self, name: str) -> Era | None:
        return next((e for e in self.eras if e.name == name or e.slug == name), None)

    def era_of_year(self, year: int) -> Era | None:
        return next((e for e in self.eras if e.contains(year)), None)

    def honor_level(self, title: str) -> Level | None:
        if title in self.honors:
            return self.level(self.honors[title])
        match = LOCAL_HONOR_RE.match(title)
        if match:
            return self.level("县级" if match["kind"] in ("县", "区", "旗") else "市级")
        return None

    def honor_rank(self, title: str) -> tuple[int, int]:
        """Sort key: level first, then the title's place in the vocabulary."""
        if len(self._order) != len(self.honors):  # made once, again only if titles were added since
            self._order.clear()
            self._order.update((t, i) for i, t in enumerate(self.honors))
            self._ranks.clear()
        if title not in self._ranks:
            level = self.honor_level(title)
            self._ranks[title] = (
                level.rank if level else len(LEVELS),
                self._order.get(title, len(self.honors)),
            )
        return self._ranks[title]

    @staticmethod
    def level(name: str) -> Level | None:
        return next((lv for lv in LEVELS if lv.name == name), None)

    def honor_problem(self, title: str) -> Notice | None:
        """Why an honor title is not in the vocabulary (E201), with a hint; None if it is."""
        if self.honor_level(title) is not None:
            return None
        return codes.E201.of(title=title, near=suggest(title, list(self.honors)))

    def trade_problem(self, name: str) -> Notice | None:
        """Why a trade is not in the vocabulary (E202), with a hint; None if it is."""
        if self.trade(name) is not None:
            return None
        return codes.E202.of(name=name, near=suggest(name, [t.name for t in self.trades]))

    def region_problem(self, region: str) -> Notice | None:
        """Why a region path such as 浙江省/嘉兴市/嘉善县 is not valid (E203), with a hint; None if it is."""
        parts = region.split("/")
        if any(not p.strip() for p in parts) or len(parts) > 4:
            return codes.E203.of()
        if parts[0] not in self.provinces:
            near = suggest(parts[0], list(self.provinces)) or next(
                (p for p, s in self.provinces.items() if parts[0] == s), ""
            )
            return codes.E203_PROVINCE.of(part=parts[0], near=near)
        for part in parts[1:]:
            if not part.endswith(REGION_SUFFIXES):
                return codes.E203_PLACE.of(part=part)
        return None
