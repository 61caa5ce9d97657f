"""What a build leaves in its site for the next build (and serve) to reuse: the manifest of its pages' keys and
files, and the digests that say whether the site is what a build would give now."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib.metadata import version
from pathlib import Path

import hall
from hall.files import write_whole
from hall.model.events import today as events_today

MANIFEST = ".hall-pages.json"  # in the site: what the next build (and serve) may reuse from it


def read_manifest(site: Path) -> dict:
    """A site's manifest; nothing (so nothing is reused) when it is missing, unreadable or of another format."""
    try:
        manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        manifest if isinstance(manifest, dict) and isinstance(manifest.get("pages"), dict) else {}
    )


def write_manifest(
    site: Path, pages: dict, files: dict[str, str | None], inputs: str | None
) -> None:
    """The pages' keys, the other files the plugin placed (path -> the digest of what was written, None for a
    copy of a cached file, whose name holds its content's digest), and the digest of the inputs (None: not a site
    to start a preview from)."""
    manifest = {"inputs": inputs, "pages": pages, "files": dict(sorted(files.items()))}
    # compact: json's encoder in C writes only that (with `indent`, the Python one: 0.2 s at 10,000 exhibits)
    write_whole(
        site / MANIFEST, json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    )


def placed_files(manifest: dict) -> dict[str, str | None]:
    """The files a site's manifest says the plugin placed, and their digests (none in a manifest that lists
    only their paths)."""
    files = manifest.get("files", {})
    return dict(files) if isinstance(files, dict) else dict.fromkeys(files)


def output_digest(content: bytes) -> str:
    """What the manifest keeps of a file the plugin wrote: a later build that would write the same links it
    from this site without reading it."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def code_digest(config, templates: str | None = None) -> str:
    """The build's code and settings: `templates_digest` (`templates`, when already known) and mkdocs.yml."""
    settings = Path(config.config_file_path).read_bytes()
    return hashlib.sha256((templates or templates_digest(config)).encode() + settings).hexdigest()


def templates_digest(config) -> str:
    """The code that renders, which compiled templates depend on: the hall package (code, templates, theme),
    other theme folders, and the versions of Python and of what renders."""
    digest = hashlib.sha256()
    folders = [
        Path(hall.__file__).parent,
        *(Path(d) for d in config.theme.dirs if "site-packages" not in d),
    ]
    for folder in folders:
        for path in sorted(
            p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    packages = [version(d) for d in ("mkdocs", "mkdocs-material", "markdown", "nh3", "jinja2")]
    digest.update(repr([sys.version, packages]).encode())
    return digest.hexdigest()


def build_key(code: str, config, nav) -> str:
    """What every page depends on besides its own source: the build's code and settings, and the navigation."""
    pages = [config.use_directory_urls, [(p.url, p.title) for p in nav.pages]]
    return hashlib.sha256((code + repr(pages)).encode()).hexdigest()


def page_key(build: str, src_uri: str, ours) -> str:
    """What went into one page (hall.site.pages' made page): when the previous build wrote the same, it is reused."""
    parts = (build, src_uri, ours.stable_content, *ours.parts)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def is_current(config, site: Path, offline: bool = False, files: dict | None = None) -> bool:
    """Whether `site` (and its archive, for an offline build) is what a build would make now: its manifest
    names the digest of today's inputs. Then a build has nothing to do and writes nothing."""
    if offline and not site.with_suffix(".zip").is_file():
        return False
    return read_manifest(site).get("inputs") == inputs_digest(config, files=files)


def file_digests(docs: Path) -> dict[str, bytes]:
    """Every file under exhibits/ (path as under it) and the SHA-256 of its content, in a fixed order."""
    # Paths as strings: every build digests every file under exhibits/ (21,000 at 10,000 exhibits)
    digests, root = {}, os.fspath(docs)
    for folder, _, names in sorted(os.walk(root)):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in sorted(names):
            with open(os.path.join(folder, name), "rb") as fh:
                digests[prefix + name] = hashlib.sha256(fh.read()).digest()
    return digests


def inputs_digest(config, code: str | None = None, files: dict | None = None) -> str:
    """Everything a build reads: the code and settings (`code`, when already known), and every file under
    exhibits/ (`files`, when already hashed: by content, so that the same files give the same site on any
    machine). A site whose manifest has the same digest is what a build would give now. With events, the day is
    an input too: what is upcoming changes overnight."""
    digest = hashlib.sha256(
        (code or code_digest(config)).encode() + repr(config.use_directory_urls).encode()
    )
    docs = Path(config.docs_dir)
    for rel, content in (files if files is not None else file_digests(docs)).items():
        digest.update(rel.encode() + b"\0" + content)
    if any((docs / "events").glob("**/*.md")):
        digest.update(events_today().isoformat().encode())
    return digest.hexdigest()
