"""Decision trees in a real browser: keyboard only, per-step URLs, full view, copy, no JS, print.

The fixture tree (tests/fixtures/valid/arbres/arbre-test.yaml):
debut --Oui--> fin-oui ; debut --Non--> revenus ; revenus --Oui--> fin-c2s ; revenus --Non--> fin-oui.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TREE = "arbres/arbre-test.html"
NODES = ["debut", "revenus", "fin-oui", "fin-c2s"]
Q_DEBUT = "A-t-elle une complémentaire santé ?"
Q_REVENUS = "Ses revenus sont-ils faibles ?"

VISIBLE_NODES = """() => Array.from(document.querySelectorAll('.arbre-noeud'))
    .filter(el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0)
    .map(el => el.dataset.noeud)"""
ACTIVE = """() => { const el = document.activeElement; return el ? {
    tag: el.tagName, cls: el.className, text: el.textContent.trim(),
    node: el.closest('.arbre-noeud') ? el.closest('.arbre-noeud').dataset.noeud : null } : null; }"""


def visible_nodes(page) -> list[str]:
    return page.evaluate(VISIBLE_NODES)


def path_entries(page) -> list[str]:
    return [t.strip() for t in page.locator(".arbre-chemin li").all_text_contents()]


def tab_to(page, predicate: str, *, backwards: bool = False, limit: int = 150) -> dict:
    """Press Tab (or Shift+Tab) until ``predicate(document.activeElement)`` is true."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"):
            return page.evaluate(ACTIVE)
    pytest.fail(f"{limit} × {key} sans atteindre l'élément voulu ({predicate}) ; focus : {page.evaluate(ACTIVE)}")


def wait_hash(page, value: str) -> None:
    page.wait_for_function("h => location.hash === h", arg=value)


@pytest.fixture
def tree(page, fixture_site):
    page.goto(fixture_site.url(TREE))
    page.wait_for_selector(".arbre.arbre--js")
    return page


def test_starts_with_the_first_question_only(tree):
    assert visible_nodes(tree) == ["debut"]
    assert tree.locator(".arbre-barre").is_visible()
    assert tree.locator(".arbre-aucune").is_visible()
    assert path_entries(tree) == []
    assert tree.locator(".arbre-retour").is_disabled()


def test_keyboard_only_walk(tree, fixture_site):
    # Tab from the top of the page to the first answer of the first question.
    focused = tab_to(tree, "el.matches('a.arbre-choix')")
    assert focused["node"] == "debut" and focused["text"] == "Oui", focused
    focused = tab_to(tree, "el.matches('a.arbre-choix')")
    assert focused["node"] == "debut" and focused["text"] == "Non", focused
    tree.keyboard.press("Enter")

    wait_hash(tree, "#r-1")
    assert visible_nodes(tree) == ["revenus"]
    assert path_entries(tree) == [f"{Q_DEBUT} — Non"]
    assert not tree.locator(".arbre-aucune").is_visible()
    focused = tree.evaluate(ACTIVE)
    assert focused["tag"] == "H2" and focused["node"] == "revenus", focused

    # « Question précédente », reached and pressed with the keyboard.
    tab_to(tree, "el.matches('button.arbre-retour')", backwards=True)
    tree.keyboard.press("Enter")
    wait_hash(tree, "#r")
    assert visible_nodes(tree) == ["debut"]
    assert path_entries(tree) == []
    focused = tree.evaluate(ACTIVE)
    assert focused["tag"] == "H2" and focused["node"] == "debut", focused
    assert tree.locator(".arbre-retour").is_disabled()

    # Down to a conclusion: Non, then Oui.
    tab_to(tree, "el.matches('a.arbre-choix') && el.textContent.trim() === 'Non'")
    tree.keyboard.press("Enter")
    wait_hash(tree, "#r-1")
    focused = tab_to(tree, "el.matches('a.arbre-choix')")
    assert focused["node"] == "revenus" and focused["text"] == "Oui", focused
    tree.keyboard.press("Enter")
    wait_hash(tree, "#r-1-0")
    assert visible_nodes(tree) == ["fin-c2s"]
    expected_path = [f"{Q_DEBUT} — Non", f"{Q_REVENUS} — Oui"]
    assert path_entries(tree) == expected_path
    assert "Éléments utiles : Pas de complémentaire santé." in tree.locator("#n-fin-c2s .resume-texte").inner_text()

    # The URL of the step: a reload shows the same conclusion and path.
    assert tree.url == fixture_site.url(TREE) + "#r-1-0"
    tree.reload()
    tree.wait_for_selector(".arbre.arbre--js")
    assert visible_nodes(tree) == ["fin-c2s"]
    assert path_entries(tree) == expected_path

    # « Recommencer » with the keyboard.
    tab_to(tree, "el.matches('button.arbre-recommencer')")
    tree.keyboard.press("Enter")
    wait_hash(tree, "#r")
    assert visible_nodes(tree) == ["debut"]
    assert path_entries(tree) == []
    assert tree.locator(".arbre-aucune").is_visible()


def test_step_url_in_a_new_page(page, fixture_site):
    page.goto(fixture_site.url(TREE + "#r-1-0"))
    page.wait_for_selector(".arbre.arbre--js")
    assert visible_nodes(page) == ["fin-c2s"]
    assert path_entries(page) == [f"{Q_DEBUT} — Non", f"{Q_REVENUS} — Oui"]


def test_heading_anchor_opens_on_the_shortest_path(page, fixture_site):
    """Search results link to a node's heading (#q-…)."""
    page.goto(fixture_site.url(TREE + "#q-fin-c2s"))
    page.wait_for_selector(".arbre.arbre--js")
    assert visible_nodes(page) == ["fin-c2s"]
    assert path_entries(page) == [f"{Q_DEBUT} — Non", f"{Q_REVENUS} — Oui"]
    page.evaluate("() => { location.hash = '#q-revenus'; }")
    page.wait_for_function("() => !document.querySelector('#n-revenus').hidden")
    assert visible_nodes(page) == ["revenus"]
    assert path_entries(page) == [f"{Q_DEBUT} — Non"]


def test_node_anchor_opens_on_the_shortest_path(page, fixture_site):
    page.goto(fixture_site.url(TREE + "#n-fin-c2s"))
    page.wait_for_selector(".arbre.arbre--js")
    assert visible_nodes(page) == ["fin-c2s"]
    assert path_entries(page) == [f"{Q_DEBUT} — Non", f"{Q_REVENUS} — Oui"]


def test_invalid_step_url_falls_back(page, fixture_site):
    page.goto(fixture_site.url(TREE + "#r-1-7-3"))
    page.wait_for_selector(".arbre.arbre--js")
    assert visible_nodes(page) == ["revenus"]
    assert path_entries(page) == [f"{Q_DEBUT} — Non"]


def test_browser_back_and_forward(tree):
    tree.locator("#n-debut a.arbre-choix", has_text="Non").click()
    wait_hash(tree, "#r-1")
    tree.locator("#n-revenus a.arbre-choix", has_text="Oui").click()
    wait_hash(tree, "#r-1-0")
    tree.go_back()
    wait_hash(tree, "#r-1")
    assert visible_nodes(tree) == ["revenus"]
    assert path_entries(tree) == [f"{Q_DEBUT} — Non"]
    tree.go_forward()
    wait_hash(tree, "#r-1-0")
    assert visible_nodes(tree) == ["fin-c2s"]


def test_back_to_first_question_link(tree):
    tree.locator("#n-debut a.arbre-choix", has_text="Oui").click()
    wait_hash(tree, "#r-0")
    assert visible_nodes(tree) == ["fin-oui"]
    tree.locator("#n-fin-oui a", has_text="Revenir à la première question").click()
    wait_hash(tree, "#r")
    assert visible_nodes(tree) == ["debut"]


def test_full_view_shows_every_node(tree):
    button = tree.locator(".arbre-tout")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert sorted(visible_nodes(tree)) == sorted(NODES)
    # A choice of another step jumps to the step it leads to; the path does not change.
    tree.locator("#n-revenus a.arbre-choix", has_text="Oui").click()
    assert path_entries(tree) == []
    focused = tree.evaluate(ACTIVE)
    assert focused["tag"] == "H2" and focused["node"] == "fin-c2s", focused
    assert tree.locator("#n-revenus .arbre-vers").first.inner_text().strip() == "→ étape 4 (conclusion)"
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert button.inner_text().strip() == "Vue complète imprimable"
    assert visible_nodes(tree) == ["debut"]


def test_copy_neutral_summary(context, tree, fixture_site):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=fixture_site.base.rstrip("/"))
    tree.locator("#n-debut a.arbre-choix", has_text="Non").click()
    tree.locator("#n-revenus a.arbre-choix", has_text="Oui").click()
    wait_hash(tree, "#r-1-0")
    copy = tree.locator("#n-fin-c2s .arbre-copier")
    assert copy.is_visible()
    copy.click()
    tree.wait_for_function(
        "() => document.querySelector('#n-fin-c2s .arbre-copie-etat').textContent === 'Résumé copié.'")
    text = tree.evaluate("() => navigator.clipboard.readText()")
    assert "Orientation proposée : Proposer la C2S." in text
    assert "Éléments utiles : Pas de complémentaire santé." in text
    assert "Non ; Oui" not in text
    assert "Situation : Arbre de test." in text
    assert "Copier le résumé" not in text


def test_without_javascript_every_node_is_linked(browser, fixture_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(fixture_site.url(TREE))
        nodes = page.locator(".arbre-noeud")
        assert nodes.count() == len(NODES)
        for i in range(nodes.count()):
            assert nodes.nth(i).is_visible(), nodes.nth(i).get_attribute("id")
        assert not page.locator(".arbre-barre").is_visible()
        assert not page.locator(".arbre-copier").first.is_visible()
        links = page.locator("a.arbre-choix")
        for i in range(links.count()):
            href = links.nth(i).get_attribute("href")
            assert href.startswith("#n-"), href
            assert page.locator(f"[id='{href[1:]}']").count() == 1, f"ancre {href} absente"
        page.locator("#n-debut a.arbre-choix", has_text="Non").click()
        assert page.url.endswith("#n-revenus")
        assert page.locator("#n-revenus").is_visible()
    finally:
        context.close()


def printed_nodes(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.arbre-noeud'))
        .filter(el => getComputedStyle(el).display !== 'none').map(el => el.dataset.noeud)""")


def test_print_on_a_step_shows_the_path_and_the_current_node_only(tree):
    tree.locator("#n-debut a.arbre-choix", has_text="Non").click()
    wait_hash(tree, "#r-1")
    tree.emulate_media(media="print")
    try:
        assert printed_nodes(tree) == ["revenus"]
        assert tree.locator(".arbre-barre").is_visible()
        assert path_entries(tree) == [f"{Q_DEBUT} — Non"]
        assert tree.locator(".arbre-chemin li").first.is_visible()
        assert not tree.locator(".arbre-actions").is_visible()
        assert not tree.locator(".arbre-etape").first.is_visible()
        assert not tree.locator(".arbre-intro").is_visible()
        assert tree.locator("h1").is_visible()
    finally:
        tree.emulate_media(media="screen")


def test_print_of_the_full_view_shows_every_numbered_node(tree):
    tree.locator(".arbre-tout").click()
    tree.emulate_media(media="print")
    try:
        assert sorted(printed_nodes(tree)) == sorted(NODES)
        assert not tree.locator(".arbre-barre").is_visible()
        assert tree.locator(".arbre-intro").is_visible()
        steps = [t.strip() for t in tree.locator(".arbre-etape").all_inner_texts()]
        assert steps == ["Étape 1", "Étape 2", "Étape 3", "Étape 4"]
        assert tree.locator("#n-debut .arbre-vers").all_inner_texts() == ["→ étape 2 (conclusion)", "→ étape 3"]
    finally:
        tree.emulate_media(media="screen")


def test_without_javascript_print_shows_every_node(browser, fixture_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(fixture_site.url(TREE))
        page.emulate_media(media="print")
        assert sorted(printed_nodes(page)) == sorted(NODES)
    finally:
        context.close()
