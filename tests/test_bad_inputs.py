"""The bad-input corpus: each case is a valid dataset with one file replaced.

Every case must make ``python -m macros check`` fail with the exact line the
case expects (``file:line: field: message``), and never with a traceback.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VALID

CORPUS = Path(__file__).parent / "bad_inputs"
FORMATION = Path(__file__).parent / "fixtures" / "formation"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def run_check(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", "--data", str(data_dir), "--docs", str(data_dir / "no-docs"), "check"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def overlay(case: str, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    if case.startswith("formation-"):  # training cases replace a file of the training fixture
        shutil.copytree(FORMATION, data / "formation")
    for path in (CORPUS / case).rglob("*.yaml"):
        target = data / path.relative_to(CORPUS / case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return data


def test_corpus_has_the_required_cases():
    required = {"malformed-yaml", "unknown-key", "duplicate-key", "dangling-reference", "tree-cycle",
                "unreachable-node", "obsolete-term", "missing-source", "script-in-text"}
    assert required <= set(CASES)


def test_valid_fixture_passes(tmp_path):
    result = run_check(overlay_none(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Données valides." in result.stdout


def overlay_none(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    return data


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_its_clear_message(case, tmp_path):
    data = overlay(case, tmp_path)
    result = run_check(data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = result.stderr.replace(str(tmp_path) + "/", "")
    for expected in (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert any(line.startswith(expected) for line in shown.splitlines()), f"attendu : {expected}\nobtenu :\n{shown}"


def test_all_problems_are_listed_at_once(tmp_path):
    """Two broken files: both problems appear in one run."""
    data = overlay("unknown-key", tmp_path)
    shutil.copy(CORPUS / "tree-cycle" / "arbres" / "arbre-test.yaml", data / "arbres" / "arbre-test.yaml")
    shutil.copy(CORPUS / "obsolete-term" / "fiches" / "fiche-emploi.yaml", data / "fiches" / "fiche-emploi.yaml")
    result = run_check(data)
    assert result.returncode == 1
    assert "mot_cles: champ inconnu" in result.stderr
    assert "cycle" in result.stderr
    assert "ancien nom" in result.stderr
    assert "3 problèmes" in result.stderr
