"""The thin bridge to MkDocs: hooks (on_config, on_files) and mkdocs-macros macros."""
from __future__ import annotations

import hashlib
import os
import posixpath
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from .problems import DataError
from .render import Context, NavSection, Renderer, abbreviations, montant_markup
from .site import load_checked

STATE: dict = {}
INSERT_BEFORE = "glossaire.md"  # generated sections go before this nav entry


def _version(root: Path) -> str:
    if os.environ.get("PASSERELLE_VERSION"):
        return os.environ["PASSERELLE_VERSION"]
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "inconnue"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "inconnue"


def _today() -> date:
    value = os.environ.get("PASSERELLE_DATE")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"PASSERELLE_DATE « {value} » invalide : attendu AAAA-MM-JJ") from None


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


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    data_dir = Path(os.environ.get("PASSERELLE_DATA") or root / "data")
    try:
        dataset = load_checked(data_dir, Path(config.docs_dir), root)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    ctx = Context(
        dataset=dataset,
        today=_today(),
        version=_version(root),
        depot=os.environ.get("PASSERELLE_DEPOT") or config.extra.get("depot") or None,
        signalement=config.extra.get("signalement") or "",
    )
    renderer = Renderer(ctx)
    STATE.clear()
    STATE.update(ctx=ctx, renderer=renderer, pages=renderer.pages())

    # Glossary tooltips: an abbreviations file appended to every page.
    folder = Path(tempfile.gettempdir()) / ("passerelle-" + hashlib.sha1(str(root).encode()).hexdigest()[:12])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abbreviations.md").write_text(abbreviations(dataset), encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(folder)]
    snippets["auto_append"] = ["abbreviations.md"]
    snippets["check_paths"] = True

    config.nav = _insert_nav(config.nav, renderer.nav())
    return config


def on_files(files, config):
    for page in STATE["pages"]:
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(f"docs/{page.path} : ce fichier est généré depuis {page.source}, ne le créez pas à la main")
        files.append(File.generated(config, page.path, content=page.content))
    return files


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

    @env.macro
    def montant(key: str) -> str:
        """The amount ``key`` of data/montants.yaml, with date d'effet and source."""
        r = renderer()
        if key not in r.ctx.dataset.montants:
            raise PluginError(f"montant « {key} » inconnu de data/montants.yaml")
        return str(montant_markup(r.ctx, key))

    @env.macro
    def liste_fiches(destinataire: str | None = None) -> str:
        """Fiches grouped by rubrique, for one audience or all."""
        return renderer().liste_fiches(destinataire, _prefix(env.page, "fiches"))

    @env.macro
    def liste_arbres(destinataire: str | None = None) -> str:
        return renderer().liste_arbres(destinataire, _prefix(env.page, "arbres"))

    @env.macro
    def liste_parcours() -> str:
        """The training parcours, with their audience and modules (macros/formation/render.py)."""
        r = renderer()
        return r.formation.liste_parcours(_prefix(env.page, "formation")) if r.formation else ""

    @env.macro
    def nombre(kind: str) -> int:
        data = renderer().ctx.dataset
        return {"fiches": len(data.fiches), "arbres": len(data.arbres), "montants": len(data.montants),
                "sigles": len(data.glossaire)}[kind]
