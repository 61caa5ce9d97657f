"""`serve`: the pages it serves are the pages `build` writes, and a save shows up without a restart."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hall.engine.build import build
from hall.engine.serve import READY
from hall.workspace.button import BUTTON

ROOT = Path(__file__).resolve().parents[2]
LIVERELOAD = re.compile(
    rb"<script>[^<]*</script>(?=</body>)"
)  # what the live-reload server adds to a page


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return LIVERELOAD.sub(
                b"", BUTTON.sub(b"", response.read())
            )  # the page as built, without serve's
    except OSError:
        return None


def _wait_for(check, what: str, seconds: float = 120):
    deadline = (
        time.monotonic() + seconds
    )  # a bound for a hung server, not a speed target (bench/ measures that)
    while time.monotonic() < deadline:
        if (found := check()) is not None:
            return found
        time.sleep(0.2)
    pytest.fail(f"serve never {what}")


@contextmanager
def _serving(hall, **popen):
    port = _port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build_hall.py"),
            "-f",
            str(hall.config),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=hall.root,
        **({"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT} | popen),
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        server.wait(timeout=30)


def _said_ready(server: subprocess.Popen) -> None:
    """Wait for serve to say the preview is current: before that the first build may have written a page and
    not yet the pictures it shows. Its output is read on to the end, so that serve never blocks on a full pipe."""
    ready = threading.Event()

    def read() -> None:
        for line in server.stdout:
            if READY.encode() in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    _wait_for(lambda: ready.is_set() or None, "said the preview was current")


@pytest.fixture
def served(small_hall):
    with _serving(small_hall) as (url, server):
        _said_ready(server)
        yield small_hall, url


def test_served_pages_are_the_built_pages_and_follow_an_edit(served, tmp_path):
    hall, url = served
    page = "people/chai-jinfu/"
    first = _wait_for(lambda: _get(url + page), "served the page")
    built = build(hall.config, tmp_path / "built")
    assert first == (built / page / "index.html").read_bytes()

    path = hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8")
    edited = _wait_for(
        lambda: (b := _get(url + page)) and "柴金福".encode() in b and b or None, "showed the edit"
    )
    rebuilt = build(hall.config, tmp_path / "built")
    assert edited == (rebuilt / page / "index.html").read_bytes()
    listing = _get(url + "people/")
    assert listing == (rebuilt / "people" / "index.html").read_bytes()


def _cache_control(url: str) -> str | None:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers.get("Cache-Control")


def test_files_named_by_their_content_are_kept_by_the_browser(served):
    """A reload after a save fetches the page again, not its pictures and the theme's bundles; the page itself
    and files whose name stays when they change (hall.css) are asked for every time."""
    _, url = served
    page = _wait_for(lambda: _get(url + "people/"), "served the list").decode()
    kept = re.findall(r'(?:src|href)="\.\./((?:media|assets)/[^"]+)"', page)
    named = [p for p in kept if re.search(r"[0-9a-f]{20}-|\.[0-9a-f]{8}\.min\.", p)]
    assert any(p.endswith("-seal.svg") for p in named)
    assert any(p.endswith(".min.css") for p in named)
    for path in named:
        assert _cache_control(url + path) == "max-age=31536000, immutable", path
    for path in ("people/", "assets/stylesheets/hall.css", "assets/javascripts/access.js"):
        assert _cache_control(url + path) is None, path


def test_a_broken_save_keeps_the_last_good_preview(served):
    hall, url = served
    page = url + "people/chai-jinfu/"
    good = _wait_for(lambda: _get(page), "served the page")
    path = hall.exhibits / "people" / "chai-jinfu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("year: 2020", "year: 202"), encoding="utf-8"
    )
    time.sleep(3)  # long enough for a rebuild to have been tried
    assert _get(page) == good


def test_a_hall_with_an_error_is_served_once_it_is_fixed(small_hall):
    path = small_hall.exhibits / "people" / "chai-jinfu.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("year: 2020", "year: 202"), encoding="utf-8")
    with _serving(small_hall) as (url, server):
        waiting = _wait_for(lambda: _get(url), "served a first page")
        assert (
            "正在生成预览".encode() in waiting
        )  # there was no build to show: a page that asks to wait
        time.sleep(3)  # long enough for the first build to have failed
        assert server.poll() is None and _get(url + "people/chai-jinfu/") is None
        path.write_text(good, encoding="utf-8")
        _wait_for(
            lambda: _get(url + "people/chai-jinfu/"), "served the hall once the error was fixed"
        )


@pytest.fixture
def watching(tmp_path, monkeypatch):
    """The serve command's server over a folder, counting the updates it asks for."""
    from hall.engine import serve

    def start(observer=None, answer=None, preview=None):
        if observer is not None:
            monkeypatch.setattr(serve, "Observer", observer)
        folder, updates = tmp_path / "exhibits", []
        folder.mkdir()
        (folder / "a.md").write_text("甲", encoding="utf-8")
        (tmp_path / "site").mkdir()
        server = serve.Server(
            builder=lambda: (
                updates.append(1) or answer
            ),  # the preview's answer: "quick", "nothing"…
            host="127.0.0.1",
            port=_port(),
            root=str(tmp_path / "site"),
        )
        server.watch(str(folder))
        server.preview = preview
        thread = threading.Thread(target=server.serve, daemon=True)
        thread.start()
        _wait_for(lambda: server.observer.is_alive() or None, "watched the folder")
        started.append((server, thread))
        return folder, updates, server

    started = []
    yield start
    for server, thread in started:
        server.shutdown()
        thread.join(timeout=30)


SETTLE = (
    1.5  # seconds for a notice (or a poll) that should not come to have come: not a speed target
)


def test_a_save_is_noticed_but_reads_and_editor_files_are_not(watching):
    folder, updates, server = watching()
    assert (
        type(server.observer).__name__ != "PollingObserver"
    )  # the system's notices, where it has them
    (folder / "a.md").read_text(encoding="utf-8")
    (folder / ".a.md.swp").write_text("swap", encoding="utf-8")
    (folder / "a.md~").write_text("backup", encoding="utf-8")
    time.sleep(SETTLE)
    assert updates == []
    (folder / ".a.md.tmp").write_text(
        "乙", encoding="utf-8"
    )  # saved as editors do: a new file renamed over
    (folder / ".a.md.tmp").replace(folder / "a.md")
    _wait_for(lambda: updates or None, "noticed the save", seconds=30)


class Told:
    """What serve's watcher tells the preview (hall.engine.preview.Preview.follow and saw)."""

    def __init__(self):
        self.following, self.paths = False, set()

    def follow(self, missed) -> None:
        self.following = True

    def saw(self, paths) -> None:
        self.paths.update(paths)


def test_the_watcher_names_the_paths_saved_to_the_preview(watching):
    """With the system's notices, the preview looks only at the files they name (hall.engine.preview)."""
    told = Told()
    folder, updates, server = watching(preview=told)
    (folder / "a.md.new").write_text("乙", encoding="utf-8")  # saved as editors do: renamed over
    (folder / "a.md.new").replace(folder / "a.md")
    (folder / "b").mkdir()
    _wait_for(lambda: updates or None, "noticed the save", seconds=30)
    _wait_for(lambda: {str(folder / "a.md"), str(folder / "b")} <= told.paths or None, "named")
    assert told.following


def test_the_watchers_english_errors_are_not_said(watching):
    import logging

    watching()
    assert not logging.getLogger("watchdog.observers.inotify").isEnabledFor(logging.ERROR)


def test_a_file_written_whole_is_shown_at_once(watching):
    folder, updates, server = watching()
    server.build_delay = 600  # an editor's save waits for quiet: this one would wait ten minutes
    before = server._visible_epoch
    server.reload(at_once=True)  # the workspace wrote a file whole
    _wait_for(lambda: updates or None, "updated", seconds=30)
    _wait_for(lambda: server._visible_epoch != before or None, "reloaded the browsers", seconds=30)


def test_an_update_that_found_nothing_changed_reloads_no_browser(watching):
    folder, updates, server = watching(answer="nothing")
    before = server._visible_epoch
    server.reload(at_once=True)
    _wait_for(lambda: updates or None, "updated", seconds=30)
    time.sleep(SETTLE)
    assert server._visible_epoch == before


def test_without_the_systems_notices_it_polls(watching):
    class Refused:
        def schedule(self, *args, **kwargs):
            pass

        def start(self):
            raise OSError(24, "inotify instance limit reached")

        def stop(self):
            pass

    told = Told()
    folder, updates, server = watching(Refused, preview=told)
    assert type(server.observer).__name__ == "PollingObserver"
    (folder / "a.md").write_text("乙乙", encoding="utf-8")
    _wait_for(lambda: updates or None, "noticed the save", seconds=30)
    assert not told.following  # the preview looks at every file


def _status(port: int, host: str | None, path: str = "/") -> tuple[int, str]:
    """A request whose Host header is `host` (None: none at all), as a page elsewhere could make one."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_only_requests_naming_the_preview_are_answered(served):
    """DNS rebinding: a page on a name of its own, pointed at 127.0.0.1, must not read the preview."""
    hall, url = served
    port = urlsplit(url).port
    _wait_for(lambda: _get(url + "people/chai-jinfu/"), "served the page")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert _status(port, host, "/people/chai-jinfu/")[0] == 200, host
    for host in (
        f"evil.example:{port}",
        "evil.example",
        f"127.0.0.1.evil.example:{port}",
        f"localhost:{port + 1}",
        f"localhost:{port}@evil.example",
        f"192.168.1.20:{port}",
        "",
        None,
    ):
        for path in ("/", "/people/chai-jinfu/", "/livereload/0/0", "/nowhere/"):
            status, body = _status(port, host, path)
            assert status == 403 and "拒绝访问" in body and url in body, (host, path)


@pytest.fixture
def server_on(tmp_path):
    """A serve Server for an address, not started: what it answers to."""
    from hall.engine.serve import Server

    made = []

    def make(host: str, port: int = 8000) -> Server:
        made.append(Server(builder=lambda: None, host=host, port=port, root=str(tmp_path)))
        return made[-1]

    yield make
    for server in made:
        server.server_close()


def test_bound_elsewhere_it_answers_that_name(server_on):
    named, everywhere, port80 = (
        server_on("hall.lan"),
        server_on("0.0.0.0"),
        server_on("127.0.0.1", 80),
    )
    assert (
        named.answers("hall.lan:8000")
        and named.answers("HALL.LAN:8000")
        and named.answers("localhost:8000")
    )
    assert not named.answers("192.168.1.20:8000") and not named.answers("evil.example:8000")
    assert everywhere.answers("192.168.1.20:8000") and everywhere.answers("[fe80::1]:8000")
    assert everywhere.answers(f"{socket.gethostname()}:8000")
    assert not everywhere.answers("evil.example:8000") and not everywhere.answers(
        "192.168.1.20:8001"
    )
    assert port80.answers("localhost") and not port80.answers("localhost:8000")


@pytest.mark.parametrize("bound", ["127.0.0.1", "hall.lan", "0.0.0.0"])
def test_the_preview_and_the_workspace_answer_the_same_hosts(server_on, bound):
    from hall.workspace.guards import host_allowed

    server = server_on(bound)
    for header in [
        "127.0.0.1:8000",
        "LOCALHOST:8000",
        "hall.lan:8000",
        "192.168.1.20:8000",
        "evil.example:8000",
        "evil.example@127.0.0.1:8000",  # a user part: no Host a browser sends, refused by both
        "127.0.0.1:8000/x",
        "127.0.0.1:8001",
        "",
    ]:
        assert server.answers(header) == host_allowed(header, bound, 8000), header
    assert not host_allowed("evil.example@127.0.0.1:8000", bound, 8000)


def test_a_port_in_use_is_said_in_chinese(small_hall):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build_hall.py"),
                "-f",
                str(small_hall.config),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{taken.getsockname()[1]}",
            ],
            cwd=small_hall.root,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert "预览的地址已被占用" in result.stderr and "--dev-addr" in result.stderr
    assert "Traceback" not in result.stderr and "Address already in use" not in result.stderr


FULL_DISK = """
import errno, sys
from hall.engine import preview
def full(self):
    raise OSError(errno.ENOSPC, "No space left on device", "site/people/chai-jinfu/index.html")
preview.Preview.update = full  # every update after the first build: the save below
from hall.cli import main
sys.exit(main(["-f", sys.argv[1], "serve", "--dev-addr", sys.argv[2]]))
"""


def test_a_full_disk_while_serving_is_said_in_chinese_and_serving_goes_on(small_hall):
    server = subprocess.Popen(
        [sys.executable, "-c", FULL_DISK, str(small_hall.config), f"127.0.0.1:{_port()}"],
        cwd=small_hall.root,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stderr), daemon=True).start()
    try:
        _wait_for(lambda: any("预览已是最新" in line for line in lines) or None, "built")
        path = small_hall.exhibits / "people" / "chai-jinfu.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        _wait_for(
            lambda: any("预览仍是上一次成功生成的版本" in line for line in lines) or None,
            "said the error",
        )
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
    said = "".join(lines)
    assert (
        "出错了：磁盘已满，写不进 site/people/chai-jinfu/index.html。" in said and "改法：" in said
    )
    assert "Traceback" not in said and "No space" not in said


def test_serve_ended_from_outside_leaves_no_folder_or_process_behind(small_hall, tmp_path):
    """SIGTERM (a service manager, a terminal closed) ends serve as Ctrl+C does: its temporary folder goes, and
    the process making the whole-hall files after a save is ended with it."""
    if sys.platform == "win32":
        pytest.skip("SIGTERM is a POSIX signal")
    temp = small_hall.root / ".cache"  # beside site/, seeded from it by hard links
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with _serving(small_hall, env={**os.environ, "TMPDIR": str(tmp_path)}, **quiet) as (
        url,
        server,
    ):
        page = "people/chai-jinfu/"
        _wait_for(lambda: (b := _get(url + page)) and b"<html" in b, "served the page")
        assert [p.name for p in temp.iterdir() if p.name.startswith("hall-serve-")]
        assert not list(tmp_path.glob("hall-serve-*"))  # not in the system's temporary folder
        path = small_hall.exhibits / "people" / "chai-jinfu.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace("柴金甫", "柴金福"), encoding="utf-8"
        )
        _wait_for(lambda: (b := _get(url + page)) and "柴金福".encode() in b, "showed the edit")
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert [p.name for p in temp.iterdir() if p.name.startswith("hall-serve-")] == []


def test_serve_removes_the_folders_of_serves_that_were_killed(small_hall, tmp_path):
    """A serve killed outright (SIGKILL, a crash, the power) cannot remove its folder, a copy of the whole site:
    the next serve removes those whose process is gone, and leaves a running serve's and other programs' alone."""
    temp = small_hall.root / ".cache"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    killed, running, other = (
        temp / f"hall-serve-{gone.pid}-abc",
        temp / f"hall-serve-{os.getpid()}-def",
        temp / "hall-serve-notes",
    )
    for folder in (killed, running, other):
        (folder / "site").mkdir(parents=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with _serving(small_hall, env={**os.environ, "TMPDIR": str(tmp_path)}, **quiet) as (url, _):
        _wait_for(lambda: _get(url), "served a first page")
        assert not killed.exists() and running.is_dir() and other.is_dir()
        assert len(list(temp.glob("hall-serve-*"))) == 3  # its own, named by its process id


def test_sigterm_in_a_process_serve_forked_ends_it_quietly():
    """The preview ends an out-of-date whole-hall files process with SIGTERM: it must end as it would have
    without serve's handler, not print a KeyboardInterrupt traceback into the curator's window."""
    import multiprocessing

    from hall.engine import serve

    if sys.platform == "win32":
        pytest.skip("no fork on Windows")
    child = multiprocessing.get_context("fork").Process(
        target=serve._interrupted, args=(os.getpid(),)
    )
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 128 + signal.SIGTERM
    with pytest.raises(KeyboardInterrupt):
        serve._interrupted(os.getpid())
