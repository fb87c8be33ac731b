"""Case-file summaries: every path of every real arbre, and the sensitive-term matcher."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from macros import checks
from macros.dossier import SensitiveTerms, normalize, paths, summary
from macros.loader import load
from macros.render import Context, placeholder_text
from macros.schema import Choix, Dossier, Question

DAY = date(2026, 11, 30)
DATASET, LOAD_PROBLEMS = load(ROOT / "data", ROOT)
TERMS = SensitiveTerms(DATASET.dossier)
CTX = Context(DATASET, DAY)
# Words the issue names: the real list must catch each of them, with or without accents.
MUST_CATCH = ["santé", "maladie", "suicide", "idées suicidaires", "mort", "alcool", "cannabis", "addiction",
              "titre de séjour", "sans papiers", "enceinte", "handicap", "psychique", "dépression", "sante",
              "Elle a des idées de mort ou d'en finir", "elle veut passer à l'acte",
              "Elle indique d'elle-même ne pas avoir de titre de séjour", "invalidite", "psychiatre"]


def all_paths():
    for key in sorted(DATASET.arbres):
        arbre = DATASET.arbres[key]
        for answers, conclusion_id in paths(arbre):
            yield pytest.param(key, answers, conclusion_id, id=f"{key}:{conclusion_id}:{len(answers)}")


def text_of(key: str, answers: list[Choix], conclusion_id: str) -> str:
    arbre = DATASET.arbres[key]
    return summary(arbre, answers, arbre.noeuds[conclusion_id], lambda kind, key: placeholder_text(CTX, kind, key), DAY)


def test_real_data_loads():
    assert LOAD_PROBLEMS == []
    assert DATASET.dossier is not None


@pytest.mark.parametrize("words", MUST_CATCH)
def test_sensitive_list_catches_the_words_of_the_issue(words):
    assert TERMS.found(words), f"« {words} » n'est pas reconnu comme sensible par data/dossier.yaml"


@pytest.mark.parametrize("neutral", ["Pas de complémentaire santé", "Droits à l'Assurance Maladie : ouverts",
                                     "Couverture santé : à jour", "Inscription à France Travail : oui",
                                     "Mortagne", "Amélie"])
def test_coverage_and_ordinary_words_are_not_sensitive(neutral):
    assert TERMS.found(neutral) == []


def test_matching_rules():
    terms = SensitiveTerms(Dossier(termes_sensibles=["suicid*", "titre de séjour", "AME"],
                                   expressions_neutres=["aide au retour"]))
    assert terms.found("Pensées SUICIDAIRES") == ["suicid*"]
    assert terms.found("titre de sejour expiré") == ["titre de séjour"]
    assert terms.found("Demande d’AME") == ["AME"]
    assert terms.found("améliorer ses revenus") == []
    assert normalize("L’Élan  Été") == "l'elan ete"


def test_every_tree_has_paths():
    assert DATASET.arbres
    for key, arbre in DATASET.arbres.items():
        reached = {c for _, c in paths(arbre)}
        conclusions = {n for n, node in arbre.noeuds.items() if not isinstance(node, Question)}
        assert reached == conclusions, key


@pytest.mark.parametrize(("key", "answers", "conclusion_id"), list(all_paths()))
def test_copied_summary_of_every_path_is_neutral(key, answers, conclusion_id):
    text = text_of(key, answers, conclusion_id)
    assert TERMS.found(text) == [], f"{key} → {conclusion_id} : terme sensible dans le résumé copié :\n{text}"
    lines = text.splitlines()
    assert lines[0] == "Date : 30 novembre 2026"
    assert lines[1].startswith("Situation : ")
    assert any(line.startswith("Orientation proposée : ") for line in lines)
    # No answer enters unless the data marks it; marked ones enter by their neutral phrase only.
    for choix in answers:
        if choix.dossier:
            assert choix.dossier.rstrip(".") in text
        elif len(choix.reponse) > 3:
            assert choix.reponse not in text, f"réponse non marquée copiée : {choix.reponse}"
    assert not re.search(r"(?m)(^|: )(Oui|Non)( ;|\.|$)", text), text
    assert "Réponses" not in text
    # Amounts show their value only.
    assert "depuis le" not in text and "source" not in text.lower(), text


def test_marked_answers_read_on_their_own():
    """A marked phrase says what it is about: never a bare « Oui », « Non »."""
    for key, arbre in DATASET.arbres.items():
        for node_id, node in arbre.noeuds.items():
            if isinstance(node, Question):
                for choix in node.choix:
                    if choix.dossier:
                        assert len(choix.dossier.split()) >= 2, (key, node_id, choix.dossier)
                        assert normalize(choix.dossier) not in ("oui", "non"), (key, node_id)


def test_fixture_summary_with_a_marked_answer():
    dataset, problems = load(ROOT / "tests" / "fixtures" / "valid")
    assert problems == []
    arbre = dataset.arbres["arbre-test"]
    ctx = Context(dataset, DAY)
    debut, revenus = arbre.noeuds["debut"], arbre.noeuds["revenus"]
    text = summary(arbre, [debut.choix[1], revenus.choix[0]], arbre.noeuds["fin-c2s"],
                   lambda kind, key: placeholder_text(ctx, kind, key), None)
    assert text == ("Date : à compléter\nSituation : Arbre de test.\nÉléments utiles : Pas de complémentaire santé.\n"
                    "Orientation proposée : Proposer la C2S.\nCanal : Compte ameli.\n"
                    "Transmission : avec l'accord de la personne uniquement ; à préciser (quoi, à qui) ou « aucune ».")


def test_missing_sensitive_list_is_an_error(valid_data: Path):
    (valid_data / "dossier.yaml").unlink()
    _, problems = load(valid_data, valid_data.parent)
    assert [str(p) for p in problems] == ["data/dossier.yaml:1: -: fichier manquant"]


def test_neutral_dossier_wording_silences_the_check(valid_data: Path):
    path = valid_data / "arbres" / "arbre-test.yaml"
    text = path.read_text(encoding="utf-8").replace("conclusion: Proposer la C2S",
                                                    "conclusion: Proposer la C2S et un médecin")
    path.write_text(text, encoding="utf-8")
    dataset, problems = load(valid_data, valid_data.parent)
    assert problems == []
    assert any("médecin*" in str(p) for p in checks.check(dataset))
    marked = text.replace("conclusion: Proposer la C2S et un médecin",
                          "conclusion: Proposer la C2S et un médecin\n    dossier: Proposition de la C2S")
    assert marked != text
    path.write_text(marked, encoding="utf-8")
    dataset, problems = load(valid_data, valid_data.parent)
    assert problems == [] and checks.check(dataset) == []
