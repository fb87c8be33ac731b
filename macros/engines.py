"""Build the site with a chosen engine, then finish it: nothing here depends on an engine's plugin API.

``python -m macros build --engine mkdocs|properdocs|zensical --site DIR`` (``make build``,
``make build ENGINE=zensical``):

1. MkDocs (the reference) and ProperDocs (its continuation) read ``mkdocs.yml`` and run
   ``macros/mkdocs_hooks.py``, which checks the data and serves the generated pages as
   virtual files.
   Zensical ignores ``hooks:`` without a word, so for it the core writes a staging
   project first: a copy of ``docs/`` plus every generated page (``Renderer.pages()``),
   and a configuration without hooks whose navigation already holds the generated
   sections and whose ``abbr`` extension holds the glossary.
2. The engine runs, in its own process.
3. The core finishes the built site, whatever the engine: the open-data export
   (``export/``) and, where the engine made Material's lunr index, the search that
   works from ``file://`` (``macros/offline.py``).

Nothing here imports MkDocs; the engines are run as commands.
"""
from __future__ import annotations

import copy
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .export import write_export
from .offline import INDEX_JSON, OfflineError, finish_site
from .render import Context, Renderer, abbreviations
from .standalone import context_for, full_nav, write_pages
from .site import load_checked, load_unchecked


class BuildError(Exception):
    """The engine is missing or failed, or the site could not be finished (message in French)."""


@dataclass(frozen=True)
class Engine:
    """A site engine: its Python module, how it is told the config and output folder, what it runs."""

    name: str
    module: str  # run as ``python -m <module>``; also the distribution to install
    runs_hooks: bool  # reads mkdocs.yml's ``hooks:`` (else: a staging project with the pages written out)
    lacks: str  # what a reader of the built site misses with this engine (French; empty: nothing)


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "mkdocs", True, ""),  # the reference
    "properdocs": Engine("properdocs", "properdocs", True, ""),  # MkDocs 1.6 continued: the same pages
    "zensical": Engine("zensical", "zensical", False,
                       "recherche sans racinisation française, sans les mots-clés ni les synonymes, et pas de "
                       "recherche depuis file:// (docs/contribuer/moteurs.md)"),
}


ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LOG_PREFIX_RE = re.compile(r"^(?:ERROR|WARNING) +- +")  # MkDocs' log levels
ZENSICAL_PROGRESS = {"Build started", "No issues found"}


def engine_report(output: str) -> str:
    """An engine's output made readable for a contributor: no colour codes, no Python traceback, no INFO lines,
    no log-level prefixes (« ERROR   -  »), no « Aborted … » line, no blank lines.

    A traceback's frames are dropped; its last line (the error itself) is kept.
    """
    lines, in_traceback = [], False
    for line in ANSI_RE.sub("", output).splitlines():
        if line.startswith(("INFO", "Aborted with")) or line in ZENSICAL_PROGRESS:
            continue
        line = LOG_PREFIX_RE.sub("", line)
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if not line.strip() or in_traceback and line.startswith((" ", "\t")):
            continue
        in_traceback = False
        lines.append(line)
    return "\n".join(lines).strip()


def _command(engine: Engine, config_file: Path, site_dir: Path) -> list[str]:
    if engine.name == "zensical":  # the output folder is the config's site_dir
        return [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", str(config_file)]
    # No --quiet: MkDocs would then no longer count warnings, and --strict would let them pass.
    return [sys.executable, "-m", engine.module, "build", "--strict", "-f", str(config_file),
            "--site-dir", str(site_dir)]


def staging_config(settings: dict, staging: Path, site_dir: Path, ctx: Context, renderer: Renderer) -> dict:
    """The configuration for an engine that runs no hooks: mkdocs.yml with paths into ``staging``.

    ``staging`` holds ``docs/`` (the project's pages and the generated ones), ``overrides/``
    (the theme's custom_dir) and ``passerelle_macros.py`` (the entry point for the editorial
    macros). The glossary tooltips are the ``abbr`` extension's glossary. ``settings`` is mkdocs.yml as read
    (left unchanged). Returns the configuration as a dict.
    """
    config = copy.deepcopy(settings)
    config.pop("hooks", None)
    config["docs_dir"] = "docs"  # paths relative to the staging folder: Zensical stops on absolute ones
    config["site_dir"] = os.path.relpath(site_dir, staging)
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = "overrides"  # copied there by write_staging
    if ctx.edition is not None:
        config["site_name"] = f"Passerelle — {ctx.edition.nom}"
    config["nav"] = full_nav(config.get("nav"), renderer.nav())
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin["macros"]["module_name"] = "passerelle_macros"
    config["markdown_extensions"] = [
        {"abbr": {"glossary": abbreviations(ctx.dataset)}} if ext == "abbr" else ext
        for ext in config.get("markdown_extensions", [])
    ]
    return config


_MACROS_ENTRY = '''"""Entry point of the editorial macros for an engine that runs no hooks (written by macros/engines.py)."""
import sys

sys.path.insert(0, {root!r})
from macros import define_env  # noqa: E402,F401
'''


def write_staging(root: Path, config_file: Path, settings: dict, docs_dir: Path, staging: Path, site_dir: Path,
                  ctx: Context) -> Path:
    """Write the staging project for an engine without hooks; returns its configuration file.

    ``docs_dir`` and the theme's custom_dir are copied, the generated pages are written over
    the copy (the same Markdown the hook serves), then the macros entry and the configuration.
    """
    renderer = Renderer(ctx)
    shutil.copytree(docs_dir, staging / "docs")
    theme = settings.get("theme") or {}
    if theme.get("custom_dir"):
        shutil.copytree(config_file.parent / theme["custom_dir"], staging / "overrides")
    write_pages(renderer.pages(), staging / "docs")
    (staging / "passerelle_macros.py").write_text(_MACROS_ENTRY.format(root=str(root)), encoding="utf-8")
    target = staging / "mkdocs.yml"
    config = staging_config(settings, staging, site_dir, ctx, renderer)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def finish(site_dir: Path, ctx: Context) -> list[str]:
    """The work after any engine's build: open-data export, and search from file:// where it can be.

    Returns notes for the person building (French). Raises BuildError when the
    engine made Material's search index but a file the offline search needs is missing.
    """
    notes = []
    if (site_dir / INDEX_JSON).is_file():
        try:
            finish_site(site_dir, ctx.dataset)
        except OfflineError as exc:
            raise BuildError(str(exc)) from None
    else:
        notes.append("la recherche depuis file:// n'est pas préparée avec ce moteur")
    export, _schema = write_export(ctx, site_dir / "export")
    notes.append(f"export ouvert : {export.relative_to(site_dir)} ({len(ctx.dataset.fiches)} fiches)")
    return notes


def build(engine_name: str, root: Path, config_file: Path, site_dir: Path, data_dir: Path | None = None) -> list[str]:
    """Build the site of ``root`` with one engine into ``site_dir`` and finish it; returns notes (French).

    ``data_dir`` defaults to PASSERELLE_DATA, else ``root/data``. With MkDocs and ProperDocs the
    hook checks the data (bad data makes the engine fail: BuildError with the hook's list of
    problems); for Zensical the data is checked first (DataError). Raises OptionError for a bad
    edition or date, BuildError when the engine is missing or fails.
    """
    engine = ENGINES.get(engine_name)
    if engine is None:
        raise BuildError(f"moteur « {engine_name} » inconnu ; moteurs possibles : {', '.join(ENGINES)}")
    if importlib.util.find_spec(engine.module) is None:
        raise BuildError(f"moteur « {engine_name} » absent de l'environnement : make test l'installe, ou "
                         ".venv/bin/python -m pip install -r requirements-dev.txt")
    config_file = config_file.resolve()
    site_dir = site_dir.resolve()
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    docs_dir = (config_file.parent / settings.get("docs_dir", "docs")).resolve()
    data_dir = Path(data_dir or os.environ.get("PASSERELLE_DATA") or root / "data")
    extra = settings.get("extra") or {}
    ctx = None if engine.runs_hooks else context_for(load_checked(data_dir, docs_dir, root), root, extra)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PASSERELLE_DATA=str(data_dir))
    with tempfile.TemporaryDirectory(prefix=f"passerelle-{engine.name}-") as tmp:
        config, output_dir = config_file, site_dir
        if ctx is not None:  # Zensical also wants its output inside the project: moved out afterwards
            output_dir = Path(tmp) / "site"
            config = write_staging(root, config_file, settings, docs_dir, Path(tmp), output_dir, ctx)
        result = subprocess.run(_command(engine, config, output_dir), cwd=config.parent, env=env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"construction avec {engine.name} échouée ; le moteur signale :\n"
                             + engine_report(result.stderr + "\n" + result.stdout))
        if output_dir != site_dir:
            shutil.rmtree(site_dir, ignore_errors=True)
            shutil.move(str(output_dir), str(site_dir))
    if ctx is None:  # the hook checked the data during the build: read it again, without the checks
        ctx = context_for(load_unchecked(data_dir, root), root, extra)
    return finish(site_dir, ctx)
