"""The hall plugin's options are declared once (hall.model.config.HallOptions): the plugin checks its options with
it and the MkDocs-free reader reads them with it, and a wrong one is said in Chinese with its line."""

import re

import pytest
from mkdocs.config import load_config

from hall.cli import main
from hall.model.config import HallOptions

OPTIONS = """\
      cache_dir: .cache
      intro: 欢迎参观。
      originals: true
      vocabularies:
        trades: [2024, 非遗]
        honors:
          市级: [嘉兴工匠]
      media: {max_audio_mb: 0.5}
"""


def _options(small_hall, text: str) -> None:
    config = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(
        config.replace("      cache_dir: .cache\n", text), encoding="utf-8"
    )


def _plugin_options(small_hall):
    return load_config(str(small_hall.config)).plugins["hall"].config


@pytest.mark.parametrize("options", ["", OPTIONS], ids=["defaults", "set"])
def test_the_plugin_and_the_reader_see_the_same_options(small_hall, options):
    _options(small_hall, options)
    seen = small_hall.hall_config().options
    assert _plugin_options(small_hall) == seen
    assert isinstance(seen, HallOptions)
    if not options:  # the defaults are the schema's, for both
        assert seen == HallOptions()


def test_options_are_read_as_written(small_hall):
    _options(small_hall, OPTIONS)
    config = small_hall.hall_config()
    assert config.options.intro == "欢迎参观。" and config.options.originals is True
    assert config.vocab.trade("2024") is not None and config.vocab.honors["嘉兴工匠"] == "市级"
    assert config.cache_dir == small_hall.root / ".cache"
    assert config.options.media.max_audio_mb == 0.5


WRONG = [
    ("      intro: [欢迎, 参观]\n", "第 12 行：“intro”（序厅导语）的值应为文字，写的是列表"),
    (
        "      originals: 是\n",
        "第 12 行：“originals”（另发布原尺寸照片（仍去掉拍摄信息））的值应为“true”或“false”，写的是文字“是”",
    ),
    (
        "      vocabularies:\n        honors:\n          特级: [嘉兴工匠]\n",
        "第 14 行：“vocabularies.honors.特级”（荣誉称号（按级别））的级别应为全国、省级、市级、县级 之一",
    ),
    (
        "      media:\n        max_video_mb: 很大\n",
        "第 13 行：“media.max_video_mb”（视频上限（MB））的值应为数字",
    ),
]


@pytest.mark.parametrize("text, said", WRONG, ids=["intro", "originals", "honor level", "media"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_wrong_option_is_said_in_chinese_with_its_line(
    small_hall, monkeypatch, capsys, text, said, command
):
    _options(small_hall, text)
    monkeypatch.chdir(small_hall.root)
    assert main([command]) == 1
    err = capsys.readouterr().err
    assert f"mkdocs.yml {said}" in err, err
    assert "hall 插件的设置有错误" in err
    for english in ("Config value", "Expected", "Traceback", "Aborted"):
        assert english not in err
    assert not (small_hall.root / "site").exists()


def test_an_unknown_option_is_warned_about_in_chinese(small_hall, monkeypatch, capsys):
    _options(small_hall, "      cache_dir: .cache\n      vocabulary: {trades: [非遗]}\n")
    monkeypatch.chdir(small_hall.root)
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert "hall 插件没有“vocabulary”这项设置" in err and "Unrecognised" not in err


MISTAKES = [  # a curator's edit of MkDocs' own settings (a line of the small hall's mkdocs.yml) -> what is said
    (r"  custom_dir: .*", "  custom_dir: theme", "mkdocs.yml 第 5 行：“theme”指向的主题文件夹"),
    (
        r"  name: material",
        "  name: materia",
        "mkdocs.yml 第 5 行：“theme”写的主题“materia”没有安装",
    ),
    (r"site_url: .*", "site_url: hall.example.org", "mkdocs.yml 第 2 行：“site_url”不是完整的网址"),
    (
        r"site_dir: site",
        "site_dir: site\nuse_directory_urls: 是",
        "第 5 行：“use_directory_urls”的值应为 true 或 false",
    ),
    (
        r"docs_dir: exhibits",
        "docs_dir: exhibit",
        "mkdocs.yml 第 3 行：“docs_dir”指向的文件夹不存在",
    ),
    (
        r"  font: false",
        "  font: false\n features: []",
        "mkdocs.yml:1: 错误 E003 缩进不一致：从第 1 行开始，到第 10 行",
    ),  # YAML: a key indented by one space
]


@pytest.mark.parametrize(
    "line, edited, said", MISTAKES, ids=["custom_dir", "theme", "url", "bool", "docs", "yaml"]
)
def test_a_mistake_in_mkdocs_own_settings_is_said_in_chinese_with_its_line(
    small_hall, monkeypatch, capsys, line, edited, said
):
    """MkDocs checks its own settings in English ("Config value 'theme': The path set in custom_dir ... does
    not exist"): the curator reads the line, what is wrong and the fix in Chinese, and no site is made."""
    text = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text(
        re.sub(f"^{line}$", edited, text, count=1, flags=re.M), encoding="utf-8"
    )
    monkeypatch.chdir(small_hall.root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert said in err and "网站没有更新" in err, err
    for english in (
        "Config value",
        "Expected",
        "Unrecognised",
        "does not exist",
        "isn't",
        "line ",
        "Traceback",
    ):
        assert english not in err, err
    assert not (small_hall.root / "site").exists()


def test_a_setting_mkdocs_does_not_have_is_warned_about_in_chinese(small_hall, monkeypatch, capsys):
    text = small_hall.config.read_text(encoding="utf-8")
    small_hall.config.write_text("site_nam: 测试\n" + text, encoding="utf-8")
    monkeypatch.chdir(small_hall.root)
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert "mkdocs.yml 第 1 行：“site_nam”不是 MkDocs 的设置，已忽略" in err
    assert "Unrecognised" not in err and "Config value" not in err
