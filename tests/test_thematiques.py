"""The thématiques come from the data-inclusion-schema package, with their official labels."""
from __future__ import annotations

from datetime import date

import pytest
from data_inclusion.schema.v1 import Thematique

from conftest import ROOT, VALID
from macros.loader import load
from macros.render import Context, Renderer
from macros.thematiques import full_label, label, thematiques


@pytest.fixture
def renderer() -> Renderer:
    dataset, problems = load(VALID, VALID.parent)
    assert problems == []
    return Renderer(Context(dataset=dataset, today=date(2026, 11, 23)))


def test_vocabulary_is_the_package_s():
    assert thematiques() == {t.value: t.label for t in Thematique}
    assert len(thematiques()) > 50  # the package's whole list, not a hand-picked copy
    assert label("sante--acces-aux-soins") == Thematique.SANTE__ACCES_AUX_SOINS.label
    assert full_label("sante--acces-aux-soins") == "Santé — Accès aux soins"


def test_fiche_page_shows_the_official_label(renderer):
    content = renderer.fiche("fiche-sante").content
    assert "Thématiques (référentiel data·inclusion) : Santé — Accès aux soins" in content


def test_no_thematique_copy_left_in_the_vocabulary_file():
    text = (ROOT / "data" / "vocabulaires.yaml").read_text(encoding="utf-8")
    assert "\nthematiques:" not in text
