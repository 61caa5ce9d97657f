"""hall.files: files written whole, never into a file another site shares."""

import os

from hall.files import write_new


def test_a_file_written_new_makes_its_folders(tmp_path):
    path = tmp_path / "site" / "people" / "chai-jinfu" / "index.html"
    write_new(path, "柴金甫".encode())
    assert path.read_text(encoding="utf-8") == "柴金甫"


def test_a_file_written_new_over_a_linked_one_leaves_the_other_site_alone(tmp_path):
    """A build's new folder links the previous site's unchanged files: writing one of those paths again must
    replace the link, not write into the file both sites share."""
    old = tmp_path / "site" / "index.html"
    old.parent.mkdir()
    old.write_bytes(b"old")
    new = tmp_path / ".site-build" / "index.html"
    new.parent.mkdir()
    os.link(old, new)
    write_new(new, b"new")
    assert (old.read_bytes(), new.read_bytes()) == (b"old", b"new")
    assert not list(new.parent.glob(".*.tmp"))
