"""The hall's templates compiled once for every build: kept beside the code, and compiled again when what is
there cannot be used."""

import shutil

import pytest
from jinja2 import Environment

from hall.site import pages


@pytest.fixture
def compiled(tmp_path, monkeypatch):
    """A fresh process's compiled templates: none in memory, `tmp_path` as the cache folder."""
    monkeypatch.setattr(pages, "_COMPILED", pages._Compiled())
    pages.compiled_in(tmp_path)
    return tmp_path


def _compiles(monkeypatch) -> list[str]:
    made, compile_ = [], Environment.compile
    monkeypatch.setattr(
        Environment,
        "compile",
        lambda self, source, name=None, *a, **k: (
            made.append(name) or compile_(self, source, name, *a, **k)
        ),
    )
    return made


def test_templates_compiled_by_an_earlier_build_are_read_back(compiled, monkeypatch):
    first = pages.environment().get_template("kind.md")
    assert list(compiled.glob("*.cache"))
    monkeypatch.setattr(pages, "_COMPILED", pages._Compiled(compiled))  # a new process
    made = _compiles(monkeypatch)
    again = pages.environment().get_template("kind.md")
    assert made == [] and again.root_render_func.__code__ == first.root_render_func.__code__


def test_a_broken_compiled_template_is_compiled_again(compiled, monkeypatch):
    pages.environment().get_template("kind.md")
    for path in compiled.glob("*.cache"):
        path.write_bytes(
            path.read_bytes()[:40]
        )  # cut short, as a full disk or a killed build leaves it
    monkeypatch.setattr(pages, "_COMPILED", pages._Compiled(compiled))
    made = _compiles(monkeypatch)
    assert pages.environment().get_template("kind.md").name == "kind.md"
    assert "kind.md" in made


def test_a_new_halls_first_build_compiles_no_template_an_earlier_build_did(
    small_hall, tmp_path, monkeypatch
):
    """Compiled templates depend on the code alone: kept beside it, not in the hall's cache."""
    from hall.engine.build import build

    build(small_hall.config)
    shutil.rmtree(small_hall.root / ".cache")  # a new hall has none
    monkeypatch.setattr(pages, "_COMPILED", pages._Compiled())  # a new process
    made = _compiles(monkeypatch)
    build(small_hall.config, tmp_path / "another-site")  # not the site, which is up to date
    files = [name for name in made if name is not None]  # not the templates made from strings
    assert files == [] and not list((small_hall.root / ".cache").rglob("*.cache"))
