"""The « Résumé neutre pour le dossier » of a tree, and the sensitive terms it must never carry.

What a summary holds (the rule of the project, see docs/contribuer/format-des-donnees.md):
the date, the situation (``Arbre.dossier`` or the tree's title), the neutral phrases of the
answers marked ``dossier`` in the data (an unmarked answer is never copied), the orientation
(``Conclusion.dossier``, or the conclusion with its ``canal`` and ``transmettre``). Amounts show
their value only, without date or source. The browser builds the same text (docs/assets/js/arbre.js);
the tests compare both.

Sensitive terms come from ``data/dossier.yaml``; matching ignores case and accents.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

from .schema import ANY_PLACEHOLDER_RE, Arbre, Choix, Conclusion, Dossier, Question
from .textfmt import date_fr

DATE_UNKNOWN = "à compléter"
TRANSMISSION = "avec l'accord de la personne uniquement ; à préciser (quoi, à qui) ou « aucune »."


def normalize(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: the form terms are compared in."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text)


def _term_pattern(term: str) -> re.Pattern:
    """A term of data/dossier.yaml as a regex: whole word(s); a final * allows any word ending."""
    word = normalize(term.strip())
    stem = word.endswith("*")
    body = re.escape(word.rstrip("*").strip())
    return re.compile(rf"(?<![\w]){body}" + (r"" if stem else r"(?![\w])"))


class SensitiveTerms:
    """Finds the sensitive terms of ``data/dossier.yaml`` in a text."""

    def __init__(self, dossier: Dossier):
        # (term as written, its plain form for a quick substring test, its whole-word pattern)
        self.terms = [(term, normalize(term.strip()).rstrip("*").strip(), _term_pattern(term)) for term in dossier.termes_sensibles]
        neutral = sorted((normalize(e) for e in dossier.expressions_neutres), key=len, reverse=True)
        self.neutral = [re.compile(rf"(?<![\w]){re.escape(e)}(?![\w])") for e in neutral]

    def found(self, text: str) -> list[str]:
        """The terms (as written in the data) present in ``text``, neutral expressions set aside."""
        plain = normalize(ANY_PLACEHOLDER_RE.sub(" ", text))
        for pattern in self.neutral:
            plain = pattern.sub(" ", plain)
        return [term for term, word, pattern in self.terms if word in plain and pattern.search(plain)]


def copied_texts(arbre: Arbre) -> Iterator[tuple[tuple, str]]:
    """Every data text a summary of ``arbre`` may copy, with its location in the file."""
    yield (("dossier",) if arbre.dossier else ("titre",)), arbre.dossier or arbre.titre
    for node_id, node in arbre.noeuds.items():
        if isinstance(node, Question):
            for i, choix in enumerate(node.choix):
                if choix.dossier:
                    yield ("noeuds", node_id, "choix", i, "dossier"), choix.dossier
        elif isinstance(node, Conclusion):
            if node.dossier:
                yield ("noeuds", node_id, "dossier"), node.dossier
                continue
            yield ("noeuds", node_id, "conclusion"), node.conclusion
            yield ("noeuds", node_id, "canal"), node.canal


def plain_text(text: str, resolve) -> str:
    """Data text for a summary: each [[kind:id]] becomes ``resolve(kind, id)``.

    ``resolve`` gives an amount's value alone (no date, no source), a fiche's or arbre's title.
    """
    out = ANY_PLACEHOLDER_RE.sub(lambda m: resolve(m.group(1), m.group(2)), text)
    return re.sub(r"\s+", " ", out).strip()


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def static_lines(arbre: Arbre, conclusion: Conclusion, resolve) -> list[str]:
    """The lines of a conclusion's summary that do not depend on the answers, date excluded.

    Returns the situation, then the orientation lines. The answers' line goes after the
    situation (index 1 of the full summary, after the date).
    """
    lines = [f"Situation : {_sentence(arbre.dossier or arbre.titre)}"]
    if conclusion.dossier:
        lines.append(f"Orientation proposée : {_sentence(conclusion.dossier)}")
    else:
        lines.append(f"Orientation proposée : {_sentence(conclusion.conclusion)}")
        lines.append(f"Canal : {_sentence(plain_text(conclusion.canal, resolve))}")
    if conclusion.transmettre:
        # The data lists what *may* be passed on; what was, with consent, only the adviser knows.
        lines.append(f"Transmission : {TRANSMISSION}")
    return lines


def answers_line(answers: list[Choix]) -> str | None:
    """The line of the marked answers on the path, or None when none is marked."""
    phrases = [c.dossier.rstrip(".") for c in answers if c.dossier]
    return f"Éléments utiles : {' ; '.join(phrases)}." if phrases else None


def summary(arbre: Arbre, answers: list[Choix], conclusion: Conclusion, resolve, day: date | None) -> str:
    """The full text « Copier le résumé » puts on the clipboard, one line per item.

    Takes the tree, the answers chosen from the start (in order), the conclusion reached,
    ``resolve(kind, id) -> str`` (see ``plain_text``) and the day (None: « à compléter »).
    """
    static = static_lines(arbre, conclusion, resolve)
    lines = [f"Date : {date_fr(day) if day else DATE_UNKNOWN}", static[0]]
    answers_text = answers_line(answers)
    if answers_text:
        lines.append(answers_text)
    return "\n".join(lines + static[1:])


def paths(arbre: Arbre) -> Iterator[tuple[list[Choix], str]]:
    """Every path from the start to a conclusion: (answers chosen, conclusion id)."""

    def walk(node_id: str, answers: list[Choix], seen: frozenset) -> Iterator[tuple[list[Choix], str]]:
        node = arbre.noeuds.get(node_id)
        if node is None or node_id in seen:
            return
        if isinstance(node, Conclusion):
            yield answers, node_id
            return
        for choix in node.choix:
            yield from walk(choix.suivant, answers + [choix], seen | {node_id})

    yield from walk(arbre.depart, [], frozenset())
