"""Generate a realistic synthetic hall for benchmarks (issue 7). Every exhibit is fictional and says so.

Usage, from the repository root:

    .venv/bin/python bench/generate.py OUT_DIR --people 800 --artifacts 150 --collectives 50 --photos 1 --seed 1
    .venv/bin/python bench/generate.py OUT_DIR --people 8000 --artifacts 1500 --collectives 500 --exhibitions 50
    cd OUT_DIR && /work/main/.venv/bin/python /work/main/build_hall.py check

OUT_DIR gets a complete project: mkdocs.yml (the repository's, with docs_dir exhibits, site_dir site and
the theme folder pointed back at the repository), exhibits/people/<slug>.md,
exhibits/artifacts/<slug>/index.md with P photos of 1200x900 each, exhibits/collectives/<slug>.md, and
with --exhibitions E, E exhibitions of --units U units (default 10) of 10 exhibits each, some with a caption.
People have names from surname and given-name lists, bodies of about 1,200 Chinese characters assembled
from phrase lists, honors, regions and trades from the hall's vocabulary, and a synthetic source.
Every summary starts with 【合成数据】 and every employer ends with （虚构）: these are not real people.
The output is the same for the same arguments. OUT_DIR must be empty or an earlier generated hall.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from common import REPO, texture
from PIL import Image, ImageDraw

from hall.model.pinyin import name_slug, slugify
from hall.model.vocab import (
    DEFAULT_CATEGORIES,
    DEFAULT_COLLECTIVE_TYPES,
    DEFAULT_TRADES,
    NATIONAL_HONORS,
    PROVINCES,
)

MARKER = ".bench-hall"  # marks a folder this script may overwrite
PHOTO_SIZE = (1200, 900)
SOURCE = {
    "title": "合成测试数据",
    "publisher": "bench/generate.py",
    "note": "bench generator：程序生成的虚构内容，不是真实人物和事迹",
}
DISCLAIMER = "（本文由基准测试程序拼接生成，人物、单位和事迹均为虚构，仅用于测试展馆的性能。）"

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤柴查"
)
GIVEN = list(
    "建国华明伟芳秀英军平志强文杰丽静敏红霞春海波兵涛宏林亮成刚勇斌辉鹏飞云峰金玉兰桂珍凤梅琴德福生荣"
    "新胜利庆宝忠祥元永泉水根荣发学龙家振东晓燕婷雪慧佳欣宇浩然子涵梓轩一诺思远嘉怡雨萱博文俊杰"
)
REGIONS = [
    "浙江省/杭州市/临安区",
    "浙江省/杭州市/西湖区",
    "浙江省/宁波市/鄞州区",
    "浙江省/宁波市/余姚市",
    "浙江省/温州市/乐清市",
    "浙江省/嘉兴市/嘉善县",
    "浙江省/嘉兴市/南湖区",
    "浙江省/湖州市/安吉县",
    "浙江省/绍兴市/诸暨市",
    "浙江省/金华市/义乌市",
    "浙江省/金华市/东阳市",
    "浙江省/衢州市/江山市",
    "浙江省/舟山市/定海区",
    "浙江省/台州市/玉环市",
    "浙江省/台州市/温岭市",
    "浙江省/台州市/黄岩区",
    "浙江省/丽水市/龙泉市",
    "江苏省/南京市/江宁区",
    "江苏省/苏州市/昆山市",
    "江苏省/无锡市/江阴市",
    "江苏省/盐城市/东台市",
    "江苏省/常州市/武进区",
    "上海市/浦东新区",
    "上海市/闵行区",
    "上海市/宝山区",
    "北京市/海淀区",
    "北京市/朝阳区",
    "天津市/滨海新区",
    "重庆市/江北区",
    "广东省/广州市/番禺区",
    "广东省/深圳市/宝安区",
    "广东省/佛山市/顺德区",
    "福建省/泉州市/晋江市",
    "福建省/福州市/闽侯县",
    "山东省/青岛市/黄岛区",
    "山东省/潍坊市/寿光市",
    "河南省/郑州市/中牟县",
    "河南省/洛阳市/偃师区",
    "湖北省/武汉市/江夏区",
    "湖南省/长沙市/浏阳市",
    "四川省/成都市/郫都区",
    "四川省/绵阳市/江油市",
    "陕西省/西安市/长安区",
    "辽宁省/鞍山市/铁东区",
    "辽宁省/大连市/金州区",
    "吉林省/长春市/绿园区",
    "黑龙江省/大庆市/萨尔图区",
    "河北省/唐山市/迁安市",
    "山西省/太原市/小店区",
    "安徽省/合肥市/肥西县",
    "江西省/景德镇市/浮梁县",
    "云南省/大理白族自治州/剑川县",
    "甘肃省/兰州市/城关区",
    "新疆维吾尔自治区/乌鲁木齐市/天山区",
    "内蒙古自治区/包头市/昆都仑区",
    "广西壮族自治区/柳州市/柳北区",
    "海南省/海口市/龙华区",
    "宁夏回族自治区/银川市/兴庆区",
]
CITY_TITLES = {
    "台州市": "台州工匠",
    "嘉兴市": "嘉兴工匠",
    "盐城市": "盐城工匠",
}  # registered in the repository's mkdocs.yml
TRADES = {  # trade: occupations, industry word for employers
    "农、林、牧、渔业": (["新型职业农民", "茶农", "水产养殖户", "果树栽培技师"], "农业"),
    "采矿业": (["采煤工", "钻井队长", "矿山机电维修工"], "矿业"),
    "制造业": (
        ["车工", "钳工", "焊工", "数控机床操作工", "模具工", "电工", "装配工", "质检员"],
        "机械",
    ),
    "电力、热力、燃气及水生产和供应业": (["变电运维工", "输电线路工", "燃气管网维修工"], "电力"),
    "建筑业": (["瓦工", "钢筋工", "架子工", "施工员"], "建设"),
    "批发和零售业": (["售货员", "营业员", "店长"], "商贸"),
    "交通运输、仓储和邮政业": (["公交车驾驶员", "桥吊司机", "快递员", "列车长"], "运输"),
    "住宿和餐饮业": (["厨师", "面点师", "客房服务员"], "餐饮"),
    "信息传输、软件和信息技术服务业": (["通信线务员", "软件工程师", "网络运维工程师"], "通信"),
    "卫生和社会工作": (["护士", "乡村医生", "护理员"], "医疗"),
    "教育": (["职业学校教师", "实训指导教师"], "教育"),
    "居民服务、修理和其他服务业": (["家电维修工", "汽车维修工", "保洁员"], "服务"),
    "水利、环境和公共设施管理业": (["环卫工人", "水闸管理员", "园林工"], "环境"),
    "传统工艺": (
        ["竹编艺人", "石雕艺人", "木雕艺人", "漆器艺人", "制笛师", "鸟笼艺人", "篆刻艺人"],
        "工艺",
    ),
}
assert set(TRADES) <= {t.name for t in DEFAULT_TRADES}
CRAFTS = {  # category: materials, objects, technique
    "石雕": (["青石", "叶蜡石"], ["石狮", "石砚", "山水摆件"], "圆雕、浮雕"),
    "木雕": (["樟木", "黄杨木"], ["屏风", "人物摆件", "花板"], "镂空雕"),
    "竹编": (["毛竹", "水竹"], ["花篮", "果盘", "提篮", "灯罩"], "挑压编织"),
    "漆器": (["大漆", "木胎"], ["漆盒", "漆盘"], "髹漆、描金"),
    "鸟笼": (["竹", "铜"], ["画眉笼", "八哥笼"], "插竹、穿丝"),
    "竹笛": (["苦竹", "紫竹"], ["曲笛", "梆笛"], "开孔、校音"),
    "刺绣": (["丝线", "真丝"], ["团扇", "挂屏"], "平针绣"),
    "陶瓷": (["高岭土", "青瓷釉"], ["梅瓶", "茶盏"], "拉坯、刻花"),
    "印章篆刻": (["青田石", "寿山石"], ["印章", "闲章"], "篆刻、边款"),
    "技术革新": (["钢", "铝合金"], ["工装夹具", "检测装置"], "改进设计"),
}
assert set(CRAFTS) <= set(DEFAULT_CATEGORIES)
WORK = [
    "{start}年，{name}进入{employer}，成为一名{occupation}，从最基础的活儿干起。",
    "刚上岗时，{name}跟着老师傅一遍遍练基本功，手上磨出了厚厚的茧子。",
    "每天提前半小时到岗、检查设备，是{name}坚持了几十年的习惯。",
    "遇到急难险重任务，{name}总是第一个站出来，连续几天守在现场。",
    "在{place}，同事们都说，只要{name}在，心里就踏实。",
    "{name}常说，干一行就要爱一行，钻一行就要精一行。",
    "多年来，{name}累计完成生产任务{n}余项，所经手的产品合格率始终保持在百分之百。",
    "面对新设备、新工艺，{name}白天上班，晚上自学，硬是把几本厚厚的说明书啃了下来。",
    "在一线岗位上，{name}练就了一眼看出问题、一听辨出故障的本领。",
    "工作之余，{name}还主动走进社区，为群众义务服务，一干就是{m}年。",
    "{name}把“安全第一、质量为本”写在工作笔记的第一页。",
    "从{occupation}到班组长，{name}每一步都走得扎扎实实。",
]
CRAFT = [
    "为了一个工艺难题，{name}带着团队反复试验{n}多次，终于找到了最优方案。",
    "{name}主持的一项技术革新，让生产效率提高了三成以上，每年为单位节约成本数十万元。",
    "{name}把多年积累的操作经验总结成“{skill}工作法”，在全行业推广。",
    "精益求精是{name}的座右铭：误差能控制在一丝以内，就绝不满足于两丝。",
    "{name}先后取得国家专利{m}项，多项成果获得省市技术创新奖。",
    "在技能大赛中，{name}凭借扎实的功底一举夺魁，被同行称为“{skill}能手”。",
    "面对进口设备的技术封锁，{name}带领攻关小组自主研发，填补了企业的技术空白。",
    "{name}注重把传统技艺与现代工艺相结合，让老手艺焕发出新的生机。",
    "一件作品从选料到完工，往往要经过几十道工序，{name}每一道都亲手把关。",
    "{name}说，工匠精神就是把每一件平凡的事做到极致。",
    "在{name}的推动下，班组建立了质量追溯制度，问题整改率达到百分之百。",
    "数字化改造中，{name}带头学习新系统，让老车间用上了智能化生产线。",
]
TEACH = [
    "{name}坚持“传帮带”，先后带出徒弟{k}名，其中不少人已成为技术骨干。",
    "对徒弟，{name}从不藏私，总是手把手地教，把关键的窍门毫无保留地讲透。",
    "依托劳模创新工作室，{name}定期开设技能培训课，累计培训职工{n}余人次。",
    "“教会徒弟，才能带好队伍。”这是{name}常挂在嘴边的一句话。",
    "{name}还走进职业院校，为学生讲授实操课程，把一线经验带进课堂。",
    "徒弟们说，跟着{name}学到的不仅是技术，更是做人做事的态度。",
    "在{name}的指导下，{m}名徒弟在各级技能竞赛中获奖。",
    "{name}编写的培训教材，成了新员工入职的必读材料。",
    "每逢周末，{name}的工作室里总是挤满了前来求教的年轻人。",
    "{name}希望，更多年轻人能够爱上技能、走上技能成才之路。",
]
SPIRIT = [
    "谈到荣誉，{name}总是说，成绩属于集体，自己只是做了分内的事。",
    "几十年来，{name}始终保持着普通劳动者的本色，吃苦在前，享受在后。",
    "家人回忆，{name}把单位当成家，节假日也常常在岗位上度过。",
    "{name}说，劳动最光荣，每一份平凡的工作都值得尊重。",
    "退居二线后，{name}依然闲不住，经常回到{place}的老岗位上看看。",
    "在{name}的带动下，身边越来越多的人立足岗位、争创一流。",
    "{name}用行动诠释了爱岗敬业、争创一流、艰苦奋斗、勇于创新的劳模精神。",
    "当地工会把{name}的事迹编入职工读本，激励更多劳动者。",
]
HONOR_PHRASES = [
    "{year}年，{name}获得“{title}”称号。",
    "{year}年，{name}被授予“{title}”荣誉。",
    "{year}年，{name}荣获{title}。",
]
SECTIONS = [("扎根一线", WORK), ("钻研技艺", CRAFT), ("传帮带", TEACH), ("劳模本色", SPIRIT)]
SKILLS = ["精准装配", "快速排障", "零缺陷", "绿色节能", "巧手", "一口清", "安全巡检", "精细化"]
TAGS = [
    "技术革新",
    "传帮带",
    "乡村振兴",
    "智能制造",
    "非遗传承",
    "安全生产",
    "节能降耗",
    "服务群众",
    "创新工作室",
]
ORGS = ["厂", "有限公司", "集团", "合作社", "中心"]
PREFIXES = ["恒远", "新锐", "华创", "东升", "永成", "宏达", "精工", "联众", "安泰", "长青"]


@dataclass
class Person:
    slug: str
    name: str
    region: str
    trade: str
    occupation: str
    employer: str
    start: int = 0  # the year the person started work
    honors: list[dict] = field(default_factory=list)


def _han_count(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def _city(region: str) -> str:
    parts = region.split("/")
    return parts[1] if len(parts) == 3 else parts[0]


def _short(place: str) -> str:
    return re.sub(r"(市|省|自治州|地区)$", "", place)[:4]


def _honors(rng: random.Random, region: str) -> list[dict]:
    """1 to 4 honors, rising from local to provincial to (rarely) national, years between 1950 and 2025."""
    parts = region.split("/")
    province, short, city = parts[0], PROVINCES[parts[0]], _city(region)
    local = [f"{parts[-1]}劳动模范", f"{city}劳动模范", f"{city}五一劳动奖章", f"{city}技术能手"]
    if city in CITY_TITLES:
        local.append(CITY_TITLES[city])
    provincial = [
        f"{province}劳动模范",
        f"{province}五一劳动奖章",
        f"{short}工匠",
        f"{province}技术能手",
        f"{short}五一工匠",
    ]
    ladder = [local, provincial, NATIONAL_HONORS]
    top = rng.choices([0, 1, 2], weights=[45, 40, 15])[0]
    year = rng.randint(1950, 2018)
    honors = []
    for level in range(top + 1):
        if level and rng.random() < 0.3 and level != top:
            continue
        title = rng.choice(ladder[level])
        if title in {h["title"] for h in honors}:
            continue
        honor = {"title": title}
        if rng.random() < 0.92:  # some sources give no year
            honor["year"] = year
        honors.append(honor)
        year = min(2025, year + rng.randint(1, 8))
    return honors


def _body(rng: random.Random, p: Person, target: int = 1200) -> str:
    """About `target` Chinese characters in sections, from the phrase lists."""
    values = {
        "start": p.start,
        "name": p.name,
        "employer": p.employer,
        "occupation": p.occupation,
        "place": _city(p.region),
        "skill": rng.choice(SKILLS),
    }
    decks = {title: rng.sample(phrases, len(phrases)) for title, phrases in SECTIONS}
    paragraphs: dict[str, list[str]] = {title: [] for title, _ in SECTIONS}
    total = 0
    while total < target - 120:
        for title, _ in SECTIONS:
            if not decks[title]:
                continue
            sentences = [
                decks[title]
                .pop()
                .format(
                    year=rng.randint(1960, 2015),
                    n=rng.randint(20, 900),
                    m=rng.randint(2, 30),
                    k=rng.randint(5, 80),
                    **values,
                )
                for _ in range(min(2, len(decks[title])))
            ]
            paragraphs[title].append("".join(sentences))
            total += sum(map(_han_count, sentences))
        if not any(decks.values()):
            break
    honors = "".join(
        rng.choice(HONOR_PHRASES).format(year=h["year"], title=h["title"], name=p.name)
        for h in p.honors
        if "year" in h
    )
    sections = [
        f"## {title}\n\n" + "\n\n".join(paras) for title, paras in paragraphs.items() if paras
    ]
    if honors:
        sections.append("## 荣誉\n\n" + honors)
    return "\n\n".join(sections) + "\n\n" + DISCLAIMER + "\n"


def _front_matter(data: dict, body: str) -> str:
    fm = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
    return f"---\n{fm}---\n\n{body}"


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.slugs: set[str] = set()
        self.names: set[str] = set()
        self.people: list[Person] = []

    def slug(self, base: str) -> str:
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def name(self) -> str:
        rng = self.rng
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2, 2, 2])))
            if name not in self.names:
                self.names.add(name)
                return name

    def employer(self, region: str, trade: str) -> str:
        rng = self.rng
        return f"{_short(_city(region))}{rng.choice(PREFIXES)}{TRADES[trade][1]}{rng.choice(ORGS)}（虚构）"

    def person(self, folder: Path) -> None:
        rng = self.rng
        name = self.name()
        region, trade = rng.choice(REGIONS), rng.choice(list(TRADES))
        p = Person(
            self.slug(name_slug(name)), name, region, trade, rng.choice(TRADES[trade][0]), ""
        )
        p.employer = self.employer(region, trade)
        p.honors = _honors(rng, region)
        years = [h["year"] for h in p.honors if "year" in h]
        p.start = min(years) - rng.randint(3, 15) if years else rng.randint(1950, 2010)
        top = p.honors[-1]["title"]  # the ladder ends at the highest level
        data = {"name": name, "gender": rng.choice(["男", "女"])}
        if rng.random() < 0.7:
            data["birth_year"] = p.start - rng.randint(17, 25)
        data |= {
            "region": region,
            "trade": trade,
            "occupation": p.occupation,
            "employer": p.employer,
            "honors": p.honors,
            "summary": f"【合成数据】{_city(region)}{p.occupation}，{top}。本条为基准测试生成的虚构人物。",
            "tags": rng.sample(TAGS, rng.randint(1, 3)),
        }
        if self.people and rng.random() < 0.1:
            data["related"] = [rng.choice(self.people).slug]
        data["sources"] = [dict(SOURCE)]
        (folder / f"{p.slug}.md").write_text(_front_matter(data, _body(rng, p)), encoding="utf-8")
        self.people.append(p)

    def artifact(self, folder: Path, photos: int, bases: list[Image.Image]) -> None:
        rng = self.rng
        category = rng.choice(list(CRAFTS))
        materials, objects, technique = CRAFTS[category]
        material = rng.choice(materials)
        title = f"{material}{rng.choice(objects)}"
        maker = rng.choice(self.people) if self.people and rng.random() < 0.8 else None
        region = maker.region if maker else rng.choice(REGIONS)
        slug = self.slug(slugify(title))
        entry = folder / slug
        entry.mkdir()
        images = []
        for i in range(photos):
            src = f"photo-{i + 1}.jpg"
            _photo(entry / src, rng, bases)
            images.append(
                {
                    "src": src,
                    "alt": f"合成测试图片：{title}，{material}质地，{technique}工艺的示意画面（色块与纹理）。",
                    "caption": "合成测试图片（程序生成，非实物照片）",
                    "illustration": True,
                }
            )
        data = {
            "title": title,
            **({"maker": maker.slug} if maker else {"maker_name": self.name()}),
            "category": category,
            "material": material,
            "technique": technique,
            "year": rng.randint(1980, 2025),
            "region": region,
            "trade": "制造业" if category == "技术革新" else "传统工艺",
            "images": images,
            "summary": f"【合成数据】一件虚构的{category}作品，用{material}以{technique}制成，供基准测试使用。",
            "tags": [category],
            "sources": [dict(SOURCE)],
        }
        lines = [f"这件{title}以{material}为料，采用{technique}的技艺制作。", DISCLAIMER]
        (entry / "index.md").write_text(
            _front_matter(data, "\n\n".join(lines) + "\n"), encoding="utf-8"
        )

    def collective(self, folder: Path) -> None:
        rng = self.rng
        kind = rng.choice([t for t in DEFAULT_COLLECTIVE_TYPES if t != "工匠馆"])
        leader = rng.choice(self.people) if self.people else None
        region = leader.region if leader else rng.choice(REGIONS)
        trade = leader.trade if leader else rng.choice(list(TRADES))
        skill = rng.choice(SKILLS)
        name = (
            f"{leader.name}{skill}{kind}"
            if leader and kind != "模范集体"
            else f"{_short(_city(region))}{skill}{kind}"
        )
        data = {
            "name": name,
            "type": kind,
            "region": region,
            "trade": trade,
            "employer": leader.employer if leader else self.employer(region, trade),
            "established": rng.randint(1990, 2024),
        }
        if leader:
            members = {
                leader.slug,
                *(
                    p.slug
                    for p in rng.sample(self.people, min(len(self.people), rng.randint(1, 5)))
                ),
            }
            data |= {"leader": leader.slug, "members": sorted(members)}
        if rng.random() < 0.5:
            data["honors"] = [
                {
                    "title": rng.choice(
                        ["全国五一劳动奖章", f"{region.split('/')[0]}五一劳动奖章"]
                    ),
                    "year": rng.randint(2000, 2025),
                }
            ]
        data |= {
            "summary": f"【合成数据】一个虚构的{kind}，供基准测试使用。",
            "sources": [dict(SOURCE)],
        }
        body = (
            f"## 简介\n\n{name}是基准测试程序生成的虚构{kind}，以{skill}见长，"
            f"围绕技术攻关、技能培训和传帮带开展活动。\n\n{DISCLAIMER}\n"
        )
        slug = self.slug(f"{leader.slug}-{slugify(kind)}" if leader else slugify(name))
        (folder / f"{slug}.md").write_text(_front_matter(data, body), encoding="utf-8")

    def exhibition(self, folder: Path, number: int, units: int, slugs: list[str]) -> None:
        """An exhibition of `units` units, each a row of 10 generated exhibits, every third with a caption."""
        rng = self.rng
        walk = []
        for u in range(units):
            chosen = rng.sample(slugs, 10)
            walk.append(
                {
                    "title": f"第{u + 1}单元：{rng.choice(SKILLS)}",
                    "anchor": f"dan-yuan-{u + 1}",
                    "text": f"合成展览的第 {u + 1} 个单元，展品由基准测试程序随机选出。",
                    "exhibits": [
                        {"slug": slug, "caption": "【合成数据】馆员展签（虚构）。"}
                        if i % 3 == 0
                        else slug
                        for i, slug in enumerate(chosen)
                    ],
                }
            )
        data = {
            "title": f"合成展览{number}（虚构）",
            "order": number,
            "summary": f"【合成数据】第 {number} 个虚构展览，{units} 个单元，供基准测试使用。",
            "intro": f"基准测试程序生成的第 {number} 个展览。{DISCLAIMER}",
            "sources": [dict(SOURCE)],
            "units": walk,
        }
        (folder / f"he-cheng-zhan-lan-{number}.md").write_text(
            _front_matter(data, DISCLAIMER + "\n"), encoding="utf-8"
        )


def _photo(path: Path, rng: random.Random, bases: list[Image.Image]) -> None:
    """A small photo: a shared texture with a few shapes of its own, so every file (and hash) differs."""
    image = rng.choice(bases).copy()
    draw = ImageDraw.Draw(image)
    w, h = image.size
    for _ in range(6):
        x, y = rng.randrange(w), rng.randrange(h)
        box = (x, y, x + rng.randint(40, w // 3), y + rng.randint(40, h // 3))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    image.save(path, "JPEG", quality=85)


def mkdocs_yml(site_name: str) -> str:
    """The repository's mkdocs.yml, with the generated folders and the theme folder made absolute."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name:.*$", f"site_name: {site_name}", text)
    text = re.sub(r"(?m)^docs_dir:.*$", "docs_dir: exhibits", text)
    text = re.sub(r"(?m)^site_dir:.*$", "site_dir: site", text)
    return re.sub(
        r"(?m)^(\s*custom_dir:\s*)(\S+)", lambda m: m[1] + str((REPO / m[2]).resolve()), text
    )


def generate(
    out: Path,
    people: int,
    artifacts: int,
    collectives: int,
    photos: int = 1,
    seed: int = 1,
    exhibitions: int = 0,
    units: int = 10,
) -> Path:
    """Write a complete synthetic hall project into `out` and return it."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(
            f"{out} is not empty and was not made by this script; choose another folder"
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        f"{people} {artifacts} {collectives} {photos} {seed} {exhibitions} {units}\n"
    )
    for name in ("exhibits", "site", ".cache"):
        shutil.rmtree(out / name, ignore_errors=True)
    gen = Generator(seed)
    folders = {kind: out / "exhibits" / kind for kind in ("people", "artifacts", "collectives")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for _ in range(people):
        gen.person(folders["people"])
    bases = (
        [texture(PHOTO_SIZE, random.Random(f"{seed}-base-{i}")) for i in range(6)]
        if artifacts
        else []
    )
    for _ in range(artifacts):
        gen.artifact(folders["artifacts"], max(1, photos), bases)
    for _ in range(collectives):
        gen.collective(folders["collectives"])
    if exhibitions:
        (out / "exhibits" / "exhibitions").mkdir()
        chosen = sorted(gen.slugs)  # every exhibit's slug, in a fixed order
        for number in range(1, exhibitions + 1):
            gen.exhibition(out / "exhibits" / "exhibitions", number, units, chosen)
    (out / "mkdocs.yml").write_text(
        mkdocs_yml(f"合成测试展馆（{people + artifacts + collectives} 件展品）"), encoding="utf-8"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", type=Path, help="output folder (empty, or made by this script before)"
    )
    parser.add_argument("--people", type=int, default=80)
    parser.add_argument("--artifacts", type=int, default=15)
    parser.add_argument("--collectives", type=int, default=5)
    parser.add_argument("--photos", type=int, default=1, help="photos per artifact (at least 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exhibitions", type=int, default=0, help="curated exhibitions (展览)")
    parser.add_argument("--units", type=int, default=10, help="units per exhibition")
    args = parser.parse_args()
    out = generate(
        args.out,
        args.people,
        args.artifacts,
        args.collectives,
        args.photos,
        args.seed,
        args.exhibitions,
        args.units,
    )
    print(
        f"generated {args.people} people, {args.artifacts} artifacts, {args.collectives} collectives, "
        f"{args.exhibitions} exhibitions in {out}"
    )


if __name__ == "__main__":
    main()
