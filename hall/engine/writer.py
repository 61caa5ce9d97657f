"""Writing the build's pages and files into the site: one page made, converted the way MkDocs does and framed
(hall.engine.frames); every page, in a forked process per core when there are many; the other files, linked from
the previous site when they are the same there."""

from __future__ import annotations

import logging
import os
import signal
import traceback
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
from hall.processes import fork_context
from hall.site.headers import inline_script_hashes
from hall.site.pages import read_meta
from hall.site.sanitize import clean

if TYPE_CHECKING:
    from hall.engine.state import BuildState

Written = dict[
    str, tuple[str, set[str]]
]  # page -> its key and the hashes of its inline scripts (for the CSP)

WRITERS_FROM = 300  # pages to write before forking writers pays off


def write_page(state: BuildState, src_uri: str) -> tuple[str, set[str]]:
    """Make one page (an exhibit's on the spot), convert its Markdown the way MkDocs does, put it in its
    frame and write it; returns its key and the hashes of its inline scripts.
    A page whose key (what went into it) is the one the previous build wrote is linked from there."""
    config, files = state.config, state.link_files
    ours = state.planned[src_uri].make()
    file = state.page_files.get_file_from_path(src_uri)
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


def write_pages(state: BuildState) -> Written:
    """Write every page of ours, in a process per core when there are many (forked, so they share what the
    build has loaded: each is handed the state as it starts, and sends back its pages' keys)."""
    written = _unchanged(state)
    uris = [f.src_uri for f in state.page_files if f.src_uri not in written]
    workers, fork = _workers(len(uris)), fork_context()
    if workers == 1 or fork is None:  # spawned writers would read and check the whole hall again
        return written | _write(state, uris)
    readers, children = [], []
    for share in _shares(uris, workers):
        reader, sender = fork.Pipe(duplex=False)
        child = fork.Process(
            target=_write_share,
            args=(state, share, sender, os.getpid(), [*readers, reader]),
            daemon=True,
        )
        child.start()
        sender.close()
        readers.append(reader)
        children.append(child)
    try:
        results = [reader.recv() for reader in readers]  # EOFError when a writer died
    except BaseException:  # Ctrl+C, or a writer died: the others stop too
        for child in children:
            child.kill()
        raise
    finally:
        for child in children:
            child.join()
    for ok, result in results:
        if not ok:
            raise result
        written |= result
    return written


def _shares(uris: list[str], workers: int) -> list[list[str]]:
    """The pages cut into one run of the plan's order per writer: the lists and galleries come first in it and all
    show cards, each rendered once per writer (hall.site.pages.Renderer.card_of), and pages of one kind share
    frames; dealt in turn, every writer rendered most cards and frames again (2,000 exhibits: 9,228 cards and 160
    frames in two writers, 6,776 and 120 in runs, 5,878 and 119 in one writer)."""
    return [uris[i * len(uris) // workers : (i + 1) * len(uris) // workers] for i in range(workers)]


def _unchanged(state: BuildState) -> Written:
    """The pages taken as the last build wrote them (hall.engine.reuse.unchanged), linked from the previous site
    with their keys; one it does not have is made after all."""
    written: Written = {}
    for uri in state.unchanged:
        old = state.previous.get(uri)
        file = state.page_files.get_file_from_path(uri)
        if old and file is not None and from_previous(state, file.dest_uri):
            written[uri] = (old[0], set(old[1]))
    return written


def _write(state: BuildState, uris: list[str], parent: int | None = None) -> Written:
    """These pages written; by a forked writer (`parent`: its build's process) only while its build is there
    (serve, ended, exits without waiting for the threads that build)."""
    written = {}
    for uri in uris:
        if parent is not None and os.getppid() != parent:
            os._exit(1)
        written[uri] = write_page(state, uri)
    return written


def _write_share(state: BuildState, uris: list[str], sender, parent: int, readers: list) -> None:
    """A forked writer: its share of the pages, and their keys (or what went wrong) sent to the build.
    Ctrl+C and SIGTERM are its build's to handle: a writer would print them in English or lose them in nh3's
    callback and write on; ended first, it would make its build print that it died.
    The build's ends of the pipes, inherited, are closed: held open here, a writer whose build was killed would
    wait forever to send its keys (a serve killed outright left one of 660 MB), instead of failing and ending."""
    for reader in readers:
        reader.close()
    for ending in (signal.SIGINT, signal.SIGTERM):
        signal.signal(ending, signal.SIG_IGN)
    try:
        sender.send((True, _write(state, uris, parent)))
    except BaseException as exc:  # the build raises it
        try:
            sender.send((False, exc))
        except Exception:  # an exception that does not pickle: its traceback, as text
            sender.send((False, RuntimeError(traceback.format_exc())))
    finally:
        sender.close()


def _workers(pages: int) -> int:
    """Processes worth starting: forking pays from a few hundred pages on."""
    if pages < WRITERS_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 8))


def place(state: BuildState, path: str, output: str | Path) -> None:
    """Put a file of ours in the site: linked from the previous site when it is the same there (a cached
    picture's name holds its content's hash), else written or copied from the cache."""
    data = output.encode("utf-8") if isinstance(output, str) else None
    old = state.previous_site / path if state.previous_site else None
    known = state.previous_files.get(path)
    if known is not None and data is not None and str(state.previous_site) != state.config.site_dir:
        same = known == output_digest(data)  # what the previous build wrote there, by its manifest
    else:
        same = (
            old is not None
            and old.is_file()
            and (data is None or (old.stat().st_size == len(data) and old.read_bytes() == data))
        )
    if not (same and from_previous(state, path)):
        state.write(state.site_dir / path, data if data is not None else Path(output).read_bytes())


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
