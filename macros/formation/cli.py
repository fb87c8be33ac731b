"""``python -m macros formation approuver <id…|--tout>``: re-approve questions and cases after review."""
from __future__ import annotations

import sys
from pathlib import Path


def add_parser(sub) -> None:
    formation = sub.add_parser("formation", help="formation : réapprouver des questions après relecture")
    actions = formation.add_subparsers(dest="action", required=True)
    approuver = actions.add_parser("approuver", help="enregistrer l'empreinte actuelle du contenu testé")
    approuver.add_argument("ids", nargs="*", help="identifiants de questions ou de cas (ex. ens-q01 ens-cas-01)")
    approuver.add_argument("--tout", action="store_true", help="toutes les questions et tous les cas")


def run(args, root: Path) -> int:
    from ..site import load_checked
    from .drift import approve

    if not args.ids and not args.tout:
        print("Indiquez des identifiants (ex. ens-q01) ou --tout.", file=sys.stderr)
        return 1
    dataset = load_checked(Path(args.data), Path(args.docs), root)
    try:
        report = approve(dataset, args.ids, everything=args.tout)
    except KeyError as exc:
        print("Identifiant(s) inconnu(s) : " + ", ".join(exc.args[0]), file=sys.stderr)
        return 1
    print(f"{len(report)} élément(s) réapprouvé(s) dans {dataset.formation.empreintes_path.name} :")
    print("\n".join(f"- {line}" for line in report))
    return 0


def audit_lines(dataset) -> list[str]:
    """Lines for ``make audit``: questions and cases « à revoir »."""
    from .drift import a_revoir

    items = a_revoir(dataset)
    if not items:
        return []
    lines = [f"Formation : {len(items)} question(s) ou cas à revoir (puis make approuver IDS=\"…\")."]
    lines += [f"- {r.kind} {r.id} (module {r.module}) : {r.reason} — teste {r.what}" for r in items]
    return lines
