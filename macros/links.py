"""Online check of every external URL cited by the data and the pages (weekly job, never in make test)."""
from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .loader import Dataset

URL_RE = re.compile(r"https?://[^\s)\"'<>\]]+")


def collect_urls(dataset: Dataset, docs_dir: Path | None = None) -> dict[str, set[str]]:
    """Every external URL → the places that cite it."""
    found: dict[str, set[str]] = {}
    tables = (("fiche", dataset.fiches), ("arbre", dataset.arbres), ("montant", dataset.montants))
    for kind, table in tables:
        for key, entity in table.items():
            for model in _links_of(entity):
                found.setdefault(model.url, set()).add(f"{kind} {key}")
    if dataset.terminologie:
        for term in dataset.terminologie.termes:
            found.setdefault(term.source.url, set()).add("terminologie")
    if docs_dir and docs_dir.is_dir():
        for page in sorted(docs_dir.rglob("*.md")):
            for url in URL_RE.findall(page.read_text(encoding="utf-8")):
                found.setdefault(url.rstrip(".,;"), set()).add(page.relative_to(docs_dir).as_posix())
    return found


def _links_of(entity):
    for name in ("sources", "references"):
        yield from getattr(entity, name, []) or []


def fetch(url: str, timeout: float = 20) -> int | str:
    """HTTP status of ``url`` (HEAD, then GET when HEAD is refused), or the error."""
    headers = {"User-Agent": "Passerelle link check"}
    for method in ("HEAD", "GET"):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=headers), timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return exc.code
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return str(getattr(exc, "reason", exc))
    return "inaccessible"


def broken(urls: dict[str, set[str]], get: Callable[[str], int | str] = fetch, workers: int = 8) -> list[tuple[str, int | str, set[str]]]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(urls, pool.map(get, urls)))
    return [(url, status, urls[url]) for url, status in sorted(results.items())
            if not (isinstance(status, int) and status < 400)]


def main() -> int:
    from .site import load_checked

    root = Path(__file__).resolve().parent.parent
    dataset = load_checked(root / "data", root / "docs", root)
    urls = collect_urls(dataset, root / "docs")
    failures = broken(urls)
    for url, status, where in failures:
        print(f"{status} {url} (cité par : {', '.join(sorted(where))})")
    print(f"{len(urls)} adresses vérifiées, {len(failures)} en erreur.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
