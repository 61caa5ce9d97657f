"""Responsive, privacy-safe image derivatives, cached by content hash.

Each source image becomes WebP renditions at a few widths (never upscaled) plus a JPEG (or PNG
when it has transparency) fallback, EXIF-oriented, converted to sRGB and stripped of all metadata.
The cache key is the file's bytes plus the processing parameters, so an unchanged image is never
decoded twice, and a changed one is reprocessed alone.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

PARAMS = {"version": 1, "widths": (480, 960, 1600), "webp_quality": 80, "jpeg_quality": 82}
MAX_PIXELS = 60_000_000  # a 60-megapixel cap guards against decompression bombs
MAX_BYTES = 30 * 1024 * 1024
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageProblem(Exception):
    """A bad image, said for curators: (code, message, hint)."""

    def __init__(self, code: str, message: str, hint: str):
        super().__init__(code, message, hint)  # all arguments, so it survives the trip back from a worker process
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: str  # file names inside the cache entry, also their published names
    fallback: str


@dataclass(frozen=True)
class Picture:
    digest: str
    renditions: tuple[Rendition, ...]

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    @property
    def smallest(self) -> Rendition:
        return self.renditions[0]


def digest_of(data: bytes) -> str:
    params = json.dumps(PARAMS, sort_keys=True).encode()
    return hashlib.sha256(params + b"\0" + data).hexdigest()[:20]


def picture(src: Path, cache_dir: Path) -> Picture:
    """The derivatives of one image, from the cache or made now."""
    result = pictures([src], cache_dir)[src]
    if isinstance(result, ImageProblem):
        raise result
    return result


def pictures(sources: list[Path], cache_dir: Path) -> dict[Path, Picture | ImageProblem]:
    """Many images at once: each file read once; cached ones looked up, the rest made in parallel across cores."""
    results: dict[Path, Picture | ImageProblem] = {}
    todo = []
    for src in sources:
        try:
            data = _read(src)
        except ImageProblem as problem:
            results[src] = problem
            continue
        digest = digest_of(data)
        manifest = cache_dir / digest / "manifest.json"
        if manifest.is_file():
            results[src] = _from_manifest(digest, manifest)
        else:
            todo.append((src, data, digest))
    args = [(data, digest, cache_dir) for _, data, digest in todo]
    if len(todo) > 2 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor() as pool:
            rendered = list(pool.map(_safe_render, *zip(*args)))
    else:
        rendered = [_safe_render(*a) for a in args]
    results.update((src, result) for (src, _, _), result in zip(todo, rendered))
    return results


def _read(src: Path) -> bytes:
    """The file's bytes, refusing oversized files before reading them."""
    try:
        size = src.stat().st_size
        if size > MAX_BYTES:
            raise ImageProblem("E406", f"图片文件太大（{size // 1024 // 1024} MB）",
                               f"请先缩小到 {MAX_BYTES // 1024 // 1024} MB 以内再放入展品文件夹")
        return src.read_bytes()
    except OSError as exc:
        raise ImageProblem("E404", f"无法读取图片：{exc.strerror}", "检查文件是否存在、是否有读取权限") from None


def _safe_render(data: bytes, digest: str, cache_dir: Path) -> Picture | ImageProblem:
    try:
        return _render(data, digest, cache_dir)
    except ImageProblem as problem:
        return problem


def _from_manifest(digest: str, manifest: Path) -> Picture:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return Picture(digest, tuple(Rendition(**r) for r in data["renditions"]))


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in ("JPEG", "PNG", "WEBP", "MPO"):
            raise ImageProblem("E404", f"不支持的图片格式 {image.format}", "请另存为 JPG、PNG 或 WebP")
        return image
    except Image.DecompressionBombError:
        raise ImageProblem("E405", f"图片像素过多（超过 {MAX_PIXELS // 1_000_000} 百万像素），可能是异常文件",
                           "请先把图片缩小到 6000×6000 像素以内") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageProblem("E404", "图片文件已损坏或不是图片", "请重新导出或重新拍摄这张图片") from None


def _render(data: bytes, digest: str, cache_dir: Path) -> Picture:
    image = _open(data)
    target = max(PARAMS["widths"])
    try:
        if image.format == "JPEG":  # decode at reduced scale (DCT scaling) when much larger than needed
            image.draft("RGB", (target, target))
        image = ImageOps.exif_transpose(image)
        image = _to_srgb(image)
    except (OSError, ValueError, SyntaxError):
        raise ImageProblem("E404", "图片文件已损坏或不完整", "请重新导出或重新拍摄这张图片") from None
    alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}  # drop EXIF, GPS, ICC, XMP and maker notes: nothing of the camera is published
    entry = cache_dir / digest
    tmp = cache_dir / f".{digest}.{os.getpid()}.tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    renditions = []
    for width in sorted({min(w, image.width) for w in PARAMS["widths"]}):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        webp, fallback = f"{digest}-{width}.webp", f"{digest}-{width}.{'png' if alpha else 'jpg'}"
        resized.save(tmp / webp, "WEBP", quality=PARAMS["webp_quality"], method=4)
        if alpha:
            resized.save(tmp / fallback, "PNG", optimize=True)
        else:
            resized.save(tmp / fallback, "JPEG", quality=PARAMS["jpeg_quality"], optimize=True, progressive=True)
        renditions.append(Rendition(width, height, webp, fallback))
    (tmp / "manifest.json").write_text(json.dumps({"renditions": [asdict(r) for r in renditions]}), encoding="utf-8")
    try:
        os.replace(tmp, entry)  # atomic: a crash never leaves a half-written cache entry
    except OSError:  # another process finished the same image first
        _remove(tmp)
    return Picture(digest, tuple(renditions))


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode in ("RGBA", "LA") else "RGB"
        return ImageCms.profileToProfile(image.convert(mode), source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
