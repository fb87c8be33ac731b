"""Passerelle: data model, loader, checks and renderers for the portal.

The domain modules (schema, loader, checks, render, freshness, site) do not
import MkDocs; ``mkdocs_glue`` is the only bridge. ``define_env`` is the entry
point mkdocs-macros (and Zensical's macros extension) look for in this package.
"""


def define_env(env):  # mkdocs-macros entry point
    """Register the editorial macros: over the hook's data when our MkDocs hooks ran, else on their own.

    Zensical runs no hooks and loads this file as a lone module, so imports are absolute.
    """
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    glue = sys.modules.get("macros.mkdocs_glue")
    if glue is not None:  # MkDocs or ProperDocs loaded macros/mkdocs_hooks.py (its data comes in its on_config)
        glue.define_env(env)
        return
    from macros.standalone import define_env as define_standalone

    define_standalone(env)
