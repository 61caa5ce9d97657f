"""`new`: a commented template for each kind, named by the pinyin of the name, never overwriting; its example
texts are an error (E109) until replaced."""

import re
from importlib.resources import files

import pytest

from hall.cli import main
from hall.model.schema import Event, FreePage, Lesson
from tests.conftest import photo


def new(small_hall, *args: str) -> int:
    return main(["-f", str(small_hall.config), "new", *args])


def test_new_lesson_writes_its_template(small_hall, capsys):
    assert new(small_hall, "lesson", "小小种花人") == 0
    path = small_hall.exhibits / "lessons" / "xiao-xiao-zhong-hua-ren" / "index.md"
    assert str(path) in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert 'title: "小小种花人"' in text


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


COMMON = [
    ("  - title: 文章标题", "  - title: 示例报道"),
    ("    publisher: 发布单位", "    publisher: 工人日报"),
]
# kind: (its folder, the template's example texts as a fresh file holds them (front matter, then the story),
# and (start of a line, the line filled in) for them and for the required fields the template leaves empty)
TEMPLATES = {
    "person": (
        "people",
        [
            "summary: 用一句话介绍这位劳模或工匠",
            "title: 文章标题",
            "publisher: 发布单位",
            "在这里用自己的话写他（她）的故事",
        ],
        [
            ("region:", "region: 浙江省/嘉兴市/嘉善县"),
            ("trade:", "trade: 农、林、牧、渔业"),
            ("  - title:", "  - title: 全国劳动模范"),
            ("summary:", "summary: 嘉善县种植鲜切花的农民。"),
            *COMMON,
            ("在这里", "他种了二十年花。"),
        ],
    ),
    "artifact": (
        "artifacts",
        [
            "alt: 用一句话描述图中的作品",
            "summary: 用一句话介绍这件作品",
            "title: 文章标题",
            "publisher: 发布单位",
            "在这里介绍作品的材料",
        ],
        [
            ("category:", "category: 竹编"),
            ("  - src:", "  - src: basket.jpg"),
            ("    alt:", "    alt: 一只竹编花篮"),
            ("summary:", "summary: 一只毛竹编成的花篮。"),
            *COMMON,
            ("在这里", "用毛竹编成。"),
        ],
    ),
    "collective": (
        "collectives",
        [
            "summary: 用一句话介绍这个集体",
            "title: 文章标题",
            "publisher: 发布单位",
            "在这里写这个集体的故事",
        ],
        [
            ("type:", "type: 创新工作室"),
            ("region:", "region: 浙江省/台州市/玉环市"),
            ("trade:", "trade: 制造业"),
            ("summary:", "summary: 以查昭名字命名的工作室。"),
            *COMMON,
            ("在这里", "工作室带徒弟。"),
        ],
    ),
    "lesson": (
        "lessons",
        [
            "summary: 用一句话介绍这节课",
            "concept: 劳动观念：",
            "ability: 劳动能力：",
            "habits: 劳动习惯",
            "spirit: 劳动精神：",
            "- 课前要准备的",
            "title: 第一个环节的名称",
            "description: 这一环节怎么做。讲",
            "title: 第二个环节的名称",
            "description: 这一环节怎么做。写明",
            "- 第一个讨论问题",
            "title: 任务单标题",
            "- 第一个任务",
            "title: 文章标题",
            "publisher: 发布单位",
            "在这里写给任课老师",
        ],
        [
            ("grade:", "grade: 3-4"),
            ("task_group:", "task_group: 传统工艺制作"),
            ("summary:", "summary: 学编竹篮。"),
            ("  concept:", "  concept: 懂得编织是劳动。"),
            ("  ability:", "  ability: 会挑一压一。"),
            ("  habits:", "  habits: 做事有耐心。"),
            ("  spirit:", "  spirit: 体会精益求精。"),
            ("exhibits:", "exhibits: [zhu-bian-hua-lan]"),
            ("  - 课前", "  - 彩色纸条"),
            ("  - title: 第一", "  - title: 讲故事"),
            ("    description: 这一环节怎么做。讲", "    description: 讲查昭的故事。"),
            ("  - title: 第二", "  - title: 动手做"),
            ("    description: 这一环节怎么做。写", "    description: 用纸条编一块。"),
            ("  - 第一个讨论", "  - 编织难在哪里？"),
            ("  title: 任务单", "  title: 我的编织"),
            ("    - 第一个任务", "    - 画一画你编的图案。"),
            *COMMON,
            ("在这里", "- 剪刀用圆头安全剪刀。"),
        ],
    ),
}


def _fresh(small_hall, kind: str):
    folder, examples, fills = TEMPLATES[kind]
    assert new(small_hall, kind, "测试名称") == 0
    path = next((small_hall.exhibits / folder).glob("ce-shi*/index.md"))
    return path, path.read_text(encoding="utf-8"), examples, fills


def _problems(small_hall, path, code_start: str):
    rel = path.relative_to(small_hall.root).as_posix()
    return [
        p
        for p in small_hall.load().report.problems
        if p.path == rel and p.code.startswith(code_start)
    ]


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_fresh_file_of_every_kind_fails_with_e109_on_each_example_text(small_hall, kind):
    path, text, examples, _ = _fresh(small_hall, kind)
    lines = text.split("\n")
    expected = sorted(
        next(i + 1 for i, line in enumerate(lines) if example in line) for example in examples
    )
    found = _problems(small_hall, path, "E109")
    assert sorted(p.line for p in found) == expected, [p.format() for p in found]
    summary = next(p for p in found if "summary" in lines[p.line - 1])
    assert (
        summary.message == "“summary”（一句话简介）还是模板里的示例文字"
        and "120 字以内" in summary.hint
    )
    story = found[-1]
    assert story.message == "正文还是模板里的示例文字" and "资料来源" in story.hint


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_fresh_file_filled_in_passes_check(small_hall, kind):
    path, text, _, fills = _fresh(small_hall, kind)
    for start, line in fills:
        text, replaced = re.subn(
            rf"^{re.escape(start)}.*$", line, text, count=1, flags=re.MULTILINE
        )
        assert replaced, start
    path.write_text(text, encoding="utf-8")
    if kind == "artifact":
        photo(path.parent / "basket.jpg")
    assert [p.format() for p in _problems(small_hall, path, "E")] == []


def test_a_copied_list_item_still_holding_the_example_is_found(small_hall):
    path, text, _, _ = _fresh(small_hall, "person")
    path.write_text(
        text.replace("    publisher: 发布单位\n", "    publisher: 工人日报\n  - title: 文章标题\n"),
        encoding="utf-8",
    )
    found = _problems(small_hall, path, "E109")
    assert "“sources.第2项.title”（来源标题）还是模板里的示例文字" in [p.message for p in found]


@pytest.mark.parametrize(
    "kind, folder, model", [("page", "pages", FreePage), ("活动", "events", Event)]
)
def test_new_page_and_event_write_templates_that_ask_to_be_filled_and_mention_every_field(
    small_hall, kind, folder, model
):
    assert new(small_hall, kind, "参观须知") == 0
    path = small_hall.exhibits / folder / "can-guan-xu-zhi" / "index.md"
    assert path.is_file()
    problems = small_hall.load().report.problems
    assert problems and {p.code for p in problems} <= {"E109", "E102"}, [
        p.format() for p in problems
    ]
    text = path.read_text(encoding="utf-8")
    assert set(model.model_fields) <= set(re.findall(r"^#?\s*-?\s*(\w+):", text, re.MULTILINE))
