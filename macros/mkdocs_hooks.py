"""MkDocs hooks file (see mkdocs.yml): makes the package importable, then delegates.

Under ``make serve`` MkDocs reloads this file at every rebuild: the engine's
modules are then imported afresh, so an edit of ``macros/`` applies at once.
"""
import os
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
if os.environ.get("PASSERELLE_SERVE") == "1":
    for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[_name]

from macros.mkdocs_glue import on_config, on_files, on_page_markdown, on_post_build  # noqa: E402,F401
