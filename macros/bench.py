"""``make bench``: build N synthetic fiches and M arbres, beside a stock Material site of the same shape.

Both builds run in the same process run, one after the other, on the same
machine; the figures printed are wall-clock seconds and bytes.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .mkdocs_config import ROOT, copy_assets, write_config
from .thematiques import thematiques

LOREM = ("La personne est accompagnée pas à pas ; le conseiller vérifie sa situation, explique le dispositif "
         "et l'oriente vers le bon interlocuteur avec son accord.")


def synthetic_data(target: Path, fiches: int, arbres: int) -> dict[str, list[str]]:
    """Write a data folder; returns rubrique → fiche ids (the navigation shape)."""
    for name in ("vocabulaires.yaml", "terminologie.yaml", "glossaire.yaml", "montants.yaml", "dossier.yaml", "circuits.yaml"):
        shutil.copy(ROOT / "data" / name, target / name)
    # The real glossary points at real fiches: keep the sigles, drop the links.
    glossary = yaml.safe_load((ROOT / "data" / "glossaire.yaml").read_text(encoding="utf-8")) or {}
    for entry in glossary.values():
        entry.pop("fiche", None)
    (target / "glossaire.yaml").write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    vocab = yaml.safe_load((ROOT / "data" / "vocabulaires.yaml").read_text(encoding="utf-8"))
    montant_ids = list(yaml.safe_load((ROOT / "data" / "montants.yaml").read_text(encoding="utf-8")) or {})
    rubriques = list(vocab["rubriques"].items())
    (target / "fiches").mkdir()
    (target / "arbres").mkdir()
    shape: dict[str, list[str]] = {}
    ids = [f"fiche-synthetique-{i:04d}" for i in range(fiches)]
    for i, key in enumerate(ids):
        rid, rubrique = rubriques[i % len(rubriques)]
        shape.setdefault(rubrique["libelle"], []).append(key)
        montant = montant_ids[i % len(montant_ids)] if montant_ids else None
        fiche = {
            "titre": f"Fiche synthétique {i}",
            "institution": rubrique["institution"],
            "rubrique": rid,
            "destinataires": ["conseiller-france-travail", "collaborateur-assurance-maladie"],
            "thematiques": [next(iter(thematiques()))],
            "en_bref": f"{LOREM} Montant cité : [[montant:{montant}]]." if montant else LOREM,
            "reperer": [LOREM, "La personne n'a pas de complémentaire santé."],
            "conditions": [LOREM, LOREM],
            "montants": [montant] if montant else [],
            "demarches": [LOREM, LOREM, LOREM],
            "orienter": {"vers": rubrique["institution"], "canal": LOREM, "dire": f"« {LOREM} »",
                         "transmettre": ["Les coordonnées de la personne.", "L'objet de la demande."],
                         "consentement": True, "ensuite": LOREM},
            "vigilance": [LOREM, LOREM],
            "voir_aussi": [ids[(i + 1) % fiches]] if fiches > 1 else [],
            "sources": [{"titre": "Page officielle", "url": "https://www.ameli.fr/", "consulte_le": "2026-11-23"}],
            "mots_cles": ["mot-clé", "synonyme"],
            "revision": {"mise_a_jour": "2026-11-23", "a_revoir_avant": "2027-11-23", "statut": "a-valider"},
        }
        (target / "fiches" / f"{key}.yaml").write_text(yaml.safe_dump(fiche, allow_unicode=True, sort_keys=False), encoding="utf-8")
    conclusion = {"dire": f"« {LOREM} »", "faire": [LOREM], "canal": LOREM, "transmettre": ["Coordonnées."]}
    shape["Arbres de décision"] = []
    for j in range(arbres):
        key = f"arbre-synthetique-{j:03d}"
        shape["Arbres de décision"].append(key)
        noeuds = {
            "q1": {"question": "Première question ?", "choix": [{"reponse": "Oui", "suivant": "q2"}, {"reponse": "Non", "suivant": "c1"}]},
            "q2": {"question": "Deuxième question ?", "choix": [{"reponse": "Oui", "suivant": "c1"}, {"reponse": "Non", "suivant": "c2"}]},
            "c1": {"conclusion": "Orienter vers l'Assurance Maladie", **conclusion, "fiches": [ids[j % fiches]]},
            "c2": {"conclusion": "Orienter vers France Travail", **conclusion, "fiches": [ids[(j + 1) % fiches]]},
        }
        arbre = {"titre": f"Arbre synthétique {j}", "destinataires": ["conseiller-france-travail"], "depart": "q1",
                 "noeuds": noeuds, "revision": {"mise_a_jour": "2026-11-23", "a_revoir_avant": "2027-11-23", "statut": "a-valider"}}
        (target / "arbres" / f"{key}.yaml").write_text(yaml.safe_dump(arbre, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return shape


def stock_site(target: Path, shape: dict[str, list[str]]) -> Path:
    """A stock Material site: the same pages as plain Markdown, in the same navigation shape."""
    docs = target / "docs"
    nav: list = [{"Accueil": "index.md"}]
    (docs / "fiches").mkdir(parents=True)
    (docs / "arbres").mkdir()
    (docs / "index.md").write_text("# Accueil\n", encoding="utf-8")
    fiche_sections = []
    for section, keys in shape.items():
        folder = "arbres" if section == "Arbres de décision" else "fiches"
        entries = []
        for key in keys:
            body = f"# {key}\n\n" + "\n\n".join(f"## Section {n}\n\n{LOREM}\n\n- {LOREM}\n- {LOREM}" for n in range(8))
            (docs / folder / f"{key}.md").write_text(body, encoding="utf-8")
            entries.append({key: f"{folder}/{key}.md"})
        if folder == "arbres":
            nav.append({section: entries})
        else:
            fiche_sections.append({section: entries})
    nav.insert(1, {"Fiches": fiche_sections})
    config = {"site_name": "Référence", "docs_dir": str(docs), "site_dir": str(target / "site"), "use_directory_urls": False,
              "theme": {"name": "material", "language": "fr", "font": False,
                        "features": ["navigation.prune", "navigation.indexes"]},
              "plugins": [{"search": {"lang": "fr"}}], "nav": nav}
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def timed_build(config: Path, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
                            cwd=config.parent, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"échec de la construction ({config}) :\n{result.stdout}{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fiches", type=int, default=1000)
    parser.add_argument("--arbres", type=int, default=100)
    args = parser.parse_args(argv)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PASSERELLE_DATE="2026-11-23", PASSERELLE_VERSION="bench")
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as tmp:
        work = Path(tmp)
        data = work / "ours" / "data"
        data.mkdir(parents=True)
        shape = synthetic_data(data, args.fiches, args.arbres)
        docs = work / "ours" / "docs"
        docs.mkdir()
        copy_assets(docs)
        (docs / "index.md").write_text("---\ntitle: Accueil\n---\n# Accueil\n\n{{ nombre('fiches') }} fiches.\n", encoding="utf-8")
        ours = write_config(work / "ours" / "mkdocs.yml", docs, ["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
        env["PASSERELLE_DATA"] = str(data)
        t_ours = timed_build(ours, env)
        t_stock = timed_build(stock_site(work / "stock", shape), env)
        page = work / "ours" / "site" / "fiches" / "fiche-synthetique-0000.html"
        stock_page = work / "stock" / "site" / "fiches" / "fiche-synthetique-0000.html"
        total = sum(f.stat().st_size for f in (work / "ours" / "site").rglob("*") if f.is_file())
        page_kb, stock_kb = page.stat().st_size / 1024, stock_page.stat().st_size / 1024
    print(f"Passerelle bench : {args.fiches} fiches, {args.arbres} arbres ({len(shape) - 1} rubriques)")
    print(f"{'':32}{'Passerelle':>14}{'Material seul':>16}")
    print(f"{'construction (s)':32}{t_ours:>14.1f}{t_stock:>16.1f}")
    print(f"{'rapport Passerelle / Material':32}{t_ours / t_stock:>14.2f}")
    print(f"{'HTML d une fiche (Ko)':32}{page_kb:>14.1f}{stock_kb:>16.1f}")
    print(f"{'site complet (Mo)':32}{total / 1048576:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
