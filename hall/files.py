"""Files on every system a curator uses: written whole, shared between two sites, named in messages,
and a new site put in place of the old one."""

from __future__ import annotations

import ctypes
import errno
import functools
import gc
import glob
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Callable

WINDOWS_PATHS = (
    260  # characters Windows allows in a path unless long paths are turned on (the NUL counts)
)


def write_whole(
    path: Path, data: bytes | Callable[[BinaryIO], None], exclusive: bool = False
) -> None:
    """Write a file whole or not at all, through a temporary file beside it: a reader (a browser, another
    build) never sees half of it, and a file another site shares through a hard link is replaced, not
    written into. `exclusive` never replaces an existing file. `data` may be a function that writes it into
    the file it is given (a cache's pickle, never held whole in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write = data if callable(data) else lambda fh: fh.write(data)
    try:
        try:
            with tmp.open("wb") as fh:
                write(fh)
        except OSError as exc:  # named by the file being written, not by its temporary twin
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        if not exclusive:
            _replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # whole or not at all; fails if the file appeared meanwhile
        except FileExistsError:
            raise
        except (
            OSError
        ):  # a file system without hard links (a FAT USB stick): "x" still never overwrites
            with path.open("xb") as fh:
                write(fh)
    finally:
        tmp.unlink(missing_ok=True)


def write_new(path: Path, data: bytes) -> None:
    """Write a file into a folder no reader looks at yet (a build's own, before it is put in place): created
    there directly, without write_whole's temporary twin and rename, half the system calls (a 10,000-exhibit
    build writes 35,000 files). A file already there, such as one linked from the previous site, is replaced
    whole instead, never written into."""
    try:
        _create(path, data)
    except FileNotFoundError:  # its folder is not made yet (tried first: once per folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path, data)
    except FileExistsError:
        write_whole(path, data)


def _create(path: Path, data: bytes) -> None:
    with path.open("xb") as fh:  # "x": never into a file that is there
        fh.write(data)


def read_pickle(path: Path, frozen: bool = False):
    """A cache file's pickle, read with the cyclic garbage collector paused (`collector_paused`). `frozen`: what
    it holds lives as long as the work at hand, and is frozen (gc.freeze) before the collector runs again; else
    its first collection walks all of it (1.1 s of reading a 10,000-exhibit build's record, then 0.55 s)."""
    with collector_paused(frozen), path.open("rb") as fh:
        return pickle.load(fh)


def write_pickle(path: Path, value) -> None:
    """A cache file written whole as a pickle, with the cyclic garbage collector paused."""
    with collector_paused():
        write_whole(path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))


@contextmanager
def collector_paused(frozen: bool = False):
    """The cyclic garbage collector paused while millions of objects are made: a build, or pickling and unpickling
    a 10,000-exhibit build's record, would otherwise start collections that walk everything there is, which takes
    longer than the pickling itself (2.5 s instead of 1.0 s to write that record, 1.7 s instead of 0.55 s to read
    it). `frozen`: what was made is frozen (gc.freeze) before the collector runs again."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
        if frozen:
            gc.freeze()
    finally:
        if paused:
            gc.enable()


class PickledLater:
    """A class whose `LATER` attributes are pickled together as one bytes object and unpickled when first read.
    For objects kept in a cache by the thousand (a build's record, the search index) whose many small parts a
    later build reads for the few that changed: bytes are read back in one piece, objects one by one."""

    LATER: tuple[str, ...] = ()

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if _LATER not in state:  # else pickled again before anything read them
            values = tuple(state.pop(name) for name in self.LATER)
            state[_LATER] = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __getattr__(self, name: str):
        # the values are set before the bytes go: another thread reading meanwhile finds either
        packed = self.__dict__.get(_LATER) if name in self.LATER else None
        if packed is None:
            raise AttributeError(name)
        self.__dict__.update(zip(self.LATER, pickle.loads(packed)))
        self.__dict__.pop(_LATER, None)
        return self.__dict__[name]


_LATER = "_later"


# What the system refused, by errno: (what happened, ending with {path}; what to do). Its own text is English.
REFUSALS = {
    errno.ENOSPC: (
        "磁盘已满，写不进{path}",
        "请删除不需要的文件，腾出空间后再运行一次（生成网站时，旧网站要保留到新网站写完，"
        "需要大约与 site/ 一样大的空闲空间）。",
    ),
    errno.EDQUOT: (
        "磁盘配额已用完，写不进{path}",
        "请删除不需要的文件，或请管理员增加配额，然后再运行一次。",
    ),
    errno.EROFS: (
        "磁盘是只读的，写不进{path}",
        "请换一个可以写入的位置（生成网站时可以用 --site-dir 指定输出文件夹），"
        "或取消这个磁盘的只读状态。",
    ),
    errno.EACCES: (
        "没有权限读写{path}",
        "请检查这个文件或文件夹的权限和所有者；在 Windows 上，也请关掉正在使用其中文件的程序"
        "（资源管理器、编辑器、杀毒软件）后再试。",
    ),
    errno.ENOENT: ("找不到{path}", "它可能在运行时被移动或删除了：请检查后再运行一次。"),
    errno.ENAMETOOLONG: (
        "路径太长，处理不了{path}",
        "请把展馆放在路径短一些的文件夹里，或把文件名改短。",
    ),
    errno.EMFILE: ("同时打开的文件太多", "请关掉一些程序后再运行一次。"),
    errno.EIO: ("磁盘出错，读写不了{path}", "磁盘可能已损坏或已拔出：请检查磁盘后再运行一次。"),
    errno.EADDRINUSE: (
        "预览的地址已被占用",
        "可能已经有一个预览在运行：请先结束它（Ctrl+C），或换一个端口，"
        "如 --dev-addr 127.0.0.1:8001。",
    ),
    errno.EADDRNOTAVAIL: ("这台电脑没有这个地址", "请用本机的地址，如 --dev-addr 127.0.0.1:8000。"),
}
REFUSALS[errno.EPERM] = REFUSALS[errno.EACCES]
REFUSALS[errno.ENFILE] = REFUSALS[errno.EMFILE]


def refusal(exc: OSError) -> str:
    """What a curator reads when the system refused to read or write a file: which file, what happened and what
    to do, in Chinese."""
    path = " 和 ".join(str(p) for p in (exc.filename, exc.filename2) if p is not None)
    code = f"（{errno.errorcode.get(exc.errno, exc.errno)}）" if exc.errno is not None else ""
    what, hint = REFUSALS.get(
        exc.errno, (f"系统报错{code}，处理不了{{path}}", "请检查磁盘和文件夹，然后再运行一次。")
    )
    return f"出错了：{what.format(path=f' {path}' if path else '文件')}。\n改法：{hint}"


def temporary(final: Path, role: str, suffix: str = "", pid: int | None = None) -> Path:
    """Where this process's build of `final` (or process `pid`'s) keeps a folder or file beside it: `.site-build-PID`
    (the new site, or the previous one being removed), `.site-old-PID` (the previous one, moved aside),
    `.site-offline-zip-PID.zip` (an archive being written)."""
    return final.parent / f".{final.name}-{role}-{pid or os.getpid()}{suffix}"


def own_temporary(prefix: str, within: Path | None = None) -> Path:
    """A new folder of this process in `within` (made if need be; else the system's temporary folder),
    `prefix-PID-…`; first, those of processes that are gone (killed, crashed, the window closed: they could not clean
    up) are removed, else each would keep a whole site there until the disk is full."""
    if within is not None:
        within.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(rf"{re.escape(prefix)}-([0-9]+)-[^/\\]*")
    for path in Path(within or tempfile.gettempdir()).glob(f"{glob.escape(prefix)}-*"):
        if (found := pattern.fullmatch(path.name)) and not _alive(int(found[1])):
            shutil.rmtree(path, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=within))


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def publish(new: Path, final: Path, remove=_remove) -> None:
    """Put the folder `new` in place of `final`, whose previous version is removed (by `remove`), so that `final` is
    never lost, even when the process is killed: both swapped in one step where the system can (`exchange`), else
    the previous version moved aside first, which `clean_up` puts back if the process dies before `new` took its
    place."""
    if final.exists() and not exchange(new, final):
        old = temporary(final, "old")
        os.rename(final, old)
        try:
            os.rename(new, final)
        except BaseException:
            os.rename(old, final)
            raise
        os.rename(
            old, new
        )  # the previous version, under the name clean_up removes: not put back if killed there
    elif not final.exists():
        os.rename(new, final)
    remove(new)


def overlay(new: Path, final: Path, gone, last: str) -> None:
    """Put a partial site `new` (the files a build wrote: those that changed, and a framework's own, which are kept
    where `final` has them the same) into `final`, remove the files `gone` (paths under it), and `last` (the
    manifest saying what the site is) last. Nothing in `final` is touched until `new` is whole; a process killed
    here leaves `final` without its manifest, which the next build then does not reuse from (it builds it whole).
    Faster than `publish` for a rebuild that changed a few files of tens of thousands: no new folder of links."""
    (final / last).unlink(missing_ok=True)
    for folder, _, names in os.walk(new):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), new)
            if rel != last and not _same_file(os.path.join(new, rel), os.path.join(final, rel)):
                os.makedirs(os.path.dirname(os.path.join(final, rel)), exist_ok=True)
                _replace(Path(new, rel), Path(final, rel))
    for rel in gone:
        (final / rel).unlink(missing_ok=True)
        for folder in (final / rel).parents[
            : len(Path(rel).parts) - 1
        ]:  # left empty: page 3/ of a list
            with suppress(OSError):
                folder.rmdir()
    _replace(new / last, final / last)
    shutil.rmtree(new, ignore_errors=True)


def _same_file(a: str, b: str) -> bool:
    """Whether two files hold the same bytes (False when `b` is missing)."""
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def clean_up(final: Path) -> None:
    """What builds of `final` that were killed left beside it (their process is gone): temporary folders and archives
    are removed; a previous version moved aside is put back when `final` is missing (killed between two renames)."""
    pattern = re.compile(rf"\.{re.escape(final.name)}-(build|old|zip)-([0-9]+)(\.zip)?")
    left = [
        (path, found[1])
        for path in final.parent.glob(f".{glob.escape(final.name)}-*")
        if (found := pattern.fullmatch(path.name)) and not _alive(int(found[2]))
    ]
    for path, role in sorted(
        left, key=lambda found: found[0].stat().st_mtime, reverse=True
    ):  # the newest first
        if role == "old" and not final.exists():
            os.rename(path, final)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


LEFT_TEMPORARY = re.compile(
    r"\..+\.([0-9]+)\.tmp"
)  # write_whole's temporary twin of a file, with its writer's id


def remove_left_temporaries(folder: Path) -> None:
    """The temporary twins write_whole left in `folder` and the folders in it when their writer was killed (a
    build's cache of 70 MB, written at its end): those of processes that are gone."""
    for path in [*folder.glob(".*.tmp"), *folder.glob("*/.*.tmp")]:
        if (found := LEFT_TEMPORARY.fullmatch(path.name)) and not _alive(int(found[1])):
            path.unlink(missing_ok=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2 with RENAME_EXCHANGE), so that neither is ever missing;
    False where the system cannot (other systems, kernels before 3.15, C libraries without it, some file systems)."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (
        errno.EINVAL,
        errno.ENOSYS,
        errno.ENOTSUP,
    ):  # not supported here: the caller renames instead
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from Linux's <fcntl.h> and <linux/fs.h>


@functools.cache
def _libc():
    return ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _alive(pid: int) -> bool:
    """Whether a process runs (so its build's folders are still in use)."""
    if os.name == "nt":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _alive_on_windows(pid: int) -> bool:
    """os.kill(pid, 0) would send a Ctrl+C there: ask the system for the process and whether it has ended."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = ctypes.c_void_p  # a handle, as wide as a pointer
    kernel32.GetExitCodeProcess.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong)]
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it runs, as another user
    try:
        code = ctypes.c_ulong()
        return (
            bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259
        )  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


BUSY_WAITS = (
    0.02,
    0.05,
    0.1,
    0.25,
    0.5,
)  # seconds between tries to replace a file Windows says is in use


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


def shown(path: Path, root: Path | None = None) -> str:
    """A path as curators see it in messages: from `root` (the hall's folder; the working folder by default)
    when it is under it, as written otherwise, and with `/` on every system (Windows too)."""
    path = Path(path)
    base = Path.cwd() if root is None else Path(root).absolute()
    name, prefix = str(path.absolute()), os.path.join(str(base), "")
    if name.startswith(
        prefix
    ):  # the common case, and ten thousand exhibits' worth faster than relative_to
        return name[len(prefix) :].replace(os.sep, "/")
    with suppress(ValueError):
        path = path.absolute().relative_to(base)
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
    if (
        sys.platform != "win32" or len(longest) < WINDOWS_PATHS - 12
    ):  # 12: Windows keeps room for a file's 8.3 name
        return None
    return (
        f"无法写入或读取 {Path(longest).as_posix()}：这个路径有 {len(longest)} 个字符，"
        f"超出了 Windows 对路径长度的限制（约 {WINDOWS_PATHS} 个字符）。请把展馆文件夹移到路径短的地方"
        "（如 D:/劳模工匠馆）再试；或者开启 Windows 的长路径支持：重新运行 Python 安装程序，在最后一页点"
        "“Disable path length limit”，或由管理员在组策略中启用“启用 Win32 长路径”。"
    )
