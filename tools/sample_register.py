"""Remake the sample register exhibits/registers/guan-cang-ren-wu.csv from the sample profiles: one row per
cited honor of every person (hall.registers.tables.profile_entries). Run it after changing a sample person's name,
gender, birth year, region, unit, occupation, trade or honors:

    .venv/bin/python tools/sample_register.py          # writes the register when it differs
    .venv/bin/python tools/sample_register.py --check  # exit 1 when the register is out of date

tests/test_sample_hall.py checks that the register matches the profiles.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hall.model import config as hall_config  # noqa: E402
from hall.model.catalog import load_hall  # noqa: E402
from hall.registers.tables import FOLDER, profile_entries, to_csv  # noqa: E402

REGISTER = "guan-cang-ren-wu.csv"


def expected(config_file: Path = ROOT / "mkdocs.yml") -> tuple[Path, bytes]:
    config = hall_config.load(config_file)
    hall = load_hall(config)
    if hall.report.errors:
        raise SystemExit(hall.report.format_text())
    return config.exhibits_dir / FOLDER / REGISTER, to_csv(profile_entries(hall))


def main(argv: list[str]) -> int:
    path, data = expected()
    if path.read_bytes() == data:
        print(f"{path.relative_to(ROOT)} 已是最新")
        return 0
    if "--check" in argv:
        print(
            f"{path.relative_to(ROOT)} 与人物档案不一致：运行 .venv/bin/python tools/sample_register.py 重新生成"
        )
        return 1
    path.write_bytes(data)
    print(f"已重新生成 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
