"""Renderers: data → Markdown pages, through autoescaping Jinja templates.

Every ``{{ value }}`` in a template passes through ``escape_md`` (Jinja's
``finalize``), so data text is inert whatever it contains. Only values built
here and wrapped in ``Markup`` (amounts, links to other pages) go through as is.
Generated pages carry ``render_macros: false``: data never reaches the macros
engine as template source.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .freshness import current_value, montant_stale, overdue, previous_value
from .loader import Dataset
from .schema import PLACEHOLDER_RE, Conclusion, Question
from .textfmt import date_fr, escape_html, escape_md, number_fr

TEMPLATES = Path(__file__).parent / "templates"

UNITS = {
    "euros": ("\u00a0€", ""),
    "euros-par-jour": ("\u00a0€", " par jour"),
    "euros-par-mois": ("\u00a0€", " par mois"),
    "euros-par-an": ("\u00a0€", " par an"),
    "euros-par-heure": ("\u00a0€", " de l'heure"),
    "pourcent": ("\u00a0%", ""),
    "smic": ("\u00a0fois le Smic", ""),
}
COUNTED = {"jours": ("jour", "jours"), "mois": ("mois", "mois"), "ans": ("an", "ans"), "heures": ("heure", "heures")}


@dataclass
class Context:
    """What a build knows besides the data: the day, the repository, the version."""

    dataset: Dataset
    today: date
    version: str = "inconnue"
    depot: str | None = None  # e.g. https://github.com/org/passerelle ; edit links point there
    signalement: str = ""  # address for error reports; empty: the person picks one


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # docs-relative, e.g. "fiches/complementaire-sante-solidaire.md"
    content: str
    source: str  # the data file it is built from, relative to the project


@dataclass
class NavSection:
    title: str
    index: str | None = None
    children: list = field(default_factory=list)  # (title, path) or NavSection


def format_value(unite: str, valeur) -> str:
    if unite in COUNTED:
        one, many = COUNTED[unite]
        return f"{number_fr(valeur)}\u00a0{one if valeur == 1 else many}"
    suffix, per = UNITS[unite]
    return f"{number_fr(valeur)}{suffix}{per}"


def montant_markup(ctx: Context, key: str) -> Markup:
    """An amount as the site shows it: value, date d'effet, source, freshness."""
    montant = ctx.dataset.montants[key]
    value = current_value(montant, ctx.today)
    source = montant.sources[0]
    host = urlparse(source.url).hostname or "source"
    host = host[4:] if host.startswith("www.") else host
    stale = (' <span class="badge-actualiser">à actualiser</span>' if montant_stale(montant, ctx.today) else "")
    return Markup(
        f'<span class="montant" data-montant="{escape_html(key)}"><strong>{escape_md(format_value(montant.unite, value.valeur))}</strong>'
        f' <small class="montant-meta">(depuis le {escape_md(date_fr(value.depuis))}, '
        f'<a href="{escape_html(source.url)}">source\u00a0: {escape_md(host)}</a>)</small>{stale}</span>'
    )


def rich_text(ctx: Context, text: str | None) -> Markup:
    """Data text, escaped, with its [[montant:id]] placeholders replaced by amounts."""
    if text is None:
        return Markup("")
    out, last = [], 0
    for match in PLACEHOLDER_RE.finditer(text):
        out.append(escape_md(text[last:match.start()]))
        out.append(str(montant_markup(ctx, match.group(1))))
        last = match.end()
    out.append(escape_md(text[last:]))
    return Markup("".join(out))


def _environment(ctx: Context) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # Markdown output: escaping is escape_md, applied to every expression
        finalize=escape_md,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        comment_start_string="[#",  # "{#" starts Markdown heading ids ({#en-bref})
        comment_end_string="#]",
    )
    env.filters["t"] = lambda text: rich_text(ctx, text)
    env.filters["date_fr"] = date_fr
    env.filters["attr"] = lambda value: Markup(escape_html(value))
    env.filters["yaml_str"] = lambda value: Markup(json.dumps(str(value), ensure_ascii=False))
    env.filters["montant"] = lambda key: montant_markup(ctx, key)
    env.filters["valeur"] = lambda m, v: format_value(m.unite, v.valeur)
    env.globals.update(
        ctx=ctx,
        vocab=ctx.dataset.vocabulaires,
        fiches=ctx.dataset.fiches,
        montants=ctx.dataset.montants,
        stale=lambda key: montant_stale(ctx.dataset.montants[key], ctx.today),
        current_value=lambda m: current_value(m, ctx.today),
        previous_value=lambda m: previous_value(m, ctx.today),
        is_question=lambda node: isinstance(node, Question),
        is_conclusion=lambda node: isinstance(node, Conclusion),
        host=lambda url: (urlparse(url).hostname or "").removeprefix("www."),
    )
    return env


def node_order(arbre) -> list[str]:
    """Nodes breadth-first from the start, then any others (which checks reject)."""
    order, queue = [], [arbre.depart]
    while queue:
        node_id = queue.pop(0)
        if node_id in order or node_id not in arbre.noeuds:
            continue
        order.append(node_id)
        node = arbre.noeuds[node_id]
        if isinstance(node, Question):
            queue.extend(choice.suivant for choice in node.choix)
    return order + [n for n in arbre.noeuds if n not in order]


def edit_url(ctx: Context, source: str) -> str | None:
    return f"{ctx.depot.rstrip('/')}/edit/main/{source}" if ctx.depot else None


def report_link(ctx: Context, page_id: str, title: str, referent: str, source: str) -> str:
    """A mailto: link pre-filled for « Signaler une erreur » (no third-party service)."""
    subject = f"[Passerelle] Erreur signalée : {title}"
    body = (
        f"À l'attention de : {referent}\n"
        f"Page : {page_id}\nSource des données : {source}\n"
        f"Version du contenu : {ctx.version}\nDate du signalement : {ctx.today.isoformat()}\n"
        "Section concernée : \n\nCe qui est inexact ou manque (sans donnée personnelle) : \n"
    )
    return f"mailto:{quote(ctx.signalement)}?subject={quote(subject)}&body={quote(body)}"


class Renderer:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.env = _environment(ctx)
        from .formation.render import install  # training pages: macros/formation/render.py

        self.formation = install(self)

    def _render(self, template: str, **values) -> str:
        return self.env.get_template(template).render(**values)

    def _referent(self, institution: str, own: str | None) -> str:
        vocab = self.ctx.dataset.vocabulaires
        return own or vocab.institutions[institution].referent

    def fiche(self, key: str) -> GeneratedPage:
        fiche = self.ctx.dataset.fiches[key]
        source = f"data/fiches/{key}.yaml"
        referent = self._referent(fiche.institution, fiche.referent)
        content = self._render(
            "fiche.md.j2", key=key, fiche=fiche, source=source, edit=edit_url(self.ctx, source),
            report=report_link(self.ctx, f"fiches/{key}", fiche.titre, referent, source), referent=referent,
            stale_montants=[m for m in fiche.montants if montant_stale(self.ctx.dataset.montants[m], self.ctx.today)],
            overdue=fiche.revision.a_revoir_avant <= self.ctx.today,
        )
        return GeneratedPage(f"fiches/{key}.md", content, source)

    def arbre(self, key: str) -> GeneratedPage:
        arbre = self.ctx.dataset.arbres[key]
        source = f"data/arbres/{key}.yaml"
        referent = arbre.referent or "Référent partenariat de votre structure"
        content = self._render(
            "arbre.md.j2", key=key, arbre=arbre, source=source, edit=edit_url(self.ctx, source),
            report=report_link(self.ctx, f"arbres/{key}", arbre.titre, referent, source), referent=referent,
            overdue=arbre.revision.a_revoir_avant <= self.ctx.today, order=node_order(arbre),
        )
        return GeneratedPage(f"arbres/{key}.md", content, source)

    def fiches_by_rubrique(self, destinataire: str | None = None) -> list[tuple[str, list[tuple[str, object]]]]:
        vocab = self.ctx.dataset.vocabulaires
        groups = []
        for rid, rubrique in sorted(vocab.rubriques.items(), key=lambda item: item[1].ordre):
            items = sorted(
                ((k, f) for k, f in self.ctx.dataset.fiches.items()
                 if f.rubrique == rid and (destinataire is None or destinataire in f.destinataires)),
                key=lambda item: item[1].titre.lower(),
            )
            if items:
                groups.append((rubrique.libelle, items))
        return groups

    def arbres_for(self, destinataire: str | None = None) -> list[tuple[str, object]]:
        return sorted(((k, a) for k, a in self.ctx.dataset.arbres.items()
                       if destinataire is None or destinataire in a.destinataires), key=lambda item: item[1].titre.lower())

    def liste_fiches(self, destinataire: str | None, prefix: str) -> str:
        return self._render("liste_fiches.md.j2", groups=self.fiches_by_rubrique(destinataire), prefix=prefix)

    def liste_arbres(self, destinataire: str | None, prefix: str) -> str:
        return self._render("liste_arbres.md.j2", arbres=self.arbres_for(destinataire), prefix=prefix)

    def index_pages(self) -> list[GeneratedPage]:
        return [
            GeneratedPage("fiches/index.md", self._render("fiches_index.md.j2", liste=Markup(self.liste_fiches(None, ""))), "data/fiches/"),
            GeneratedPage("arbres/index.md", self._render("arbres_index.md.j2", liste=Markup(self.liste_arbres(None, ""))), "data/arbres/"),
            GeneratedPage("glossaire.md", self._render("glossaire.md.j2", glossaire=sorted(self.ctx.dataset.glossaire.items(), key=lambda i: i[0].lower())), "data/glossaire.yaml"),
            GeneratedPage("baremes.md", self._render("baremes.md.j2", items=sorted(self.ctx.dataset.montants.items(), key=lambda i: i[1].libelle.lower())), "data/montants.yaml"),
            GeneratedPage("fraicheur.md", self._render("fraicheur.md.j2", items=overdue(self.ctx.dataset, self.ctx.today)), "data/"),
        ]

    def pages(self) -> list[GeneratedPage]:
        out = [self.fiche(k) for k in sorted(self.ctx.dataset.fiches)]
        out += [self.arbre(k) for k in sorted(self.ctx.dataset.arbres)]
        out += self.formation.pages() if self.formation else []
        return out + self.index_pages()

    def nav(self) -> list[NavSection]:
        fiches = NavSection("Fiches", "fiches/index.md")
        for libelle, items in self.fiches_by_rubrique():
            fiches.children.append(NavSection(libelle, None, [(f.titre, f"fiches/{k}.md") for k, f in items]))
        arbres = NavSection("Arbres de décision", "arbres/index.md", [(a.titre, f"arbres/{k}.md") for k, a in self.arbres_for()])
        return [fiches, arbres] + (self.formation.nav() if self.formation else [])


def abbreviations(dataset: Dataset) -> str:
    """Python-Markdown abbreviation definitions for every glossary entry."""
    lines = []
    for sigle, terme in sorted(dataset.glossaire.items()):
        title = re.sub(r"\s+", " ", terme.terme)
        lines.append(f"*[{sigle}]: {title}")
    return "\n".join(lines) + "\n"
