"""Audio guides and videos: which files an exhibit plays, and what each really is, told by its first bytes.

A file's name says what a curator meant; its bytes say what a browser will get. A "WebM" that is a ZIP, an
"MP3" that is a web page, captions that are not WebVTT: each is refused by content, never converted (the build
needs no ffmpeg). Sizes and durations are limited (mkdocs.yml, `media:`), so a phone on a museum's Wi-Fi is not
handed a gigabyte. A recording's duration and its tags (ID3, MP4, Vorbis comments, WebM tags) are read from its
headers by mutagen (WebM, which mutagen does not read, by a small EBML walk); the tags are scanned for private
data like a photo's EXIF. A file whose headers cannot be read has no duration to check: its container was
already told by its first bytes.
"""

from __future__ import annotations

import posixpath
import struct
from dataclasses import dataclass
from pathlib import Path

import mutagen

from hall.model import codes
from hall.model.problems import Notice

# suffix -> (container, MIME type)
AUDIO = {
    ".mp3": ("mp3", "audio/mpeg"),
    ".m4a": ("mp4", "audio/mp4"),
    ".aac": ("adts", "audio/aac"),
    ".ogg": ("ogg", "audio/ogg"),
    ".oga": ("ogg", "audio/ogg"),
    ".opus": ("ogg", "audio/ogg"),
}
VIDEO = {
    ".mp4": ("mp4", "video/mp4"),
    ".m4v": ("mp4", "video/mp4"),
    ".webm": ("webm", "video/webm"),
}
CAPTIONS = {".vtt": ("webvtt", "text/vtt")}
NAMES = {
    "mp3": "MP3",
    "mp4": "MP4/M4A",
    "adts": "AAC",
    "ogg": "Ogg",
    "webm": "WebM",
    "webvtt": "WebVTT",
    "zip": "ZIP 压缩包",
    "html": "网页（HTML）",
    "matroska": "Matroska（MKV）",
}
DEFAULT_LIMITS_MB = {"audio": 20, "video": 200, "captions": 1}
DEFAULT_LIMITS_MINUTES = {
    "audio": 30,
    "video": 20,
}  # a guide is minutes long; a film for a hall, too
HEAD = 64  # bytes read to tell a container


@dataclass(frozen=True)
class Media:
    """A file an exhibit plays or shows beside a player: its key path in the front matter, its role
    (audio, video or captions) and its path as written."""

    loc: tuple
    role: str
    src: str

    @property
    def formats(self) -> dict[str, tuple[str, str]]:
        return {"audio": AUDIO, "video": VIDEO, "captions": CAPTIONS}[self.role]


def entries(meta) -> list[Media]:
    """Every audio, video and captions file of an exhibit (and of an exhibition's units)."""
    owners = [
        ((), meta),
        *((("units", i), unit) for i, unit in enumerate(vars(meta).get("units") or [])),
    ]
    found = []
    for loc, owner in owners:
        if audio := vars(owner).get("audio"):  # getattr with a default is slow on pydantic models
            found.append(Media(loc + ("audio", "src"), "audio", audio.src))
        if video := vars(owner).get("video"):
            found += [
                Media(loc + ("video", "src"), "video", video.src),
                Media(loc + ("video", "captions"), "captions", video.captions),
            ]
    return found


def mime(src: str) -> str:
    suffix = Path(src).suffix.lower()
    return {**AUDIO, **VIDEO, **CAPTIONS}.get(suffix, ("", ""))[1]


def sniff(head: bytes) -> str | None:
    """The container the first bytes of a file belong to (see NAMES), or None when they say nothing known."""
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM, or Matroska, by its DocType
        return "webm" if b"webm" in head else "matroska"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3"):
        return "mp3"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if len(head) >= 2 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS: sync, layer 00
            return "adts"
        version, layer = head[1] >> 3 & 3, head[1] >> 1 & 3
        if (
            head[1] & 0xE0 == 0xE0 and version != 1 and layer != 0
        ):  # an MPEG audio frame's sync and header
            return "mp3"
    text = head.lstrip(b"\xef\xbb\xbf")
    if text.startswith(b"WEBVTT") and text[6:7] in (b"", b" ", b"\t", b"\n", b"\r"):
        return "webvtt"
    if text.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def limits(options: dict | None) -> dict[str, int]:
    """Size limits in bytes, per role, from mkdocs.yml's `media:` (megabytes: max_audio_mb, max_video_mb,
    max_captions_mb), and duration limits in seconds as "<role>_seconds" (minutes: max_audio_minutes,
    max_video_minutes)."""
    options = options or {}
    sizes = {
        role: int(float(options.get(f"max_{role}_mb", mb)) * 1024 * 1024)
        for role, mb in DEFAULT_LIMITS_MB.items()
    }
    return sizes | {
        f"{role}_seconds": int(float(options.get(f"max_{role}_minutes", minutes)) * 60)
        for role, minutes in DEFAULT_LIMITS_MINUTES.items()
    }


ROLES = {"audio": "音频", "video": "视频", "captions": "字幕"}


def problem(m: Media, path: Path, limit: int) -> Notice | None:
    """What to say when a media file cannot be published as it is, else None."""
    suffix = path.suffix.lower()
    if suffix not in m.formats:
        allowed = "、".join(sorted({NAMES[f] for f, _ in m.formats.values()}))
        return codes.E833.of(
            src=m.src, role=ROLES[m.role], allowed=allowed, suffixes="、".join(m.formats)
        )
    size = path.stat().st_size
    if size > limit:
        return codes.E838.of(
            src=m.src, size=f"{size / 1048576:.1f}", limit=f"{limit / 1048576:.0f}"
        )
    with path.open("rb") as fh:
        head = fh.read(HEAD)
    expected, found = m.formats[suffix][0], sniff(head)
    if m.role == "captions":
        return None if found == "webvtt" and _utf8(path) else codes.E839.of(src=m.src)
    if found != expected:
        code = codes.E837 if found else codes.E837_UNKNOWN
        return code.of(src=m.src, suffix=suffix, found=NAMES.get(found), expected=NAMES[expected])
    return None


def too_long(m: Media, length: float | None, seconds: int) -> Notice | None:
    """E840 when a recording is longer than its limit."""
    if not length or length <= seconds:
        return None
    return codes.E840.of(src=m.src, length=_minutes(length), limit=_minutes(seconds), role=m.role)


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} 分 {int(seconds % 60)} 秒"


def read(path: Path) -> tuple[float | None, list[tuple[str, str]]]:
    """A recording's duration in seconds (None when its headers do not say) and its text tags as
    (name, text), read from its headers."""
    with path.open("rb") as fh:
        if sniff(fh.read(HEAD)) in ("webm", "matroska"):
            return _ebml_read(path)
    try:
        found = mutagen.File(path)
    except Exception:  # noqa: BLE001 - mutagen raises many kinds; unreadable headers tell nothing here
        return None, []
    if found is None:
        return None, []
    length = getattr(found.info, "length", None) or None
    tags = found.tags or []
    items = tags if isinstance(tags, list) else tags.items()  # Vorbis comments are a list of pairs
    texts = []
    for key, value in items:
        values = getattr(value, "text", value)  # an ID3 frame holds its texts
        values = [values] if isinstance(values, str) else values
        text = " ".join(v for v in values if isinstance(v, str)) if isinstance(values, list) else ""
        if text.strip():
            texts.append((str(key).split(":")[0], text))
    return length, texts


# Matroska/WebM elements: the masters walked into, and the leaves read
_SEGMENT, _INFO, _TAGS, _TAG, _SIMPLE_TAG = 0x18538067, 0x1549A966, 0x1254C367, 0x7373, 0x67C8
_MASTERS = {_SEGMENT, _INFO, _TAGS, _TAG, _SIMPLE_TAG}
_SCALE, _DURATION, _TITLE, _TAG_NAME, _TAG_STRING = 0x2AD7B1, 0x4489, 0x7BA9, 0x45A3, 0x4487


def _ebml_read(path: Path) -> tuple[float | None, list[tuple[str, str]]]:
    """Duration and text tags of a WebM file, from its Segment's Info and Tags (clusters are skipped by size)."""
    found: dict[int, list[bytes]] = {}
    with path.open("rb") as fh:
        for eid, payload in _ebml(fh, path.stat().st_size):
            found.setdefault(eid, []).append(payload)
    scale = int.from_bytes(found.get(_SCALE, [b""])[0] or b"", "big") or 1_000_000
    duration = found.get(_DURATION, [b""])[0]
    length = (
        struct.unpack(">f" if len(duration) == 4 else ">d", duration)[0] * scale / 1e9
        if len(duration) in (4, 8)
        else None
    )
    names = [n.decode("utf-8", "replace") for n in found.get(_TAG_NAME, [])]
    strings = [t.decode("utf-8", "replace") for t in found.get(_TAG_STRING, [])]
    texts = [("Title", t.decode("utf-8", "replace")) for t in found.get(_TITLE, [])]
    return length, texts + list(zip(names + ["TagString"] * len(strings), strings))


def _ebml(fh, end: int, depth: int = 0):
    """(id, payload) of the wanted leaves under the elements from here to `end`."""
    while fh.tell() < end and depth < 8:
        eid, size = _vint(fh, marker=True), _vint(fh)
        if eid is None or size is None:
            return
        start = fh.tell()
        stop = end if size < 0 else min(end, start + size)
        if eid in _MASTERS:
            yield from _ebml(fh, stop, depth + 1)
        elif eid in (_SCALE, _DURATION, _TITLE, _TAG_NAME, _TAG_STRING):
            yield eid, fh.read(min(stop - start, 65536))
        fh.seek(stop)


def _vint(fh, marker: bool = False) -> int | None:
    """An EBML variable-length integer: an element's id (with its length marker) or size (-1: unknown)."""
    first = fh.read(1)
    if not first or first[0] == 0:
        return None
    length = 9 - first[0].bit_length()
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = int.from_bytes(first + rest, "big")
    if marker:
        return value
    value &= (1 << (7 * length)) - 1
    return -1 if value == (1 << (7 * length)) - 1 else value


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


def files(e) -> dict[str, Path]:
    """An exhibit's media files, by their path in the site (beside its page, as the page links them) -> file."""
    return {f"{e.url}{posixpath.normpath(m.src)}": e.folder / m.src for m in entries(e.meta)}
