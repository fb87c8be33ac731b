"""Compare one montant of data/montants.yaml with an OpenFisca-France parameter.

Used by ``tests/test_openfisca.py``; kept free of any OpenFisca import so that it
can be unit-tested with a fake parameter.

A *parameter* is anything that

* can be called with an ISO date (``"2025-04-01"``) and returns the value in
  force at that date, or ``None`` when the parameter does not exist (yet or any
  more) at that date — which is what ``openfisca_core.parameters.Parameter``
  does;
* optionally has ``values_list``: the dated values (objects with
  ``instant_str`` and ``value``), used only to point out OpenFisca values that
  our history lacks.

Our value is compared with ``parameter(date) * facteur`` at each « depuis »
date of our history, with a relative tolerance (0.5 % by default). Two findings
fail unless the montant explains them in ``openfisca.ecart``:

* a mismatch on our most recent value;
* a value OpenFisca knows at a date *after* our most recent one, different
  from ours: a revaluation we missed (OpenFisca as a witness that can fail us).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

TOLERANCE = 0.005  # relative


class ParametreIntrouvable(LookupError):
    """The dotted path does not lead to an OpenFisca parameter."""


def resolve(root: Any, path: str) -> Any:
    """The parameter at ``path`` (dotted) under the OpenFisca parameter tree ``root``."""
    node = root
    walked: list[str] = []
    for part in path.split("."):
        children = getattr(node, "children", None)
        if not isinstance(children, dict) or part not in children:
            where = ".".join(walked) or "(racine)"
            known = ", ".join(sorted(children)[:12]) if isinstance(children, dict) else "aucun : c'est une feuille"
            raise ParametreIntrouvable(
                f"paramètre OpenFisca « {path} » introuvable : « {part} » n'existe pas sous « {where} » "
                f"(enfants : {known})"
            )
        node = children[part]
        walked.append(part)
    if not callable(node) or isinstance(getattr(node, "children", None), dict):
        raise ParametreIntrouvable(f"« {path} » est un nœud ou un barème OpenFisca, pas un paramètre à valeur unique")
    return node


def same(ours: float, theirs: float, tolerance: float = TOLERANCE) -> bool:
    """Equal within ``tolerance`` (relative to the larger magnitude)."""
    scale = max(abs(ours), abs(theirs))
    return scale == 0 or abs(ours - theirs) <= tolerance * scale


@dataclass(frozen=True)
class Point:
    depuis: date
    ours: float
    theirs: float  # OpenFisca value × facteur

    @property
    def agrees(self) -> bool:
        return same(self.ours, self.theirs)

    def __str__(self) -> str:
        return f"{self.depuis.isoformat()} : nous {self.ours:g}, OpenFisca {self.theirs:g}"


@dataclass
class Comparaison:
    """Outcome of comparing one montant's history with one OpenFisca parameter."""

    points: list[Point] = field(default_factory=list)  # our dates covered by OpenFisca
    non_couvertes: list[date] = field(default_factory=list)  # our dates where OpenFisca has no value
    absentes: list[Point] = field(default_factory=list)  # OpenFisca changes missing from our history
    derniere: date | None = None  # our most recent « depuis »

    @property
    def desaccords(self) -> list[Point]:
        return [p for p in self.points if not p.agrees]

    @property
    def derniere_en_desaccord(self) -> bool:
        return any(p.depuis == self.derniere for p in self.desaccords)

    @property
    def manquees(self) -> list[Point]:
        """OpenFisca values dated after our most recent one that differ from it: missed revaluations."""
        return [p for p in self.absentes if self.derniere is not None and p.depuis > self.derniere]

    @property
    def differe(self) -> bool:
        """OpenFisca and we disagree somewhere (at our dates, or at an OpenFisca change)."""
        return bool(self.desaccords or self.absentes)


def _changes(parameter: Any) -> Iterable[tuple[date, float | None]]:
    for item in getattr(parameter, "values_list", None) or []:
        yield date.fromisoformat(item.instant_str), item.value


def compare(valeurs: list[tuple[date, float]], parameter: Any, facteur: float = 1) -> Comparaison:
    """Compare our history ``valeurs`` (oldest first) with ``parameter`` × ``facteur``."""
    result = Comparaison(derniere=valeurs[-1][0] if valeurs else None)
    for depuis, ours in valeurs:
        theirs = parameter(depuis.isoformat())
        if theirs is None:
            result.non_couvertes.append(depuis)
        else:
            result.points.append(Point(depuis, ours, theirs * facteur))
    if valeurs:
        ours_dates = {d for d, _ in valeurs}
        for when, theirs in _changes(parameter):
            if theirs is None or when in ours_dates or when < valeurs[0][0]:
                continue
            in_force = [v for d, v in valeurs if d <= when][-1]
            point = Point(when, in_force, theirs * facteur)
            if not point.agrees:
                result.absentes.append(point)
        result.absentes.sort(key=lambda p: p.depuis)
    return result


def verdict(comparaison: Comparaison, ecart: str | None) -> list[str]:
    """Blocking problems (empty list: the link holds).

    * nothing comparable: the link is useless or wrong;
    * our most recent value differs from OpenFisca's at the same date and
      ``ecart`` does not explain it;
    * OpenFisca knows a different value dated after our most recent one (a
      revaluation missing from our history) and ``ecart`` does not explain it.
    """
    if not comparaison.points:
        return ["aucune date de notre historique n'est couverte par le paramètre OpenFisca"]
    if ecart:
        return []
    problems = []
    if comparaison.derniere_en_desaccord:
        detail = "; ".join(str(p) for p in comparaison.desaccords)
        problems.append(f"valeur la plus récente différente d'OpenFisca ({detail}) : vérifiez notre source, "
                        "ou expliquez l'écart dans openfisca.ecart")
    if comparaison.manquees:
        detail = "; ".join(str(p) for p in comparaison.manquees)
        problems.append(f"revalorisation manquée : OpenFisca connaît une valeur postérieure à notre dernière date "
                        f"({comparaison.derniere.isoformat()}) : {detail} ; ajoutez-la à l'historique avec le texte "
                        "qui la fixe, ou expliquez l'écart dans openfisca.ecart")
    return problems


def avertissements(comparaison: Comparaison, ecart: str | None) -> list[str]:
    """Non-blocking findings worth a look (older mismatches, values missing from our history)."""
    out = []
    older = [p for p in comparaison.desaccords if p.depuis != comparaison.derniere]
    if older and not ecart:
        out.append("valeurs anciennes différentes d'OpenFisca : " + "; ".join(map(str, older)))
    earlier = [p for p in comparaison.absentes if p not in comparaison.manquees]
    if earlier:
        out.append("OpenFisca connaît des valeurs absentes de notre historique : " + "; ".join(map(str, earlier)))
    return out
