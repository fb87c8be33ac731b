"""``python -m macros pages --out DIR``: the generated pages on disk, byte for byte what the MkDocs hook serves."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, build_env
from macros.loader import load

ENV = {"PASSERELLE_DATE": "2026-11-23", "PASSERELLE_VERSION": "test"}


def test_pages_command_writes_what_the_hook_serves(tmp_path, monkeypatch):
    out = tmp_path / "pages"
    result = subprocess.run([sys.executable, "-m", "macros", "pages", "--out", str(out)], cwd=ROOT,
                            env=build_env(**ENV), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()}

    dataset, _ = load(ROOT / "data", ROOT)
    for key in dataset.fiches:
        assert f"fiches/{key}.md" in written, key
    for key in dataset.arbres:
        assert f"arbres/{key}.md" in written, key

    from mkdocs.config import load_config

    from macros import mkdocs_glue

    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PASSERELLE_EDITION", raising=False)
    monkeypatch.delenv("PASSERELLE_DATA", raising=False)
    monkeypatch.delenv("PASSERELLE_DEPOT", raising=False)
    mkdocs_glue.on_config(load_config(str(ROOT / "mkdocs.yml")))
    served = {page.path: page.content for page in mkdocs_glue.STATE["pages"]}
    assert served == written


def test_pages_command_refuses_the_project_docs_folder():
    result = subprocess.run([sys.executable, "-m", "macros", "pages", "--out", str(ROOT / "docs")], cwd=ROOT,
                            env=build_env(**ENV), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "dossier docs/ du projet" in result.stderr
    assert not (ROOT / "docs" / "fiches").exists()


def test_engine_independent_core_does_not_import_mkdocs():
    code = ("import sys, macros.standalone, macros.export, macros.thematiques, macros.cli; "
            "sys.exit(1 if any(n == 'mkdocs' or n.startswith('mkdocs.') for n in sys.modules) else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr or "mkdocs imported"


def test_pages_command_bad_edition_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "macros", "pages", "--out", str(tmp_path)], cwd=ROOT,
                            env=build_env(**ENV, PASSERELLE_EDITION="nulle-part"), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert "EDITION=nulle-part : édition inconnue" in result.stderr
