# The commands the README names. `make site` and `make test` set up .venv on first use.
PYTHON ?= python3
PIP_VERSION := 26.3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site serve test lint generate offline vendor lock clean bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'pip==$(PIP_VERSION)'
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

## Build the site from seeds/ into site/
site: $(STAMP)
	$(BIN)/mkdocs build --strict

## Preview with live reload (edits to seeds/ and the taxonomy are picked up)
serve: $(STAMP)
	$(BIN)/mkdocs serve

## Build the offline bundle dist/paper-atlas-offline.zip (unzip it, open paper-atlas/index.html)
offline: $(STAMP)
	$(BIN)/mkdocs build --strict -f mkdocs.offline.yml
	$(BIN)/python -m generator.bundle dist/offline dist/paper-atlas-offline.zip

## Refresh the vendored iframe-worker shim (offline search from file://) from the npm registry
IFRAME_WORKER := iframe-worker@1.0.4
SHIM_DIR := overrides/assets/javascripts/iframe-worker
vendor:
	rm -rf .vendor && mkdir .vendor
	cd .vendor && npm pack --silent $(IFRAME_WORKER) >/dev/null && tar xzf iframe-worker-*.tgz
	cp .vendor/package/shim/index.js $(SHIM_DIR)/shim.js
	cp .vendor/package/LICENSE $(SHIM_DIR)/LICENSE
	rm -rf .vendor

## Run the generator alone (Markdown and data into docs/)
generate: $(STAMP)
	$(BIN)/paper-atlas build

## Run every test (lint, unit, end-to-end, workflow checks, browser tests)
test: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest

## Benchmark at 1k, 10k and 100k papers against the bare-MkDocs floor (prints a table, writes .bench/results.json)
BENCH_ARGS ?= --sizes 1000,10000,100000 --full-max 10000 --search-at 10000
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

## Re-pin every dependency after changing pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[test]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^paper-atlas' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site dist .bench docs/.paper-atlas-build.json docs/index.md docs/map.md docs/papers docs/topics docs/benchmarks docs/listings docs/data docs/previews docs/feeds docs/whats-new.md
