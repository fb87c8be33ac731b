"""The macros editorial pages may call, and the static check of every call.

One registry serves both sides: ``mkdocs_glue`` validates the arguments of a
call at build time with ``argument_problem``, and ``checks.check_pages`` finds
every ``{{ … }}`` of a page (front matter included in the line count) and
checks it before anything is built, so that ``make check`` and ``make build``
report ``page:line: macro: message`` instead of a bare ``KeyError``.
"""
from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from .loader import Dataset
from .render import montant_markup

NOMBRES = ("fiches", "arbres", "montants", "sigles")


@dataclass(frozen=True)
class MacroSpec:
    """A macro: its parameters (name, required) and what each accepts, given the dataset."""

    params: tuple[tuple[str, bool], ...]
    allowed: Callable[[Dataset, str], list[str]]  # (dataset, param) → allowed values; [] = any text


def _readers(dataset: Dataset, _param: str) -> list[str]:
    return sorted(dataset.vocabulaires.destinataires) if dataset.vocabulaires else []


def _door_readers(dataset: Dataset, _param: str) -> list[str]:
    vocab = dataset.vocabulaires
    return sorted(k for k, d in vocab.destinataires.items() if d.institution) if vocab else []


MACROS: dict[str, MacroSpec] = {
    "montant": MacroSpec((("key", True),), lambda dataset, _p: sorted(dataset.montants)),
    "liste_fiches": MacroSpec((("destinataire", False),), _readers),
    "liste_arbres": MacroSpec((("destinataire", False),), _readers),
    "porte": MacroSpec((("destinataire", True),), _door_readers),
    "nombre": MacroSpec((("kind", True),), lambda _dataset, _p: list(NOMBRES)),
    "liste_parcours": MacroSpec((), lambda _dataset, _p: []),
}


def argument_problem(dataset: Dataset, name: str, args: tuple, kwargs: dict) -> str | None:
    """Why a call ``name(*args, **kwargs)`` is wrong, in French, or None when it is right.

    Takes the dataset, the macro name and the call's arguments (Python values).
    Returns a message naming the allowed macros, parameters or values.
    """
    spec = MACROS.get(name)
    if spec is None:
        return f"macro « {name} » inconnue ; macros permises : {', '.join(sorted(MACROS))}"
    names = [p for p, _ in spec.params]
    if len(args) > len(names):
        return f"{name}() prend au plus {len(names)} argument(s) : {', '.join(names) or 'aucun'}"
    given = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in names:
            return f"{name}() : argument « {key} » inconnu ; arguments permis : {', '.join(names)}"
        given[key] = value
    for param, required in spec.params:
        if param not in given:
            if required:
                return f"{name}() : argument « {param} » manquant"
            continue
        value = given[param]
        if value is None and not required:
            continue
        allowed = spec.allowed(dataset, param)
        if not isinstance(value, str) or (allowed and value not in allowed):
            shown = ", ".join(allowed[:12]) + (" …" if len(allowed) > 12 else "")
            return f"{name}(« {value} ») : valeur inconnue ; valeurs permises : {shown}"
    return None


def call_problem(dataset: Dataset, source: str) -> str | None:
    """Check the text between ``{{`` and ``}}``: one call of a known macro with literal arguments."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return f"« {{{{ {source.strip()} }}}} » n'est pas un appel de macro valide (ex. {{{{ montant(\"c2s-participation\") }}}})"
    call = tree.body
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        return (f"« {{{{ {source.strip()} }}}} » : seuls les appels de macros sont permis "
                f"({', '.join(sorted(MACROS))})")
    try:
        args = tuple(ast.literal_eval(a) for a in call.args)
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    except ValueError:
        return f"{call.func.id}() : les arguments sont des textes entre guillemets"
    return argument_problem(dataset, call.func.id, args, kwargs)


def _prefix(page_path: str, folder: str) -> str:
    """Relative path from a page (docs-relative, « fiches/x.md ») to a docs folder, ending with « / »."""
    rel = posixpath.relpath(folder, posixpath.dirname(page_path) or ".")
    return "" if rel == "." else rel + "/"


def define_macros(env, renderer: Callable[[], object], page_path: Callable[[], str], fail: Callable[[str], Exception]) -> None:
    """Register the editorial macros on a macros environment (mkdocs-macros, or Zensical's own).

    Takes the environment (anything with a ``macro`` decorator), a function giving the
    Renderer, one giving the docs-relative path of the page being rendered, and one
    turning a French message into the exception the engine reports. Each call is
    checked against MACROS first (``argument_problem``), so a bad call names the page
    and what is allowed.
    """

    def checked(name: str, *args, **kwargs):
        r = renderer()
        message = argument_problem(r.ctx.dataset, name, args, kwargs)
        if message:
            raise fail(f"{page_path() or 'page'} : {message}")
        return r

    def prefix(folder: str) -> str:
        return _prefix(page_path(), folder)

    @env.macro
    def montant(key: str) -> str:
        """The amount ``key`` of data/montants.yaml, with date d'effet and source."""
        return str(montant_markup(checked("montant", key).ctx, key))

    @env.macro
    def liste_fiches(destinataire: str | None = None) -> str:
        """Fiches grouped by rubrique, for one audience or all."""
        return checked("liste_fiches", destinataire).liste_fiches(destinataire, prefix("fiches"))

    @env.macro
    def liste_arbres(destinataire: str | None = None) -> str:
        return checked("liste_arbres", destinataire).liste_arbres(destinataire, prefix("arbres"))

    @env.macro
    def porte(destinataire: str) -> str:
        """A reader's door: their situations, the other institution's fiches, what both share."""
        return checked("porte", destinataire).porte(destinataire, prefix("."))

    @env.macro
    def liste_parcours() -> str:
        """The training parcours, with their audience and modules (macros/formation/render.py)."""
        r = checked("liste_parcours")
        return r.formation.liste_parcours(prefix("formation")) if r.formation else ""

    @env.macro
    def nombre(kind: str) -> int:
        data = checked("nombre", kind).ctx.dataset
        return {"fiches": len(data.fiches), "arbres": len(data.arbres), "montants": len(data.montants),
                "sigles": len(data.glossaire)}[kind]
