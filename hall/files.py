"""Files on every system a curator uses: written whole, shared between two sites, named in messages."""
from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import suppress
from pathlib import Path

WINDOWS_PATHS = 260  # characters Windows allows in a path unless long paths are turned on (the NUL counts)


def write_whole(path: Path, data: bytes, exclusive: bool = False) -> None:
    """Write a file whole or not at all, through a temporary file beside it: a reader (a browser, another
    build) never sees half of it, and a file another site shares through a hard link is replaced, not
    written into. `exclusive` never replaces an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        if not exclusive:
            _replace(tmp, path)
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


BUSY_WAITS = (0.02, 0.05, 0.1, 0.25, 0.5)  # seconds between tries to replace a file Windows says is in use


def _replace(tmp: Path, path: Path) -> None:
    """os.replace, tried again for about a second on Windows while the file is open elsewhere: there a file that
    a program has open (the preview's server sending the page, an antivirus such as 360 scanning the new file)
    cannot be replaced for that moment (PermissionError, WinError 5 or 32)."""
    for wait in (*BUSY_WAITS, None):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if wait is None or sys.platform != "win32":
                raise
            time.sleep(wait)


def shown(path: Path) -> str:
    """A path as messages name it: from the working folder when it is under it, and with `/` on every system
    (Windows too), as the problems name exhibits' files."""
    path = Path(path)
    with suppress(ValueError):
        path = path.absolute().relative_to(Path.cwd())
    return path.as_posix()


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


def path_too_long(exc: OSError) -> str | None:
    """The curator's explanation when Windows refused a file because its path is too long; None for any other
    error. A hall unpacked deep in the desktop or a chat program's downloads gets there: the site's pages and
    the preview's temporary folder add their own folders to the hall's."""
    names = [os.fsdecode(n) for n in (exc.filename, exc.filename2) if n]
    longest = max(names, key=len, default="")
    if sys.platform != "win32" or len(longest) < WINDOWS_PATHS - 12:  # 12: Windows keeps room for a file's 8.3 name
        return None
    return (f"无法写入或读取 {Path(longest).as_posix()}：这个路径有 {len(longest)} 个字符，"
            f"超出了 Windows 对路径长度的限制（约 {WINDOWS_PATHS} 个字符）。请把展馆文件夹移到路径短的地方"
            "（如 D:/劳模工匠馆）再试；或者开启 Windows 的长路径支持：重新运行 Python 安装程序，在最后一页点"
            "“Disable path length limit”，或由管理员在组策略中启用“启用 Win32 长路径”。")
