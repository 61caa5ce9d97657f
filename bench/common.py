"""Helpers shared by the benchmark scripts: paths, timing, running a command with its peak memory, tables."""

from __future__ import annotations

import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

REPO = Path(__file__).resolve().parent.parent
# generated photos and halls: bench/.work (gitignored), or HALL_BENCH_WORK, such as a tmpfs (/dev/shm), where no
# disk's bookkeeping of earlier runs' files slows the builds
WORK = Path(os.environ.get("HALL_BENCH_WORK") or REPO / "bench" / ".work")
PYTHON = Path(
    sys.executable
)  # the project's venv: scripts are run as .venv/bin/python bench/xxx.py
GNU_TIME = Path("/usr/bin/time")


def run_folder(size: int, exhibitions: int = 0) -> Path:
    """Where bench/run.py generates a hall of `size` exhibits (and bench/serve.py reuses it); not hall-N,
    which bench/search.py keeps and reuses."""
    return WORK / (f"run-{size}-e{exhibitions}" if exhibitions else f"run-{size}")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Timer:
    """`with Timer() as t: ...` then `t.seconds` (wall clock) and `t.cpu` (CPU seconds of this process and
    of the child processes it has reaped, such as a finished process pool)."""

    def __enter__(self) -> "Timer":
        self.start, self.cpu_start = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start
        self.cpu = _cpu() - self.cpu_start


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the command and its children
    system: float  # of which in the kernel (file system bookkeeping shows here)
    peak_mb: float | None  # peak resident memory of the largest single process of the command
    returncode: int
    output: str


def run(cmd: list, cwd: Path | None = None, check: bool = True) -> Run:
    """Run a command, timing it and measuring its peak memory with `/usr/bin/time -v` when present,
    else with the rusage that wait4 returns for that child alone."""
    cmd = [str(c) for c in cmd]
    with tempfile.TemporaryDirectory() as tmp:
        log, rusage_file = Path(tmp) / "log", Path(tmp) / "rusage"
        if GNU_TIME.exists():
            cmd = [str(GNU_TIME), "-v", "-o", str(rusage_file), *cmd]
        with log.open("wb") as out, Timer() as timer:
            proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        output = log.read_text(encoding="utf-8", errors="replace")
        peak_kb = usage.ru_maxrss
        if rusage_file.exists():
            found = re.search(
                r"Maximum resident set size \(kbytes\): (\d+)", rusage_file.read_text()
            )
            peak_kb = int(found[1]) if found else peak_kb
    cpu = usage.ru_utime + usage.ru_stime
    peak_mb = peak_kb / 1024 if peak_kb else None
    result = Run(timer.seconds, cpu, usage.ru_stime, peak_mb, proc.returncode, output)
    if check and result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed with exit code {result.returncode}:\n{output[-3000:]}"
        )
    return result


def texture(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A photo-like RGB image that does not compress trivially: smooth colour blobs, mid-scale texture,
    fine grain and uneven lighting. Deterministic for a given generator state."""
    w, h = size

    def noise(mode: str, scale: int, resample) -> Image.Image:
        small = (max(2, w // scale), max(2, h // scale))
        return Image.frombytes(mode, small, rng.randbytes(small[0] * small[1] * len(mode))).resize(
            size, resample
        )

    image = Image.blend(noise("RGB", 200, Image.BICUBIC), noise("RGB", 8, Image.BILINEAR), 0.25)
    image = Image.blend(image, noise("L", 1, Image.NEAREST).convert("RGB"), 0.08)
    x, y = (
        rng.randrange(0, 128),
        rng.randrange(0, 160),
    )  # a window on a radial gradient: uneven lighting
    light = (
        Image.radial_gradient("L")
        .crop((x, y, x + 128, y + 96))
        .point(lambda v: 255 - v)
        .resize(size, Image.BILINEAR)
    )
    return ImageChops.multiply(image, light.point(lambda v: 110 + v * 145 // 255).convert("RGB"))


def dir_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def fresh_dir(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def machine() -> str:
    """One line: cores, CPU model, memory, Python."""
    model = "unknown CPU"
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        model = found[1] if found else model
    except OSError:
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, TypeError):
        pass
    load = ""
    try:
        load = ", load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}){memory}, Python {platform.python_version()}{load}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table, padded so it also reads well in a terminal."""
    cells = [[str(h) for h in headers]] + [
        ["—" if c is None else str(c) for c in row] for row in rows
    ]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    pad = lambda text, i: text + " " * (widths[i] - _width(text))  # noqa: E731
    lines = ["| " + " | ".join(pad(c, i) for i, c in enumerate(row)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
