"""Open-data export: real data validates against the published schema; a broken record does not."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date

import jsonschema
import pytest

from conftest import ROOT, VALID
from macros.export import export_document, json_schema, plain_text
from macros.loader import load
from macros.render import Context, format_value
from macros.site import load_checked

TODAY = date(2026, 11, 23)


def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    return jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def real_export() -> dict:
    dataset = load_checked(ROOT / "data", ROOT / "docs", ROOT)
    return export_document(Context(dataset=dataset, today=TODAY, version="abc1234"))


@pytest.fixture
def fixture_ctx() -> Context:
    dataset, problems = load(VALID, VALID.parent)
    assert problems == []
    return Context(dataset=dataset, today=TODAY, version="abc1234")


def test_real_data_export_validates_against_its_schema(real_export):
    validator().validate(real_export)
    dataset, _ = load(ROOT / "data", ROOT)
    assert len(real_export["fiches"]) == len(dataset.fiches) > 0
    assert "[[" not in json.dumps(real_export, ensure_ascii=False), "a placeholder was left in a text"


@pytest.mark.parametrize("breakage", ["missing-title", "bad-date", "unknown-field", "montant-without-unit"])
def test_a_broken_record_fails_validation(real_export, breakage):
    broken = copy.deepcopy(real_export)
    record = next(r for r in broken["fiches"] if r["montants"])
    if breakage == "missing-title":
        del record["titre"]
    elif breakage == "bad-date":
        record["revision"]["mise_a_jour"] = "30/11/2026"
    elif breakage == "unknown-field":
        record["commentaire"] = "champ non publié"
    else:
        del record["montants"][0]["unite"]
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(broken)


def test_placeholders_become_plain_text(fixture_ctx):
    sante = next(r for r in export_document(fixture_ctx)["fiches"] if r["id"] == "fiche-sante")
    assert sante["en_bref"] == "La C2S de test, sous un plafond de 1\u202f100\u00a0€ par an."
    national = fixture_ctx.dataset.circuits["misas-signalement"].national
    assert sante["orientation"]["canal"] == f"Accueil de la CPAM, ou {national}."
    assert plain_text(fixture_ctx, None) is None
    assert sante["thematiques"] == [{"id": "sante--acces-aux-soins", "libelle": "Accès aux soins", "categorie": "Santé"}]


def test_montants_carry_value_unit_and_date_d_effet_even_unknown(fixture_ctx):
    document = export_document(fixture_ctx)
    montants = {m["id"]: m for r in document["fiches"] for m in r["montants"]}
    assert montants["test-plafond"]["valeur"] == 1100 and montants["test-plafond"]["date_effet"] == "2026-04-01"
    assert montants["test-carence"]["date_effet"] is None  # « depuis: inconnue » in the data
    assert montants["test-carence"]["valeur_affichee"] == format_value("jours", 3)
    validator().validate(document)


def test_export_command_writes_both_files(tmp_path):
    result = subprocess.run([sys.executable, "-m", "macros", "--data", str(VALID), "--docs", str(tmp_path / "no-docs"),
                             "export", "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={"PASSERELLE_DATE": "2026-11-23", "PASSERELLE_VERSION": "v1", "PATH": ""})
    assert result.returncode == 0, result.stderr
    export = json.loads((tmp_path / "out" / "fiches.json").read_text(encoding="utf-8"))
    schema = json.loads((tmp_path / "out" / "fiches.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(export)
    assert export["version_du_site"] == "v1" and export["genere_le"] == "2026-11-23"
    assert {r["id"] for r in export["fiches"]} == {"fiche-sante", "fiche-emploi"}
