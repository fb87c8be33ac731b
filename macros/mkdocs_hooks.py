"""MkDocs hooks file (see mkdocs.yml): makes the package importable, then delegates."""
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from macros.mkdocs_glue import on_config, on_files, on_post_build  # noqa: E402,F401
