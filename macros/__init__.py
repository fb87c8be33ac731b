"""Passerelle: data model, loader, checks and renderers for the portal.

The domain modules (schema, loader, checks, render, freshness, site) do not
import MkDocs; ``mkdocs_glue`` is the only bridge. ``define_env`` is the entry
point mkdocs-macros looks for in this package.
"""


def define_env(env):  # mkdocs-macros entry point
    from .mkdocs_glue import define_env as _define_env

    _define_env(env)
