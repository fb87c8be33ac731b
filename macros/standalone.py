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

from .render import Context, GeneratedPage, Renderer
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


def make_context(root: Path, data_dir: Path, docs_dir: Path, config_file: Path | None = None) -> Context:
    """The same Context the MkDocs hook builds, from the environment and ``mkdocs.yml``'s ``extra``.

    Reads PASSERELLE_DATE, PASSERELLE_VERSION, PASSERELLE_DEPOT and PASSERELLE_EDITION like the
    hook does. Raises DataError for bad data, OptionError for an unknown edition or a bad date.
    """
    extra = {}
    config_file = config_file or root / "mkdocs.yml"
    if config_file.is_file():
        extra = (yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}).get("extra") or {}
    dataset = load_checked(data_dir, docs_dir, root)
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
