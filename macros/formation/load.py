"""Strict reading of ``data/formation/``: same reader and ``file:line: field: message`` errors as the rest.

``load_formation(dataset, data_dir, problems)`` is called at the end of ``macros.loader.load``; it fills
``dataset.formation`` and appends problems, never raises on bad input. No ``data/formation`` folder: no training.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import loader as base
from ..problems import Problem
from ..yamlload import LineDict, line_of, read_yaml
from . import model

HASH_RE = re.compile(r"^[0-9a-f]{16}$")


@dataclass
class Formation:
    parcours: dict[str, model.Parcours] = field(default_factory=dict)
    modules: dict[str, model.Module] = field(default_factory=dict)
    empreintes: dict[str, str] = field(default_factory=dict)  # question or case id -> fingerprint
    empreintes_path: Path | None = None

    def questions(self):
        """(module id, question) for every question, modules in id order."""
        for key in sorted(self.modules):
            for question in self.modules[key].questions:
                yield key, question

    def cas(self):
        for key in sorted(self.modules):
            for cas in self.modules[key].cas:
                yield key, cas

    def parcours_of(self, module_id: str) -> list[str]:
        return [key for key, p in sorted(self.parcours.items()) if module_id in p.modules]


def _strip_tags(loc: tuple) -> tuple:
    """Drop pydantic's union tags (questions.0.choix-unique.enonce → questions.0.enonce)."""
    return tuple(part for part in loc if part not in model.QUESTION_TYPES)


def _allowed(loc: tuple, raw: Any) -> str:
    """Allowed fields of the object holding an unknown key, for the message."""
    node, cls = raw, None
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if isinstance(node, dict) and node.get("type") in model.QUESTION_TYPES and "enonce" in node:
        cls = model.QUESTION_TYPES[node["type"]]
    return f" ; champs permis : {', '.join(cls.model_fields)}" if cls else ""


def validate(cls: type[BaseModel], raw: Any, shown: str) -> tuple[Any, list[Problem]]:
    try:
        return cls.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = _strip_tags(tuple(error["loc"]))
            message = base._message(error, cls, loc)
            if error["type"] == "extra_forbidden" and "permis" not in message:
                message += _allowed(loc, raw)
            if error["type"] == "too_long":
                message = f"au plus {error.get('ctx', {}).get('max_length')} élément(s)"
            problems.append(Problem(shown, line_of(raw, loc), base.field_name(loc), message))
        return None, problems


def _load_empreintes(dataset, path: Path, problems: list[Problem]) -> dict[str, str]:
    if not path.is_file():
        return {}
    shown = base.shown_path(path, dataset.root)
    raw, errs = read_yaml(path, shown)
    problems.extend(errs)
    if errs or raw is None:
        return {}
    if not isinstance(raw, LineDict):
        problems.append(Problem(shown, 1, "", "le fichier doit contenir une table « identifiant: empreinte »"))
        return {}
    out = {}
    for key, value in raw.items():
        if not isinstance(value, str) or not HASH_RE.match(value):
            problems.append(Problem(shown, raw.lines[key], key, "empreinte invalide (16 caractères hexadécimaux) : "
                                    "ne modifiez pas ce fichier à la main, utilisez make approuver"))
            continue
        out[key] = value
    return out


def load_formation(dataset, data_dir: Path, problems: list[Problem]) -> None:
    """Fill ``dataset.formation`` from ``data_dir/formation`` (absent folder: empty training)."""
    root = Path(data_dir) / "formation"
    formation = Formation(empreintes_path=root / "empreintes.yaml")
    dataset.formation = formation
    if not root.is_dir():
        return
    formation.modules = base.load_entities(dataset, root / "modules", "module", model.Module, problems,
                                           required=False, validate_with=validate)
    formation.parcours = base.load_entities(dataset, root / "parcours", "parcours", model.Parcours, problems,
                                            required=False, validate_with=validate)
    formation.empreintes = _load_empreintes(dataset, formation.empreintes_path, problems)
