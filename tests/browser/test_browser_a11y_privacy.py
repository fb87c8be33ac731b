"""WCAG 2.1 A/AA (axe), no third-party request, no cookie, no external resource in the HTML."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# A sample of the real site: home, two fiches, one tree, glossary, amounts.
SAMPLE = [
    "index.html",
    "fiches/complementaire-sante-solidaire.html",
    "fiches/are-conditions.html",
    "arbres/renoncement-aux-soins.html",
    "glossaire.html",
    "baremes.html",
]
REAL_TREE = "arbres/renoncement-aux-soins.html"
EXTERNAL_HTML = [
    ("fonts.googleapis", re.compile(r"fonts\.googleapis", re.I)),
    ("fonts.gstatic", re.compile(r"fonts\.gstatic", re.I)),
    ('<script src="http', re.compile(r"<script\b[^>]*\ssrc=[\"']?(https?:)?//", re.I)),
    ('<link href="http', re.compile(r"<link\b[^>]*\shref=[\"']?(https?:)?//", re.I)),
]


def _open(page, site, path):
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None and response.ok, f"{path} : HTTP {response.status if response else '?'}"
    return response


@pytest.mark.parametrize("path", SAMPLE)
def test_axe_wcag21_aa(page, real_site, axe_check, path):
    _open(page, real_site, path)
    axe_check(page, path)


def test_axe_tree_after_one_answer_and_full_view(page, real_site, axe_check):
    _open(page, real_site, REAL_TREE)
    page.locator(".arbre-noeud:not([hidden]) a.arbre-choix").first.click()
    page.wait_for_function("() => /^#r-\\d+$/.test(location.hash)")
    axe_check(page, REAL_TREE + " après une réponse")
    page.locator(".arbre-tout").click()
    assert page.locator(".arbre-tout").get_attribute("aria-pressed") == "true"
    axe_check(page, REAL_TREE + " en vue complète")


def test_axe_fixture_tree_conclusion(page, fixture_site, axe_check):
    """A conclusion with its summary and copy button."""
    _open(page, fixture_site, "arbres/arbre-test.html#r-1-0")
    assert page.locator("#n-fin-c2s").is_visible()
    axe_check(page, "arbre-test.html#r-1-0")


@pytest.mark.parametrize("path", SAMPLE)
def test_html_has_no_external_resource(real_site, path):
    html = real_site.html(path)
    found = [label for label, pattern in EXTERNAL_HTML if pattern.search(html)]
    assert not found, f"{path} charge une ressource externe : {found}"


def test_no_third_party_request_and_no_cookie(context, page, real_site, fixture_site, requests_log):
    for path in SAMPLE:
        _open(page, real_site, path)
    # Interactions: a tree walked to a conclusion, full view, the search.
    page.goto(real_site.url(REAL_TREE))
    for _ in range(20):
        choices = page.locator(".arbre-noeud:not([hidden]) a.arbre-choix")
        if choices.count() == 0:
            break
        choices.first.click()
    assert page.locator(".arbre-noeud.arbre-conclusion:not([hidden])").count() == 1
    page.locator(".arbre-tout").click()
    page.goto(fixture_site.url("arbres/arbre-test.html"))
    page.locator("#n-debut a.arbre-choix", has_text="Non").click()
    page.locator("#n-revenus a.arbre-choix", has_text="Oui").click()
    page.goto(real_site.url("index.html"))
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("ameli", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")

    assert requests_log.urls, "aucune requête enregistrée"
    assert requests_log.third_party() == [], "requêtes hors du site : " + ", ".join(requests_log.third_party())
    assert context.cookies() == [], f"cookies déposés : {context.cookies()}"


def test_real_site_build_note(real_site):
    """The sweep ran on the whole site, or says why not (editorial pages still being written)."""
    if not real_site.full:
        pytest.xfail(real_site.note)
