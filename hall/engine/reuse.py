"""What a build leaves in .cache/ for the next build, so that a build in a new process after an edit of a few
exhibits' Markdown costs what changed, as serve's saves do (hall.engine.preview): the files as read, checked and
enriched (hall.model.catalog.Kept, by content digest), what each page showed (its plan's `shows`) and which pages
show each exhibit linked. It describes one site (its manifest's inputs digest); any other site ignores it."""

from __future__ import annotations

import gc
import secrets
import sys
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from hall.files import read_pickle, write_pickle
from hall.model import lineage
from hall.model.catalog import Kept
from hall.model.schema import KINDS

FILE = "last-build-{site}.pickle"  # in the hall's cache folder (mkdocs.yml's cache_dir), one per site folder
# beside it: a later build's record, with only what that build read anew
UPDATE = "last-build-{site}-update.pickle"
FORMAT = (5, sys.version)  # pickles of another format or Python are not read
PARTS = ("sources", "checks", "derived")  # of a Kept, each by file
# files read anew since the whole record was written, beyond which it is written whole again: a tenth of them,
# or 50 (a small hall's record is small either way)
UPDATE_AT_MOST = (0.1, 50)


@dataclass
class Record:
    inputs: str  # the inputs digest of the site it describes (hall.engine.manifest)
    build_key: str  # code, settings and navigation (hall.engine.manifest.build_key)
    code: str  # code and settings (hall.engine.manifest.code_digest)
    files: dict[str, bytes]  # every file under exhibits/ -> its SHA-256
    kept: Kept
    shows: dict[str, tuple | None]  # page -> what its plan showed
    linked: dict[str, set[str]]  # exhibit slug -> the pages that show it linked (linked_pages)
    today: date
    # the whole record's name; an update (UPDATE) names the whole record it completes, and holds only the Kept
    # entries of the files read anew since (`since`): one edit then writes a few of them, not 70 MB
    base: str = ""
    since: set = field(default_factory=set)
    format: tuple = field(default=FORMAT)


def read(cache_dir: Path, site: str) -> Record | None:
    """The last build's record (the whole one, completed by its update); None when there is none or it cannot be
    read (then nothing is reused). An update of another whole record is not used."""
    whole = _read(cache_dir / FILE.format(site=site))
    update = _read(cache_dir / UPDATE.format(site=site)) if whole else None
    if update is None or update.base != whole.base:
        return whole
    for part in PARTS:
        getattr(whole.kept, part).update(getattr(update.kept, part))
    update.kept = whole.kept
    return update


def _read(path: Path) -> Record | None:
    try:
        # its millions of objects live as long as the build: frozen, collections need not walk them (the
        # plugin unfreezes once the pages are written, hall.engine.build if the build fails)
        last = read_pickle(path, frozen=True)
    except (
        Exception
    ):  # missing, truncated, or pickled by other code: a cache, never a reason to fail
        return None
    if not isinstance(last, Record) or last.format != FORMAT:
        return None
    return last if all(hasattr(last, f.name) for f in fields(Record)) else None  # other code's


def write(cache_dir: Path, site: str, record: Record, before: dict | None = None) -> None:
    """The record, as an update of the whole one the build read (`before`: its Kept entries, by part) when the
    files read anew since that was written are few, else whole (with a new name, which no update has)."""
    update = cache_dir / UPDATE.format(site=site)
    if before is not None:
        record.since |= {
            path
            for part in PARTS
            for path, entry in getattr(record.kept, part).items()
            if before[part].get(path) is not entry
        }
        kept = record.kept
        most = max(UPDATE_AT_MOST[0] * len(kept.sources), UPDATE_AT_MOST[1])
        if len(record.since) <= most and all(
            before[part].keys() <= getattr(kept, part).keys() for part in PARTS
        ):
            record.kept = Kept(
                *(
                    {p: e for p, e in getattr(kept, part).items() if p in record.since}
                    for part in PARTS
                )
            )
            write_pickle(update, record)
            return
    record.base, record.since = secrets.token_hex(8), set()
    write_pickle(cache_dir / FILE.format(site=site), record)
    update.unlink(missing_ok=True)


def stamps(docs: Path, files: dict[str, bytes]) -> dict[str, tuple]:
    """Kept.stamps by content (a checkout gives every file a new time): path as MkDocs has it -> (digest,)."""
    return {str(docs / rel): (digest,) for rel, digest in files.items()}


def only_exhibits_edited(before: dict[str, bytes], now: dict[str, bytes]) -> set[str] | None:
    """The exhibits' Markdown files edited since (paths under exhibits/), or None when anything else changed:
    a file added or removed, a picture, a register, a page or an event (then every page is looked at)."""
    if before.keys() != now.keys():
        return None
    changed = {rel for rel, digest in now.items() if before[rel] != digest}
    if any(not rel.endswith(".md") or rel.split("/")[0] not in KINDS for rel in changed):
        return None
    return changed


def prune(kept: Kept, paths: set[str]) -> Kept:
    """What is kept of the files there are (paths as MkDocs has them), without serve's stamps."""
    return Kept(
        {p: v for p, v in kept.sources.items() if str(p) in paths},
        {p: v for p, v in kept.checks.items() if str(p) in paths},
        {p: v for p, v in kept.derived.items() if str(p) in paths},
    )


def linked_pages(hall, slugs) -> dict[str, set[str]]:
    """The pages that show each of these exhibits because it is linked with them (and its own)."""
    by_slug, pages = hall.by_slug(), {}
    for e in filter(None, map(by_slug.get, slugs)):
        linked = [
            *(e, *e.artifacts, *e.collectives, *e.members, *e.related, *e.lessons, *e.uses),
            *lineage.linked(e),
        ]
        pages[e.slug] = {f"{x.url}index.md" for x in linked + ([e.maker] if e.maker else [])}
    return pages


def showing(slugs: set[str], linked, old_shows: dict, plans: dict) -> set[str]:
    """The pages that can show one of these exhibits, before or after the edit: the pages linked with them
    (`linked`: sets of pages, before and after), and every page (the home page, a list, a gallery, the
    timeline) that shows one of them or now shows something else (order, counts, headings: what its plan says
    it shows), and every page that was not there."""
    uris = set().union(*linked)
    for uri, plan in plans.items():
        if uri not in old_shows or (
            plan.shows is not None
            and (plan.shows != old_shows[uri] or not slugs.isdisjoint(plan.members))
        ):
            uris.add(uri)
    return uris


def start(state, previous_inputs: str | None) -> None:
    """A build run by `hall build` (with `state.files` hashed): the files are read through a Kept, the last
    build's when its record describes the site this build replaces. Its checks and derived fields are
    reused only when nothing but exhibits' Markdown changed (they also look at pictures and recordings)."""
    cache = state.hall_config.cache_dir
    record = read(cache, state.site_dir_name) if previous_inputs else None
    if record is not None and record.inputs != previous_inputs:
        record = None
        gc.unfreeze()  # what read froze is garbage: collected as usual
    state.record = record
    state.kept = record.kept if record else Kept()
    if record is not None:  # what the whole record has, for an update of it (write)
        state.kept_before = {part: dict(getattr(state.kept, part)) for part in PARTS}
    state.kept.stamps = stamps(state.hall_config.exhibits_dir, state.files)
    state.edited = only_exhibits_edited(record.files, state.files) if record else None
    if state.edited is None:
        state.kept.checks.clear()
        state.kept.derived.clear()


def unchanged(state) -> set[str]:
    """The pages this build takes as the last one wrote them: when only exhibits' Markdown changed, under the
    same code, settings and navigation (and day, with events), every page that cannot show an edited
    exhibit (the register pages are always looked at: they are made already, their keys cost nothing)."""
    record = state.record
    if record is None or record.build_key != state.build_key or not _comparable(state):
        return set()
    slugs = _edited(state)
    touched = showing(slugs, _linked(state, slugs), record.shows, state.planned)
    return {u for u in state.planned.keys() - touched if not u.startswith("registers/")}


def same_exhibits(state) -> set[str]:
    """The exhibits (slugs) whose open data records and search documents are the last build's, known before the
    pages are planned: under the same code and settings, those neither edited nor linked with one edited, before
    or after (their records and documents name the exhibits they are linked with, and nothing of other pages)."""
    if state.record is None or state.record.code != state.code or not _comparable(state):
        return set()
    slugs = _edited(state)
    touched = set().union(*_linked(state, slugs))
    return {e.slug for e in state.hall.exhibits if f"{e.url}index.md" not in touched}


def _comparable(state) -> bool:
    """Whether only exhibits' Markdown changed since the last build (and not the day, with events)."""
    if state.edited is None:
        return False
    return not state.hall.events or state.record.today == state.hall_config.today


def _edited(state) -> set[str]:
    """The slugs of the exhibits whose Markdown was edited."""
    edited = {str(state.hall_config.exhibits_dir / rel) for rel in state.edited}
    return {e.slug for e in state.hall.entries() if str(e.path) in edited}


def _linked(state, slugs: set[str]) -> list[set[str]]:
    """The pages linked with these exhibits, as the last build had them and as they are now."""
    linked = [state.record.linked.get(slug, set()) for slug in slugs]
    return linked + list(linked_pages(state.hall, slugs).values())


def keep(state, inputs: str) -> None:
    """After a build run by `hall build`: its record, for the next build."""
    hall = state.hall
    paths = set(state.kept.stamps)
    record = Record(
        inputs,
        state.build_key,
        state.code,
        state.files,
        prune(state.kept, paths),
        {uri: plan.shows for uri, plan in state.planned.items()},
        linked_pages(hall, [e.slug for e in hall.exhibits]),
        state.hall_config.today,
        state.record.base if state.record else "",
        set(state.record.since) if state.record else set(),
    )
    write(state.hall_config.cache_dir, state.site_dir_name, record, state.kept_before)
