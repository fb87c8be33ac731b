"""``make serve``: data edits rebuild the site, bad data shows in every page, the server recovers by itself."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import VALID, build_env

pytestmark = pytest.mark.build
HOME = "---\ntitle: Accueil\n---\n# Accueil\n\nNombre de fiches : {{ nombre(\"fiches\") }}.\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # a request that hangs fails the test
        return response.read().decode("utf-8")


def _wait_for(url: str, needle: str, limit: float = 240) -> str:
    deadline, last = time.monotonic() + limit, ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"« {needle} » jamais affiché par {url} ; dernière page :\n{last[-2000:]}", pytrace=False)


def test_serve_rebuilds_on_data_edits_and_recovers_from_bad_data(tmp_path):
    from macros.mkdocs_config import copy_assets, write_config

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    docs = tmp_path / "docs"
    docs.mkdir()
    copy_assets(docs)
    (docs / "index.md").write_text(HOME, encoding="utf-8")
    config = write_config(tmp_path / "mkdocs.yml", docs, ["index.md", "glossaire.md", "baremes.md", "fraicheur.md"])
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-f", str(config), "-a", f"127.0.0.1:{port}",
         "--watch", str(data)],
        cwd=tmp_path, env=build_env(data, PASSERELLE_SERVE="1"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    fiche = data / "fiches" / "fiche-sante.yaml"
    good = fiche.read_text(encoding="utf-8")
    try:
        _wait_for(base + "fiches/fiche-sante.html", "de test, sous un plafond")
        fiche.write_text(good.replace("de test, sous un plafond", "modifiée, sous un plafond"), encoding="utf-8")
        _wait_for(base + "fiches/fiche-sante.html", "modifiée, sous un plafond")  # a data edit is live
        fiche.write_text(good + "champ_inconnu: x\n", encoding="utf-8")
        page = _wait_for(base + "index.html", "Les données ont 1 problème(s)")  # shown, not stuck
        assert "champ_inconnu" in page and "fiche-sante.yaml" in page
        fiche.write_text(good, encoding="utf-8")
        page = _wait_for(base + "index.html", "Nombre de fiches : 2")  # recovered by itself
        assert "Les données ont" not in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "champ inconnu « champ_inconnu »" in output  # the terminal says it too
    assert "Traceback" not in output
