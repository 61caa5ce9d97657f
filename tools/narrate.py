"""Make a sample narration (语音导览) from an exhibit's own words with speech synthesis, and write it into the exhibit:

    bash tools/install-narration-deps.sh                      # espeak-ng and opusenc, from Debian
    .venv/bin/python tools/narrate.py exhibits/people/chai-jinfu/index.md            # summary + first paragraph
    .venv/bin/python tools/narrate.py exhibits/people/chai-jinfu/index.md --paragraphs 2 --name dao-lan.ogg

The text read is the exhibit's summary and the first paragraphs of its story (headings skipped, Markdown made plain
text): only what the page already says, no word added. espeak-ng reads it with its Mandarin voice (cmn); opusenc
makes a small mono Ogg Opus file (24 kbit/s) beside the exhibit file. The front matter gets
`audio: {src, title, transcript, synthetic: true}`: the transcript is exactly the text read, and the page labels the
recording 合成语音. The file is written (this command says it writes); comments and order in the front matter stay
(ruamel.yaml round trip, as the workspace writes). The build never needs espeak-ng or opusenc.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import markdown
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hall.workspace import yamlio  # noqa: E402

VOICE, SPEED, BITRATE = "cmn", 165, 24  # espeak-ng's Mandarin voice, words a minute, Opus kbit/s
MAX_BYTES = 300 * 1024  # a sample kept in the repository stays small
TOOLS = ("espeak-ng", "opusenc")


def plain(markdown_text: str) -> str:
    """Markdown as the words a visitor reads: tags dropped, entities decoded, whitespace made single."""
    html = markdown.markdown(markdown_text)
    text = re.sub(r"<[^>]+>", "", html)
    text = (
        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )
    return re.sub(r"\s+", " ", text).strip()


def script(summary: str, story: str, paragraphs: int = 1) -> str:
    """The summary, then the story's first `paragraphs` paragraphs (not headings, lists or quotes), a line each."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", story) if b.strip()]
    prose = [b for b in blocks if not re.match(r"^(#|[-*+] |\d+\. |>|\||!\[|<)", b)]
    return "\n".join([plain(summary), *(plain(b) for b in prose[:paragraphs])])


def speak(text: str, target: Path) -> None:
    """Ogg Opus of `text`, read by espeak-ng's Mandarin voice."""
    with tempfile.TemporaryDirectory() as tmp:
        words, wav = Path(tmp) / "words.txt", Path(tmp) / "speech.wav"
        words.write_text(text, encoding="utf-8")
        subprocess.run(
            ["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-f", str(words), "-w", str(wav)],
            check=True,
        )
        subprocess.run(
            [
                "opusenc",
                "--quiet",
                "--bitrate",
                str(BITRATE),
                "--downmix-mono",
                str(wav),
                str(target),
            ],
            check=True,
        )


def narrate(exhibit: Path, paragraphs: int = 1, name: str = "dao-lan.ogg") -> Path:
    """Write the narration beside `exhibit` and its audio entry into the exhibit's front matter."""
    bom, front, story = yamlio.split(exhibit.read_text(encoding="utf-8"))
    data = yamlio.load(front)
    text = script(str(data["summary"]), story, paragraphs)
    target = exhibit.parent / name
    speak(text, target)
    entry = CommentedMap(
        src=name, title="语音导览", transcript=LiteralScalarString(text + "\n"), synthetic=True
    )
    if "audio" in data:
        data["audio"] = entry
    else:
        data.insert(list(data).index("sources") if "sources" in data else len(data), "audio", entry)
    exhibit.write_text(yamlio.compose(bom, yamlio.dump(data), story), encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(
        description="用展品自己的文字合成一段语音导览（合成语音），写入展品"
    )
    parser.add_argument(
        "exhibit", type=Path, help="展品文件，如 exhibits/people/chai-jinfu/index.md"
    )
    parser.add_argument(
        "--paragraphs", type=int, default=1, help="简介之后朗读正文的前几段（默认 1）"
    )
    parser.add_argument("--name", default="dao-lan.ogg", help="音频文件名（默认 dao-lan.ogg）")
    args = parser.parse_args()
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(
            f"缺少 {'、'.join(missing)}：请先运行 bash tools/install-narration-deps.sh",
            file=sys.stderr,
        )
        return 2
    if args.exhibit.name != "index.md":
        print("展品要是一个文件夹（音频放在它旁边）：请写文件夹里的 index.md", file=sys.stderr)
        return 2
    target = narrate(args.exhibit, args.paragraphs, args.name)
    size = target.stat().st_size
    print(f"已写入 {target}（{size // 1024} KB）和 {args.exhibit} 的 audio（合成语音）")
    if size > MAX_BYTES:
        print(f"注意：超过 {MAX_BYTES // 1024} KB，示例请少读几段（--paragraphs）", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
