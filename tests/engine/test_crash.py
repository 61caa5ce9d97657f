"""Nothing lost: a build killed half-way leaves the published site whole, and a crash in the image
cache never serves a half-written file."""

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from hall.engine.build import BuildFailed, build
from hall.engine.manifest import MANIFEST
from hall.files import exchange
from hall.site.images import pictures
from tests.conftest import PERSON, photo
from tests.sitecheck import tree_digest

ROOT = Path(__file__).resolve().parents[2]


def test_killed_build_leaves_the_published_site_whole(small_hall):
    site = build(small_hall.config)
    before = tree_digest(site)
    (small_hall.exhibits / "people" / "chai-jinfu.md").write_text(
        (small_hall.exhibits / "people" / "chai-jinfu.md").read_text(encoding="utf-8")
        + "\n新的一段。\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build_hall.py"), "build"],
        cwd=small_hall.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while (
        proc.poll() is None
        and time.monotonic() < deadline
        and not list(small_hall.root.glob(".site-build-*/*"))
    ):
        time.sleep(0.002)  # wait until pages are being written
    assert proc.poll() is None, "the build finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tree_digest(site) == before
    again = build(small_hall.config)  # and the next build cleans up after the killed one
    assert again == site and "新的一段" in (
        site / "people" / "chai-jinfu" / "index.html"
    ).read_text(encoding="utf-8")
    assert not list(small_hall.root.glob(".site-*"))


def test_a_killed_writers_temporary_files_in_the_cache_are_removed(small_hall):
    """What write_whole was writing when its process was killed stays beside the file it would have become: the
    next build that builds removes it, and leaves a running writer's alone."""
    build(small_hall.config)
    cache = small_hall.root / ".cache"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    dead = int(gone.stdout)
    left = [cache / f".last-build-site.pickle.{dead}.tmp", cache / "qr" / f".codes.json.{dead}.tmp"]
    running = cache / f".search.pickle.{os.getpid()}.tmp"
    for path in [*left, running]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    small_hall.add("people/xin-ren.md", PERSON.replace("柴金甫", "辛任"))
    build(small_hall.config)
    assert [p for p in left if p.exists()] == [] and running.exists()


KILLED_AT = """
import os, signal, sys
from pathlib import Path
from hall import files
from hall.engine.build import build

def then_killed(step):
    def step_then_killed(*args):
        result = step(*args)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    return step_then_killed

if sys.argv[2] == "exchange":  # Linux: both folders swapped in one step
    files.exchange = then_killed(files.exchange)
elif sys.argv[2] == "renames":  # where the system cannot (Windows, macOS): the site moved aside, the new one in
    files.exchange = lambda new, final: False
    rename = os.rename
    os.rename = lambda a, b: (then_killed(rename) if Path(b).name.startswith(".site-old-") else rename)(a, b)
elif sys.argv[2] == "overlay":  # a rebuild putting what changed into the site: after its first file
    import hall.engine.build
    overlay, replace = files.overlay, files._replace
    def overlay_then_killed(*args):
        files._replace = then_killed(replace)
        overlay(*args)
    hall.engine.build.overlay = overlay_then_killed
elif sys.argv[2] == "archive":  # half-way through the offline site's archive
    import zipfile
    write = zipfile.ZipFile.write
    zipfile.ZipFile.write = lambda self, *args, **kwargs: (
        os.kill(os.getpid(), signal.SIGKILL) if len(self.filelist) > 20 else write(self, *args, **kwargs))
build(Path(sys.argv[1]), offline=sys.argv[2] == "archive")
"""


@pytest.mark.parametrize("way", ["exchange", "renames"])
def test_a_build_killed_while_it_swaps_the_site_in_loses_nothing(small_hall, way):
    probe = [small_hall.root / "probe-a", small_hall.root / "probe-b"]
    for folder in probe:
        folder.mkdir()
    if way == "exchange" and not exchange(*probe):
        pytest.skip("this system cannot swap two folders in one step: it renames twice")
    site = build(small_hall.config)
    before = tree_digest(site)
    story = small_hall.exhibits / "people" / "chai-jinfu.md"
    good = story.read_text(encoding="utf-8")
    story.write_text(good + "\n新的一段。\n", encoding="utf-8")
    shutil.rmtree(
        small_hall.root / ".cache"
    )  # no record of the last build: a new site is swapped in
    _killed_at(small_hall, way)
    if way == "exchange":  # the new site is in place; the folder holding the old one is left over
        assert "新的一段" in (site / "people" / "chai-jinfu" / "index.html").read_text(
            encoding="utf-8"
        )
        before = tree_digest(site)
    else:
        assert not site.exists()  # what the next build must put right, even one that fails
    story.write_text(good.replace("year: 2020", "year: 202"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(small_hall.config)
    assert tree_digest(site) == before
    story.write_text(good + "\n又一段。\n", encoding="utf-8")
    build(small_hall.config)
    assert "又一段" in (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    assert not list(small_hall.root.glob(".site-*"))


def test_a_rebuild_killed_while_it_puts_its_files_in_gives_a_whole_site_next(small_hall, tmp_path):
    site = build(small_hall.config)
    story = small_hall.exhibits / "people" / "chai-jinfu.md"
    good = story.read_text(encoding="utf-8")
    story.write_text(good + "\n新的一段。\n", encoding="utf-8")
    _killed_at(small_hall, "overlay")  # the site has some of the new files, and no manifest
    assert not (site / MANIFEST).exists()
    story.write_text(good.replace("year: 2020", "year: 202"), encoding="utf-8")
    before = tree_digest(site)
    with pytest.raises(BuildFailed):
        build(small_hall.config)
    assert tree_digest(site) == before
    story.write_text(
        good, encoding="utf-8"
    )  # the pages' keys are those of the manifest that was removed
    build(small_hall.config)  # nothing taken from the site as it was left: the same as a cold build
    assert "新的一段" not in (site / "people" / "chai-jinfu" / "index.html").read_text(
        encoding="utf-8"
    )
    shutil.rmtree(small_hall.root / ".cache")
    assert tree_digest(site) == tree_digest(build(small_hall.config, tmp_path / "cold"))
    assert not list(small_hall.root.glob(".site-*"))


def test_an_archive_killed_half_written_is_removed(small_hall):
    site = build(small_hall.config, offline=True)
    before = tree_digest(site), site.with_suffix(".zip").read_bytes()
    story = small_hall.exhibits / "people" / "chai-jinfu.md"
    story.write_text(
        story.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8"
    )  # a build to do
    _killed_at(small_hall, "archive")
    [left] = small_hall.root.glob(".site-offline-zip-*.zip")
    assert (
        tree_digest(site),
        site.with_suffix(".zip").read_bytes(),
    ) == before  # nothing published yet
    build(small_hall.config, offline=True)
    assert not left.exists() and not list(small_hall.root.glob(".site-*"))
    with zipfile.ZipFile(site.with_suffix(".zip")) as archive:
        assert archive.testzip() is None and "index.html" in archive.namelist()


def _killed_at(hall, step: str) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, str(hall.config), step],
        cwd=hall.root,
        capture_output=True,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()


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


def test_a_hall_failing_its_checks_still_caches_its_qr_codes_whole(small_hall, monkeypatch, capfd):
    """The codes are drawn beside the checks (hall.site.qr.drawing): a hall that fails them is not waited for,
    and its codes are left to be finished and cached for the next build, not cut off half-written."""
    from hall.processes import can_fork
    from hall.site import qr
    from tests.model.test_privacy import fake_id

    if not can_fork():
        pytest.skip("no fork here: the codes are drawn in the build's own process")
    monkeypatch.setattr(qr, "BESIDE_FROM", 1)
    go = small_hall.root / "go"

    def held(url, make=qr.make_svg):  # each code waits for the test's word (for 20 s at most)
        for _ in range(1000):
            if go.exists():
                break
            time.sleep(0.02)
        return make(url)

    monkeypatch.setattr(qr, "make_svg", held)
    story = small_hall.exhibits / "people" / "chai-jinfu.md"
    story.write_text(
        story.read_text(encoding="utf-8") + f"\n身份证 {fake_id()}\n", encoding="utf-8"
    )
    cache = small_hall.hall_config().cache_dir / "qr"
    # found by the whole hall's checks, after the files are read
    with pytest.raises(BuildFailed, match="E601"):
        build(small_hall.config)
    assert not (cache / qr.CACHE).exists()  # the build did not wait for its codes
    go.touch()
    for _ in range(100):
        if (cache / qr.CACHE).exists():
            break
        time.sleep(0.1)
    codes = qr._cached(cache / qr.CACHE)
    assert sorted(codes) == sorted(
        qr.page_url("https://hall.example.org/", e.url) for e in small_hall.load().exhibits
    )
    assert [p.name for p in cache.iterdir()] == [qr.CACHE]  # no temporary file left
    assert "Traceback" not in capfd.readouterr().err
