"""`serve`: a preview of the hall that follows every save (hall.preview keeps its state and makes the pages)."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .plugin import BuildFailed, inputs_digest
from .preview import Preview, unread

SAVES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
         DirCreatedEvent, DirDeletedEvent, DirMovedEvent]  # not opened, nor closed unwritten: reads are no saves


class Saves(FileSystemEventHandler):
    """Tells the server of a save under a watched folder (or of one file in it), except of files the hall never
    reads: editors' swap and backup files would otherwise reload the browser every few seconds of typing."""

    def __init__(self, server: LiveReloadServer, only: str | None = None):
        self.server, self.only = server, only

    def on_any_event(self, event) -> None:
        paths = [p for p in (event.src_path, event.dest_path) if p and (self.only is None or p == self.only)]
        if any(not unread(os.path.basename(p)) for p in paths):
            with self.server._rebuild_cond:
                self.server._want_rebuild = True
                self.server._rebuild_cond.notify_all()


class Server(LiveReloadServer):
    """MkDocs' live-reload server, told of saves by the system (inotify, FSEvents, ReadDirectoryChangesW)
    instead of by MkDocs' polling, which stats every file twice a second (11,500 files at 10,000 exhibits):
    that delays a save by up to half a second and competes with the update for the CPU. Where the system has no
    notices left (inotify's limits), it polls as MkDocs does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.schedules: list[tuple[Saves, str, bool]] = []

    def watch(self, path: str, func=None, *, recursive: bool = True, only: str | None = None) -> None:
        self.schedules.append((Saves(self, only), path, recursive))

    def serve(self, *, open_in_browser: bool = False) -> None:
        for observer in (Observer(), PollingObserver(timeout=0.5)):
            try:
                for handler, path, recursive in self.schedules:
                    observer.schedule(handler, path, recursive=recursive, event_filter=SAVES)
                observer.start()
                break
            except OSError:
                observer.stop()
        self.observer = observer
        super().serve(open_in_browser=open_in_browser)  # MkDocs starts no observer: it was told of no path


def _prepare(preview: Preview) -> None:
    try:
        preview.build()
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
    finally:
        preview.ready.set()  # a failed build leaves no state: the next save builds again


def serve(config_file: Path, dev_addr: str) -> None:
    """Build into a temporary folder and serve it with live reload; each save updates that folder
    (hall.preview: the quick way for exhibit edits, else a build in place). The pages are the ones `build`
    writes: same site_url, same everything."""
    host, port = dev_addr.rsplit(":", 1)
    folder = Path(tempfile.mkdtemp(prefix="hall-serve-"))
    preview = Preview(Path(config_file), folder / "site")
    config = load_config(str(config_file))
    if preview.seed(Path(config.site_dir), inputs_digest(config)):  # the last build is current: serve it now,
        threading.Thread(target=_prepare, args=(preview,), daemon=True).start()  # ready for saves meanwhile
    else:
        preview.build()

    def rebuild() -> None:
        start = time.monotonic()
        try:
            if preview.update() != "nothing":
                print(f"已更新（{time.monotonic() - start:.1f} 秒）", file=sys.stderr)
        except BuildFailed as exc:  # keep serving the last good version; the curator reads why
            print(f"{exc}\n预览仍是上一次成功生成的版本。", file=sys.stderr)

    server = Server(builder=rebuild, host=host, port=int(port), root=str(preview.site),
                    mount_path=urlsplit(config.site_url or "/").path)
    server.error_handler = lambda code: (preview.site / "404.html").read_bytes() if code == 404 else None
    server.watch(str(Path(config.docs_dir).resolve()))
    config_path = Path(config_file).resolve()  # its folder: an editor that saves by renaming replaces the file
    server.watch(str(config_path.parent), recursive=False, only=str(config_path))
    print(f"预览：{server.url}（Ctrl+C 结束）", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.wait()
        shutil.rmtree(folder, ignore_errors=True)
