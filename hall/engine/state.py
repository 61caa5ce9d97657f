"""The state of one build, owned by the plugin (hall.engine.plugin), and what serve's preview may use of it
(`LastBuild`: hall.engine.preview knows the build through nothing else)."""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from hall.engine import manifest, writer
from hall.files import write_new, write_whole
from hall.model.catalog import Kept
from hall.model.config import HallConfig
from hall.model.exhibit import Hall
from hall.model.vocab import Vocabulary
from hall.registers.tables import search_records
from hall.site.opendata import open_data_files
from hall.site.pages import Planned, SiteInfo
from hall.site.qr import page_url

log = logging.getLogger("mkdocs.plugins.hall")


class LastBuild(Protocol):
    """What serve's preview is given of the last build: what it read and planned, and the few ways to change
    the served folder (hall.engine.preview's quick path)."""

    hall_config: HallConfig
    vocab: Vocabulary
    hall: Hall
    site: SiteInfo
    pics: dict  # (slug, src) -> hall.site.images.Picture
    seals: dict  # initial -> the seal's Picture
    codes: dict  # page address -> its QR code (hall.site.qr)
    register_problems: list  # the registers' problems, which a save does not read again
    planned: dict[str, Planned]  # page -> its plan
    galleries: Any  # hall.site.gallery.Galleries of its hall
    outputs: dict[str, str | Path]  # the other files placed: site path -> content or cached file

    def report(self, hall: Hall, only: set[str] | None = None) -> None: ...
    def replan(self, planned: dict[str, Planned], hall: Hall, galleries) -> None: ...
    def add_page(self, src_uri: str) -> None: ...
    def drop_page(self, src_uri: str) -> None: ...
    def rewrite_page(self, src_uri: str) -> None: ...
    def write_sitemap(self) -> None: ...
    def write_whole_hall_files(self, hall: Hall) -> None: ...


@dataclass(eq=False)
class BuildState:
    """Everything one build knows, filled by the plugin's hooks in their order: on_config (settings), on_files
    (the hall read, its pictures and plan, the files to place), on_env (the frames, the previous build's keys),
    on_post_build (this build's keys). Implements LastBuild."""

    config: Any  # MkDocs' config
    hall_config: HallConfig
    vocab: Vocabulary
    previous_site: Path | None = (
        None  # the site this build replaces: its unchanged files are reused
    )
    kept: Kept | None = None  # serve's files read, checks and derived fields, reused by this build
    own_nav: bool = False  # mkdocs.yml has a nav (else on_files writes it)
    script_hashes: set[str] = field(default_factory=set)  # of inline scripts, for the CSP
    # on_files
    hall: Hall | None = None
    registers: Any = None
    register_problems: list = field(default_factory=list)
    pics: dict = field(default_factory=dict)
    seals: dict = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    site: SiteInfo | None = None
    galleries: Any = None
    planned: dict[str, Planned] = field(default_factory=dict)
    page_files: Files = field(default_factory=lambda: Files([]))
    outputs: dict[str, str | Path] = field(default_factory=dict)
    placed: dict[str, str | None] = field(
        default_factory=dict
    )  # of those and the whole hall's: their digests
    # on_nav, on_env
    nav: Any = None
    env: Any = None
    link_files: Files | None = None  # what a story's relative links may point at
    frames: Any = None
    code: str = ""  # hall.engine.manifest.code_digest
    build_key: str = ""
    previous: dict = field(
        default_factory=dict
    )  # page -> [key, hashes]: the previous build's, then ours
    previous_files: dict[str, str | None] = field(default_factory=dict)  # hall.engine.manifest
    # a build run by `hall build` (hall.engine.reuse)
    files: dict[str, bytes] | None = None  # every file under exhibits/ -> its SHA-256
    site_dir_name: str = (
        "site"  # the site folder's name (the build's own folder is a temporary one)
    )
    record: Any = (
        None  # the last build's hall.engine.reuse.Record, when it describes the previous site
    )
    edited: set[str] | None = None  # exhibits' Markdown edited since (None: something else changed)
    # the record's Kept entries by part, as read (hall.engine.reuse.write)
    kept_before: dict | None = None
    unchanged: set[str] = field(default_factory=set)  # pages taken as the last build wrote them
    inputs: str | None = None  # hall.engine.manifest.inputs_digest, for a build run by `hall build`
    # only what changed is written, then put into the previous site (hall.files.overlay), whose other files
    # are left where they are: rather than linked into a new folder, when most pages are unchanged
    overlay: bool = False
    gone: set[str] = field(default_factory=set)  # then: the previous site's files this one has not

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    @property
    def fresh(self) -> bool:
        """The site folder is the build's own new one, which no one reads before it is put in place: a build run
        by `hall build` (hall.engine.build), where serve updates the site it serves."""
        return self.files is not None

    def write(self, path: Path, data: bytes) -> None:
        """A file of the site written whole (hall.files): directly when the folder is `fresh`."""
        (write_new if self.fresh else write_whole)(path, data)

    def report(self, hall: Hall, only: set[str] | None = None) -> None:
        report(hall, only)

    def replan(self, planned: dict[str, Planned], hall: Hall, galleries) -> None:
        """The plan, hall and galleries after a save (serve), before its pages are written again."""
        self.planned, self.hall, self.galleries = planned, hall, galleries

    def add_page(self, src_uri: str) -> None:
        """A page planned since the build, outside the navigation (serve: a list's new page, a new gallery)."""
        self.page_files.append(
            File.generated(self.config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        )

    def drop_page(self, src_uri: str) -> None:
        """A page no longer planned (serve): its file goes."""
        self.page_files.remove(self.page_files.get_file_from_path(src_uri))
        self.previous.pop(src_uri, None)
        writer.remove_page(self.config, src_uri)

    def rewrite_page(self, src_uri: str) -> None:
        """One page made again (serve), written when its key changed, and its key kept."""
        if self.planned[
            src_uri
        ].in_nav:  # made now, as the build does: its title and content go in its file
            self.planned[src_uri] = self.planned[src_uri].made_now()
        key, hashes = writer.write_page(self, src_uri)
        self.previous[src_uri] = [key, sorted(hashes)]

    def place(self, path: str, output: str | Path) -> None:
        self.placed[path] = writer.place(self, path, output)

    def write_manifest(self, inputs: str | None) -> None:
        manifest.write_manifest(self.site_dir, self.previous, self.placed, inputs)

    def write_sitemap(self) -> None:
        """sitemap.xml (our template: MkDocs' lists only the pages it renders itself) with every page in the plan's
        order, and its gzip copy, stamped with no time."""
        url = self.config.site_url
        base = (url or "").rstrip("/") + "/"
        self.env.globals["hall_sitemap"] = (
            [page_url(base, self.page_files.src_uris[uri].url) for uri in self.planned]
            if url
            else []
        )
        sitemap = self.env.get_template("sitemap.xml").render().encode("utf-8")
        write_whole(self.site_dir / "sitemap.xml", sitemap)
        write_whole(self.site_dir / "sitemap.xml.gz", gzip.compress(sitemap, mtime=0))

    def data_files(self, hall: Hall, same: set[str] = frozenset()) -> dict[str, str]:
        """The files made from the whole hall (path -> content): `open_data_files` and `search_files`."""
        return self.open_data_files(hall, same) | self.search_files(hall, same)

    def open_data_files(self, hall: Hall, same: set[str] = frozenset()) -> dict[str, str]:
        """The open data and the feed; the exhibits `same` (slugs: their pages show what the last build's did,
        hall.engine.reuse) keep their records from the last build's."""
        last = self.record
        return open_data_files(
            hall,
            self.pics,
            self.site.name,
            self.site.url,
            cache_file=self.hall_config.cache_dir / "open-data.pickle",
            tag=self.inputs,
            same=(last.inputs, same) if last else None,
        )

    def search_files(self, hall: Hall, same: set[str] = frozenset()) -> dict[str, str]:
        """The search index; the exhibits `same` keep their documents from the last build's."""
        from hall.site.search import index_files  # and numpy: 50 ms of a build that keeps its index

        last = self.record
        index = index_files(
            hall,
            self.vocab,
            search_records(self.registers, hall, self.vocab),
            cache_file=self.hall_config.cache_dir / "search.pickle",
            tag=self.inputs,  # the record of this build names its index by the same digest
            same=(last.inputs, {e.url for e in hall.exhibits if e.slug in same}) if last else None,
        )
        return {f"search/{path}": content for path, content in index.items()}

    def place_whole_hall_files(
        self, hall: Hall, same: set[str] = frozenset()
    ) -> dict[str, str | None]:
        """The files made from the whole hall (`data_files`) placed in the site; what the manifest keeps of each."""
        files = self.data_files(hall, same)
        for path, content in files.items():
            self.place(path, content)
        return {path: self.placed[path] for path in files}

    def write_whole_hall_files(self, hall: Hall) -> None:
        """After a save (serve): the open data and the search index, and the pages' keys for a build in place
        (never a site to start from)."""
        files = self.place_whole_hall_files(hall)
        for old in (self.site_dir / "search").rglob("*.js"):  # buckets the new index no longer has
            path = old.relative_to(self.site_dir).as_posix()
            if path not in files:
                old.unlink()
                self.placed.pop(path, None)
        self.write_manifest(None)


SHOWN_PER_CODE = 5  # warnings of one code a build lists before it only counts the rest


def report(hall: Hall, only: set[str] | None = None) -> None:
    """Warnings go to the log (with `only`, those of these files, and how many the others have: serve after a
    save, where the whole hall's would bury the saved file's); of one code, the first few and how many more, so
    that 143 imported brief profiles (W110) or undated honors (W501) do not bury the others; errors stop the
    build, all of them listed."""
    shown = [p for p in hall.report.warnings if only is None or p.path in only]
    by_code: dict[str, list] = {}
    for problem in shown:
        by_code.setdefault(problem.code, []).append(problem)
    for code, problems in by_code.items():
        for problem in problems[:SHOWN_PER_CODE]:
            log.warning(problem.format())
        if len(problems) > SHOWN_PER_CODE:
            log.warning(
                f"{code} 同样的警告还有 {len(problems) - SHOWN_PER_CODE} 个（共 {len(problems)} 个，"
                "hall check 列出全部）。"
            )
    if len(shown) < len(hall.report.warnings):
        log.warning(
            f"其他文件还有 {len(hall.report.warnings) - len(shown)} 个警告（hall check 列出全部）。"
        )
    if hall.report.errors:
        raise PluginError(
            "展品有错误，网站没有生成：\n"
            + "\n".join(p.format() for p in hall.report.sorted() if p in hall.report.errors)
        )
