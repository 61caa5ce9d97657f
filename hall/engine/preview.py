"""What `serve` keeps between saves, and the quick way to show an edit.

A save that only changes exhibits' Markdown files (none added or removed; no image, register, theme or
configuration change) is applied in place. The hall is read again from the sources kept in memory, so only
the changed files are parsed, and the checks of unchanged files are not run again. Then only the pages that
can show a changed exhibit are made again: its own page, the pages of the exhibits it is linked with, the
home page, and the pages of lists, galleries and the timeline that show it or now show something else.
Of those, only pages whose key changed are rendered and written. Pages that appear or go (a list gains or
loses a page, a gallery appears or goes) are written or removed, with the sitemap, unless the navigation lists
them. The open data and the search index follow (with the pages' keys) in the background, once saves pause;
a refresh still running when the next save comes is ended, and made again after it.

A save that changes only what an exhibit's own page and its card show (its story, summary or sources, an
exhibition's introduction and its units' text and captions: hall.model.exhibit.CONTENT) takes a shorter way
still: the saved files alone are read and checked, their readings take the place of the last ones in the last
hall, and its links, galleries and plan stay as they are; only the pages showing those exhibits are made again.
A save that also renames them (hall.model.exhibit.NAMING, keeping the seal's character) is read the same way;
what orders them by name is sorted again, and the pages are planned anew as above.

Which files changed is told by serve's watcher, where it names every path saved (inotify, Windows: follow):
an update looks at those files alone, and a check a second later at every file, in case a notice was lost.

Anything else is a build in place (hall.engine.build.build_in_place), which still reuses every unchanged page.
The preview knows the last build through hall.engine.state.LastBuild only.
tests/test_preview.py checks that after each kind of edit the folder is what a fresh build gives.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from hall.engine.build import build_in_place
from hall.engine.manifest import read_manifest
from hall.engine.reuse import linked_pages, showing
from hall.engine.state import LastBuild
from hall.files import link_or_copy
from hall.model import activities, enrich, media
from hall.model.catalog import Kept, load_hall, reread, rescan, scan
from hall.model.config import load as hall_config
from hall.model.events import today as events_today
from hall.model.exhibit import CONTENT, NAMING, same_but
from hall.model.problems import Report
from hall.model.schema import KINDS
from hall.processes import fork_context, let_endings_in, start_forked
from hall.site.gallery import Galleries
from hall.site.pages import Renderer

QUIET = 2.0  # seconds without a save before the whole-hall files are made again
CHECK = 1.0  # seconds after a save found by the watcher's notices, before every file is looked at once more
MANY = 200  # paths named at once (a checkout, a folder copied in): every file is looked at, faster than each


class Preview:
    def __init__(self, config_file: Path, site: Path):
        self.config_file, self.site = Path(config_file).resolve(), site  # as HallConfig has it
        self.kept = Kept()  # files read, their checks and derived fields, from save to save
        self.cards: dict = {}  # hall.site.pages.Renderer's cards, while the pictures stay those of the last build
        self.last: LastBuild | None = None  # the last build that succeeded
        self.stamps: dict[
            str, tuple[int, int]
        ] = {}  # mkdocs.yml and every file under exhibits/: (mtime, size)
        self.exhibits_dir: Path | None = None  # as the plugin has it, known after the first build
        self.pending = None  # the process (or thread) making the whole-hall files of the last save
        self.pending_hall = None  # the hall it makes them for
        self.timer: threading.Timer | None = None
        self.due = None  # the hall whose whole-hall files wait for a pause
        self.lock = threading.Lock()
        self.ready = threading.Event()  # set once a build has given the preview its state
        # (stamps, hall) of the files the last build or save read, in one assignment: the workspace's to-do
        # view and form checks take this hall when they find the files as the preview read them
        self.known: tuple[dict, object] = ({}, None)
        # the paths serve's watcher named saved since the files were last looked at; None: look at all of them
        self.named: set[str] | None = None
        self.watched = None  # once the watcher names every save: what asks for an update (follow)
        self.checker: threading.Timer | None = None
        self.busy = threading.Lock()  # an update, or the check after one
        self.named_lock = threading.Lock()

    def seed(self, published: Path, inputs: str) -> bool:
        """Start from the last build, to serve at once: its pages and the files we make are linked (they are only
        ever replaced, never written into), the rest copied. Returns whether it is what a build would give now
        (its manifest says so); if not, the build that follows brings it up to date, reusing what did not change."""
        manifest = read_manifest(published)
        if not manifest:
            return False
        ours = {uri.removesuffix(".md") + ".html" for uri in manifest["pages"]} | set(
            manifest.get("files", [])
        )
        for folder, _, names in os.walk(published):
            for name in names:
                source = Path(folder) / name
                rel = source.relative_to(published).as_posix()
                target = self.site / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                (link_or_copy if rel in ours else shutil.copy2)(source, target)
        return manifest.get("inputs") == inputs

    def build(self) -> str:
        """A whole build, in place (the pages' paths stay those of the served folder): what the first start
        and unusual saves do."""
        self.wait()
        self.site.mkdir(parents=True, exist_ok=True)
        folder = self.exhibits_dir or hall_config(self.config_file).exhibits_dir
        stamps = self._scan(
            folder
        )  # before the build reads the files: a save meanwhile is seen by the next update
        config = str(self.config_file)
        if self.stamps and stamps.get(config) != self.stamps.get(config):
            self.kept.checks.clear()  # they depend on mkdocs.yml too: its vocabularies, its public numbers
            self.kept.derived.clear()
        with self._stamped(stamps):
            self.last = build_in_place(self.config_file, self.site, self.kept)
        self.cards = {}  # the pictures may have changed
        self.ready.set()
        self.exhibits_dir = self.last.hall_config.exhibits_dir  # as MkDocs has it: exhibits' paths
        self.stamps = stamps if folder == self.exhibits_dir else self._scan(self.exhibits_dir)
        self.known = (self.stamps, self.last.hall)
        gc.collect()
        gc.freeze()  # what stays from save to save (sources read, checks, templates) is left out of collections
        return "build"

    def update(self) -> str:
        """Show what was saved: the quick way when it can, else a build in place. Returns which it took."""
        self.ready.wait()  # a serve that started from the last build is still reading the hall
        if self.checker is not None:
            self.checker.cancel()
        gc.disable()  # a save makes many objects and no cycles worth a collection in the middle of it
        try:
            with self.busy:
                taken, noticed = self._update()
        except BaseException:
            self._forget()  # what it took from the watcher's notices is looked at again
            raise
        finally:
            gc.enable()
        if noticed:
            self.checker = threading.Timer(CHECK, self.recheck)
            self.checker.daemon = True
            self.checker.start()
        return taken

    def follow(self, missed) -> None:
        """serve's watcher names every path saved from now on (the system's notices, not polling): an update
        looks at those alone, not at every file (11,550 at 10,000 exhibits). A check after it finds what the
        notices missed (a queue that overflowed: neither inotify's nor Windows' says so to watchdog's handlers)
        and calls `missed`, which asks for an update; that one looks at every file."""
        self.watched = missed

    def saw(self, paths) -> None:
        """Paths serve's watcher named saved: created, written, removed or moved (from its thread)."""
        with self.named_lock:
            if self.named is not None:
                self.named.update(paths)

    def recheck(self) -> None:
        """Every file looked at once more after an update that looked where the notices said: any other file
        changed since (its notice lost) has the next update, asked for now, look at every file."""
        with self.busy:
            try:
                now = scan(self.config_file, self.exhibits_dir)
            except OSError:  # mkdocs.yml gone for a moment: the update says what it finds
                now = None
            with self.named_lock:
                if self.named is None:
                    return  # every file is looked at anyway
                if now is not None and all(
                    now.get(path) == self.stamps.get(path) or _named(path, self.named)
                    for path in now.keys() | self.stamps.keys()
                ):
                    return
                self.named = None
        self.watched()

    def _forget(self) -> None:
        with self.named_lock:
            self.named = None

    def _look(self) -> tuple[dict, bool]:
        """The files' stamps now, and whether only the paths the watcher named were looked at."""
        with self.named_lock:
            named, self.named = self.named, (set() if self.watched else None)
        if named is not None and len(named) <= MANY:
            stamps = rescan(self.stamps, named, self.config_file, self.exhibits_dir)
            if stamps is not None:
                return stamps, True
        return scan(self.config_file, self.exhibits_dir), False

    def _update(self) -> tuple[str, bool]:
        if self.last is None:  # no build has succeeded yet
            return self.build(), False
        stamps, noticed = self._look()
        changed = {
            path
            for path in stamps.keys() | self.stamps.keys()
            if stamps.get(path) != self.stamps.get(path)
        }
        if not changed:
            return "nothing", noticed
        self._yield_cores()
        if not (taken := self._quick(changed, stamps)):
            return self.build(), False
        self.stamps, self.known = stamps, (stamps, self.last.hall)
        return taken, noticed

    @contextmanager
    def _stamped(self, stamps: dict):
        """The files are read as the scan just found them: not looked at again to see whether they changed (and
        what is read is what self.stamps will say)."""
        self.kept.stamps = stamps
        try:
            yield
        finally:
            self.kept.stamps = {}

    def wait(self) -> None:
        """Until the whole-hall files of the last save are written (made now if they were still waiting)."""
        if self.timer is not None:
            self.timer.cancel()
        self._flush()
        if self.pending is not None:
            self.pending.join()
            self.pending = None

    def stop(self) -> None:
        """At the end of serve, whose folder goes: the whole-hall files still to be made are not wanted."""
        if self.timer is not None:
            self.timer.cancel()
        if self.checker is not None:
            self.checker.cancel()
        if self.pending is not None:
            _end(self.pending)

    def _later(self, hall) -> None:
        """The open data and the search index once saves pause for QUIET seconds, in a process of their own:
        they take seconds for thousands of exhibits, and the next save should not wait for them."""
        with self.lock:
            self.due = hall
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(QUIET, self._flush)
        self.timer.daemon = True
        self.timer.start()

    def _yield_cores(self) -> None:
        """A save to show: a refresh still running is out of date and would take the cores the save needs; it
        ends, and is due again (the save's own replaces it; should the save fail, it runs after a pause)."""
        with self.lock:
            if self.pending is None or not hasattr(self.pending, "terminate"):
                return  # a thread cannot be ended: it finishes
            again = None
            if self.pending.is_alive():
                # at once: a process behind others takes its time to handle SIGTERM (0.3 s seen at 10,000); all
                # it leaves is the temporary file it was writing, under a name nothing links to
                self.pending.kill()
                again = None if self.due else self.pending_hall
            self.pending = self.pending_hall = None
        if again is not None:
            self._later(again)

    def _flush(self) -> None:
        with self.lock:
            hall, self.due = self.due, None
            if hall is None:
                return
            if (
                self.pending is not None
            ):  # an older refresh is out of date (its files are each written whole)
                _end(self.pending)
            fork = (
                fork_context()
            )  # else a thread: a spawned process would have to read the whole hall again
            self.pending = (
                fork.Process(target=_behind, args=(self._whole_hall_files, hall), daemon=True)
                if fork
                else threading.Thread(target=self._whole_hall_files, args=(hall,), daemon=True)
            )
            self.pending_hall = hall
            if fork:
                start_forked(self.pending)
            else:
                self.pending.start()

    def _scan(self, exhibits_dir: Path) -> dict[str, tuple[int, int]]:
        """Every file looked at: the watcher's notices from now on say what changes after."""
        with self.named_lock:
            self.named = set() if self.watched else None
        return scan(self.config_file, exhibits_dir)

    def _quick(self, changed: set[str], stamps: dict) -> str | None:
        p = self.last
        if stamps.keys() != self.stamps.keys() or any(
            not path.endswith(".md")
            or Path(path).relative_to(self.exhibits_dir).parts[0] not in KINDS
            for path in changed
        ):
            return None  # mkdocs.yml, a picture, a register, a page or an event, a file added or removed
        if p.hall and p.hall.events and p.site.today != events_today():
            return None  # a new day: the events' upcoming dates move on every page that lists them
        with self._stamped(stamps):
            found = self._reread(changed)
            if found and all(same_but(old.meta, new.meta) for old, new in found[0]):
                return self._in_place(*found)
            hall, saved, galleries = self._renamed(*found) if found else self._loaded(changed)
        if hall is None:
            return None  # the build reports the errors; a new picture, seal or recording is placed by a build
        slugs = {e.slug for e in saved}
        renderer = Renderer(hall, galleries, p.vocab, p.pics, p.seals, p.site, self.cards, p.codes)
        planned = found and renderer.plan_renamed(p.planned, saved)
        if not planned:
            planned = {plan.src_uri: plan for plan in renderer.plan()}
            planned |= {
                uri: plan for uri, plan in p.planned.items() if uri.startswith("registers/")
            }
        added, removed = planned.keys() - p.planned.keys(), p.planned.keys() - planned.keys()
        if any(planned[uri].in_nav for uri in added) or any(
            p.planned[uri].in_nav for uri in removed
        ):
            return None  # the navigation changes, and with it every page
        linked = [*linked_pages(p.hall, slugs).values(), *linked_pages(hall, slugs).values()]
        shown = {uri: plan.shows for uri, plan in p.planned.items()}
        touched = showing(slugs, linked, shown, planned) & planned.keys()
        p.replan(planned, hall, galleries)
        for uri in removed:  # a list that lost a page, a gallery that went
            p.drop_page(uri)
        for uri in added:
            p.add_page(uri)
        for uri in touched:
            p.rewrite_page(uri)
        if added or removed:
            p.write_sitemap()
        self._later(hall)
        return "named" if found else "quick"

    def _reread(self, changed: set[str]):
        """The saved files read again, when each changed at most in its story, CONTENT and NAMING, without
        errors and keeping its seal's character: (pairs, problems) as hall.model.catalog.reread gives them."""
        p = self.last
        found = reread(p.hall, p.hall_config, self.kept, changed, CONTENT | NAMING)
        if found is None or Report(found[1]).errors:
            return None
        return found if all(new.initial == old.initial for old, new in found[0]) else None

    def _in_place(self, pairs: list, problems: list) -> str:
        """Exhibits whose story, summary or sources alone changed (hall.model.exhibit.CONTENT): their new
        readings take the place of the last ones in the last hall, whose links, galleries and plan stay as they
        are, and only the pages showing them are made again."""
        p = self.last
        slugs = {old.slug for old, _ in pairs}
        self._take(pairs, problems)
        shown = {uri: plan.shows for uri, plan in p.planned.items()}
        for uri in showing(slugs, linked_pages(p.hall, slugs).values(), shown, p.planned):
            p.rewrite_page(uri)
        self._later(p.hall)
        return "content"

    def _renamed(self, pairs: list, problems: list) -> tuple:
        """Exhibits renamed (hall.model.exhibit.NAMING): in place too, with what orders or names them by name
        made again; the pages are planned anew."""
        p = self.last
        renamed = [old for old, _ in pairs]
        self._take(pairs, problems)
        enrich.renamed(p.hall, renamed)
        p.galleries.resort(renamed)
        return p.hall, renamed, p.galleries

    def _take(self, pairs: list, problems: list) -> None:
        p = self.last
        rels = {old.rel for old, _ in pairs}
        enrich.take(pairs)
        p.hall.report = Report([q for q in p.hall.report.problems if q.path not in rels] + problems)
        p.report(p.hall, rels)

    def _loaded(self, changed: set[str]) -> tuple:
        """The hall read again (the kept readings of unchanged files), its saved exhibits and galleries; no hall
        when it has errors, or a save needs what only a build places or removes (a picture, seal or recording)."""
        p = self.last
        hall = load_hall(p.hall_config, self.kept)
        saved = [e for e in hall.exhibits if str(e.path) in changed]
        if (
            hall.report.errors
            or any(
                (e.slug, image.src) not in p.pics for e in saved for _, image in e.image_entries()
            )
            or {e.initial for e in hall.exhibits} != p.seals.keys()
            or not _same_media(saved, p.hall, p.outputs)
            or _counts_moved(saved, p.hall, p.planned)
        ):
            return None, saved, None
        hall.report.problems += p.register_problems
        p.report(hall, {e.rel for e in saved})
        return hall, saved, Galleries.of(hall, p.vocab)

    def _whole_hall_files(self, hall) -> None:
        self.last.write_whole_hall_files(hall)


def _behind(make, hall) -> None:
    """A refresh in a process of its own yields the cores to the next save and to the browser showing it."""
    let_endings_in()  # serve's handler, inherited: SIGTERM ends it quietly
    os.nice(10)
    make(hall)


def _end(pending, grace: float = 5.0) -> None:
    """An out-of-date refresh ended: asked to (SIGTERM), then made to. A process forked beside threads can hang
    on a lock one of them held at the fork, where SIGTERM's handler never runs; waiting for it would hold the
    preview's lock, and with it every save after, for ever. A thread (no fork) is waited for."""
    if hasattr(pending, "terminate"):
        pending.terminate()
        pending.join(grace)
        if pending.is_alive():
            pending.kill()
    pending.join()


def _named(path: str, named: set[str]) -> bool:
    """Whether the watcher named the path, or a folder it is in."""
    while path not in named:
        path, last = os.path.dirname(path), path
        if path == last:
            return False
    return True


def _counts_moved(saved: list, old_hall, planned: dict) -> bool:
    """A saved person's activities counted anew, in a hall whose registers show the count (made by builds only)."""
    if not any(uri.startswith("registers/") for uri in planned):
        return False
    old = old_hall.by_slug()
    return any(activities.count(e) != activities.count(old.get(e.slug, e)) for e in saved)


def _same_media(saved: list, old_hall, outputs: dict) -> bool:
    """The saved exhibits play the files they played, all placed in the site (a recording named or no longer
    named is placed or removed by a build)."""
    old = old_hall.by_slug()
    for e in saved:
        files, before = media.files(e), old.get(e.slug)
        if files.keys() - outputs.keys() or (before is not None and media.files(before) != files):
            return False
    return True
