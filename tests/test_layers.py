"""The package's layers: only hall.engine knows MkDocs, the model knows neither the site nor the engine, and the
site knows no engine. A module that crosses a line fails here, naming the import."""

import ast
from pathlib import Path

import pytest

HALL = Path(__file__).resolve().parents[1] / "hall"
ENGINE = ("mkdocs", "material")
# a package may import what is listed for it, and the standard library and third-party packages
ALLOWED = {
    "model": {"hall.model", "hall.files"},
    "site": {"hall.model", "hall.site", "hall.files", "hall.processes"},
    "registers": {"hall.model", "hall.site", "hall.registers", "hall.files"},
    "workspace": {"hall.model", "hall.site", "hall.registers", "hall.workspace", "hall.files"},
}


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)]
            if node.module == "hall":
                found += [(node.lineno, f"hall.{a.name}") for a in node.names]
    return found


def modules():
    return sorted(p for p in HALL.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(HALL)))
def test_only_the_engine_imports_mkdocs(path):
    if path.relative_to(HALL).parts[0] == "engine":
        return
    crossing = [f"{line}: {name}" for line, name in imports(path) if name.split(".")[0] in ENGINE]
    assert not crossing, f"{path.relative_to(HALL)} imports MkDocs outside hall/engine: {crossing}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(HALL)))
def test_layers_import_only_what_is_below_them(path):
    layer = path.relative_to(HALL).parts[0]
    if layer not in ALLOWED:
        return
    crossing = [
        f"{line}: {name}"
        for line, name in imports(path)
        if name.startswith("hall.") and not any(name.startswith(a) for a in ALLOWED[layer])
    ]
    assert not crossing, f"{path.relative_to(HALL)} ({layer}) imports {crossing}"


def test_the_check_sees_a_crossing(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from mkdocs.config import load_config\n", encoding="utf-8")
    assert imports(bad) == [(2, "mkdocs.config")]


def test_the_public_api_is_what_it_names():
    import hall

    for name in hall.__all__:
        assert getattr(hall, name).__name__ in (name, "load")
    with pytest.raises(AttributeError):
        hall.nothing_here  # noqa: B018
