# Passerelle — every target creates the virtual environment from exact pins when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE   ?= site
export NO_MKDOCS_2_WARNING := 1
# A territory's edition: make build EDITION=exemple (data/editions/exemple.yaml); empty: the national site.
export PASSERELLE_EDITION := $(EDITION)

.PHONY: serve test build check audit approuver bench links clean fuzz zip zip-engine

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus récent est requis")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.site-installed

serve: $(VENV)/.site-installed  ## site on http://127.0.0.1:8000, rebuilt on every change
	PASSERELLE_SERVE=1 $(BIN)/python -m mkdocs serve --no-strict --dev-addr 127.0.0.1:8000 --watch data --watch macros

test: $(VENV)/.dev-installed  ## the whole suite, offline
	$(BIN)/python -m pytest

# The site engine: mkdocs (reference), properdocs or zensical (make build ENGINE=zensical; the other two
# are installed with the test tools: make test, or pip install -r requirements-dev.txt).
ENGINE ?= mkdocs

build: $(VENV)/.site-installed  ## writes $(SITE)/ (ENGINE=mkdocs|properdocs|zensical); on failure the previous $(SITE)/ stays
	@rm -rf "$(SITE).tmp"
	@if $(BIN)/python -m macros build --engine "$(ENGINE)" --site "$(abspath $(SITE)).tmp"; then \
		rm -rf "$(SITE)" && mv "$(SITE).tmp" "$(SITE)" && echo "Site construit dans $(SITE)/"; \
	else \
		rm -rf "$(SITE).tmp"; echo "Construction échouée : $(SITE)/ n'a pas été modifié." >&2; exit 1; \
	fi

zip: zip-engine build  ## passerelle-site.zip: unzip it anywhere, double-click passerelle/index.html (search works offline)
	$(BIN)/python -m macros.offline zip --site "$(SITE)" --out passerelle-site.zip

zip-engine:  # the offline search of the archive needs Material's search index: not with Zensical
	@if [ "$(ENGINE)" = zensical ]; then \
		echo "make zip : l'archive hors ligne se construit avec MkDocs ou ProperDocs (sans ENGINE=zensical, dont la recherche ne marche pas depuis file://)" >&2; exit 1; fi

check: $(VENV)/.site-installed  ## check the data and pages without building
	$(BIN)/python -m macros check

audit: $(VENV)/.site-installed  ## list what is past its revaluation or review date; fails if anything is
	$(BIN)/python -m macros audit

approuver: $(VENV)/.site-installed  ## after review: store the fingerprint of training questions (IDS="ens-part-q01 …" or IDS=--tout)
	@test -n "$(IDS)" || { echo 'Indiquez IDS="identifiant …" (ou IDS=--tout)' >&2; exit 1; }
	$(BIN)/python -m macros formation approuver $(IDS)

bench: $(VENV)/.site-installed  ## build time and page size with synthetic fiches (FICHES=1000 ARBRES=100)
	$(BIN)/python -m macros.bench --fiches $(or $(FICHES),1000) --arbres $(or $(ARBRES),100)

fuzz: $(VENV)/.dev-installed  ## long fuzz run of the loader (FUZZ=10000 mutated data files)
	PASSERELLE_FUZZ=$(or $(FUZZ),10000) $(BIN)/python -m pytest -q tests/test_fuzz_loader.py

links: $(VENV)/.site-installed  ## online check of every external URL (weekly job; not part of make test)
	$(BIN)/python -m macros.links

clean:
	rm -rf $(SITE) $(SITE).tmp .pytest_cache passerelle-site.zip
