"""tools/narrate.py: a sample narration read from the exhibit's own words, labelled synthetic, its transcript
exactly the text read."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hall.engine.build import build
from hall.model import media
from tests.conftest import SmallHall

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import narrate  # noqa: E402

STORY = """
## 第一节

第一段，**加粗**的字和[链接](https://example.org)。
第一段的第二行。

- 列表不读

第二段。
"""


def test_the_script_is_the_summary_and_the_first_paragraphs_as_plain_text():
    assert (
        narrate.script("一句话简介。", STORY)
        == "一句话简介。\n第一段，加粗的字和链接。 第一段的第二行。"
    )
    assert narrate.script("简介", STORY, 2).splitlines()[-1] == "第二段。"


@pytest.mark.skipif(
    not all(shutil.which(t) for t in narrate.TOOLS),
    reason="espeak-ng/opusenc not installed (bash tools/install-narration-deps.sh)",
)
def test_a_narration_is_written_labelled_synthetic_and_the_page_says_so(tmp_path):
    hall = SmallHall(tmp_path)
    exhibit = hall.exhibits / "people" / "zha-zhao" / "index.md"
    before = exhibit.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, ROOT / "tools" / "narrate.py", exhibit], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    recording = exhibit.with_name("dao-lan.ogg")
    assert media.sniff(recording.read_bytes()[: media.HEAD]) == "ogg"
    assert recording.stat().st_size < 300 * 1024
    length, _ = media.read(recording)
    assert length and length > 1
    loaded = {e.slug: e for e in hall.load().exhibits}["zha-zhao"]
    assert hall.codes() == []
    audio = loaded.meta.audio
    _, _, story = narrate.yamlio.split(before)
    assert audio.synthetic and audio.transcript == narrate.script(loaded.meta.summary, story)
    page = (build(hall.config) / "people" / "zha-zhao" / "index.html").read_text(encoding="utf-8")
    assert "合成语音" in page and 'src="dao-lan.ogg"' in page
