"""End to end: a small hall in a temporary folder built into a site."""

import csv
import html
import io
import json
import re
import shutil

import pytest

from hall.engine.build import BuildFailed, build
from hall.site.pages import DEFAULT_INTRO
from hall.site.search import SEARCH_FACETS, exhibit_documents
from tests.conftest import PERSON
from tests.sitecheck import external_requests, tree_digest


@pytest.fixture
def built(small_hall):
    site = build(small_hall.config)
    return small_hall, site


def test_pages_of_every_kind_are_built(built):
    hall, site = built
    for page in [
        "index.html",
        "people/index.html",
        "people/chai-jinfu/index.html",
        "people/zha-zhao/index.html",
        "artifacts/zhu-bian-hua-lan/index.html",
        "collectives/zha-zhao-studio/index.html",
        "eras/1949-1977/index.html",
        "trades/c/index.html",
        "honors/national/index.html",
        "honors/national/quan-guo-lao-dong-mo-fan/index.html",
        "regions/zhejiang/jiaxing/jiashan/index.html",
        "timeline/index.html",
        "data/exhibits.json",
    ]:
        assert (site / page).is_file(), page


def test_profile_page_has_header_links_and_sources(built):
    _, site = built
    html = (site / "people" / "zha-zhao" / "index.html").read_text(encoding="utf-8")
    assert "Zha Zhao" in html and "浙江工匠" in html and "台州市劳动模范" in html
    assert 'href="../../artifacts/zhu-bian-hua-lan/"' in html  # the artifact made by him
    assert 'href="../../collectives/zha-zhao-studio/"' in html  # his studio
    assert "浙工之家" in html  # sources at the bottom
    assert 'lang="zh-CN"' in html


def test_person_without_portrait_gets_a_seal_made_by_the_image_pipeline(built):
    _, site = built
    html = (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    header = html.split("hall-profile__image")[1].split("</div>")[0]
    assert "<picture>" not in header and "暂无照片" in header
    src = re.search(r'<img class="hall-seal[^"]*" src="([^"]+)"', header).group(1)
    seal = (site / "people" / "chai-jinfu" / src).resolve()
    assert seal.parent == (site / "media").resolve() and "柴" in seal.read_text(encoding="utf-8")


def test_photos_open_in_the_lightbox_from_a_link_to_their_largest_rendition(built):
    _, site = built
    page = site / "artifacts" / "zhu-bian-hua-lan"
    html = (page / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a class="hall-zoom" href="([^"]+)"', html).group(1)
    assert href.endswith(".jpg") and (page / href).is_file()
    assert (
        "assets/javascripts/lightbox.js" in html
        and (site / "assets" / "javascripts" / "lightbox.js").is_file()
    )


def test_images_are_published_as_responsive_derivatives(built):
    _, site = built
    html = (site / "artifacts" / "zhu-bian-hua-lan" / "index.html").read_text(encoding="utf-8")
    assert "<picture>" in html and 'type="image/webp"' in html and 'alt="一只竹编花篮"' in html
    assert 'width="' in html and "示意插图" in html
    assert not list(site.rglob("basket.jpg"))  # the original is not published
    assert list((site / "media").glob("*.webp"))


def test_open_data_lists_every_exhibit(built):
    _, site = built
    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))
    by_slug = {e["slug"]: e for e in data["exhibits"]}
    assert set(by_slug) == {
        "chai-jinfu",
        "zha-zhao",
        "wang-jinxi",
        "zhu-bian-hua-lan",
        "zha-zhao-studio",
    }
    chai = by_slug["chai-jinfu"]
    assert (chai["kind"], chai["url"], chai["pinyin"], chai["era"]) == (
        "people",
        "people/chai-jinfu/",
        "Chai Jinfu",
        "中国特色社会主义新时代",
    )
    assert chai["honors"][0] == {"title": "全国劳动模范", "year": 2020, "level": "全国"}
    assert by_slug["zha-zhao"]["artifacts"] == ["zhu-bian-hua-lan"]
    assert by_slug["zhu-bian-hua-lan"]["images"][0]["src"].startswith("media/")


def test_no_request_to_any_external_host(built):
    _, site = built
    assert external_requests(site) == []
    assert "fonts.googleapis" not in "".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    )


def test_search_index_is_in_small_script_files_and_pages_stay_out(built):
    _, site = built
    meta = (site / "search" / "meta.js").read_text(encoding="utf-8")
    assert (
        meta.startswith("hallSearch.m(")
        and len(json.loads(meta[len("hallSearch.m(0,") : -3])["docs"]) == 5
    )
    buckets = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "t").glob("*.js"))
    assert all(f'"{term}":"' in buckets for term in ("金甫", "=柴金甫", "chaijinfu", "cjf"))
    assert "eras/" not in buckets  # galleries are not indexed
    assert not (
        site / "search" / "search_index.json"
    ).exists()  # Material's whole-site index is gone


def test_exhibits_are_never_written(small_hall):
    before = tree_digest(small_hall.exhibits)
    build(small_hall.config)
    assert tree_digest(small_hall.exhibits) == before


def test_bad_exhibit_fails_and_keeps_the_previous_site(built):
    hall, site = built
    before = tree_digest(site)
    hall.add("people/chai-jinfu.md", PERSON.replace("year: 2020", "year: 202"))
    with pytest.raises(BuildFailed) as failure:
        build(hall.config)
    assert "exhibits/people/chai-jinfu.md:7: 错误 E104" in str(failure.value)
    assert tree_digest(site) == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site-")]


def test_bad_image_fails_the_build_with_the_exhibit_named(built):
    hall, _ = built
    (hall.exhibits / "people" / "zha-zhao" / "portrait.jpg").write_bytes(b"\xff\xd8 broken")
    with pytest.raises(BuildFailed) as failure:
        build(hall.config)
    assert "exhibits/people/zha-zhao/index.md:11: 错误 E404" in str(failure.value)


def test_title_with_markup_is_text(small_hall):
    small_hall.add(
        "people/chai-jinfu.md", PERSON.replace("name: 柴金甫", 'name: "<script>x</script>柴"')
    )
    site = build(small_hall.config)
    html = (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    assert "<script>x</script>" not in html


def test_a_person_whose_sources_name_no_trade_shows_it_unstated_and_is_in_no_trade_gallery(
    small_hall,
):
    small_hall.add("people/chai-jinfu.md", PERSON.replace("trade: 农、林、牧、渔业\n", ""))
    hall = small_hall.load()
    assert hall.report.problems == [], hall.report.format_text()
    site = build(small_hall.config)
    html = (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    assert "<dt>行业</dt><dd>未注明</dd>" in html and not re.search(
        r'href="../../trades/[^"]', html
    )
    assert not [
        p
        for p in (site / "trades").rglob("index.html")
        if "chai-jinfu" in p.read_text(encoding="utf-8")
    ]
    assert not (site / "trades" / "a").exists()  # 农、林、牧、渔业 had only him
    card = re.search(
        r'<a class="hall-card hall-card--people" href="../people/chai-jinfu/">.*?</a>',
        (site / "people" / "index.html").read_text(encoding="utf-8"),
    ).group(0)
    assert '<span class="hall-card__meta">嘉善县</span>' in card
    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))["exhibits"]
    assert next(e for e in data if e["slug"] == "chai-jinfu")["trade"] is None
    docs = {d.show["u"]: d for d in exhibit_documents(hall)}
    assert (
        docs["people/chai-jinfu/"].codes[SEARCH_FACETS.index("trade")] == ""
    )  # no trade facet in the search


def test_home_page_title_is_the_site_name_alone_and_other_pages_add_it(built):
    _, site = built
    titles = {
        page: re.findall(
            r"<title>([^<]*)</title>", (site / page / "index.html").read_text(encoding="utf-8")
        )
        for page in ("", "people", "people/chai-jinfu")
    }
    assert titles == {
        "": ["测试馆"],
        "people": ["人物 - 测试馆"],
        "people/chai-jinfu": ["柴金甫 - 测试馆"],
    }


def test_security_headers_allow_exactly_the_inline_scripts_the_site_has(built):
    from hall.site.headers import inline_script_hashes
    from tests.sitecheck import parse_headers_file

    _, site = built
    csp = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))[
        "Content-Security-Policy"
    ]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src")).split()[1:]
    used = set().union(
        *(inline_script_hashes(p.read_text(encoding="utf-8")) for p in site.rglob("*.html"))
    )
    assert used and set(script_src) == {"'self'", *used}
    assert "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert 'add_header Content-Security-Policy "' in (site / "nginx-headers.conf").read_text(
        encoding="utf-8"
    )


def test_open_data_csv_opens_in_excel_and_lists_every_exhibit(built):
    _, site = built
    raw = (site / "data" / "exhibits.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 and {r["slug"] for r in rows} >= {"chai-jinfu", "zhu-bian-hua-lan"}
    assert next(r for r in rows if r["slug"] == "chai-jinfu")["honors"].startswith(
        "全国劳动模范（2020）"
    )


def _json_ld(html: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )


def test_the_home_page_says_what_the_hall_is_when_shared(small_hall):
    """Shared in a chat app, the hall's address shows its name and what it is, with or without visiting
    information (which adds the Museum a map app reads): mkdocs.yml's site_description, else the intro."""
    home = (build(small_hall.config) / "index.html").read_text(encoding="utf-8")
    said = html.escape(DEFAULT_INTRO)
    for tag in (
        '<meta property="og:type" content="website">',
        '<meta property="og:url" content="https://hall.example.org/">',
        '<meta property="og:site_name" content="测试馆">',
        f'<meta property="og:description" content="{said}">',
        f'<meta name="description" content="{said}">',
    ):
        assert tag in home
    assert "application/ld+json" not in home  # no visiting information: no Museum to describe
    text = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(
        text.replace("site_name: 测试馆\n", "site_name: 测试馆\nsite_description: 县里的劳模馆\n"),
        encoding="utf-8",
    )
    home = (build(small_hall.config) / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:description" content="县里的劳模馆">' in home
    assert '<meta name="description" content="县里的劳模馆">' in home


def test_exhibit_pages_carry_json_ld_and_open_graph(built):
    _, site = built
    person = (site / "people" / "zha-zhao" / "index.html").read_text(encoding="utf-8")
    data = _json_ld(person)
    assert data["@type"] == "Person" and data["name"] == "查昭" and "浙江工匠" in data["award"]
    assert (
        data["hasOccupation"]["name"] == "车工"
        and data["url"] == "https://hall.example.org/people/zha-zhao/"
    )
    assert '<meta property="og:url" content="https://hall.example.org/people/zha-zhao/">' in person
    artifact = (site / "artifacts" / "zhu-bian-hua-lan" / "index.html").read_text(encoding="utf-8")
    work = _json_ld(artifact)
    assert (work["@type"], work["creator"]["name"], work["material"]) == (
        "VisualArtwork",
        "查昭",
        "毛竹",
    )
    assert re.search(
        r'<meta property="og:image" content="https://hall.example.org/media/\w+-\d+\.jpg">',
        artifact,
    )


def test_sitemap_and_feed_use_the_real_site_url(small_hall):
    text = (small_hall.exhibits / "people" / "chai-jinfu.md").read_text(encoding="utf-8")
    (small_hall.exhibits / "people" / "chai-jinfu.md").write_text(
        text.replace("summary:", "added: 2026-11-20\nsummary:"), encoding="utf-8"
    )
    site = build(small_hall.config)
    assert "<loc>https://hall.example.org/people/chai-jinfu/</loc>" in (
        site / "sitemap.xml"
    ).read_text(encoding="utf-8")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert (
        feed.count("<item>") == 1
        and "<link>https://hall.example.org/people/chai-jinfu/</link>" in feed
    )
    assert "Fri, 20 Nov 2026" in feed and 'rel="alternate feed" type="application/rss+xml"' in (
        site / "index.html"
    ).read_text(encoding="utf-8")


def test_two_builds_of_the_same_input_are_byte_identical(small_hall, tmp_path):
    first = build(small_hall.config, tmp_path / "one")
    shutil.rmtree(
        small_hall.root / ".cache"
    )  # the second one cold: images, seals and QR codes made again
    second = build(small_hall.config, tmp_path / "two")
    assert tree_digest(first) == tree_digest(second)


def test_long_lists_and_galleries_are_cut_into_linked_pages(small_hall, monkeypatch):
    """Every exhibit of a list is on exactly one of its pages, in order; the pages link to each other, have titles
    of their own, and only the first is in the navigation."""
    from hall.site import pages
    from tests.sitecheck import broken_links

    whole = build(small_hall.config, small_hall.root / "whole")
    monkeypatch.setattr(pages, "PER_PAGE", 1)
    monkeypatch.setattr(pages, "TIMELINE_PER_PAGE", 1)
    site = build(small_hall.config)
    assert broken_links(site) == []
    card = re.compile(r'class="hall-card hall-card--\w+" href="[^"]*/([^/"]+)/"')
    paged = {
        page.parent.relative_to(whole).as_posix() + "/": card.findall(
            page.read_text(encoding="utf-8")
        )
        for page in whole.rglob("index.html")
        if (site / page.relative_to(whole).parent / "2").is_dir() and page.parent.name != "timeline"
    }
    assert {"people/", "honors/national/", "regions/zhejiang/"} <= paged.keys()
    for folder, listed in paged.items():
        files = [
            site / folder / (f"{n}/" if n > 1 else "") / "index.html"
            for n in range(1, len(listed) + 1)
        ]
        texts = [f.read_text(encoding="utf-8") for f in files]
        assert [card.findall(text) for text in texts] == [[slug] for slug in listed], folder
        assert not (site / folder / f"{len(listed) + 1}" / "index.html").exists()
        titles = [re.search(r"<title>([^<]*)</title>", text).group(1) for text in texts]
        assert len(set(titles)) == len(titles) and "（第 2 页）" in titles[1], titles
        assert (
            ">下一页<" in texts[0]
            and ">上一页<" in texts[-1]
            and 'aria-current="page">2<' in texts[1]
        )
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "people/2/" not in nav and "eras/1949-1977/2/" not in nav

    honor = re.compile(
        r'<li><a href="[^"]*/([^/"]+)/">[^<]*</a> <span class="hall-honor">([^<]*)</span>'
    )
    timeline = [
        p
        for p in [site / "timeline"]
        + sorted((site / "timeline").glob("*/"), key=lambda p: int(p.name))
    ]
    assert len(timeline) > 2  # one year a page
    every = honor.findall((whole / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert [
        h for p in timeline for h in honor.findall((p / "index.html").read_text(encoding="utf-8"))
    ] == every
    years = re.findall(
        r'<a href="([^"]*#y\d+)">', (timeline[-1] / "index.html").read_text(encoding="utf-8")
    )
    assert len(years) == len(
        re.findall(r'<h2 id="y', (whole / "timeline" / "index.html").read_text())
    )
