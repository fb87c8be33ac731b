"""Local editions: circuits show the national text, or one territory's functional channel."""
from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import ROOT, VALID
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
    assert "à préciser localement" in page and "circuits-locaux.html#misas-signalement" in page
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


# ---------------------------------------------------------------- the real data

MISAS_CONCLUSION = re.compile(r"MisAS|Mission accompagnement santé")
PDP_CONCLUSION = re.compile(r"\bPDP\b|désinsertion professionnelle")


@pytest.fixture(scope="module")
def real():
    data, problems = load(ROOT / "data", ROOT)
    assert problems == []
    return data


def conclusion_section(page: str, node_id: str) -> str:
    """The rendered section of one arbre conclusion, summary included."""
    start = page.index(f'id="n-{node_id}"')
    return page[start:page.index("</section>", start)]


def misas_conclusions(real) -> list[str]:
    arbre = real.arbres["renoncement-aux-soins"]
    return [key for key, node in arbre.noeuds.items()
            if getattr(node, "conclusion", None) and "[[circuit:misas-signalement]]" in (node.canal or "")]


def test_real_misas_fiche_shows_the_example_channel(real):
    local = real.editions["exemple"].circuits["misas-signalement"]
    page = renderer(real, "exemple").fiche("mission-accompagnement-sante").content
    assert escape_md(local.canal) in page
    assert f'href="mailto:{local.courriel}"' in page and f'href="{local.url}"' in page
    assert 'href="mailto:misas.partenaires@example.org"' in page  # the example's reserved address
    assert "à préciser localement" not in page  # every circuit this fiche names is filled in the example
    assert "36 46 ou se rend à l'accueil de sa CPAM et demande un accompagnement" not in page


def test_real_misas_fiche_nationally_shows_the_national_text_marked(real):
    national = real.circuits["misas-signalement"].national
    page = renderer(real, None).fiche("mission-accompagnement-sante").content
    assert escape_md(national) in page
    assert 'href="../circuits-locaux.html#misas-signalement">à préciser localement</a>' in page
    assert "example.org" not in page and "(exemple)" not in page


def test_real_renoncement_conclusions_orienting_to_the_misas_show_the_example_channel(real):
    conclusions = misas_conclusions(real)
    assert len(conclusions) >= 5  # the five MisAS referrals, and the conclusions that mention it as a fallback
    canal = escape_md(real.editions["exemple"].circuits["misas-signalement"].canal)
    local = renderer(real, "exemple").arbre("renoncement-aux-soins").content
    national = renderer(real, None).arbre("renoncement-aux-soins").content
    arbre = real.arbres["renoncement-aux-soins"]
    for node_id in conclusions:
        section = conclusion_section(local, node_id)
        # in the « Canal » line, and in the copyable case-file summary unless it has a neutral « dossier » line
        copies = 1 if arbre.noeuds[node_id].dossier else 2
        assert section.count(canal) >= copies, node_id
        assert section.count('href="mailto:misas.partenaires@example.org"') >= 1, node_id
        assert escape_md(real.circuits["misas-signalement"].national) not in section, node_id
        generic = conclusion_section(national, node_id)
        assert generic.count(escape_md(real.circuits["misas-signalement"].national)) >= copies, node_id
        assert 'circuits-locaux.html#misas-signalement">à préciser localement</a>' in generic and canal not in generic


def test_real_builds_differ_only_where_a_circuit_is_referenced(real):
    for page in ("fiche", "arbre"):
        key = "mission-accompagnement-sante" if page == "fiche" else "renoncement-aux-soins"
        national = getattr(renderer(real, None), page)(key).content.splitlines()
        local = getattr(renderer(real, "exemple"), page)(key).content.splitlines()
        assert len(national) == len(local)
        differing = [b for a, b in zip(national, local) if a != b]
        # a circuit's markup, or its plain text in a case-file summary
        assert differing and all("data-circuit=" in line or "example.org" in line for line in differing), differing


def test_real_conclusions_naming_the_misas_or_the_pdp_cell_give_its_channel(real):
    """A conclusion whose « À faire » or « Canal » names the MisAS or the PDP cell gives a usable channel."""
    missing = []
    for arbre_id, arbre in real.arbres.items():
        for node_id, node in arbre.noeuds.items():
            if not getattr(node, "conclusion", None):
                continue
            said = " ".join([*node.faire, node.canal or ""])
            for pattern, circuit in ((MISAS_CONCLUSION, "misas-signalement"), (PDP_CONCLUSION, "cellule-pdp")):
                if pattern.search(said) and f"[[circuit:{circuit}]]" not in (node.canal or ""):
                    missing.append(f"{arbre_id}/{node_id}: {circuit}")
    assert missing == []


def test_real_data_refers_to_every_circuit(real):
    counts = references(real)
    assert all(count > 0 for count in counts.values()), counts
    assert counts["misas-signalement"] >= 20
