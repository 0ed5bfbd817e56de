# The commands the README names. `make site` and `make test` set up .venv on first use.
PYTHON ?= python3
PIP_VERSION := 26.3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site serve test lint generate lock clean

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

## Run the generator alone (Markdown and data into docs/)
generate: $(STAMP)
	$(BIN)/paper-atlas build

## Run every test (lint, unit, end-to-end, workflow checks, browser tests)
test: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/python -m pytest

## Re-pin every dependency after changing pyproject.toml
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[test]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^paper-atlas' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site dist docs/index.md docs/papers docs/topics docs/benchmarks docs/listings docs/data docs/previews
