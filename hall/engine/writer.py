"""Writing the build's pages and files into the site: one page made, converted the way MkDocs does and framed
(hall.engine.frames); every page, in a forked process per core when there are many; the other files, linked from
the previous site when they are the same there."""

from __future__ import annotations

import gc
import logging
import os
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from hall.engine import plain
from hall.engine.manifest import output_digest, page_key
from hall.files import link_or_copy
from hall.processes import Beside, Runs, can_fork, results
from hall.site.headers import inline_script_hashes
from hall.site.pages import read_meta
from hall.site.sanitize import clean

if TYPE_CHECKING:
    from hall.engine.state import BuildState

Written = dict[
    str, tuple[str, set[str]]
]  # page -> its key and the hashes of its inline scripts (for the CSP)

WRITERS_FROM = 300  # pages to write before forking writers pays off
RUN = 20  # pages a writer takes at a time
WRITER_NICE = 5  # how much lower a forked writer's priority is (a third of the CPU share)


def write_page(state: BuildState, src_uri: str) -> tuple[str, set[str]]:
    """Make one page (an exhibit's on the spot), convert its Markdown the way MkDocs does, put it in its
    frame and write it; returns its key and the hashes of its inline scripts.
    A page whose key (what went into it) is the one the previous build wrote is linked from there."""
    config, files = state.config, state.link_files
    ours = state.planned[src_uri].make()
    # our own posix paths, looked up as they are (get_file_from_path makes a PurePath of each)
    file = state.page_files.src_uris[src_uri]
    key = page_key(state.build_key, src_uri, ours)
    old = state.previous.get(src_uri)
    if old and old[0] == key and from_previous(state, file.dest_uri):
        return key, set(old[1])
    file.content_string = ours.content
    page = file.page or MkDocsPage(None, file, config)
    config._current_page = page
    _read_source(page, ours.content, config)
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    _converter(config, files).render(page)
    page.content = config.plugins.on_page_content(
        ours.fill(page.content, clean), page=page, config=config, files=files
    )
    output = config.plugins.on_post_page(state.frames.page(page), page=page, config=config)
    state.write(Path(file.abs_dest_path), output.encode("utf-8", errors="xmlcharrefreplace"))
    if not state.planned[src_uri].in_nav:  # ten thousand of them: let go
        file.content_string, file.page = "", None
    return key, inline_script_hashes(output)


def _read_source(page: MkDocsPage, content: str, config) -> None:
    """What Page.read_source sets, read by hall.site.pages.read_meta from the front matter our pages write (MkDocs'
    YAML took a sixth of a millisecond a page); by MkDocs when a plugin reads pages' sources or read_meta cannot."""
    read = None if config.plugins.events["page_read_source"] else read_meta(content)
    if read is None:
        page.read_source(config)
    else:
        page.markdown, page.meta = read


class _Converter:
    """Page.render of MkDocs with one Markdown instance for the whole build, reset between pages: made with
    the same extensions, their settings and MkDocs' own four processors, it converts the same way; making a
    new one for every page was a seventh of converting the pages."""

    def __init__(self, config, files):
        self.config, self.files = config, files
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )
        self.raw_html = mkdocs_pages._RawHTMLPreprocessor()
        self.anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(None, files, config)
        self.relative = mkdocs_pages._RelativePathTreeprocessor(None, files, config)
        self.title = mkdocs_pages._ExtractTitleTreeprocessor()
        for processor in (self.raw_html, self.anchors, self.relative, self.title):
            processor._register(self.md)
        self.plain = plain.usable(self.md, config["markdown_extensions"])

    def render(self, page: MkDocsPage) -> None:
        """What Page.render sets on the page, from the same conversion (of plain stories by hall.engine.plain)."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        fast = plain.convert(self.md, page.markdown) if self.plain else None
        if fast is None:
            self.md.reset()
            self.anchors.present_anchor_ids, self.title.title = set(), None
            self.relative.file, self.relative.links_to_anchors = page.file, {}
            page.content = self.md.convert(page.markdown)
            tokens, title = getattr(self.md, "toc_tokens", []), self.title.title
            anchors = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
            links = self.relative.links_to_anchors
        else:  # its first block is a story marker, so no title comes from the content
            page.content, tokens, anchors = fast.html, fast.toc_tokens, fast.anchor_ids
            title, links = None, {}
        page.toc = get_toc(tokens)
        page._title_from_render = title
        page.present_anchor_ids = anchors
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links


_converters: list[_Converter] = []  # the build's (forked writers inherit it)


def _converter(config, files) -> _Converter:
    if not _converters or _converters[0].config is not config or _converters[0].files is not files:
        _converters[:] = [_Converter(config, files)]
    return _converters[0]


class Writing:
    """Every page of ours to write, taken a run at a time in the plan's order by each process that writes: this
    one (`finish`) and, with many pages, a forked writer for each other core. Forked, they share what the build has
    loaded, and send back their pages' keys. Taken in runs, a list's cards and a kind's frames are mostly rendered
    by one process (hall.site.pages.Renderer.card_of); taken as they come, no process waits for another's share."""

    def __init__(self, state: BuildState):
        self.state, self.parent = state, os.getpid()
        self.written = _unchanged(state)
        self.uris = [f.src_uri for f in state.page_files if f.src_uri not in self.written]
        self._runs = Runs(RUN)  # shared with the forked writers
        self._forked: list[Beside] = []

    def finish(self, meanwhile=None) -> Written:
        """Every page written. `meanwhile()` is called first, once the other writers are forked: they take the
        pages this process would have written meanwhile, and all end together (called last, it kept a core idle)."""
        if self._shared():
            self._forked = [Beside(self._forked_runs) for _ in range(_cores() - 1)]
        try:
            if meanwhile is not None:
                meanwhile()
            written = self.written | self._write_runs()
        except BaseException:
            self.cancel()
            raise
        for theirs in results(self._forked):
            written |= theirs
        return written

    def cancel(self) -> None:
        """The forked processes ended at once (the build failed or was stopped)."""
        for call in self._forked:
            call.cancel()

    def _shared(self) -> bool:
        """Whether forked processes write pages: forking pays from a few hundred pages on."""
        return can_fork() and len(self.uris) >= WRITERS_FROM

    def _write_runs(self) -> Written:
        """Pages written a run at a time until none is left. A page leaves cycles (Jinja's contexts, and the macros
        imported with them), which the build's paused collector would keep until it ends: 30 KB a page, 300 MB at
        10,000 exhibits. Collected after each run, the youngest generation holds about the run's objects alone."""
        written, parent = {}, None if os.getpid() == self.parent else self.parent
        while run := self._runs.take(self.uris):
            written |= _write(self.state, run, parent)
            gc.collect(0)
        return written

    def _forked_runs(self) -> Written:
        """A forked writer's runs, at a lower priority: the pages are shared out a run at a time, the whole-hall
        files (hall.engine.plugin) are one process's work, made meanwhile. Yielding to it, the writers take the
        cores it leaves, and all end together, instead of it going on alone once the pages are written."""
        os.nice(WRITER_NICE)
        return self._write_runs()


def _cores() -> int:
    """The cores this process may run on (at most 8: more writers than that gain little)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 8)


def _unchanged(state: BuildState) -> Written:
    """The pages taken as the last build wrote them (hall.engine.reuse.unchanged), linked from the previous site
    with their keys; one it does not have is made after all. Left where they are (an overlay build), they are
    taken as its manifest lists them, as a build with nothing changed takes the whole site (their paths, which
    MkDocs works out page by page, cost more than the rest of a one-edit rebuild's page work)."""
    written: Written = {}
    for uri in state.unchanged:
        old = state.previous.get(uri)
        file = state.page_files.src_uris.get(uri)
        if old and file is not None and (state.overlay or from_previous(state, file.dest_uri)):
            written[uri] = (old[0], set(old[1]))
    return written


def _write(state: BuildState, uris: list[str], parent: int | None = None) -> Written:
    """These pages written; by a forked writer (`parent`: its build's process) only while its build is there
    (serve, ended, exits without waiting for the threads that build; hall.processes.Beside)."""
    written = {}
    for uri in uris:
        if parent is not None and os.getppid() != parent:
            os._exit(1)
        written[uri] = write_page(state, uri)
    return written


def place(state: BuildState, path: str, output: str | Path) -> str | None:
    """Put a file of ours in the site: linked from the previous site when it is the same there (a cached
    picture's name holds its content's hash), else written or copied from the cache. Returns what the manifest
    keeps of it (hall.engine.manifest.output_digest; None for a copy of a cached file)."""
    data = output.encode("utf-8") if isinstance(output, str) else None
    digest = output_digest(data) if data is not None else None
    old = state.previous_site / path if state.previous_site else None
    known = state.previous_files.get(path)
    if known is not None and data is not None and str(state.previous_site) != state.config.site_dir:
        same = known == digest  # what the previous build wrote there, by its manifest
    else:
        same = (
            old is not None
            and old.is_file()
            and (data is None or (old.stat().st_size == len(data) and old.read_bytes() == data))
        )
    if not (same and from_previous(state, path)):
        state.write(state.site_dir / path, data if data is not None else Path(output).read_bytes())
    return digest


def from_previous(state: BuildState, path: str) -> bool:
    """The previous build's copy of a file, hard-linked into this build (copied where links cannot be);
    False when the previous site does not have it. Updating in place (serve), it is already there; in an
    overlay build it stays there.
    Paths as strings: a rebuild of 10,000 exhibits links 33,000 files."""
    if state.previous_site is None:
        return False
    old, dest = os.path.join(state.previous_site, path), os.path.join(state.config.site_dir, path)
    if old == dest or state.overlay:  # already there, or left there (hall.files.overlay)
        return os.path.isfile(old)
    try:
        link_or_copy(old, dest)
    except (
        FileNotFoundError
    ):  # its folder is not made yet (tried first: once per folder, not per file)
        if not os.path.isfile(old):
            return False
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        link_or_copy(old, dest)
    return True


def remove_page(config, src_uri: str) -> None:
    """A page's file, and its folder when that is left empty (page 3/ of a list)."""
    dest = Path(File.generated(config, src_uri, content="").abs_dest_path)
    dest.unlink(missing_ok=True)
    with suppress(OSError):
        dest.parent.rmdir()
