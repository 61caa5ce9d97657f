"""What a build says of a hall's warnings: each file's, and of a code found in many files the first few and how
many more (143 brief profiles imported at once each have W110)."""

from hall.engine.state import SHOWN_PER_CODE, report
from hall.model import codes
from hall.model.exhibit import Hall


def _logged(caplog, hall: Hall, only=None) -> list[str]:
    caplog.clear()
    with caplog.at_level("WARNING", logger="mkdocs.plugins.hall"):
        report(hall, only)
    return [r.getMessage() for r in caplog.records]


def test_a_build_lists_a_few_warnings_of_a_code_and_counts_the_rest(caplog):
    hall = Hall()
    stubs = [f"exhibits/people/p{n}.md" for n in range(SHOWN_PER_CODE + 3)]
    for path in stubs:
        hall.report.add(codes.W110.at(path, 9))
    hall.report.add(codes.W501.at("exhibits/people/undated.md", None))
    logged = _logged(caplog, hall)
    assert [m.split(":")[0] for m in logged[:SHOWN_PER_CODE]] == stubs[:SHOWN_PER_CODE]
    assert logged[SHOWN_PER_CODE] == (
        f"W110 同样的警告还有 3 个（共 {len(stubs)} 个，hall check 列出全部）。"
    )
    assert logged[SHOWN_PER_CODE + 1].startswith("exhibits/people/undated.md: 警告 W501")
    assert len(logged) == SHOWN_PER_CODE + 2


def test_as_many_as_are_listed_need_no_count(caplog):
    hall = Hall()
    for n in range(SHOWN_PER_CODE):
        hall.report.add(codes.W110.at(f"exhibits/people/p{n}.md", 9))
    logged = _logged(caplog, hall)
    assert len(logged) == SHOWN_PER_CODE and all("W110" in m for m in logged)
