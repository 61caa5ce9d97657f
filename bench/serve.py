"""The edit loop (issue 7): how long `serve` takes to start serving, and to show a saved edit.

Usage, from the repository root:

    .venv/bin/python bench/serve.py --sizes 1000,10000      # reuses bench/.work/run-N from bench/run.py --keep
    .venv/bin/python bench/serve.py --sizes 10000 --exhibitions 50   # reuses bench/.work/run-N-e50

For each size N it uses the hall bench/run.py generated (generating it when missing), starts
`build_hall.py serve` on a free port and measures:
- start, by polling over HTTP: from launching the command to the first page served, and to the hall being up to
  date; once right after `build` (serve starts from that site), once with one file changed since (serve shows the
  last build, then brings it up to date) and once with no site/ (serve shows a page asking to wait, and builds;
  image and QR caches warm);
- edit: from saving one person's file (a new sentence in the story) to the page showing it, three times, and the
  same (three times) for a name change, which also changes the galleries and lists showing the person (timed on the page of the
  people list that shows the person's card); with --exhibitions, the same for the summary of an exhibit the first
  exhibition shows and for the text of that exhibition's first unit (timed on the exhibition's page). Two times each: when a request over HTTP (polled every 50 ms) first
  gets the new page, and when the page left open in headless Chromium shows it, reloaded by the live-reload script
  with no hand on the keyboard: what the curator sees.
With HALL_BENCH_ECHO=1 it prints what serve says (each update's "已更新（x 秒）") with the time since launch.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager

import yaml
from common import PYTHON, REPO, machine, run_folder, table
from generate import generate

from hall.engine.serve import READY

SENTENCE = "补记：这是第{n}次为测量预览刷新而追加的句子。"


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(check, limit: float = 900) -> float:
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > limit:
            raise TimeoutError
        time.sleep(0.05)
    return time.perf_counter() - start


def measure(size: int, seed: int, exhibitions: int = 0) -> list:
    project = run_folder(size, exhibitions)
    if not (project / "exhibits").is_dir():
        people, artifacts = round(size * 0.8), round(size * 0.15)
        generate(
            project,
            people,
            artifacts,
            size - people - artifacts,
            photos=1,
            seed=seed,
            exhibitions=exhibitions,
        )
        subprocess.run(
            [PYTHON, REPO / "build_hall.py", "build"], cwd=project, check=True, capture_output=True
        )
    subprocess.run(
        [PYTHON, REPO / "build_hall.py", "build"], cwd=project, check=True, capture_output=True
    )
    edited = sorted((project / "exhibits" / "people").glob("*.md"))[0]
    page = f"people/{edited.stem}/"
    original = edited.read_text(encoding="utf-8")
    rows = [
        start(project, size, "start serving (last build current)", lambda url: _get(url + page))
    ]
    try:  # a curator's files changed since the last build: the last build is shown until it is brought up to date
        edited.write_text(
            original.rstrip("\n") + "\n\n" + SENTENCE.format(n=0) + "\n", encoding="utf-8"
        )
        rows.append(
            start(
                project,
                size,
                "start serving (last build older than one file)",
                lambda url: SENTENCE.format(n=0) in _get(url + page),
            )
        )
    finally:
        edited.write_text(original, encoding="utf-8")
    server, url, _, ready = launch(project)
    try:
        _until(
            ready.is_set
        )  # saves while serve still reads the hall wait for it: not what is measured here
        with _browser() as browser:
            for n in range(1, 4):
                sentence = SENTENCE.format(n=n)
                text = original.rstrip("\n") + "\n\n" + sentence + "\n"
                rows.append(
                    [
                        size,
                        f"story edit {n}",
                        "",
                        *_edit(browser, url + page, edited, text, sentence),
                    ]
                )
            name = original.split("name: ", 1)[1].split("\n", 1)[0]
            listing = url + _listing(url, page)
            for n, mark in enumerate("一二三", 1):  # each name new, none inside another
                text = original.replace(f"name: {name}", f"name: {name}改{mark}")
                rows.append(
                    [
                        size,
                        f"name edit {n} (its page of the people list)",
                        "",
                        *_edit(browser, listing, edited, text, f"{name}改{mark}"),
                    ]
                )
            if exhibitions:
                rows += _exhibition_edits(browser, url, project, size)
    finally:
        edited.write_text(original, encoding="utf-8")
        _stop(server)
    shutil.rmtree(project / "site")
    rows.append(start(project, size, "start serving (no site/)", lambda url: _get(url + page)))
    return rows


@contextmanager
def _browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


def _edit(browser, url: str, path, text: str, shown: str) -> list[str]:
    """Save `text` to `path` with `url` open in a tab; seconds until HTTP serves `shown`, and until the tab shows it."""
    tab = browser.new_page()
    try:
        tab.goto(url)
        time.sleep(1.5)  # let the watcher settle, like a curator between saves
        served = []  # when HTTP first served it

        def poll() -> None:
            _until(lambda: shown in _get(url))
            served.append(time.perf_counter())

        poller = threading.Thread(target=poll)
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        poller.start()
        tab.wait_for_function(
            f"document.body && document.body.innerText.includes({json.dumps(shown)})",
            polling=20,
            timeout=900_000,
        )
        seen = time.perf_counter() - start
        poller.join()
        return [f"{served[0] - start:.2f}", f"{seen:.2f}"]
    finally:
        tab.close()


def _exhibition_edits(browser, url: str, project, size: int) -> list:
    """Two saves timed on the first exhibition's page: the summary of an exhibit its first unit shows (its
    second, which has no caption of the curator's), and that unit's text. Each file is restored afterwards."""
    exhibition = project / "exhibits" / "exhibitions" / "he-cheng-zhan-lan-1.md"
    text = exhibition.read_text(encoding="utf-8")
    slug = yaml.safe_load(text.split("---\n")[1])["units"][0]["exhibits"][
        1
    ]  # generated without a caption
    (shown,) = [
        p
        for kind in ("people", "artifacts", "collectives")
        for p in (
            project / "exhibits" / kind / f"{slug}.md",
            project / "exhibits" / kind / slug / "index.md",
        )
        if p.exists()
    ]
    page = url + "exhibitions/he-cheng-zhan-lan-1/"
    rows = []
    for path, old, new, label in (
        (
            shown,
            "summary: 【合成数据】",
            "summary: 【合成数据】改",
            "shown exhibit's summary edit (its exhibition page)",
        ),
        (
            exhibition,
            "text: 合成展览的第 1 个单元",
            "text: 合成展览改过的第 1 个单元",
            "unit text edit (its exhibition page)",
        ),
    ):
        original = path.read_text(encoding="utf-8")
        try:
            saved = original.replace(old, new, 1)
            rows.append(
                [size, label, "", *_edit(browser, page, path, saved, new.split(": ", 1)[1])]
            )
        finally:
            path.write_text(original, encoding="utf-8")
        time.sleep(3)  # the restore is a save too: let it be shown before the next
    return rows


def _listing(url: str, page: str) -> str:
    """The page of the people list (cut into pages) that shows this profile's card."""
    n = 1
    while text := _get(url + (listing := "people/" + (f"{n}/" if n > 1 else ""))):
        if f'/{page}"' in text:
            return listing
        n += 1
    raise LookupError(f"no page of the people list shows {page}")


def launch(project) -> tuple[subprocess.Popen, str, float, threading.Event]:
    """serve on a free port: the process, its address, when it was launched, and an event set once it says the
    preview is up to date (its messages are read as they come: a full pipe would stop it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    began = time.perf_counter()
    server = subprocess.Popen(
        [PYTHON, REPO / "build_hall.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so _stop ends its background builds too
    )
    ready = threading.Event()

    def read() -> None:
        for line in server.stderr:
            if line.strip() == READY:
                ready.set()
            if os.environ.get("HALL_BENCH_ECHO"):
                print(
                    f"  serve {time.perf_counter() - began:7.2f} s: {line.rstrip()[:120]}",
                    flush=True,
                )

    threading.Thread(target=read, daemon=True).start()
    return server, f"http://127.0.0.1:{port}/", began, ready


def _stop(server: subprocess.Popen) -> None:
    """End serve and the processes it forked (a background build left behind would block on its pipe)."""
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def start(project, size: int, label: str, current) -> list:
    """Launch serve, time its first page and when `current(url)` holds (the hall is up to date), stop it."""
    server, url, began, _ = launch(project)
    try:
        _until(lambda: _get(url))
        first = time.perf_counter() - began
        _until(lambda: current(url))
        return [size, label, f"{first:.1f}", f"{time.perf_counter() - began:.1f}", ""]
    finally:
        _stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exhibitions", type=int, default=0, help="also E exhibitions of 10 units")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    rows = [
        row
        for size in args.sizes.split(",")
        for row in measure(int(size), args.seed, args.exhibitions)
    ]
    print(
        table(
            ["exhibits", "step", "first page s", "up to date (HTTP) s", "open page shows it s"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
