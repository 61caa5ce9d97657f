"""Printable exhibit labels for the physical hall: an A4 sheet of cards with name, highest honor,
one-line summary and a QR code to the exhibit's page. A self-contained HTML file (styles and QR codes
inline) that any browser prints, so a union office needs nothing else. With `audio`, one label for each
audio guide (an exhibit's, an exhibition unit's) whose code lands on the player: 扫码听讲解."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from hall.model.catalog import load_hall
from hall.model.config import HallConfig
from hall.model.exhibit import Exhibit
from hall.model.problems import HallError
from hall.model.schema import GRADE_BANDS, KIND_LABELS
from hall.site.gallery import Galleries, walk
from hall.site.pages import environment
from hall.site.qr import page_url, qr_svgs


class LabelError(HallError):
    """Labels that cannot be made: exhibits or a gallery that do not exist."""


@dataclass(frozen=True)
class Listen:
    """A label for an audio guide: what it is called on the label, and where on its page the player is."""

    title: str
    anchor: str
    part: str | None = None  # for a unit: its exhibition and number


def listening(exhibits: list[Exhibit]) -> list[tuple[Exhibit, Listen]]:
    """Every audio guide of these exhibits, with the anchor of its player (see the players macro)."""
    found = []
    for e in exhibits:
        if e.get("audio"):
            found.append((e, Listen(e.title, "audio")))
        for unit in e.units:
            if unit.meta.audio:
                part = f"{e.title} · 第 {unit.index + 1} 单元"
                found.append((e, Listen(unit.title, f"{unit.anchor}-audio", part)))
    return found


def choose(config: HallConfig, slugs: list[str], gallery: str | None) -> list[Exhibit]:
    """The exhibits of a gallery (its URL, such as eras/2012-), or the ones named, or all of them (lessons last:
    a lesson's label, by the exhibits it uses, sends teachers and pupils to the lesson page)."""
    hall = load_hall(config)
    if hall.report.errors:
        raise LabelError(
            "展品有错误，请先运行 build_hall.py check 修正：\n" + hall.report.format_text()
        )
    if gallery:
        wanted = gallery.strip("/") + "/"
        found = [
            g
            for gs in Galleries.of(hall, config.vocab).facets().values()
            for g in walk(gs)
            if g.url == wanted
        ]
        if not found:
            raise LabelError(
                f"没有找到展厅“{gallery}”：请写展厅网址中的路径，例如 eras/2012- 或 regions/zhejiang"
            )
        return found[0].exhibits
    by_slug = {e.slug: e for e in hall.exhibits}
    missing = [s for s in slugs if s not in by_slug]
    if missing:
        raise LabelError("没有这些展品：" + "、".join(missing) + "（请写文件名，例如 chai-jinfu）")
    return (
        [by_slug[s] for s in slugs]
        if slugs
        else sorted(hall.exhibits, key=lambda e: (e.kind == "lessons", e.rank))
    )


def render(config: HallConfig, exhibits: list[Exhibit], audio: bool = False) -> str:
    if not config.site_url:
        raise LabelError(
            "mkdocs.yml 里没有 site_url（网站的正式网址），二维码无法指向展品页面；请先填写 site_url"
        )
    cache = config.cache_dir / "qr"
    env = environment()
    chosen = listening(exhibits) if audio else [(e, None) for e in exhibits]
    if audio and not chosen:
        raise LabelError(
            "选中的展品都没有语音导览：在展品或展览单元里写上 audio（音频文件和文字稿）后再生成“扫码听讲解”标签"
        )
    labels = [
        (e, page_url(config.site_url, e.url + (f"#{listen.anchor}" if listen else "")), listen)
        for e, listen in chosen
    ]
    codes = qr_svgs([url for _, url, _ in labels], cache)  # the cache read once
    return env.get_template("labels.html").render(
        site_name=config.site_name,
        kinds=KIND_LABELS,
        grades=GRADE_BANDS,
        labels=[(e, url, Markup(codes[url]), listen) for e, url, listen in labels],
    )


def write(
    config: HallConfig, output: Path, slugs: list[str], gallery: str | None, audio: bool = False
) -> int:
    """Write the sheet; the number of labels on it."""
    exhibits = choose(config, slugs, gallery)
    output.write_text(render(config, exhibits, audio), encoding="utf-8")
    return len(listening(exhibits)) if audio else len(exhibits)
