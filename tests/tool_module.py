"""A script of ``tools/`` (run as ``python tools/NAME.py``, not installed) loaded as a module, for its tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def load_tool(relative: str) -> ModuleType:
    """``tools/<relative>`` (e.g. ``gold/anchor.py``) executed as a fresh module named after the file."""
    path = TOOLS / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None, f"no tool at {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
