"""Strict loading: every slip is a problem with file, line and field."""
from __future__ import annotations

from pathlib import Path

from macros.loader import load
from macros.yamlload import read_yaml


def problems_of(data: Path) -> list[str]:
    _, problems = load(data, data.parent)
    return [str(p) for p in problems]


def write(data: Path, rel: str, text: str) -> None:
    (data / rel).write_text(text, encoding="utf-8")


def test_valid_fixture_loads_without_problem(valid_data):
    dataset, problems = load(valid_data, valid_data.parent)
    assert problems == []
    assert set(dataset.fiches) == {"fiche-sante", "fiche-emploi"}
    assert set(dataset.arbres) == {"arbre-test"}
    assert dataset.montants["test-plafond"].valeurs[-1].valeur == 1100


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    data, problems = read_yaml(path, "x.yaml")
    assert data is None
    assert str(problems[0]) == "x.yaml:3: -: clé « a » en double (déjà définie ligne 1)"


def test_dates_stay_text_for_the_schema(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("d: 2026-13-45\n", encoding="utf-8")
    data, problems = read_yaml(path, "x.yaml")
    assert problems == [] and data["d"] == "2026-13-45"


def test_not_utf8_is_a_problem(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("titre: é".encode("latin-1"))
    _, problems = read_yaml(path, "x.yaml")
    assert "UTF-8" in str(problems[0])


def test_unknown_key_lists_the_allowed_keys(valid_data):
    path = valid_data / "fiches" / "fiche-emploi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  canal:", "  canall:"), encoding="utf-8")
    found = problems_of(valid_data)
    assert any("orienter.canall: champ inconnu « canall » ; champs permis : vers, canal, dire" in p for p in found), found
    assert any("orienter.canal: champ obligatoire manquant" in p for p in found), found


def test_wrong_types_are_reported_not_coerced(valid_data):
    path = valid_data / "fiches" / "fiche-emploi.yaml"
    text = path.read_text(encoding="utf-8").replace("consentement: false", "consentement: peut-être")
    path.write_text(text.replace("titre: Fiche emploi de test", "titre: 12"), encoding="utf-8")
    found = problems_of(valid_data)
    assert any(p.endswith("orienter.consentement: true ou false attendu") for p in found), found
    assert any(p.endswith("titre: texte attendu") for p in found), found


def test_bad_file_names_and_extensions(valid_data):
    write(valid_data, "fiches/Fiche_Majuscule.yaml", "titre: x\n")
    write(valid_data, "fiches/autre.yml", "titre: x\n")
    found = problems_of(valid_data)
    assert any("Fiche_Majuscule.yaml:1: -: nom de fichier" in p for p in found), found
    assert any("autre.yml:1: -: extension .yaml attendue" in p for p in found), found


def test_tree_node_must_be_question_or_conclusion(valid_data):
    path = valid_data / "arbres" / "arbre-test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    conclusion: Rien à faire", "    conclu: Rien à faire"), encoding="utf-8")
    found = problems_of(valid_data)
    assert any("noeuds.fin-oui: un nœud a soit « question »" in p for p in found), found


def test_montant_history_must_be_ordered(valid_data):
    path = valid_data / "montants.yaml"
    text = path.read_text(encoding="utf-8").replace("depuis: 2026-04-01, valeur: 1100", "depuis: 2024-04-01, valeur: 1100")
    path.write_text(text, encoding="utf-8")
    found = problems_of(valid_data)
    assert any("test-plafond: valeurs : dates « depuis » strictement croissantes" in p for p in found), found


def test_validated_status_needs_a_referent(valid_data):
    path = valid_data / "fiches" / "fiche-emploi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(", valide_par: Référent de test", ""), encoding="utf-8")
    found = problems_of(valid_data)
    assert any("revision: statut « valide » : indiquez valide_par" in p for p in found), found


def test_missing_files_are_problems(tmp_path):
    (tmp_path / "data").mkdir()
    found = problems_of(tmp_path / "data")
    for name in ("vocabulaires.yaml", "terminologie.yaml", "montants.yaml", "glossaire.yaml", "fiches", "arbres"):
        assert any(f"data/{name}:1: -:" in p for p in found), (name, found)
