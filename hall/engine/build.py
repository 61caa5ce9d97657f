"""The build command: MkDocs with the hall plugin, into a temporary folder swapped in whole (or in place, for
serve), and the offline copy with its zip."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from hall.engine import settings
from hall.engine.ahead import Ahead, site_folder
from hall.engine.manifest import MANIFEST, file_digests, is_current
from hall.engine.state import BuildState
from hall.files import clean_up, collector_paused, overlay, publish, shown, temporary
from hall.model.catalog import Kept
from hall.model.problems import HallError
from hall.processes import remove_detached

# pages in a site from which the old site, once replaced, is removed by a process of its own
DETACHED_FROM = 1000


class _LogCapture(logging.Handler):
    """MkDocs logs a plugin's error and raises a bare Abort: keep the errors for the message,
    and show warnings (our curators' W-codes among them) as they come; MkDocs' own about mkdocs.yml in Chinese."""

    def __init__(self, config_file: Path):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.config_file = config_file

    def emit(self, record: logging.LogRecord) -> None:
        message = settings.said(record.getMessage(), self.config_file)
        if record.levelno >= logging.ERROR:
            self.messages.append(message)
        else:
            print(message, file=sys.stderr)


class BuildFailed(HallError):
    """A build that stopped; the site published before is left as it was."""

    then = "网站没有更新，上一次生成的网站保持不变。"


@contextmanager
def mkdocs_errors(config_file: Path):
    """MkDocs' failures as BuildFailed, with the errors it logged (those about `config_file` in Chinese)."""
    errors = _LogCapture(Path(config_file))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(errors)
    try:
        yield
    except MkDocsException as exc:
        said = errors.messages or [settings.said(str(exc), errors.config_file)]
        raise BuildFailed("\n".join(said)) from None
    finally:
        logger.removeHandler(errors)


def _load(config_file: Path, final: Path | None, offline: bool = False):
    """mkdocs.yml loaded, and the site's folder."""
    config = load_config(str(config_file), **({"use_directory_urls": False} if offline else {}))
    return config, site_folder(config.site_dir, final, offline)


def _tell(config, final: Path, **reuse) -> None:
    """The plugin told which site this build replaces, and what it may reuse (HallPlugin.reuse)."""
    if "hall" in config.plugins:
        config.plugins["hall"].reuse(final, **reuse)


def build(
    config_file: Path,
    site_dir: Path | None = None,
    offline: bool = False,
    ahead: Ahead | None = None,
) -> Path:
    """Build into a temporary folder beside the site, then swap it in: a failed or interrupted
    build leaves the previously published site whole. A rebuild that reuses most pages (an exhibit's
    edit) writes only what changed into that folder, then puts it into the site (hall.files.overlay).
    `offline` builds a copy that works opened from
    disk (file://) or on a kiosk without network, search included, into `site-offline/` plus a zip:
    links name their files (index.html), and the search index is scripts, which load from disk. Says which it did:
    the site made, or nothing to do. `ahead`: the files being read ahead since the command started."""
    with mkdocs_errors(config_file):
        config, final = _load(config_file, site_dir, offline=offline)
        clean_up(final)
        files = file_digests(Path(config.docs_dir))  # read once: for is_current and the build
        if is_current(config, final, offline, files):
            print(
                "展品和设置都没有改动，网站已是最新，没有重新生成（要看警告请运行 hall check）。",
                file=sys.stderr,
            )
            return final
        _tell(config, final, files=files, overlay=not offline, ahead=ahead)
        tmp = temporary(final, "build")
        config.site_dir = str(tmp)
        try:
            # A build makes millions of objects that live until it ends, and few cycles: collections would walk
            # them again and again (3 s of a 10,000-exhibit build's 60, forked writers included) for no memory.
            # Frozen as it ends, then unfrozen: what it made joins the oldest generation without being walked by
            # the collection that would start as soon as the collector is back (1.3-2 s at 10,000 exhibits, for
            # the few cycles a finished build leaves; a full collection, if the process lives on, finds them).
            with collector_paused(frozen=True):
                mkdocs_build(config)
            gc.unfreeze()
        except BaseException:
            gc.unfreeze()  # what hall.engine.reuse.start froze
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    state = config.plugins["hall"].state if "hall" in config.plugins else None
    if state is not None and state.overlay:  # a few files changed: they go into the site as it is
        overlay(tmp, final, sorted(state.gone), MANIFEST)
    else:
        pages = len(state.previous) if state is not None else 0
        _swap_in(tmp, final, offline, detached=pages >= DETACHED_FROM)
    zipped = f"（离线版，另有压缩包 {shown(final.with_suffix('.zip'))}）" if offline else ""
    print(f"网站已生成：{shown(final)}{zipped}")
    return final


def build_in_place(config_file: Path, site_dir: Path, kept: Kept | None = None) -> BuildState:
    """For serve: update the site where it is, writing only what changed, with serve's `kept` readings;
    returns the build's state, which the preview then keeps (hall.engine.state.LastBuild)."""
    with mkdocs_errors(config_file):
        config, final = _load(config_file, site_dir)
        _tell(config, final, kept=kept)
        config.site_dir = str(final)
        with _quiet(logging.getLogger("mkdocs.commands.build"), "'dirty' build"):
            mkdocs_build(config, dirty=True)  # MkDocs then copies only the files that changed
    return config.plugins["hall"].state


def _swap_in(tmp: Path, final: Path, offline: bool, detached: bool = False) -> None:
    """The new site in place of the old one (hall.files.publish), with its archive beside it when `offline`, made
    before: a build that fails here (a full disk) leaves the published site and archive as they were. A large old
    site is `detached`: removed by a process of its own (hall.processes.remove_detached)."""
    archive = temporary(final, "zip", ".zip")
    try:
        if offline:
            shutil.make_archive(str(archive.with_suffix("")), "zip", tmp)
        if detached:
            aside = lambda pid: temporary(final, "build", pid=pid)  # noqa: E731
            publish(tmp, final, lambda old: remove_detached(old, aside))
        else:
            publish(tmp, final)
        if offline:
            os.replace(archive, final.with_suffix(".zip"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        archive.unlink(missing_ok=True)


@contextmanager
def _quiet(logger: logging.Logger, words: str):
    """Leave out one message (MkDocs' English warning about dirty builds, which serve does on purpose)."""
    drop = lambda record: words not in record.getMessage()  # noqa: E731
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)
