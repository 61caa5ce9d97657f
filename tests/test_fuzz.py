"""Property-based: whatever front matter and Markdown arrive, the hall either publishes safe HTML or
refuses with clear problems (code, line, message), never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hall.engine.build import BuildFailed, build
from hall.site.sanitize import clean
from tests.conftest import SmallHall
from tests.hostile import CONTENT_FORBIDDEN, DANGEROUS_SCHEME, URL_ATTRIBUTES, elements, unsafe

# Pieces curators (and attackers) paste: markup, URLs, YAML punctuation, Chinese text, digits.
PIECES = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "data:text/html,",
    '<a href="',
    '">',
    '{: onclick="x" }',
    "[链接](",
    ")",
    "![图](",
    "<iframe>",
    "<svg onload=x>",
    "<style>",
    "&lt;",
    "&",
    '"',
    "'",
    ":",
    "- ",
    "#",
    "## ",
    "!!! note",
    "\n",
    "\n\n",
    "    ",
    "|",
    "---",
    "*",
    "&a",
    "*a",
    "{{",
    "}}",
    "劳模",
    "柴金甫",
    "2020",
    "0571",
    "yes",
    "~",
    "null",
    '<div markdown="1">',
    "</div>",
    "<!--",
    "-->",
]
text = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25).map("".join)
FIELDS = [
    "name",
    "summary",
    "region",
    "trade",
    "occupation",
    "honors",
    "sources",
    "portrait",
    "birth_year",
    "x",
]
front_matter = st.dictionaries(
    st.sampled_from(FIELDS),
    text
    | st.lists(text, max_size=3)
    | st.lists(
        st.dictionaries(st.sampled_from(["title", "year", "src", "alt"]), text, max_size=3),
        max_size=2,
    ),
    max_size=8,
)
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]


def _exhibit(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body


@settings(max_examples=150, deadline=None)
@given(body=text)
def test_rendered_markdown_is_always_safe(body):
    html = clean(markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS))
    for tag, attrs in elements(html).found:
        assert tag not in CONTENT_FORBIDDEN, html
        assert not any(n.startswith("on") for n in attrs), html
        assert not any(
            n in URL_ATTRIBUTES and v and DANGEROUS_SCHEME.search(v) for n, v in attrs.items()
        ), html


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=front_matter, body=text, raw=st.booleans())
def test_checking_never_crashes_and_every_problem_is_clear(meta, body, raw):
    with tempfile.TemporaryDirectory() as tmp:
        hall = SmallHall(Path(tmp))
        path = hall.exhibits / "people" / "fuzz.md"
        path.write_text(
            ("---\n" + body + "\n---\n" if raw else _exhibit(meta, body)), encoding="utf-8"
        )
        for problem in hall.load().report.problems:
            assert (
                problem.code[0] in "EW"
                and problem.line >= 1
                and problem.message
                and problem.hint is not None
            )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=text, summary=text, body=text)
def test_build_publishes_safe_html_or_fails_clearly(name, summary, body):
    with tempfile.TemporaryDirectory() as tmp:
        hall = SmallHall(Path(tmp))
        meta = {
            "name": name,
            "summary": summary,
            "region": "浙江省",
            "trade": "制造业",
            "sources": [{"title": "来源"}],
        }
        (hall.exhibits / "people" / "fuzz.md").write_text(_exhibit(meta, body), encoding="utf-8")
        try:
            site = build(hall.config)
        except BuildFailed as failure:
            assert "fuzz.md" in str(failure) and "错误" in str(failure), str(failure)
            return
        reference = (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
        page = (site / "people" / "fuzz" / "index.html").read_text(encoding="utf-8")
        assert unsafe(page, reference) == []
