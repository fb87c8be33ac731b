"""Command line: ``python -m macros check`` (data and pages), ``audit`` (freshness), ``build`` (the site with
one engine, then finished), ``pages`` and ``export`` (files for any engine)."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .problems import format_problems

ROOT = Path(__file__).resolve().parent.parent


def _check(args) -> int:
    from .site import collect_problems

    problems = collect_problems(Path(args.data), Path(args.docs), ROOT)
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    print("Données valides.")
    return 0


def _audit(args) -> int:
    from .freshness import audit_report
    from .site import load_checked

    dataset = load_checked(Path(args.data), Path(args.docs), ROOT)
    today = date.fromisoformat(args.date) if args.date else date.today()
    overdue, text = audit_report(dataset, today)
    print(text)
    from .formation.cli import audit_lines

    revoir = audit_lines(dataset)
    if revoir:
        print("\n".join(revoir))
    edition_id = os.environ.get("PASSERELLE_EDITION", "").strip()
    if not edition_id:
        return 1 if overdue or revoir else 0
    from .editions import unfilled

    if edition_id not in dataset.editions:
        print(f"EDITION={edition_id} : édition inconnue ; éditions disponibles : {', '.join(sorted(dataset.editions))}",
              file=sys.stderr)
        return 1
    missing = unfilled(dataset, dataset.editions[edition_id], today)
    print(f"\nÉdition « {edition_id} » : {len(missing)} circuit(s) à renseigner ou à revoir."
          if missing else f"\nÉdition « {edition_id} » : tous les circuits sont renseignés et à jour.")
    for key, reason in missing:
        print(f"- circuit {key} : {reason}")
    return 1 if overdue or revoir or missing else 0


def _standalone(args) -> int:
    """``pages`` and ``export``: the engine-independent core writes files, without MkDocs."""
    from .standalone import OptionError, export_command, pages_command

    out = Path(args.out)
    try:
        if args.command == "pages":
            written = pages_command(ROOT, Path(args.data), Path(args.docs), out)
            print(f"{len(written)} pages générées écrites dans {out}/")
        else:
            export, schema = export_command(ROOT, Path(args.data), Path(args.docs), out)
            print(f"Export écrit : {export} ({export.stat().st_size} octets), schéma : {schema}")
    except OptionError as exc:  # a bad option or environment value, said in French
        print(exc, file=sys.stderr)
        return 1
    return 0


def _build(args) -> int:
    """``build``: the site with one engine, finished by the core (export, search from file://)."""
    from .engines import ENGINES, BuildError, build
    from .standalone import OptionError

    try:
        notes = build(args.engine, ROOT, Path(args.config), Path(args.site), Path(args.data))
    except (BuildError, OptionError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Construit avec {args.engine} ; " + " ; ".join(notes) + ".")
    lacks = ENGINES[args.engine].lacks
    if lacks:
        print(f"À savoir, avec {args.engine} : {lacks}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Passerelle : vérification des données")
    parser.add_argument("--data", default=os.environ.get("PASSERELLE_DATA") or str(ROOT / "data"),
                        help="dossier des données (PASSERELLE_DATA, sinon data/)")
    parser.add_argument("--docs", default=str(ROOT / "docs"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="vérifier les données et les pages")
    audit = sub.add_parser("audit", help="lister les contenus à actualiser (code 1 si quelque chose est en retard)")
    audit.add_argument("--date", help="date du jour (AAAA-MM-JJ), pour les tests")
    from .formation.cli import add_parser as add_formation

    add_formation(sub)
    for name, text in (("pages", "écrire les pages générées en Markdown dans un dossier (tout moteur de site)"),
                       ("export", "écrire l'export ouvert des fiches (fiches.json et son schéma JSON)")):
        sub.add_parser(name, help=text).add_argument("--out", required=True, help="dossier de sortie")
    from .engines import ENGINES

    build = sub.add_parser("build", help="construire le site avec un moteur, puis le finir (export, recherche hors ligne)")
    build.add_argument("--engine", default="mkdocs", type=str.lower,  # unknown engine: build() says so in French
                       help=f"moteur : {', '.join(ENGINES)} (mkdocs par défaut)")
    build.add_argument("--site", default=str(ROOT / "site"), help="dossier du site construit")
    build.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="configuration (mkdocs.yml)")
    args = parser.parse_args(argv)
    from .problems import DataError

    try:
        if args.command == "formation":
            from .formation.cli import run as run_formation

            return run_formation(args, ROOT)
        if args.command in ("pages", "export"):
            return _standalone(args)
        if args.command == "build":
            return _build(args)
        return _check(args) if args.command == "check" else _audit(args)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad input: say so plainly
        print(f"Erreur interne de Passerelle ({type(exc).__name__} : {exc}). Merci de la signaler.", file=sys.stderr)
        return 2
