# Tangerang LIVE: `make run` serves the portal locally, `make test` runs every check.
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: run test lint format install

$(VENV)/.installed: pyproject.toml $(PLUGINS)
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/tangerang-live quickstart
	$(BIN)/tangerang-live serve --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest
