"""Responsive, privacy-safe image derivatives, cached by content hash.

Each source image becomes WebP renditions at a few widths (never upscaled) plus a JPEG (or PNG
when it has transparency) fallback, EXIF-oriented, converted to sRGB and stripped of all metadata.
The cache key is the file's bytes plus the processing parameters, so an unchanged image is never
decoded twice, and a changed one is reprocessed alone.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from tqdm import tqdm

from hall.model import codes
from hall.model.problems import Refusal
from hall.processes import pool_context

# WebP method 2 and a baseline (not progressive) JPEG: 0.31 s CPU a 12-megapixel photo instead of 0.53 s, for
# WebP files 4 % larger at an SSIM 0.001 lower (bench/images.py --compare); the JPEG is only the fallback.
PARAMS = {
    "version": 2,
    "widths": (480, 960, 1600),
    "webp_quality": 80,
    "webp_method": 2,
    "jpeg_quality": 82,
}
# A panorama is looked around in WebGL: one texture, at most 4096 px wide, the size every phone's GPU takes.
PANORAMA_WIDTHS = (2048, 4096)
MAX_PIXELS = 60_000_000  # a 60-megapixel cap guards against decompression bombs
MAX_BYTES = 30 * 1024 * 1024
PROGRESS_FROM = 10  # images to make before a progress bar is worth showing
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageProblem(Refusal):
    """A bad image, with what to say to the curator."""


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: (
        str | None
    )  # file names inside the cache entry, also their published names; no WebP for SVG
    fallback: str


@dataclass(frozen=True)
class Picture:
    digest: str
    renditions: tuple[Rendition, ...]

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    @property
    def files(self) -> list[str]:
        return [name for r in self.renditions for name in (r.webp, r.fallback) if name]


def digest_of(data: bytes, originals: bool = False, widths: tuple = PARAMS["widths"]) -> str:
    params = json.dumps(
        {**PARAMS, "widths": widths, "originals": originals}, sort_keys=True
    ).encode()
    return hashlib.sha256(params + b"\0" + data).hexdigest()[:20]


def pictures(
    sources: list[Path],
    cache_dir: Path,
    *,
    originals: bool = False,
    progress: bool = False,
    widths: tuple = PARAMS["widths"],
) -> dict[Path, Picture | ImageProblem]:
    """Many images at once: each file read once; cached ones looked up, the rest made in parallel across
    cores, with a progress bar on a terminal when there are many. `originals` adds a full-size rendition
    (still stripped of metadata) for sites that choose to publish originals; `widths` are the renditions'
    (PANORAMA_WIDTHS for panoramas)."""
    results: dict[Path, Picture | ImageProblem] = {}
    todo = []
    for src in sources:
        try:
            data = _read(src)
        except ImageProblem as problem:
            results[src] = problem
            continue
        digest = digest_of(data, originals, widths)
        manifest = cache_dir / digest / "manifest.json"
        if manifest.is_file():
            results[src] = _from_manifest(digest, manifest)
        else:
            todo.append((src, data, digest))
    args = [(data, digest, cache_dir, originals, widths) for _, data, digest in todo]
    bar = tqdm(
        total=len(todo),
        desc="处理图片",
        unit="张",
        file=sys.stderr,
        leave=False,
        disable=None if progress and len(todo) >= PROGRESS_FROM else True,
    )  # None: only on a terminal
    with bar:
        if len(todo) > 2 and (os.cpu_count() or 1) > 1:
            with ProcessPoolExecutor(mp_context=pool_context()) as pool:
                rendered = [bar.update() or r for r in pool.map(_safe_render, *zip(*args))]
        else:
            rendered = [bar.update() or _safe_render(*a) for a in args]
    results.update((src, result) for (src, _, _), result in zip(todo, rendered))
    return results


SEAL = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
    '<rect x="7" y="7" width="86" height="86" rx="6" fill="#fff8f5" stroke="#b71c1c" stroke-width="6"/>'
    '<text x="50" y="53" fill="#b71c1c" font-size="52" font-weight="700" text-anchor="middle" '
    'dominant-baseline="middle" font-family="STKaiti, KaiTi, Kaiti SC, Noto Serif CJK SC, serif">{}</text></svg>'
)


def seal(char: str, cache_dir: Path) -> Picture:
    """A seal with one character, for exhibits without a photo: made, cached and published like every
    other derivative. It is an SVG, so it is a few hundred bytes, sharp at any size, and needs no font
    at build time; pages sharing a surname share one file."""
    data = SEAL.format(html.escape(char[:1])).encode()
    digest = digest_of(data)
    name = f"{digest}-seal.svg"
    manifest = cache_dir / digest / "manifest.json"
    if not manifest.is_file():
        tmp = _tmp_entry(cache_dir, digest)
        (tmp / name).write_bytes(data)
        _commit(tmp, cache_dir / digest, [Rendition(100, 100, None, name)])
    return _from_manifest(digest, manifest)


def _read(src: Path) -> bytes:
    """The file's bytes, refusing oversized files before reading them."""
    try:
        size = src.stat().st_size
        if size > MAX_BYTES:
            raise too_big(size)
        return src.read_bytes()
    except OSError:  # its strerror is English: the curator gets the code's own words
        raise ImageProblem(codes.E404_UNREADABLE.of()) from None


def too_big(size: int) -> ImageProblem:
    return ImageProblem(codes.E406.of(size=size // 1024 // 1024, limit=MAX_BYTES // 1024 // 1024))


def _safe_render(
    data: bytes, digest: str, cache_dir: Path, originals: bool = False, widths=PARAMS["widths"]
) -> Picture | ImageProblem:
    try:
        return _render(data, digest, cache_dir, originals, widths)
    except ImageProblem as problem:
        return problem


def _from_manifest(digest: str, manifest: Path) -> Picture:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return Picture(digest, tuple(Rendition(**r) for r in data["renditions"]))


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in ("JPEG", "PNG", "WEBP", "MPO"):
            raise ImageProblem(codes.E404_FORMAT.of(format=image.format))
        return image
    except Image.DecompressionBombError:
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageProblem(codes.E404_NOT_IMAGE.of()) from None


def too_many_pixels() -> ImageProblem:
    return ImageProblem(codes.E405.of(megapixels=MAX_PIXELS // 1_000_000))


def _render(
    data: bytes, digest: str, cache_dir: Path, originals: bool = False, widths=PARAMS["widths"]
) -> Picture:
    image = _open(data)
    try:
        if (
            image.format == "JPEG" and not originals
        ):  # decode at reduced scale (DCT scaling) when much larger
            image.draft("RGB", draft_box(image, max(widths)))
        image = ImageOps.exif_transpose(image)
        image = _to_srgb(image)
    except (OSError, ValueError, SyntaxError):
        raise ImageProblem(codes.E404_BROKEN.of()) from None
    alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}  # drop EXIF, GPS, ICC, XMP and maker notes: nothing of the camera is published
    tmp = _tmp_entry(cache_dir, digest)
    renditions = []
    sizes = {min(w, image.width) for w in widths} | ({image.width} if originals else set())
    resized = image
    for width in sorted(sizes, reverse=True):
        height = max(1, round(image.height * width / image.width))
        # each width from the next larger one: less resampling work, at the same SSIM
        resized = (
            resized if width == resized.width else resized.resize((width, height), Image.LANCZOS)
        )
        renditions.append(_save(resized, tmp, f"{digest}-{width}", alpha))
    _commit(tmp, cache_dir / digest, renditions[::-1])
    return Picture(digest, tuple(renditions[::-1]))


def _save(image: Image.Image, tmp: Path, stem: str, alpha: bool) -> Rendition:
    webp, fallback = f"{stem}.webp", f"{stem}.{'png' if alpha else 'jpg'}"
    image.save(tmp / webp, "WEBP", quality=PARAMS["webp_quality"], method=PARAMS["webp_method"])
    if alpha:
        image.save(tmp / fallback, "PNG", optimize=True)
    else:
        image.save(tmp / fallback, "JPEG", quality=PARAMS["jpeg_quality"], optimize=True)
    return Rendition(image.width, image.height, webp, fallback)


def _tmp_entry(cache_dir: Path, digest: str) -> Path:
    tmp = cache_dir / f".{digest}.{os.getpid()}.tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return tmp


def _commit(tmp: Path, entry: Path, renditions: list[Rendition]) -> None:
    """Write the manifest last and move the whole entry in at once: a crash never leaves a half-written
    cache entry, and a reader sees either no entry or a complete one."""
    (tmp / "manifest.json").write_text(
        json.dumps({"renditions": [asdict(r) for r in renditions]}), encoding="utf-8"
    )
    try:
        os.replace(tmp, entry)
    except OSError:  # another process finished the same image first
        _remove(tmp)


def draft_box(image: Image.Image, target: int = max(PARAMS["widths"])) -> tuple[int, int]:
    """The size to ask the JPEG decoder for: only the displayed width matters (EXIF rotation swaps the axes)."""
    return (1, target) if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (target, 1)


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode in ("RGBA", "LA") else "RGB"
        return ImageCms.profileToProfile(
            image.convert(mode), source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
