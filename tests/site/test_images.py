import io

from PIL import Image

from hall.site import images
from hall.site.images import ImageProblem, pictures
from tests.conftest import photo


def _exif_with_orientation_and_gps() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (30.0, 50.0, 0.0)}  # GPS IFD
    return exif.tobytes()


def test_orientation_applied_and_metadata_stripped(tmp_path):
    src = photo(tmp_path / "p.jpg", (1200, 800), exif=_exif_with_orientation_and_gps())
    pic = pictures([src], tmp_path / "cache")[src]
    assert pic.largest.height > pic.largest.width  # landscape pixels, portrait photo
    for r in pic.renditions:
        for name in (r.webp, r.fallback):
            out = Image.open(tmp_path / "cache" / pic.digest / name)
            assert not out.getexif() and "exif" not in out.info and "icc_profile" not in out.info


def test_never_upscaled(tmp_path):
    src = photo(tmp_path / "small.jpg", (300, 200))
    pic = pictures([src], tmp_path / "cache")[src]
    assert [r.width for r in pic.renditions] == [300]


def test_widths(tmp_path):
    src = photo(tmp_path / "big.jpg", (2000, 1000))
    pic = pictures([src], tmp_path / "cache")[src]
    assert [(r.width, r.height) for r in pic.renditions] == [(480, 240), (960, 480), (1600, 800)]


def test_second_build_decodes_nothing_and_a_changed_image_alone_is_redone(tmp_path, monkeypatch):
    a, b = photo(tmp_path / "a.jpg"), photo(tmp_path / "b.jpg", color=(0, 90, 0))
    cache = tmp_path / "cache"
    pictures([a, b], cache)
    rendered = []
    original = images._render
    monkeypatch.setattr(
        images, "_render", lambda *args: rendered.append(args[1]) or original(*args)
    )
    pictures([a, b], cache)
    assert rendered == []
    photo(b, color=(0, 0, 200))
    pictures([a, b], cache)
    assert len(rendered) == 1


def test_bad_images_are_problems_not_tracebacks(tmp_path, monkeypatch):
    corrupt = tmp_path / "corrupt.jpg"
    corrupt.write_bytes(b"not an image at all")
    truncated = tmp_path / "truncated.jpg"
    data = io.BytesIO()
    Image.new("RGB", (800, 600), (9, 9, 9)).save(data, "JPEG")
    truncated.write_bytes(data.getvalue()[:300])
    gif = tmp_path / "x.gif"
    Image.new("P", (10, 10)).save(gif, "GIF")
    results = pictures([corrupt, truncated, gif], tmp_path / "cache")
    assert all(isinstance(r, ImageProblem) and r.code == "E404" for r in results.values()), results


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    src = photo(tmp_path / "bomb.jpg", (3000, 3000))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    [result] = pictures([src], tmp_path / "cache").values()
    assert isinstance(result, ImageProblem) and result.code == "E405"


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 100)
    [result] = pictures([photo(tmp_path / "a.jpg")], tmp_path / "cache").values()
    assert isinstance(result, ImageProblem) and result.code == "E406"


def test_originals_are_published_only_when_asked_and_still_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 50.0, 0.0)}
    src = photo(tmp_path / "big.jpg", (3000, 2000), exif=exif.tobytes())
    assert pictures([src], tmp_path / "cache")[src].largest.width == 1600
    full = pictures([src], tmp_path / "cache", originals=True)[src]
    assert [r.width for r in full.renditions] == [
        480,
        960,
        1600,
        3000,
    ] and full.largest.height == 2000
    out = Image.open(tmp_path / "cache" / full.digest / full.largest.fallback)
    assert not out.getexif() and "exif" not in out.info


def test_placeholder_seal_is_a_cached_svg_shared_by_a_surname(tmp_path):
    cache = tmp_path / "cache"
    seal = images.seal("柴", cache)
    assert images.seal("柴", cache) == seal != images.seal("王", cache)
    [name] = seal.files
    assert name.endswith(".svg") and "柴" in (cache / seal.digest / name).read_text(
        encoding="utf-8"
    )
    hostile = images.seal("<", cache)
    assert (
        "<text" in (cache / hostile.digest / hostile.files[0]).read_text()
        and "&lt;" in (cache / hostile.digest / hostile.files[0]).read_text()
    )


def test_large_photos_decoded_at_reduced_scale_keep_their_displayed_shape(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6
    sources = [
        photo(tmp_path / "turned.jpg", (4000, 3000), exif=exif.tobytes()),
        photo(tmp_path / "flat.jpg", (4000, 3000), color=(1, 2, 3)),
    ]
    found = pictures(sources, tmp_path / "cache")
    turned, flat = (found[src] for src in sources)
    assert (turned.largest.width, turned.largest.height) == (1600, 2133)
    assert (flat.largest.width, flat.largest.height) == (1600, 1200)


def test_each_width_is_resampled_from_the_next_larger_and_fallbacks_are_baseline(
    tmp_path, monkeypatch
):
    sources = []
    resize = Image.Image.resize
    monkeypatch.setattr(
        Image.Image,
        "resize",
        lambda self, size, *a, **k: (
            sources.append((self.width, size[0])) or resize(self, size, *a, **k)
        ),
    )
    src = photo(tmp_path / "big.jpg", (2000, 1000))
    pic = pictures([src], tmp_path / "cache")[src]  # one photo: made in this process
    assert sources == [(2000, 1600), (1600, 960), (960, 480)]  # the cheap way, not three from 2000
    fallback = Image.open(tmp_path / "cache" / pic.digest / pic.largest.fallback)
    assert fallback.format == "JPEG" and not fallback.info.get("progressive")
