"""Freshness: what is past its revaluation or review date, for a given day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .loader import Dataset
from .schema import Annonce, Montant


RECENT_DAYS = 730  # a value that took effect less than two years ago shows its date d'effet


def montant_stale(montant: Montant, today: date) -> bool:
    """True when the montant's announced revaluation date (``revalorisation.prochaine``) has come."""
    nxt = montant.revalorisation.prochaine
    return nxt is not None and nxt <= today


def current_value(montant: Montant, today: date):
    """The value in force on ``today`` (the oldest one if all are in the future)."""
    valid = [v for v in montant.valeurs if v.ordre <= today]
    return valid[-1] if valid else montant.valeurs[0]


def shows_since(montant: Montant, today: date) -> bool:
    """Whether the date d'effet belongs beside the figure.

    Only when it tells the reader something: the value changes periodically
    (a next revaluation is announced) or it changed recently (less than
    ``RECENT_DAYS`` ago). A rule unchanged for years shows no date (« 3 jours
    (depuis 2016) » reads like a recent change), nor does an unknown one.
    """
    effet = current_value(montant, today).effet
    if effet is None:
        return False
    return montant.revalorisation.prochaine is not None or (today - effet).days <= RECENT_DAYS


def previous_value(montant: Montant, today: date):
    current = current_value(montant, today)
    index = montant.valeurs.index(current)
    return montant.valeurs[index - 1] if index > 0 else None


def where_to_check(montant: Montant) -> str:
    """Where an adviser finds the current figure (``ou_verifier``), as one line of the audit."""
    if montant.ou_verifier is None:
        return "où vérifier : non renseigné (ajoutez ou_verifier dans data/montants.yaml)"
    return f"où vérifier : {montant.ou_verifier.titre} ({montant.ou_verifier.url})"


@dataclass(frozen=True)
class Overdue:
    kind: str  # "montant" | "fiche" | "arbre"
    key: str
    title: str
    due: date
    reason: str


def announcements(dataset: Dataset) -> list[tuple[str, str, str, Annonce]]:
    """Every dated announcement of the fiches and arbres, as (kind, key, title, annonce), by date."""
    found = [(kind, key, item.titre, a)
             for kind, table in (("fiche", dataset.fiches), ("arbre", dataset.arbres))
             for key, item in table.items() for a in item.annonces]
    return sorted(found, key=lambda row: (row[3].date, row[0], row[1]))


def overdue(dataset: Dataset, today: date) -> list[Overdue]:
    found: list[Overdue] = []
    for key, montant in sorted(dataset.montants.items()):
        if montant_stale(montant, today):
            found.append(Overdue("montant", key, montant.libelle, montant.revalorisation.prochaine,
                                 f"revalorisation attendue ({montant.revalorisation.rythme}) ; {where_to_check(montant)}"))
    for kind, table in (("fiche", dataset.fiches), ("arbre", dataset.arbres)):
        for key, item in sorted(table.items()):
            if item.revision.a_revoir_avant <= today:
                found.append(Overdue(kind, key, item.titre, item.revision.a_revoir_avant, "date de revue dépassée"))
    found += [Overdue(kind, key, title, a.date, f"annonce échue ({a.champ}) : {a.texte}")
              for kind, key, title, a in announcements(dataset) if a.date <= today]
    for key, fiche in sorted(dataset.fiches.items()):
        stale = [m for m in fiche.montants if m in dataset.montants and montant_stale(dataset.montants[m], today)]
        if stale:
            found.append(Overdue("fiche", key, fiche.titre, min(dataset.montants[m].revalorisation.prochaine for m in stale),
                                 "cite un montant à actualiser : " + ", ".join(stale)))
    return found


def audit_report(dataset: Dataset, today: date) -> tuple[list[Overdue], str]:
    items = overdue(dataset, today)
    if not items:
        return items, f"Fraîcheur au {today.isoformat()} : rien à actualiser."
    lines = [f"Fraîcheur au {today.isoformat()} : {len(items)} élément(s) à actualiser."]
    lines += [f"- {i.kind} {i.key} (échéance {i.due.isoformat()}) : {i.reason}" for i in items]
    return items, "\n".join(lines)
