"""Keyboard and screen readers: glossary tooltips (WCAG 2.1.1, 1.4.13), search results; axe on every page."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FICHE = "fiches/complementaire-sante-solidaire.html"


def _tab_to_abbr(page, limit: int = 150) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate("""() => {
          const el = document.activeElement;
          if (!el || el.tagName !== 'ABBR') return null;
          const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
          return {text: el.textContent, title: el.getAttribute('data-infobulle') && document.getElementById(el.getAttribute('data-infobulle')).textContent,
                  described: ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ')};
        }""")
        if active:
            return active
    pytest.fail("aucun sigle du glossaire atteint avec la touche Tab", pytrace=False)


def test_glossary_tooltip_is_reachable_readable_and_dismissable_with_the_keyboard(page, real_site):
    page.goto(real_site.url(FICHE))
    page.wait_for_load_state("load")
    active = _tab_to_abbr(page)
    assert active["title"] and active["title"] in active["described"], active  # read by screen readers
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.first.wait_for(state="visible", timeout=5_000)  # shown on focus, not only on hover
    assert active["title"] in tooltip.first.inner_text()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.md-tooltip2--active')")
    assert page.evaluate("() => document.activeElement.tagName") == "ABBR"  # Escape hides, focus stays


def test_acronyms_inside_links_are_not_made_focusable_twice(page, real_site):
    page.goto(real_site.url("arbres/renoncement-aux-soins.html"))
    page.wait_for_load_state("load")
    assert page.locator("a abbr[tabindex], button abbr[tabindex]").count() == 0
    assert page.locator("article abbr[tabindex='0']").count() > 0


def test_fixture_acronym_gets_its_description(page, fixture_site):
    page.goto(fixture_site.url("fiches/fiche-sante.html"))
    page.wait_for_load_state("load")
    described = page.locator("article abbr", has_text="C2S").first.evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent")
    assert described == "Complémentaire santé solidaire"


def test_axe_on_every_page_with_a_tooltip_and_search_results(page, real_site, axe_check):
    pages = sorted(p.relative_to(real_site.root).as_posix() for p in real_site.root.rglob("*.html"))
    assert len(pages) > 20
    # Every page load indexes the whole site in a worker: idle it during the sweep, axe is what counts here.
    idle = "window.__passerelleSearchWorker = function () {};"
    page.route("**/passerelle-search.js", lambda route: route.fulfill(body=idle, content_type="text/javascript"))
    for path in pages:
        page.goto(real_site.url(path))
        page.wait_for_load_state("load")
        axe_check(page, path)
    page.unroute("**/passerelle-search.js")
    page.goto(real_site.url(FICHE))
    _tab_to_abbr(page)
    page.locator(".md-tooltip2--active").first.wait_for(state="visible", timeout=5_000)
    axe_check(page, FICHE + " (infobulle ouverte au clavier)")
    page.goto(real_site.url(FICHE + "?h=solidair"))
    page.wait_for_function("() => document.querySelectorAll('article mark[data-md-highlight]').length > 0")
    axe_check(page, FICHE + " (termes surlignés)")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("arret maladie", delay=5, timeout=60_000)
    page.locator(".md-search-result__item").first.wait_for(timeout=90_000)
    axe_check(page, "résultats de recherche")
