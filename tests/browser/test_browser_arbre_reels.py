"""Every real arbre in Chromium: #q- deep links, print on a step and in the full view, phone, axe."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT
from macros.loader import load
from macros.render import node_order
from macros.schema import Question

pytestmark = pytest.mark.browser

DATASET, _ = load(ROOT / "data", ROOT)
KEYS = sorted(DATASET.arbres)
SHOWN = """() => Array.from(document.querySelectorAll('.arbre-noeud'))
    .filter(el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0)
    .map(el => el.dataset.noeud)"""


def shortest_depths(arbre) -> dict[str, int]:
    """Answers needed to reach each node from the start (breadth-first)."""
    depth, queue = {arbre.depart: 0}, [arbre.depart]
    while queue:
        node_id = queue.pop(0)
        node = arbre.noeuds[node_id]
        if isinstance(node, Question):
            for choix in node.choix:
                if choix.suivant not in depth:
                    depth[choix.suivant] = depth[node_id] + 1
                    queue.append(choix.suivant)
    return depth


def open_tree(page, site, key, hash_=""):
    page.goto(site.url(f"arbres/{key}.html{hash_}"))
    page.wait_for_selector(".arbre.arbre--js")


# Visits each #q- link in the page itself (one round trip): shown nodes, answers in the path, heading on screen.
VISIT_ALL = """async ids => {
    const out = {};
    for (const id of ids) {
        location.hash = '#q-' + id;
        await new Promise(resolve => setTimeout(resolve, 0));
        for (let i = 0; i < 50 && document.getElementById('n-' + id).hidden; i++) {
            await new Promise(resolve => setTimeout(resolve, 20));
        }
        const shown = Array.from(document.querySelectorAll('.arbre-noeud'))
            .filter(el => getComputedStyle(el).display !== 'none').map(el => el.dataset.noeud);
        const top = document.getElementById('q-' + id).getBoundingClientRect().top;
        out[id] = [shown, document.querySelectorAll('.arbre-chemin li').length, top < innerHeight && top >= 0];
    }
    return out;
}"""


def check_heading_links(page, arbre) -> None:
    depths = shortest_depths(arbre)
    nodes = node_order(arbre)
    results = page.evaluate(VISIT_ALL, nodes)
    for node_id in nodes:
        shown, answers, on_screen = results[node_id]
        assert shown == [node_id], (node_id, shown)
        assert answers == depths[node_id], node_id
        assert on_screen, f"{node_id} : titre hors de l'écran"


@pytest.mark.parametrize("key", KEYS)
def test_tree_links_print_full_view_and_axe(page, real_site, axe_check, key):
    """One page load per tree: a fresh #q- link, every #q- link, print on a step, full view, axe."""
    arbre = DATASET.arbres[key]
    order = node_order(arbre)
    open_tree(page, real_site, key, f"#q-{order[-1]}")  # a fresh load on the last node
    assert page.evaluate(SHOWN) == [order[-1]]
    check_heading_links(page, arbre)

    # Print on a step: two answers (or fewer when a conclusion comes first), then the path and that node only.
    page.evaluate("() => { location.hash = '#r'; }")
    page.wait_for_function("d => !document.getElementById('n-' + d).hidden", arg=arbre.depart)
    axe_check(page, f"arbres/{key}.html")
    answers = 0
    while answers < 2:
        choices = page.locator(".arbre-noeud:not([hidden]) a.arbre-choix")
        if choices.count() == 0:
            break
        choices.last.click()
        answers += 1
    current = page.evaluate(SHOWN)
    assert len(current) == 1
    page.emulate_media(media="print")
    try:
        assert page.evaluate(SHOWN) == current
        assert page.locator(".arbre-chemin li").count() == answers
        assert page.locator(".arbre-chemin").is_visible()
        assert not page.locator(".arbre-actions").is_visible()
        assert not page.locator(".md-header").is_visible()
        page.emulate_media(media="screen")
        page.locator(".arbre-tout").click()
        page.emulate_media(media="print")
        # The full view prints every node, numbered, each answer naming the step it leads to.
        assert page.evaluate(SHOWN) == order
        assert not page.locator(".arbre-barre").is_visible()
        steps = {node_id: n for n, node_id in enumerate(order, start=1)}
        printed = page.evaluate("""() => Array.from(document.querySelectorAll('.arbre-noeud')).map(el => [
            el.dataset.noeud, el.querySelector('.arbre-etape').innerText.trim(),
            Array.from(el.querySelectorAll('.arbre-vers')).map(v => v.innerText.trim())])""")
        for node_id, label, vers in printed:
            assert label == f"Étape {steps[node_id]}", node_id
            node = arbre.noeuds[node_id]
            if isinstance(node, Question):
                assert [v.split(" (")[0] for v in vers] == [f"→ étape {steps[c.suivant]}" for c in node.choix], node_id
    finally:
        page.emulate_media(media="screen")
    page.mouse.move(0, 0)  # a pointer left on the button keeps its hover colours mid-transition
    page.wait_for_timeout(300)
    axe_check(page, f"arbres/{key}.html (vue complète)")

    # Full view: an answer of another step moves the focus to the step it leads to, the path unchanged.
    questions = [n for n in order if isinstance(arbre.noeuds[n], Question) and n not in current]
    if questions:
        node_id = questions[-1]
        target = arbre.noeuds[node_id].choix[0].suivant
        page.locator(f"#n-{node_id} a.arbre-choix").first.click()
        assert page.evaluate("() => document.activeElement.closest('.arbre-noeud').dataset.noeud") == target
        assert page.locator(".arbre-chemin li").count() == answers


@pytest.mark.parametrize("key", KEYS)
def test_phone_shows_the_first_question_without_scrolling(browser, real_site, key):
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_tree(page, real_site, key)
        depart = DATASET.arbres[key].depart
        box = page.locator(f"#q-{depart}").bounding_box()
        assert box is not None
        assert 0 <= box["y"] and box["y"] + box["height"] <= 667, f"question à {box['y'] + box['height']:.0f} px"
        assert page.evaluate("() => window.scrollY") == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, "défilement horizontal"
    finally:
        context.close()


def test_disabled_button_looks_disabled(page, real_site):
    open_tree(page, real_site, KEYS[0])
    back = page.locator(".arbre-retour")
    restart = page.locator(".arbre-recommencer")
    assert back.is_disabled() and restart.is_enabled()
    style = "el => { const s = getComputedStyle(el); return [s.color, s.backgroundColor, s.borderStyle, s.cursor]; }"
    disabled, enabled = back.evaluate(style), restart.evaluate(style)
    assert disabled[3] == "not-allowed" and disabled[2] == "dashed"
    assert disabled[:2] != enabled[:2]
