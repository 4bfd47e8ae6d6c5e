# Everyday commands. `make serve` and `make test` do all the set-up themselves.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Material prints a long notice about MkDocs 2.0 on every run.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test lock clean

help:
	@echo "make serve   serve the brief with live reload at http://127.0.0.1:8000/brief/"
	@echo "make build   strict build into site/"
	@echo "make test    run the whole test suite"
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

$(VENV)/.docs-installed: requirements/docs.lock | $(BIN)/python
	@echo "==> Installing the site's locked dependencies (requirements/docs.lock)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/docs.lock
	@touch $@

$(VENV)/.test-installed: requirements/test.lock | $(BIN)/python
	@echo "==> Installing the site's and the tests' locked dependencies (requirements/test.lock)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/test.lock
	@touch $@ $(VENV)/.docs-installed

serve: $(VENV)/.docs-installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.docs-installed
	$(BIN)/mkdocs build --clean --site-dir site

test: $(VENV)/.test-installed
	@echo "==> Running the test suite"
	$(BIN)/python -m pytest

lock:
	@command -v uv >/dev/null || { echo "error: make lock needs uv (pip install uv)" >&2; exit 1; }
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet -o requirements/docs.lock
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet --extra test -o requirements/test.lock

clean:
	rm -rf site $(VENV) .pytest_cache .mypy_cache .lycheecache
