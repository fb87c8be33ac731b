"""Load every data file, validate it against the schema, collect all problems.

``load(data_dir)`` never raises on bad input: it returns a ``Dataset`` and the
list of problems, each with its file and line.
"""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import schema
from .problems import Problem
from .yamlload import LineDict, line_of, read_yaml


@dataclass
class Origin:
    """Where an entity was read: the file as shown in messages, and its raw data."""

    path: str
    raw: Any

    def line(self, *loc: str | int) -> int:
        return line_of(self.raw, loc)


@dataclass
class Dataset:
    root: Path
    fiches: dict[str, schema.Fiche] = field(default_factory=dict)
    arbres: dict[str, schema.Arbre] = field(default_factory=dict)
    montants: dict[str, schema.Montant] = field(default_factory=dict)
    glossaire: dict[str, schema.Terme] = field(default_factory=dict)
    terminologie: schema.Terminologie | None = None
    vocabulaires: schema.Vocabulaires | None = None
    circuits: dict[str, schema.Circuit] = field(default_factory=dict)
    editions: dict[str, schema.Edition] = field(default_factory=dict)
    dossier: schema.Dossier | None = None  # sensitive terms for case-file summaries
    formation: Any = None  # macros.formation.load.Formation: parcours, modules, empreintes
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)  # present but invalid: not reported again as missing
    synonymes: dict[str, schema.Synonyme] = field(default_factory=dict)  # data/synonymes.yaml (optional file)

    def origin(self, kind: str, key: str) -> Origin:
        return self.origins[(kind, key)]


# ---------------------------------------------------------------- messages

def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold (through lists, dicts, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if not isinstance(part, str):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in current:
            if part in cls.model_fields:
                nxt.extend(_unwrap(cls.model_fields[part].annotation))
            elif part in ("question", "conclusion") and cls is schema.Arbre:
                nxt.append(schema.Question if part == "question" else schema.Conclusion)
        if nxt:
            current = nxt
    return current[0] if len(current) == 1 else None


def _strip_tags(loc: tuple) -> tuple:
    """Remove pydantic's union tags (noeuds.<id>.question…) from a location."""
    if len(loc) >= 3 and loc[0] == "noeuds" and loc[2] in ("question", "conclusion"):
        return loc[:2] + loc[3:]
    return loc


def field_name(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part == "[key]":
            out += " (clé)"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(error: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = f" ; champs permis : {', '.join(parent.model_fields)}" if parent else ""
        return f"champ inconnu « {loc[-1]} »{allowed}"
    if kind == "missing":
        return "champ obligatoire manquant"
    if kind.startswith("date"):
        return f"date invalide « {error.get('input')} » : attendu AAAA-MM-JJ (ex. 2026-04-01)"
    if kind in ("string_type",):
        given = error.get("input")
        if isinstance(given, dict) and len(given) == 1:
            return ("texte attendu, mais « : » suivi d'une espace a fait lire ce texte comme « clé: valeur » : "
                    "mettez le texte entre guillemets")
        if isinstance(given, bool):
            return "texte attendu, mais true/false a été lu comme un booléen : mettez le texte entre guillemets"
        if isinstance(given, (int, float)):
            return f"texte attendu, mais {given} a été lu comme un nombre : mettez-le entre guillemets"
        return "texte attendu"
    if kind in ("bool_type", "bool_parsing"):
        return "true ou false attendu"
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        return "nombre attendu"
    if kind == "list_type":
        return "liste attendue"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "table « clé: valeur » attendue"
    if kind == "too_short":
        return f"au moins {ctx.get('min_length', 1)} élément(s) attendu(s)"
    if kind == "literal_error":
        return f"valeur « {error.get('input')} » non permise ; valeurs permises : {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"format invalide « {error.get('input')} »"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def validate(model: type[BaseModel], raw: Any, shown: str, prefix: tuple = ()) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = _strip_tags(tuple(error["loc"]))
            line = line_of(raw, loc)
            problems.append(Problem(shown, line, field_name(prefix + loc), _message(error, model, loc)))
        return None, problems


# ---------------------------------------------------------------- loading

def shown_path(path: Path, root: Path) -> str:
    """``path`` as messages show it: relative to the project root when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_entities(dataset: Dataset, folder: Path, kind: str, model: type[BaseModel], problems: list[Problem],
                  required: bool = True, validate_with=None) -> dict:
    """One entity per ``<id>.yaml`` of ``folder`` (fiches, arbres, éditions, training modules…), validated by ``model``.

    Returns id → model instance for the files that load cleanly; every other file adds its
    problems to ``problems`` (file name, YAML, table, fields, id) and is marked broken in
    ``dataset.broken``. A missing folder is a problem only when ``required``.
    ``validate_with(model, raw, shown)`` replaces ``validate`` (the training's own messages).
    """
    validate_with = validate_with or validate
    found: dict[str, Any] = {}
    if not folder.is_dir():
        if required:
            problems.append(Problem(shown_path(folder, dataset.root), 1, "", "dossier manquant"))
        return found
    for path in sorted(folder.iterdir()):
        shown = shown_path(path, dataset.root)
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml":
            problems.append(Problem(shown, 1, "", "extension .yaml attendue"))
            continue
        key = path.stem
        dataset.broken.add((kind, key))  # until it loads cleanly
        if not schema.ID_RE.match(key):
            problems.append(Problem(shown, 1, "", f"nom de fichier « {key} » invalide : minuscules ASCII, chiffres et tirets"))
            continue
        raw, errs = read_yaml(path, shown)
        problems.extend(errs)
        if errs:
            continue
        if not isinstance(raw, LineDict):
            problems.append(Problem(shown, 1, "", "le fichier doit contenir une table « clé: valeur »"))
            continue
        obj, errs = validate_with(model, raw, shown)
        problems.extend(errs)
        if obj is None:
            continue
        if obj.id is not None and obj.id != key:
            problems.append(Problem(shown, raw.lines["id"], "id", f"« {obj.id} » ne correspond pas au nom du fichier « {key} »"))
            continue
        found[key] = obj
        dataset.broken.discard((kind, key))
        dataset.origins[(kind, key)] = Origin(shown, raw)
    return found


def _load_mapping(dataset: Dataset, path: Path, kind: str, model: type[BaseModel], problems: list[Problem], key_check) -> dict:
    shown = shown_path(path, dataset.root)
    found: dict[str, Any] = {}
    if not path.is_file():
        problems.append(Problem(shown, 1, "", "fichier manquant"))
        return found
    raw, errs = read_yaml(path, shown)
    problems.extend(errs)
    if errs or raw is None:  # a file of comments only is an empty table
        return found
    if not isinstance(raw, LineDict):
        problems.append(Problem(shown, 1, "", "le fichier doit contenir une table « clé: valeur »"))
        return found
    for key, value in raw.items():
        dataset.broken.add((kind, key))
        message = key_check(key)
        if message:
            problems.append(Problem(shown, raw.lines[key], key, message))
            continue
        obj, errs = validate(model, value, shown, prefix=(key,))
        problems.extend(errs)
        if obj is not None:
            found[key] = obj
            dataset.broken.discard((kind, key))
            dataset.origins[(kind, key)] = Origin(shown, value)
    return found


def _load_single(dataset: Dataset, path: Path, kind: str, model: type[BaseModel], problems: list[Problem]):
    shown = shown_path(path, dataset.root)
    if not path.is_file():
        problems.append(Problem(shown, 1, "", "fichier manquant"))
        return None
    raw, errs = read_yaml(path, shown)
    problems.extend(errs)
    if errs:
        return None
    obj, errs = validate(model, raw, shown)
    problems.extend(errs)
    if obj is not None:
        dataset.origins[(kind, "")] = Origin(shown, raw)
    return obj


def _montant_key(key: str) -> str | None:
    return None if schema.ID_RE.match(key) else f"identifiant « {key} » invalide : minuscules ASCII, chiffres et tirets"


def _sigle_key(key: str) -> str | None:
    if not key.strip() or "<" in key or ">" in key or "]" in key or "[" in key:
        return f"sigle « {key} » invalide"
    return None


def _synonyme_key(key) -> str | None:
    if not isinstance(key, str) or not key.strip():
        return f"expression « {key} » invalide : du texte est attendu (mettez-la entre guillemets)"
    if any(c in key for c in "<>[]{}\n") or len(key) > 80:
        return f"expression « {key} » invalide : une ligne de texte simple, 80 caractères au plus"
    return None


def load(data_dir: Path, root: Path | None = None) -> tuple[Dataset, list[Problem]]:
    """Read all of ``data_dir``. Paths in problems are relative to ``root``."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    dataset = Dataset(root=root)
    problems: list[Problem] = []
    dataset.vocabulaires = _load_single(dataset, data_dir / "vocabulaires.yaml", "vocabulaires", schema.Vocabulaires, problems)
    dataset.terminologie = _load_single(dataset, data_dir / "terminologie.yaml", "terminologie", schema.Terminologie, problems)
    dataset.dossier = _load_single(dataset, data_dir / "dossier.yaml", "dossier", schema.Dossier, problems)
    dataset.montants = _load_mapping(dataset, data_dir / "montants.yaml", "montant", schema.Montant, problems, _montant_key)
    dataset.glossaire = _load_mapping(dataset, data_dir / "glossaire.yaml", "glossaire", schema.Terme, problems, _sigle_key)
    dataset.fiches = load_entities(dataset, data_dir / "fiches", "fiche", schema.Fiche, problems)
    dataset.arbres = load_entities(dataset, data_dir / "arbres", "arbre", schema.Arbre, problems)
    dataset.circuits = _load_mapping(dataset, data_dir / "circuits.yaml", "circuit", schema.Circuit, problems, _montant_key)
    if (data_dir / "editions").is_dir():  # optional: the national site needs none
        dataset.editions = load_entities(dataset, data_dir / "editions", "edition", schema.Edition, problems)
    if (data_dir / "synonymes.yaml").is_file():  # optional: search synonyms
        dataset.synonymes = _load_mapping(dataset, data_dir / "synonymes.yaml", "synonyme", schema.Synonyme, problems, _synonyme_key)
    from .formation.load import load_formation  # training: a second kind of content, same reader

    load_formation(dataset, data_dir, problems)
    return dataset, problems
