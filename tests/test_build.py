"""Strict MkDocs builds: the real site as a smoke test, fixture sites for edge cases."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, VALID, build_command, build_env, build_site

pytestmark = pytest.mark.build
THIRD_PARTY = re.compile(r'(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]+"[^>]*>', re.I)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    result = subprocess.run(build_command(site), cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_real_site_builds_with_every_page(real_site):
    from macros.loader import load

    dataset, _ = load(ROOT / "data", ROOT)
    for key in dataset.fiches:
        assert (real_site / "fiches" / f"{key}.html").is_file(), key
    for key in dataset.arbres:
        assert (real_site / "arbres" / f"{key}.html").is_file(), key
    for page in ("index.html", "glossaire.html", "baremes.html", "fraicheur.html", "fiches/index.html",
                 "conseiller-france-travail.html", "assurance-maladie.html", "formation.html"):
        assert (real_site / page).is_file(), page


def test_no_third_party_resource_is_loaded(real_site):
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            assert not THIRD_PARTY.search(tag), f"{page.relative_to(real_site)} : {tag}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_fiche_page_does_not_carry_the_whole_navigation(real_site):
    html = (real_site / "fiches" / "complementaire-sante-solidaire.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([a-z0-9-]+)\.html"', html))
    total = len(list((real_site / "fiches").glob("*.html")))
    assert len(linked) < total / 2, (len(linked), total)


def test_glossary_tooltips_on_generated_and_editorial_pages(real_site):
    assert '<abbr title="Complémentaire santé solidaire">C2S</abbr>' in (real_site / "fiches" / "complementaire-sante-solidaire.html").read_text(encoding="utf-8")
    assert "<abbr " in (real_site / "conseiller-france-travail.html").read_text(encoding="utf-8")


def test_search_index_is_french_and_knows_old_names(real_site):
    config = (real_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["fr"]' in config.replace(" ", "")
    assert "CMU" in config


def test_data_text_is_never_evaluated_as_a_template(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    fiche = data / "fiches" / "fiche-sante.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace(
        "en_bref: La C2S de test", "en_bref: Calcul {{ 7*7 }} et {{ self.__init__.__globals__ }} — La C2S de test"), encoding="utf-8")
    result = build_site(tmp_path / "w", data, nav=["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "w" / "site" / "fiches" / "fiche-sante.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "__globals__ }}" in html and "builtins" not in html


def test_bad_data_fails_the_build_with_every_problem_and_no_traceback(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    bad = Path(__file__).parent / "bad_inputs"
    shutil.copy(bad / "tree-cycle" / "arbres" / "arbre-test.yaml", data / "arbres" / "arbre-test.yaml")
    shutil.copy(bad / "script-in-text" / "fiches" / "fiche-emploi.yaml", data / "fiches" / "fiche-emploi.yaml")
    result = build_site(tmp_path / "w", data, nav=["index.md"])
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "arbre-test.yaml:6: noeuds.debut: cycle" in output
    assert "fiche-emploi.yaml:6: en_bref: balise HTML interdite" in output


def test_undefined_macro_variable_fails_the_build(tmp_path):
    result = build_site(tmp_path / "w", VALID, pages={"index.md": "# Accueil\n\n{{ variable_inconnue }}\n"},
                        nav=["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
    assert result.returncode != 0
    assert "variable_inconnue" in result.stdout + result.stderr


def test_broken_link_and_anchor_fail_the_build(tmp_path):
    for text in ("[x](absente.md)", "[x](glossaire.md#ancre-absente)"):
        result = build_site(tmp_path / text[5:9], VALID, pages={"index.md": f"# Accueil\n\n{text}\n"},
                            nav=["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
        assert result.returncode != 0, text


def test_make_build_keeps_the_last_good_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "marque.txt").write_text("ancien site", encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "montants.yaml").write_text("cle: [\n", encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", "build", f"SITE={site}"], cwd=ROOT,
                            env=build_env(data), capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert (site / "marque.txt").read_text(encoding="utf-8") == "ancien site"
    assert not Path(f"{site}.tmp").exists()


def test_real_site_publishes_the_open_data_export(real_site):
    """The build writes export/fiches.json, one record per fiche, valid against the schema published beside it."""
    import json

    import jsonschema

    from macros.loader import load

    dataset, _ = load(ROOT / "data", ROOT)
    export = json.loads((real_site / "export" / "fiches.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site / "export" / "fiches.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(export)
    assert [r["id"] for r in export["fiches"]] == sorted(dataset.fiches)
    assert export["version_du_site"] == "test"


def test_no_link_points_to_a_markdown_source(real_site):
    """Links written in raw HTML are not rewritten by MkDocs: every href must point to a built page."""
    bad = []
    for page in real_site.rglob("*.html"):
        for target in re.findall(r'href="([^"#]*\.md)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://")):
                bad.append(f"{page.relative_to(real_site)} → {target}")
    assert bad == [], bad[:10]
