"""Training pages in a real browser: quiz by keyboard, score, trainer/learner mode remembered, printing
following the mode, readable without JavaScript, replay links, GIFT download, zero axe violations.

Fixture: tests/fixtures/valid + tests/fixtures/formation (parcours « parcours-test », modules mod-un…mod-quatre).
mod-un: un-q01 choix unique (right: 0), un-q02 choix multiple (0 and 1 at 50 %, 2 at -100 %), un-q03 vrai (true).
"""
from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import Site, _build_fixture
from tests.conftest import VALID
from tests.gift_reader import parse

pytestmark = pytest.mark.browser

FORMATION = VALID.parent / "formation"
MODULE = "formation/mod-un.html"
KIT = ["formation/parcours-test.html", "formation/parcours-test-participant.html", "formation/parcours-test-formateur.html",
       "formation/parcours-test-test.html", "formation/parcours-test-corrige.html", "formation/parcours-test-evaluation.html"]
REAL = ["formation.html", "formation/travailler-ensemble.html", "formation/ens-arbres-en-binome.html",
        "formation/ens-pdp-inaptitude.html", "formation/travailler-ensemble-test.html"]


@pytest.fixture(scope="session")
def formation_site(tmp_path_factory, serve) -> Site:
    workdir = tmp_path_factory.mktemp("formation-site")
    data = workdir / "data"
    shutil.copytree(VALID, data)
    shutil.copytree(FORMATION, data / "formation")
    folder = _build_fixture(workdir, data)
    return Site(folder, serve(folder))


def _open(page, site, path):
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None and response.ok, path
    page.wait_for_selector(".formation-mode:not([hidden])") if page.locator(".formation-mode").count() else None


def _region(page, qid):
    return page.locator(f"#{qid} .quiz-retour")


def test_quiz_by_keyboard_feedback_and_score(page, formation_site, requests_log):
    _open(page, formation_site, MODULE)
    before = len(requests_log.urls)
    # un-q01: a wrong answer, then the right one, with the keyboard only
    # value = the answer's place in the data (0 is the right one), whatever order the page shows
    page.locator("#un-q01 input[value='1']").focus()
    page.keyboard.press("Space")  # selects a wrong answer
    page.locator("#un-q01 .quiz-valider").focus()
    assert page.evaluate("() => document.activeElement.classList.contains('quiz-valider')")
    page.keyboard.press("Enter")
    region = _region(page, "un-q01")
    assert region.get_attribute("aria-live") == "polite"
    assert "Ce n'est pas la bonne réponse." in region.inner_text()
    assert region.locator("a").first.get_attribute("href") == "../fiches/fiche-sante.html#orienter"
    page.locator("#un-q01 input[value='0']").focus()
    page.keyboard.press("Space")  # the right answer
    page.locator("#un-q01 .quiz-valider").focus()
    page.keyboard.press("Enter")
    assert region.inner_text().startswith("Bonne réponse.")
    # un-q02: two checkboxes with the space bar → full marks
    page.locator("#un-q02 input[value='0']").focus()
    page.keyboard.press("Space")
    page.locator("#un-q02 input[value='1']").focus()
    page.keyboard.press("Space")
    page.locator("#un-q02 .quiz-valider").focus()
    page.keyboard.press("Enter")
    assert "Réponse complète." in _region(page, "un-q02").inner_text()
    # un-q03 true/false: « Faux » is wrong
    page.locator("#un-q03 input[value='faux']").focus()
    page.keyboard.press("Space")
    page.locator("#un-q03 .quiz-valider").focus()
    page.keyboard.press("Enter")
    assert "Ce n'est pas la bonne réponse." in _region(page, "un-q03").inner_text()
    # the score, for the learner only
    page.locator(".quiz-score-bouton").focus()
    page.keyboard.press("Enter")
    score = page.locator(".quiz-score")
    assert score.get_attribute("aria-live") == "polite"
    assert score.inner_text().startswith("Votre score : 2 sur 8 (3 question(s) validée(s) sur 8)")
    # nothing left the browser
    assert requests_log.urls[before:] == [] and requests_log.third_party() == []


def test_partial_credit_in_multiple_choice(page, formation_site):
    _open(page, formation_site, MODULE)
    page.locator("#un-q02 input[value='0']").check()
    page.locator("#un-q02 input[value='2']").check()
    page.locator("#un-q02 .quiz-valider").click()
    text = _region(page, "un-q02").inner_text()
    assert "Réponse incorrecte." in text and "Mauvaise réponse : Non : jamais d'information médicale." in text


def _key_visible(page) -> bool:
    return page.locator("#un-q01 .quiz-cle").is_visible()


def test_mode_switch_is_remembered_and_printing_follows_it(page, formation_site):
    _open(page, formation_site, MODULE)
    button = page.locator(".formation-bascule")
    assert button.get_attribute("aria-pressed") == "false"
    assert not _key_visible(page) and not page.locator(".notes-formateur").is_visible()
    assert not page.locator("#un-cas-01 .cas-corrige").is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert _key_visible(page) and page.locator("#un-q01 .quiz-cle").get_attribute("open") is not None
    assert page.locator(".notes-formateur").is_visible() and page.locator("#un-cas-01 .cas-corrige").is_visible()
    assert "Mode formateur" in page.locator(".formation-mode-etat").inner_text()
    # remembered on this device, on every training page
    page.reload(wait_until="load")
    assert page.locator(".formation-bascule").get_attribute("aria-pressed") == "true" and _key_visible(page)
    assert page.evaluate("() => localStorage.getItem('passerelle-mode')") == "formateur"
    # printing follows the mode, without the site's navigation
    page.emulate_media(media="print")
    assert _key_visible(page) and page.locator(".notes-formateur").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible() and not page.locator(".md-header").is_visible()
    assert not page.locator(".formation-mode").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")
    page.locator(".formation-bascule").click()
    assert page.locator(".formation-bascule").get_attribute("aria-pressed") == "false"
    page.emulate_media(media="print")
    assert not _key_visible(page) and not page.locator(".notes-formateur").is_visible()
    assert not page.locator("#un-cas-01 .cas-corrige").is_visible()
    assert page.locator("#un-q01 legend").is_visible()
    page.emulate_media(media="screen")


def test_without_javascript_questions_stay_readable_answers_folded(browser, formation_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(formation_site.url(MODULE))
        assert page.locator("#un-q01 legend").is_visible()
        assert page.locator("#un-q01 label").first.is_visible()
        assert not page.locator("#un-q01 .quiz-valider").is_visible()
        assert not page.locator(".formation-mode").is_visible()
        key = page.locator("#un-q01 .quiz-cle")
        assert key.get_attribute("open") is None
        assert not key.locator(".quiz-explication").first.is_visible()
        key.locator("summary").click()
        assert key.locator(".quiz-explication").first.is_visible()
        assert "Bonne réponse" in key.inner_text()
    finally:
        context.close()


def test_replay_link_opens_the_arbre_on_the_expected_conclusion(page, formation_site):
    _open(page, formation_site, MODULE)
    page.locator(".formation-bascule").click()
    link = page.locator("#un-cas-01 a.cas-rejouer")
    assert link.get_attribute("href") == "../arbres/arbre-test.html#r-1-0"
    link.click()
    page.wait_for_url("**/arbres/arbre-test.html#r-1-0")
    assert page.locator("#n-fin-c2s").is_visible() and not page.locator("#n-debut").is_visible()


def test_gift_file_is_downloadable_and_parses(page, formation_site):
    _open(page, formation_site, "formation/parcours-test.html")
    link = page.locator("a[href='passerelle-parcours-test.txt']")
    assert link.count() == 1
    response = page.request.get(formation_site.url("formation/passerelle-parcours-test.txt"))
    assert response.ok
    assert len(parse(response.body().decode("utf-8"))) == 32


def test_printed_test_has_no_answer_and_no_navigation(page, formation_site):
    _open(page, formation_site, "formation/parcours-test-test.html")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    body = page.locator("article").inner_text()
    assert "Bonne réponse" not in body and "Vérifier ses droits à la C2S" in body
    assert page.pdf(format="A4")[:4] == b"%PDF"


@pytest.mark.parametrize("path", [MODULE] + KIT)
def test_axe_training_pages(page, formation_site, axe_check, path):
    _open(page, formation_site, path)
    axe_check(page, path)


def test_axe_module_in_trainer_mode_with_feedback(page, formation_site, axe_check):
    _open(page, formation_site, MODULE)
    page.locator(".formation-bascule").click()
    page.locator("#un-q01 input[value='1']").check()
    page.locator("#un-q01 .quiz-valider").click()
    page.locator(".quiz-score-bouton").click()
    axe_check(page, MODULE + " (mode formateur, après réponse)")


@pytest.mark.parametrize("path", REAL)
def test_axe_real_training_pages(page, real_site, axe_check, path):
    _open(page, real_site, path)
    axe_check(page, path)
    if page.locator(".formation-bascule").count():
        page.locator(".formation-bascule").click()
        axe_check(page, path + " (mode formateur)")
