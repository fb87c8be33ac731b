"""Strict loading: every slip is a problem with file, line and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID
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
    assert any("titre: texte attendu" in p for p in found), found


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


# ---------------------------------------------------------------- YAML 1.1 traps, read as meant

@pytest.mark.parametrize("typed, meant", [
    ("012", 12),            # YAML 1.1: octal 10
    ("1:30", "1:30"),       # YAML 1.1: sexagesimal 90
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("oui", "oui"),  # YAML 1.1: booleans
    ("true", True), ("false", False),
    ("0x10", "0x10"), ("1_000", "1_000"), (".inf", ".inf"),
    ("2026-04-01", "2026-04-01"),  # dates stay text: pydantic parses them, with a line on error
    ("103.20", 103.2), ("7", 7),
])
def test_plain_scalars_follow_yaml_1_2(tmp_path, typed, meant):
    from macros.yamlload import read_yaml

    path = tmp_path / "f.yaml"
    path.write_text(f"valeur: {typed}\n", encoding="utf-8")
    data, problems = read_yaml(path, "f.yaml")
    assert problems == []
    assert data["valeur"] == meant and type(data["valeur"]) is type(meant)


def test_a_quoted_hash_and_a_comment_after_an_id_are_fine(tmp_path):
    from macros.yamlload import read_yaml

    path = tmp_path / "f.yaml"
    path.write_text('canal: "3949, touche # puis 2"\nstatut: a-valider  # en attente\nduree: 50  # minutes\n', encoding="utf-8")
    data, problems = read_yaml(path, "f.yaml")
    assert problems == [] and data["canal"] == "3949, touche # puis 2"


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\nb:\n\t- x\n", 3, "remplacez la tabulation par des espaces"),
    ("en_bref: Attention : lire\n", 1, "mettez le texte entre guillemets"),
    ('a: "abc\nb: 2\n', 3, "guillemet"),
    ("a: [1, 2\n", 2, ""),
    ("\x00", 1, "caractère nul"),
    ("a: 1\nb: &x [*x]\n", 2, "alias récursif"),
    ("a: !!int 0x1A\n", 1, "ne se lit pas comme un nombre entier"),
    ("a: !!bool oui\n", 1, "ne se lit pas comme true ou false"),
    ("a: 1\nb: !fiche x\n", 2, "étiquette YAML « !fiche » non permise"),
    ("a: 1\n? [b]\n: 2\n", 2, "écrivez « nom: valeur »"),
])
def test_yaml_errors_are_french_with_a_line(tmp_path, text, line, words):
    from macros.yamlload import read_yaml

    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = read_yaml(path, "f.yaml")
    assert data is None and len(problems) == 1
    assert problems[0].line == line, problems
    assert words in problems[0].message
    assert not problems[0].message.startswith("YAML invalide"), problems[0].message


def test_a_montant_written_with_a_leading_zero_keeps_its_value(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    path = data / "montants.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("valeurs: [{ depuis: 2020-01-01, valeur: 12 }]",
                                                             "valeurs: [{ depuis: 2020-01-01, valeur: 012 }]"), encoding="utf-8")
    dataset, problems = load(data, tmp_path)
    assert problems == []
    assert dataset.montants["test-duree"].valeurs[0].valeur == 12
