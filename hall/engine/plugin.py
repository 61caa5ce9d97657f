"""The `hall` plugin and the build command: with hall.engine.frames, what speaks MkDocs (hall.engine.serve serves).

The plugin replaces the files MkDocs found in exhibits/ with generated pages (curators' files
are read, never written), so another Material-compatible engine can replace MkDocs here alone.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import logging
import os
import shutil
import sys
from contextlib import contextmanager, suppress
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from hall.engine.frames import Frames
from hall.files import clean_up, link_or_copy, publish, temporary, write_whole
from hall.model import media
from hall.model.catalog import load_hall
from hall.model.checks import image_path
from hall.model.config import HallConfig
from hall.model.events import today as events_today
from hall.model.schema import Panorama
from hall.processes import fork_context
from hall.registers.tables import has_registers, load_registers, register_pages, search_records
from hall.site.gallery import Galleries
from hall.site.headers import headers_file, inline_script_hashes, nginx_snippet
from hall.site.ics import calendar_file, event_file
from hall.site.images import PANORAMA_WIDTHS, ImageProblem, pictures, placeholder
from hall.site.opendata import exhibits_csv, exhibits_json, rss
from hall.site.pages import Planned, Renderer, SiteInfo
from hall.site.qr import page_url, qr_svgs
from hall.site.sanitize import clean
from hall.site.search import index_files

log = logging.getLogger("mkdocs.plugins.hall")


class HallPluginConfig(Config):
    vocabularies = c.Type(dict, default={})
    intro = c.Type(str, default="")
    cache_dir = c.Type(str, default=".cache/hall")
    originals = c.Type(
        bool, default=False
    )  # also publish each photo at full size (metadata still stripped)
    visit = c.Type(
        dict, default={}
    )  # visiting information, read with its lines by hall.model.visit
    media = c.Type(
        dict, default={}
    )  # size limits of audio, video and captions (hall.model.media.limits)


MANIFEST = ".hall-pages.json"  # in the site: what the next build (and serve) may reuse from it


class HallPlugin(BasePlugin[HallPluginConfig]):
    previous_site: Path | None = (
        None  # the site this build replaces (set by build()): its unchanged files are reused
    )
    preview = None  # serve's hall.engine.preview.Preview, whose files read, checks and derived fields this build reuses

    def on_config(self, config):
        self.hall_config = HallConfig(
            root=Path(config.config_file_path).parent,
            exhibits_dir=Path(config.docs_dir),
            site_dir=Path(config.site_dir),
            site_name=config.site_name,
            site_url=config.site_url or "",
            options=dict(self.config),
            config_file=Path(config.config_file_path),
        )
        try:
            self.vocab = self.hall_config.vocab
            _ = self.hall_config.today  # read now: a mistyped HALL_TODAY is said before building
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        self.own_nav = bool(
            config.nav
        )  # else on_files writes it, once it knows the hall's own pages
        self.script_hashes: set[str] = set()
        config.theme.static_templates.discard(
            "sitemap.xml"
        )  # written by write_sitemap, so serve can too
        return config

    def on_files(self, files: Files, *, config) -> Files:
        hall = load_hall(self.hall_config, self.preview.kept if self.preview else None)
        if not self.own_nav:
            config.nav = default_nav(
                self.vocab, registers=has_registers(self.hall_config.exhibits_dir), hall=hall
            )
        start = len(hall.report.problems)
        registers = load_registers(
            self.hall_config, hall
        )  # registers (名录): their problems block the build too
        self.register_problems = hall.report.problems[
            start:
        ]  # serve's saves do not read the registers again
        pics = self._pictures(hall)
        report(hall)
        docs = str(Path(config.docs_dir).resolve())
        for f in list(files):
            if f.src_dir and str(Path(f.src_dir).resolve()) == docs:
                files.remove(f)  # curators' files are sources, not pages: everything is generated
        cache = self._cache_dir()
        seals = {ch: placeholder(ch, cache) for ch in sorted({e.initial for e in hall.exhibits})}
        site = SiteInfo(
            config.site_name,
            config.site_url or "",
            self.config.intro,
            config.use_directory_urls,
            self.hall_config.today,
        )
        self.hall, self.registers, self.pics, self.seals, self.site = (
            hall,
            registers,
            pics,
            seals,
            site,
        )
        self.galleries = Galleries.of(hall, self.vocab)
        renderer = Renderer(hall, self.galleries, self.vocab, pics, seals, site)
        # Our pages are made and written by on_post_build, through frames (hall.engine.frames), not by MkDocs page by
        # page. Pages in the navigation are in `files` until the navigation is built.
        self.planned = {
            p.src_uri: p
            for p in chain(
                renderer.plan(),
                map(Planned.made, register_pages(registers, hall, self.vocab, site)),
            )
        }
        self.page_files = Files([])
        for uri, plan in self.planned.items():
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            content = ""
            if plan.in_nav:  # made now: the navigation on every page shows their titles
                self.planned[uri] = plan = plan.made_now()
                content = plan.make().content
            self.page_files.append(
                File.generated(config, uri, content=content, inclusion=inclusion)
            )
            if plan.in_nav:
                files.append(self.page_files.get_file_from_path(uri))
        # The other files we make are placed by on_post_build (`place`), not copied by MkDocs: tens of thousands
        # of them, most the same as in the previous site.
        self.outputs: dict[
            str, str | Path
        ] = {  # site path -> content, or the cached file it is a copy of
            f"media/{name}": cache / name.split("-")[0] / name
            for name in sorted({n for p in [*pics.values(), *seals.values()] for n in p.files})
        }
        if site.url:  # QR codes and the feed need the public address
            urls = {e.url: page_url(site.url, e.url) for e in hall.exhibits + hall.events}
            codes = qr_svgs(list(urls.values()), self.hall_config.cache_dir / "qr")
            self.outputs |= {f"{path}qr.svg": codes[url] for path, url in urls.items()}
        self.outputs |= {path: file for e in hall.exhibits for path, file in media.files(e).items()}
        self.outputs |= self.data_files(hall) | calendar_files(hall, renderer, site)
        return files

    def data_files(self, hall) -> dict[str, str]:
        """The files made from the whole hall: open data, the feed and the search index (path -> content)."""
        site = self.site
        files = {"feed.xml": rss(hall, site.name, site.url)} if site.url else {}
        files["data/exhibits.json"] = exhibits_json(hall, self.pics, site.name)
        files["data/exhibits.csv"] = exhibits_csv(hall, self.pics)
        index = index_files(
            hall,
            self.vocab,
            search_records(self.registers, hall, self.vocab),
            cache_file=self.hall_config.cache_dir / "search.pickle",
        )
        return files | {f"search/{path}": content for path, content in index.items()}

    def on_nav(self, nav, *, config, files):
        """The navigation holds our pages; from here on MkDocs leaves them to on_post_build."""
        self.nav = nav
        for page in nav.pages:
            if page.file.src_uri in self.page_files:
                files.remove(page.file)
        return nav

    def on_env(self, env, *, config, files):
        for page in self.nav.pages:  # the navigation shows their titles, the 404 page included
            page.read_source(config)
        self.link_files = Files(
            [*files, *self.page_files]
        )  # what a story's relative links may point at
        self.frames = Frames(env, config, self.nav, self.link_files)
        self.code = code_digest(config)
        self.build_key = self._build_key(config)
        manifest = read_manifest(self.previous_site) if self.previous_site else {}
        self.previous, self.previous_files = (
            manifest.get("pages", {}),
            set(manifest.get("files", [])),
        )
        self.env = env
        env.globals["hall_footer"] = footer(
            self.hall, self.page_files
        )  # the theme's footer (partials/copyright.html)
        return env

    def on_post_template(
        self, output_content: str, *, template_name, config
    ) -> str:  # 404.html and the like
        self.script_hashes |= inline_script_hashes(output_content)
        return output_content

    def on_post_build(self, *, config) -> None:
        gc.freeze()  # the forked writers then share the loaded hall instead of copying what collections touch
        try:
            written = write_pages(self, config)
        finally:
            gc.unfreeze()
        site = Path(config.site_dir)
        for path, output in self.outputs.items():
            self.place(site, path, output)
        if self.previous_site == site:  # in place: pages no longer planned go
            for uri in self.previous.keys() - self.planned.keys():
                _remove_page(config, uri)
            for path in (
                self.previous_files - self.outputs.keys()
            ):  # a recording no longer played, a QR code
                (site / path).unlink(missing_ok=True)
        self.previous = {
            uri: [key, sorted(hashes)] for uri, (key, hashes) in written.items()
        }  # for serve's next save
        self.write_manifest(site, inputs_digest(config, self.code))
        self.script_hashes = self.script_hashes.union(*(hashes for _, hashes in written.values()))
        write_whole(site / "_headers", headers_file(self.script_hashes).encode())
        write_whole(site / "nginx-headers.conf", nginx_snippet(self.script_hashes).encode())
        self.write_sitemap(site, config)

    def write_sitemap(self, site: Path, config) -> None:
        """sitemap.xml (our template: MkDocs' lists only the pages it renders itself) with every page in the plan's
        order, and its gzip copy, stamped with no time."""
        base = (config.site_url or "").rstrip("/") + "/"
        self.env.globals["hall_sitemap"] = (
            [urljoin(base, self.page_files.get_file_from_path(uri).url) for uri in self.planned]
            if config.site_url
            else []
        )
        sitemap = self.env.get_template("sitemap.xml").render().encode("utf-8")
        write_whole(site / "sitemap.xml", sitemap)
        write_whole(site / "sitemap.xml.gz", gzip.compress(sitemap, mtime=0))

    def place(self, site: Path, path: str, output: str | Path) -> None:
        """Put a file of ours in the site: linked from the previous site when it is the same there (a cached
        picture's name holds its content's hash), else written or copied from the cache."""
        data = output.encode("utf-8") if isinstance(output, str) else None
        old = self.previous_site / path if self.previous_site else None
        same = (
            old is not None
            and old.is_file()
            and (data is None or (old.stat().st_size == len(data) and old.read_bytes() == data))
        )
        if not (same and self._from_previous(site, path)):
            write_whole(site / path, data if data is not None else Path(output).read_bytes())

    def write_manifest(self, site: Path, inputs: str | None) -> None:
        """The pages' keys, the other files the plugin placed, and the digest of the inputs (None: not a site
        to start a preview from)."""
        manifest = {"inputs": inputs, "pages": self.previous, "files": sorted(self.outputs)}
        write_whole(site / MANIFEST, json.dumps(manifest, sort_keys=True, indent=0).encode())

    def add_page(self, src_uri: str, config) -> None:
        """A page planned since the build, outside the navigation (serve: a list's new page, a new gallery)."""
        self.page_files.append(
            File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        )

    def drop_page(self, src_uri: str, config) -> None:
        """A page no longer planned (serve): its file goes."""
        self.page_files.remove(self.page_files.get_file_from_path(src_uri))
        self.previous.pop(src_uri, None)
        _remove_page(config, src_uri)

    def write_page(self, src_uri: str, config) -> tuple[str, set[str]]:
        """Make one page (an exhibit's on the spot), convert its Markdown the way MkDocs does, put it in its
        frame and write it; returns its key and the hashes of its inline scripts (for the CSP).
        A page whose key (what went into it) is the one the previous build wrote is linked from there."""
        ours = self.planned[src_uri].make()
        file = self.page_files.get_file_from_path(src_uri)
        key = hashlib.sha256(
            "\0".join((self.build_key, src_uri, ours.stable_content, *ours.parts)).encode()
        ).hexdigest()
        old = self.previous.get(src_uri)
        if old and old[0] == key and self._from_previous(Path(config.site_dir), file.dest_uri):
            return key, set(old[1])
        file.content_string = ours.content
        page = file.page or MkDocsPage(None, file, config)
        config._current_page = page
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=self.link_files
        )
        page.render(config, self.link_files)
        page.content = config.plugins.on_page_content(
            clean(ours.fill(page.content)), page=page, config=config, files=self.link_files
        )
        output = config.plugins.on_post_page(self.frames.page(page), page=page, config=config)
        write_whole(Path(file.abs_dest_path), output.encode("utf-8", errors="xmlcharrefreplace"))
        if not self.planned[src_uri].in_nav:  # ten thousand of them: let go
            file.content_string, file.page = "", None
        return key, inline_script_hashes(output)

    def _from_previous(self, site: Path, path: str) -> bool:
        """The previous build's copy of a file, hard-linked into this build (copied where links cannot be);
        False when the previous site does not have it. Updating in place (serve), it is already there."""
        if self.previous_site is None:
            return False
        old, dest = self.previous_site / path, site / path
        if old == dest:
            return old.is_file()
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            link_or_copy(old, dest)
        except FileNotFoundError:
            return False
        return True

    def _build_key(self, config) -> str:
        """What every page depends on besides its own source: the build's code and settings, and the navigation."""
        nav = [config.use_directory_urls, [(p.url, p.title) for p in self.nav.pages]]
        return hashlib.sha256((self.code + repr(nav)).encode()).hexdigest()

    def _cache_dir(self) -> Path:
        return self.hall_config.cache_dir / "images"

    def _pictures(self, hall):
        """Derivatives of every exhibit image; bad images become problems in the report."""
        wanted, panoramas = {}, set()
        for e in hall.exhibits:
            for loc, image in e.image_entries():
                path = image_path(e, image.src)
                if path is not None and path.is_file():
                    wanted[(e.slug, image.src)] = (e, loc, path)
                    if isinstance(image, Panorama):
                        panoramas.add(path)
        results = pictures(
            sorted({path for _, _, path in wanted.values()} - panoramas),
            self._cache_dir(),
            originals=self.config.originals,
            progress=True,
        )
        results |= pictures(sorted(panoramas), self._cache_dir(), widths=PANORAMA_WIDTHS)
        pics = {}
        for key, (e, loc, path) in wanted.items():
            result = results[path]
            if isinstance(result, ImageProblem):
                hall.report.add(
                    e.rel,
                    e.line(*loc, "src"),
                    result.code,
                    f"图片“{key[1]}”：{result.message}",
                    result.hint,
                )
            else:
                pics[key] = result
        return pics


def _remove_page(config, src_uri: str) -> None:
    """A page's file, and its folder when that is left empty (page 3/ of a list)."""
    dest = Path(File.generated(config, src_uri, content="").abs_dest_path)
    dest.unlink(missing_ok=True)
    with suppress(OSError):
        dest.parent.rmdir()


_WRITING = None  # (plugin, config) whose pages forked workers write


def write_pages(plugin: HallPlugin, config) -> dict[str, tuple[str, set[str]]]:
    """Write every page of ours, in a process per core when there are many (forked, so they share what the
    build has loaded); returns each page's key and the hashes of its inline scripts."""
    global _WRITING
    uris = [f.src_uri for f in plugin.page_files]
    workers, fork = _workers(len(uris)), fork_context()
    if (
        workers == 1 or fork is None
    ):  # spawned writers would each have to read and check the whole hall again
        return _write(uris, plugin, config)
    _WRITING = (plugin, config)
    try:
        with fork.Pool(workers) as pool:
            return {
                k: v
                for share in pool.map(_write, [uris[i::workers] for i in range(workers)])
                for k, v in share.items()
            }
    finally:
        _WRITING = None


def _write(
    uris: list[str], plugin: HallPlugin | None = None, config=None
) -> dict[str, tuple[str, set[str]]]:
    plugin, config = (plugin, config) if plugin else _WRITING
    return {uri: plugin.write_page(uri, config) for uri in uris}


WRITERS_FROM = 300  # pages to write before forking writers pays off


def _workers(pages: int) -> int:
    """Processes worth starting: forking pays from a few hundred pages on."""
    if pages < WRITERS_FROM:
        return 1
    return max(
        1,
        min(
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1,
            8,
        ),
    )


def read_manifest(site: Path) -> dict:
    """A site's manifest; nothing (so nothing is reused) when it is missing, unreadable or of another format."""
    try:
        manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        manifest if isinstance(manifest, dict) and isinstance(manifest.get("pages"), dict) else {}
    )


def code_digest(config) -> str:
    """The build's code and settings: the hall package (code, templates, theme), other theme folders,
    mkdocs.yml and the versions of what renders."""
    digest = hashlib.sha256()
    folders = [
        Path(__file__).parent,
        *(Path(d) for d in config.theme.dirs if "site-packages" not in d),
    ]
    for folder in folders:
        for path in sorted(
            p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(Path(config.config_file_path).read_bytes())
    digest.update(
        repr([version(d) for d in ("mkdocs", "mkdocs-material", "markdown", "nh3")]).encode()
    )
    return digest.hexdigest()


def is_current(config, site: Path, offline: bool = False) -> bool:
    """Whether `site` (and its archive, for an offline build) is what a build would make now: its manifest
    names the digest of today's inputs. Then a build has nothing to do and writes nothing."""
    if offline and not site.with_suffix(".zip").is_file():
        return False
    return read_manifest(site).get("inputs") == inputs_digest(config)


def inputs_digest(config, code: str | None = None) -> str:
    """Everything a build reads: the code and settings (`code`, when already known), and every file under
    exhibits/ (by content, so that the same files give the same site on any machine). A site whose manifest
    has the same digest is what a build would give now. With events, the day is an input too: what is upcoming
    changes overnight."""
    digest = hashlib.sha256(
        (code or code_digest(config)).encode() + repr(config.use_directory_urls).encode()
    )
    docs = Path(config.docs_dir)
    for folder, _, names in sorted(os.walk(docs)):
        for name in sorted(names):
            path = Path(folder) / name
            digest.update(
                path.relative_to(docs).as_posix().encode()
                + b"\0"
                + hashlib.sha256(path.read_bytes()).digest()
            )
    if any((docs / "events").glob("**/*.md")):
        digest.update(events_today().isoformat().encode())
    return digest.hexdigest()


def report(hall, only: set[str] | None = None) -> None:
    """Warnings go to the log as they are (with `only`, those of these files, and how many the others have: serve
    after a save, where the whole hall's would bury the saved file's); errors stop the build, all of them listed."""
    shown = [p for p in hall.report.warnings if only is None or p.path in only]
    for problem in shown:
        log.warning(problem.format())
    if len(shown) < len(hall.report.warnings):
        log.warning(
            f"其他文件还有 {len(hall.report.warnings) - len(shown)} 个警告（hall check 列出全部）。"
        )
    if hall.report.errors:
        raise PluginError(
            "展品有错误，网站没有生成：\n"
            + "\n".join(p.format() for p in hall.report.sorted() if p in hall.report.errors)
        )


def default_nav(vocab, registers: bool = False, hall=None) -> list:
    """The navigation: the home page, the lists and galleries, 活动 when there are events, and the hall's own pages
    (exhibits/pages/) under their `nav` entry (an existing one, or a new one at the end), in their `order`."""
    nav = [
        {"序厅": "index.md"},
        {"展览": "exhibitions/index.md"},
        {"人物": "people/index.md"},
        *(
            [{"名录": "registers/index.md"}] if registers else []
        ),  # only when exhibits/registers/ has a register
        {"匠品": "artifacts/index.md"},
        {"集体": "collectives/index.md"},
        {"劳动课": "lessons/index.md"},
        *([{"活动": "events/index.md"}] if hall and hall.events else []),
        {"年代": ["eras/index.md", *[f"eras/{era.slug}/index.md" for era in vocab.eras]]},
        {"荣誉": "honors/index.md"},
        {"行业": "trades/index.md"},
        {"地区": "regions/index.md"},
        {"时间轴": "timeline/index.md"},
    ]
    entries = {title: entry for entry in nav for title in entry}
    added = set()
    for page in sorted(hall.pages if hall else [], key=lambda p: (p.meta.order, p.slug)):
        item, place = {page.title: f"{page.url}index.md"}, page.meta.nav
        if place not in entries:
            entries[place] = {place: []}
            nav.append(entries[place])
            added.add(place)
        elif isinstance(entries[place][place], str):  # a single page becomes a section led by it
            entries[place][place] = [entries[place][place]]
        entries[place][place].append(item)
    # a new entry with one page is that page, under its own title
    return [
        items[0] if title in added and len(items) == 1 else {title: items}
        for entry in nav
        for title, items in entry.items()
    ]


def calendar_files(hall, renderer: Renderer, site: SiteInfo) -> dict[str, str]:
    """The events' iCalendar files: one beside each event's page, and the whole calendar."""
    if not hall.events:
        return {}
    files = {
        f"{e.url}{e.slug}.ics": event_file(e, site.name, site.url, renderer.place_of(e))
        for e in hall.events
    }
    files["events/calendar.ics"] = calendar_file(
        [(e, renderer.place_of(e)) for e in hall.events], site.name, site.url
    )
    return files


def footer(hall, page_files: Files) -> dict:
    """What every page's footer shows: the visiting information in short, and links to the pages that ask for it."""
    pages = [
        (p.title, page_files.get_file_from_path(f"{p.url}index.md"))
        for p in hall.pages
        if p.meta.footer
    ]
    return {"visit": hall.visit, "pages": [(title, f.url) for title, f in pages if f is not None]}


# --- commands ----------------------------------------------------------------------------------


class _LogCapture(logging.Handler):
    """MkDocs logs a plugin's error and raises a bare Abort: keep the errors for the message,
    and show warnings (our curators' W-codes among them) as they come."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())
        else:
            print(record.getMessage(), file=sys.stderr)


class BuildFailed(Exception):
    pass


def build(
    config_file: Path,
    site_dir: Path | None = None,
    offline: bool = False,
    in_place: bool = False,
    preview=None,
) -> Path:
    """Build into a temporary folder beside the site, then swap it in: a failed or interrupted
    build leaves the previously published site whole. `offline` builds a copy that works opened from
    disk (file://) or on a kiosk without network, search included, into `site-offline/` plus a zip:
    links name their files (index.html), and the search index is scripts, which load from disk.
    `in_place` (for serve) updates the site where it is instead, writing only what changed; `preview` (serve's
    hall.engine.preview.Preview) lends the build what it keeps between saves and keeps the build's plugin."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    errors = _LogCapture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(errors)
    try:
        config = load_config(str(config_file), **({"use_directory_urls": False} if offline else {}))
        final = Path(site_dir or (config.site_dir + ("-offline" if offline else ""))).resolve()
        if "hall" in config.plugins:
            plugin = config.plugins["hall"]
            plugin.previous_site, plugin.preview = final, preview
            if preview is not None:
                preview.building = (
                    plugin,
                    config,
                )  # adopted by the preview once the build has succeeded
        if in_place:
            config.site_dir = str(final)
            with _quiet(logging.getLogger("mkdocs.commands.build"), "'dirty' build"):
                mkdocs_build(config, dirty=True)  # MkDocs then copies only the files that changed
            return final
        clean_up(final)
        if preview is None and is_current(config, final, offline):
            print(
                "展品和设置都没有改动，网站已是最新，没有重新生成（要看警告请运行 hall check）。",
                file=sys.stderr,
            )
            return final
        tmp = temporary(final, "build")
        config.site_dir = str(tmp)
        try:
            mkdocs_build(config)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except MkDocsException as exc:
        raise BuildFailed("\n".join(errors.messages) or str(exc)) from None
    finally:
        logger.removeHandler(errors)
    _swap_in(tmp, final, offline)
    return final


def _swap_in(tmp: Path, final: Path, offline: bool) -> None:
    """The new site in place of the old one (hall.files.publish), with its archive beside it when `offline`, made
    before: a build that fails here (a full disk) leaves the published site and archive as they were."""
    archive = temporary(final, "zip", ".zip")
    try:
        if offline:
            shutil.make_archive(str(archive.with_suffix("")), "zip", tmp)
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
