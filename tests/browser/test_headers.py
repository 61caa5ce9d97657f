"""The site works under its own security headers (_headers): no Content-Security-Policy violation on any
page kind, in search or in the lightbox."""

import functools
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

import pytest

from tests.browser.conftest import PAGES, _QuietHandler
from tests.sitecheck import parse_headers_file

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def strict_server(built_site):
    with strict(built_site) as base:
        yield base


CSP_TO_CONSOLE = (
    "document.addEventListener('securitypolicyviolation', e => "
    "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
)


@contextmanager
def strict(built_site):
    """The site served over HTTP with the headers of its own _headers file."""
    headers = parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    assert "Content-Security-Policy" in headers

    class Handler(_QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("name", ["home", "profile", "artifact", "timeline", "region"])
def test_page_works_under_the_content_security_policy(strict_server, browser, name):
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script(CSP_TO_CONSOLE)
    try:
        page.goto(strict_server + PAGES[name])
        page.wait_for_load_state("networkidle")
        if name == "home":
            page.locator("#hall-header-q").fill("柴金甫")
            page.locator("#hall-header-q").press("Enter")
            page.locator(".hall-search__results li a").first.wait_for(timeout=10_000)
        if name == "artifact":
            page.locator("a.hall-zoom").first.click()
            assert page.evaluate("document.querySelector('dialog.hall-lightbox').open")
    finally:
        page.close()
    assert problems == [], f"page {PAGES[name]}: {problems}"
