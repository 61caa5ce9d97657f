"""`bench/images.py --compare`: CPU seconds per photo and SSIM of ways of making the same renditions.

Every way makes the same files as hall.site.images (480/960/1600 wide, never upscaled, EXIF-oriented,
sRGB, no metadata; WebP q80 and JPEG q82), in memory, in this one process with libvips held to one
thread, so CPU seconds compare the work itself. Quality: SSIM on luma against a LANCZOS resize of the
fully decoded photo (no draft decoding), the same reference for every way.
"""

from __future__ import annotations

import io
import os

import pyvips
from common import machine, table
from PIL import Image, ImageOps

import hall.site.images as hall_images

pyvips.concurrency_set(
    1
)  # the build runs a process per core; threads inside each would only contend
pyvips.cache_set_max(0)
WIDTHS = sorted(hall_images.PARAMS["widths"], reverse=True)
WEBP_Q, JPEG_Q = hall_images.PARAMS["webp_quality"], hall_images.PARAMS["jpeg_quality"]


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def decoded(data: bytes, draft: bool = True) -> Image.Image:
    """Oriented sRGB RGB pixels, as hall.site.images decodes them (at reduced scale when `draft`)."""
    image = hall_images._open(data)
    if draft:
        image.draft("RGB", hall_images.draft_box(image))
    return hall_images._to_srgb(ImageOps.exif_transpose(image)).convert("RGB")


def resized(image: Image.Image, cascade: bool) -> dict[int, Image.Image]:
    out, source = {}, image
    for width in WIDTHS:
        width = min(width, image.width)
        size = (width, round(image.height * width / image.width))
        out[width] = source if size == source.size else source.resize(size, Image.LANCZOS)
        source = out[width] if cascade else image
    return out


def pillow(method: int, cascade: bool, progressive: bool):
    def make(data: bytes) -> dict[int, tuple[bytes, bytes]]:
        files = {}
        for width, image in resized(decoded(data), cascade).items():
            webp, jpeg = io.BytesIO(), io.BytesIO()
            image.save(webp, "WEBP", quality=WEBP_Q, method=method)
            image.save(jpeg, "JPEG", quality=JPEG_Q, optimize=True, progressive=progressive)
            files[width] = webp.getvalue(), jpeg.getvalue()
        return files

    return make


def libvips(effort: int, cascade: bool = False):
    """thumbnail_buffer per width (shrink-on-load each time), or once and then `resize` down from the
    next larger width, as the Pillow pipeline does."""

    def make(data: bytes) -> dict[int, tuple[bytes, bytes]]:
        files, image = {}, None
        for width in WIDTHS:
            if image is None or not cascade:
                image = pyvips.Image.thumbnail_buffer(
                    data, width, height=10_000_000, size="down", output_profile="srgb"
                )
            elif width < image.width:
                image = image.resize(width / image.width, kernel="lanczos3")
            image = (
                image.copy_memory()
            )  # two encoders read it; thumbnail's pixels come once, in order
            files[image.width] = (
                image.webpsave_buffer(Q=WEBP_Q, effort=effort, keep="none"),
                image.jpegsave_buffer(Q=JPEG_Q, optimize_coding=True, keep="none"),
            )
        return files

    return make


WAYS = {
    "Pillow, before (WebP method 4, each from decode, progressive JPEG)": pillow(4, False, True),
    "Pillow, now (method 2, each from the next larger, baseline JPEG)": pillow(2, True, False),
    "Pillow, method 4, from the next larger, baseline JPEG": pillow(4, True, False),
    "Pillow, method 0, from the next larger, baseline JPEG": pillow(0, True, False),
    "libvips thumbnail, WebP effort 4": libvips(4),
    "libvips thumbnail, WebP effort 2": libvips(2),
    "libvips thumbnail once, then resize, WebP effort 2": libvips(2, cascade=True),
}


def luma(data: bytes) -> pyvips.Image:
    return pyvips.Image.new_from_buffer(data, "").colourspace("b-w")[0].cast("float")


def ssim(a: pyvips.Image, b: pyvips.Image) -> float:
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    blur = lambda x: x.gaussblur(1.5)  # noqa: E731
    ma, mb = blur(a), blur(b)
    va, vb, cov = blur(a * a) - ma * ma, blur(b * b) - mb * mb, blur(a * b) - ma * mb
    return (
        ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    ).avg()


def reference(data: bytes) -> dict[int, pyvips.Image]:
    out = {}
    for width, image in resized(decoded(data, draft=False), cascade=False).items():
        png = io.BytesIO()
        image.save(png, "PNG", compress_level=1)
        out[width] = luma(png.getvalue())
    return out


def measure(make, sources: list[bytes], refs: list[dict]) -> list:
    cpu = webp_bytes = jpeg_bytes = webp_ssim = jpeg_ssim = 0.0
    for data, ref in zip(sources, refs):
        start = _cpu()
        files = make(data)
        cpu += _cpu() - start
        for width, (webp, jpeg) in files.items():
            webp_bytes, jpeg_bytes = webp_bytes + len(webp), jpeg_bytes + len(jpeg)
            webp_ssim += ssim(luma(webp), ref[width])
            jpeg_ssim += ssim(luma(jpeg), ref[width])
    n, k = len(sources), sum(len(r) for r in refs)
    kb = lambda b: f"{b / n / 1024:.0f}"  # noqa: E731
    return [
        f"{cpu / n:.3f}",
        kb(webp_bytes),
        f"{webp_ssim / k:.4f}",
        kb(jpeg_bytes),
        f"{jpeg_ssim / k:.4f}",
    ]


def main(paths) -> None:
    sources = [p.read_bytes() for p in paths]
    refs = [reference(data) for data in sources]
    rows = []
    for label, make in WAYS.items():
        rows.append([label, *measure(make, sources, refs)])
        print(" | ".join(rows[-1]), flush=True)
    print(
        f"\n{len(paths)} photos, machine: {machine()}, libvips {pyvips.version(0)}.{pyvips.version(1)}"
    )
    print(
        f"Pillow {Image.__version__}; per photo, all three widths, WebP q{WEBP_Q} and JPEG q{JPEG_Q}\n"
    )
    headers = ["way", "CPU s/photo", "WebP KB", "WebP SSIM", "JPEG KB", "JPEG SSIM"]
    print(table(headers, rows))
