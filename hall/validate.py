"""Checks that need the vocabulary, the filesystem or other exhibits."""
from __future__ import annotations

import os
from pathlib import Path

from .exhibit import Exhibit, Hall
from .schema import KIND_LABELS
from .vocab import Vocabulary, suggest

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def check(hall: Hall, vocab: Vocabulary, exhibits_dir: Path) -> None:
    """Add every vocabulary, reference and image problem to the hall's report."""
    slugs = hall.by_slug()
    for exhibit in hall.exhibits:
        _vocabulary(exhibit, vocab, hall)
        _references(exhibit, slugs, hall)
        _images(exhibit, exhibits_dir.resolve(), hall)


def _vocabulary(e: Exhibit, vocab: Vocabulary, hall: Hall) -> None:
    add, meta = hall.report.add, e.meta
    if vocab.trade(meta.trade) is None:
        near = suggest(meta.trade, [t.name for t in vocab.trades])
        add(e.rel, e.line("trade"), "E202", f"行业“{meta.trade}”不在行业词表中",
            f"是不是“{near}”？" if near else "请用国民经济行业门类名称，如 制造业、教育；手工艺填 传统工艺")
    if e.region and (problem := vocab.region_problem(e.region)):
        add(e.rel, e.line("region"), "E203", problem[0], problem[1])
    if meta.era and vocab.era(meta.era) is None:
        near = suggest(meta.era, [era.name for era in vocab.eras])
        add(e.rel, e.line("era"), "E204", f"年代“{meta.era}”不在年代词表中",
            f"是不是“{near}”？" if near else "可以不填，系统按荣誉年份推断")
    for i, honor in enumerate(getattr(meta, "honors", [])):
        if vocab.honor_level(honor.title) is None:
            near = suggest(honor.title, list(vocab.honors))
            add(e.rel, e.line("honors", i, "title"), "E201", f"荣誉称号“{honor.title}”不在荣誉词表中",
                (f"是不是“{near}”？" if near else "市、县级称号请写全称，如“台州市劳动模范”")
                + "；新的称号可在 mkdocs.yml 的 vocabularies.honors 中登记")
    for name, choices, code in (("category", vocab.categories, "E205"), ("type", vocab.collective_types, "E206")):
        value = getattr(meta, name, None)
        if value is not None and value not in choices and e.kind != "people":
            near = suggest(value, choices)
            add(e.rel, e.line(name), code, f"“{value}”不在{'匠品类别' if name == 'category' else '集体类型'}词表中",
                f"是不是“{near}”？" if near else "可选：" + "、".join(choices))


# (field, the kind it must point to or None for any)
_REFERENCES = {"related": None, "maker": "people", "leader": "people", "members": "people"}


def _references(e: Exhibit, slugs: dict[str, Exhibit], hall: Hall) -> None:
    for name, kind in _REFERENCES.items():
        value = getattr(e.meta, name, None)
        for i, slug in enumerate(value if isinstance(value, list) else [value] if value else []):
            loc = (name, i) if isinstance(value, list) else (name,)
            target = slugs.get(slug)
            if target is None and slug in hall.invalid:
                continue  # it exists; its own errors are reported in its own file
            if target is None:
                near = suggest(slug, list(slugs))
                hall.report.add(e.rel, e.line(*loc), "E302", f"引用的展品“{slug}”不存在",
                                f"是不是“{near}”？" if near else "填写展品的文件名（不含 .md），如 chai-jinfu")
            elif kind and target.kind != kind:
                hall.report.add(e.rel, e.line(*loc), "E303", f"“{slug}”是{KIND_LABELS[target.kind]}展品，这里应引用人物",
                                "填写人物档案的文件名")
            elif target is e:
                hall.report.add(e.rel, e.line(*loc), "E303", "展品不能引用自己", f"从 {name} 中删去“{slug}”")


def _images(e: Exhibit, root: Path, hall: Hall) -> None:
    add = hall.report.add
    for loc, image in e.image_entries():
        line = e.line(*loc, "src")
        target = image_path(e, image.src)
        if target is None:
            add(e.rel, line, "E402", f"图片“{image.src}”在展品文件夹之外",
                "图片要放在展品文件旁边（同一文件夹），路径里不要用“..”或以“/”开头")
        elif not target.is_file() and not target.is_symlink():
            near = suggest(image.src, sorted(p.name for p in e.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES))
            add(e.rel, line, "E401", f"找不到图片“{image.src}”",
                f"是不是“{near}”？" if near else "检查文件名（区分大小写）和扩展名")
        elif not _inside(target.resolve(), root) or not _inside(target.resolve(), e.folder.resolve()):
            add(e.rel, line, "E402", f"图片“{image.src}”是指向展品文件夹之外的链接", "请把图片文件本身复制到展品文件夹")
        elif target.suffix.lower() not in IMAGE_SUFFIXES:
            add(e.rel, line, "E404", f"图片“{image.src}”的格式不支持", "请使用 JPG、PNG 或 WebP 格式")


def image_path(e: Exhibit, src: str) -> Path | None:
    """Where an image of an exhibit is, or None when the path leaves the exhibit's folder."""
    if os.path.isabs(src) or src.startswith(("/", "\\")) or ":" in src:
        return None
    target = Path(os.path.normpath(e.folder / src))
    return target if _inside(target, Path(os.path.normpath(e.folder))) else None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
