"""Browser fixtures: one Chromium per session, sites built once and served on 127.0.0.1.

* ``fixture_site``: tests/fixtures/valid through the production pipeline (deterministic,
  used by the interaction tests);
* ``real_site``: the real project (``mkdocs build --strict``); while the editorial pages
  are still being written and that build fails, the real data with the generated pages
  only (a warning says so);
* ``escape_site``: the fixture data with a dangerous-looking ``en_bref``.

Chromium is never downloaded: PASSERELLE_CHROMIUM, else /usr/bin/chromium, else ``chromium``
on the PATH. Missing browser: skip locally, fail in CI (CI=true).
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
import warnings
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import ROOT, VALID, build_command, build_env, build_site

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Generated pages every fixture build includes (the editorial pages are the project's own).
GENERATED_NAV = ["index.md", "glossaire.md", "baremes.md", "fraicheur.md"]
HOME = "---\ntitle: Accueil\n---\n# Accueil\n\nPage d'accueil de test.\n"
DANGEROUS_EN_BREF = "Texte {{ 7*7 }} et [lien](javascript:alert(1)) et *gras*"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class Site:
    """A built site served over HTTP."""

    root: Path
    base: str  # "http://127.0.0.1:PORT/"
    full: bool = True  # False: the real data without the editorial pages (fallback build)
    note: str = ""

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def html(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")


@dataclass
class RequestLog:
    """Every request a browser context made."""

    urls: list[str] = field(default_factory=list)

    def record(self, request) -> None:
        self.urls.append(request.url)

    def third_party(self) -> list[str]:
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                out.append(url)
        return out


# --------------------------------------------------------------------------- browser


def _find_chromium() -> str | None:
    candidates = [os.environ.get("PASSERELLE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = _find_chromium()
    if path is None:
        message = ("Chromium introuvable (PASSERELLE_CHROMIUM, /usr/bin/chromium, chromium dans le PATH) : "
                   "installez le paquet chromium ou indiquez son chemin dans PASSERELLE_CHROMIUM.")
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev requirements missing
        if os.environ.get("CI") == "true":
            pytest.fail("playwright n'est pas installé (requirements-dev.txt)", pytrace=False)
        pytest.skip("playwright n'est pas installé (requirements-dev.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def requests_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def context(browser, requests_log):
    """A fresh context (no shared cookies or storage) whose requests are all recorded."""
    ctx = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(30_000)  # generous: a loaded 2-core machine builds big pages slowly
    ctx.on("request", requests_log.record)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    """A page of ``context``; an uncaught JavaScript error fails the test."""
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"erreurs JavaScript dans la page : {errors}"


# --------------------------------------------------------------------------- sites


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL; every server is shut down at the end of the session."""
    servers = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"http-{folder.name}", daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _build_fixture(workdir: Path, data_dir: Path) -> Path:
    result = build_site(workdir, data_dir, {"index.md": HOME}, GENERATED_NAV)
    if result.returncode != 0:
        pytest.fail(f"construction du site de test échouée :\n{result.stdout}\n{result.stderr}", pytrace=False)
    return workdir / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory, serve) -> Site:
    workdir = tmp_path_factory.mktemp("fixture-site")
    data = workdir / "data"
    shutil.copytree(VALID, data)
    folder = _build_fixture(workdir, data)
    return Site(folder, serve(folder))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory, serve) -> Site:
    folder = tmp_path_factory.mktemp("real-site") / "site"
    result = subprocess.run(build_command(folder), cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=600)
    if result.returncode == 0:
        return Site(folder, serve(folder))
    # The editorial pages are still being written: check the real data anyway.
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
    note = "mkdocs build --strict du projet échoue ; site des seules pages générées depuis data/ :\n" + tail
    warnings.warn(note, stacklevel=1)
    workdir = tmp_path_factory.mktemp("real-data-site")
    folder = _build_fixture(workdir, ROOT / "data")
    return Site(folder, serve(folder), full=False, note=note)


@pytest.fixture(scope="session")
def escape_site(tmp_path_factory, serve) -> Site:
    workdir = tmp_path_factory.mktemp("escape-site")
    data = workdir / "data"
    shutil.copytree(VALID, data)
    path = data / "fiches" / "fiche-sante.yaml"
    fiche = yaml.safe_load(path.read_text(encoding="utf-8"))
    fiche["en_bref"] = DANGEROUS_EN_BREF
    path.write_text(yaml.safe_dump(fiche, allow_unicode=True, sort_keys=False), encoding="utf-8")
    folder = _build_fixture(workdir, data)
    return Site(folder, serve(folder))


# --------------------------------------------------------------------------- axe


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:  # pragma: no cover
        pytest.skip("axe-playwright-python n'est pas installé (requirements-dev.txt)")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def axe_check(axe_source):
    """axe_check(page, label): zero WCAG 2.1 A/AA violation, or a readable failure."""

    def check(page, label: str) -> None:
        # Let CSS transitions end (a button's hover colours fade in 125 ms: mid-way, contrast fails).
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)  # evaluated in the page: no request, no script tag
        results = page.evaluate(
            "options => window.axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
        )
        violations = results["violations"]
        if violations:
            lines = [f"{label} : {len(violations)} violation(s) WCAG 2.1 A/AA"]
            for v in violations:
                targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
                lines.append(f"- {v['id']} ({v['impact']}) : {v['help']} — {len(v['nodes'])} élément(s), ex. {targets}")
            pytest.fail("\n".join(lines), pytrace=False)

    return check
