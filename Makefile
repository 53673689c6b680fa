# Tangerang LIVE: `make run` serves the portal locally, `make test` runs every check.
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: run test test-browser screenshots lint format install

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

# The browser journeys (tests/browser) run with the rest; without chromium they are skipped,
# and `make test-browser` fails instead.
CHROMIUM := /usr/bin/chromium

test: lint
	$(BIN)/pytest
	@test -x $(CHROMIUM) || echo "browser tests skipped: install chromium with \`apt-get install chromium\`"

test-browser: install
	PORTAL_REQUIRE_BROWSER=1 $(BIN)/pytest tests/browser

# Saves the journeys' screenshots (desktop and phone) to docs/screenshots/.
screenshots: install
	PORTAL_REQUIRE_BROWSER=1 PORTAL_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q tests/browser
