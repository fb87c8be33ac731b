"""Cross-file checks, each shown catching what it claims."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros import checks
from macros.loader import load


def run(data: Path) -> list[str]:
    dataset, problems = load(data, data.parent)
    assert problems == [], problems
    return [str(p) for p in checks.check(dataset)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_tree(data: Path, noeuds: dict, depart: str = "q1") -> None:
    tree = {"titre": "Arbre", "destinataires": ["conseiller-france-travail"], "depart": depart, "noeuds": noeuds,
            "revision": {"mise_a_jour": "2026-11-23", "a_revoir_avant": "2027-04-01", "statut": "a-valider"}}
    (data / "arbres" / "arbre-test.yaml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")


def end(name: str = "Fin") -> dict:
    return {"conclusion": name, "dire": "« Bonjour. »", "faire": ["Agir."], "canal": "Accueil.", "fiches": ["fiche-sante"]}


def question(*targets: str) -> dict:
    return {"question": "Question ?", "choix": [{"reponse": f"R{i}", "suivant": t} for i, t in enumerate(targets)]}


def test_valid_fixture_has_no_problem(valid_data):
    assert run(valid_data) == []


def test_tree_depth_limit(valid_data):
    chain = {f"q{i}": question(f"q{i + 1}", "fin") for i in range(1, 6)}
    chain["q6"] = question("fin", "fin")
    chain["fin"] = end()
    set_tree(valid_data, chain)
    found = run(valid_data)
    assert any("depart: 6 questions au plus long" in p for p in found), found
    del chain["q6"]
    chain["q5"] = question("fin", "fin")
    set_tree(valid_data, chain)
    assert run(valid_data) == []  # five questions is the limit, not an error


def test_question_needs_two_choices(valid_data):
    set_tree(valid_data, {"q1": question("fin"), "fin": end()})
    assert any("noeuds.q1.choix: une question propose au moins deux choix" in p for p in run(valid_data))


def test_conclusion_needs_action_and_fiche(valid_data):
    bad = end()
    bad["faire"], bad["fiches"] = [], []
    set_tree(valid_data, {"q1": question("fin", "fin"), "fin": bad})
    found = run(valid_data)
    assert any("noeuds.fin.faire: une conclusion dit quoi faire" in p for p in found), found
    assert any("noeuds.fin.fiches: une conclusion renvoie à au moins une fiche" in p for p in found), found


def test_missing_start_node(valid_data):
    set_tree(valid_data, {"q1": question("fin", "fin"), "fin": end()}, depart="ailleurs")
    assert any("depart: nœud de départ « ailleurs » introuvable" in p for p in run(valid_data))


def test_self_loop_is_a_cycle(valid_data):
    set_tree(valid_data, {"q1": question("q1", "fin"), "fin": end()})
    assert any("un choix mène à sa propre question (cycle)" in p for p in run(valid_data))


def test_unknown_vocabulary(valid_data):
    edit(valid_data / "fiches" / "fiche-emploi.yaml", "rubrique: allocations", "rubrique: inconnue")
    edit(valid_data / "fiches" / "fiche-emploi.yaml", "vers: france-travail", "vers: mairie")
    found = run(valid_data)
    assert any("rubrique: rubrique « inconnue » inconnue de data/vocabulaires.yaml" in p for p in found), found
    assert any("orienter.vers: institution « mairie » inconnue" in p for p in found), found


def test_self_reference_and_unknown_montant_in_list(valid_data):
    edit(valid_data / "fiches" / "fiche-sante.yaml", "voir_aussi: [fiche-emploi]", "voir_aussi: [fiche-sante]")
    edit(valid_data / "fiches" / "fiche-sante.yaml", "montants: [test-plafond, test-duree,", "montants: [test-plafond, absent,")
    found = run(valid_data)
    assert any("voir_aussi[0]: une fiche ne renvoie pas à elle-même" in p for p in found), found
    assert any("montants[1]: montant « absent » inconnu" in p for p in found), found


def test_glossary_link_to_missing_fiche(valid_data):
    edit(valid_data / "glossaire.yaml", "fiche: fiche-sante", "fiche: absente")
    assert any("glossaire.yaml:4: C2S.fiche: fiche « absente » introuvable" in p for p in run(valid_data))


def test_typed_amounts_are_caught_in_every_form():
    for text in ["1 200 €", "1200€", "12 euros", "3,50 €", "1\u202f200 €", "500 EUR"]:
        assert checks.EURO_RE.search(text), text
    for text in ["100 % santé", "Article L861-1", "les 12 mois", "[[montant:x]]"]:
        assert not checks.EURO_RE.search(text), text


def test_obsolete_names_and_historical_mentions(valid_data):
    dataset, _ = load(valid_data, valid_data.parent)
    assert [m[1] for m in checks.obsolete_mentions("Inscrit à Pôle emploi depuis mars.", dataset)] == ["Pôle emploi"]
    assert [m[1] for m in checks.obsolete_mentions("inscrit à pole emploi", dataset)] == ["Pole emploi"]
    assert list(checks.obsolete_mentions("France Travail (ex-Pôle emploi)", dataset)) == []
    assert list(checks.obsolete_mentions("La C2S, anciennement CMU-C.", dataset)) == []
    assert list(checks.obsolete_mentions("La CMU-Cx n'est pas un mot connu.", dataset)) == []


def test_old_names_allowed_in_keywords_and_cited_titles(valid_data):
    # fiche-sante has CMU-C in mots_cles: no problem. In a source title too.
    edit(valid_data / "fiches" / "fiche-sante.yaml", "titre: Page de test, url: \"https://www.ameli.fr/test\", consulte_le",
         "titre: Page CMU-C, url: \"https://www.ameli.fr/test\", consulte_le")
    assert run(valid_data) == []


def test_official_domains():
    domains = ["ameli.fr", "service-public.fr"]
    assert checks.official("https://www.ameli.fr/assure", domains)
    assert checks.official("https://entreprendre.service-public.fr/x", domains)
    assert not checks.official("https://ameli.fr.exemple.com/x", domains)
    assert not checks.official("https://notameli.fr/x", domains)


def test_montant_needs_an_official_source(valid_data):
    edit(valid_data / "montants.yaml", "https://www.francetravail.fr/test\", consulte_le", "https://www.blog.fr/t\", consulte_le")
    found = run(valid_data)
    # the legal reference on legifrance.gouv.fr no longer suffices: the source shown beside the figure must be official
    assert any("test-duree.sources[0].url: source affichée « www.blog.fr » hors des domaines officiels" in p
               and "ajoutez en premier" in p for p in found), found


def test_montant_official_source_must_come_first(valid_data):
    edit(valid_data / "montants.yaml",
         'sources: [{ titre: Page de test, url: "https://www.francetravail.fr/test", consulte_le: 2026-11-23 }]',
         'sources: [{ titre: Mairie, url: "https://www.mairie.fr/t", consulte_le: 2026-11-23 }, '
         '{ titre: Page de test, url: "https://www.francetravail.fr/test", consulte_le: 2026-11-23 }]')
    found = run(valid_data)
    assert any("test-duree.sources[0].url: source affichée « www.mairie.fr »" in p
               and "placez en premier la source officielle (https://www.francetravail.fr/test)" in p for p in found), found


def test_unit_said_twice_is_caught(valid_data):
    edit(valid_data / "fiches" / "fiche-sante.yaml", "depuis [[montant:test-duree]].", "depuis [[montant:test-duree]] mois.")
    edit(valid_data / "fiches" / "fiche-sante.yaml", "sous un plafond de [[montant:test-plafond]].",
         "sous un plafond de [[montant:test-plafond]] par an.")
    found = run(valid_data)
    assert any("conditions[0]: unité répétée : [[montant:test-duree]]" in p and "« mois »" in p for p in found), found
    assert any("en_bref: unité répétée : [[montant:test-plafond]]" in p and "« par an »" in p for p in found), found


@pytest.mark.parametrize("unite, text, echoed", [
    ("euros", "[[montant:x]] euros", "euros"),
    ("euros", "[[montant:x]] €", "€"),
    ("euros-par-jour", "[[montant:x]] par jour indemnisé", "par jour"),
    ("euros-par-an", "[[montant:x]] annuels", "annuels"),
    ("pourcent", "[[montant:x]] %", "%"),
    ("jours", "les [[montant:x]] jours calendaires", "jours"),
    ("ans", "[[montant:x]] années", "années"),
    ("smic", "[[montant:x]] fois le SMIC horaire", "fois le SMIC"),
    ("smic", "[[montant:x]] Smic", "Smic"),
    ("euros", "[[montant:x]] par jour", None),
    ("jours", "[[montant:x]] ouvrables", None),
    ("mois", "[[montant:x]] moisson", None),
    ("smic", "[[montant:x]] horaire brut", None),
])
def test_unit_echoes(unite, text, echoed):
    from types import SimpleNamespace
    dataset = SimpleNamespace(montants={"x": SimpleNamespace(unite=unite)})
    found = list(checks.unit_echoes(text, dataset))
    assert found == ([("x", echoed)] if echoed else [])


def test_pages_are_checked_outside_code(valid_data, tmp_path):
    dataset, _ = load(valid_data, valid_data.parent)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        "# Page\n\nUn plafond de 900 € par an.\n\n`1 000 €` en code est permis.\n\n```\n12 euros\n```\n\n"
        "Inscrivez-vous à Pôle emploi.\n\nMontant : {{ montant('test-plafond') }}\n", encoding="utf-8")
    found = [str(p) for p in checks.check_pages(docs, dataset, tmp_path)]
    assert found == [
        "docs/page.md:3: texte: montant saisi en dur « 900 € » : utilisez {{ montant('identifiant') }}",
        "docs/page.md:11: texte: ancien nom « Pôle emploi » : écrivez « France Travail » "
        "(ou marquez la mention historique : « ex-… », « anciennement … »)",
    ]


def test_pages_may_not_announce_a_dated_change(valid_data, tmp_path):
    dataset, _ = load(valid_data, valid_data.parent)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        "# Page\n\nLa mesure s'appliquera au plus tard le 1er juillet 2026.\n\n`au plus tard le` en code est permis.\n",
        encoding="utf-8")
    found = [str(p) for p in checks.check_pages(docs, dataset, tmp_path)]
    assert len(found) == 1 and found[0].startswith("docs/page.md:3: texte: annonce « au plus tard le » dans une page")
