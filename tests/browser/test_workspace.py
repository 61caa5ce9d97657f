"""The workspace in Chromium, used as a curator would: `hall serve` on a small hall, the form at /_edit/."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from hall.model.catalog import load_hall
from hall.model.config import load as load_config
from tests.engine.test_serve import _port

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def served(small_hall):
    port = _port()
    log = small_hall.root / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "build_hall.py"),
                "-f",
                str(small_hall.config),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=small_hall.root,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a bound for a hung server, not a speed target
        while (
            not (_up(base + "/people/chai-jinfu/") and _up(base + "/_edit/"))
            and time.monotonic() < deadline
        ):
            time.sleep(0.3)
        yield small_hall, base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def curator(browser, served):
    """A page of the workspace; fails the test on console errors, page errors or requests to other hosts
    (the API's own 409 and 422 answers are what a refused save gives, not errors of the page)."""
    hall, base, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not re.search(r"status of 4(09|22)", m.text)
            and problems.append(m.text)
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: not r.url.startswith((base, "data:")) and problems.append("foreign " + r.url),
    )
    yield page, hall, base
    context.close()
    assert not problems, problems


def _field(page, path: str, label: str):
    """The input labelled `label` inside the form's part for schema path `path` (root, root.honors.1 …)."""
    return page.locator(f'[data-schemapath="{path}"]').get_by_label(label, exact=True).first


def test_a_curator_creates_a_person_with_two_honors_and_a_source(curator, served):
    page, hall, base = curator
    log = served[2]
    assert f"{base}/_edit/" in log.read_text(
        encoding="utf-8"
    )  # the start-up message names the workspace
    page.goto(base + "/_edit/")
    page.get_by_label("类别").select_option("people")
    page.get_by_label("姓名、名称或标题").fill("李测试")
    page.get_by_role("button", name="新建").click()
    page.wait_for_selector('[data-schemapath="root.name"] input')
    assert _field(page, "root", "姓名").input_value() == "李测试"
    # the region by its pickers: each suggests what the level above holds (玉环市 from the hall's own exhibits)
    regions = page.get_by_role("group", name="地区")
    regions.get_by_label("省（自治区、直辖市）").fill("浙江省")
    assert "台州市" in page.eval_on_selector_all(
        "#hall-region-1 option", "o => o.map(x => x.value)"
    )
    regions.get_by_label("市（州、盟）").fill("台州市")
    assert page.eval_on_selector_all("#hall-region-2 option", "o => o.map(x => x.value)") == [
        "玉环市"
    ]
    regions.get_by_label("县（市、区）").fill("玉环市")
    _field(page, "root", "行业").fill("制造业")
    _field(page, "root", "一句话简介").fill("在阀门车间里干了二十年的车工。")
    _field(page, "root.honors.0", "荣誉称号").fill("浙江工匠")
    _field(page, "root.honors.0", "授予年份").fill("2019")
    page.get_by_role("button", name="添加荣誉").click()
    _field(page, "root.honors.1", "荣誉称号").fill("台州市劳动模范")
    _field(page, "root.honors.1", "授予年份").fill("2015")
    _field(page, "root.sources.0", "来源标题").fill("玉环工会的报道")
    _field(page, "root.sources.0", "发布单位或媒体").fill("玉环市总工会")
    page.get_by_label("正文（Markdown）").fill("## 车间里\n\n他在车间里干了二十年。\n")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()

    path = hall.exhibits / "people" / "li-ceshi" / "index.md"
    text = path.read_text(encoding="utf-8")
    hall_now = load_hall(load_config(hall.config))
    assert not [p for p in hall_now.report.errors if "li-ceshi" in p.path], (
        hall_now.report.format_text()
    )
    # as if written by hand: the template's comments and layout, plain values, two honors, no leftovers
    assert "# 人物档案。带 # 的是说明，可以删掉。" in text and "# pinyin: Chai Jinfu" in text
    assert re.search(
        r"\nhonors: +# .*\n  - title: 浙江工匠 *(#.*)?\n(    #.*\n)*    year: 2019\n", text
    )  # the template's comments
    assert "  - title: 台州市劳动模范\n    year: 2015\n" in text
    assert "  - title: 玉环工会的报道\n    publisher: 玉环市总工会\n" in text
    assert "region: 浙江省/台州市/玉环市" in text and text.endswith(
        "---\n## 车间里\n\n他在车间里干了二十年。\n"
    )
    values = "\n".join(line.split("#")[0] for line in text.split("---\n")[1].splitlines())
    for leftover in (
        "null",
        "{}",
        "[]",
        "''",
        '""',
        "featured",
        "gender",
        "portrait",
        "illustration",
    ):
        assert leftover not in values, leftover

    deadline = time.monotonic() + 120
    while not _up(base + "/people/li-ceshi/") and time.monotonic() < deadline:
        time.sleep(0.5)
    page.goto(base + "/people/li-ceshi/")
    assert "李测试" in page.title()
    page.get_by_role("link", name="编辑").click()
    page.wait_for_selector('[data-schemapath="root.name"] input')
    assert _field(page, "root", "姓名").input_value() == "李测试"


def test_an_honor_year_of_202_shows_e104_at_that_field_and_writes_nothing(curator):
    page, hall, base = curator
    path = hall.exhibits / "people" / "chai-jinfu.md"
    before = path.read_bytes()
    page.goto(base + "/_edit/#edit=people/chai-jinfu.md")
    year = _field(page, "root.honors.0", "授予年份")
    year.fill("202")
    page.get_by_role("button", name="保存").click()
    problem = page.locator('[data-schemapath="root.honors.0.year"] .hall-problem[data-code="E104"]')
    problem.wait_for()
    assert "不是四位年份" in problem.inner_text() and "写成四位数字" in problem.inner_text()
    assert year.get_attribute("aria-invalid") == "true"
    assert page.get_by_text("有 1 个错误要先改正才能保存").is_visible()
    assert path.read_bytes() == before


def test_a_one_field_save_keeps_every_other_field_choices_included(curator):
    page, hall, base = curator
    path = hall.exhibits / "people" / "wang-jinxi.md"
    before = path.read_text(encoding="utf-8").replace(
        "name: 王进喜\n", "name: 王进喜\ngender: 男\n"
    )
    path.write_text(before, encoding="utf-8")
    page.goto(base + "/_edit/#edit=people/wang-jinxi.md")
    expect(_field(page, "root", "性别")).to_have_value(
        "男"
    )  # once the form holds the file's values
    _field(page, "root", "一句话简介").fill("新的一句话简介。")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    lines = zip(before.splitlines(), path.read_text(encoding="utf-8").splitlines())
    assert [(a, b) for a, b in lines if a != b] == [
        ("summary: 大庆油田钻井队队长，“铁人”。", "summary: 新的一句话简介。")
    ]


def test_a_file_edited_on_disk_meanwhile_refuses_the_save_and_loses_nothing(curator):
    page, hall, base = curator
    path = hall.exhibits / "people" / "chai-jinfu.md"
    page.goto(base + "/_edit/#edit=people/chai-jinfu.md")
    summary = _field(page, "root", "一句话简介")
    summary.wait_for()
    other = path.read_text(encoding="utf-8").replace(
        "柴金甫种植鲜切花二十年。", "另一位管理员在编辑器里写的。"
    )
    path.write_text(other, encoding="utf-8")
    summary.fill("我在表单里改的一句话简介。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="文件已被别人改过，没有保存").wait_for()
    assert "另一位管理员在编辑器里写的。" in page.locator("#disk-text").inner_text()
    assert "我在表单里改的一句话简介。" in page.locator("#your-text").inner_text()
    assert path.read_text(encoding="utf-8") == other
    assert summary.input_value() == "我在表单里改的一句话简介。"
    page.get_by_role("button", name="用我的修改保存（磁盘上的版本会存入历史）").click()
    page.get_by_text("已保存。").wait_for()
    assert "我在表单里改的一句话简介。" in path.read_text(encoding="utf-8")
    (kept,) = (hall.root / ".cache" / "workspace" / "history" / "people" / "chai-jinfu").glob(
        "*.md"
    )
    assert kept.read_text(encoding="utf-8") == other  # the other curator's version, in the history


def test_a_curator_restores_an_earlier_version(curator):
    page, hall, base = curator
    path = hall.exhibits / "people" / "chai-jinfu.md"
    original = path.read_bytes()
    page.goto(base + "/_edit/#edit=people/chai-jinfu.md")
    _field(page, "root", "一句话简介").fill("改过一次的一句话简介。")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    assert path.read_bytes() != original
    page.get_by_role("button", name="恢复这个版本").first.click()
    page.get_by_text("已恢复").wait_for()
    assert path.read_bytes() == original
    assert (
        _field(page, "root", "一句话简介").input_value()
        == "嘉善鲜切花种植第一人，带动周边农户发展现代农业。"
    )


def test_a_photo_dropped_in_is_stored_beside_the_exhibit_and_needs_alt_text(curator, tmp_path):
    page, hall, base = curator
    photo = tmp_path / "柴金甫 在花田.jpg"
    Image.new("RGB", (900, 600), (40, 120, 60)).save(photo, "JPEG")
    page.goto(base + "/_edit/#edit=people/chai-jinfu.md")
    page.wait_for_selector('[data-schemapath="root.name"] input')
    page.locator("#photo").set_input_files(str(photo))
    page.get_by_text("已存入 chai-jin-fu-zai-hua-tian.jpg").wait_for()
    folder = hall.exhibits / "people" / "chai-jinfu"
    assert (folder / "chai-jin-fu-zai-hua-tian.jpg").is_file() and not (
        hall.exhibits / "people/chai-jinfu.md"
    ).exists()
    alt = _field(page, "root.portrait", "替代文本")
    assert alt.evaluate("el => el === document.activeElement")
    page.get_by_role("button", name="保存").click()
    page.locator('.hall-problem[data-code="E403"]').wait_for()  # no alt text: not saved
    assert "portrait" not in (folder / "index.md").read_text(encoding="utf-8")
    alt.fill("柴金甫站在花田里")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert "portrait:\n  src: chai-jin-fu-zai-hua-tian.jpg\n  alt: 柴金甫站在花田里\n" in text


def test_a_curator_imports_a_roster_after_a_dry_run_and_a_changed_column(curator, tmp_path):
    import openpyxl

    page, hall, base = curator
    roster = tmp_path / "台州名单.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "手机", "所获荣誉", "获奖时间", "所在地区"])
    book.active.append(["赵测试", "13812345678", "全国劳动模范", 2015, "浙江省/台州市"])
    book.active.append(["钱测试", "13812345679", "全国劳动模范", 202, "浙江省/台州市"])
    book.save(roster)
    page.goto(base + "/_edit/")
    page.get_by_role("link", name="导入名单").click()
    page.get_by_role("button", name="上传并试运行").click()
    page.get_by_text(
        "请先点“选择名单文件”"
    ).wait_for()  # no file yet: said in Chinese, not by the browser
    page.get_by_label("选择名单文件").set_input_files(str(roster))
    assert page.locator("#roster-name").inner_text() == "台州名单.xlsx"
    assert "Choose" not in page.locator("#import").inner_text()
    page.get_by_label("名录名称（可不填，默认用文件名的拼音）").fill("taizhou")
    page.get_by_role("button", name="上传并试运行").click()
    page.locator("#import-lines").get_by_text("试运行（--dry-run）：没有写入任何文件。").wait_for()
    assert "含个人信息，已丢弃" in page.locator("#import-columns").inner_text()
    column = page.get_by_label("第 D 列“获奖时间”导入为")
    assert column.input_value() == ""  # no name the importer knows
    column.select_option(label="授予年份")
    assert page.get_by_role("button", name="确认导入").is_disabled()  # not before its dry run
    page.get_by_role("button", name="按改过的对应关系再试运行").click()
    page.locator("#import-rows td", has_text="E104").wait_for()
    assert page.locator("#import-rows tr").first.locator("td").first.inner_text() == "3"
    register = hall.exhibits / "registers" / "taizhou.csv"
    assert not register.exists()
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入，写入 exhibits/registers/taizhou.csv。").wait_for()
    text = register.read_text(encoding="utf-8-sig")
    assert "赵测试" in text and "2015" in text and "钱测试" not in text and "138" not in text


def test_the_to_do_view_leads_to_forms_of_every_kind(curator):
    page, hall, base = curator
    hall.add(
        "events/mu-gong-ke.md",
        "---\ntitle: 木工课\ntype: 课程\nstart: 2026-02-30\n---\n\n体验木工。\n",
    )
    deadline = time.monotonic() + 120  # the to-do view shows the files the preview has read
    while time.monotonic() < deadline:
        with urllib.request.urlopen(base + "/_edit/api/todo?q=mu-gong-ke", timeout=30) as response:
            if json.loads(response.read())["found"]:
                break
        time.sleep(0.5)
    page.goto(base + "/_edit/")
    page.locator("#counts", has_text="全馆").wait_for()
    first = page.locator("#todo li").first
    assert "木工课（活动）" in first.inner_text() and "错误" in first.inner_text()
    first.get_by_role("link").click()
    page.locator('.hall-problem[data-code="E801"]').wait_for()
    assert _field(page, "root", "活动名称").input_value() == "木工课"
    _field(page, "root", "开始").fill("2026-12-05 14:00")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    assert "start: 2026-12-05 14:00" in (hall.exhibits / "events/mu-gong-ke.md").read_text(
        encoding="utf-8"
    )
    deadline = time.monotonic() + 120
    while not _up(base + "/events/2026-12/") and time.monotonic() < deadline:
        time.sleep(0.5)
    with urllib.request.urlopen(base + "/events/mu-gong-ke/") as response:
        assert b'class="hall-edit"' in response.read()  # an event's page opens its form
    with urllib.request.urlopen(base + "/events/2026-12/") as response:
        assert b'class="hall-edit"' not in response.read()  # a month of the calendar has none


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_running_server_refuses_other_sites_and_hosts_and_writes_nothing(served):
    hall, base, _ = served
    path = hall.exhibits / "people" / "chai-jinfu.md"
    before = path.read_bytes()
    with urllib.request.urlopen(base + "/_edit/api/open?path=people/chai-jinfu.md") as response:
        opened = json.loads(response.read())
    body = json.dumps(
        {
            "path": "people/chai-jinfu.md",
            "data": {**opened["data"], "summary": "别的网站写入的简介。"},
            "story": opened["story"],
            "digest": opened["digest"],
        }
    ).encode()
    json_type = {"Content-Type": "application/json"}
    assert (
        _post(base + "/_edit/api/save", body, json_type | {"Origin": "http://evil.example"}) == 403
    )
    assert _post(base + "/_edit/api/save", body, json_type) == 403  # neither Origin nor Referer
    port = base.rsplit(":", 1)[1]
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    assert _post(base + "/_edit/api/save", body, json_type | rebound) == 403
    for page in ("/people/chai-jinfu/", "/_edit/api/todo"):  # the preview and the workspace alike
        request = urllib.request.Request(base + page, headers={"Host": f"evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403
    assert path.read_bytes() == before
