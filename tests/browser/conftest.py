"""The sample hall built once, served on 127.0.0.1, and opened in Chromium.

`visit(path)` opens a page and fails the test on any console error, page error, failed request,
HTTP error status, or request to another host: the hall must work offline and without foreign resources.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hall.engine.build import build

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# One page of every kind the hall renders: name -> URL path.
PAGES = {
    "home": "/",
    "exhibitions": "/exhibitions/",
    "exhibition": "/exhibitions/tianmu-zhanlan/",
    "era": "/eras/2012-/",
    "trade": "/trades/c/",
    "honor": "/honors/national/",
    "region": "/regions/zhejiang/",
    "category": "/categories/zhu-bian/",
    "people": "/people/",
    "artifacts": "/artifacts/",
    "collectives": "/collectives/",
    "profile": "/people/chai-jinfu/",
    "artifact": "/artifacts/tianmu-zhubian/",
    "collective": "/collectives/zha-zhao-gongzuoshi/",
    "timeline": "/timeline/",
    "lessons": "/lessons/",
    "lesson": "/lessons/cong-xue-tu-dao-gong-jiang/",
    "search": "/search/",
    "registers": "/registers/",
    "register": "/registers/honors/quan-guo-lao-dong-mo-fan/",
    "calendar": "/events/",
    "month": "/events/2026-12/",
    "archive": "/events/archive/",
    "event": "/events/fei-yi-jiang-ren-ke/",
    "guide": "/pages/can-guan-zhi-nan/",
    "accessibility": "/pages/wu-zhang-ai-shuo-ming/",
}

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36",
}


def large(server: str) -> dict:
    """Context options of a visitor who turned 长辈模式 (the 大字 switch) on earlier: it is kept in localStorage."""
    return {
        "storage_state": {
            "cookies": [],
            "origins": [
                {"origin": server, "localStorage": [{"name": "hall-size", "value": "large"}]}
            ],
        }
    }


def chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("browser") / "site")


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".webp": "image/webp",
        ".json": "application/json",
    }

    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(built_site):
    """Base URL of the built sample hall."""
    with serve(built_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("HALL_SKIP_BROWSER") == "1":
        pytest.skip("HALL_SKIP_BROWSER=1: browser tests skipped on request")
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium not found: run tools/install-browser-deps.sh (or `make test`, which runs it). "
            "Set HALL_SKIP_BROWSER=1 to skip the browser tests on purpose.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visitor:
    """Opens each page in its own browser context (empty cache) and records, per page, everything that must not
    happen. Loaded pages stay open and are shared by the tests that only read them."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.host = urlsplit(base_url).netloc
        self.cache: dict[str, object] = {}
        self.problems: dict[object, list[str]] = {}  # page -> what went wrong on it
        self.responses: dict[
            object, list
        ] = {}  # page, and path of its latest visit -> every response

    def open(self, path: str, **context_options):
        context = self.browser.new_context(**context_options)
        context.route(
            self.foreign, lambda route: route.abort()
        )  # recorded below; never wait for the network
        page = context.new_page()
        where = f"page {path}"
        problems, responses = (
            self.problems.setdefault(page, []),
            self.responses.setdefault(page, []),
        )
        self.responses[path] = responses
        page.on("response", lambda r: responses.append(r))
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and problems.append(
                    f"{where}: console error: {m.text} ({m.location.get('url', '')})"
                )
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"{where}: uncaught page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: problems.append(f"{where}: request failed: {r.url} ({r.failure})"),
        )
        page.on(
            "response",
            lambda r: r.status >= 400 and problems.append(f"{where}: HTTP {r.status} for {r.url}"),
        )
        page.on(
            "request",
            lambda r: (
                self.foreign(r.url)
                and problems.append(f"{where}: request to another host: {r.url}")
            ),
        )
        try:
            page.goto(self.base_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
        except Exception as error:  # a timeout: say so next to whatever else went wrong
            problems.append(f"{where}: did not finish loading: {error}".splitlines()[0])
        return page

    def cached(self, path: str, **context_options):
        key = repr((path, sorted(context_options.items())))
        if key not in self.cache:
            self.cache[key] = self.open(path, **context_options)
        return self.cache[key]

    def foreign(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host

    def check(self, page):
        assert not self.problems[page], "the browser reported:\n" + "\n".join(self.problems[page])

    def close(self, page):
        page.context.close()


@pytest.fixture(scope="session")
def visitor(browser, server):
    visitor = Visitor(browser, server)
    yield visitor
    for page in visitor.cache.values():
        visitor.close(page)


class Visit:
    """visit(path, fresh=False, **context_options) -> a loaded page; fails the test if anything went wrong on it.
    fresh=True opens a page of the test's own (to interact with, or to see a first visit's downloads)."""

    def __init__(self, visitor: Visitor):
        self.visitor = visitor
        self.pages, self.own = [], []

    def __call__(self, path: str, fresh: bool = False, **context_options):
        page = (
            self.visitor.open(path, **context_options)
            if fresh
            else self.visitor.cached(path, **context_options)
        )
        (self.own if fresh else self.pages).append(page)
        self.visitor.check(page)
        return page

    def check(self):
        """Fail on anything that went wrong since, e.g. while the test interacted with its pages."""
        for page in self.pages + self.own:
            self.visitor.check(page)

    @property
    def responses(self) -> dict:
        """Every response a page received, by page or by the path last visited."""
        return self.visitor.responses

    def close(self):
        for page in self.own:
            self.visitor.close(page)


@pytest.fixture
def visit(visitor):
    """A loaded page by URL path: fails the test on console errors, page errors, failed requests,
    HTTP errors, and requests to any host but the local server."""
    visit = Visit(visitor)
    yield visit
    try:
        visit.check()
    finally:
        visit.close()
