"""The weekly link check, tested offline with a stand-in for the network."""
from __future__ import annotations

from conftest import VALID
from macros.links import broken, collect_urls
from macros.loader import load


def test_collects_sources_references_and_pages(tmp_path):
    dataset, _ = load(VALID, VALID.parent)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text("Voir [ici](https://www.ameli.fr/page-doc).\n", encoding="utf-8")
    urls = collect_urls(dataset, docs)
    assert "https://www.ameli.fr/test" in urls
    assert "fiche fiche-sante" in urls["https://www.ameli.fr/test"]
    assert "montant test-plafond" in urls["https://www.legifrance.gouv.fr/test"]
    assert urls["https://www.ameli.fr/page-doc"] == {"p.md"}


def test_reports_only_failures():
    statuses = {"https://a.fr/ok": 200, "https://a.fr/absent": 404, "https://a.fr/panne": "timed out"}
    urls = {url: {"fiche x"} for url in statuses}
    failures = broken(urls, get=statuses.__getitem__, workers=2)
    assert [(u, s) for u, s, _ in failures] == [("https://a.fr/absent", 404), ("https://a.fr/panne", "timed out")]
