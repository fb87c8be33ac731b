"""Content lint over all of data/: the invariants every fiche and arbre must keep."""
from __future__ import annotations

import pytest

from conftest import ROOT
from macros import checks
from macros.loader import load
from macros.site import collect_problems

DATA = ROOT / "data"
DATASET, LOAD_PROBLEMS = load(DATA, ROOT)
FICHES = sorted(DATASET.fiches)
ARBRES = sorted(DATASET.arbres)


def test_all_data_and_pages_pass_every_check():
    problems = collect_problems(DATA, ROOT / "docs", ROOT)
    assert not problems, "\n".join(str(p) for p in problems)


def test_required_seed_content_exists():
    for key in ("complementaire-sante-solidaire", "mission-accompagnement-sante", "are-conditions",
                "prevention-desinsertion-professionnelle"):
        assert key in DATASET.fiches, key
    audiences = {d for a in DATASET.arbres.values() for d in a.destinataires}
    assert {"conseiller-france-travail", "collaborateur-assurance-maladie"} <= audiences


@pytest.mark.parametrize("key", FICHES)
def test_fiche_is_complete_for_a_newcomer(key):
    fiche = DATASET.fiches[key]
    assert fiche.revision.statut == "a-valider" or fiche.revision.valide_par
    assert fiche.orienter.canal.strip()
    assert fiche.reperer and fiche.demarches and fiche.sources
    assert all(s.consulte_le <= fiche.revision.mise_a_jour for s in fiche.sources), "source consultée après la mise à jour"
    # The institution's public is the other institution's staff.
    other = {"assurance-maladie": "conseiller-france-travail", "france-travail": "collaborateur-assurance-maladie"}
    if fiche.institution in other:
        assert other[fiche.institution] in fiche.destinataires


@pytest.mark.parametrize("key", ARBRES)
def test_arbre_is_sound(key):
    assert checks.tree_problems(DATASET.arbres[key]) == []


def test_every_montant_is_used_somewhere():
    used = set()
    for fiche in DATASET.fiches.values():
        used.update(fiche.montants)
    for kind, key, entity in checks._entities(DATASET):
        for _, text in checks.texts(entity):
            used.update(checks.PLACEHOLDER_RE.findall(text))
    pages = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    unused = [k for k in DATASET.montants if k not in used and k not in pages]
    assert not unused, f"montants jamais cités : {unused}"
