"""The thin bridge to MkDocs: hooks (on_config, on_files) and mkdocs-macros macros."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from .page_macros import define_macros
from .problems import DataError
from .render import Renderer, abbreviations
from .textfmt import escape_md
from .site import load_checked
from .standalone import OptionError, context_for, full_nav

STATE: dict = {}
SERVING = os.environ.get("PASSERELLE_SERVE") == "1"  # set by make serve


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    data_dir = Path(os.environ.get("PASSERELLE_DATA") or root / "data")
    try:
        dataset = load_checked(data_dir, Path(config.docs_dir), root)
    except DataError as exc:
        if not SERVING:
            raise PluginError(str(exc)) from None
        return _serve_broken_data(config, exc)
    try:
        ctx = context_for(dataset, root, config.extra)
    except OptionError as exc:
        raise PluginError(str(exc)) from None
    if ctx.edition is not None:
        config.site_name = f"Passerelle — {ctx.edition.nom}"
    renderer = Renderer(ctx)
    STATE.clear()
    STATE.update(ctx=ctx, renderer=renderer, pages=renderer.pages())

    config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviations(dataset)  # glossary tooltips
    config.nav = full_nav(config.nav, renderer.nav())
    return config


def _serve_broken_data(config, error: DataError):
    """Under ``make serve``, bad data must not leave the server stuck.

    The problems are printed in the terminal, every page shows them in a banner,
    generated pages and macros are left out until the data is fixed; the next
    save rebuilds the whole site. ``make build`` and ``make test`` still fail.
    """
    print(f"\n{error}\nLe site affiche ces problèmes en tête de chaque page ; enregistrez la correction, "
          "il se reconstruit seul.\n", file=sys.stderr, flush=True)
    STATE.clear()
    STATE.update(pages=[], problems=error.problems)
    config.mdx_configs.setdefault("abbr", {})["glossary"] = {}
    config.validation.links.not_found = logging.DEBUG  # the pages they link to are missing for now: no noise
    config.validation.nav.not_found = logging.DEBUG
    macros = config.plugins.get("macros")
    if macros is not None:
        macros.config["render_by_default"] = False  # no dataset: macros in pages would fail
    return config


def on_page_markdown(markdown, page, config, files):
    """Under ``make serve`` with bad data: the list of problems on top of every page."""
    problems = STATE.get("problems")
    if not problems:
        return markdown
    items = "\n".join(f"    - `{escape_md(p.path)}:{p.line}` {escape_md(p.field)} : {escape_md(p.message)}" for p in problems)
    banner = (f'!!! failure "Les données ont {len(problems)} problème(s) : le site est incomplet"\n'
              f"    Corrigez le fichier indiqué et enregistrez : la page se recharge seule.\n\n{items}\n\n")
    return banner + markdown


def on_files(files, config):
    for page in STATE["pages"]:
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(f"docs/{page.path} : ce fichier est généré depuis {page.source}, ne le créez pas à la main")
        files.append(File.generated(config, page.path, content=page.content))
    return files


def on_post_build(config):
    """Under ``make serve`` only: finish the served site (search index and worker, export) as ``make build`` does.

    A real build is finished by ``python -m macros build`` (macros/engines.py), after any engine.
    """
    if not SERVING or STATE.get("ctx") is None:  # a build, or make serve with bad data
        return
    from .engines import BuildError, finish

    try:
        finish(Path(config.site_dir), STATE["ctx"])
    except BuildError as exc:
        raise PluginError(str(exc)) from None


def define_env(env):
    """mkdocs-macros entry point when our hooks ran (MkDocs, ProperDocs): macros over the hook's renderer."""

    def renderer() -> Renderer:
        if "renderer" not in STATE:
            raise PluginError("données non chargées : le hook macros/mkdocs_hooks.py manque dans mkdocs.yml")
        return STATE["renderer"]

    def page_path() -> str:
        page = getattr(env, "page", None)
        return page.file.src_uri if page is not None else ""

    define_macros(env, renderer, page_path, PluginError)
