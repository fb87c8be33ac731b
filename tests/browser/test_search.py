"""The site's own search in Chromium: real adviser queries, what results show, search from file:// and a zip.

Queries are data: tests/browser/search_queries.yaml. Material's search box ignores a value set
by a script, so every query is typed (``press_sequentially``).
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))
TOP = 5
WAIT_MS = 90_000  # building the index in the browser takes seconds on a loaded machine


def open_search(page, url: str) -> None:
    """Open ``url`` and put the focus in the search box (which also starts the index from a file)."""
    page.goto(url)
    page.wait_for_load_state("load")
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label[for='__search']").first.click()
    box.click()


def results(page, query: str, base: str) -> list[str]:
    """Type ``query`` and return the pages of the results, in order, once they stop changing."""
    box = page.locator("input.md-search__input")
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query, delay=5, timeout=WAIT_MS)
    script = """([base, query]) => {
      const meta = document.querySelector('.md-search-result__meta');
      if (!meta || /Initialisation|Taper/i.test(meta.textContent)) return null;
      const items = [...document.querySelectorAll('.md-search-result__item')].map(li => {
        const href = li.querySelector('a').href.split('#')[0].split('?')[0];
        return href.startsWith(base) ? href.slice(base.length) : href;
      });
      return JSON.stringify([document.querySelector('input.md-search__input').value, meta.textContent, items]);
    }"""
    previous, stable = None, 0
    for _ in range(WAIT_MS // 250):
        state = page.evaluate(script, [base, query])
        if state is not None and state == previous:
            stable += 1
            if stable >= 2:
                break
        else:
            stable = 0
        previous = state
        page.wait_for_timeout(250)
    else:
        pytest.fail(f"« {query} » : la recherche ne répond pas (état : {previous})", pytrace=False)
    value, _meta, items = json.loads(previous)
    assert value == query
    pages: list[str] = []
    for item in items:
        if item not in pages:
            pages.append(item)
    return pages


def test_queries_are_real_and_enough():
    assert len(QUERIES) >= 40
    assert all(set(q) <= {"requete", "attendu", "premier", "situation"} and q["requete"] and q["attendu"] for q in QUERIES)
    typed = [q["requete"] for q in QUERIES]
    assert any("’" in q for q in typed), "au moins une apostrophe courbe"
    assert {"CMU", "Pôle emploi", "PFIDASS", "mutuelle gratuite", "honoraires", "medecin", "arret maladie"} <= set(typed)


def test_adviser_queries_find_their_page_in_the_top_5(page, real_site, capsys):
    if not real_site.full:
        pytest.skip("site des seules pages générées : " + real_site.note)
    open_search(page, real_site.url("index.html"))
    misses, scored = [], 0
    for query in QUERIES:
        found = results(page, query["requete"], real_site.base)
        top = found[:1] if query.get("premier") else found[:TOP]
        if query["attendu"] in top:
            scored += 1
        else:
            misses.append(f"« {query['requete']} » → attendu {query['attendu']}"
                          f"{' en premier' if query.get('premier') else ''} ; obtenu {found[:TOP]}")
    with capsys.disabled():
        print(f"\nRecherche : {scored}/{len(QUERIES)} requêtes de conseillers trouvent leur page dans les {TOP} premiers résultats")
    assert not misses, f"{len(misses)} requête(s) manquée(s) :\n" + "\n".join(misses)


def test_a_fiche_result_shows_its_en_bref_and_highlights_what_matched(page, real_site):
    open_search(page, real_site.url("index.html"))
    assert results(page, "mutuelle gratuite", real_site.base)[0] == "fiches/complementaire-sante-solidaire.html"
    first = page.locator(".md-search-result__item").first.locator("article").first
    text = first.inner_text()
    assert "Mis à jour le" not in text and "data/" not in text and "Pour :" not in text, text
    assert "C2S" in text or "complémentaire" in text.lower(), text

    pages = results(page, "honoraires", real_site.base)
    assert pages[0] == "fiches/reste-a-charge.html", pages
    marks = page.locator(".md-search-result__item").first.locator("mark").evaluate_all("els => els.map(e => e.textContent)")
    assert marks and all(m.lower().startswith("honoraire") for m in marks), marks

    results(page, "medecin", real_site.base)
    marks = page.locator(".md-search-result__item mark").evaluate_all("els => els.map(e => e.textContent)")
    assert any("médecin" in m.lower() for m in marks), marks  # the accented word matched and is marked


def test_the_page_opened_from_a_result_marks_accented_words(page, real_site):
    page.goto(real_site.url("fiches/medecin-traitant-parcours-soins.html?h=medecin"))
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelectorAll('article mark[data-md-highlight]').length > 0")
    marks = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert any(m.lower().startswith("médecin") for m in marks), marks
    assert all(m.lower().replace("é", "e").startswith("medecin") for m in marks), marks


def test_contributor_pages_are_out_of_the_search(real_site):
    index = yaml.safe_load((real_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "fiches/complementaire-sante-solidaire.html" in locations
    assert not {"contribuer/format-des-donnees.html", "contribuer/architecture.html", "fraicheur.html"} & locations
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "data/fiches/" not in texts


def _search_from_files(page, root: Path) -> list[str]:
    url = (root / "index.html").as_uri()
    open_search(page, url)
    return results(page, "mutuelle gratuite", root.as_uri() + "/")


def test_site_opened_from_the_file_system_searches(browser, real_site):
    context = browser.new_context(locale="fr-FR")
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        found = _search_from_files(page, real_site.root)
    finally:
        context.close()
    assert found and found[0] == "fiches/complementaire-sante-solidaire.html", found
    assert errors == []
    outside = [u for u in requested if not u.startswith(("file:", "blob:", "data:"))]
    assert outside == [], outside


def test_zip_unzipped_on_a_shared_drive_searches(browser, real_site, tmp_path):
    from macros.offline import make_archive

    archive = make_archive(real_site.root, tmp_path / "passerelle-site.zip")
    with zipfile.ZipFile(archive) as handle:
        names = handle.namelist()
        assert "passerelle/index.html" in names and "passerelle/search/search_index.js" in names
        handle.extractall(tmp_path / "partage")
    context = browser.new_context(locale="fr-FR")
    try:
        found = _search_from_files(context.new_page(), tmp_path / "partage" / "passerelle")
    finally:
        context.close()
    assert "fiches/complementaire-sante-solidaire.html" in found[:TOP], found


def test_fixture_site_old_name_and_synonym_from_data(page, fixture_site):
    open_search(page, fixture_site.url("index.html"))
    assert "fiches/fiche-sante.html" in results(page, "CMU", fixture_site.base)[:TOP]
    assert "fiches/fiche-sante.html" in results(page, "mutuelle gratuite", fixture_site.base)[:TOP]
    assert "arbres/arbre-test.html" in results(page, "chomage", fixture_site.base)[:TOP]
