"""The workspace's server side: the form's values written back as a curator would write them, checked with
`hall check`'s functions, conflicts, history, `new`; and every guard, each tried from the wrong side."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from hall.model.config import load as load_config
from hall.model.loader import parse
from hall.model.problems import Report
from hall.model.scaffold import new_exhibit
from hall.model.schema import ALL_KINDS, KINDS
from hall.workspace import yamlio
from hall.workspace.app import App
from hall.workspace.button import exhibit_page, with_button
from hall.workspace.form import form_schema
from hall.workspace.guards import Token, host_allowed
from hall.workspace.store import Workspace, digest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "exhibits").rglob("*.md"))
TEMPLATES = sorted((ROOT / "hall" / "templates").glob("new-*.md"))
CHAI = "people/chai-jinfu.md"


@pytest.fixture
def ws(small_hall) -> Workspace:
    return Workspace(load_config(small_hall.config), lambda story: f"<p>{story}</p>")


def _opened_values(ws: Workspace, rel: str) -> dict:
    return ws.open(rel)


@pytest.mark.parametrize("path", SAMPLES + TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_writer_gives_back_every_sample_byte_for_byte(path):
    text = path.read_text(encoding="utf-8").replace("{name}", '"某某"')
    bom, front, story = yamlio.split(text)
    assert yamlio.compose(bom, yamlio.dump(yamlio.load(front)), story) == text
    # and the values the form would show, written back unchanged, change nothing either
    from hall.workspace.form import form_schema

    kind = (
        path.relative_to(ROOT / "exhibits").parts[0] if "exhibits" in path.parts else path.stem[4:]
    )
    if kind not in KINDS:  # the hall's own pages and events have no form yet
        return
    data = yamlio.as_json(yamlio.load(front))
    merged = yamlio.merge(yamlio.load(front), yamlio.clean(data), form_schema(kind))
    assert yamlio.compose(bom, yamlio.dump(merged), story) == text


def test_unchanged_samples_pass_the_strict_loader(tmp_path):
    for path in SAMPLES:
        bom, front, story = yamlio.split(path.read_text(encoding="utf-8"))
        out = tmp_path / path.name
        out.write_text(
            yamlio.compose(bom, yamlio.dump(yamlio.load(front)), story), encoding="utf-8"
        )
        report = Report()
        assert parse(out, out.name, report) is not None and not report.problems, path


def test_a_save_keeps_comments_order_and_quoting_and_the_story(small_hall, ws):
    rel = ws.new("person", "李四", None)
    path = small_hall.exhibits / rel
    opened = ws.open(rel)
    data = opened["data"]
    data["honors"] = [{"title": "全国劳动模范", "year": 2015}, {"title": "浙江工匠", "year": ""}]
    data["summary"] = "一位在车间里坚持三十年的老车工。"
    data["sources"] = [{"title": "某报道", "publisher": "某报", "date": "2021-05-01"}]
    data["gender"] = "男"
    data["region"] = "浙江省/嘉兴市/嘉善县"
    story = (
        "\n李四在车间里做了三十年车工。\n"  # the template's own story is an example, refused (E109)
    )
    status, result = ws.save(rel, data, story, opened["digest"])
    assert status == 200, result
    written = path.read_text(encoding="utf-8")
    assert "# 人物档案。带 # 的是说明，可以删掉。" in written
    assert (
        'name: "李四"                      # 姓名（必填）' in written
    )  # the untouched line, byte for byte
    assert "# pinyin: Chai Jinfu" in written
    assert 'date: "2021-05-01"' in written  # quoted: YAML 1.1 would read a date
    assert "  - title: 浙江工匠\n" in written and 'year: ""' not in written
    assert written.index("gender: 男") < written.index(
        "region:"
    )  # in the schema's order, not at the end
    assert written.split("---\n", 2)[2] == story
    assert small_hall.codes().count("E104") == 0
    assert not [p for p in small_hall.load().report.errors if p.path.endswith(rel)]


def test_lists_written_at_their_keys_column_stay_so(small_hall, ws):
    path = small_hall.exhibits / "people" / "wang-jinxi.md"
    flush = path.read_text(encoding="utf-8").replace("  - title", "- title").replace("    ", "  ")
    path.write_text(flush, encoding="utf-8")  # as PyYAML and many editors write lists
    opened = ws.open("people/wang-jinxi.md")
    data = {**opened["data"], "summary": "新的简介。"}
    assert ws.save("people/wang-jinxi.md", data, opened["story"], opened["digest"])[0] == 200
    before, after = flush.splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [
        ("summary: 大庆油田钻井队队长，“铁人”。", "summary: 新的简介。")
    ]
    assert len(before) == len(after)


def test_a_save_that_does_not_touch_the_story_keeps_it_byte_for_byte(small_hall, ws):
    path = small_hall.exhibits / CHAI
    story = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    opened = ws.open(CHAI)
    status, result = ws.save(
        CHAI, {**opened["data"], "summary": "新的简介。"}, opened["story"], opened["digest"]
    )
    assert status == 200, result
    assert path.read_text(encoding="utf-8").split("---\n", 2)[2] == story


def test_serve_is_told_of_each_file_written_and_of_no_other_save(small_hall, ws):
    told = []
    ws.wrote = lambda path: told.append((path, path.read_text(encoding="utf-8")))
    opened = ws.open(CHAI)
    data, story = opened["data"], opened["story"]
    assert ws.save(CHAI, data, story, opened["digest"])[1]["saved"] is False
    assert ws.save(CHAI, {**data, "year": 202}, story, opened["digest"])[0] == 422
    assert told == []
    assert ws.save(CHAI, {**data, "summary": "新的简介。"}, story, opened["digest"])[0] == 200
    assert len(told) == 1 and "新的简介。" in told[0][1]  # told once the file is there
    assert told[0][0] == small_hall.exhibits / CHAI  # and which: serve's preview looks at it alone


def test_an_honor_year_of_202_is_e104_at_its_field_and_nothing_is_written(small_hall, ws):
    path = small_hall.exhibits / CHAI
    before = path.read_bytes()
    opened = ws.open(CHAI)
    data = opened["data"]
    data["honors"][1]["year"] = 202
    status, result = ws.save(CHAI, data, opened["story"], opened["digest"])
    assert status == 422
    assert [(p["code"], p["field"]) for p in result["problems"] if p["severity"] == "error"] == [
        ("E104", ["honors", 1, "year"])
    ]
    assert "不是四位年份" in result["problems"][0]["message"]
    assert path.read_bytes() == before


def test_the_check_is_hall_checks_own_vocabulary_references_and_private_data(ws):
    opened = ws.open(CHAI)
    data = opened["data"]
    data["trade"] = "种花业"
    data["related"] = ["nobody-here"]
    problems = ws.proposal(CHAI, data, opened["story"] + "\n电话 13812345678\n").problems
    found = {(p["code"], tuple(p["field"])) for p in problems}
    assert {("E202", ("trade",)), ("E302", ("related", 0)), ("E602", ("story",))} <= found
    missing = ws.proposal(CHAI, {**data, "sources": []}, opened["story"]).problems
    assert ("E102", ("sources",)) in {(p["code"], tuple(p["field"])) for p in missing}


def test_a_file_changed_on_disk_is_not_overwritten_and_both_versions_come_back(small_hall, ws):
    path = small_hall.exhibits / CHAI
    opened = ws.open(CHAI)
    other = path.read_text(encoding="utf-8").replace(
        "柴金甫种植鲜切花二十年。", "另一位管理员写的一段。"
    )
    path.write_text(other, encoding="utf-8")
    data = {**opened["data"], "summary": "我在表单里改的简介，不能丢。"}
    status, result = ws.save(CHAI, data, opened["story"], opened["digest"])
    assert status == 409
    assert path.read_text(encoding="utf-8") == other
    assert "另一位管理员写的一段。" in result["disk"]["text"]
    assert "我在表单里改的简介，不能丢。" in result["yours"]
    status, _ = ws.save(CHAI, data, opened["story"], result["disk"]["digest"])  # "keep mine"
    assert status == 200
    versions = ws.history.versions(CHAI)
    assert ws.history.read(CHAI, versions[0]["id"]).decode() == other  # the other curator's, kept


def test_history_keeps_each_version_and_restores_one(small_hall, ws):
    path = small_hall.exhibits / CHAI
    original = path.read_bytes()
    opened = ws.open(CHAI)
    status, saved = ws.save(
        CHAI,
        {**opened["data"], "summary": "第二版的一句话简介。"},
        opened["story"],
        opened["digest"],
    )
    assert status == 200 and saved["saved"]
    (version,) = ws.history.versions(CHAI)
    assert ws.history.read(CHAI, version["id"]) == original
    status, restored = ws.restore(CHAI, version["id"], saved["digest"])
    assert status == 200 and path.read_bytes() == original
    assert len(ws.history.versions(CHAI)) == 2  # the restore kept the version it replaced
    assert (
        ws.restore(CHAI, version["id"], saved["digest"])[0] == 409
    )  # the digest is no longer the file's


def test_new_gives_what_hall_new_gives(small_hall, ws, tmp_path):
    rel = ws.new("collective", "玉环志愿服务队", None)
    expected = new_exhibit(tmp_path / "other", "collective", "玉环志愿服务队")
    assert (small_hall.exhibits / rel).read_bytes() == expected.read_bytes()
    assert rel == "collectives/yu-huan-zhi-yuan-fu-wu-dui/index.md"
    with pytest.raises(Exception, match="已经有人用了"):
        ws.new("collective", "玉环志愿服务队", None)
    for slug in ("../evil", "Evil", "a/b", "x\ny"):
        with pytest.raises(Exception, match="文件路径不对"):
            ws.new("person", "王五", slug)


@pytest.mark.parametrize("kind", sorted(ALL_KINDS))
def test_every_kind_the_hall_has_gets_a_form_with_chinese_labels(kind):
    schema = form_schema(kind)
    assert schema["title"] and all(
        re.search(r"[\u4e00-\u9fff]", field["title"]) for field in schema["properties"].values()
    )


def test_an_event_is_made_checked_and_saved_through_the_form(small_hall, ws):
    rel = ws.new("event", "木工体验课", None)
    assert rel == "events/mu-gong-ti-yan-ke/index.md"
    opened = ws.open(rel)
    assert opened["schema"]["properties"]["type"]["options"]["inputAttributes"]["list"] == (
        "hall-list-event_types"
    )
    data = {**opened["data"], "summary": "在本馆木工坊体验刨、锯、凿。", "start": "2026-02-30"}
    data["type"] = "课程"
    path = small_hall.exhibits / rel
    before = path.read_bytes()
    status, result = ws.save(rel, data, "\n在本馆木工坊里体验。\n", opened["digest"])
    assert status == 422 and "E801" in [p["code"] for p in result["problems"]]
    assert path.read_bytes() == before
    status, result = ws.save(
        rel, {**data, "start": "2026-12-05 14:00"}, "\n在本馆木工坊里体验。\n", opened["digest"]
    )
    assert status == 200, result
    assert "start: 2026-12-05 14:00" in path.read_text(encoding="utf-8")
    assert not [p for p in small_hall.load().report.errors if p.path.endswith(rel)]


def test_a_page_of_the_hall_is_opened_and_saved_through_the_form(small_hall, ws):
    rel = ws.new("page", "参观须知", None)
    opened = ws.open(rel)
    assert opened["schema"]["title"] == "本馆"
    status, result = ws.save(
        rel, {**opened["data"], "order": 5}, "\n本馆每周一闭馆。\n", opened["digest"]
    )
    assert status == 200, result
    assert "order: 5" in (small_hall.exhibits / rel).read_text(encoding="utf-8")
    assert rel in [e["path"] for e in ws.exhibits()]


def test_a_template_text_left_in_is_e109_as_hall_check_says(small_hall, ws):
    rel = ws.new("person", "李四", None)
    opened = ws.open(rel)
    data = {**opened["data"], "region": "浙江省/嘉兴市/嘉善县"}
    status, result = ws.save(rel, data, "\n李四在车间里做了三十年车工。\n", opened["digest"])
    assert status == 422 and "E109" in [p["code"] for p in result["problems"]]


IMPORTED_STUB = """---
name: 王五
region: 浙江省/台州市
trade: 制造业
summary: 台州市的全国劳动模范。
honors:
  - title: 全国劳动模范
    year: 2015
sources:
  - title: 台州市劳模名单.xlsx
    note: 工会名录导入
---

王五的事迹待补充。
"""


def test_the_to_do_view_is_paged_with_the_whole_halls_counts(small_hall, ws):
    small_hall.add("people/wang-wu.md", IMPORTED_STUB)
    small_hall.add("people/bad-one.md", "---\nname: 坏\nregion: 火星\n---\n\n正文。\n")
    everything = ws.todo(per_page=1000)
    assert everything["total"] == len(everything["items"]) == 7
    assert everything["items"][0]["path"] == "people/bad-one.md"  # errors first
    stub = next(x for x in everything["items"] if x["slug"] == "wang-wu")
    assert "事实待核实（只有工会名录一个来源）" in stub["lacks"]
    assert everything["lacking"]["事实待核实（只有工会名录一个来源）"] == 1
    pages = [ws.todo(page=n, per_page=3) for n in (1, 2, 3)]
    assert [p["pages"] for p in pages] == [3, 3, 3]
    assert [x["path"] for p in pages for x in p["items"]] == [
        x["path"] for x in everything["items"]
    ]
    assert [x["slug"] for x in ws.todo(words="wang wu")["items"]] == ["wang-wu"]  # by pinyin
    assert [x["slug"] for x in ws.todo(words="柴")["items"]] == ["chai-jinfu"]
    assert ws.find("people", "chai-jinfu") == CHAI and ws.find("people", "nobody") is None
    assert ws.find("people", "../x") is None


def test_the_to_do_view_is_kept_until_a_file_changes(small_hall, ws):
    first = ws.exhibits()
    assert ws.exhibits() is first  # nothing changed: kept
    opened = ws.open(CHAI)
    summary = {**opened["data"], "summary": "改过的一句话简介。"}
    assert ws.save(CHAI, summary, opened["story"], opened["digest"])[0] == 200
    assert ws.exhibits() is not first  # its own write
    small_hall.add(
        "events/mu-gong-ke.md", "---\ntitle: 木工课\ntype: 课程\nstart: 2026-02-30\n---\n\n体验。\n"
    )
    listed = ws.exhibits()  # a file added by others, with an error that fails the preview's build
    assert (listed[0]["slug"], listed[0]["errors"]) == ("mu-gong-ke", 1)


def test_the_button_is_on_exhibit_pages_only():
    assert exhibit_page("/people/chai-jinfu/", "/") == ("people", "chai-jinfu")
    assert exhibit_page("/people/", "/") is None and exhibit_page("/eras/2012-/", "/") is None
    assert exhibit_page("/hall/people/x/index.html", "/hall/") == ("people", "x")
    page = with_button(b"<html><body><p>x</p></body></html>", "people", "x")
    assert (
        page.endswith(b">\xe7\xbc\x96\xe8\xbe\x91</a></body></html>")
        and b'href="/_edit/#open=people/x"' in page
    )


# --- the guards, through the WSGI application -------------------------------------------------------------
PORT = 8000


class Client:
    def __init__(self, ws: Workspace, bound: str = "127.0.0.1"):
        self.app = App(ws, bound, PORT, Token(required=bound != "127.0.0.1"))

    def __call__(
        self,
        method: str,
        path: str,
        body=None,
        *,
        host=f"127.0.0.1:{PORT}",
        origin="own",
        query="",
        content_type="application/json",
        cookie="",
        referer=None,
    ):
        data = (
            body
            if isinstance(body, bytes)
            else json.dumps(body).encode()
            if body is not None
            else b""
        )
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": host,
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
        }
        if origin:
            environ["HTTP_ORIGIN"] = f"http://{host}" if origin == "own" else origin
        if referer:
            environ["HTTP_REFERER"] = referer
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        answer = {}
        chunks = self.app(
            environ, lambda status, headers: answer.update(status=int(status[:3]), headers=headers)
        )
        raw = b"".join(chunks)
        is_json = dict(answer["headers"]).get("Content-Type", "").startswith("application/json")
        return (
            answer["status"],
            (json.loads(raw) if is_json and raw else raw),
            dict(answer["headers"]),
        )


@pytest.fixture
def client(ws) -> Client:
    return Client(ws)


def _save_body(ws, rel=CHAI, **change):
    opened = ws.open(rel)
    return {
        "path": rel,
        "data": {**opened["data"], **change},
        "story": opened["story"],
        "digest": opened["digest"],
    }


def test_a_save_from_the_workspace_itself_is_accepted(client, ws, small_hall):
    status, result, _ = client(
        "POST", "/_edit/api/save", _save_body(ws, summary="同源的保存可以写入。")
    )
    assert status == 200, result
    assert "同源的保存可以写入。" in (small_hall.exhibits / CHAI).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "origin, referer",
    [
        ("http://evil.example", None),
        ("null", None),
        (f"http://127.0.0.1:{PORT + 1}", None),
        (None, None),
        (None, "http://evil.example/_edit/"),
        (None, f"http://127.0.0.1:{PORT}.evil.example/"),
    ],
)
def test_a_cross_site_write_is_refused_and_writes_nothing(client, ws, small_hall, origin, referer):
    before = (small_hall.exhibits / CHAI).read_bytes()
    status, result, _ = client(
        "POST",
        "/_edit/api/save",
        _save_body(ws, summary="跨站请求写入的简介。"),
        origin=origin,
        referer=referer,
    )
    assert status == 403 and "别的网站" in result["error"]
    assert (small_hall.exhibits / CHAI).read_bytes() == before
    assert not ws.history.versions(CHAI)


def test_a_form_post_that_is_not_json_is_refused(client, ws, small_hall):
    before = (small_hall.exhibits / CHAI).read_bytes()
    status, _, _ = client(
        "POST",
        "/_edit/api/save",
        json.dumps(_save_body(ws, summary="表单提交的简介。")).encode(),
        content_type="text/plain",
    )
    assert status == 415 and (small_hall.exhibits / CHAI).read_bytes() == before


@pytest.mark.parametrize(
    "host", ["evil.example:8000", "127.0.0.1.nip.io:8000", "127.0.0.1:9999", "", "[::1:8000"]
)
def test_a_wrong_host_is_refused(client, ws, small_hall, host):
    before = (small_hall.exhibits / CHAI).read_bytes()
    for method, path in (("GET", "/_edit/api/todo"), ("POST", "/_edit/api/save")):
        status, result, _ = client(
            method, path, _save_body(ws, summary="改个简介试试看。"), host=host
        )
        assert status == 403 and "地址不对" in result["error"]
    assert (small_hall.exhibits / CHAI).read_bytes() == before


def test_host_names_allowed():
    assert host_allowed("127.0.0.1:8000", "127.0.0.1", 8000) and host_allowed(
        "localhost:8000", "127.0.0.1", 8000
    )
    assert host_allowed("[::1]:8000", "127.0.0.1", 8000)
    assert not host_allowed("attacker.example:8000", "127.0.0.1", 8000)
    assert host_allowed("192.168.1.20:8000", "0.0.0.0", 8000)
    assert not host_allowed("attacker.example:8000", "0.0.0.0", 8000)


@pytest.mark.parametrize(
    "rel",
    [
        "../mkdocs.yml",
        "people/../../mkdocs.yml",
        "/etc/passwd",
        "people/../people/x.md",
        "registers/guan-cang-ren-wu.csv",
        "people/x/../../y.md",
        "people\\x.md",
        "people/Evil.md",
        "people/x/other.md",
        "people/.hidden.md",
        "people/x.md\n",
    ],
)
def test_paths_outside_exhibit_files_are_refused(client, ws, small_hall, rel, tmp_path):
    status, result, _ = client("GET", "/_edit/api/open", query=f"path={rel}")
    assert status == 400 and "文件路径不对" in result["error"]
    status, _, _ = client(
        "POST", "/_edit/api/save", {"path": rel, "data": {"name": "x"}, "story": "", "digest": ""}
    )
    assert status == 400


def test_a_symlink_out_of_exhibits_is_neither_read_nor_written(client, small_hall, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\nname: 秘密\n---\n", encoding="utf-8")
    (small_hall.exhibits / "people" / "evil.md").symlink_to(outside)
    (small_hall.exhibits / "people" / "evil-dir").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "index.md").write_text("---\nname: 秘密\n---\n", encoding="utf-8")
    for rel in ("people/evil.md", "people/evil-dir/index.md"):
        status, result, _ = client("GET", "/_edit/api/open", query=f"path={rel}")
        assert status == 403 and "链接" in result["error"]
        body = {
            "path": rel,
            "data": {"name": "改掉"},
            "story": "",
            "digest": digest(outside.read_bytes()),
        }
        assert client("POST", "/_edit/api/save", body)[0] == 403
    assert outside.read_text(encoding="utf-8") == "---\nname: 秘密\n---\n"


def test_bound_beyond_loopback_a_token_is_needed_then_kept_in_a_cookie(ws):
    client = Client(ws, bound="0.0.0.0")
    host = f"192.168.1.20:{PORT}"
    assert client("GET", "/_edit/api/todo", host=host)[0] == 403
    assert client("GET", "/_edit/", host=host, query="token=wrong")[0] == 403
    status, _, headers = client(
        "GET", "/_edit/", host=host, query=f"token={client.app.token.value}"
    )
    assert status == 303 and headers["Location"] == "/_edit/"
    cookie = headers["Set-Cookie"].split(";")[0]
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    assert client("GET", "/_edit/api/todo", host=host, cookie=cookie)[0] == 200
    assert (
        client("POST", "/_edit/api/save", _save_body(ws), host=host)[0] == 403
    )  # no token, own origin
    assert client.app.address.endswith(f"/_edit/?token={client.app.token.value}")


def test_on_loopback_no_token_is_needed(client):
    assert (
        client.app.token.value is None and client.app.address == f"http://127.0.0.1:{PORT}/_edit/"
    )
    status, page, headers = client("GET", "/_edit/")
    assert status == 200 and "展品工作台".encode() in page
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


# --- photos -----------------------------------------------------------------------------------------------
def _image(fmt="JPEG", size=(800, 600), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 0).save(out, fmt, **save)
    return out.getvalue()


def _upload(client, data: bytes, rel=CHAI, name="photo.jpg", content_type="image/jpeg"):
    return client(
        "POST",
        "/_edit/api/upload",
        data,
        query=f"path={rel}&name={name}",
        content_type=content_type,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_photo_makes_a_single_file_exhibit_a_folder(client, ws, small_hall):
    before = (small_hall.exhibits / CHAI).read_bytes()
    status, result, _ = _upload(client, _image(), name="柴金甫 在花田.JPG")
    assert status == 200, result
    assert result == {
        "src": "chai-jin-fu-zai-hua-tian.jpg",
        "path": "people/chai-jinfu/index.md",
        "digest": digest(before),
    }
    assert not (small_hall.exhibits / CHAI).exists()
    assert (small_hall.exhibits / "people/chai-jinfu/index.md").read_bytes() == before
    assert (small_hall.exhibits / "people/chai-jinfu/chai-jin-fu-zai-hua-tian.jpg").is_file()
    status, again, _ = _upload(
        client,
        _image("PNG"),
        rel=result["path"],
        name="柴金甫 在花田.png",
        content_type="image/png",
    )
    assert status == 200 and again["src"] == "chai-jin-fu-zai-hua-tian.png"
    # alt text is required before the form saves: E403 at the portrait's alt
    opened = ws.open(result["path"])
    data = {**opened["data"], "portrait": {"src": again["src"], "alt": ""}}
    status, saved = ws.save(result["path"], data, opened["story"], opened["digest"])
    assert status == 422 and ("E403", ["portrait", "alt"]) in [
        (p["code"], p["field"]) for p in saved["problems"]
    ]
    data["portrait"] = {"src": again["src"], "alt": "柴金甫在花田里", "minors": True}
    status, saved = ws.save(result["path"], data, opened["story"], opened["digest"])
    assert status == 422 and ("E604", ["portrait", "minors"]) in [
        (p["code"], p["field"]) for p in saved["problems"]
    ]


@pytest.mark.parametrize(
    "data, content_type, code",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/jpeg",
            "E404",
        ),
        (b"  <?xml version='1.0'?><svg/>", "application/octet-stream", "E404"),
        (b"GIF89a" + b"\0" * 100, "image/jpeg", "E404"),
        (_image()[:400], "image/jpeg", "E404"),  # cut short
        (
            _image("PNG", (8000, 8000), "1"),
            "image/png",
            "E405",
        ),  # 64 million pixels in a few kilobytes
        (_image("PNG", (11000, 11000), "1"), "image/png", "E405"),  # beyond Pillow's own bomb limit
    ],
)
def test_a_broken_svg_or_bomb_photo_is_refused_and_writes_nothing(
    client, small_hall, data, content_type, code
):
    before = _files(small_hall.exhibits)
    status, result, _ = _upload(client, data, content_type=content_type)
    assert status == 422 and result["code"] == code, result
    assert _files(small_hall.exhibits) == before


def test_an_svg_content_type_and_an_oversized_upload_are_refused(client, small_hall):
    before = _files(small_hall.exhibits)
    assert _upload(client, _image(), content_type="image/svg+xml")[0] == 415
    from hall.workspace import upload

    with pytest.raises(upload.PhotoRefused) as refused:
        upload.sniff(b"\xff\xd8" + b"\0" * (30 * 1024 * 1024))
    assert refused.value.code == "E406"
    assert _files(small_hall.exhibits) == before


def test_a_photo_with_a_phone_number_in_its_metadata_is_refused(client, small_hall):
    exif = Image.Exif()
    exif[0x010E] = "联系 13812345678"
    before = _files(small_hall.exhibits)
    status, result, _ = _upload(client, _image(exif=exif.tobytes()))
    assert status == 422 and result["code"] == "E602"
    assert _files(small_hall.exhibits) == before


def test_the_built_site_holds_no_workspace(small_hall, tmp_path):
    from hall.engine.build import build

    site = build(small_hall.config, tmp_path / "site")
    for path in site.rglob("*"):
        if path.is_file():
            assert b"_edit" not in path.read_bytes() and "jsoneditor" not in path.name, path


# --- a union's roster imported in the browser ------------------------------------------------------------
def _roster_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024 年度劳模名单（虚构数据）"])
    sheet.append(["姓名", "身份证号", "所获荣誉", "获奖时间", "所在地区", "备注"])
    sheet.append(["赵测试", "330102197001011234", "全国劳动模范", 2015, "浙江省/台州市", "x"])
    sheet.append(["钱测试", "330102197001011235", "全国劳动模范", 202, "浙江省/台州市", ""])
    sheet.append(["孙测试", "", "浙江省劳动模范", 2020, "浙江省/台州市", "2020"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload_roster(client, data: bytes, name="台州名单.xlsx", **kw):
    return client(
        "POST",
        "/_edit/api/roster",
        data,
        query=f"name={name}",
        content_type="application/octet-stream",
        **kw,
    )


def test_a_roster_is_dry_run_as_hall_import_says_then_remapped_and_imported(client, small_hall):
    register = small_hall.exhibits / "registers" / "taizhou.csv"
    status, result, _ = _upload_roster(client, _roster_xlsx())
    assert status == 200, result
    by_header = {c["header"]: c for c in result["columns"]}
    assert by_header["身份证号"]["private"] and by_header["身份证号"]["field"] == ""
    assert by_header["所获荣誉"]["field"] == "honor" and by_header["获奖时间"]["field"] == ""
    assert any("已丢弃含个人信息的列" in line and "身份证号" in line for line in result["lines"])
    assert "试运行（--dry-run）：没有写入任何文件。" in result["lines"]
    assert not (small_hall.exhibits / "registers").exists()
    assert result["register"] == "tai-zhou-ming-dan"

    # 获奖时间 is no name the importer knows: the curator maps it, and leaves the region out
    body = {
        "upload": result["upload"],
        "maps": {"获奖时间": "year", "所在地区": ""},
        "register": "taizhou",
    }
    status, again, _ = client("POST", "/_edit/api/import", body)
    assert status == 200, again
    fields = {c["header"]: c["field"] for c in again["columns"]}
    assert fields["获奖时间"] == "year" and fields["所在地区"] == ""
    assert [r["row"] for r in again["rows"]] == ["4"]  # 钱测试's year 202, at its Excel row
    assert all(r["file"] == "台州名单.xlsx" and "E" in r["text"] for r in again["rows"])
    assert not register.exists()
    status, done, _ = client("POST", "/_edit/api/import", {**body, "confirm": True})
    assert status == 200 and done["written"], done
    text = register.read_text(encoding="utf-8-sig")
    assert "赵测试" in text and "孙测试" in text and "钱测试" not in text and "2015" in text
    assert "330102" not in text and "台州市" not in text  # the region column was left out


@pytest.mark.parametrize(
    "data, status",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 415),  # markup is no CSV ... decoded, but
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, 415),
        (b"PK\x03\x04" + b"\0" * 100, 415),  # a zip that is no workbook
        (b"", 415),
    ],
)
def test_a_roster_that_is_no_spreadsheet_is_refused_and_kept_nowhere(
    client, small_hall, data, status
):
    got, result, _ = _upload_roster(client, data, name="x.xlsx")
    if data.startswith(b"<svg"):  # text: read as a CSV with no name column, so nothing imported
        assert got == 200 and any("E702" in line for line in result["lines"])
    else:
        assert got == status, result
    assert not (small_hall.exhibits / "registers").exists()


def test_a_zip_bomb_roster_is_refused(client, small_hall):
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 1024 * 1024))
    status, result, _ = _upload_roster(client, out.getvalue())
    assert status == 413 and "解压后过大" in result["error"]


def test_an_import_from_another_site_writes_nothing(client, small_hall):
    _, result, _ = _upload_roster(client, _roster_xlsx())
    status, _, _ = client(
        "POST",
        "/_edit/api/import",
        {"upload": result["upload"], "maps": {}, "confirm": True},
        origin="http://evil.example",
    )
    assert status == 403 and not (small_hall.exhibits / "registers").exists()
    status, _, _ = _upload_roster(client, _roster_xlsx(), origin="http://evil.example")
    assert status == 403
    status, result, _ = client(
        "POST", "/_edit/api/import", {"upload": "../../../etc", "maps": {}, "confirm": True}
    )
    assert status == 404


def test_regions_are_a_tree_of_the_vocabularys_provinces_and_the_halls_own_places(ws, small_hall):
    small_hall.add(
        "registers/taizhou.csv", "姓名,荣誉称号,地区\n赵测试,全国劳动模范,浙江省/台州市/椒江区\n"
    )
    tree = ws.lists()["region_tree"]
    assert (
        "北京市" in tree and "新疆维吾尔自治区" in tree
    )  # every province, with no place of the hall
    assert tree["浙江省"]["台州市"] == ["椒江区", "玉环市"]  # an exhibit's and a register's
    assert tree["浙江省"]["嘉兴市"] == ["嘉善县"]


def test_a_date_that_does_not_exist_opens_in_the_form_with_e801_at_its_field(small_hall, ws):
    small_hall.add(
        "events/mu-gong-ke.md", "---\ntitle: 木工课\ntype: 课程\nstart: 2026-02-30\n---\n\n体验。\n"
    )
    opened = ws.open("events/mu-gong-ke.md")
    assert opened["data"] == {"title": "木工课", "type": "课程", "start": "2026-02-30"}
    assert [(p["code"], p["field"]) for p in opened["problems"]] == [("E801", ["start"])]
    text = ws.proposal(
        "events/mu-gong-ke.md", {**opened["data"], "title": "木工体验课"}, opened["story"]
    ).text
    assert "start: 2026-02-30\n" in text  # written back as it was


def test_the_form_checks_a_page_against_mkdocs_ymls_visiting_information():
    """参观指南 shows the 参观信息 block, which mkdocs.yml fills: `hall check` says nothing (W801 is for a hall
    without visiting information), and the form says what `hall check` says."""
    sample = Workspace(load_config(ROOT / "mkdocs.yml"), str)
    rel = "pages/can-guan-zhi-nan.md"
    problems = sample.check(rel, (ROOT / "exhibits" / rel).read_text(encoding="utf-8")).problems
    assert [p["code"] for p in problems] == []


def test_the_hall_the_preview_read_is_taken_when_the_files_are_as_it_read_them(small_hall, ws):
    from hall.model.catalog import scan

    config = ws.config
    theirs, stamps = small_hall.load(), scan(config.config_file, config.exhibits_dir)
    ws.shared = lambda: (stamps, theirs)
    assert ws.hall() is theirs
    small_hall.add("people/li-si.md", "---\nname: 李四\nregion: 火星\n---\n\n正文。\n")
    ours = ws.hall()  # the preview has not read it yet: read here
    assert ours is not theirs and "exhibits/people/li-si.md" in {p.path for p in ours.report.errors}
    assert [x["slug"] for x in ws.todo()["items"]][0] == "li-si"  # 火星: an error, first


def test_a_check_after_a_save_does_not_read_the_hall_again_for_the_saved_file(small_hall, ws):
    opened = ws.open(CHAI)
    before = ws.hall()
    summary = {**opened["data"], "summary": "改过的一句话简介。"}
    assert ws.save(CHAI, summary, opened["story"], opened["digest"])[0] == 200
    text = (small_hall.exhibits / CHAI).read_text(encoding="utf-8")
    assert ws.check(CHAI, text.replace("改过的", "又改的")).problems == []
    assert (
        ws.hall(but=str(small_hall.exhibits / CHAI)) is before
    )  # only the form's own file changed
    small_hall.add("people/li-si.md", "---\nname: 李四\n---\n\n正文。\n")
    assert ws.hall(but=str(small_hall.exhibits / CHAI)) is not before  # another file did


def test_two_uploads_are_both_kept_and_an_import_keeps_the_register_it_replaces(
    client, ws, small_hall
):
    register = small_hall.exhibits / "registers" / "taizhou.csv"
    _, first, _ = _upload_roster(client, _roster_xlsx())
    _, second, _ = _upload_roster(client, _roster_xlsx(), name="第二份.xlsx")  # another curator
    assert first["upload"] != second["upload"]
    body = {"upload": first["upload"], "maps": {"获奖时间": "year"}, "register": "taizhou"}
    status, done, _ = client("POST", "/_edit/api/import", {**body, "confirm": True})
    assert status == 200 and done["written"], done  # the first upload is still there
    was = register.read_bytes()
    assert ws.history.versions("registers/taizhou.csv") == []  # nothing was replaced yet
    register.write_bytes(was.replace("赵测试".encode(), "赵改名".encode()))
    edited = register.read_bytes()
    status, again, _ = client("POST", "/_edit/api/import", {**body, "confirm": True})
    assert status == 200 and register.read_bytes() != edited
    (kept,) = ws.history.versions("registers/taizhou.csv")
    assert ws.history.read("registers/taizhou.csv", kept["id"]) == edited
