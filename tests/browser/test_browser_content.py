"""Content in the browser: glossary tooltips, French search with old names, escaping of data."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def search(page, site, query: str, expected_href: str) -> list[str]:
    """Type ``query`` in Material's search like a person; wait for a result linking to ``expected_href``."""
    page.goto(site.url("index.html"))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-search__icon, label[for='__search']").first.click()
    box.press_sequentially(query, delay=30)  # fill() is ignored by Material
    result = page.locator(f".md-search-result__item a[href*='{expected_href}']")
    try:
        result.first.wait_for(timeout=10_000)
    except Exception:
        found = page.locator(".md-search-result__item a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        pytest.fail(f"« {query} » : aucun résultat vers {expected_href} ; résultats : {found}", pytrace=False)
    return page.locator(".md-search-result__item a").evaluate_all("els => els.map(a => a.getAttribute('href'))")


def test_glossary_tooltip_on_fiche(page, real_site):
    page.goto(real_site.url("fiches/complementaire-sante-solidaire.html"))
    abbr = page.locator("article abbr", has_text="C2S").first
    assert abbr.count() == 1
    assert abbr.get_attribute("title") == "Complémentaire santé solidaire"


def test_glossary_tooltip_on_fixture_fiche(page, fixture_site):
    page.goto(fixture_site.url("fiches/fiche-sante.html"))
    titles = page.locator("article abbr").evaluate_all("els => els.map(e => [e.textContent, e.title])")
    assert ["C2S", "Complémentaire santé solidaire"] in titles, titles


@pytest.mark.parametrize("query, href", [
    ("mutuelle gratuite", "complementaire-sante-solidaire"),
    ("CMU", "complementaire-sante-solidaire"),
    ("Pôle emploi", "fiches/france-travail-inscription-plein-emploi"),
])
def test_search_in_french_real_site(page, real_site, query, href):
    search(page, real_site, query, href)


def test_search_old_name_fixture(page, fixture_site):
    search(page, fixture_site, "CMU", "fiche-sante")


def test_data_is_escaped(page, escape_site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(escape_site.url("fiches/fiche-sante.html"))
    html = page.content()
    body = page.locator("article").inner_text()
    paragraph = page.locator("#en-bref + p")
    assert paragraph.inner_text().strip() == "Texte {{ 7*7 }} et [lien](javascript:alert(1)) et *gras*"
    assert "{{ 7*7 }}" in body
    assert "Texte 49" not in body
    assert 'href="javascript:' not in html.lower()
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert paragraph.locator("em, a").count() == 0, "Markdown d'une donnée interprété"
    page.wait_for_timeout(200)
    assert dialogs == []
