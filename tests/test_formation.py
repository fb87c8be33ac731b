"""Training: model and checks on the fixture and the real data, drift and re-approval, rendering, GIFT export.

The GIFT files are read back with an independent strict reader (tests/gift_reader.py) and compared,
question by question, answer by answer, with the source data.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import markdown
import pytest

from conftest import ROOT, VALID
from gift_reader import GiftError, parse
from macros.checks import check
from macros.formation import checks as fchecks
from macros.formation import drift, gift
from macros.freshness import current_value
from macros.loader import load
from macros.render import Context, Renderer, format_value
from macros.schema import PLACEHOLDER_RE

FORMATION = Path(__file__).parent / "fixtures" / "formation"
TODAY = date(2026, 11, 23)


def fixture_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    shutil.copytree(FORMATION, data / "formation")
    return data


def loaded(data: Path):
    dataset, problems = load(data, data.parent)
    return dataset, problems + check(dataset)


@pytest.fixture
def fixture_data(tmp_path):
    return fixture_copy(tmp_path)


@pytest.fixture(scope="module")
def real():
    dataset, problems = load(ROOT / "data", ROOT)
    problems += check(dataset)
    assert problems == [], "\n".join(map(str, problems))
    return dataset


# ------------------------------------------------------------------ model and checks


def test_fixture_is_valid_and_complete(fixture_data):
    dataset, problems = loaded(fixture_data)
    assert problems == []
    formation = dataset.formation
    assert sorted(formation.parcours) == ["parcours-test"]
    assert len(formation.modules) == 4
    assert sum(len(m.questions) for m in formation.modules.values()) == 32
    assert drift.a_revoir(dataset) == []  # tests/fixtures/formation/empreintes.yaml is up to date


def test_no_training_folder_means_no_training(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    dataset, problems = loaded(data)
    assert problems == [] and dataset.formation.modules == {} and dataset.formation.parcours == {}


def test_real_training_data_meets_the_issue(real):
    formation = real.formation
    assert formation.parcours, "au moins un parcours"
    for key, module in formation.modules.items():
        assert len(module.questions) >= fchecks.MIN_QUESTIONS, key
        assert len(module.cas) >= fchecks.MIN_CAS, key
        assert sum(a.duree for a in module.activites) == module.duree, key
    for key, parcours in formation.parcours.items():
        assert 4 <= len(parcours.modules) <= 6, key
        rows_demi = sum(fchecks._Rules(real).sequence_minutes(key, (), s) for s in parcours.deroules.demi_journee)
        rows_jour = sum(fchecks._Rules(real).sequence_minutes(key, (), s) for s in parcours.deroules.journee)
        assert (rows_demi, rows_jour) == (210, 420), key


def test_travailler_ensemble_content(real):
    """The mixed-group parcours written with the engine: 4 modules, 10+ questions of all three types, 2+ cases."""
    parcours = real.formation.parcours["travailler-ensemble"]
    assert parcours.modules == ["ens-partenariat", "ens-orienter-consentement", "ens-pdp-inaptitude", "ens-arbres-en-binome"]
    for key in parcours.modules:
        module = real.formation.modules[key]
        assert set(module.public) == {"conseiller-france-travail", "collaborateur-assurance-maladie"}
        assert len(module.questions) >= 10, key
        assert {q.type for q in module.questions} == {"choix-unique", "choix-multiple", "vrai-faux"}, key
        assert len(module.cas) >= 2 and any(c.rejoue for c in module.cas), key
    binome = real.formation.modules["ens-arbres-en-binome"]
    assert all(len(c.rejoues()) >= 2 for c in binome.cas)  # the arbres played in pairs


def test_replay_walk():
    dataset, _ = load(VALID, VALID.parent)
    arbre = dataset.arbres["arbre-test"]
    assert fchecks.walk(arbre, [1, 0]) == ("fin-c2s", None)
    assert fchecks.walk(arbre, [1, 1]) == ("fin-oui", None)
    node, problem = fchecks.walk(arbre, [0, 0])
    assert node == "fin-oui" and "n'est pas une question" in problem
    node, problem = fchecks.walk(arbre, [5])
    assert "n'a que 2 choix" in problem


@pytest.mark.parametrize("weight,ok", [(33.33333, True), (33.333, True), (-100, True), (12.5, True), (83.33333, True),
                                       (33.3, False), (87.5, False), (45, False), (-45, False)])
def test_moodle_weights_to_a_thousandth(weight, ok):
    assert fchecks.allowed_weight(weight) is ok


# ------------------------------------------------------------------ drift


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_fiche_section_puts_its_questions_to_review_and_approval_clears_them(fixture_data):
    _edit(fixture_data / "fiches" / "fiche-sante.yaml", "canal: Accueil de la CPAM, ou", "canal: Accueil de la CPAM ou compte ameli, ou")
    dataset, problems = loaded(fixture_data)
    assert problems == []
    stale = {r.id for r in drift.a_revoir(dataset)}
    # every question and case testing fiche-sante § orienter, and only them
    assert stale == {f"{p}-{s}" for p in ("un", "deux", "trois", "quatre") for s in ("q01", "q02", "cas-01")}
    report = drift.approve(dataset, ["un-q01", "un-cas-01"])
    assert report[0].startswith("un-q01 (question, module mod-un) : empreinte mise à jour — teste fiche fiche-sante § Orienter")
    dataset, _ = loaded(fixture_data)
    assert "un-q01" not in drift.stale_ids(dataset) and "deux-q01" in drift.stale_ids(dataset)
    # the content files are untouched: only empreintes.yaml was written
    assert "un-q01:" in (fixture_data / "formation" / "empreintes.yaml").read_text(encoding="utf-8")


def test_revalued_montant_puts_questions_that_state_it_to_review(fixture_data):
    _edit(fixture_data / "montants.yaml", "{ depuis: 2026-04-01, valeur: 1100 }", "{ depuis: 2026-04-01, valeur: 1150 }")
    dataset, _ = loaded(fixture_data)
    stale = drift.stale_ids(dataset)
    assert {"un-q03", "deux-q03"} <= stale  # « Le plafond de test est de [[montant:test-plafond]] »
    assert "un-q05" not in stale


def test_changed_arbre_node_puts_its_questions_to_review(fixture_data):
    _edit(fixture_data / "arbres" / "arbre-test.yaml", "conclusion: Proposer la C2S", "conclusion: Proposer la C2S au plus vite")
    dataset, _ = loaded(fixture_data)
    assert {"un-q06", "un-cas-01"} <= drift.stale_ids(dataset)


def test_missing_fingerprint_is_to_review_and_approve_everything(fixture_data):
    (fixture_data / "formation" / "empreintes.yaml").unlink()
    dataset, _ = loaded(fixture_data)
    stale = drift.a_revoir(dataset)
    assert len(stale) == 40 and {r.reason for r in stale} == {"aucune empreinte enregistrée"}
    with pytest.raises(KeyError):
        drift.approve(dataset, ["inconnu-q01"])
    assert len(drift.approve(dataset, [], everything=True)) == 40
    dataset, _ = loaded(fixture_data)
    assert drift.a_revoir(dataset) == []


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_audit_and_approve_commands(fixture_data):
    _edit(fixture_data / "fiches" / "fiche-emploi.yaml", "demarches: [S'inscrire à France Travail.]",
          "demarches: [S'inscrire à France Travail en ligne.]")
    base = ["--data", str(fixture_data), "--docs", str(fixture_data / "no-docs")]
    audit = _cli(*base, "audit", "--date", "2026-11-23")
    assert audit.returncode == 1
    assert "question un-q07 (module mod-un) : contenu modifié depuis l'approbation — teste fiche fiche-emploi § Démarches" in audit.stdout
    approve = _cli(*base, "formation", "approuver", "un-q07")
    assert approve.returncode == 0, approve.stderr
    assert "- un-q07 (question, module mod-un) : empreinte mise à jour" in approve.stdout
    unknown = _cli(*base, "formation", "approuver", "nimporte-q01")
    assert unknown.returncode == 1 and "Identifiant(s) inconnu(s) : nimporte-q01" in unknown.stderr
    everything = _cli(*base, "formation", "approuver", "--tout")
    assert everything.returncode == 0 and "40 élément(s) réapprouvé(s)" in everything.stdout
    assert _cli(*base, "audit", "--date", "2026-11-23").returncode == 0


# ------------------------------------------------------------------ rendering


@pytest.fixture
def renderer(fixture_data) -> Renderer:
    dataset, problems = loaded(fixture_data)
    assert problems == []
    return Renderer(Context(dataset=dataset, today=TODAY, version="test"))


def _html(page) -> str:
    body = page.content.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc"])


def test_pages_and_nav(renderer):
    paths = {p.path for p in renderer.pages()}
    for suffix in ("", "-participant", "-formateur", "-test", "-corrige", "-evaluation"):
        assert f"formation/parcours-test{suffix}.md" in paths
    assert "formation/passerelle-parcours-test.txt" in paths
    assert {f"formation/mod-{n}.md" for n in ("un", "deux", "trois", "quatre")} <= paths
    section = renderer.nav()[-1]
    assert section.title == "Parcours de formation"
    assert [c[1] for c in section.children[0].children][:2] == ["formation/parcours-test.md", "formation/mod-un.md"]


def test_module_page_quiz_and_cases(renderer):
    page = next(p for p in renderer.pages() if p.path == "formation/mod-un.md")
    assert "render_macros: false" in page.content
    out = _html(page)
    assert out.count('class="quiz-question"') == 8
    assert out.count('aria-live="polite"') >= 9  # one region per question, plus the score
    # each answer's feedback links to the fiche section or the arbre node holding the answer
    assert '<a href="../fiches/fiche-sante.html#orienter">Fiche « Fiche santé de test », section « Orienter »</a>' in out
    assert 'href="../arbres/arbre-test.html#n-fin-c2s"' in out
    # replay link with the expected answers, read by the arbre's script (#r-1-0)
    assert 'href="../arbres/arbre-test.html#r-1-0">Rejouer dans l\'arbre avec ces réponses</a>' in out
    # keys and notes are marked for the learner mode, folded without JavaScript
    assert '<details class="quiz-cle formateur-seul">' in out and '<details class="cas-corrige formateur-seul">' in out
    assert 'class="formateur-seul notes-formateur"' in out
    # the montant comes from data/montants.yaml, formatted as in fiches
    assert "1\u202f100\u00a0€ par an" in out and 'data-montant="test-plafond"' in out


def test_stale_question_gets_a_trainer_badge(fixture_data):
    _edit(fixture_data / "fiches" / "fiche-emploi.yaml", "demarches: [S'inscrire à France Travail.]",
          "demarches: [S'inscrire à France Travail en ligne.]")
    dataset, _ = loaded(fixture_data)
    r = Renderer(Context(dataset=dataset, today=TODAY))
    module = next(p for p in r.pages() if p.path == "formation/mod-un.md").content
    q07 = module[module.index('id="un-q07"'):module.index('id="un-q08"')]
    assert '<span class="badge-actualiser badge-revoir formateur-seul">à revoir</span>' in q07
    fraicheur = next(p for p in r.pages() if p.path == "fraicheur.md").content
    assert "## Formation : questions et cas à revoir" in fraicheur and "`un-q07`" in fraicheur


def test_handouts_keep_answers_where_they_belong(renderer):
    pages = {p.path: p for p in renderer.pages()}
    participant = _html(pages["formation/parcours-test-participant.md"])
    test = _html(pages["formation/parcours-test-test.md"])
    for handout in (participant, test):  # no answer, no key, no feedback in the learners' papers
        assert "Bonne réponse" not in handout and "Corrigé du cas" not in handout and "quiz-explication" not in handout
    assert "Vérifier ses droits à la C2S" in test and test.count("☐") == 4 * (3 + 3 + 2 + 4 + 2 + 3 + 3 + 2)
    trainer = _html(pages["formation/parcours-test-formateur.md"])
    assert "Bonne réponse" in trainer and "Corrigé du cas" in trainer and "Insistez sur le consentement." in trainer
    corrige = pages["formation/parcours-test-corrige.md"].content
    from macros.formation.render import answer_order

    first = renderer.ctx.dataset.formation.modules["mod-un"].questions[0]
    shown = answer_order(first.reponses, first.id)
    right = next(i for i, a in enumerate(shown) if a.juste)
    assert f"| 1 | **{'ABCDEFGH'[right]}** |" in corrige and "| 3 | **Vrai** |" in corrige
    evaluation = _html(pages["formation/parcours-test-evaluation.md"])
    assert "Les objectifs étaient clairs" in evaluation and "Tout à fait d'accord" in evaluation


def test_right_answers_are_not_always_shown_first():
    """Writers put the right answer first; the pages must not (a paper test of « A » only)."""
    from conftest import ROOT
    from macros.formation.render import answer_order
    from macros.loader import load as _load

    dataset, _ = _load(ROOT / "data", ROOT)
    positions = []
    for module in dataset.formation.modules.values():
        for question in module.questions:
            if question.type == "choix-unique":
                shown = answer_order(question.reponses, question.id)
                positions.append(next(i for i, a in enumerate(shown) if a.juste))
                assert answer_order(question.reponses, question.id) == shown  # stable from one build to the next
    assert len(set(positions)) >= 3, positions
    assert positions.count(0) < len(positions) / 2


def test_deroules_add_up(renderer):
    parcours = renderer.ctx.dataset.formation.parcours["parcours-test"]
    for sequences, total in ((parcours.deroules.demi_journee, 210), (parcours.deroules.journee, 420)):
        rows = renderer.formation.rows(sequences)
        assert sum(r.duree for r in rows) == total
        assert rows[-1].debut + rows[-1].duree == total


def test_training_text_is_inert(renderer):
    """Bypass validation (as a future bug might): the quiz block still escapes everything."""
    module = renderer.ctx.dataset.formation.modules["mod-un"]
    q = module.questions[0]
    evil = '<img src=x onerror=alert(1)> & "quotes" {{ 7*7 }}'
    q2 = q.model_copy(update={"enonce": evil, "reponses": [q.reponses[0].model_copy(update={"texte": evil, "retour": evil})] + q.reponses[1:]})
    renderer.ctx.dataset.formation.modules["mod-un"] = module.model_copy(update={"questions": [q2] + module.questions[1:]})
    out = _html(next(p for p in renderer.pages() if p.path == "formation/mod-un.md"))
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt; &amp;" in out


# ------------------------------------------------------------------ GIFT


def _plain(ctx, text: str) -> str:
    """What the learner must read in Moodle: the source text, montants at their value in force."""
    def value(match):
        montant = ctx.dataset.montants[match.group(1)]
        return format_value(montant.unite, current_value(montant, ctx.today).valeur)
    return re.sub(r"[ \t\r\n\f\v]+", " ", PLACEHOLDER_RE.sub(value, text)).strip()  # no-break spaces kept


def _text(segment: str) -> str:
    return html.unescape(re.sub(r"</?p>", "", segment))


def _compare(ctx, parcours_id: str) -> int:
    content = gift.export(ctx, parcours_id)
    questions = parse(content)
    formation = ctx.dataset.formation
    expected = [(m, q) for m in formation.parcours[parcours_id].modules for q in formation.modules[m].questions]
    assert len(questions) == len(expected)
    categories = [q.category for q in questions]
    assert len(dict.fromkeys(categories)) == len(formation.parcours[parcours_id].modules)  # one category per module
    for parsed, (module_id, source) in zip(questions, expected):
        assert parsed.idnumber == source.id and parsed.name.startswith(source.id + " ")
        assert parsed.category.endswith("/" + formation.modules[module_id].titre.replace("/", "-"))
        assert module_id in parsed.tags
        assert _text(parsed.text) == _plain(ctx, source.enonce)
        assert parsed.general.startswith("Voir ")
        if source.type == "vrai-faux":
            assert parsed.kind == "truefalse" and parsed.truth is source.solution
            wrong, right = (source.retour_faux, source.retour_vrai) if source.solution else (source.retour_vrai, source.retour_faux)
            assert (_text(parsed.feedback_wrong), _text(parsed.feedback_right)) == (_plain(ctx, wrong), _plain(ctx, right))
            continue
        assert parsed.kind == ("single" if source.type == "choix-unique" else "multiple")
        assert len(parsed.answers) == len(source.reponses)
        for got, want in zip(parsed.answers, source.reponses):
            assert _text(got.text) == _plain(ctx, want.texte)
            assert _text(got.feedback) == _plain(ctx, want.retour)
            weight = (100 if want.juste else 0) if source.type == "choix-unique" else want.poids
            assert abs(got.fraction - weight) < 1e-9, (source.id, got.fraction, weight)
    return len(questions)


def test_gift_round_trip_fixture(renderer):
    assert _compare(renderer.ctx, "parcours-test") == 32
    content = gift.export(renderer.ctx, "parcours-test")
    # special characters survive: = ~ # { } : and backslash
    assert "Lui dire d'attendre \\~ un mois" in content and "C\\:\\\\dossier" in content and "\\{ni délai\\}" in content
    assert "~%33.33333%[html]" in content and "~%-100%[html]" in content and "{TRUE#" in content and "{FALSE#" in content
    assert re.search(r"^\$CATEGORY: .*\n\n", content, re.M)  # a blank line after each category


def test_gift_round_trip_real_data(real):
    ctx = Context(dataset=real, today=TODAY)
    total = sum(_compare(ctx, key) for key in real.formation.parcours)
    assert total >= 40


def test_gift_ids_are_stable_across_exports(renderer):
    first = gift.export(renderer.ctx, "parcours-test")
    again = gift.export(renderer.ctx, "parcours-test")
    assert first == again
    assert re.findall(r"^// \[id:([^\]]+)\]", first, re.M)[:3] == ["un-q01", "un-q02", "un-q03"]


@pytest.mark.parametrize("bad,message", [
    ("$CATEGORY: $course$/top/A\n::q1::[html]x{=[html]a#[html]b ~[html]c#[html]d}", "catégorie suivie"),
    ("$CATEGORY: $course$/top/A\n\n::q1::[html]x{~%33.3%[html]a#[html]b ~%66.66667%[html]c#[html]d}", "hors de la liste"),
    ("$CATEGORY: $course$/top/A\n\n::q1::[html]x{~%100%[html]a#[html]b}", "au moins 2"),
    ("$CATEGORY: $course$/top/A\n\n::q1::[html]x{true#[html]a#[html]b}", "minuscules"),
    ("$CATEGORY: $course$/top/A\n\n::q1::[html]x{=[html]a = b#[html]c ~[html]d#[html]e}", "sans explication"),
    ("$CATEGORY: $course$/top/A\n\n::q1::[html]x{~%50%[html]a#[html]b ~%40%[html]c#[html]d ~[html]e#[html]f}", "au lieu de 100"),
    ("$CATEGORY: $course$/top/A\n\n::q1::[html]x{=[html]a#[html]b\n0\n~[html]c#[html]d}", "ligne « 0 »"),
])
def test_the_reader_is_strict(bad, message):
    with pytest.raises(GiftError, match=message):
        parse(bad)


def test_empreintes_that_look_like_numbers_stay_strings(tmp_path):
    """A hash of digits with one « e » is a YAML float unless quoted: it must read back unchanged."""
    from macros.yamlload import read_yaml

    path = tmp_path / "empreintes.yaml"
    drift.write_empreintes(path, {"un-q01": "94711493811e0418", "un-q02": "0123456789012345"})
    raw, problems = read_yaml(path, "empreintes.yaml")
    assert problems == []
    assert raw["un-q01"] == "94711493811e0418"
    assert raw["un-q02"] == "0123456789012345"
