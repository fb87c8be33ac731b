"""Renderers: golden pages for the fixture data, and data text that stays inert."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import markdown
import pytest

from conftest import VALID
from macros.loader import load
from macros.render import Context, Renderer, abbreviations, format_value, montant_markup, node_order
from macros.textfmt import escape_md, number_fr

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 11, 23)


@pytest.fixture
def renderer() -> Renderer:
    dataset, problems = load(VALID, VALID.parent)
    assert problems == []
    return Renderer(Context(dataset=dataset, today=TODAY, version="abc1234"))


def _attributes(html: str) -> list[dict]:
    from html.parser import HTMLParser

    found: list[dict] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(dict(attrs))

    Collect().feed(html)
    return found


def md_to_html(text: str) -> str:
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return markdown.markdown(body, extensions=["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc"])


@pytest.mark.parametrize("name", ["fiche-sante", "fiche-emploi", "arbre-test", "glossaire", "baremes", "fraicheur", "fiches-index"])
def test_golden(renderer, name):
    pages = {p.path: p for p in renderer.pages()}
    path = {"arbre-test": "arbres/arbre-test.md", "glossaire": "glossaire.md", "baremes": "baremes.md",
            "fraicheur": "fraicheur.md", "fiches-index": "fiches/index.md"}.get(name, f"fiches/{name}.md")
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(pages[path].content, encoding="utf-8")
    assert pages[path].content == golden.read_text(encoding="utf-8"), (
        f"{path} a changé ; si c'est voulu : UPDATE_GOLDEN=1 pytest tests/test_render.py")


def test_sections_always_in_the_same_order(renderer):
    content = renderer.fiche("fiche-sante").content
    order = ["{#en-bref}", "{#reperer}", "{#conditions}", "{#montants}", "{#demarches}", "{#orienter}",
             "{#vigilance}", "{#voir-aussi}", "{#references}", "{#sources}", "{#statut}"]
    positions = [content.index(anchor) for anchor in order]
    assert positions == sorted(positions)


def test_pending_status_shows_a_banner_and_validated_does_not(renderer):
    assert '!!! warning "Contenu à valider"' in renderer.fiche("fiche-sante").content
    assert "Contenu à valider" not in renderer.fiche("fiche-emploi").content


DANGEROUS = "<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} [lien](javascript:alert(1)) ![img](x.png) *[C2S]: piège {: onclick=\"x\" } # titre"


def test_data_text_is_inert(renderer):
    """Bypass validation (as a future bug might) and check the output is still safe."""
    fiche = renderer.ctx.dataset.fiches["fiche-sante"]
    renderer.ctx.dataset.fiches["fiche-sante"] = fiche.model_copy(update={"en_bref": DANGEROUS, "titre": "Titre <b>x</b>"})
    content = renderer.fiche("fiche-sante").content
    html = md_to_html(content)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html.replace("javascript&#58;", "")
    assert "<img" not in html
    assert not [attrs for attrs in _attributes(html) if "onclick" in attrs]
    assert "<b>" not in html
    assert "{{ 7*7 }}" in html.replace("\\", "")  # shown literally, never evaluated (render_macros: false)
    assert "render_macros: false" in content


def test_escape_md_neutralises_markdown():
    html = markdown.markdown(escape_md("*a* _b_ `c` [d](e) <i>f</i> 1. g"), extensions=["attr_list", "abbr", "tables"])
    assert html == "<p>*a* _b_ `c` [d](e) &lt;i&gt;f&lt;/i&gt; 1. g</p>"
    assert markdown.markdown(escape_md("1. liste")) == "<p>1. liste</p>"
    assert markdown.markdown(escape_md("- liste")) == "<p>- liste</p>"


def test_amount_shows_value_date_and_source(renderer):
    html = str(montant_markup(renderer.ctx, "test-plafond"))
    assert "1\u202f100\u00a0€ par an" in html
    assert "depuis le 1er avril 2026" in html
    assert 'href="https://www.ameli.fr/test"' in html
    assert "à actualiser" not in html


def test_amount_in_euros_and_cents_shows_two_decimals(renderer):
    assert "<strong>103,20\u00a0€</strong>" in str(montant_markup(renderer.ctx, "test-forfait"))
    assert "103,20\u00a0€" in renderer.fiche("fiche-sante").content


def test_date_shown_only_when_it_tells_something(renderer):
    # periodic (a next revaluation is announced): the date d'effet is shown
    assert "depuis le 1er avril 2026" in str(montant_markup(renderer.ctx, "test-plafond"))
    # a rule unchanged since 2020: no date beside the figure, only the source
    duree = str(montant_markup(renderer.ctx, "test-duree"))
    assert "depuis" not in duree and "source" in duree
    # unknown date d'effet: no date beside the figure, « inconnue » in the tables
    assert "depuis" not in str(montant_markup(renderer.ctx, "test-carence"))
    assert "| date d'effet inconnue |" in renderer.fiche("fiche-sante").content
    # a recent change (less than two years) shows its date even without periodic revaluation
    recent = Renderer(Context(dataset=renderer.ctx.dataset, today=date(2021, 6, 1)))
    assert "depuis le 1er janvier 2020" in str(montant_markup(recent.ctx, "test-duree"))


def test_unknown_date_is_only_allowed_on_the_oldest_value():
    from pydantic import ValidationError

    from macros.schema import Montant
    base = {"libelle": "x", "unite": "jours", "references": [{"titre": "t", "url": "https://www.ameli.fr/a"}],
            "sources": [{"titre": "t", "url": "https://www.ameli.fr/a", "consulte_le": "2026-11-30"}],
            "revalorisation": {"rythme": "r"}, "verifie_le": "2026-11-30"}
    Montant.model_validate(base | {"valeurs": [{"depuis": "inconnue", "valeur": 3}, {"depuis": "2024-01-01", "valeur": 4}]})
    with pytest.raises(ValidationError, match="seule la plus ancienne"):
        Montant.model_validate(base | {"valeurs": [{"depuis": "2024-01-01", "valeur": 3}, {"depuis": "inconnue", "valeur": 4}]})


def test_dire_shows_the_value_only_with_date_and_source_one_click_away(renderer):
    fiche = renderer.fiche("fiche-sante").content
    line = next(l for l in fiche.splitlines() if l.startswith("**À dire :**"))
    assert "1\u202f100\u00a0€ par an" in line
    assert "depuis le" not in line.split('"')[0] and "source" not in line.split('"')[0]
    html = md_to_html(line)
    link = next(a for a in _attributes(html) if a.get("href", "").startswith("../baremes.md#test-plafond"))
    assert link["title"] == "En vigueur depuis le 1er avril 2026, source : ameli.fr — détail dans les barèmes"
    arbre = renderer.arbre("arbre-test").content
    assert "](../baremes.md#test-plafond" in arbre
    # outside a dire, the same figure keeps its date and source beside it
    assert "(depuis le 1er avril 2026, " in fiche.split("## Repérer")[0]


def test_stale_amount_says_where_to_check():
    dataset, _ = load(VALID, VALID.parent)
    late = Renderer(Context(dataset=dataset, today=date(2027, 4, 2)))
    html = str(montant_markup(late.ctx, "test-ancien"))
    assert "à actualiser" in html and 'href="https://www.francetravail.fr/simulateur"' in html
    assert "Simulateur de test" in late.index_pages()[3].content  # barèmes


def test_amount_past_its_revaluation_is_flagged():
    dataset, _ = load(VALID, VALID.parent)
    late = Renderer(Context(dataset=dataset, today=date(2027, 4, 2)))
    assert "à actualiser" in str(montant_markup(late.ctx, "test-plafond"))
    assert "à actualiser" in late.fiche("fiche-sante").content


def test_value_in_force_depends_on_the_day():
    dataset, _ = load(VALID, VALID.parent)
    before = Renderer(Context(dataset=dataset, today=date(2025, 6, 1)))
    assert "1\u202f000\u00a0€" in str(montant_markup(before.ctx, "test-plafond"))


def test_formats():
    assert number_fr(10339) == "10\u202f339"
    assert number_fr(13.18) == "13,18"
    assert number_fr(1.4) == "1,4"
    assert number_fr(103.2, cents=True) == "103,20"
    assert number_fr(13.999, cents=True) == "14"
    assert format_value("euros", 103.2) == "103,20\u00a0€"
    assert format_value("euros", 0.5) == "0,50\u00a0€"
    assert format_value("euros-par-mois", 1363.6) == "1\u202f363,60\u00a0€ par mois"
    assert format_value("euros-par-an", 10339) == "10\u202f339\u00a0€ par an"
    assert format_value("pourcent", 40.4) == "40,4\u00a0%"
    assert format_value("pourcent", 75) == "75\u00a0%"
    assert format_value("jours", 1) == "1\u00a0jour"
    assert format_value("mois", 12) == "12\u00a0mois"
    assert format_value("pourcent", 57) == "57\u00a0%"
    assert format_value("smic", 1.4) == "1,4\u00a0fois le Smic"


def test_abbreviations_cover_the_glossary(renderer):
    glossary = abbreviations(renderer.ctx.dataset)
    assert glossary["C2S"] == "Complémentaire santé solidaire"
    assert glossary["ARE"] == "Allocation d'aide au retour à l'emploi"
    assert set(glossary) == set(renderer.ctx.dataset.glossaire)


def test_tree_nodes_start_with_the_first_question(renderer):
    assert node_order(renderer.ctx.dataset.arbres["arbre-test"])[0] == "debut"


def test_report_link_carries_page_version_and_date(renderer):
    content = renderer.fiche("fiche-sante").content
    assert "mailto:?subject=" in content
    for fragment in ("fiches/fiche-sante", "abc1234", "2026-11-23", "R%C3%A9f%C3%A9rent%20test%20CPAM"):
        assert fragment in content, fragment


def test_edit_link_points_at_the_yaml_when_a_repository_is_set():
    dataset, _ = load(VALID, VALID.parent)
    r = Renderer(Context(dataset=dataset, today=TODAY, depot="https://github.com/exemple/passerelle"))
    assert "https://github.com/exemple/passerelle/edit/main/data/fiches/fiche-sante.yaml" in r.fiche("fiche-sante").content
