"""Post-build work on the built site: finished search index, search that works from file://, zip.

Engine-independent: every function takes the built site folder and rewrites files in it.
``finish_site`` is called at the end of each build (MkDocs glue: ``on_post_build``);
``make zip`` calls ``python -m macros.offline zip``.

Why: a page opened from the file system (an unzipped archive on a shared drive) may not
fetch ``search_index.json`` nor start a worker from a file. So the index is also written as
a script (``search/search_index.js``, which Material's bundle loads itself when the page is a
file), and the search worker, its language files and Passerelle's search rules
(docs/assets/js/recherche-worker.js) are written into one function
(``assets/javascripts/workers/passerelle-search.js``) that docs/assets/js/recherche.js
starts as a Blob worker. Everything is local: no CDN, no request outside the site.
"""
from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

from .loader import Dataset
from .search_index import finish_index, page_keywords

INDEX_JSON = Path("search/search_index.json")
INDEX_SCRIPT = Path("search/search_index.js")
WORKERS = Path("assets/javascripts/workers")
LUNR = Path("assets/javascripts/lunr/min")
WORKER_BUNDLE = WORKERS / "passerelle-search.js"
WORKER_RULES = Path("assets/js/recherche-worker.js")
ARCHIVE_FOLDER = "passerelle"


class OfflineError(Exception):
    """The built site lacks a file the offline search needs (message in French)."""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OfflineError(f"{path} : fichier absent du site construit (recherche hors ligne)") from None


def write_index(site_dir: Path, dataset: Dataset) -> dict:
    """Rewrite ``search/search_index.json`` (keywords, summaries) and write its script twin.

    Returns the finished index. The script form is what a page opened from a file loads.
    """
    path = site_dir / INDEX_JSON
    index = finish_index(json.loads(_read(path)), page_keywords(dataset))
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    (site_dir / INDEX_SCRIPT).write_text(f"var __index = {text};\n", encoding="utf-8")
    return index


def _language_files(languages: list[str]) -> list[str]:
    """The lunr-languages files Material's worker imports for ``languages`` (its own rule)."""
    names = [f"lunr.{lang}.min.js" for lang in languages if lang != "en"]
    if len(languages) > 1:
        names.append("lunr.multi.min.js")
    return ["lunr.stemmer.support.min.js", *names] if names else []


def write_worker(site_dir: Path, languages: list[str]) -> Path:
    """Write the search worker as one function: language files, Passerelle's rules, Material's worker.

    Returns the path written. Raises OfflineError if a needed file is missing.
    """
    found = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    if len(found) != 1:
        raise OfflineError(f"{site_dir / WORKERS} : un seul fichier search.*.min.js attendu, trouvé {len(found)}")
    material = "\n".join(line for line in _read(found[0]).splitlines() if not line.startswith("//# sourceMappingURL="))
    parts = [
        "/* Generated at build time (macros/offline.py): the site's search worker in one function,",
        "   started as a Blob worker by assets/js/recherche.js. Local files only. */",
        "window.__passerelleSearchWorker = function () {",
        "var PASSERELLE_LANGUAGES = {",
    ]
    for name in _language_files(languages):
        code = "\n".join(line for line in _read(site_dir / LUNR / name).splitlines() if not line.startswith("//# sourceMappingURL="))
        parts.append(f"{json.dumps(name)}: function () {{\n{code}\n}},")
    parts += ["};", _read(site_dir / WORKER_RULES), material, "};", ""]
    target = site_dir / WORKER_BUNDLE
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


def finish_site(site_dir: Path, dataset: Dataset) -> dict:
    """All post-build work on ``site_dir``; returns the finished search index."""
    site_dir = Path(site_dir)
    index = write_index(site_dir, dataset)
    write_worker(site_dir, list(index.get("config", {}).get("lang", ["en"])))
    return index


def make_archive(site_dir: Path, target: Path, folder: str = ARCHIVE_FOLDER) -> Path:
    """Zip ``site_dir`` into ``target`` under one folder (``passerelle/index.html``…).

    Once unzipped, a double click on ``passerelle/index.html`` opens the site, search included.
    Raises OfflineError if the site is not built or lacks its offline search files.
    """
    site_dir = Path(site_dir)
    for needed in ("index.html", INDEX_SCRIPT, WORKER_BUNDLE):
        if not (site_dir / needed).is_file():
            raise OfflineError(f"{site_dir / needed} manquant : construisez d'abord le site (make build)")
    target = Path(target)
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and not path.name.endswith(".map"):
                archive.write(path, f"{folder}/{path.relative_to(site_dir).as_posix()}")
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.offline", description="Passerelle : archive du site")
    sub = parser.add_subparsers(dest="command", required=True)
    zip_cmd = sub.add_parser("zip", help="archive du site construit, à ouvrir sans serveur")
    zip_cmd.add_argument("--site", default="site")
    zip_cmd.add_argument("--out", default="passerelle-site.zip")
    args = parser.parse_args(argv)
    try:
        target = make_archive(Path(args.site), Path(args.out))
    except OfflineError as exc:
        print(exc, file=sys.stderr)
        return 1
    size = target.stat().st_size
    print(f"Archive {target} ({size // 1024} Kio) : décompressez-la, puis ouvrez {ARCHIVE_FOLDER}/index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
