"""Local editions: circuits show the national text, or one territory's functional channel."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import VALID
from macros.editions import personal_address, references, unfilled
from macros.loader import load
from macros.render import Context, Renderer
from macros.textfmt import escape_md


@pytest.fixture(scope="module")
def dataset():
    data, problems = load(VALID, VALID.parent)
    assert problems == []
    return data


def renderer(dataset, edition: str | None) -> Renderer:
    return Renderer(Context(dataset=dataset, today=date(2026, 11, 30),
                            edition=dataset.editions[edition] if edition else None))


@pytest.mark.parametrize("address, personal", [
    ("jean.dupont@example.org", True), ("j.dupont@example.org", True), ("marie-claire.martin@example.org", True),
    ("partenariat.cpam@example.org", False), ("misas.partenaires@example.org", False), ("cellule-pdp@example.org", False),
    ("contact@example.org", False), ("agence.lille@example.org", False), ("ft.75001@example.org", False),
])
def test_personal_looking_addresses_are_recognised(address, personal):
    assert personal_address(address) is personal


def test_national_site_shows_the_generic_channel_marked_to_be_specified(dataset):
    page = renderer(dataset, None).fiche("fiche-sante").content
    national = dataset.circuits["misas-signalement"].national.split(",")[0]
    assert national in page
    assert "à préciser localement" in page and "circuits-locaux.md#misas-signalement" in page
    assert "example.org" not in page


def test_edition_shows_its_local_channel_instead(dataset):
    page = renderer(dataset, "exemple").fiche("fiche-sante").content
    assert "Formulaire partenaire de test" in page and "01 99 00 10 01" in page
    assert "mailto:misas.partenaires@example.org" in page
    assert "à préciser localement" not in page


def test_the_two_builds_differ_only_where_a_circuit_is_referenced(dataset):
    national = renderer(dataset, None).fiche("fiche-sante").content.splitlines()
    local = renderer(dataset, "exemple").fiche("fiche-sante").content.splitlines()
    assert len(national) == len(local)
    differing = [(a, b) for a, b in zip(national, local) if a != b]
    assert differing and all('data-circuit="misas-signalement"' in b for _, b in differing)


def test_circuits_page_lists_every_circuit_with_its_reference_count(dataset):
    page = renderer(dataset, None).circuits_page().content
    for circuit in dataset.circuits.values():
        assert escape_md(circuit.libelle) in page
    assert references(dataset)["misas-signalement"] == 1
    local = renderer(dataset, "exemple").circuits_page().content
    assert "Édition d'exemple" in local and "non renseigné" in local


def test_audit_lists_unfilled_and_overdue_circuits(dataset):
    edition = dataset.editions["exemple"]
    missing = dict(unfilled(dataset, edition, date(2026, 11, 30)))
    assert "misas-signalement" not in missing and "cellule-pdp" in missing
    late = dict(unfilled(dataset, edition, date(2027, 6, 1)))
    assert late["misas-signalement"].startswith("à revoir depuis")


def test_make_audit_with_an_edition_lists_its_unfilled_circuits(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    result = subprocess.run([sys.executable, "-m", "macros", "--data", str(data), "--docs", str(data / "no-docs"),
                             "audit", "--date", "2026-11-30"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PASSERELLE_EDITION="exemple"))
    assert result.returncode == 1
    assert "circuit cellule-pdp : non renseigné" in result.stdout
    assert "circuit misas-signalement" not in result.stdout
