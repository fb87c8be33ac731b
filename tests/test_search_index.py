"""The finished search index (macros/search_index.py) and the offline files (macros/offline.py), without a browser."""
from __future__ import annotations

import zipfile

import pytest

from conftest import ROOT, VALID
from macros.loader import load
from macros.offline import OfflineError, make_archive
from macros.search_index import KEYWORDS_FIELD, fold, finish_index, page_keywords


def test_fold_removes_accents_and_ligatures():
    assert fold("Pôle Emploi") == "pole emploi"
    assert fold("Arrêt maladie, médecin, sœur") == "arret maladie, medecin, soeur"


def test_keywords_come_from_every_data_source():
    dataset, problems = load(ROOT / "data", ROOT)
    assert problems == []
    words = page_keywords(dataset)
    c2s = [fold(w) for w in words["fiches/complementaire-sante-solidaire.md"]]
    assert "c2s" in c2s and "complementaire sante solidaire" in c2s  # glossary
    assert "cmu-c" in c2s  # old name (data/terminologie.yaml)
    assert "mutuelle gratuite" in c2s  # mots_cles and data/synonymes.yaml
    assert "pole emploi" in [fold(w) for w in words["fiches/france-travail-inscription-plein-emploi.md"]]
    assert "pfidass" in [fold(w) for w in words["partenariat/misas.md"]]
    assert "chomage" in [fold(w) for w in words["arbres/question-allocation-chomage.md"]]
    assert len(c2s) == len(set(c2s)), "doublons"


def test_fixture_synonyms_are_loaded_by_the_same_loader():
    dataset, problems = load(VALID)
    assert problems == []
    assert dataset.synonymes["mutuelle gratuite"].fiches == ["fiche-sante"]
    assert "mutuelle gratuite" in page_keywords(dataset)["fiches/fiche-sante.md"]


def test_bad_synonym_file_gives_file_line_messages(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "synonymes.yaml").write_text("ok:\n  fiches: [fiche-sante]\n\"<b>gras</b>\":\n  fiches: [fiche-sante]\nvide:\n  arbre: [x]\n",
                                         encoding="utf-8")
    _, problems = load(data, tmp_path)
    shown = [str(p) for p in problems]
    assert any(s.startswith("data/synonymes.yaml:3: <b>gras</b>: expression") for s in shown), shown
    assert any(s.startswith("data/synonymes.yaml:6: vide.arbre: champ inconnu") for s in shown), shown


def _index() -> dict:
    page = "fiches/x.html"
    return {"config": {"lang": ["fr"]}, "docs": [
        {"location": page, "title": "Titre", "text": "<p>Assurance Maladie · Pour : conseillers · Mis à jour le 1er mai</p>"},
        {"location": page + "#en-bref", "title": "En bref", "text": "<p>Le résumé.</p>"},
        {"location": page + "#reperer", "title": "Repérer", "text": "<p>Situation.</p>"},
        {"location": page + "#statut", "title": "Statut", "text": "<p>data/fiches/x.yaml</p>"},
        {"location": page + "#voir-aussi", "title": "Voir aussi", "text": "<p>Autre fiche</p>"},
        {"location": "fiches/index.html", "title": "Fiches", "text": "<p>liste</p>"},
        {"location": "fiches/index.html#sante", "title": "Santé", "text": "<p>Titre, Titre 2</p>"},
    ]}


def test_finish_index_shows_en_bref_and_drops_link_lists():
    index = _index()
    done = finish_index(index, {"fiches/x.md": ["mutuelle gratuite", "CMU"]})
    docs = {d["location"]: d for d in done["docs"]}
    assert docs["fiches/x.html"]["text"] == "<p>Le résumé.</p>"
    assert docs["fiches/x.html"][KEYWORDS_FIELD] == "mutuelle gratuite ; CMU"
    assert set(docs) == {"fiches/x.html", "fiches/x.html#reperer", "fiches/index.html"}
    assert docs["fiches/index.html"]["text"] == ""
    assert index["docs"][0]["text"].startswith("<p>Assurance")  # input untouched


def test_archive_refuses_a_site_without_its_offline_files(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(OfflineError, match="search_index.js"):
        make_archive(tmp_path / "site", tmp_path / "x.zip")


def test_archive_has_one_folder_and_no_source_maps(tmp_path):
    site = tmp_path / "site"
    for name in ("index.html", "search/search_index.js", "assets/javascripts/workers/passerelle-search.js", "a.js.map"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x", encoding="utf-8")
    with zipfile.ZipFile(make_archive(site, tmp_path / "p.zip")) as archive:
        names = archive.namelist()
    assert "passerelle/index.html" in names and all(n.startswith("passerelle/") for n in names)
    assert not any(n.endswith(".map") for n in names)
