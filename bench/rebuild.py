"""Rebuild benchmark (issue 20): `hall build` with nothing changed and after one exhibit's story or name is
edited, against Hugo's bare cold build of the same Markdown (bench/run.py's hugo-bare), measured in turn.

Usage, from the repository root, on a hall made by bench/generate.py and built once:

    .venv/bin/python bench/generate.py bench/.work/rebuild --people 9500 --artifacts 0 --collectives 500 \
        --photos 0 --seed 3
    (cd bench/.work/rebuild && ../../../.venv/bin/python ../../../build_hall.py build)
    .venv/bin/python bench/rebuild.py bench/.work/rebuild --repeat 3

Each round runs hugo-bare cold (public/ and resources/ removed), then the hall with nothing changed, after
one person's story got a sentence longer, and after that person's name changed (a new name each round);
every build is a subprocess. Prints the median of each and its ratio to hugo-bare's median. The edited file
is restored at the end (the next build then rebuilds once more).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

from common import PYTHON, REPO, machine, run, table
from run import EDIT, hugo_engine

NAMES = "甲乙丙丁戊己庚辛壬癸"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path, help="a hall made by bench/generate.py, built once")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = args.project.resolve()
    hugo = next(iter(hugo_engine(project, "hugo-bare")), None)
    if hugo is None:
        sys.exit("hugo unavailable")
    edited = sorted((project / "exhibits" / "people").glob("*.md"))[0]
    original = edited.read_text(encoding="utf-8")
    name = next(line for line in original.splitlines() if line.startswith("name: "))
    hall = [PYTHON, REPO / "build_hall.py", "build"]
    times: dict[str, list[float]] = {"hugo-bare cold": [], "no change": [], "story": [], "name": []}
    cpu: dict[str, list[float]] = {key: [] for key in times}

    def step(key: str, command: list, cwd: Path) -> None:
        result = run(command, cwd)
        times[key].append(result.seconds)
        cpu[key].append(result.cpu)
        print(f"  {key}: {result.seconds:.2f} s wall, {result.cpu:.1f} s CPU", flush=True)

    print(machine())
    try:
        for i in range(args.repeat):
            for folder in [hugo.site, *hugo.caches]:
                shutil.rmtree(folder, ignore_errors=True)
            step("hugo-bare cold", hugo.command, hugo.cwd)
            step("no change", hall, project)
            story = original + EDIT * (i + 1)
            edited.write_text(story, encoding="utf-8")
            step("story", hall, project)
            edited.write_text(story.replace(name, f"{name}{NAMES[i % 10]}"), encoding="utf-8")
            step("name", hall, project)
    finally:
        edited.write_text(original, encoding="utf-8")
    floor, floor_cpu = (statistics.median(t["hugo-bare cold"]) for t in (times, cpu))
    rows = [
        [
            key,
            f"{statistics.median(t):.2f}",
            f"{statistics.median(t) / floor:.2f}×",
            f"{statistics.median(cpu[key]):.1f}",
            f"{statistics.median(cpu[key]) / floor_cpu:.2f}×",
            len(t),
        ]
        for key, t in times.items()
    ]
    headers = ["build", "median wall s", "× hugo-bare", "median CPU s", "× hugo-bare CPU", "runs"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
