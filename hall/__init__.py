"""劳模工匠馆: curators' Markdown profiles under exhibits/ checked and built into a static museum site.

The package's layers, each importing only those before it (tests/test_layers.py):
- `hall.model`: the exhibits as written: reading, schemas, vocabularies, checks, derived fields;
- `hall.registers`: registers (名录) and the import of a union's spreadsheets;
- `hall.site`: the site made from the model: pages, galleries, search, open data, images, QR codes;
- `hall.workspace`: the curators' forms in the browser, mounted by serve;
- `hall.engine`: the MkDocs adapter (plugin hooks, frames, the build command, serve), the only code that
  imports MkDocs.
`hall.cli` is the `hall` command; `hall.files` and `hall.processes` are shared by all layers.

The public API is below; it is imported on first use, so `import hall` stays light.
"""

from __future__ import annotations

import importlib

__all__ = ["BuildFailed", "Problem", "Report", "build", "check", "load_config", "load_hall", "main"]

_WHERE = {
    "BuildFailed": ("hall.engine.build", "BuildFailed"),
    "Problem": ("hall.model.problems", "Problem"),
    "Report": ("hall.model.problems", "Report"),
    "build": ("hall.engine.build", "build"),
    "check": ("hall.model.checks", "check"),
    "load_config": ("hall.model.config", "load"),
    "load_hall": ("hall.model.catalog", "load_hall"),
    "main": ("hall.cli", "main"),
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'hall' has no attribute {name!r}")
    module, attribute = _WHERE[name]
    return getattr(importlib.import_module(module), attribute)
