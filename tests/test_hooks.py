"""The hooks: one entry point that MkDocs loads, and each module loaded once."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from support import ROOT

HOOKS = ROOT / "hooks"


def test_mkdocs_loads_one_hook_module_which_imports_every_other() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["hooks"] == ["hooks/main.py"]
    tree = ast.parse((HOOKS / "main.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules = {path.stem for path in HOOKS.glob("*.py")} - {"main"}
    assert modules - imported == set(), "hooks/main.py does not import these modules, so MkDocs never runs their events"


def test_a_build_loads_each_hook_file_once(tmp_path: Path) -> None:
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    loaded: dict[Path, list[str]] = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().parent == HOOKS:
            loaded.setdefault(Path(file).resolve(), []).append(name)
    # MkDocs itself keeps hooks/main.py, under the name mkdocs.yml gives it.
    assert set(loaded) >= set(HOOKS.glob("*.py")) - {HOOKS / "main.py"}
    assert {path.name: names for path, names in loaded.items() if len(names) > 1} == {}
