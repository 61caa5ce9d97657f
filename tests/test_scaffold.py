"""`new lesson`: a commented lesson template, named by the pinyin of the title, never overwriting."""
import re
from importlib.resources import files

import pytest

from hall.cli import main
from hall.schema import Event, FreePage, Lesson


def new(small_hall, *args: str) -> int:
    return main(["-f", str(small_hall.config), "new", *args])


def test_new_lesson_writes_a_template_that_checks_clean(small_hall, capsys):
    assert new(small_hall, "lesson", "小小种花人") == 0
    path = small_hall.exhibits / "lessons" / "xiao-xiao-zhong-hua-ren" / "index.md"
    assert str(path) in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert 'title: "小小种花人"' in text
    assert small_hall.codes() == []  # like the other templates, the placeholders pass check


def test_new_lesson_never_overwrites(small_hall, capsys):
    assert new(small_hall, "lesson", "挑一压一学编织") == 0
    path = small_hall.exhibits / "lessons" / "tiao-yi-ya-yi-xue-bian-zhi" / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n老师写的教学提示。\n", encoding="utf-8")
    capsys.readouterr()
    assert new(small_hall, "劳动课", "挑一压一学编织") == 2
    assert "已经存在" in capsys.readouterr().err
    assert "老师写的教学提示" in path.read_text(encoding="utf-8")


def test_new_lesson_refuses_a_slug_taken_by_a_single_file(small_hall, capsys):
    small_hall.add("lessons/cong-xue-tu-dao-gong-jiang.md", "已有的课")
    assert new(small_hall, "lessons", "从学徒到工匠") == 2
    assert "已经存在" in capsys.readouterr().err
    assert not (small_hall.exhibits / "lessons" / "cong-xue-tu-dao-gong-jiang").exists()


def test_unknown_kind_lists_lesson(small_hall, capsys):
    assert new(small_hall, "course", "某课") == 2
    assert "lesson（劳动课）" in capsys.readouterr().err


def test_lesson_template_mentions_every_field():
    text = files("hall").joinpath("templates", "new-lessons.md").read_text(encoding="utf-8")
    keys = set(re.findall(r"^#?\s*-?\s*(\w+):", text, re.MULTILINE))
    assert set(Lesson.model_fields) <= keys


@pytest.mark.parametrize("kind", ["person", "artifact", "collective"])
def test_other_kinds_still_scaffold(small_hall, kind):
    assert new(small_hall, kind, "测试名称") == 0


@pytest.mark.parametrize("kind, folder, model", [("page", "pages", FreePage), ("活动", "events", Event)])
def test_new_page_and_event_write_templates_that_check_clean_and_mention_every_field(small_hall, kind, folder, model):
    assert new(small_hall, kind, "参观须知") == 0
    path = small_hall.exhibits / folder / "can-guan-xu-zhi" / "index.md"
    assert path.is_file()
    assert [p.format() for p in small_hall.load().report.problems] == []
    text = path.read_text(encoding="utf-8")
    assert set(model.model_fields) <= set(re.findall(r"^#?\s*-?\s*(\w+):", text, re.MULTILINE))
