"""A photo dropped on the form: checked by its content as the build checks it (hall.site.images: size, decoding,
decompression bombs; JPEG, PNG or WebP only, so no SVG with its scripts), its metadata checked for private
data (hall.model.checks.image_metadata), and stored beside the exhibit under a name made of a slug. An exhibit
that is a single file (people/x.md) first becomes a folder (people/x/index.md), which a photo needs."""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path, PurePosixPath

from PIL import Image

from hall.files import write_whole
from hall.model import codes, privacy
from hall.model.checks import image_metadata
from hall.model.exhibit import SLUG
from hall.model.pinyin import slugify
from hall.model.problems import Notice
from hall.site.images import MAX_BYTES, MAX_PIXELS, ImageProblem, too_big, too_many_pixels
from hall.site.images import _open as open_image
from hall.workspace import yamlio
from hall.workspace.guards import Refused, child_name

EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}


class PhotoRefused(Refused):
    """A photo refused with the check's own code."""

    def __init__(self, notice: Notice):
        super().__init__(422, notice.message)
        self.code, self.hint = notice.code, notice.hint


def sniff(data: bytes) -> str:
    """The extension a photo's content calls for, or PhotoRefused with the code `hall check` would give."""
    if len(data) > MAX_BYTES:
        raise PhotoRefused(too_big(len(data)).notice)
    if (
        data.lstrip()[:1] == b"<"
    ):  # SVG or any markup: it can carry scripts, and the hall publishes photos only
        raise PhotoRefused(codes.E404_MARKUP.of())
    try:
        with (
            warnings.catch_warnings()
        ):  # Pillow warns of 60 to 120 million pixels: refused below, as E405
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = open_image(data)
        if image.format not in EXTENSIONS:
            raise PhotoRefused(codes.E404_FORMAT.of(format=image.format))
        if image.width * image.height > MAX_PIXELS:
            raise PhotoRefused(too_many_pixels().notice)
        image.load()  # a truncated or corrupt file fails here, as it would when the site is built
    except ImageProblem as problem:
        raise PhotoRefused(problem.notice) from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise PhotoRefused(codes.E404_BROKEN.of()) from None
    return EXTENSIONS[image.format]


def private_metadata(data: bytes) -> None:
    for name, text in image_metadata(
        io.BytesIO(data)
    ):  # Pillow opens a file object as well as a path
        for finding in privacy.scan(text):
            notice = privacy.problem(finding, f"图片的元数据 {name} 中")
            raise PhotoRefused(notice.hinting(codes.IN_METADATA))


def as_folder(exhibits_dir: Path, rel: str, path: Path) -> tuple[str, Path]:
    """The exhibit's path once it has a folder of its own (people/x.md → people/x/index.md)."""
    if path.name == "index.md":
        return rel, path
    folder = path.with_suffix("")
    target = folder / "index.md"
    if folder.exists() and (not folder.is_dir() or folder.is_symlink() or any(folder.iterdir())):
        raise Refused(409, f"已经有一个文件夹 {folder.name}/，无法把展品移进去：请先整理这个文件夹")
    try:
        _, front, _ = yamlio.split(path.read_text(encoding="utf-8"))
        data = yamlio.load(front)
    except (yamlio.Unreadable, UnicodeDecodeError):
        raise Refused(422, "这个文件的基本信息有语法错误，请先按提示改好") from None
    if data.get("portrait") or data.get(
        "images"
    ):  # their paths are relative to the file: they would break
        raise Refused(
            409,
            "这个展品已有图片放在类别文件夹里：请先把展品文件和图片一起移入文件夹 "
            f"{folder.name}/（展品文件改名为 index.md）",
        )
    folder.mkdir(exist_ok=True)
    os.link(
        path, target
    )  # fails if it appeared meanwhile; the file is in both places for a moment, never none
    path.unlink()
    return str(PurePosixPath(rel).with_suffix("")) + "/index.md", target


def store(exhibits_dir: Path, rel: str, path: Path, filename: str, data: bytes) -> dict:
    """Check a photo and put it beside the exhibit; returns its `src`, and the exhibit's path (maybe new)."""
    ext = sniff(data)
    private_metadata(data)
    stem = slugify(PurePosixPath(filename or "").stem)[:40].strip("-") or "photo"
    stem = stem if SLUG.fullmatch(stem) else "photo"
    rel, path = as_folder(exhibits_dir, rel, path)
    for n in range(1, 1000):
        target = child_name(path.parent, f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}")
        if target.exists():
            continue
        try:
            write_whole(target, data, exclusive=True)
        except FileExistsError:
            continue
        return {"src": target.name, "path": rel}
    raise Refused(409, "同名的图片太多了，请给照片换个文件名")
