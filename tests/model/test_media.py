"""Audio guides and videos: local files checked by what their bytes are, refused with codes, played beside their
words (a transcript, captions), never from another site."""

import io
import re
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest

from hall.engine.build import build
from hall.engine.preview import Preview
from hall.model import media
from tests.conftest import PERSON, photo
from tests.engine.test_preview import _differing
from tests.model.test_exhibitions import EXHIBITION, exhibition_hall


def mp3(frames: int = 40) -> bytes:
    """A real MP3 of silence: an ID3v2 tag, then MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each)
    whose side information is all zero, which decoders play as silence (about a second for 40 frames)."""
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\x00" + bytes(413)) * frames


VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\n这是字幕。\n"
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + bytes(64)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "不是视频")
    return out.getvalue()


AUDIO = """\
audio:
  src: guide.mp3
  title: 语音导览
  transcript: |
    大家好，这里是柴金甫的花田。
    第二段讲解词。
"""

VIDEO = """\
video:
  src: film.webm
  poster: poster.jpg
  captions: film.vtt
  title: 花田一日
"""


def person(hall, fields: str, files: dict[str, bytes | str]) -> None:
    """柴金甫 as a folder, with these front-matter fields and files beside his index.md."""
    (hall.exhibits / "people" / "chai-jinfu.md").unlink()
    hall.add("people/chai-jinfu/index.md", PERSON.replace("sources:", fields + "sources:", 1))
    for name, data in files.items():
        target = hall.exhibits / "people" / "chai-jinfu" / name
        if name.endswith(".jpg"):
            photo(target, (640, 360))
        else:
            target.write_bytes(data.encode() if isinstance(data, str) else data)


@pytest.fixture
def hall(tmp_path):
    return exhibition_hall(tmp_path)


def _errors(hall) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in hall.load().report.errors]


def test_an_audio_guide_plays_beside_its_transcript(hall):
    person(hall, AUDIO, {"guide.mp3": mp3()})
    site = build(hall.config)
    page = (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    player = re.search(r'<figure class="hall-audio" id="audio">.*?</figure>', page, re.S).group(0)
    assert re.search(
        r'<audio controls="" preload="none" aria-label="语音导览：柴金甫"><source src="guide.mp3" type="audio/mpeg">',
        player,
    )
    assert (
        "<p>大家好，这里是柴金甫的花田。</p><p>第二段讲解词。</p>" in player
    )  # the words, on the page
    assert (site / "people" / "chai-jinfu" / "guide.mp3").read_bytes() == mp3()


def test_a_video_has_its_poster_and_chinese_captions(hall):
    person(hall, VIDEO, {"film.webm": WEBM, "poster.jpg": b"", "film.vtt": VTT})
    site = build(hall.config)
    page = (site / "people" / "chai-jinfu" / "index.html").read_text(encoding="utf-8")
    video = re.search(r"<video .*?</video>", page, re.S).group(0)
    assert 'preload="none"' in video and 'controls=""' in video
    assert re.search(
        r'poster="\.\./\.\./media/[\w.-]+\.jpg" width="640" height="360"', video
    )  # through the image pipeline
    assert '<source src="film.webm" type="video/webm">' in video
    assert (
        '<track kind="captions" srclang="zh" label="中文字幕" src="film.vtt" default="">' in video
    )
    assert (site / "people" / "chai-jinfu" / "film.vtt").read_text(encoding="utf-8") == VTT
    assert "<iframe" not in page


@pytest.mark.parametrize(
    "fields, files, expected",
    [
        (
            AUDIO.replace(
                "  transcript: |\n    大家好，这里是柴金甫的花田。\n    第二段讲解词。\n", ""
            ),
            {"guide.mp3": mp3()},
            [(10, "E834")],
        ),
        (
            VIDEO.replace("  captions: film.vtt\n", ""),
            {"film.webm": WEBM, "poster.jpg": b""},
            [(10, "E835")],
        ),
        (
            VIDEO.replace("  poster: poster.jpg\n", ""),
            {"film.webm": WEBM, "film.vtt": VTT},
            [(10, "E836")],
        ),
        (VIDEO, {"film.webm": zip_bytes(), "poster.jpg": b"", "film.vtt": VTT}, [(11, "E837")]),
        (AUDIO, {"guide.mp3": b"<!DOCTYPE html><html>not found</html>"}, [(11, "E837")]),
        (AUDIO, {"guide.mp3": MP4}, [(11, "E837")]),
        (
            AUDIO.replace("guide.mp3", "guide.wav"),
            {"guide.wav": b"RIFF\0\0\0\0WAVE"},
            [(11, "E833")],
        ),
        (AUDIO, {}, [(11, "E831")]),
        (AUDIO.replace("guide.mp3", "../guide.mp3"), {}, [(11, "E832")]),
        (AUDIO.replace("guide.mp3", "https://cdn.example/guide.mp3"), {}, [(11, "E832")]),
        (
            VIDEO,
            {
                "film.webm": WEBM,
                "poster.jpg": b"",
                "film.vtt": "1\n00:00:00,000 --> 00:00:01,000\n字幕\n",
            },
            [(13, "E839")],
        ),
        (
            VIDEO,
            {"film.webm": WEBM, "film.vtt": VTT},
            [(12, "E401")],
        ),  # the poster is an image like any other
    ],
    ids=[
        "audio without transcript",
        "video without captions",
        "video without poster",
        "a WebM that is a ZIP",
        "an MP3 that is a web page",
        "an MP3 that is an MP4",
        "a WAV",
        "a missing file",
        "outside the folder",
        "another site's file",
        "SRT captions",
        "a missing poster",
    ],
)
def test_bad_media_is_refused_with_its_code_and_line(hall, fields, files, expected):
    person(hall, fields, files)
    assert _errors(hall) == expected
    with pytest.raises(Exception, match=expected[0][1]):
        build(hall.config)


def test_size_limits_come_from_mkdocs_yml(hall):
    person(hall, AUDIO, {"guide.mp3": mp3(400)})  # 167 KB
    assert _errors(hall) == []
    hall.config.write_text(
        hall.config.read_text(encoding="utf-8").replace(
            "      cache_dir: .cache\n",
            "      cache_dir: .cache\n      media: {max_audio_mb: 0.1}\n",
        ),
        encoding="utf-8",
    )
    problems = hall.load().report.errors
    assert [(p.line, p.code) for p in problems] == [(11, "E838")] and "0.2 MB" in problems[
        0
    ].message


def test_a_unit_has_its_own_audio_guide(hall):
    unit_audio = "    audio:\n      src: unit.ogg\n      transcript: 第二单元的讲解词。\n      synthetic: true\n"
    hall.add(
        "exhibitions/yuhuan-jiangxin/index.md",
        EXHIBITION.replace("    anchor: che-jian\n", "    anchor: che-jian\n" + unit_audio),
    )
    (hall.exhibits / "exhibitions" / "yuhuan-jiangxin" / "unit.ogg").write_bytes(
        b"OggS\x00\x02" + bytes(60)
    )
    page = (build(hall.config) / "exhibitions" / "yuhuan-jiangxin" / "index.html").read_text(
        encoding="utf-8"
    )
    unit = page[page.index('id="che-jian"') : page.index('id="tie-ren"')]
    assert (
        '<source src="unit.ogg" type="audio/ogg">' in unit
        and "第二单元的讲解词。" in unit
        and "合成语音" in unit
    )


@pytest.mark.parametrize(
    "head, found",
    [
        (mp3(1), "mp3"),
        (b"\xff\xfb\x90\x00" + bytes(60), "mp3"),
        (b"\xff\xf1\x50\x80" + bytes(60), "adts"),
        (MP4, "mp4"),
        (WEBM, "webm"),
        (b"\x1a\x45\xdf\xa3\x42\x82\x88matroska", "matroska"),
        (b"OggS\x00\x02", "ogg"),
        (zip_bytes(), "zip"),
        (b"\xef\xbb\xbfWEBVTT\n\n", "webvtt"),
        (b"WEBVTTX", None),
        (b"\xff\x00" + bytes(8), None),
        (b"", None),
    ],
)
def test_containers_are_told_by_their_first_bytes(head, found):
    assert media.sniff(head[: media.HEAD]) == found


def test_a_transcript_edit_takes_serves_quick_way_and_a_new_recording_a_build(hall, tmp_path):
    person(hall, AUDIO, {"guide.mp3": mp3()})
    preview = Preview(hall.config, tmp_path / "preview" / "site")
    preview.build()
    index = hall.exhibits / "people" / "chai-jinfu" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("第二段讲解词。", "改过的讲解词。"),
        encoding="utf-8",
    )
    assert preview.update() == "quick"
    (hall.exhibits / "people" / "chai-jinfu" / "other.mp3").write_bytes(mp3(2))
    index.write_text(
        index.read_text(encoding="utf-8").replace("src: guide.mp3", "src: other.mp3"),
        encoding="utf-8",
    )
    assert preview.update() == "build"
    preview.wait()
    assert not (
        preview.site / "people" / "chai-jinfu" / "guide.mp3"
    ).exists()  # no longer played: gone
    assert _differing(preview.site, build(hall.config, tmp_path / "fresh")) == []


def _element(eid: int, payload: bytes) -> bytes:
    """An EBML element with an 8-byte size."""
    return (
        eid.to_bytes((eid.bit_length() + 7) // 8, "big")
        + (0x01 << 56 | len(payload)).to_bytes(8, "big")
        + payload
    )


def webm(milliseconds: float, comment: str = "") -> bytes:
    """A WebM header as muxers write it: the EBML header, then a Segment with its Info (the duration) and Tags."""
    info = _element(0x2AD7B1, (1_000_000).to_bytes(3, "big")) + _element(
        0x4489, struct.pack(">d", milliseconds)
    )
    simple = _element(0x45A3, b"COMMENT") + _element(0x4487, comment.encode())
    tags = _element(0x1254C367, _element(0x7373, _element(0x67C8, simple)))
    return WEBM[:24] + _element(
        0x18538067, _element(0x1549A966, info) + tags + _element(0x1F43B675, bytes(200))
    )


def tagged_mp3(frames: int = 40, **frames_text) -> bytes:
    """mp3() with ID3 text frames (TPE1="...", COMM="...") written by mutagen."""
    from mutagen.id3 import COMM, ID3, TPE1

    path = Path(tempfile.mkdtemp()) / "guide.mp3"
    path.write_bytes(mp3(frames))
    tags = ID3()
    if "TPE1" in frames_text:
        tags.add(TPE1(encoding=3, text=[frames_text["TPE1"]]))
    if "COMM" in frames_text:
        tags.add(COMM(encoding=3, lang="chi", desc="", text=[frames_text["COMM"]]))
    tags.save(path)
    return path.read_bytes()


def test_durations_and_tags_are_read_from_the_headers(tmp_path):
    (tmp_path / "a.mp3").write_bytes(tagged_mp3(400, TPE1="讲解员", COMM="花田的讲解"))
    length, tags = media.read(tmp_path / "a.mp3")
    assert 10 < length < 11 and ("TPE1", "讲解员") in tags and ("COMM", "花田的讲解") in tags
    (tmp_path / "a.webm").write_bytes(webm(83_500, "花田一日"))
    assert media.read(tmp_path / "a.webm") == (83.5, [("COMMENT", "花田一日")])
    (tmp_path / "b.webm").write_bytes(WEBM)  # no Segment: nothing said
    assert media.read(tmp_path / "b.webm") == (None, [])


def test_a_recording_longer_than_its_limit_is_refused(hall):
    person(hall, AUDIO, {"guide.mp3": mp3(400)})  # 10.4 s
    assert _errors(hall) == []
    hall.config.write_text(
        hall.config.read_text(encoding="utf-8").replace(
            "      cache_dir: .cache\n",
            "      cache_dir: .cache\n      media: {max_audio_minutes: 0.1}\n",
        ),
        encoding="utf-8",
    )
    problems = hall.load().report.errors
    assert [(p.line, p.code) for p in problems] == [(11, "E840")]
    assert "0 分 10 秒" in problems[0].message and "0 分 6 秒" in problems[0].message


def test_a_video_of_25_minutes_is_over_the_default_limit(hall):
    person(hall, VIDEO, {"film.webm": webm(25 * 60_000), "poster.jpg": b"", "film.vtt": VTT})
    assert _errors(hall) == [(11, "E840")]


@pytest.mark.parametrize(
    "files, code",
    [
        ({"guide.mp3": tagged_mp3(COMM="讲解员电话 13812345678")}, "E602"),
        (
            {"guide.mp3": tagged_mp3(TPE1="讲解员 110101199003077777")},
            None,
        ),  # not a valid ID: no finding
    ],
    ids=["a phone number in an ID3 comment", "digits that are no ID"],
)
def test_private_data_in_audio_tags_is_refused_like_in_photos(hall, files, code):
    person(hall, AUDIO, files)
    problems = hall.load().report.errors
    assert [(p.line, p.code) for p in problems] == ([(11, code)] if code else [])
    if code:
        assert "“guide.mp3”的元数据 COMM 中有手机号码“138***78”" in problems[0].message


def test_private_data_in_webm_tags_is_refused(hall):
    person(
        hall,
        VIDEO,
        {
            "film.webm": webm(5000, "拍摄：家住人民路12号3幢401室"),
            "poster.jpg": b"",
            "film.vtt": VTT,
        },
    )
    problems = hall.load().report.errors
    assert [(p.line, p.code) for p in problems] == [(11, "E603")]
    assert "元数据 COMMENT 中有家庭住址" in problems[0].message
