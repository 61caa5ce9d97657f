"""Lessons: validated like every other kind, with pages, a gallery and links from the exhibits they use."""

import json

import pytest

from hall.engine.build import build
from tests.conftest import SmallHall

LESSON = """\
---
title: 从学徒到工匠
grade: 7-9
hours: 2
task_group: 工业生产劳动
summary: 跟着查昭的成长故事，认识车工的技能与工匠精神。
objectives:
  concept: 懂得技能要靠日复一日的练习。
  ability: 能说出车床加工的基本步骤。
  habits: 养成做事认真、讲究精度的习惯。
  spirit: 体会精益求精的工匠精神。
exhibits: [zha-zhao, zha-zhao-studio]
preparation:
  - 查昭的人物页
activities:
  - title: 讲故事
    minutes: 15
    description: 教师讲述查昭从普通车工到浙江工匠的经历。
  - title: 讨论
    minutes: 15
    description: 小组讨论为什么大家叫他“拼命三郎”。
questions:
  - 查昭为什么要一边学理论一边练手艺？
worksheet:
  title: 我眼中的工匠
  tasks:
    - 写出查昭成长路上的三个关键时刻。
    - 你身边有“行家里手”吗？写写他（她）。
    - task: 画出你见过的一件机械零件。
      draw: true
      lines: 1
  lines: 4
sources:
  - title: 浙江玉环：工会“三大机制”激活劳模工匠“头雁效应”
    publisher: 浙工之家
---

教学提示：讲故事时可展示工作室的照片。
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    hall = SmallHall(tmp_path_factory.mktemp("lessons"))
    hall.add("lessons/cong-xue-tu-dao-gong-jiang.md", LESSON)
    return build(hall.config)


def test_lesson_page_has_objectives_activities_questions_and_worksheet(site):
    html = (site / "lessons" / "cong-xue-tu-dao-gong-jiang" / "index.html").read_text(
        encoding="utf-8"
    )
    for text in (
        "七至九年级",
        "2 课时",
        "工业生产劳动",
        "劳动观念",
        "劳动精神",
        "讲故事",
        "15 分钟",
        "查昭为什么要一边学理论一边练手艺？",
        "学习任务单：我眼中的工匠",
        "教学提示",
    ):
        assert text in html, text
    assert html.index("讲故事") < html.index("讨论") < html.index("学习任务单")
    assert (
        html.count('class="hall-answer-line"') == 9
    )  # two tasks with four lines each, one with its own line
    assert html.count('class="hall-draw-box"') == 1
    assert 'href="../../people/zha-zhao/"' in html


def test_profiles_list_the_lessons_that_use_them(site):
    for page in ("people/zha-zhao", "collectives/zha-zhao-studio"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "相关劳动课" in html and 'href="../../lessons/cong-xue-tu-dao-gong-jiang/"' in html
    assert "相关劳动课" not in (site / "people" / "chai-jinfu" / "index.html").read_text(
        encoding="utf-8"
    )


def test_lessons_gallery_groups_by_grade_band(site):
    html = (site / "lessons" / "index.html").read_text(encoding="utf-8")
    assert "七至九年级" in html and "从学徒到工匠" in html and "工业生产劳动" in html
    by_group = html.split("按任务群")[1]
    assert (
        "<dt>工业生产劳动</dt>" in by_group
        and 'href="../lessons/cong-xue-tu-dao-gong-jiang/"' in by_group
    )
    data = json.loads((site / "data" / "exhibits.json").read_text(encoding="utf-8"))["exhibits"]
    lesson = next(e for e in data if e["kind"] == "lessons")
    assert (lesson["grade"], lesson["exhibits"]) == ("7-9", ["zha-zhao", "zha-zhao-studio"])


@pytest.mark.parametrize(
    "change, code",
    [
        (("grade: 7-9", "grade: 10-12"), "E108"),
        (("task_group: 工业生产劳动", "task_group: 做手工"), "E108"),
        (("  spirit: 体会精益求精的工匠精神。\n", ""), "E102"),
        (("exhibits: [zha-zhao, zha-zhao-studio]", "exhibits: [nobody]"), "E302"),
        (("hours: 2", "hours: 20"), "E108"),
    ],
)
def test_bad_lessons_are_reported(small_hall, change, code):
    small_hall.add("lessons/bad.md", LESSON.replace(*change))
    assert code in small_hall.codes()


def test_a_worksheet_task_written_as_a_mapping_is_checked_as_one(small_hall):
    small_hall.add(
        "lessons/bad.md",
        LESSON.replace(
            "    - 写出查昭成长路上的三个关键时刻。", "    - draw: true\n      lines: 20"
        ),
    )
    problems = [(p.code, p.message) for p in small_hall.load().report.problems]
    assert [code for code, _ in problems] == ["E102", "E108"], problems
    assert all(
        "worksheet.tasks.第1项." in m and "WorksheetTask" not in m and "function" not in m
        for _, m in problems
    )


def test_activities_that_do_not_fill_the_class_hours_are_a_warning(small_hall):
    small_hall.add(
        "lessons/short.md", LESSON
    )  # 2 class hours of 45 minutes (grade 7-9), activities 30 minutes
    [problem] = [p for p in small_hall.load().report.problems if p.path.endswith("short.md")]
    assert (problem.code, problem.line) == ("W502", 15) and "共 30 分钟" in problem.message
    small_hall.add(
        "lessons/short.md", LESSON.replace("minutes: 15", "minutes: 40")
    )  # 80 of 90 minutes: fine
    assert not [p for p in small_hall.load().report.problems if p.path.endswith("short.md")]
