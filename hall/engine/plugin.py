"""The `hall` plugin's hooks: with hall.engine.frames, what speaks MkDocs while a build runs (hall.engine.build is
the build command, hall.engine.serve serves).

The plugin replaces the files MkDocs found in exhibits/ with generated pages (curators' files
are read, never written), so another Material-compatible engine can replace MkDocs here alone.
Each build's state is one hall.engine.state.BuildState, which the plugin owns.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
from functools import partial
from itertools import chain
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

import hall as hall_package
from hall.engine import manifest, reuse
from hall.engine.ahead import Ahead
from hall.engine.frames import Frames
from hall.engine.state import BuildState, report
from hall.engine.writer import Writing, remove_page
from hall.files import remove_left_temporaries, write_whole
from hall.model import codes, lineage, media
from hall.model.catalog import Kept, load_hall
from hall.model.checks import image_path
from hall.model.config import ConfigError, HallConfig, HallOptions, read_options
from hall.model.exhibit import to_read
from hall.model.schema import Panorama
from hall.processes import Beside, Now, can_fork, started
from hall.registers.tables import has_registers, load_registers, register_pages
from hall.site.gallery import Galleries
from hall.site.headers import headers_file, inline_script_hashes, nginx_snippet
from hall.site.ics import calendar_file, event_file
from hall.site.images import PANORAMA_WIDTHS, ImageProblem, pictures, seal
from hall.site.pages import LINEAGE, Planned, Renderer, SiteInfo, compiled_in
from hall.site.qr import drawing, page_url

log = logging.getLogger("mkdocs.plugins.hall")
# Files to read anew from which a process reading ahead, started where the build reads, pays off (it forks, and
# pickles its work back: a tenth of doing it)
READ_AHEAD_FROM = 400


class HallPlugin(BasePlugin):
    def __init__(self):
        super().__init__()
        self.state: BuildState | None = None  # the build under way, or the last one
        self._reuse: tuple[Path | None, Kept | None, dict | None, bool] = (None, None, None, False)
        # the files read ahead (hall.engine.ahead), until on_files takes them
        self._ahead: Ahead | None = None
        # the QR codes being drawn (on_files to on_env), the whole-hall files (on_files to on_post_build), the
        # pages (on_env to on_post_build)
        self._drawing: Beside | Now | None = None
        self._whole: Beside | Now | None = None
        self._writing: Writing | None = None

    def load_config(self, options: dict, config_file_path: str | None = None):
        """The options checked against hall.model.config.HallOptions (the one declaration of them); a wrong one
        stops the build, said in Chinese with its line. Unknown keys are warned about, as MkDocs does."""
        try:
            self.config: HallOptions = read_options(
                options, Path(config_file_path) if config_file_path else None
            )
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        for key in self.config.unknown():
            log.warning(f"mkdocs.yml 中 hall 插件没有“{key}”这项设置，已忽略（是不是写错了？）")
        return [], []

    def reuse(
        self,
        previous_site: Path | None,
        kept: Kept | None = None,
        files: dict | None = None,
        overlay: bool = False,
        ahead: Ahead | None = None,
    ) -> None:
        """Before MkDocs builds (hall.engine.build): the site this build replaces, whose unchanged files it
        reuses, and serve's files read, checks and derived fields (hall.model.catalog.Kept); or, for `hall
        build`, the files under exhibits/ and their digests, to reuse what the last build left in .cache/.
        `overlay`: the build may write only what changed, to be put into the previous site
        (BuildState.overlay). `ahead`: the files read ahead since the command started (hall.engine.ahead)."""
        self._reuse = (previous_site, kept, files, overlay)
        self._ahead = ahead

    def on_config(self, config):
        hall_config = HallConfig(
            root=Path(config.config_file_path).parent,
            exhibits_dir=Path(config.docs_dir),
            site_dir=Path(config.site_dir),
            site_name=config.site_name,
            site_url=config.site_url or "",
            options=self.config,
            config_file=Path(config.config_file_path),
        )
        try:
            vocab = hall_config.vocab
            _ = hall_config.today  # read now: a mistyped HALL_TODAY is said before building
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        remove_left_temporaries(hall_config.cache_dir)  # a killed build's
        previous_site, kept, files, self._overlay = self._reuse
        # own_nav: else on_files writes the navigation, once it knows the hall's own pages
        s = self.state = BuildState(
            config, hall_config, vocab, previous_site, kept, bool(config.nav)
        )
        templates = manifest.templates_digest(config)
        s.code = manifest.code_digest(config, templates)
        self._compiled = compiled_in(template_cache(hall_config.cache_dir, templates))
        previous = manifest.read_manifest(previous_site) if previous_site else {}
        s.previous = previous.get("pages", {})
        s.previous_files = manifest.placed_files(previous)
        if files is not None:
            s.files, s.site_dir_name = files, previous_site.name
            s.inputs = manifest.inputs_digest(config, s.code, files)
            reuse.start(s, previous.get("inputs"))
        config.theme.static_templates.discard(
            "sitemap.xml"
        )  # written by the state, so serve can too
        return config

    def on_files(self, files: Files, *, config) -> Files:
        s = self.state
        self._read_ahead()
        hall = load_hall(s.hall_config, s.kept, read=partial(self._codes, config.site_url))
        if not s.own_nav:
            config.nav = default_nav(
                s.vocab, registers=has_registers(s.hall_config.exhibits_dir), hall=hall
            )
        start = len(hall.report.problems)
        s.registers = load_registers(
            s.hall_config, hall
        )  # registers (名录): their problems block too
        s.register_problems = hall.report.problems[start:]  # serve's saves do not read them again
        s.pics = self._pictures(hall)
        report(hall)
        s.site = SiteInfo(
            config.site_name,
            config.site_url or "",
            self.config.intro,
            config.use_directory_urls,
            s.hall_config.today,
            config.site_description or "",
        )
        s.hall = hall
        same = reuse.same_exhibits(s)
        s.overlay = self._overlay and bool(same)
        # the whole-hall files (search index, open data) made beside everything from here on: the plan, the pages
        self._whole = started(self._whole_hall, same)
        docs = str(Path(config.docs_dir).resolve())
        folders = {d: str(Path(d).resolve()) for d in {f.src_dir for f in files if f.src_dir}}
        for f in list(files):
            if f.src_dir and folders[f.src_dir] == docs:
                files.remove(f)  # curators' files are sources, not pages: everything is generated
        cache = self._cache_dir()
        s.seals = {ch: seal(ch, cache) for ch in sorted({e.initial for e in hall.exhibits})}
        s.galleries = Galleries.of(hall, s.vocab)
        renderer = Renderer(hall, s.galleries, s.vocab, s.pics, s.seals, s.site, codes=s.codes)
        self._plan(renderer, files, config)
        self._outputs(renderer, cache)
        return files

    def _read_ahead(self) -> None:
        """With many files to read anew (a cold build), a forked process works out about half of them meanwhile
        (hall.engine.ahead): `hall build`'s, started before MkDocs was imported, or one started now. What it works
        out is most of what a build does before its other processes start."""
        s, config, ahead, self._ahead = self.state, self.state.hall_config, self._ahead, None
        if s.kept is None:
            return
        if ahead is None and can_fork():
            files = to_read(config.exhibits_dir, config.root, s.kept)
            ahead = Ahead.now(s.kept, config, files) if len(files) >= READ_AHEAD_FROM else None
        if ahead is not None:
            ahead.join(s.kept, config)

    def _plan(self, renderer: Renderer, files: Files, config) -> None:
        """Our pages are made and written by on_post_build, through frames (hall.engine.frames), not by MkDocs
        page by page. Pages in the navigation are in `files` until the navigation is built."""
        s = self.state
        s.planned = {
            p.src_uri: p
            for p in chain(
                renderer.plan(),
                map(Planned.made, register_pages(s.registers, s.hall, s.vocab, s.site)),
            )
        }
        for uri, plan in s.planned.items():
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            content = ""
            if plan.in_nav:  # made now: the navigation on every page shows their titles
                s.planned[uri] = plan = plan.made_now()
                content = plan.make().content
            s.page_files.append(File.generated(config, uri, content=content, inclusion=inclusion))
            if plan.in_nav:
                files.append(s.page_files.get_file_from_path(uri))

    def _codes(self, site_url: str | None, hall) -> None:
        """The QR codes of the exhibits' and events' pages (their public addresses: none without site_url), drawn in
        the pages; under way from when the files are read (`load_hall`) while the hall is checked and its pages
        planned, in state.codes before the writers fork (`_drawn`)."""
        urls = [page_url(site_url, e.url) for e in hall.exhibits + hall.events] if site_url else []
        self._drawing = drawing(urls, self.state.hall_config.cache_dir / "qr")

    def _drawn(self) -> None:
        self.state.codes.update(self._drawing.result())
        self._drawing = None

    def _outputs(self, renderer: Renderer, cache: Path) -> None:
        """The other files we make are placed by on_post_build (hall.engine.writer.place), not copied by MkDocs:
        tens of thousands of them, most the same as in the previous site."""
        s, hall = self.state, self.state.hall
        pictures = [*s.pics.values(), *s.seals.values()]
        # site path -> content, or the cached file it is a copy of
        s.outputs = {
            f"media/{name}": cache / name.split("-")[0] / name
            for name in sorted({n for p in pictures for n in p.files})
        }
        s.outputs |= {path: file for e in hall.exhibits for path, file in media.files(e).items()}
        s.outputs |= calendar_files(hall, renderer, s.site)  # and the data files, in on_env

    def on_nav(self, nav, *, config, files):
        """The navigation holds our pages; from here on MkDocs leaves them to on_post_build."""
        self.state.nav = nav
        for page in nav.pages:
            if page.file.src_uri in self.state.page_files:
                files.remove(page.file)
        return nav

    def on_env(self, env, *, config, files):
        s = self.state
        env.bytecode_cache = self._compiled  # the theme's templates, compiled by an earlier build
        for page in s.nav.pages:  # the navigation shows their titles, the 404 page included
            page.read_source(config)
        s.link_files = Files([*files, *s.page_files])
        s.frames = Frames(env, config, s.nav, s.link_files)
        s.build_key = manifest.build_key(s.code, config, s.nav)
        s.unchanged = reuse.unchanged(s)
        s.env = env
        env.globals["hall_footer"] = footer(s.hall, s.page_files)  # partials/copyright.html
        self._drawn()
        self._writing = Writing(s)  # its forked writers: last, when the state holds all they need
        return env

    def _whole_hall(self, same: set[str]) -> dict[str, str | None]:
        """The files made from the whole hall (search index, open data) placed in the site, and their digests."""
        return self.state.place_whole_hall_files(self.state.hall, same)

    def on_post_template(
        self, output_content: str, *, template_name, config
    ) -> str:  # 404.html and the like
        self.state.script_hashes |= inline_script_hashes(output_content)
        return output_content

    def on_post_build(self, *, config) -> None:
        # The loaded hall frozen: the forked writers then share it instead of copying what collections touch,
        # and the collections while the build ends (keeping its state in .cache/) do not walk it again.
        gc.freeze()
        try:
            self._post_build(config)
        finally:
            gc.unfreeze()

    def on_build_error(self, *, error) -> None:
        # a failed hall's codes are still worth caching for the next build
        if self._drawing is not None:
            self._drawing.let_go()
        for call in (self._writing, self._whole):
            if call is not None:
                call.cancel()

    def _post_build(self, config) -> None:
        s = self.state
        written = self._writing.finish(meanwhile=self._meanwhile)
        self._writing = None
        s.placed |= self._whole.result()
        self._whole = None
        if s.previous_site == s.site_dir:  # in place: pages no longer planned go
            for uri in s.previous.keys() - s.planned.keys():
                remove_page(config, uri)
            for path in s.previous_files.keys() - s.placed.keys():  # a recording no longer played
                (s.site_dir / path).unlink(missing_ok=True)
        elif s.overlay:  # what the previous site has that this one has not, for hall.files.overlay
            pages = s.previous.keys() - s.planned.keys()
            s.gone = {File.generated(config, uri, content="").dest_uri for uri in pages}
            s.gone |= s.previous_files.keys() - s.placed.keys()
        s.previous = {uri: [key, sorted(hashes)] for uri, (key, hashes) in written.items()}
        s.write_manifest(s.inputs or manifest.inputs_digest(config, s.code, s.files))
        s.script_hashes = s.script_hashes.union(*(hashes for _, hashes in written.values()))
        write_whole(s.site_dir / "_headers", headers_file(s.script_hashes).encode())
        write_whole(s.site_dir / "nginx-headers.conf", nginx_snippet(s.script_hashes).encode())

    def _meanwhile(self) -> None:
        """What needs no page's key, done while the whole-hall files may still be made: the other files placed, the
        sitemap, and the record for the next build (hall.engine.reuse; should this build fail after all, its site
        is not the one the record describes, and the next build reuses nothing)."""
        s = self.state
        for path, output in s.outputs.items():
            s.place(path, output)
        s.write_sitemap()
        if s.files is not None:
            reuse.keep(s, s.inputs)

    def _cache_dir(self) -> Path:
        return self.state.hall_config.cache_dir / "images"

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
                notice = result.notice.reworded(codes.IN_IMAGE, src=key[1])
                hall.report.add(notice.at(e.rel, e.line(*loc, "src")))
            else:
                pics[key] = result
        return pics


def template_cache(cache_dir: Path, code: str) -> Path:
    """Where the templates are kept compiled: beside the hall's compiled Python (its __pycache__), as they depend on
    its code alone, so that a hall's first build does not compile them again; in the hall's cache where the code's
    folder cannot be written. A folder for this code (Jinja's bytecode depends on the environment's settings, which
    its checks do not cover: `code`, hall.engine.manifest.templates_digest); the folders of other code are removed."""
    beside_code = Path(hall_package.__file__).parent / "__pycache__"
    root = (
        beside_code / "templates"
        if os.access(beside_code.parent, os.W_OK)
        else cache_dir / "templates"
    )
    folder = root / code[:16]
    if not folder.is_dir():
        shutil.rmtree(root, ignore_errors=True)
    return folder


def default_nav(vocab, registers: bool = False, hall=None) -> list:
    """The navigation: the home page, the lists and galleries, 活动 when there are events, and the hall's own pages
    (exhibits/pages/) under their `nav` entry (an existing one, or a new one at the end), in their `order`."""
    nav = [
        {"序厅": "index.md"},
        {"展览": "exhibitions/index.md"},
        {"人物": "people/index.md"},
        *([{"传承": f"{LINEAGE}index.md"}] if hall and lineage.has_ties(hall) else []),
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
