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
    assert format_value("jours", 1) == "1\u00a0jour"
    assert format_value("mois", 12) == "12\u00a0mois"
    assert format_value("pourcent", 57) == "57\u00a0%"
    assert format_value("smic", 1.4) == "1,4\u00a0fois le Smic"


def test_abbreviations_cover_the_glossary(renderer):
    text = abbreviations(renderer.ctx.dataset)
    assert "*[C2S]: Complémentaire santé solidaire" in text
    assert "*[ARE]: Allocation d'aide au retour à l'emploi" in text


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
