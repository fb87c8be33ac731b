"""``make bench``: build N synthetic fiches and M arbres, beside a stock Material site of the same shape.

Printed, for N/10 and N fiches: Passerelle's build (``python -m macros build``, what
``make build`` runs) and stock Material's, one after the other on the same machine,
their ratio and how each grows; the time to load and check the data alone; the
rebuild ``make serve`` runs after one fiche is edited. Wall-clock seconds and bytes.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
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


def same_pages_site(target: Path, ours_config: Path, data: Path) -> Path:
    """Stock Material on the very pages Passerelle generates: what the project's own machinery costs.

    The generated Markdown is written to files (``python -m macros pages``'s function) beside
    the editorial page, with the project's navigation and Markdown extensions; no hook, no
    macros plugin, no glossary snippet, no project CSS or JS, no finishing step.
    """
    from .render import Renderer
    from .standalone import full_nav, make_context, write_pages

    docs = target / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n", encoding="utf-8")
    renderer = Renderer(make_context(ROOT, data, docs, ours_config))
    write_pages(renderer.pages(), docs)
    ours = yaml.safe_load(ours_config.read_text(encoding="utf-8"))
    config = {"site_name": "Référence", "docs_dir": str(docs), "site_dir": str(target / "site"), "use_directory_urls": False,
              "theme": {"name": "material", "language": "fr", "font": False, "features": ours["theme"]["features"]},
              "plugins": [{"search": {"lang": "fr"}}],
              "markdown_extensions": ours["markdown_extensions"],
              "nav": full_nav(ours["nav"], renderer.nav())}
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def timed(command: list[str], cwd: Path, env: dict) -> float:
    """Wall-clock seconds of one command; exits with its output if it fails."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"échec ({' '.join(command)}) :\n{result.stdout}{result.stderr}")
    return elapsed


def data_seconds(data: Path, repeats: int = 3) -> float:
    """Seconds to load and check every data file (``site.load_checked``), best of ``repeats`` runs in this process."""
    from .site import load_checked

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        load_checked(data, data / "absent", ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def serve_rebuild_seconds(config: Path, fiche: Path, env: dict) -> float | None:
    """Seconds MkDocs reports for the rebuild ``make serve`` runs after one fiche is edited (None if not seen).

    Starts ``mkdocs serve`` as ``make serve`` does (PASSERELLE_SERVE=1, watching data/),
    waits for the first build, edits the fiche, reads « Documentation built in N seconds ».
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-f", str(config), "-a", f"127.0.0.1:{port}",
               "--watch", str(fiche.parent.parent)]
    built: queue.Queue[float] = queue.Queue()
    process = subprocess.Popen(command, cwd=config.parent, env=dict(env, PASSERELLE_SERVE="1"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def read() -> None:
        for line in process.stdout:
            found = re.search(r"Documentation built in ([0-9.]+) seconds", line)
            if found:
                built.put(float(found.group(1)))

    threading.Thread(target=read, daemon=True).start()
    try:
        built.get(timeout=900)  # the first build
        time.sleep(2)
        fiche.write_text(fiche.read_text(encoding="utf-8").replace("Fiche synthétique", "Fiche modifiée", 1), encoding="utf-8")
        return built.get(timeout=900)
    except queue.Empty:
        return None
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(work: Path, fiches: int, arbres: int, env: dict) -> dict:
    """Build ``fiches`` synthetic fiches and ``arbres`` arbres with Passerelle (``make build``'s command) and the
    same pages with stock Material, one after the other; returns seconds and sizes."""
    data = work / "ours" / "data"
    data.mkdir(parents=True)
    shape = synthetic_data(data, fiches, arbres)
    docs = work / "ours" / "docs"
    docs.mkdir()
    copy_assets(docs)
    (docs / "index.md").write_text("---\ntitle: Accueil\n---\n# Accueil\n\n{{ nombre('fiches') }} fiches.\n", encoding="utf-8")
    ours = write_config(work / "ours" / "mkdocs.yml", docs, ["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
    env = dict(env, PASSERELLE_DATA=str(data))
    site = work / "ours" / "site"
    t_ours = timed([sys.executable, "-m", "macros", "build", "--config", str(ours), "--site", str(site)], ROOT, env)
    t_stock = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(stock_site(work / "stock", shape))],
                    work / "stock", env)
    same = same_pages_site(work / "memes-pages", ours, data)
    t_same = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(same)], work / "memes-pages", env)
    return {
        "config": ours, "data": data, "ours": t_ours, "stock": t_stock, "same": t_same, "donnees": data_seconds(data),
        "page_kb": (site / "fiches" / "fiche-synthetique-0000.html").stat().st_size / 1024,
        "stock_kb": (work / "stock" / "site" / "fiches" / "fiche-synthetique-0000.html").stat().st_size / 1024,
        "site_mb": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 1048576,
        "rubriques": len(shape) - 1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fiches", type=int, default=1000)
    parser.add_argument("--arbres", type=int, default=100)
    parser.add_argument("--sans-serve", action="store_true", help="ne pas mesurer la reconstruction sous make serve")
    args = parser.parse_args(argv)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PASSERELLE_DATE="2026-11-23", PASSERELLE_VERSION="bench")
    small_fiches, small_arbres = max(1, args.fiches // 10), max(1, args.arbres // 10)
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-") as tmp:
        small = measure(Path(tmp) / "petit", small_fiches, small_arbres, env)
        big = measure(Path(tmp) / "grand", args.fiches, args.arbres, env)
        rebuild = None if args.sans_serve else serve_rebuild_seconds(
            big["config"], big["data"] / "fiches" / "fiche-synthetique-0000.yaml", dict(env, PASSERELLE_DATA=str(big["data"])))
    print(f"Passerelle bench : {args.fiches} fiches, {args.arbres} arbres ({big['rubriques']} rubriques), même machine, "
          "une construction après l'autre")
    print("  A : Material seul, les mêmes pages Markdown que Passerelle génère, même navigation, mêmes extensions")
    print("  B : Material seul, pages de remplacement plus légères (8 sections de texte), même navigation")
    print(f"{'':38}{'Passerelle':>11}{'A':>8}{'÷ A':>7}{'B':>8}{'÷ B':>7}")
    for count, figures in ((small_fiches, small), (args.fiches, big)):
        print(f"{'construction, ' + str(count) + ' fiches (s)':38}{figures['ours']:>11.1f}{figures['same']:>8.1f}"
              f"{figures['ours'] / figures['same']:>7.2f}{figures['stock']:>8.1f}{figures['ours'] / figures['stock']:>7.2f}")
    factor = args.fiches // small_fiches
    print(f"{'croissance ' + str(small_fiches) + ' → ' + str(args.fiches) + ' fiches (×' + str(factor) + ')':38}"
          f"{big['ours'] / small['ours']:>10.1f}×{big['same'] / small['same']:>7.1f}×{'':>7}{big['stock'] / small['stock']:>7.1f}×")
    print(f"{'par fiche, ' + str(small_fiches) + ' puis ' + str(args.fiches) + ' fiches (ms)':38}"
          f"{1000 * small['ours'] / small_fiches:>5.0f} {1000 * big['ours'] / args.fiches:>5.0f}")
    print(f"{'données lues et contrôlées, ' + str(args.fiches) + ' fiches (s)':38}{big['donnees']:>11.2f}   (meilleur de 3)")
    print(f"{'données lues et contrôlées, ' + str(small_fiches) + ' fiches (s)':38}{small['donnees']:>11.2f}")
    if rebuild is not None:
        print(f"{'reconstruction, une fiche modifiée (s)':38}{rebuild:>11.1f}   (make serve, {args.fiches} fiches, chiffre de MkDocs)")
    elif not args.sans_serve:
        print("reconstruction sous make serve : non observée")
    print(f"{'HTML d une fiche (Ko)':38}{big['page_kb']:>11.1f}{'':>15}{big['stock_kb']:>8.1f}")
    print(f"{'site complet (Mo)':38}{big['site_mb']:>11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
