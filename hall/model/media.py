"""Audio guides and videos: which files an exhibit plays, and what each really is, told by its first bytes.

A file's name says what a curator meant; its bytes say what a browser will get. A "WebM" that is a ZIP, an
"MP3" that is a web page, captions that are not WebVTT: each is refused by content, never converted (the build
needs no ffmpeg). Sizes are limited (mkdocs.yml, `media:`), so a phone on a museum's Wi-Fi is not handed a
gigabyte.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

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
        *((("units", i), unit) for i, unit in enumerate(getattr(meta, "units", None) or [])),
    ]
    found = []
    for loc, owner in owners:
        if audio := getattr(owner, "audio", None):
            found.append(Media(loc + ("audio", "src"), "audio", audio.src))
        if video := getattr(owner, "video", None):
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
    max_captions_mb)."""
    options = options or {}
    return {
        role: int(float(options.get(f"max_{role}_mb", mb)) * 1024 * 1024)
        for role, mb in DEFAULT_LIMITS_MB.items()
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


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


def files(e) -> dict[str, Path]:
    """An exhibit's media files, by their path in the site (beside its page, as the page links them) -> file."""
    return {f"{e.url}{posixpath.normpath(m.src)}": e.folder / m.src for m in entries(e.meta)}
