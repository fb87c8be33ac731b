"""Case-file summaries in Chromium: what « Copier le résumé » copies on every path of every real arbre."""
from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import ROOT
from macros.dossier import SensitiveTerms, summary
from macros.loader import load
from macros.render import Context, placeholder_text
from macros.schema import Conclusion

pytestmark = pytest.mark.browser

DATASET, _ = load(ROOT / "data", ROOT)
TERMS = SensitiveTerms(DATASET.dossier)
SHOWN_SUMMARY = "() => document.querySelector('.arbre-conclusion:not([hidden]) .resume-texte').innerText.trim()"


def indexed_paths(arbre):
    """(choice indexes from the start, answers, conclusion id) for every path."""
    out = []

    def walk(node_id, indexes, answers):
        node = arbre.noeuds[node_id]
        if isinstance(node, Conclusion):
            out.append((indexes, answers, node_id))
            return
        for i, choix in enumerate(node.choix):
            walk(choix.suivant, indexes + [i], answers + [choix])

    walk(arbre.depart, [], [])
    return out


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@pytest.mark.parametrize("key", sorted(DATASET.arbres))
def test_browser_summary_of_every_path(page, real_site, key):
    arbre = DATASET.arbres[key]
    ctx = Context(DATASET, date.today())
    page.goto(real_site.url(f"arbres/{key}.html"))
    page.wait_for_selector(".arbre.arbre--js")
    walks = indexed_paths(arbre)
    # Every path in the page itself (one round trip): the summary text shown for each.
    shown_texts = page.evaluate("""async paths => {
        const out = [];
        for (const [hash, id] of paths) {
            location.hash = hash;
            for (let i = 0; i < 50 && document.getElementById('n-' + id).hidden; i++) {
                await new Promise(resolve => setTimeout(resolve, 20));
            }
            out.push(document.querySelector('#n-' + id + ' .resume-texte').innerText.trim());
        }
        return out;
    }""", [["#r-" + "-".join(map(str, indexes)), conclusion_id] for indexes, _, conclusion_id in walks])
    for (indexes, answers, conclusion_id), shown in zip(walks, shown_texts):
        expected = summary(arbre, answers, arbre.noeuds[conclusion_id],
                           lambda kind, key: placeholder_text(ctx, kind, key), date.today())
        assert flat(shown) == flat(expected), f"{key} {indexes}"
        assert TERMS.found(shown) == [], f"{key} {indexes} : {shown}"
        for choix in answers:
            if not choix.dossier and len(choix.reponse) > 3:
                assert choix.reponse not in shown


SENSITIVE_WALKS = [
    ["Elle a des idées de mort ou d'en finir, sans danger immédiat"],
    ["Oui, danger immédiat : elle veut passer à l'acte maintenant, en a les moyens, ou fait un malaise"],
    ["Non, pas d'idées de mort", "Consommation d'alcool, de tabac ou de cannabis qui lui échappe"],
    ["Non, pas d'idées de mort", "Un trouble déjà connu et suivi (traitement, psychiatre) qui s'aggrave"],
]


@pytest.mark.parametrize("answers", SENSITIVE_WALKS, ids=["idees-de-mort", "danger", "alcool", "trouble-suivi"])
def test_copied_summary_of_souffrance_psychique_has_no_sensitive_answer(context, page, real_site, answers):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site.base.rstrip("/"))
    page.goto(real_site.url("arbres/souffrance-psychique.html"))
    page.wait_for_selector(".arbre.arbre--js")
    for answer in answers:
        page.locator(".arbre-noeud:not([hidden]) a.arbre-choix", has_text=answer).click()
    conclusion = page.locator(".arbre-conclusion:not([hidden])")
    conclusion.locator(".arbre-copier").click()
    conclusion.locator(".arbre-copie-etat", has_text="Résumé copié.").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Date : ") and "Situation : Accompagnement de la personne." in copied
    assert TERMS.found(copied) == [], copied
    for answer in answers:
        assert answer not in copied
    for word in ("mort", "alcool", "cannabis", "suicid", "psychi", "3114", "passer à l", "trouble", "danger"):
        assert word not in copied.lower(), (word, copied)
    # The path on screen still shows the answers (for the adviser), never in the copy.
    assert page.locator(".arbre-chemin li").count() == len(answers)
