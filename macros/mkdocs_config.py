"""Write a MkDocs configuration for another data or docs folder (tests, benchmark).

It is the project's own mkdocs.yml with absolute paths, so a build of synthetic
or fixture data runs exactly the production pipeline.
"""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def write_config(target: Path, docs_dir: Path, nav: list | None, site_dir: Path | None = None, **overrides) -> Path:
    """Write ``target`` (a mkdocs.yml); ``nav`` None lets MkDocs build it from files."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir or target.parent / "site")
    config["hooks"] = [str(ROOT / "macros" / "mkdocs_hooks.py")]
    config["theme"]["custom_dir"] = str(ROOT / "docs" / "overrides")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin["macros"]["module_name"] = str(ROOT / "macros")
    config["extra_css"] = ["assets/css/passerelle.css", "assets/css/formation.css"]
    config["extra_javascript"] = ["assets/js/arbre.js", "assets/js/formation.js"]
    if nav is None:
        config.pop("nav", None)
    else:
        config["nav"] = nav
    config.update(overrides)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def copy_assets(docs_dir: Path) -> None:
    """Give a scratch docs folder the site's CSS and JS."""
    import shutil

    shutil.copytree(ROOT / "docs" / "assets", docs_dir / "assets", dirs_exist_ok=True)
