"""The data·inclusion thématiques, read from their maintained source.

The ``data-inclusion-schema`` package (GIP Plateforme de l'inclusion) publishes the
shared vocabulary of the French social-inclusion offer as enums with official labels;
Passerelle validates ``thematiques`` of every fiche against it instead of a hand copy.
"""
from __future__ import annotations

from functools import lru_cache

from data_inclusion.schema.v1 import Categorie, Thematique


@lru_cache(maxsize=1)
def thematiques() -> dict[str, str]:
    """All thématiques of the package, as {id: official label}, in the package's order.

    Returns e.g. ``{"sante--acces-aux-soins": "Accès aux soins", ...}``.
    """
    return {t.value: t.label for t in Thematique}


@lru_cache(maxsize=1)
def _categories() -> dict[str, str]:
    return {c.value: c.label for c in Categorie}


def label(key: str) -> str:
    """The official label of thématique ``key`` (raises KeyError if the package does not know it)."""
    return thematiques()[key]


def category_label(key: str) -> str:
    """The official label of the category a thématique belongs to (the id's part before « -- »)."""
    return _categories().get(key.split("--", 1)[0], "")


def full_label(key: str) -> str:
    """« Catégorie — libellé », e.g. « Santé — Accès aux soins », for display."""
    category = category_label(key)
    return f"{category} — {label(key)}" if category else label(key)
