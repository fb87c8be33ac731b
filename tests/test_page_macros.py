"""Editorial pages: every macro call is checked before the build, with the page's own line numbers."""
from __future__ import annotations


import pytest

from conftest import VALID
from macros.checks import check_pages
from macros.loader import load
from macros.page_macros import MACROS, argument_problem, call_problem


@pytest.fixture(scope="module")
def dataset():
    data, problems = load(VALID, VALID.parent)
    assert problems == []
    return data


@pytest.mark.parametrize("call, words", [
    ('nombre("fiche")', "valeurs permises : fiches, arbres, montants, sigles"),
    ('montant("inconnu")', "valeur inconnue"),
    ('porte()', "argument « destinataire » manquant"),
    ('liste_fiches(public="x")', "arguments permis : destinataire"),
    ('inconnue()', "macros permises"),
    ('config.site_name', "seuls les appels de macros sont permis"),
    ('nombre(', "n'est pas un appel de macro valide"),
    ('nombre(kind)', "les arguments sont des textes entre guillemets"),
])
def test_wrong_calls_say_what_is_allowed(dataset, call, words):
    assert words in call_problem(dataset, call)


@pytest.mark.parametrize("call", ['nombre("fiches")', 'montant("test-plafond")', "liste_fiches()",
                                  'liste_arbres(destinataire="conseiller-france-travail")', 'porte("conseiller-france-travail")'])
def test_right_calls_pass(dataset, call):
    assert call_problem(dataset, call) is None


def test_every_macro_the_glue_defines_is_in_the_registry():
    from macros import mkdocs_glue

    class Env:
        def __init__(self):
            self.names = []

        def macro(self, function):
            self.names.append(function.__name__)
            return function

    env = Env()
    mkdocs_glue.define_env(env)
    assert sorted(env.names) == sorted(MACROS)


def test_line_numbers_count_the_front_matter(tmp_path, dataset):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text('---\ntitle: Test\n---\n\n# Titre {#titre}\n\nIl y a {{ nombre("fiche") }} fiches.\n',
                                  encoding="utf-8")
    (docs / "brut.md").write_text('---\nrender_macros: false\n---\n\n{{ nombre("fiche") }}\n', encoding="utf-8")
    problems = check_pages(docs, dataset, tmp_path)
    assert [str(p) for p in problems] == [
        "docs/page.md:7: macro: nombre(« fiche ») : valeur inconnue ; valeurs permises : fiches, arbres, montants, sigles"]


def test_argument_problem_accepts_none_for_optional_parameters(dataset):
    assert argument_problem(dataset, "liste_fiches", (None,), {}) is None
