"""The site's search index, finished after the build: what finds each page, what a result shows.

Engine-independent: works on the index as data (a dict shaped like Material for MkDocs'
``search/search_index.json``: ``config``, ``docs`` with ``location``, ``title``, ``text``).

* Every page gets a ``mots_cles`` field (declared with its boost in mkdocs.yml, search
  plugin ``fields``): the fiche's ``mots_cles``, the glossary acronyms that point to it,
  the old names of data/terminologie.yaml whose current name is in its title, and the
  everyday words of data/synonymes.yaml. The field is searched, never displayed.
* A fiche's result shows its « En bref », not the metadata line at the top of the page.
* Link lists and maintenance sections (« Statut », « Sources », « Références », « Voir aussi »,
  the lists of all fiches and arbres) are not searched: they would find the wrong page.
"""
from __future__ import annotations

import re
import unicodedata

from .loader import Dataset

KEYWORDS_FIELD = "mots_cles"
SUMMARY_SECTION = "en-bref"  # the section whose text becomes the page's result text
# Sections that are lists of links or maintenance details: searching them finds the wrong page
# (a fiche's « Voir aussi » names other fiches) and slows the index down.
UNSEARCHED_SECTIONS = ("statut", "sources", "references", "voir-aussi")
LIST_PAGES = ("fiches/index.html", "arbres/index.html")  # lists of titles: found by their own title only


def fold(text: str) -> str:
    """Lowercase, without diacritics (as the search worker folds terms): « Pôle » → « pole »."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _named_pages(dataset: Dataset, current: str) -> list[str]:
    """Fiches that carry the current name ``current`` (e.g. « Complémentaire santé solidaire (C2S) »).

    A fiche matches when its title contains the name (without its parenthesis) or the acronym
    in parentheses, or when the acronym is a glossary entry pointing to the fiche.
    """
    match = re.match(r"^(.*?)\s*(?:\(([^)]+)\))?\s*$", current)
    name, acronym = fold(match.group(1)), (match.group(2) or "").strip()
    found = []
    for key, fiche in sorted(dataset.fiches.items()):
        title = fold(fiche.titre)
        if (name and name in title) or (acronym and re.search(rf"\b{re.escape(fold(acronym))}\b", title)):
            found.append(f"fiches/{key}.md")
    entry = dataset.glossaire.get(acronym) if acronym else None
    if entry is not None and entry.fiche and f"fiches/{entry.fiche}.md" not in found:
        found.append(f"fiches/{entry.fiche}.md")
    return found


def page_keywords(dataset: Dataset) -> dict[str, list[str]]:
    """Docs-relative page path (``fiches/x.md``, ``partenariat/misas.md``) → the words that find it.

    Order: the fiche's own keywords, glossary acronyms and their expansion, old names, then
    data/synonymes.yaml. Duplicates (same folded spelling) are dropped.
    """
    out: dict[str, list[str]] = {}
    seen: dict[str, set[str]] = {}

    def add(path: str, words) -> None:
        for word in words:
            key = fold(word)
            if key not in seen.setdefault(path, set()):
                seen[path].add(key)
                out.setdefault(path, []).append(word)

    for key, fiche in sorted(dataset.fiches.items()):
        add(f"fiches/{key}.md", fiche.mots_cles)
    for sigle, terme in sorted(dataset.glossaire.items()):
        if terme.fiche and terme.fiche in dataset.fiches:
            add(f"fiches/{terme.fiche}.md", [sigle, terme.terme])
    if dataset.terminologie is not None:
        for old in dataset.terminologie.termes:
            for path in _named_pages(dataset, old.actuel):
                add(path, [old.obsolete, *old.variantes])
    for words, entry in dataset.synonymes.items():
        for ref in entry.fiches:
            add(f"fiches/{ref}.md", [words])
        for ref in entry.arbres:
            add(f"arbres/{ref}.md", [words])
        for ref in entry.pages:
            add(ref, [words])
    return out


def location(page_path: str) -> str:
    """The index location of a docs page (the site is built without directory URLs)."""
    return re.sub(r"\.md$", ".html", page_path)


def finish_index(index: dict, keywords: dict[str, list[str]]) -> dict:
    """The index with keywords added, « En bref » as the fiche's result text, status sections removed.

    Takes the parsed index and ``page_keywords()``; returns a new dict (the input is not changed).
    """
    by_location = {location(path): words for path, words in keywords.items()}
    docs = [dict(doc) for doc in index.get("docs", [])]
    summaries = {doc["location"].split("#")[0]: doc["text"] for doc in docs
                 if doc["location"].endswith("#" + SUMMARY_SECTION)}
    out = []
    for doc in docs:
        page, _, section = doc["location"].partition("#")
        if section == SUMMARY_SECTION or section in UNSEARCHED_SECTIONS or (section and page in LIST_PAGES):
            continue
        if page in LIST_PAGES:
            doc["text"] = ""
        if not section:
            if page in summaries:
                doc["text"] = summaries[page]
            if page in by_location:
                doc[KEYWORDS_FIELD] = " ; ".join(by_location[page])
        out.append(doc)
    return {**index, "docs": out}
