"""Desk scenarios: from the right door, a new adviser reaches the answer in four actions or fewer.

Each situation of tests/scenarios/guichet.yaml starts on a reader's door page and
follows its actions as a person would (open a folded group, follow a link by its
visible text, answer the question on screen); the page, and for a tree the
conclusion node, must then be on screen.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

SCENARIOS = yaml.safe_load((Path(__file__).parent.parent / "scenarios" / "guichet.yaml").read_text(encoding="utf-8"))
MAX_ACTIONS = 4


def test_there_are_enough_scenarios_for_both_doors():
    assert len(SCENARIOS) >= 20
    assert {s["porte"] for s in SCENARIOS} == {"conseiller-france-travail", "assurance-maladie"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["attendu"].get("noeud") or s["attendu"]["page"] for s in SCENARIOS])
def test_situation_is_answered_from_the_door(page, real_site, scenario):
    assert len(scenario["actions"]) <= MAX_ACTIONS, scenario["situation"]
    page.goto(real_site.url(scenario["porte"] + ".html"))
    for action in scenario["actions"]:
        (kind, text), = action.items()
        if kind == "ouvrir":
            page.locator("details.porte-groupe > summary", has_text=text).first.click()
        elif kind == "lien":
            page.get_by_role("link", name=text, exact=True).first.click()
            page.wait_for_load_state()
        else:
            page.locator(".arbre-noeud:not([hidden])").get_by_role("link", name=text, exact=True).click()
    expected = scenario["attendu"]
    assert page.url.split("#")[0].endswith(expected["page"]), (scenario["situation"], page.url)
    if "noeud" in expected:
        node = page.locator(f'#n-{expected["noeud"]}')
        assert node.is_visible(), f'{scenario["situation"]} : la conclusion {expected["noeud"]} n\'est pas affichée'
        assert node.locator("h2").inner_text().startswith("Conclusion")
    else:
        assert page.locator("h1").is_visible()
