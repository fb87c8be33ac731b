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

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import dossier
from .excerpt import first_clause, first_sentence
from .freshness import announcements, current_value, montant_stale, overdue, previous_value, shows_since
from .loader import Dataset
from .editions import channel, references
from .schema import ANY_PLACEHOLDER_RE, Conclusion, Edition, Question
from .textfmt import date_fr, escape_html, escape_md, number_fr
from .thematiques import full_label as thematique_label

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
    edition: Edition | None = None  # a territory's edition (EDITION=<id>); None: the national site


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
    """A montant's value with its unit, as read: « 103,20 € », « 10 339 € par an », « 75 % », « 12 mois ».

    Euros with cents always show two decimals; thousands take a narrow no-break space.
    """
    if unite in COUNTED:
        one, many = COUNTED[unite]
        return f"{number_fr(valeur)}\u00a0{one if valeur == 1 else many}"
    suffix, per = UNITS[unite]
    return f"{number_fr(valeur, cents=unite.startswith('euros'))}{suffix}{per}"


def effet_fr(value) -> str:
    """The date d'effet of a Valeur in words, or « date d'effet inconnue »."""
    return date_fr(value.effet) if value.effet else "date d'effet inconnue"


def _host(url: str) -> str:
    host = urlparse(url).hostname or "source"
    return host[4:] if host.startswith("www.") else host


def _stale_markup(ctx: Context, montant) -> str:
    """The « à actualiser » badge and, when known, where to read the current figure."""
    if not montant_stale(montant, ctx.today):
        return ""
    out = ' <span class="badge-actualiser">à actualiser</span>'
    if montant.ou_verifier:
        out += (f' <small class="ou-verifier">(valeur actuelle\u00a0: <a href="{escape_html(montant.ou_verifier.url)}">'
                f'{escape_md(montant.ou_verifier.titre)}</a>)</small>')
    return out


def montant_markup(ctx: Context, key: str) -> Markup:
    """An amount as the site shows it: value, date d'effet when it tells something, source, freshness.

    The date d'effet appears only for values that change periodically or
    changed recently (``freshness.shows_since``); the source shown is the
    montant's first source, which checks require to be official.
    """
    montant = ctx.dataset.montants[key]
    value = current_value(montant, ctx.today)
    source = montant.sources[0]
    since = f"depuis le {escape_md(date_fr(value.effet))}, " if shows_since(montant, ctx.today) else ""
    return Markup(
        f'<span class="montant" data-montant="{escape_html(key)}"><strong>{escape_md(format_value(montant.unite, value.valeur))}</strong>'
        f' <small class="montant-meta">({since}'
        f'<a href="{escape_html(source.url)}">source\u00a0: {escape_md(_host(source.url))}</a>)</small>'
        f'{_stale_markup(ctx, montant)}</span>'
    )


def montant_dire_markup(ctx: Context, key: str, baremes: str = "../baremes.md") -> Markup:
    """An amount inside words read aloud (a « dire »): the value only.

    The value is a link (keyboard reachable) to its row of the barèmes page,
    ``baremes`` being that page's path relative to the current one; the link
    title gives the date d'effet and the source, one click or hover away.
    """
    montant = ctx.dataset.montants[key]
    value = current_value(montant, ctx.today)
    title = f"En vigueur depuis le {date_fr(value.effet)}" if value.effet else "Date d'effet inconnue"
    title += f", source : {_host(montant.sources[0].url)} — détail dans les barèmes"
    return Markup(
        f'<span class="montant montant-dire" data-montant="{escape_html(key)}">'
        f'[**{escape_md(format_value(montant.unite, value.valeur))}**]({baremes}#{key} "{title.replace(chr(34), "")}")'
        f'{_stale_markup(ctx, montant)}</span>'
    )


def circuit_markup(ctx: Context, key: str, root: str = "../") -> Markup:
    """A local circuit as the site shows it: the edition's channel, or the national text marked « à préciser localement ».

    ``root`` is the relative path from the page to the docs root, for the link to « Nos circuits locaux ».
    """
    found = channel(ctx.dataset, ctx.edition, key)
    # Raw HTML: MkDocs does not rewrite its links, so point at the built page (use_directory_urls: false).
    page = f'{escape_html(root)}circuits-locaux.html#{escape_html(key)}'
    if found.local is None:
        return Markup(f'<span class="circuit" data-circuit="{escape_html(key)}">{escape_md(found.circuit.national)}'
                      f' <a class="badge-local" href="{page}">à préciser localement</a></span>')
    local = found.local
    parts = [escape_md(local.canal)]
    if local.telephone:
        parts.append(f"téléphone {escape_md(local.telephone)}")
    if local.courriel:
        parts.append(f'<a href="mailto:{escape_html(local.courriel)}">{escape_md(local.courriel)}</a>')
    if local.url:
        parts.append(f'<a href="{escape_html(local.url)}">{escape_md(urlparse(local.url).hostname or local.url)}</a>')
    return Markup(f'<span class="circuit circuit--local" data-circuit="{escape_html(key)}">{" · ".join(parts)}'
                  f' <a class="badge-local badge-local--edition" href="{page}">circuit local</a></span>')


def montant_value(ctx: Context, key: str) -> str:
    """An amount's current value alone (no date, no source): the form a case-file summary uses."""
    montant = ctx.dataset.montants[key]
    return format_value(montant.unite, current_value(montant, ctx.today).valeur)


def circuit_text(ctx: Context, key: str) -> str:
    """A circuit as plain text (case-file summaries, exports): the local channel, or the national text."""
    found = channel(ctx.dataset, ctx.edition, key)
    if found.local is None:
        return found.circuit.national
    local = found.local
    return " · ".join(part for part in (local.canal, local.telephone, local.courriel, local.url) if part)


def placeholder_text(ctx: Context, kind: str, key: str) -> str:
    """A placeholder as plain text: an amount's value alone, a circuit's channel, a fiche's or arbre's title."""
    if kind == "montant":
        return montant_value(ctx, key)
    if kind == "circuit":
        return circuit_text(ctx, key)
    table = ctx.dataset.fiches if kind == "fiche" else ctx.dataset.arbres
    return table[key].titre


def link_markup(ctx: Context, kind: str, key: str, root: str = "../") -> Markup:
    """A link to a fiche or an arbre, with its title; ``root`` leads from the page to the docs root."""
    folder = "fiches" if kind == "fiche" else "arbres"
    return Markup(f"[{escape_md(placeholder_text(ctx, kind, key))}]({root}{folder}/{key}.md)")


def rich_text(ctx: Context, text: str | None, root: str = "../", dire: bool = False) -> Markup:
    """Data text, escaped, with its placeholders replaced.

    [[montant:id]] becomes the amount (value only, as a link to the barèmes, when
    ``dire`` is true: words the adviser reads aloud), [[circuit:id]] the local or
    national channel, [[fiche:id]] / [[arbre:id]] a link with the page's title.
    ``root`` is the relative path from the page to the docs root.
    """
    if text is None:
        return Markup("")
    out, last = [], 0
    for match in ANY_PLACEHOLDER_RE.finditer(text):
        out.append(escape_md(text[last:match.start()]))
        kind, key = match.groups()
        if kind == "circuit":
            out.append(str(circuit_markup(ctx, key, root)))
        elif kind in ("fiche", "arbre"):
            out.append(str(link_markup(ctx, kind, key, root)))
        elif dire:
            out.append(str(montant_dire_markup(ctx, key, f"{root}baremes.md")))
        else:
            out.append(str(montant_markup(ctx, key)))
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
    env.filters["t"] = pass_context(lambda context, text: rich_text(ctx, text, context.get("root", "../")))
    env.filters["dire"] = pass_context(lambda context, text: rich_text(ctx, text, context.get("root", "../"), dire=True))
    env.filters["date_fr"] = date_fr
    env.filters["effet"] = effet_fr
    env.filters["first_clause"] = first_clause
    env.filters["first_sentence"] = first_sentence
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
        stale_badge=lambda key: Markup(_stale_markup(ctx, ctx.dataset.montants[key])),
        current_value=lambda m: current_value(m, ctx.today),
        previous_value=lambda m: previous_value(m, ctx.today),
        is_question=lambda node: isinstance(node, Question),
        is_conclusion=lambda node: isinstance(node, Conclusion),
        host=lambda url: (urlparse(url).hostname or "").removeprefix("www."),
        resume_lignes=lambda arbre, node: dossier.static_lines(arbre, node, lambda kind, key: placeholder_text(ctx, kind, key)),
        thematique_label=thematique_label,
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
            overdue=arbre.revision.a_revoir_avant <= self.ctx.today, order=(order := node_order(arbre)),
            steps={node_id: number for number, node_id in enumerate(order, start=1)},  # « Étape 4 » in the full view
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

    def porte(self, destinataire: str, prefix: str) -> str:
        """The body of a reader's door page (Markdown).

        Takes a destinataire id whose vocabulary entry names its own ``institution``
        and the relative path from the page to the docs root (``""`` or ``"../"``).
        Returns: the trees that reader meets (marking those shared with other
        readers), then the other institution's fiches by rubrique, then the
        reader's own institution's fiches, each rubrique folded. Raises KeyError
        for an unknown destinataire (the checks reject it in the pages first).
        """
        vocab = self.ctx.dataset.vocabulaires
        own = vocab.destinataires[destinataire].institution
        groups = self.fiches_by_rubrique(destinataire)
        rubrique_of = {r.libelle: r.institution for r in vocab.rubriques.values()}
        autres = [(libelle, items) for libelle, items in groups if rubrique_of[libelle] != own]
        propres = [(libelle, items) for libelle, items in groups if rubrique_of[libelle] == own]
        other_ids = sorted({rubrique_of[libelle] for libelle, _ in autres})
        autre_libelle = " et ".join(vocab.institutions[i].libelle for i in other_ids)
        arbres = []
        for key, arbre in self.arbres_for(destinataire):
            others = [vocab.destinataires[d].court or vocab.destinataires[d].libelle
                      for d in arbre.destinataires if d != destinataire]
            arbres.append((key, arbre, ", ".join(others)))
        return self._render("porte.md.j2", root=prefix, arbres=arbres, autres=autres, propres=propres,
                            autre_libelle=autre_libelle, prefix=prefix)

    def liste_fiches(self, destinataire: str | None, prefix: str) -> str:
        return self._render("liste_fiches.md.j2", groups=self.fiches_by_rubrique(destinataire), prefix=prefix)

    def liste_arbres(self, destinataire: str | None, prefix: str) -> str:
        return self._render("liste_arbres.md.j2", arbres=self.arbres_for(destinataire), prefix=prefix)

    def index_pages(self) -> list[GeneratedPage]:
        return [
            GeneratedPage("fiches/index.md", self._render("fiches_index.md.j2", liste=Markup(self.liste_fiches(None, ""))), "data/fiches/"),
            GeneratedPage("arbres/index.md", self._render("arbres_index.md.j2", liste=Markup(self.liste_arbres(None, ""))), "data/arbres/"),
            GeneratedPage("glossaire.md", self._render("glossaire.md.j2", root="", glossaire=sorted(self.ctx.dataset.glossaire.items(), key=lambda i: i[0].lower())), "data/glossaire.yaml"),
            GeneratedPage("baremes.md", self._render("baremes.md.j2", root="", items=sorted(self.ctx.dataset.montants.items(), key=lambda i: i[1].libelle.lower())), "data/montants.yaml"),
            GeneratedPage("fraicheur.md", self._render("fraicheur.md.j2", root="", items=overdue(self.ctx.dataset, self.ctx.today),
                                                          annonces=announcements(self.ctx.dataset)), "data/"),
            self.circuits_page(),
        ]

    def circuits_page(self) -> GeneratedPage:
        """« Nos circuits locaux »: every circuit with the channel this build shows for it."""
        data, edition = self.ctx.dataset, self.ctx.edition
        counts = references(data)
        circuits = [(key, circuit, edition.circuits.get(key) if edition else None, counts[key])
                    for key, circuit in sorted(data.circuits.items(), key=lambda item: item[1].libelle.lower())]
        source = f"data/editions/{edition_id(self.ctx)}.yaml" if edition else "data/circuits.yaml"
        content = self._render("circuits_locaux.md.j2", edition=edition, circuits=circuits, root="")
        return GeneratedPage("circuits-locaux.md", content, source)

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
        return [fiches, arbres, NavSection("Nos circuits locaux", "circuits-locaux.md")] + (
            self.formation.nav() if self.formation else [])


def edition_id(ctx: Context) -> str | None:
    """The id of the edition being built, or None for the national site."""
    if ctx.edition is None:
        return None
    return next(key for key, edition in ctx.dataset.editions.items() if edition is ctx.edition)


def abbreviations(dataset: Dataset) -> dict[str, str]:
    """Sigle → expansion for every glossary entry: the ``glossary`` of Python-Markdown's ``abbr`` extension.

    Given as the extension's configuration (not as definitions appended to each page, which
    Markdown would parse again on every page), so every page shows the tooltips.
    """
    return {sigle: re.sub(r"\s+", " ", terme.terme) for sigle, terme in sorted(dataset.glossaire.items())}
