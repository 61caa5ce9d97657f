"""The hall as serve reads it again and again (hall.model.catalog.Kept)."""

from hall.model import exhibit
from hall.model.catalog import Kept, load_hall, scan
from tests.conftest import PERSON


def _read(small_hall, kept: Kept):
    config = small_hall.hall_config()
    kept.stamps = scan(config.config_file, config.exhibits_dir)
    return {e.slug for e in load_hall(config, kept).exhibits}


def test_the_same_files_are_not_looked_for_again_and_a_new_file_is_found(small_hall, monkeypatch):
    kept = Kept()
    first = _read(small_hall, kept)
    found = exhibit.discover

    def refused(*args):
        raise AssertionError("discover() for the files it has found")

    monkeypatch.setattr(exhibit, "discover", refused)
    assert _read(small_hall, kept) == first
    small_hall.add("people/li-si.md", PERSON.replace("柴金甫", "李四"))
    monkeypatch.setattr(exhibit, "discover", found)
    assert _read(small_hall, kept) == first | {"li-si"}


def test_the_scan_stamps_every_file_read_and_follows_no_folder_link(small_hall, tmp_path):
    import os

    config = small_hall.hall_config()
    (small_hall.exhibits / "people" / ".chai-jinfu.md.swp").write_text("swap", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "x.md").write_text("x", encoding="utf-8")
    os.symlink(elsewhere, small_hall.exhibits / "linked")
    stamps = scan(config.config_file, config.exhibits_dir)
    files = {
        str(p)
        for p in small_hall.exhibits.rglob("*")
        if p.is_file() and not p.name.startswith(".") and "linked" not in p.parts
    }
    assert set(stamps) == files | {str(config.config_file)}
    assert scan(config.config_file, tmp_path / "no-such-folder") == {
        str(config.config_file): stamps[str(config.config_file)]
    }
