"""Shared fixtures: fixture data copies, and a site build of any data folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
FORMATION = FIXTURES / "formation"  # training data over VALID: tests/fixtures/formation -> data/formation
BUILD_DATE = "2026-11-23"  # builds never depend on today's date

sys.path.insert(0, str(ROOT))


@pytest.fixture
def valid_data(tmp_path: Path) -> Path:
    """A writable copy of the small valid dataset."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


@pytest.fixture
def formation_data(tmp_path: Path) -> Path:
    """A writable copy of the valid dataset with the training fixture in data/formation."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    shutil.copytree(FORMATION, target / "formation")
    return target


def build_env(data_dir: Path | None = None, **extra: str) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PASSERELLE_DATE=BUILD_DATE, PASSERELLE_VERSION="test")
    if data_dir is not None:
        env["PASSERELLE_DATA"] = str(data_dir)
    env.update(extra)
    return env


def build_site(workdir: Path, data_dir: Path, pages: dict[str, str] | None = None, nav: list | None = None) -> subprocess.CompletedProcess:
    """Build a site of ``data_dir`` with a few editorial ``pages``, through the production pipeline."""
    from macros.mkdocs_config import copy_assets, write_config

    docs = workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    copy_assets(docs)
    for name, text in (pages or {"index.md": "---\ntitle: Accueil\n---\n# Accueil\n"}).items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = write_config(workdir / "mkdocs.yml", docs, nav)
    return subprocess.run(build_command(workdir / "site", config), cwd=ROOT, env=build_env(data_dir),
                          capture_output=True, text=True, timeout=600)


def build_command(site: Path, config: Path | None = None, engine: str = "mkdocs") -> list[str]:
    """The production build (``make build``): the engine, then the core's finishing step (export, offline search)."""
    return [sys.executable, "-m", "macros", "build", "--engine", engine, "--site", str(site),
            "--config", str(config or ROOT / "mkdocs.yml")]
