"""Writing files whole."""
from __future__ import annotations

import os
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
