"""The engine-independent core's commands: a build context without MkDocs, pages and export on disk.

``python -m macros pages --out DIR`` writes every generated page (fiches, arbres,
indexes, glossary, barèmes, fraîcheur, circuits) as Markdown, exactly what the
MkDocs hook serves, so any engine that reads a docs folder (ProperDocs, Zensical…)
can build them. ``python -m macros export --out DIR`` writes the open-data export.
Nothing here imports MkDocs.
"""
from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import yaml

from .loader import Dataset
from .render import Context, GeneratedPage, NavSection, Renderer
from .problems import DataError
from .site import load_checked


class OptionError(ValueError):
    """A bad option or environment value (unknown edition, malformed date…), with a French message."""


def site_version(root: Path) -> str:
    """PASSERELLE_VERSION, else the short git commit of ``root``, else « inconnue »."""
    if os.environ.get("PASSERELLE_VERSION"):
        return os.environ["PASSERELLE_VERSION"]
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "inconnue"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "inconnue"


def build_day() -> date:
    """PASSERELLE_DATE (AAAA-MM-JJ) or today. Raises OptionError (French message) when malformed."""
    value = os.environ.get("PASSERELLE_DATE")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise OptionError(f"PASSERELLE_DATE « {value} » invalide : attendu AAAA-MM-JJ") from None


def context_for(dataset: Dataset, root: Path, extra: dict) -> Context:
    """The build Context of a checked dataset: build day, version, repository, « Signaler » address, edition.

    ``extra`` is the ``extra`` table of mkdocs.yml. Reads PASSERELLE_DATE, PASSERELLE_VERSION,
    PASSERELLE_DEPOT and PASSERELLE_EDITION. Raises OptionError for an unknown edition or a bad date.
    """
    edition = None
    key = os.environ.get("PASSERELLE_EDITION", "").strip()
    if key:
        if key not in dataset.editions:
            known = ", ".join(sorted(dataset.editions)) or "aucune (dossier data/editions/ vide)"
            raise OptionError(f"EDITION={key} : édition inconnue ; éditions disponibles : {known}")
        edition = dataset.editions[key]
    return Context(
        dataset=dataset, today=build_day(), version=site_version(root),
        depot=os.environ.get("PASSERELLE_DEPOT") or extra.get("depot") or None,
        signalement=(edition.signalement if edition and edition.signalement else extra.get("signalement") or ""),
        edition=edition,
    )


def config_extra(config_file: Path) -> dict:
    """The ``extra`` table of a mkdocs.yml (empty when the file or the table is absent)."""
    if not config_file.is_file():
        return {}
    return (yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}).get("extra") or {}


def make_context(root: Path, data_dir: Path, docs_dir: Path, config_file: Path | None = None) -> Context:
    """The same Context the MkDocs hook builds, from the data, the environment and ``mkdocs.yml``'s ``extra``.

    Raises DataError for bad data, OptionError for an unknown edition or a bad date.
    """
    dataset = load_checked(data_dir, docs_dir, root)
    return context_for(dataset, root, config_extra(config_file or root / "mkdocs.yml"))


INSERT_BEFORE = "glossaire.md"  # the generated sections go before this entry of the configured nav


def _nav_entry(section: NavSection) -> dict:
    children: list = [section.index] if section.index else []
    for child in section.children:
        children.append(_nav_entry(child) if isinstance(child, NavSection) else {child[0]: child[1]})
    return {section.title: children}


def full_nav(nav: list | None, sections: list[NavSection]) -> list | None:
    """The configured navigation (mkdocs.yml ``nav``) with the generated sections inserted before the glossary.

    Returns None when ``nav`` is None (the engine then builds it from the files).
    """
    if nav is None:
        return None
    entries = [_nav_entry(s) for s in sections]
    for index, item in enumerate(nav):
        target = item if isinstance(item, str) else next(iter(item.values()), None)
        if target == INSERT_BEFORE:
            return nav[:index] + entries + nav[index:]
    return nav + entries


def write_pages(pages: list[GeneratedPage], out_dir: Path) -> list[Path]:
    """Write each generated page under ``out_dir`` at its docs-relative path (UTF-8); returns the files written.

    Existing files at those paths are replaced: pass an empty folder, or a copy of ``docs/``
    made for another engine (never the project's own ``docs/``).
    """
    written = []
    for page in pages:
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        written.append(target)
    return written


def pages_command(root: Path, data_dir: Path, docs_dir: Path, out_dir: Path) -> list[Path]:
    """``python -m macros pages --out DIR``: every generated page as Markdown under ``out_dir``."""
    if out_dir.resolve() == docs_dir.resolve():
        raise OptionError(f"--out {out_dir} : c'est le dossier docs/ du projet ; les pages générées n'y sont pas "
                         "versionnées, choisissez un autre dossier (par exemple une copie de docs/)")
    return write_pages(Renderer(make_context(root, data_dir, docs_dir)).pages(), out_dir)


def export_command(root: Path, data_dir: Path, docs_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    """``python -m macros export --out DIR``: ``fiches.json`` and ``fiches.schema.json`` under ``out_dir``."""
    from .export import write_export

    return write_export(make_context(root, data_dir, docs_dir), out_dir)


_RENDERERS: dict[tuple, Renderer] = {}  # one per data folder and environment, for engines that reload the macros per page


def _renderer(root: Path) -> Renderer:
    """The Renderer of the data named by the environment (PASSERELLE_DATA, else root/data), built once per process."""
    data_dir = Path(os.environ.get("PASSERELLE_DATA") or root / "data")
    key = (str(data_dir), *(os.environ.get(name, "") for name in ("PASSERELLE_DATE", "PASSERELLE_EDITION", "PASSERELLE_DEPOT")))
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(make_context(root, data_dir, root / "docs"))
    return _RENDERERS[key]


class MacroError(Exception):
    """A wrong macro call in an editorial page, or data that does not load (French message)."""


def define_env(env) -> None:
    """The editorial macros for an engine that runs no hooks (Zensical): the data is loaded here, once."""
    from .page_macros import define_macros

    root = Path(__file__).resolve().parent.parent

    def renderer() -> Renderer:
        try:
            return _renderer(root)
        except (DataError, OptionError) as exc:
            raise MacroError(str(exc)) from None

    def page_path() -> str:
        page = getattr(env, "page", None)
        if page is None:
            return ""
        file = getattr(page, "file", None)  # MkDocs: page.file.src_uri; Zensical: page.path
        return file.src_uri if file is not None else str(getattr(page, "path", "") or "")

    define_macros(env, renderer, page_path, MacroError)
