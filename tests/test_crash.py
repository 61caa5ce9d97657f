"""Nothing lost: a build killed half-way leaves the published site whole, and a crash in the image
cache never serves a half-written file."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hall.images import pictures
from hall.plugin import build

from .conftest import photo
from .sitecheck import tree_digest

ROOT = Path(__file__).resolve().parents[1]


def test_killed_build_leaves_the_published_site_whole(small_hall):
    site = build(small_hall.config)
    before = tree_digest(site)
    (small_hall.exhibits / "people" / "chai-jinfu.md").write_text(
        (small_hall.exhibits / "people" / "chai-jinfu.md").read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build_hall.py"), "build"], cwd=small_hall.root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not list(small_hall.root.glob(".site-build-*/*")):
        time.sleep(0.002)  # wait until pages are being written
    assert proc.poll() is None, "the build finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tree_digest(site) == before
    again = build(small_hall.config)  # and the next build cleans up after the killed one
    assert again == site and "新的一段" in (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    assert not list(small_hall.root.glob(".site-*"))


def test_half_written_cache_entry_is_never_used(tmp_path):
    src = photo(tmp_path / "a.jpg")
    cache = tmp_path / "cache"
    [good] = pictures([src], cache).values()
    entry = cache / good.digest
    stale = cache / f".{good.digest}.99999.tmp"  # what a killed worker leaves behind
    entry.rename(stale)
    (stale / good.largest.webp).write_bytes(b"half")
    [again] = pictures([src], cache).values()
    assert again == good and (entry / good.largest.webp).read_bytes() != b"half"
