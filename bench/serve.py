"""The edit loop (issue 7): how long `serve` takes to start serving, and to show a saved edit.

Usage, from the repository root:

    .venv/bin/python bench/serve.py --sizes 1000,10000      # reuses bench/.work/run-N from bench/run.py --keep

For each size N it uses the hall bench/run.py generated (generating it when missing), starts
`build_hall.py serve` on a free port and measures, by polling over HTTP as a browser would:
- start: from launching the command to the first page served, once right after `build` (serve starts from that
  site) and once with no site/ (serve builds first; image and QR caches warm);
- edit: from saving one person's file (a new sentence in the story) to the served page showing it,
  three times, and the same for a name change, which also changes the galleries and lists showing the person
  (timed on the page of the people list that shows the person's card).
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import time
import urllib.request

from common import PYTHON, REPO, WORK, machine, table
from generate import generate

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


def measure(size: int, seed: int) -> list:
    project = WORK / f"run-{size}"
    if not (project / "exhibits").is_dir():
        people, artifacts = round(size * 0.8), round(size * 0.15)
        generate(project, people, artifacts, size - people - artifacts, photos=1, seed=seed)
        subprocess.run([PYTHON, REPO / "build_hall.py", "build"], cwd=project, check=True, capture_output=True)
    subprocess.run([PYTHON, REPO / "build_hall.py", "build"], cwd=project, check=True, capture_output=True)
    rows = [start(project, size, "start serving (last build current)")]
    shutil.rmtree(project / "site")
    rows.append(start(project, size, "start serving (no site/)"))
    edited = sorted((project / "exhibits" / "people").glob("*.md"))[0]
    page = f"people/{edited.stem}/"
    original = edited.read_text(encoding="utf-8")
    server, url, _ = launch(project)
    try:
        _until(lambda: _get(url + page))
        for n in range(1, 4):
            time.sleep(1.5)  # let the watcher settle, like a curator between saves
            edited.write_text(original.rstrip("\n") + "\n\n" + SENTENCE.format(n=n) + "\n", encoding="utf-8")
            seconds = _until(lambda: SENTENCE.format(n=n) in _get(url + page))
            rows.append([size, f"story edit {n}", f"{seconds:.2f}"])
        name = original.split("name: ", 1)[1].split("\n", 1)[0]
        listing = _listing(url, page)
        time.sleep(1.5)
        edited.write_text(original.replace(f"name: {name}", f"name: {name}改"), encoding="utf-8")
        seconds = _until(lambda: f"{name}改" in _get(url + listing))
        rows.append([size, "name edit (its page of the people list)", f"{seconds:.2f}"])
    finally:
        edited.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
    return rows


def _listing(url: str, page: str) -> str:
    """The page of the people list (cut into pages) that shows this profile's card."""
    n = 1
    while text := _get(url + (listing := "people/" + (f"{n}/" if n > 1 else ""))):
        if f'/{page}"' in text:
            return listing
        n += 1
    raise LookupError(f"no page of the people list shows {page}")


def launch(project) -> tuple[subprocess.Popen, str, float]:
    """serve on a free port: the process, its address and when it was launched."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    began = time.perf_counter()
    server = subprocess.Popen([PYTHON, REPO / "build_hall.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}/", began


def start(project, size: int, label: str) -> list:
    """Launch serve, time the first page, stop it."""
    server, url, began = launch(project)
    try:
        _until(lambda: _get(url + "people/"))
        return [size, label, f"{time.perf_counter() - began:.1f}"]
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    rows = [row for size in args.sizes.split(",") for row in measure(int(size), args.seed)]
    print(table(["exhibits", "step", "seconds"], rows))


if __name__ == "__main__":
    main()
