"""`make serve` runs a changed hook's new code on its next rebuild.

mkdocs.yml watches hooks/, so the server rebuilds when a hook changes. But
MkDocs 1.6 caches each hook module the first time it loads one, so that rebuild
would still run the old code (mkdocs/mkdocs#3993); and a hook that imports a
sibling (shortcodes.py imports glossary.py) finds it in sys.modules. Clearing
both after each build makes the next configuration load execute the hook files
afresh.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig

HOOKS = Path(__file__).resolve().parent


def on_post_build(config: MkDocsConfig) -> None:
    config_options.Hooks._load_hook.cache_clear()
    for name, module in list(sys.modules.items()):
        if getattr(module, "__file__", None) and Path(str(module.__file__)).resolve().parent == HOOKS:
            del sys.modules[name]
