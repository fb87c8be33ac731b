"""The same data on three engines: MkDocs (the reference), ProperDocs and Zensical.

Each engine builds the real site through ``python -m macros build --engine …`` (what
``make build ENGINE=…`` runs); the pages, their titles and their h1/h2 headings are
compared with MkDocs' and every difference is printed (``pytest -s`` shows the report).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import site_compare
from conftest import ROOT, VALID, build_command, build_env

pytestmark = pytest.mark.build
OTHER_ENGINES = ("properdocs", "zensical")
# Differences accepted between an engine and MkDocs, each with its reason. Empty: the outlines are identical.
ACCEPTED: dict[str, set[str]] = {"properdocs": set(), "zensical": set()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """engine → (built site, what the build command printed)."""
    built = {}
    for engine in ("mkdocs", *OTHER_ENGINES):
        site = tmp_path_factory.mktemp(engine) / "site"
        result = subprocess.run(build_command(site, engine=engine), cwd=ROOT, env=build_env(),
                                capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"{engine} :\n{result.stdout}{result.stderr}"
        built[engine] = (site, result.stdout)
    return built


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_engine_builds_the_same_pages_titles_and_headings(sites, engine):
    reference = site_compare.pages(sites["mkdocs"][0])
    other = site_compare.pages(sites[engine][0])
    report = site_compare.differences(reference, other)
    accepted = sum(line in ACCEPTED[engine] for line in report)
    print(f"\n{engine} / mkdocs, pages, titres, h1 et h2 : {len(other)} pages contre {len(reference)} ; "
          f"{len(report)} différence(s), dont {accepted} acceptée(s) (ACCEPTED)")
    print("\n".join(report))
    assert len(reference) > 100  # the whole site: fiches, arbres, formation, editorial pages
    unexpected = [line for line in report if line not in ACCEPTED[engine]]
    assert not unexpected, f"{engine} diffère de MkDocs :\n" + "\n".join(unexpected)


@pytest.mark.parametrize("engine", ("mkdocs", *OTHER_ENGINES))
def test_every_engine_gets_the_generated_pages_macros_tooltips_and_export(sites, engine):
    import jsonschema

    site, _ = sites[engine]
    fiche = (site / "fiches" / "complementaire-sante-solidaire.html").read_text(encoding="utf-8")
    assert '<abbr title="Complémentaire santé solidaire">C2S</abbr>' in fiche
    door = (site / "conseiller-france-travail.html").read_text(encoding="utf-8")
    assert "{{" not in door and 'href="arbres/' in door  # porte() ran: the door lists the trees
    export = json.loads((site / "export" / "fiches.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "export" / "fiches.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(export)


def test_search_from_files_is_prepared_where_the_engine_makes_materials_index(sites):
    for engine in ("mkdocs", "properdocs"):
        assert (sites[engine][0] / "search" / "search_index.js").is_file(), engine
    assert not (sites["zensical"][0] / "search" / "search_index.js").exists()
    assert "recherche depuis file:// n'est pas préparée" in sites["zensical"][1]


def test_comparison_reports_a_missing_page_and_a_changed_heading(sites, tmp_path):
    """The comparer is not blind: a page removed and a heading renamed are both reported."""
    copy = tmp_path / "site"
    shutil.copytree(sites["mkdocs"][0], copy)
    (copy / "glossaire.html").unlink()
    page = copy / "fiches" / "complementaire-sante-solidaire.html"
    page.write_text(page.read_text(encoding="utf-8").replace(">Conditions<", ">Critères<", 1), encoding="utf-8")
    report = site_compare.differences(site_compare.pages(sites["mkdocs"][0]), site_compare.pages(copy))
    assert "page absente : glossaire.html" in report
    assert any(line.startswith("fiches/complementaire-sante-solidaire.html : titres de section") and "Critères" in line
               for line in report), report


def test_zensical_failure_is_reported_without_traceback(tmp_path):
    """A broken link stops Zensical's strict build; the message names the page, not Python frames."""
    from macros.mkdocs_config import copy_assets, write_config

    docs = tmp_path / "w" / "docs"
    docs.mkdir(parents=True)
    copy_assets(docs)
    (docs / "index.md").write_text("---\ntitle: Accueil\n---\n# Accueil\n\n[x](absente.md)\n", encoding="utf-8")
    config = write_config(tmp_path / "w" / "mkdocs.yml", docs, ["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
    result = subprocess.run(build_command(tmp_path / "z", config, engine="zensical"), cwd=ROOT, env=build_env(VALID),
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "construction avec zensical échouée" in output and "absente.md" in output
    assert "Traceback" not in output and "\x1b[" not in output


def test_unknown_or_missing_engine_is_said_in_french(monkeypatch, tmp_path):
    from macros import engines

    with pytest.raises(engines.BuildError, match="moteur « hugo » inconnu ; moteurs possibles : mkdocs, properdocs, zensical"):
        engines.build("hugo", ROOT, ROOT / "mkdocs.yml", tmp_path / "site")
    monkeypatch.setitem(engines.ENGINES, "absent", engines.Engine("absent", "module_qui_n_existe_pas", True, ""))
    with pytest.raises(engines.BuildError, match="moteur « absent » absent de l'environnement"):
        engines.build("absent", ROOT, ROOT / "mkdocs.yml", tmp_path / "site")


def test_engine_report_drops_colours_and_python_frames():
    from macros.engines import engine_report

    output = ("INFO    -  Cleaning site directory\n\x1b[33mWarning:\x1b[0m page does not exist\nTraceback (most recent call last):\n"
              '  File "x.py", line 1, in <module>\n    cli()\nRuntimeError: Aborted because --strict flag is set\n')
    assert engine_report(output) == "Warning: page does not exist\nRuntimeError: Aborted because --strict flag is set"


def test_unknown_engine_on_the_command_line_is_said_in_french(tmp_path):
    result = subprocess.run(build_command(tmp_path / "site", engine="Hugo"), cwd=ROOT, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "moteur « hugo » inconnu ; moteurs possibles : mkdocs, properdocs, zensical" in result.stderr
    assert "usage:" not in result.stderr and not (tmp_path / "site").exists()
