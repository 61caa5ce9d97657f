"""The curators' workspace (issue 17) on a big hall: its to-do view, and a save from the form until the preview
shows it.

Usage, from the repository root:

    .venv/bin/python bench/workspace.py --size 10000 --runs 5

It uses bench/.work/ws-N (generating and building it when missing: 80 % people, 15 % artifacts with a photo,
5 % collectives), starts `build_hall.py serve` on a free port, waits until the preview is up to date, and then,
in headless Chromium as a curator:
- to-do view: from loading /_edit/ until its first page of 50 exhibits and the hall's counts are shown (the first
  run is the first view after start-up), and the same over HTTP for api/todo;
- form save: from loading an exhibit's form until its fields are filled in (open), from clicking 保存 until the
  form says 已保存 (save), and from that click until the exhibit's page in the preview, open in a second tab,
  shows the new summary, reloaded by its live-reload script (visible).
`--pause S` waits S seconds (default 1) between filling the form and saving. The summary changed is put back
after the runs. Prints the median of the runs and every run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
import urllib.request

from common import PYTHON, REPO, WORK, machine, table
from generate import generate
from serve import _browser, _until, launch

SUMMARY = "【合成数据】工作台保存测量第{n}次。"


def project_of(size: int, seed: int):
    project = WORK / f"ws-{size}"
    if not (project / "exhibits").is_dir():
        people, artifacts = round(size * 0.8), round(size * 0.15)
        generate(project, people, artifacts, size - people - artifacts, photos=1, seed=seed)
    if not (project / "site" / "index.html").is_file():
        subprocess.run(
            [PYTHON, REPO / "build_hall.py", "build"], cwd=project, check=True, capture_output=True
        )
    return project


def todo_view(browser, url: str, runs: int) -> tuple[list[float], list[float]]:
    """Seconds until the to-do view shows its first page, in Chromium and over HTTP (api/todo)."""
    shown, http = [], []
    tab = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        for _ in range(runs):
            start = time.perf_counter()
            tab.goto(url + "_edit/")
            tab.wait_for_function(
                "document.querySelectorAll('#todo li').length === 50 && "
                "document.getElementById('counts').textContent.includes('全馆')"
            )
            shown.append(time.perf_counter() - start)
            start = time.perf_counter()
            with urllib.request.urlopen(url + "_edit/api/todo?page=2", timeout=60) as response:
                response.read()
            http.append(time.perf_counter() - start)
    finally:
        tab.close()
    return shown, http


def form_save(browser, url: str, rel: str, page: str, runs: int, pause: float) -> list[list[float]]:
    """[open, save, visible] seconds for each save of a new summary through the form."""
    timings = []
    form = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    shown = browser.new_page(bypass_csp=True)
    try:
        shown.goto(url + page)
        for n in range(1, runs + 1):
            start = time.perf_counter()
            form.goto(f"{url}_edit/#edit={rel}")
            summary = form.locator(
                '[data-schemapath="root.summary"] textarea, [data-schemapath="root.summary"] input'
            ).first
            summary.wait_for()
            form.wait_for_function("document.querySelector('#summary .hall-problem')")
            opened = time.perf_counter() - start
            text = SUMMARY.format(n=n)
            summary.fill(text)
            time.sleep(pause)  # a curator reads the form before saving; the live check settles
            start = time.perf_counter()
            form.get_by_role("button", name="保存", exact=True).click()
            form.get_by_text("已保存。").wait_for(timeout=120_000)
            saved = time.perf_counter() - start
            shown.wait_for_function(
                f"document.body && document.body.innerText.includes({text!r})",
                polling=20,
                timeout=300_000,
            )
            timings.append([opened, saved, time.perf_counter() - start])
    finally:
        form.close()
        shown.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pause",
        type=float,
        default=1.0,
        help="seconds between filling the form and saving (the preview remakes its search index and open "
        "data 2 s after a save, in a process of its own that a save within its run competes with)",
    )
    args = parser.parse_args()
    project = project_of(args.size, args.seed)
    edited = sorted((project / "exhibits" / "people").glob("*.md"))[0]
    original = edited.read_bytes()
    server, url, _, ready = launch(project)
    try:
        _until(ready.is_set)
        print(f"machine: {machine()}")
        with _browser() as browser:
            shown, http = todo_view(browser, url, args.runs)
            rel, page = f"people/{edited.name}", f"people/{edited.stem}/"
            saves = form_save(browser, url, rel, page, args.runs, args.pause)
    finally:
        edited.write_bytes(original)
        server.terminate()
        server.wait(timeout=60)
    median = lambda xs: f"{statistics.median(xs):.2f}"  # noqa: E731
    every = lambda xs: " ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    rows = [
        [args.size, "to-do view shown (Chromium)", median(shown), every(shown)],
        [args.size, "api/todo page 2 (HTTP)", median(http), every(http)],
    ]
    for i, step in enumerate(
        ("form open", "save (click to 已保存)", "save visible in the preview")
    ):
        column = [t[i] for t in saves]
        rows.append([args.size, step, median(column), every(column)])
    print(table(["exhibits", "step", f"median of {args.runs} s", "runs s"], rows))


if __name__ == "__main__":
    main()
