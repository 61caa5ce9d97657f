"""The visit() fixture itself: a page that breaks each rule fails with a message naming the page and the rule."""

import pytest

from tests.browser.conftest import Visitor, serve

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>坏页面</title>
<img src="missing.png" alt="缺失"><img src="https://cdn.example.org/logo.png" alt="外部">
<script>console.error("boom")</script><script>throw new Error("oops")</script>"""


def test_visit_fails_on_every_broken_rule(browser, tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    with serve(tmp_path) as base_url:
        visitor = Visitor(browser, base_url)
        page = visitor.open("/broken/")
        try:
            with pytest.raises(AssertionError) as failure:
                visitor.check(page)
        finally:
            visitor.close(page)
    message = str(failure.value)
    for rule in (
        "console error: boom",
        "uncaught page error: oops",
        "HTTP 404 for",
        "request failed:",
        "request to another host: https://cdn.example.org/logo.png",
    ):
        assert f"page /broken/: {rule}" in message, message
