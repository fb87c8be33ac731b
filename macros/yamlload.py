"""Strict YAML reading: duplicate keys are errors, every value keeps its line.

Dates are not resolved by YAML (pydantic parses them, so a malformed date is a
field error with a line, not a crash), and nothing but plain data is built.
"""
from __future__ import annotations

from pathlib import Path
import re
from typing import Any

import yaml

from .problems import Problem


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    lines: dict[str, int]
    line: int


class LineList(list):
    """A sequence that remembers the line of each item (1-based)."""

    lines: list[int]
    line: int


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class UnreadableNode(yaml.MarkedYAMLError):
    """A value the strict reader refuses (tag outside the core schema, recursive alias, key that is not text);
    its ``problem`` is the French message shown to the contributor."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: 5x faster
    pass


# Plain scalars are typed by YAML 1.2's core schema, not YAML 1.1's, so that the
# YAML 1.1 traps cannot happen: « 012 » is twelve (not octal ten), « 1:30 » is
# text (not ninety), « oui », « yes », « on » and « off » are text (not booleans),
# and no timestamp is resolved (« 2026-13-01 » becomes a field error with its
# line, pydantic parsing dates). Source: YAML 1.2.2 specification, §10.3.
_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),  # no .inf/.nan: no data needs them
     list("-+.0123456789")),
]
_StrictLoader.yaml_implicit_resolvers = {}
for _tag, _regex, _first in _CORE_RESOLVERS:
    _StrictLoader.add_implicit_resolver(_tag, _regex, _first)

_STR, _INT, _FLOAT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG


def _resolve(loader: _StrictLoader, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
    """The tag of a node without an explicit one: the core resolvers above, nothing else.

    Same result as PyYAML's Resolver.resolve for this loader (no path resolvers are
    registered), called once per node by libyaml's composer, so kept short.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regex in loader.yaml_implicit_resolvers.get(value[:1], ()):
                if regex.match(value):
                    return tag
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


_StrictLoader.resolve = _resolve
_StrictLoader.descend_resolver = lambda loader, parent, index: None  # no path resolvers: nothing to track
_StrictLoader.ascend_resolver = lambda loader: None


_TAG_NAMES = {_INT: "un nombre entier", _FLOAT: "un nombre", _NULL: "une valeur vide", _BOOL: "true ou false"}


class _Builder:
    """Plain Python data from libyaml's node tree, in one walk.

    Takes the place of PyYAML's generic constructor (the slowest part of reading
    1000 fiches): only YAML 1.2 core types are built, mappings remember the line of
    each key and refuse duplicate keys, unquoted texts with a space are noted for
    the « # » check. Raises yaml.MarkedYAMLError (line and message) on a duplicate
    key, a key that is not text, a recursive alias or a tag outside the core schema.
    """

    def __init__(self) -> None:
        self.plain_text_ends: list[tuple[int, int]] = []
        self._open: set[int] = set()  # nodes being built: an alias to one of them is a cycle

    def build(self, node: yaml.Node) -> Any:
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, tag)
        if id(node) in self._open:
            raise UnreadableNode(None, None, "alias récursif : « *nom » renvoie à l'élément qui le contient ; "
                                 "écrivez la valeur en entier", node.start_mark)
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode) and tag == _MAP:
                return self._mapping(node)
            if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
                return self._sequence(node)
        finally:
            self._open.discard(id(node))
        raise self._tag_error(node)

    @staticmethod
    def _tag_error(node: yaml.Node) -> UnreadableNode:
        return UnreadableNode(None, None, f"étiquette YAML « {node.tag} » non permise : retirez-la, ou mettez le texte "
                              "entre guillemets s'il commence par « ! »", node.start_mark)

    def _scalar(self, node: yaml.ScalarNode, tag: str) -> Any:
        value = node.value
        if tag == _STR:
            return value
        if tag not in (_INT, _FLOAT, _NULL, _BOOL):
            raise self._tag_error(node)
        try:
            if tag == _INT:
                return int(value, 10)  # decimal, whatever leading zeros the contributor typed (« 012 » → 12)
            if tag == _FLOAT:
                return float(value)
        except ValueError:
            pass
        else:
            if tag == _NULL:
                return None
            if tag == _BOOL and value.lower() in ("true", "false"):
                return value.lower() == "true"
        raise UnreadableNode(None, None, f"« {value} » ne se lit pas comme {_TAG_NAMES[tag]} : écrivez la valeur sans "
                             "étiquette « !! » (nombres en chiffres décimaux, true ou false)", node.start_mark)

    def _note_plain_text(self, node: yaml.Node) -> None:
        """Note where an unquoted text with a space ends: a « # » after it starts a comment."""
        if isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR and " " in node.value:
            self.plain_text_ends.append((node.end_mark.line, node.end_mark.column))

    def _mapping(self, node: yaml.MappingNode) -> LineDict:
        result = LineDict()
        result.lines = {}
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.build(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)):
                raise UnreadableNode(None, None, "clé vide ou qui n'est pas un mot : écrivez « nom: valeur »", key_node.start_mark)
            key = str(key)
            if key in result:
                raise DuplicateKey(
                    None, None, f"clé « {key} » en double (déjà définie ligne {result.lines[key]})", key_node.start_mark
                )
            result[key] = self.build(value_node)
            result.lines[key] = key_node.start_mark.line + 1
            self._note_plain_text(value_node)
        return result

    def _sequence(self, node: yaml.SequenceNode) -> LineList:
        result = LineList()
        result.lines = []
        result.line = node.start_mark.line + 1
        for child in node.value:
            self._note_plain_text(child)
            result.append(self.build(child))
            result.lines.append(child.start_mark.line + 1)
        return result


# YAML's own messages, in English, and what a contributor should do about them.
_YAML_MESSAGES = [
    ("found character '\\t' that cannot start any token",
     "tabulation dans l'indentation : remplacez la tabulation par des espaces"),
    ("found character '\t' that cannot start any token",
     "tabulation dans l'indentation : remplacez la tabulation par des espaces"),
    ("mapping values are not allowed",
     "« : » suivi d'une espace dans un texte sans guillemets (YAML y voit « clé: valeur ») : "
     "mettez le texte entre guillemets"),
    ("found undefined alias", "« * » en début de texte : mettez le texte entre guillemets"),
    ("found character '@' that cannot start any token", "« @ » en début de texte : mettez le texte entre guillemets"),
    ("found character '`' that cannot start any token", "« ` » en début de texte : mettez le texte entre guillemets"),
    ("found character '%' that cannot start any token", "« % » en début de texte : mettez le texte entre guillemets"),
    ("expected <block end>, but found '<block sequence start>'",
     "un tiret « - » mal aligné : alignez les éléments de la liste sous la clé, avec des espaces"),
    ("expected <block end>", "indentation incohérente : alignez cette ligne avec les clés de même niveau (espaces seulement)"),
    ("could not find expected ':'", "« : » manquant après une clé, ou guillemet non fermé à la ligne précédente"),
    ("found unexpected end of stream", "guillemet ouvert et jamais fermé"),
    ("found unknown escape character", "« \\ » dans un texte entre guillemets doubles : doublez-la (\\\\) ou utilisez des guillemets simples"),
    ("did not find expected ',' or ']'", "crochet « [ » jamais fermé : ajoutez « ] » en fin de liste, ou mettez le texte entre guillemets"),
    ("did not find expected ',' or '}'", "accolade « { » jamais fermée : ajoutez « } », ou mettez le texte entre guillemets"),
    ("did not find expected key", "indentation incohérente ou guillemet mal fermé : vérifiez cette ligne et la précédente"),
    ("did not find expected '-' indicator", "élément de liste mal aligné : alignez les tirets « - » avec des espaces"),
    ("found duplicate anchor", "ancre « & » en double : mettez le texte entre guillemets"),
    ("while scanning a quoted scalar", "guillemet ouvert et jamais fermé"),
    ("while scanning a simple key", "« : » manquant après une clé, ou texte sur plusieurs lignes sans guillemets"),
]


def _french(problem: str | None, context: str | None) -> str:
    for english, french in _YAML_MESSAGES:
        if english in (problem or "") or english in (context or ""):
            return french
    return (f"syntaxe YAML invalide ({problem or context or 'erreur'}) : vérifiez l'indentation (espaces seulement) "
            "et mettez entre guillemets les textes qui contiennent « : », « # », « [ », « { » ou commencent par « * », « & », « ! »")


_COMMENT_AFTER_RE = re.compile(r"[ \t]+#")  # what follows an unquoted text: a comment that cut it


def _cut_texts(text: str, ends: list[tuple[int, int]], shown: str) -> list[Problem]:
    """Unquoted texts followed by « # »: YAML silently drops everything after it."""
    if "#" not in text:
        return []
    lines = text.splitlines()
    problems = []
    for line, column in ends:
        rest = lines[line][column:] if line < len(lines) else ""
        if _COMMENT_AFTER_RE.match(rest):
            problems.append(Problem(shown, line + 1, "", "texte coupé : YAML lit « # » précédé d'une espace comme le début "
                                    "d'un commentaire et ignore la suite ; mettez tout le texte entre guillemets"))
    return problems


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one file.

    Takes the path and the name to show in messages. Returns (data, problems);
    data is None when the file is unreadable. Never raises on bad content: every
    YAML error becomes a French problem with its line and the fix to make.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown, 1, "", "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8")]
    except OSError as exc:
        return None, [Problem(shown, 1, "", f"lecture impossible : {exc.strerror}")]
    if "\x00" in text:
        return None, [Problem(shown, 1, "", "le fichier contient un caractère nul : ce n'est pas un fichier texte")]
    loader = _StrictLoader(text)
    builder = _Builder()
    try:
        node = loader.get_single_node()
        data = None if node is None else builder.build(node)
    except (DuplicateKey, UnreadableNode) as exc:
        return None, [Problem(shown, exc.problem_mark.line + 1, "", str(exc.problem))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1] or "cannot start any token" in (exc.problem or "") and "\t" in text:
            tab_line = next((i + 1 for i, t in enumerate(lines) if "\t" in t[:len(t) - len(t.lstrip())]), line)
            return None, [Problem(shown, tab_line, "", _french("found character '\t' that cannot start any token", None))]
        return None, [Problem(shown, line, "", _french(exc.problem, exc.context))]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "", f"YAML invalide : {exc}")]
    except RecursionError:
        return None, [Problem(shown, 1, "", "imbrication trop profonde : simplifiez la structure")]
    finally:
        loader.dispose()
    problems = _cut_texts(text, builder.plain_text_ends, shown)
    return (None if problems else data), problems


def line_of(data: Any, loc: tuple) -> int:
    """The line of the deepest node reachable along a pydantic error location."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.lines[part]
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line
