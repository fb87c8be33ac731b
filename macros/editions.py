"""Local editions: which channel a circuit names, nationally or in one territory.

A circuit (``data/circuits.yaml``) is referred to in any text as
``[[circuit:id]]``. The national site shows its generic text, usable today,
marked « à préciser localement »; an edition (``data/editions/<id>.yaml``,
built with ``EDITION=<id>``) shows the territory's own functional channel.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .loader import Dataset
from .schema import Circuit, CircuitLocal, Edition

# Words that make an address functional (a service, a role), not a person's.
FUNCTIONAL_WORDS = {
    "accueil", "agence", "cap", "ccas", "cellule", "cpam", "contact", "direction", "emploi", "formation", "france",
    "ft", "misas", "mission", "partenaires", "partenariat", "pdp", "prevention", "referent", "sante", "service",
    "signalement", "social", "territoire", "transitions", "travail", "accompagnement", "cellule-pdp", "pro",
}
PERSONAL_MESSAGE = ("adresse d'aspect personnel (prénom.nom@…) : une édition ne cite que des adresses fonctionnelles "
                    "(service, rôle), jamais une personne")


def personal_address(address: str) -> bool:
    """True when an e-mail address looks like a person's (``prenom.nom@``, ``p.nom@``).

    Takes an address; returns True when its local part is two or three words
    joined by ``.``, ``-`` or ``_``, none of them a functional word (see FUNCTIONAL_WORDS).
    """
    local = address.split("@", 1)[0].lower()
    parts = re.split(r"[._-]", local)
    if not 2 <= len(parts) <= 3 or not all(p.isalpha() for p in parts):
        return False
    return not any(p in FUNCTIONAL_WORDS for p in parts)


@dataclass(frozen=True)
class Channel:
    """What a page shows for one circuit reference."""

    circuit_id: str
    circuit: Circuit
    local: CircuitLocal | None  # None: the national text applies


def channel(dataset: Dataset, edition: Edition | None, circuit_id: str) -> Channel:
    """The channel for ``circuit_id`` in ``edition`` (None: the national site). Raises KeyError if unknown."""
    local = edition.circuits.get(circuit_id) if edition else None
    return Channel(circuit_id, dataset.circuits[circuit_id], local)


def references(dataset: Dataset) -> dict[str, int]:
    """How many texts of the fiches and arbres refer to each circuit (for the note and the circuits page)."""
    from .checks import texts  # local import: checks imports this module
    from .schema import CIRCUIT_RE

    counts = {key: 0 for key in dataset.circuits}
    for table in (dataset.fiches, dataset.arbres):
        for entity in table.values():
            for _loc, text in texts(entity):
                for ref in CIRCUIT_RE.findall(text):
                    if ref in counts:
                        counts[ref] += 1
    return counts


def unfilled(dataset: Dataset, edition: Edition, today: date) -> list[tuple[str, str]]:
    """(circuit id, reason) for each circuit the edition has not filled or must review by ``today``."""
    out = []
    for key, circuit in sorted(dataset.circuits.items()):
        local = edition.circuits.get(key)
        if local is None:
            out.append((key, f"non renseigné : « {circuit.libelle} » affiche le texte national"))
        elif local.a_revoir_avant <= today:
            out.append((key, f"à revoir depuis le {local.a_revoir_avant.isoformat()}"))
    return out
