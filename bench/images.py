"""Image pipeline benchmark (issue 3): hall.site.images.pictures() against plain Pillow.

Usage, from the repository root:

    .venv/bin/python bench/images.py                  # 40 photos of 4000x3000 (12 MP)
    .venv/bin/python bench/images.py --count 10 --size 2000x1500

Synthetic camera-sized JPEGs (noise, blobs and a gradient, so they do not compress trivially; fixed seed)
are made once into bench/.work/photos/. Then, on the same photos and into fresh output folders:

- ours, cold: `hall.site.images.pictures()` with an empty cache (draft decoding, a process per core);
- ours, 1 process: the same per-image work (`hall.site.images._render`) in this process, one after another;
- plain Pillow: per width, open, `exif_transpose`, LANCZOS resize, save WebP and JPEG at the same quality,
  in one process (the naive way);
- ours, warm: `pictures()` again with the cache present; it must decode nothing.

`--compare` (issue 20) instead measures, in one process and one thread, CPU seconds per photo and quality
for ways of making the same renditions: today's pipeline, the one before it (WebP method 4, each width
resized from the decoded photo, progressive JPEG), lower WebP methods, and libvips (`thumbnail_buffer`
with shrink-on-load, the same encoders). Quality is the SSIM of each WebP and JPEG (luma, Gaussian window
σ 1.5) against a LANCZOS resize of the fully decoded photo. It needs pyvips, for libvips and for SSIM:
`.venv/bin/pip install pyvips==3.2.0 pyvips-binary==8.18.7` (not a dependency of the project).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import PIL
from common import WORK, Timer, fresh_dir, machine, table, texture
from PIL import Image, ImageCms, ImageDraw, ImageFilter, ImageOps

import hall.site.images as hall_images

SEED = 20261201


def photo(path: Path, size: tuple[int, int], seed: int) -> None:
    """A camera-sized JPEG with the metadata a camera writes (which the pipeline must strip): photo-like
    texture and grain under soft-edged shapes and thin lines (edges, where resampling shows); every third
    one is portrait by EXIF orientation 6, every third carries an ICC profile (so sRGB conversion runs)."""
    rng = random.Random(seed)
    base = texture(size, rng)
    shapes = base.copy()
    draw = ImageDraw.Draw(shapes)
    for _ in range(60):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(40, 700)
        box, colour = (x - r, y - r // 2, x + r, y + r // 2), tuple(rng.randbytes(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    for _ in range(200):
        ends = [(rng.randrange(size[0]), rng.randrange(size[1])) for _ in range(2)]
        draw.line(ends, fill=tuple(rng.randbytes(3)), width=rng.randrange(1, 6))
    image = Image.blend(shapes.filter(ImageFilter.GaussianBlur(1.2)), base, 0.35)
    exif = Image.Exif()
    exif[0x0112] = 6 if seed % 3 == 1 else 1  # Orientation
    exif[0x010F], exif[0x0110] = "bench", "synthetic camera"  # Make, Model
    icc = (
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        if seed % 3 == 2
        else None
    )
    image.save(path, "JPEG", quality=90, exif=exif, icc_profile=icc)


def photos(count: int, size: tuple[int, int]) -> list[Path]:
    """The benchmark photos, made once (in parallel) and kept in bench/.work/photos/."""
    folder = WORK / "photos" / f"{size[0]}x{size[1]}-seed{SEED}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"photo-{i:03d}.jpg" for i in range(count)]
    missing = [(p, size, SEED + i) for i, p in enumerate(paths) if not p.is_file()]
    if missing:
        print(f"making {len(missing)} photos of {size[0]}x{size[1]} in {folder} ...", flush=True)
        with ProcessPoolExecutor() as pool:
            list(pool.map(photo, *zip(*missing)))
    return paths


def plain(paths: list[Path], out: Path) -> None:
    """The naive way: for each width, open, orient, resize, save, in one process."""
    params = hall_images.PARAMS
    for i, src in enumerate(paths):
        for width in params["widths"]:
            with Image.open(src) as opened:
                image = ImageOps.exif_transpose(opened).convert("RGB")
            width = min(width, image.width)
            resized = image.resize(
                (width, round(image.height * width / image.width)), Image.LANCZOS
            )
            resized.save(out / f"{i}-{width}.webp", "WEBP", quality=params["webp_quality"])
            resized.save(
                out / f"{i}-{width}.jpg",
                "JPEG",
                quality=params["jpeg_quality"],
                optimize=True,
                progressive=True,
            )


def one_process(paths: list[Path], cache: Path) -> None:
    """Our per-image work, without the process pool."""
    for src in paths:
        data = src.read_bytes()
        hall_images._render(data, hall_images.digest_of(data), cache)


def counting_renders():
    """Wrap hall.site.images._render with a counter in shared memory, so calls made in forked workers count too."""
    calls = multiprocessing.Value("i", 0)
    original = hall_images._render

    def render(*args, **kwargs):
        with calls.get_lock():
            calls.value += 1
        return original(*args, **kwargs)

    hall_images._render = render
    return calls


def draft_size(path: Path) -> tuple[int, int]:
    """The size pictures() actually decodes a JPEG at, given its draft request."""
    with Image.open(path) as image:
        image.draft("RGB", hall_images.draft_box(image))
        return image.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="number of photos (default 40)")
    parser.add_argument(
        "--size", default="4000x3000", help="photo size WxH (default 4000x3000, 12 MP)"
    )
    parser.add_argument(
        "--compare", action="store_true", help="CPU and SSIM of other pipelines (needs pyvips)"
    )
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.lower().split("x"))
    paths = photos(args.count, size)
    if args.compare:
        import compare_images

        return compare_images.main(paths)
    n = len(paths)
    mb = sum(p.stat().st_size for p in paths) / n / 1024 / 1024
    for p in paths:  # read once, so every run starts with the files in the page cache
        p.read_bytes()

    calls = counting_renders()
    cache = fresh_dir(WORK / "image-cache")
    with Timer() as cold:
        results = hall_images.pictures(paths, cache)
    problems = [r for r in results.values() if isinstance(r, hall_images.ImageProblem)]
    assert not problems, problems
    cold_renders = calls.value

    with Timer() as single:
        one_process(paths, fresh_dir(WORK / "image-cache-1proc"))

    with Timer() as naive:
        plain(paths, fresh_dir(WORK / "image-plain"))

    calls.value = 0
    with Timer() as warm:
        again = hall_images.pictures(paths, cache)
    warm_renders = calls.value
    assert again == results, "the warm run must give the same pictures"
    assert warm_renders == 0, f"the warm run decoded {warm_renders} images"

    def row(label: str, decodes: int, t: Timer) -> list:
        rate = n / t.seconds
        return [
            label,
            decodes,
            f"{t.seconds:.3f}",
            f"{t.cpu:.3f}",
            f"{rate:.1f}",
            f"{rate / (n / naive.seconds):.2f}×",
        ]

    rows = [
        row(f"ours, cold, pool of {os.cpu_count()}", cold_renders, cold),
        row("ours, cold, 1 process", n, single),
        row("plain Pillow, 1 process", n * len(hall_images.PARAMS["widths"]), naive),
        row("ours, warm (cache hit)", warm_renders, warm),
    ]
    print(
        f"\n{n} photos of {size[0]}x{size[1]} ({size[0] * size[1] / 1e6:.0f} MP, {mb:.1f} MB each on average), "
        f"Pillow {PIL.__version__}, os.cpu_count() = {os.cpu_count()}"
    )
    print(f"machine: {machine()}")
    print(
        f"renditions per photo: widths {hall_images.PARAMS['widths']} × (WebP q{hall_images.PARAMS['webp_quality']}"
        f" + JPEG q{hall_images.PARAMS['jpeg_quality']})"
    )
    print(f"draft decode size in pictures(): {draft_size(paths[0])[0]}x{draft_size(paths[0])[1]}\n")
    print(table(["run", "decodes", "wall s", "CPU s", "images/s", "ours / plain"], rows))


if __name__ == "__main__":
    main()
