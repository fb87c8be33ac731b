"""Training pages: parcours, modules, printable kit, GIFT files, through ``macros/templates/formation/``.

Pages live in ``formation/``: ``<parcours>.md`` (the kit), ``<module>.md``, and per parcours the printable
``<parcours>-participant.md``, ``-formateur.md``, ``-test.md``, ``-corrige.md``, ``-evaluation.md``, plus the
Moodle file ``passerelle-<parcours>.txt``. Markdown parts escape data with ``escape_md`` (the environment's
``finalize``); the quiz and case blocks are raw HTML where every value goes through the ``h`` filter
(HTML-escaped, montants as in fiches). Links inside raw HTML are written to the built ``.html`` pages
(the site uses ``use_directory_urls: false``); their targets are checked by ``checks.py``.
"""
from __future__ import annotations

import hashlib

import html
from dataclasses import dataclass

from markupsafe import Markup

from ..render import GeneratedPage, NavSection, montant_markup
from ..schema import PLACEHOLDER_RE
from . import drift, gift, model

KIT = {  # page suffix -> title
    "participant": "Livret du participant",
    "formateur": "Livret du formateur",
    "test": "Test papier",
    "corrige": "Corrigé du test",
    "evaluation": "Évaluation de fin de session",
}
SEQUENCE_LABELS = {"accueil": "Accueil", "ouverture": "Activité d'ouverture", "module": "Module", "pause": "Pause",
                   "evaluation": "Évaluation", "bilan": "Bilan"}


def rich_html(ctx, text: str | None) -> Markup:
    """Data text as HTML (escaped), [[montant:id]] as the site's amount markup."""
    if text is None:
        return Markup("")
    out, last = [], 0
    for match in PLACEHOLDER_RE.finditer(text):
        out.append(html.escape(text[last:match.start()], quote=False))
        out.append(str(montant_markup(ctx, match.group(1))))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return Markup(" ".join("".join(out).split()))


@dataclass
class Row:
    """One line of a déroulé as shown: label, title, minutes, start offset, module (or None)."""

    label: str
    titre: str
    duree: int
    debut: int
    module: str | None
    detail: list[str]


def fmt_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def answer_order(reponses: list, question_id: str) -> list:
    """The answers in the order pages show them: stable for a question, not the order they were written in.

    Writers tend to put the right answer first; shown as written, every paper test would
    read « A ». The order is a hash of the question id and each answer's text, so it stays
    the same from one build to the next (Moodle shuffles the GIFT export on its own).
    """
    return sorted(reponses, key=lambda a: hashlib.sha256(f"{question_id}|{a.texte}".encode()).hexdigest())


def weight_fr(value: float) -> str:
    """A Moodle weight in French: « 33,33 », « -100 », « 50 » (percent, at most two decimals)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class FormationRenderer:
    """Renders the training pages with the main renderer's environment (same escaping and filters)."""

    def __init__(self, renderer):
        self.base = renderer
        self.ctx = renderer.ctx
        self.formation = renderer.ctx.dataset.formation
        env = renderer.env
        env.filters["h"] = lambda text: rich_html(self.ctx, text)
        env.filters["minutes"] = fmt_minutes
        env.filters["horaire"] = lambda m: f"{m // 60} h {m % 60:02d}"
        env.filters["bloc"] = Markup  # output of our own template macros only (already escaped inside)
        env.filters["ordre"] = answer_order
        env.filters["poids"] = weight_fr
        env.globals.update(
            section_title=lambda s: model.SECTION_TITLES[s],
            formation=self.formation,
            arbres=self.ctx.dataset.arbres,
            montant_html=lambda key: montant_markup(self.ctx, key),
            a_revoir_formation=lambda: drift.a_revoir(self.ctx.dataset),
            kit_titles=KIT,
            replay_steps=self.replay_steps,
        )
        self._stale: set[str] | None = None

    # ------------------------------------------------------------------ helpers

    @property
    def stale(self) -> set[str]:
        if self._stale is None:
            self._stale = drift.stale_ids(self.ctx.dataset)
        return self._stale

    def teste_link(self, teste: model.Teste) -> dict:
        """Target of a teste as {href (built page), label}, relative to formation/."""
        if teste.fiche is not None:
            fiche = self.ctx.dataset.fiches[teste.fiche]
            return {"href": f"../fiches/{teste.fiche}.html#{teste.section}",
                    "label": f"Fiche « {fiche.titre} », section « {model.SECTION_TITLES[teste.section]} »"}
        arbre = self.ctx.dataset.arbres[teste.arbre]
        return {"href": f"../arbres/{teste.arbre}.html#n-{teste.noeud}", "label": f"Arbre « {arbre.titre} »"}

    def replay_steps(self, rejoue: model.Rejoue) -> list[tuple[str, str]]:
        """(question, answer taken) along a case's replay path in the real arbre."""
        arbre = self.ctx.dataset.arbres[rejoue.arbre]
        steps, node_id = [], arbre.depart
        for index in rejoue.reponses:
            node = arbre.noeuds[node_id]
            steps.append((node.question, node.choix[index].reponse))
            node_id = node.choix[index].suivant
        return steps

    def rows(self, sequences: list[model.Sequence]) -> list[Row]:
        out, start = [], 0
        for seq in sequences:
            if seq.type == "module":
                module = self.formation.modules[seq.module]
                kept = range(len(module.activites)) if seq.activites is None else seq.activites
                minutes = sum(module.activites[i].duree for i in kept)
                detail = [f"{module.activites[i].titre} ({module.activites[i].duree} min)" for i in kept]
                if seq.activites is not None:
                    detail.append("version courte : activités retenues seulement")
                if seq.contenu:
                    detail.append(seq.contenu)
                out.append(Row("Module", module.titre, minutes, start, seq.module, detail))
            else:
                minutes = seq.duree
                out.append(Row(SEQUENCE_LABELS[seq.type], seq.titre, minutes, start, None, [seq.contenu] if seq.contenu else []))
            start += minutes
        return out

    def _render(self, template: str, **values) -> str:
        return self.base._render(template, teste_link=self.teste_link, stale=self.stale, **values)

    # ------------------------------------------------------------------ pages

    def module_page(self, key: str) -> GeneratedPage:
        module = self.formation.modules[key]
        source = f"data/formation/modules/{key}.yaml"
        content = self._render("formation/module.md.j2", key=key, module=module, source=source,
                               parcours=self.formation.parcours_of(key))
        return GeneratedPage(f"formation/{key}.md", content, source)

    def parcours_page(self, key: str) -> GeneratedPage:
        parcours = self.formation.parcours[key]
        source = f"data/formation/parcours/{key}.yaml"
        content = self._render(
            "formation/parcours.md.j2", key=key, parcours=parcours, source=source,
            modules=[(m, self.formation.modules[m]) for m in parcours.modules],
            demi=self.rows(parcours.deroules.demi_journee), journee=self.rows(parcours.deroules.journee),
            nb_questions=gift.questions_count(self.ctx, key),
        )
        return GeneratedPage(f"formation/{key}.md", content, source)

    def kit_pages(self, key: str) -> list[GeneratedPage]:
        parcours = self.formation.parcours[key]
        source = f"data/formation/parcours/{key}.yaml"
        modules = [(m, self.formation.modules[m]) for m in parcours.modules]
        out = []
        for suffix, title in KIT.items():
            content = self._render(
                f"formation/kit_{suffix}.md.j2", key=key, parcours=parcours, modules=modules, title=title,
                demi=self.rows(parcours.deroules.demi_journee), journee=self.rows(parcours.deroules.journee),
            )
            out.append(GeneratedPage(f"formation/{key}-{suffix}.md", content, source))
        out.append(GeneratedPage(f"formation/passerelle-{key}.txt", gift.export(self.ctx, key), source))
        return out

    def pages(self) -> list[GeneratedPage]:
        out = []
        for key in sorted(self.formation.parcours):
            out.append(self.parcours_page(key))
            out.extend(self.kit_pages(key))
        out.extend(self.module_page(key) for key in sorted(self.formation.modules))
        return out

    def liste_parcours(self, prefix: str) -> str:
        """The three doors' list of parcours (for docs/formation.md), links relative to ``prefix``."""
        return self._render("formation/liste_parcours.md.j2", prefix=prefix,
                            items=sorted(self.formation.parcours.items(), key=lambda i: i[1].titre.lower()))

    def nav(self) -> list[NavSection]:
        if not self.formation.parcours and not self.formation.modules:
            return []
        section = NavSection("Parcours de formation", None)
        placed: set[str] = set()
        for key, parcours in sorted(self.formation.parcours.items(), key=lambda i: i[1].titre.lower()):
            child = NavSection(parcours.titre, None, [("Le parcours et le kit", f"formation/{key}.md")])
            for module_id in parcours.modules:
                if module_id in self.formation.modules and module_id not in placed:
                    child.children.append((self.formation.modules[module_id].titre, f"formation/{module_id}.md"))
                    placed.add(module_id)
            child.children.extend((title, f"formation/{key}-{suffix}.md") for suffix, title in KIT.items())
            section.children.append(child)
        others = [(m.titre, f"formation/{k}.md") for k, m in sorted(self.formation.modules.items()) if k not in placed]
        if others:
            section.children.append(NavSection("Modules hors parcours", None, others))
        return [section]


def install(renderer) -> FormationRenderer | None:
    """Attach the training renderer to the main one; None when the dataset has no training data."""
    if getattr(renderer.ctx.dataset, "formation", None) is None:
        return None
    return FormationRenderer(renderer)
