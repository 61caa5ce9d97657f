"""`serve`: the pages it serves are the pages `build` writes, and a save shows up without a restart."""
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hall.plugin import build

ROOT = Path(__file__).resolve().parents[1]
LIVERELOAD = re.compile(rb"<script>[^<]*</script>(?=</body>)")  # what the live-reload server adds to a page


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return LIVERELOAD.sub(b"", response.read())
    except OSError:
        return None


def _wait_for(check, what: str, seconds: float = 120):
    deadline = time.monotonic() + seconds  # a bound for a hung server, not a speed target (bench/ measures that)
    while time.monotonic() < deadline:
        if (found := check()) is not None:
            return found
        time.sleep(0.2)
    pytest.fail(f"serve never {what}")


@pytest.fixture
def served(small_hall):
    port = _port()
    server = subprocess.Popen([sys.executable, str(ROOT / "build_hall.py"), "-f", str(small_hall.config), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=small_hall.root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield small_hall, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_served_pages_are_the_built_pages_and_follow_an_edit(served, tmp_path):
    hall, url = served
    page = "people/chai-jinfu/"
    first = _wait_for(lambda: _get(url + page), "served the page")
    built = build(hall.config, tmp_path / "built")
    assert first == (built / page / "index.html").read_bytes()

    path = hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    edited = _wait_for(lambda: (b := _get(url + page)) and "柴金福".encode() in b and b or None, "showed the edit")
    rebuilt = build(hall.config, tmp_path / "built")
    assert edited == (rebuilt / page / "index.html").read_bytes()
    listing = _get(url + "people/")
    assert listing == (rebuilt / "people" / "index.html").read_bytes()


def test_a_broken_save_keeps_the_last_good_preview(served):
    hall, url = served
    page = url + "people/chai-jinfu/"
    good = _wait_for(lambda: _get(page), "served the page")
    path = hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2020", "year: 202"), encoding="utf-8")
    time.sleep(3)  # long enough for a rebuild to have been tried
    assert _get(page) == good
