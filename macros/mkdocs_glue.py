"""The thin bridge to MkDocs: hooks (on_config, on_files) and mkdocs-macros macros."""
from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import sys
import tempfile
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from .export import write_export
from .page_macros import argument_problem
from .problems import DataError
from .render import Context, NavSection, Renderer, abbreviations, montant_markup
from .textfmt import escape_md
from .site import load_checked
from .standalone import OptionError, build_day, site_version

STATE: dict = {}
SERVING = os.environ.get("PASSERELLE_SERVE") == "1"  # set by make serve
INSERT_BEFORE = "glossaire.md"  # generated sections go before this nav entry


def _version(root: Path) -> str:
    return site_version(root)


def _today() -> date:
    try:
        return build_day()
    except OptionError as exc:
        raise PluginError(str(exc)) from None


def _nav_entry(section: NavSection):
    children = [section.index] if section.index else []
    for child in section.children:
        children.append(_nav_entry(child) if isinstance(child, NavSection) else {child[0]: child[1]})
    return {section.title: children}


def _insert_nav(nav: list | None, sections: list[NavSection]) -> list | None:
    if nav is None:
        return None  # MkDocs builds the nav from the files
    entries = [_nav_entry(s) for s in sections]
    for index, item in enumerate(nav):
        target = item if isinstance(item, str) else next(iter(item.values()), None)
        if target == INSERT_BEFORE:
            return nav[:index] + entries + nav[index:]
    return nav + entries


def _edition(dataset):
    """The edition named by EDITION (make build EDITION=<id>), or None for the national site."""
    key = os.environ.get("PASSERELLE_EDITION", "").strip()
    if not key:
        return None
    if key not in dataset.editions:
        known = ", ".join(sorted(dataset.editions)) or "aucune (dossier data/editions/ vide)"
        raise PluginError(f"EDITION={key} : édition inconnue ; éditions disponibles : {known}")
    return dataset.editions[key]


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    data_dir = Path(os.environ.get("PASSERELLE_DATA") or root / "data")
    try:
        dataset = load_checked(data_dir, Path(config.docs_dir), root)
    except DataError as exc:
        if not SERVING:
            raise PluginError(str(exc)) from None
        return _serve_broken_data(config, root, exc)
    edition = _edition(dataset)
    ctx = Context(
        dataset=dataset,
        today=_today(),
        version=_version(root),
        depot=os.environ.get("PASSERELLE_DEPOT") or config.extra.get("depot") or None,
        signalement=(edition.signalement if edition and edition.signalement else config.extra.get("signalement") or ""),
        edition=edition,
    )
    if edition is not None:
        config.site_name = f"Passerelle — {edition.nom}"
    renderer = Renderer(ctx)
    STATE.clear()
    STATE.update(ctx=ctx, renderer=renderer, pages=renderer.pages())

    _append_to_every_page(config, root, abbreviations(dataset))  # glossary tooltips
    config.nav = _insert_nav(config.nav, renderer.nav())
    return config


def _append_to_every_page(config, root: Path, text: str) -> None:
    """Write ``text`` to a snippet that pymdownx.snippets appends to every page."""
    folder = Path(tempfile.gettempdir()) / ("passerelle-" + hashlib.sha1(str(root).encode()).hexdigest()[:12])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abbreviations.md").write_text(text, encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(folder)]
    snippets["auto_append"] = ["abbreviations.md"]
    snippets["check_paths"] = True


def _serve_broken_data(config, root: Path, error: DataError):
    """Under ``make serve``, bad data must not leave the server stuck.

    The problems are printed in the terminal, every page shows them in a banner,
    generated pages and macros are left out until the data is fixed; the next
    save rebuilds the whole site. ``make build`` and ``make test`` still fail.
    """
    print(f"\n{error}\nLe site affiche ces problèmes en tête de chaque page ; enregistrez la correction, "
          "il se reconstruit seul.\n", file=sys.stderr, flush=True)
    STATE.clear()
    STATE.update(pages=[], problems=error.problems)
    _append_to_every_page(config, root, "")
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
    """Finish the built site: search index and search from file:// (macros/offline.py), open-data export."""
    from .offline import OfflineError, finish_site

    if STATE.get("ctx") is None:  # make serve with bad data: nothing generated to finish
        return
    try:
        finish_site(Path(config.site_dir), STATE["ctx"].dataset)
    except OfflineError as exc:
        raise PluginError(str(exc)) from None
    write_export(STATE["ctx"], Path(config.site_dir) / "export")


def _prefix(page, folder: str) -> str:
    """Relative path from the current page to a docs folder, ending with '/'."""
    here = posixpath.dirname(page.file.src_uri)
    rel = posixpath.relpath(folder, here or ".")
    return "" if rel == "." else rel + "/"


def define_env(env):
    def renderer() -> Renderer:
        if "renderer" not in STATE:
            raise PluginError("données non chargées : le hook macros/mkdocs_hooks.py manque dans mkdocs.yml")
        return STATE["renderer"]

    def checked(name: str, *args, **kwargs) -> Renderer:
        """The renderer, once the call's arguments are known to be right (else a clear PluginError)."""
        r = renderer()
        message = argument_problem(r.ctx.dataset, name, args, kwargs)
        if message:
            where = getattr(getattr(env, "page", None), "file", None)
            raise PluginError(f"{where.src_uri if where else 'page'} : {message}")
        return r

    @env.macro
    def montant(key: str) -> str:
        """The amount ``key`` of data/montants.yaml, with date d'effet and source."""
        return str(montant_markup(checked("montant", key).ctx, key))

    @env.macro
    def liste_fiches(destinataire: str | None = None) -> str:
        """Fiches grouped by rubrique, for one audience or all."""
        return checked("liste_fiches", destinataire).liste_fiches(destinataire, _prefix(env.page, "fiches"))

    @env.macro
    def liste_arbres(destinataire: str | None = None) -> str:
        return checked("liste_arbres", destinataire).liste_arbres(destinataire, _prefix(env.page, "arbres"))

    @env.macro
    def porte(destinataire: str) -> str:
        """A reader's door: their situations, the other institution's fiches, what both share."""
        return checked("porte", destinataire).porte(destinataire, _prefix(env.page, "."))

    @env.macro
    def liste_parcours() -> str:
        """The training parcours, with their audience and modules (macros/formation/render.py)."""
        r = checked("liste_parcours")
        return r.formation.liste_parcours(_prefix(env.page, "formation")) if r.formation else ""

    @env.macro
    def nombre(kind: str) -> int:
        data = checked("nombre", kind).ctx.dataset
        return {"fiches": len(data.fiches), "arbres": len(data.arbres), "montants": len(data.montants),
                "sigles": len(data.glossaire)}[kind]
