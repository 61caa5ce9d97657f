"""Register benchmark (issue 6): import a 30,000-name roster and build the hall with its register pages.

Usage, from the repository root:

    .venv/bin/python bench/register.py                 # 30,000 names
    .venv/bin/python bench/register.py --names 5000 --keep

Writes a fictional roster (.xlsx, with 身份证号 and 手机 columns that the import must drop, about one person
in ten holding two honors) and a small hall into bench/.work/register-N/, then runs, each as a subprocess:
`build_hall.py import` (timed, peak memory), the same import again (must change nothing), and
`build_hall.py build`. Prints the times, the number of register pages, the largest page and the site size,
and checks that no ID or phone number of the roster is anywhere in the site.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from pathlib import Path

import openpyxl
from common import PYTHON, REPO, WORK, dir_size, fresh_dir, machine, run, table
from generate import mkdocs_yml

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤柴查"
)
GIVEN = list(
    "建国华明伟芳秀英军平志强文杰丽静敏红霞春海波兵涛宏林亮成刚勇斌辉鹏飞云峰金玉兰桂珍凤梅琴德福生荣"
    "新胜利庆宝忠祥元永泉水根发学龙家振东晓燕婷雪慧佳欣宇浩然子涵梓轩一诺思远嘉怡雨萱博文俊"
)
PLACES = [
    ("浙江省", "嘉兴市", "嘉善县"),
    ("浙江省", "嘉兴市", "南湖区"),
    ("浙江省", "台州市", "玉环市"),
    ("浙江省", "杭州市", "临安区"),
    ("浙江省", "宁波市", "北仑区"),
    ("浙江省", "温州市", "乐清市"),
    ("江苏省", "盐城市", "亭湖区"),
    ("江苏省", "苏州市", "昆山市"),
    ("上海市", "浦东新区", ""),
    ("广东省", "深圳市", "南山区"),
    ("黑龙江省", "大庆市", ""),
    ("湖北省", "武汉市", "江汉区"),
    ("四川省", "成都市", "武侯区"),
    ("山东省", "青岛市", "黄岛区"),
    ("北京市", "海淀区", ""),
]
PLACE_WEIGHTS = [14, 6, 6, 6, 4, 4, 6, 5, 5, 6, 3, 5, 4, 4, 3]
HONORS = {
    "全国劳动模范": 20,
    "全国先进工作者": 6,
    "全国五一劳动奖章": 8,
    "大国工匠": 1,
    "浙江省劳动模范": 12,
    "浙江工匠": 6,
    "江苏省劳动模范": 6,
    "广东省劳动模范": 4,
    "嘉兴市劳动模范": 8,
    "台州市劳动模范": 6,
    "嘉善县劳动模范": 6,
    "玉环市劳动模范": 3,
}
TRADES = [
    "制造业",
    "建筑业",
    "教育",
    "农、林、牧、渔业",
    "卫生和社会工作",
    "交通运输、仓储和邮政业",
    "传统工艺",
]
COLUMNS = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生年月",
    "工作单位",
    "职务",
    "荣誉称号",
    "获评年份",
    "所在地",
    "行业",
    "手机",
]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fake_id(area: str, born: int, rng: random.Random) -> str:
    first17 = f"{area}{born}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(100, 1000)}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def roster(path: Path, names: int, seed: int) -> tuple[int, set[str]]:
    """Write the roster; (rows, the private values it holds)."""
    rng = random.Random(seed)
    people: set[str] = set()
    while len(people) < names:
        people.add(
            rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        )
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("名单")
    sheet.append(["劳模工匠名单（基准测试用虚构数据）"])
    sheet.append(COLUMNS)
    secrets: set[str] = set()
    count = 0
    titles, weights = list(HONORS), list(HONORS.values())
    for name in sorted(people):
        born = rng.randrange(1940, 1998)
        place = rng.choices(PLACES, PLACE_WEIGHTS)[0]
        id_number, phone = (
            fake_id("330421", born, rng),
            f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        )
        secrets |= {id_number, phone}
        for title in set(rng.choices(titles, weights, k=2 if rng.random() < 0.1 else 1)):
            count += 1
            sheet.append(
                [
                    count,
                    name,
                    rng.choice("男女"),
                    id_number,
                    f"{born}.{rng.randrange(1, 13):02d}",
                    f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(['机械', '建设', '电力', '纺织'])}有限公司（虚构）",
                    rng.choice(["车工", "焊工", "教师", "护士", "技术员", ""]),
                    title,
                    rng.randrange(max(born + 20, 1960), 2025),
                    "".join(place),
                    rng.choice(TRADES),
                    phone,
                ]
            )
    book.save(path)
    return count, secrets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--keep", action="store_true", help="keep bench/.work/register-N/ afterwards"
    )
    args = parser.parse_args()
    project = fresh_dir(WORK / f"register-{args.names}")
    (project / "mkdocs.yml").write_text(mkdocs_yml("名录基准测试馆（虚构数据）"), encoding="utf-8")
    (project / "exhibits" / "people").mkdir(parents=True)
    shutil.copytree(
        REPO / "exhibits" / "people" / "chai-jinfu", project / "exhibits" / "people" / "chai-jinfu"
    )
    source = project / "名单.xlsx"
    rows, secrets = roster(source, args.names, args.seed)
    hall = [PYTHON, REPO / "build_hall.py"]
    first = run([*hall, "import", source.name, "--register", "bench"], cwd=project)
    register = project / "exhibits" / "registers" / "bench.csv"
    digest = hashlib.sha256(register.read_bytes()).hexdigest()
    again = run([*hall, "import", source.name, "--register", "bench"], cwd=project)
    assert (
        hashlib.sha256(register.read_bytes()).hexdigest() == digest
        and "文件没有变化" in again.output
    )
    built = run([*hall, "build"], cwd=project)
    site = project / "site"
    pages = list((site / "registers").rglob("index.html"))
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    size, files = dir_size(site)
    leaked = 0
    for path in site.rglob("*"):
        if path.is_file():
            runs = re.findall(r"[0-9Xx]{11,}", path.read_bytes().decode("utf-8", errors="ignore"))
            leaked += len(
                {r[i : i + n] for r in runs for n in (11, 18) for i in range(len(r) - n + 1)}
                & secrets
            )
    print(f"Machine: {machine()}")
    print(
        f"Roster: {args.names:,} names, {rows:,} rows (.xlsx, {source.stat().st_size / 1024:.0f} KB); "
        f"register {register.stat().st_size / 1024:.0f} KB"
    )
    print(
        table(
            ["step", "wall s", "CPU s", "peak MB"],
            [
                [
                    "import",
                    f"{first.seconds:.1f}",
                    f"{first.cpu:.1f}",
                    f"{first.peak_mb:.0f}" if first.peak_mb else None,
                ],
                [
                    "import again (no change)",
                    f"{again.seconds:.1f}",
                    f"{again.cpu:.1f}",
                    f"{again.peak_mb:.0f}" if again.peak_mb else None,
                ],
                [
                    "build",
                    f"{built.seconds:.1f}",
                    f"{built.cpu:.1f}",
                    f"{built.peak_mb:.0f}" if built.peak_mb else None,
                ],
            ],
        )
    )
    print(
        f"Register pages: {len(pages)}; largest page: {largest.relative_to(site)} "
        f"{largest.stat().st_size / 1024:.0f} KB; site: {size / 1024 / 1024:.1f} MB in {files} files"
    )
    print(f"ID or phone numbers of the roster found in the site: {leaked}")
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
