"""Content drift: each question and case is tied to the content it tests by a fingerprint.

The fingerprint of an item is a hash of what its ``teste`` points to: the text of a fiche section, an arbre
node, a montant's latest value. Approved fingerprints live in ``data/formation/empreintes.yaml`` (id → hash),
written only by ``python -m macros formation approuver`` so that content files are never rewritten by a tool.
An item whose content changed, or that was never approved, is « à revoir ».
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..schema import PLACEHOLDER_RE
from . import model

HEADER = (
    "# Empreintes des contenus testés par chaque question et étude de cas (identifiant: empreinte).\n"
    "# Écrit par « make approuver » (python -m macros formation approuver) : ne pas modifier à la main.\n"
    "# Une empreinte qui ne correspond plus au contenu signale la question « à revoir ».\n"
)


@dataclass(frozen=True)
class ARevoir:
    module: str
    id: str
    kind: str  # "question" | "cas"
    reason: str  # « contenu modifié » | « aucune empreinte enregistrée »
    what: str  # what it tests, in words


def _section(fiche, section: str, dataset):
    if section == "montants":
        return [[key, _montant(dataset, key)] for key in fiche.montants]
    value = {"en-bref": fiche.en_bref, "reperer": fiche.reperer, "conditions": fiche.conditions,
             "demarches": fiche.demarches, "orienter": fiche.orienter, "vigilance": fiche.vigilance}[section]
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _montant(dataset, key: str):
    montant = dataset.montants.get(key)
    if montant is None:
        return None
    last = montant.valeurs[-1]  # the latest value, not today's: a fingerprint does not depend on the build date
    return {"unite": montant.unite, "valeur": last.valeur, "depuis": last.effet.isoformat() if last.effet else None}


def target_content(dataset, teste: model.Teste):
    """The content a ``teste`` points to, as plain JSON-able data (None when absent)."""
    out = {}
    if teste.fiche is not None:
        fiche = dataset.fiches.get(teste.fiche)
        out["fiche"] = [teste.fiche, teste.section, _section(fiche, teste.section, dataset) if fiche else None]
    if teste.arbre is not None:
        arbre = dataset.arbres.get(teste.arbre)
        node = arbre.noeuds.get(teste.noeud) if arbre else None
        out["arbre"] = [teste.arbre, teste.noeud, node.model_dump(mode="json") if node else None]
    if teste.montant is not None:
        out["montant"] = [teste.montant, _montant(dataset, teste.montant)]
    return out


def what(item) -> str:
    """What an item tests, in words."""
    parts = [describe(t) for t in _testes(item)]
    stated = {t.montant for t in _testes(item)}
    parts += [f"montant {ref} (cité)" for ref in cited_montants(item) if ref not in stated]
    return " ; ".join(parts)


def describe(teste: model.Teste) -> str:
    parts = []
    if teste.fiche is not None:
        parts.append(f"fiche {teste.fiche} § {model.SECTION_TITLES[teste.section]}")
    if teste.arbre is not None:
        parts.append(f"arbre {teste.arbre}, nœud {teste.noeud}")
    if teste.montant is not None:
        parts.append(f"montant {teste.montant}")
    return " + ".join(parts)


def _testes(item) -> list[model.Teste]:
    return list(item.teste) if isinstance(item.teste, list) else [item.teste]


def cited_montants(item) -> list[str]:
    """Montants an item states in its texts ([[montant:id]]), in order of first appearance."""
    from ..checks import texts

    found: list[str] = []
    for _, text in texts(item):
        found.extend(ref for ref in PLACEHOLDER_RE.findall(text) if ref not in found)
    return found


def fingerprint(dataset, item) -> str:
    """16 hex characters of SHA-256 over what ``item`` (question or case) tests.

    That is the content every ``teste`` points to, plus the latest value of every montant its texts cite,
    so that a revaluation marks the question « à revoir » even without ``teste.montant``.
    """
    content = [target_content(dataset, t) for t in _testes(item)]
    content += [["montant", ref, _montant(dataset, ref)] for ref in cited_montants(item)]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def items(dataset):
    """(module id, kind, item) for every question and case."""
    formation = dataset.formation
    for key, question in formation.questions():
        yield key, "question", question
    for key, cas in formation.cas():
        yield key, "cas", cas


def a_revoir(dataset) -> list[ARevoir]:
    """Questions and cases whose tested content changed since approval, or never approved."""
    formation = getattr(dataset, "formation", None)
    if formation is None:
        return []
    found = []
    for key, kind, item in items(dataset):
        stored = formation.empreintes.get(item.id)
        if stored == fingerprint(dataset, item):
            continue
        reason = "aucune empreinte enregistrée" if stored is None else "contenu modifié depuis l'approbation"
        found.append(ARevoir(key, item.id, kind, reason, what(item)))
    return found


def stale_ids(dataset) -> set[str]:
    return {r.id for r in a_revoir(dataset)}


def write_empreintes(path: Path, empreintes: dict[str, str]) -> None:
    """Write ``empreintes`` (id → 16 hex characters) to ``path``, sorted by id.

    Values are quoted: an unquoted hash made of digits and one « e » (``94711493811e0418``)
    would be read back by YAML as a number, not as the string it is.
    """
    lines = [HEADER] + [f'{key}: "{value}"\n' for key, value in sorted(empreintes.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


def approve(dataset, ids: list[str], everything: bool = False) -> list[str]:
    """Store the current fingerprint of ``ids`` (or of every item) in empreintes.yaml.

    Returns one line per re-approved item, naming what it tests. Raises ``KeyError`` with the
    unknown ids. With ``everything``, fingerprints of items that no longer exist are dropped.
    """
    formation = dataset.formation
    known = {item.id: (key, kind, item) for key, kind, item in items(dataset)}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(unknown)
    chosen = sorted(known) if everything else list(dict.fromkeys(ids))
    empreintes = dict(formation.empreintes)
    if everything:
        empreintes = {k: v for k, v in empreintes.items() if k in known}
    report = []
    for ident in chosen:
        key, kind, item = known[ident]
        new = fingerprint(dataset, item)
        old = empreintes.get(ident)
        empreintes[ident] = new
        state = "inchangée" if old == new else ("nouvelle" if old is None else "mise à jour")
        report.append(f"{ident} ({kind}, module {key}) : empreinte {state} — teste {what(item)}")
    write_empreintes(formation.empreintes_path, empreintes)
    formation.empreintes = empreintes
    return report
