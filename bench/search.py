"""Search benchmark (issue 4): index size, and what a visitor's first query costs, the hall's search against
Material's built-in search on the same pages.

Usage, from the repository root:

    .venv/bin/python bench/search.py --sizes 1000,10000
    .venv/bin/python bench/search.py --sizes 1000 --skip-material     # the hall's search alone

For each size N, bench/generate.py writes a hall of N exhibits into bench/.work/hall-N/ (kept, and reused
by later runs). The hall is built with `build_hall.py build`, and the same exhibit files with plain MkDocs
+ Material (search with lang zh), as bench/run.py does. Then each query is typed into a fresh headless
Chromium page (empty cache), and the benchmark records the search code and index data the browser
fetched (compressed with gzip, as any compressing web server sends it; images and the page itself are not
counted), and the time from the query to the first result on screen.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from common import PYTHON, REPO, WORK, machine, run, table
from generate import generate
from run import PLAIN_MKDOCS

from hall.model.pinyin import initials

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class Quiet(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}/"


def gz_size(folder: Path, pattern: str) -> tuple[int, int]:
    files = [p for p in folder.glob(pattern) if p.is_file()]
    return sum(p.stat().st_size for p in files), sum(
        len(gzip.compress(p.read_bytes(), 6)) for p in files
    )


def queries_for(project: Path) -> list[str]:
    """A name, part of a name, its pinyin initials, a place, an honor and a year from the generated hall."""
    people = sorted((project / "exhibits" / "people").glob("*.md"))
    text = people[len(people) // 2].read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].split("\n", 1)[0].strip().strip('"')
    return [name, name[1:], initials(name), "嘉善", "全国劳动模范", "2015"]


def sample_page(project: Path) -> str:
    return "people/" + sorted((project / "exhibits" / "people").glob("*.md"))[0].stem + "/"


TIMEOUT = 180  # seconds to wait for a first result


def first_query(browser, url: str, fill, wait: str, counted) -> tuple[int, float, int]:
    """(bytes of counted responses, seconds from query to first result or None, number of counted files)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page()
    bodies: list[int] = []

    def on_response(response):
        if counted(response.url):
            try:
                bodies.append(len(gzip.compress(response.body(), 6)))
            except Exception:  # noqa: BLE001 - a response without a body
                pass

    page.on("response", on_response)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        start = time.perf_counter()
        fill(page)
        try:
            page.locator(wait).first.wait_for(timeout=TIMEOUT * 1000)
            seconds = time.perf_counter() - start
        except PlaywrightTimeout:
            seconds = None  # no result on screen within TIMEOUT
        page.wait_for_load_state("networkidle")
        return sum(bodies), seconds, len(bodies)
    finally:
        page.close()


def material_search(query: str):
    def fill(page):
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")

    return fill


def bench(size: int, skip_material: bool, reuse: bool = False) -> list[list]:
    from playwright.sync_api import sync_playwright

    project = WORK / f"hall-{size}"
    if not (project / "exhibits").is_dir():
        print(f"generating {size} exhibits ...", flush=True)
        generate(
            project,
            int(size * 0.8),
            int(size * 0.15),
            size - int(size * 0.8) - int(size * 0.15),
            photos=1,
        )
    if not (reuse and (project / "site" / "search" / "meta.js").exists()):
        print(f"building the hall ({size}) ...", flush=True)
        built = run([PYTHON, REPO / "build_hall.py", "build"], project)
        print(f"  {built.seconds:.1f} s", flush=True)
    sites = {"hall": project / "site"}
    if not skip_material:
        plain = project / "plain-mkdocs"
        plain.mkdir(exist_ok=True)
        (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
        if not (plain / "site" / "search" / "search_index.json").exists():
            print(f"building plain MkDocs + Material ({size}) ...", flush=True)
            run([PYTHON, "-m", "mkdocs", "build", "--quiet"], plain)
        sites["material"] = plain / "site"
    rows = []
    index_raw, index_gz = gz_size(sites["hall"] / "search", "**/*.js")
    rows_material = None
    if "material" in sites:
        m_raw, m_gz = gz_size(sites["material"] / "search", "search_index.json")
        rows_material = (m_raw, m_gz)
    queries = queries_for(project)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        httpd, base = serve(sites["hall"])
        try:
            for q in queries:
                got, seconds, files = first_query(
                    browser,
                    f"{base}search/?q={quote(q)}",
                    lambda page: None,
                    ".hall-search__results li, .hall-search__status:has-text('没有找到')",
                    lambda url: (
                        "/search/" in url and url.endswith(".js") or url.endswith("search.js")
                    ),
                )
                rows.append(
                    [
                        size,
                        "hall",
                        q,
                        f"{index_raw / 1e6:.1f} / {index_gz / 1e6:.2f}",
                        f"{got / 1e3:.0f}",
                        files,
                        _seconds(seconds),
                    ]
                )
        finally:
            httpd.shutdown()
        if "material" in sites:
            httpd, base = serve(sites["material"])
            try:
                for q in queries[:1]:  # one: at 10,000 exhibits a query can take minutes
                    got, seconds, files = (
                        first_query(  # plain MkDocs has no home page: open an exhibit's
                            browser,
                            base + sample_page(project),
                            material_search(q),
                            ".md-search-result__item",
                            lambda url: "/search/" in url or "/workers/" in url or "/lunr/" in url,
                        )
                    )
                    rows.append(
                        [
                            size,
                            "Material",
                            q,
                            f"{rows_material[0] / 1e6:.1f} / {rows_material[1] / 1e6:.2f}",
                            f"{got / 1e3:.0f}",
                            files,
                            _seconds(seconds),
                        ]
                    )
            finally:
                httpd.shutdown()
        browser.close()
    return rows


def _seconds(seconds: float | None) -> str:
    return f"{seconds:.2f}" if seconds is not None else f"none in {TIMEOUT} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated exhibit counts")
    parser.add_argument(
        "--skip-material", action="store_true", help="measure the hall's search only"
    )
    parser.add_argument("--reuse", action="store_true", help="use the sites an earlier run built")
    args = parser.parse_args()
    rows = []
    for size in map(int, args.sizes.split(",")):
        rows += bench(size, args.skip_material, args.reuse)
    print(machine())
    print(
        table(
            [
                "exhibits",
                "search",
                "query",
                "index MB raw / gzip",
                "first query KB (gzip)",
                "files",
                "seconds to results",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
