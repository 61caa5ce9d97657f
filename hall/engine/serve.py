"""`serve`: a preview of the hall that follows every save (hall.engine.preview keeps its state and makes the pages)."""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import signal
import sys
import threading
import time
import traceback
import webbrowser
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler

import markdown
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _timestamp
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from hall.engine.build import BuildFailed, mkdocs_errors
from hall.engine.manifest import inputs_digest
from hall.engine.preview import Preview
from hall.files import own_temporary, path_too_long, refusal
from hall.model.catalog import Kept, unread
from hall.model.config import load as hall_config
from hall.site.sanitize import clean
from hall.workspace import app as workspace_app
from hall.workspace.button import exhibit_page, with_button
from hall.workspace.guards import Token, host_allowed, is_loopback
from hall.workspace.store import Workspace

REFUSED = "拒绝访问：这个预览只回答用本机地址打开的请求。请打开 {url}（运行 make serve 的窗口里写着这个地址）。\n"
SAVES = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]  # not opened, nor closed unwritten: reads are no saves


class Saves(FileSystemEventHandler):
    """Tells the server of a save under a watched folder (or of one file in it), except of files the hall never
    reads: editors' swap and backup files would otherwise reload the browser every few seconds of typing."""

    def __init__(self, server: LiveReloadServer, only: str | None = None):
        self.server, self.only = server, only

    def on_any_event(self, event) -> None:
        paths = [
            p
            for p in (event.src_path, event.dest_path)
            if p and (self.only is None or p == self.only)
        ]
        if self.server.preview is not None:
            self.server.preview.saw(paths)
        if any(not unread(os.path.basename(p)) for p in paths):
            self.server.reload()


class Requests(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        """Not logged: MkDocs logs a line in English for every page not found (a curator reads the browser)."""


class Server(LiveReloadServer):
    """MkDocs' live-reload server, told of saves by the system (inotify, FSEvents, ReadDirectoryChangesW)
    instead of by MkDocs' polling, which stats every file twice a second (11,500 files at 10,000 exhibits):
    that delays a save by up to half a second and competes with the update for the CPU. Where the system has no
    notices left (inotify's limits), it polls as MkDocs does. Every page it serves, error pages included, carries
    MkDocs' live-reload script, which loads the page again once a save has been shown."""

    workspace = None  # the curators' workspace (hall.workspace.app.App), served at /_edit/
    preview = None  # hall.engine.preview.Preview, told the paths saved when the watcher names them

    def __init__(self, builder, host: str, port: int, root: str, **kwargs):
        super().__init__(builder, host, port, root, **kwargs)
        self.RequestHandlerClass = Requests
        self.schedules: list[tuple[Saves, str, bool]] = []
        self.port, self.bound = port, host
        self.at_once = False  # the next update need not wait for the rest of a save

    def serve_request(self, environ, start_response):
        """Every request, the live-reload poll included, is first checked for its Host: a page elsewhere whose
        name was pointed at this machine (DNS rebinding) is refused, so it cannot read the preview."""
        if not self.answers(environ.get("HTTP_HOST", "")):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [REFUSED.format(url=self.url).encode()]
        if self.workspace is not None and (environ["PATH_INFO"] + "/").startswith(
            workspace_app.PREFIX
        ):
            return self.workspace(environ, start_response)
        return super().serve_request(environ, start_response)

    def answers(self, host: str) -> bool:
        """Whether a Host header names this server (hall.workspace.guards: the workspace checks the same)."""
        return host_allowed(host, self.bound, self.port)

    def live(self, page: bytes) -> bytes:
        """A page with the live-reload script, for pages MkDocs does not serve from the folder (errors)."""
        return self._inject_js_into_html(page, self._visible_epoch)

    def _serve_request(self, environ, start_response):
        """An exhibit's page with the button that opens its form; a file named by its content, to be kept."""
        if NAMED_BY_CONTENT.search(environ["PATH_INFO"]):
            start_response = partial(_kept, start_response)
        page = (
            exhibit_page(environ["PATH_INFO"], self.mount_path)
            if self.workspace is not None
            else None
        )
        if page is None or self.workspace.workspace.find(*page) is None:  # events/2026-12/: a month
            return super()._serve_request(environ, start_response)
        answer: list = []
        result = super()._serve_request(
            environ, lambda status, headers, *_: answer.extend((status, headers))
        )
        if result is None or not answer:
            return result
        body = b"".join(result)
        if answer[0].startswith("200"):
            body = with_button(body, *page)
        start_response(
            answer[0], [(k, str(len(body)) if k == "Content-Length" else v) for k, v in answer[1]]
        )
        return [body]

    def reload(self, at_once: bool = False) -> None:
        """Update the preview (the builder) and then have the browsers load their pages again; `at_once` for a
        file written whole (the workspace's saves), else after build_delay without more events: an editor may
        write a file in several steps."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self.at_once = self.at_once or at_once
            self._rebuild_cond.notify_all()

    def _build_loop(self) -> None:
        """MkDocs' loop, but a save the workspace wrote is shown at once, and the browsers are not reloaded
        when the builder found nothing changed (the events of a save already shown, a file touched)."""
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                    lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay
                ):
                    pass  # woken now and then: on Windows, Ctrl+C is only seen between waits
                if self._shutdown:
                    break
                while not self.at_once and self._rebuild_cond.wait(timeout=self.build_delay):
                    pass
                self._wanted_epoch = max(_timestamp(), self._visible_epoch + 1)  # pages held back
                self._want_rebuild = self.at_once = False
            try:
                taken = self.builder()
            except Exception:  # a bug: said, and the last good pages served on
                traceback.print_exc()
                taken = None
            with self._epoch_cond:
                if taken != "nothing":
                    self._visible_epoch = max(_timestamp(), self._visible_epoch + 1)
                self._wanted_epoch = self._visible_epoch  # pages are served again
                self._epoch_cond.notify_all()

    def show(self) -> None:
        """Have the browsers load their pages again: the folder was brought up to date outside the loop (an
        update under way still holds the pages back until it ends)."""
        with self._epoch_cond:
            idle = self._wanted_epoch == self._visible_epoch
            self._visible_epoch = max(_timestamp(), self._wanted_epoch + 1)
            if idle:
                self._wanted_epoch = self._visible_epoch
            self._epoch_cond.notify_all()

    def watch(
        self, path: str, func=None, *, recursive: bool = True, only: str | None = None
    ) -> None:
        self.schedules.append((Saves(self, only), path, recursive))
        self._watched_paths[os.path.abspath(path)] = (
            1  # MkDocs adds the live-reload script only when it watches
        )

    def listen(self) -> None:
        """Take the address (OSError when it is taken), before anything else starts."""
        self.server_bind()
        self.server_activate()

    def serve(self, *, open_in_browser: bool = False) -> None:
        """MkDocs' serve, but with our observer: MkDocs' would start its own polling one for the watched paths.
        The observer's own errors are not said: in English, and about nothing a curator can do (a save at the
        moment serve ends)."""
        logging.getLogger("watchdog").setLevel(logging.CRITICAL)
        for observer in (Observer(), PollingObserver(timeout=0.5)):
            try:
                for handler, path, recursive in self.schedules:
                    observer.schedule(handler, path, recursive=recursive, event_filter=SAVES)
                observer.start()
                break
            except OSError:
                observer.stop()
        self.observer = observer
        if self.preview is not None and type(observer).__name__ in NAMING:
            self.preview.follow(self.reload)
        self.serve_thread.start()
        if open_in_browser:  # once it listens, as MkDocs' serve does
            webbrowser.open(self.url)
        self._build_loop()


# the observers that name every path saved: inotify's and Windows' (a polling one stats every file itself, and
# macOS' FSEvents may name only a folder to look through, in a notice the handler is not given)
NAMING = ("InotifyObserver", "WindowsApiObserver")
NAMED_BY_CONTENT = re.compile(
    r"/(media/[0-9a-f]{20}-[^/]+|assets/(stylesheets|javascripts)/[^/]+\.[0-9a-f]{8}\.min\.(css|js))$"
)  # hall.site.images' derivatives and seals (a digest of their content), Material's bundles


def _kept(start_response, status: str, headers: list, *rest):
    """A file whose name changes with its content, kept by the browser: when a save reloads the page, only
    the page is fetched again, not its sixty cards' pictures and the theme's bundles (each a request to this
    Python server)."""
    if status.startswith("200"):
        headers = [*headers, ("Cache-Control", "max-age=31536000, immutable")]
    return start_response(status, headers, *rest)


PORT_TAKEN = {
    errno.EADDRINUSE,
    errno.EACCES,
    10048,
    10013,
}  # and Windows' WSAEADDRINUSE, WSAEACCES (a reserved port)
READY = "预览已是最新：保存文件后，浏览器会自动刷新。"
WAIT_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>正在生成预览</title>
<body style="font: 18px/1.6 sans-serif; margin: 3em auto; max-width: 32em; padding: 0 1em">
<h1>正在生成预览……</h1><p>生成好以后，这一页会自动刷新。第一次生成要处理全部图片，会慢一些。</p>
<p>如果很久没有刷新，请看运行预览的窗口里的提示：展品有错误时，那里会写明文件、行号和改法。</p>
"""


def _prepare(preview: Preview, server: Server | None, workspace=None) -> None:
    """The build that gives the preview its state, while the server already serves the last build (or a page
    asking to wait); `server` is told to show it to the browsers when what they were shown was not current. Then the
    workspace reads the hall once, so that its first to-do view is at hand."""
    try:
        preview.build()
        print(READY, file=sys.stderr)
        if server is not None:
            server.show()
        if workspace is not None:
            workspace.workspace.exhibits()
    except (BuildFailed, OSError) as exc:
        print(f"{_said(exc)}\n改好以后保存，预览会再生成一次。", file=sys.stderr)
    finally:
        preview.ready.set()  # a failed build leaves no state: the next save builds again


def serve(config_file: Path, dev_addr: str, open_browser: bool = False) -> int:
    """Serve at once a temporary folder seeded with the last build (hall.engine.preview), and bring it up to date in
    the background; each save then updates that folder (the quick way for exhibit edits, else a build in place).
    The pages are the ones `build` writes: same site_url, same everything. `open_browser`: in the system's default
    browser, once the server listens. Returns the exit code: 1 when the port cannot be had."""
    host, port = dev_addr.rsplit(":", 1)
    try:
        with mkdocs_errors(config_file):  # mkdocs.yml's hall options are checked here first
            config = load_config(str(config_file))
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    # in the project's .cache/, on the disk of site/ (as a rule), which it is seeded from by hard links: in the
    # system's temporary folder (another drive on many PCs, a tmpfs on many Linux systems) every file was copied,
    # 12 to 17 s at 10,000 exhibits before the first page
    folder = own_temporary("hall-serve", Path(config.config_file_path).parent / ".cache")
    preview = Preview(Path(config_file), folder / "site")
    current = _seeded(preview, config)

    def rebuild() -> str | None:
        start = time.monotonic()
        try:
            if (taken := preview.update()) != "nothing":
                print(f"已更新（{time.monotonic() - start:.1f} 秒）", file=sys.stderr)
            return taken
        except (
            BuildFailed,
            OSError,
        ) as exc:  # keep serving the last good version; the curator reads why
            print(f"{_said(exc)}\n预览仍是上一次成功生成的版本。", file=sys.stderr)
            return None

    server = _server(config, Path(config_file), preview, rebuild, host, int(port))
    try:  # the address first: with it taken, no build starts (nothing is left running at exit)
        server.listen()
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if exc.errno not in PORT_TAKEN:
            raise
        print(_port_taken(server.url, host, port), file=sys.stderr)
        return 1
    threading.Thread(
        target=_prepare, args=(preview, None if current else server, server.workspace), daemon=True
    ).start()
    print(f"预览：{server.url}（Ctrl+C 结束）", file=sys.stderr)
    print(f"工作台（在浏览器里新建和编辑展品）：{server.workspace.address}", file=sys.stderr)
    # ended from outside (a service manager, a closed terminal's kill): as Ctrl+C, so nothing is left behind
    signal.signal(signal.SIGTERM, partial(_interrupted, os.getpid()))
    try:
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _interrupted(serving: int, *_) -> None:
    """SIGTERM: serve ends as on Ctrl+C; a process it forked (the whole-hall files, ended when out of date)
    ends quietly, as it would without the handler it inherited."""
    if os.getpid() != serving:
        os._exit(128 + signal.SIGTERM)
    raise KeyboardInterrupt


def _server(config, config_file: Path, preview: Preview, rebuild, host: str, port: int) -> Server:
    """The live-reload server of the preview's folder, watching exhibits/ and mkdocs.yml, with the workspace."""
    server = Server(
        builder=rebuild,
        host=host,
        port=port,
        root=str(preview.site),
        mount_path=urlsplit(config.site_url or "/").path,
    )
    server.error_handler = lambda code: (
        server.live(_page_404(preview.site)) if code == 404 else None
    )
    server.watch(str(Path(config.docs_dir).resolve()))
    config_path = Path(
        config_file
    ).resolve()  # its folder: an editor that saves by renaming replaces the file
    server.watch(str(config_path.parent), recursive=False, only=str(config_path))
    # a file read by the preview is not read again by the workspace
    server.workspace = _workspace(config, config_file, host, port, server.mount_path, preview.kept)
    server.workspace.workspace.shared = lambda: preview.known  # the hall the preview last read
    server.preview = preview

    def wrote(path: Path) -> None:
        """A file the workspace wrote whole: shown at once, the preview told which (the watcher's notice may come
        after the update)."""
        preview.saw([str(path)])
        server.reload(at_once=True)

    server.workspace.workspace.wrote = wrote
    return server


def _seeded(preview: Preview, config) -> bool:
    """The preview's folder seeded with the last build (or the please-wait page); True when it is current."""
    current = preview.seed(Path(config.site_dir), inputs_digest(config))
    if not (preview.site / "index.html").exists():
        print("正在生成预览……", file=sys.stderr)
        preview.site.mkdir(parents=True, exist_ok=True)
        (preview.site / "index.html").write_text(WAIT_PAGE, encoding="utf-8")
    elif not current:
        print("先显示上一次生成的网站；正在按最新的文件更新预览……", file=sys.stderr)
    return current


def _port_taken(url: str, host: str, port: str) -> str:
    return (
        f"预览的地址已被占用：端口 {port} 已被占用或被系统保留，预览没有启动。如果另一个窗口里已经在预览，直接在浏览器中打开 "
        f"{url} 即可；否则换一个端口，如 hall serve --dev-addr {host}:8001"
    )


def _said(exc: Exception) -> str:
    """Why a preview build failed, for the curator: the exhibits' errors, or what the system refused (a path
    Windows found too long said with its own fix)."""
    if isinstance(exc, OSError):
        return path_too_long(exc) or refusal(exc)
    return str(exc)


def _workspace(
    config, config_file: Path, host: str, port: int, site: str, kept: Kept
) -> workspace_app.App:
    """The workspace, its stories previewed with the site's Markdown extensions and sanitiser; a token is needed
    when the server listens beyond this computer."""

    def render(story: str) -> str:
        return clean(
            markdown.markdown(
                story, extensions=config.markdown_extensions, extension_configs=config.mdx_configs
            )
        )

    workspace = Workspace(hall_config(config_file), render, kept.shared())
    return workspace_app.App(workspace, host, port, Token(required=not is_loopback(host)), site)


def _page_404(site: Path) -> bytes:
    """The site's 404 page; before the first build, the page asking to wait (it reloads when the hall is there)."""
    page = site / "404.html"
    return page.read_bytes() if page.is_file() else WAIT_PAGE.encode()
