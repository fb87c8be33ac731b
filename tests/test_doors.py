"""Doors and the « Orienter » box: each reader meets their situations, then the other institution."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import VALID
from macros.excerpt import first_clause, first_sentence
from macros.loader import load
from macros.render import Context, Renderer


@pytest.fixture
def renderer() -> Renderer:
    dataset, problems = load(VALID, VALID.parent)
    assert problems == []
    return Renderer(Context(dataset=dataset, today=date(2026, 11, 30)))


def test_first_sentence_keeps_a_quotation_closed():
    text = "« Le chômage ne vous fait pas perdre votre Sécurité sociale, ni vos remboursements. Vos soins restent remboursés. »"
    assert first_sentence(text) == "« Le chômage ne vous fait pas perdre votre Sécurité sociale, ni vos remboursements.\u00a0»"


def test_first_sentence_runs_on_past_a_too_short_sentence():
    text = "« Surtout, ne démissionnez pas tout de suite. Pour toucher le chômage après une démission, il faut un projet validé. »"
    assert first_sentence(text).endswith("projet validé.\u00a0»")


def test_first_sentence_ignores_dots_inside_words_and_brackets():
    text = "Consultez monsoutienpsy.ameli.fr (séances prises en charge. Sans ordonnance) pour trouver un psychologue. Ensuite…"
    assert first_sentence(text) == "Consultez monsoutienpsy.ameli.fr (séances prises en charge. Sans ordonnance) pour trouver un psychologue."


def test_first_clause_stops_at_semicolon_outside_parentheses():
    text = "Signalement à la MisAS (formulaire partenaire ; adresse dédiée) de la CPAM ; à défaut, le 36 46."
    assert first_clause(text) == "Signalement à la MisAS (formulaire partenaire ; adresse dédiée) de la CPAM"


def test_first_clause_without_boundary_drops_the_final_stop():
    assert first_clause("Compte ameli de la personne, avec elle en entretien.") == "Compte ameli de la personne, avec elle en entretien"


def test_orienter_box_comes_right_after_en_bref(renderer):
    content = renderer.fiche("fiche-sante").content
    box = content.index('class="orienter-bref"')
    assert content.index("{#en-bref}") < box < content.index("{#reperer}")
    assert "(#orienter)" in content[box:content.index("{#reperer}")]


@pytest.mark.parametrize("reader, other, own", [
    ("conseiller-france-travail", "fiche-sante", "fiche-emploi"),
    ("collaborateur-assurance-maladie", "fiche-emploi", "fiche-sante"),
])
def test_door_shows_the_other_institution_before_the_readers_own(renderer, reader, other, own):
    body = renderer.porte(reader, "")
    situations, autres, commun = body.index("{#situations}"), body.index("{#fiches-autre}"), body.index("{#commun}")
    assert situations < autres < commun
    assert autres < body.index(f"fiches/{other}.md") < commun
    assert body.index(f"fiches/{own}.md") > commun
    assert "<details" in body  # folded rubriques: a short page on a phone


def test_doors_differ_for_the_two_readers(renderer):
    assert renderer.porte("conseiller-france-travail", "") != renderer.porte("collaborateur-assurance-maladie", "")
