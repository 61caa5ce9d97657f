"""Writing files whole, and sharing a file between two sites."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_whole(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Write a file whole or not at all, through a temporary file beside it: a reader (a browser, another
    build) never sees half of it, and a file another site shares through a hard link is replaced, not
    written into. `exclusive` never replaces an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        if not exclusive:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # whole or not at all; fails if the file appeared meanwhile
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (a FAT USB stick): "x" still never overwrites
            with path.open("xb") as fh:
                fh.write(data)
    finally:
        tmp.unlink(missing_ok=True)


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as the same file as `source`: a hard link, or a copy where there can be none (FAT32 and exFAT USB
    drives, some network shares, a temporary folder on another drive: EPERM, EXDEV, or Windows' errors for
    these). Either way the sites only ever replace such a file, never write into it. FileNotFoundError and
    FileExistsError are not file system limits: they go to the caller."""
    try:
        os.link(source, target)
    except (FileNotFoundError, FileExistsError):
        raise
    except OSError:
        shutil.copyfile(source, target)
