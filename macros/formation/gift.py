"""Moodle GIFT export: one file per parcours, one ``$CATEGORY:`` per module.

Written to import whole into Moodle with its default settings (one fault rejects the file there), following
the project's GIFT reference §10 and what Moodle's import code really does (§10.6):

* ``// [id:X] [tag:…]`` before each question: Moodle ID number = our stable question id;
* ``$CATEGORY:`` lines unescaped, followed by a blank line;
* every text ``[html]``, HTML-escaped, then ``\\ ~ = # { } :`` escaped (backslash first), one line each;
* multiple choice: weights after ``~`` only, from Moodle's list (checked beforehand by ``checks.py``);
* true/false in capitals: ``{TRUE#feedback if wrong#feedback if right}``;
* a fiche reference as general feedback (``####``), last before ``}``.
"""
from __future__ import annotations

import html
import re

from ..freshness import current_value
from ..render import Context, format_value
from ..schema import PLACEHOLDER_RE
from . import model

GIFT_SPECIAL = re.compile(r"([~=#{}:])")


def gift_escape(text: str) -> str:
    """Escape for GIFT: backslash first, then ``~ = # { } :``; newlines become ``\\n``."""
    text = text.replace("\\", "\\\\")
    text = GIFT_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r", "").replace("\n", "\\n")


def plain_html(ctx: Context, text: str) -> str:
    """Data text as inert HTML on one line, with [[montant:id]] replaced by the value in force."""
    out, last = [], 0
    for match in PLACEHOLDER_RE.finditer(text):
        out.append(html.escape(text[last:match.start()], quote=False))
        montant = ctx.dataset.montants[match.group(1)]
        out.append(html.escape(format_value(montant.unite, current_value(montant, ctx.today).valeur), quote=False))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return re.sub(r"[ \t\r\n\f\v]+", " ", "".join(out)).strip()


def field(ctx: Context, text: str) -> str:
    """One GIFT text segment: ``[html]`` + escaped HTML."""
    return "[html]" + gift_escape(plain_html(ctx, text))


from .checks import weight_text as weight  # Moodle's notation: 50, 33.33333, -100


def reference(ctx: Context, teste: model.Teste) -> str:
    """Where the answer lives, in words (general feedback)."""
    if teste.fiche is not None:
        fiche = ctx.dataset.fiches[teste.fiche]
        return f"Voir la fiche « {fiche.titre} », section « {model.SECTION_TITLES[teste.section]} »."
    arbre = ctx.dataset.arbres[teste.arbre]
    return f"Voir l'arbre « {arbre.titre} » sur Passerelle."


def _name(question) -> str:
    words = question.enonce if len(question.enonce) <= 60 else question.enonce[:57].rsplit(" ", 1)[0] + "…"
    words = PLACEHOLDER_RE.sub("…", words)
    return gift_escape(f"{question.id} {words}")


def question_block(ctx: Context, module_id: str, question) -> str:
    lines = [f"// [id:{question.id}] [tag:passerelle] [tag:{module_id}]",
             f"::{_name(question)}::[html]<p>{gift_escape(plain_html(ctx, question.enonce))}</p>"]
    general = "####" + field(ctx, reference(ctx, question.teste))
    if question.type == "vrai-faux":
        wrong, right = (question.retour_faux, question.retour_vrai) if question.solution else (question.retour_vrai, question.retour_faux)
        answer = "TRUE" if question.solution else "FALSE"
        lines[-1] += "{" + f"{answer}#{field(ctx, wrong)}#{field(ctx, right)}{general}" + "}"
        return "\n".join(lines)
    lines[-1] += "{"
    for answer in question.reponses:
        if question.type == "choix-unique":
            mark = "=" if answer.juste else "~"
        else:
            mark = f"~%{weight(answer.poids)}%"
        lines.append(f"\t{mark}{field(ctx, answer.texte)}#{field(ctx, answer.retour)}")
    lines.append(f"\t{general}")
    lines.append("}")
    return "\n".join(lines)


def category(parcours: model.Parcours, module: model.Module) -> str:
    """Category path, unescaped (Moodle does not unescape it); ``/`` separates levels, so none in titles."""
    def clean(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("/", "-")).strip()

    return f"$CATEGORY: $course$/top/Passerelle - {clean(parcours.titre)}/{clean(module.titre)}"


def export(ctx: Context, parcours_id: str) -> str:
    """The GIFT file of one parcours (UTF-8 text, ``\\n`` line ends)."""
    formation = ctx.dataset.formation
    parcours = formation.parcours[parcours_id]
    blocks = [
        f"// Passerelle - parcours « {parcours.titre} » ({parcours_id}), version {ctx.version}, montants au {ctx.today.isoformat()}.\n"
        "// Import Moodle : Banque de questions > Importer > GIFT, réglages par défaut. Fichier généré : ne pas modifier."
    ]
    for module_id in parcours.modules:
        module = formation.modules[module_id]
        blocks.append(f"// Module {module_id}\n{category(parcours, module)}")
        blocks.extend(question_block(ctx, module_id, q) for q in module.questions)
    return "\n\n".join(blocks) + "\n"


def questions_count(ctx: Context, parcours_id: str) -> int:
    formation = ctx.dataset.formation
    return sum(len(formation.modules[m].questions) for m in formation.parcours[parcours_id].modules)
