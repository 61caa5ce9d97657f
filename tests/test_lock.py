"""The lock pins every dependency within the ranges pyproject.toml means, and the venv holds what it pins."""

from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, str]:
    """The lock's pins that apply to this Python and platform."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(default_environment()):
                (version,) = [spec.version for spec in req.specifier if spec.operator == "=="]
                pins[canonicalize_name(req.name)] = version
    return pins


def _wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    ]


def test_every_dependency_is_pinned_within_its_range():
    pins = _pins()
    for req in _wanted():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: run make upgrade"
        assert req.specifier.contains(pins[name], prereleases=True), (req, pins[name])


def test_the_environment_holds_the_locked_versions():
    for name, version in _pins().items():
        if name == "uv":  # pinned for `make upgrade`, which installs it
            continue
        assert metadata.version(name) == version, name
