# Tangerang LIVE: `make run` serves the portal locally, `make test` runs every check.
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: run test test-browser screenshots lint format install bench bench-quick wrk messages docs lighthouse

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
	$(BIN)/mypy core/tangerang_live $(foreach p,$(PLUGINS),$(dir $(p))$(notdir $(p:/pyproject.toml=)))

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The browser journeys (tests/browser) run with the rest; without chromium they are skipped,
# and `make test-browser` fails instead.
CHROMIUM := /usr/bin/chromium

# The browser journeys run in a pytest process of their own: Playwright's synchronous API keeps an
# event loop running in the main thread, which the asyncio tests cannot share. The rest runs on
# every core (a module's tests stay together, sharing its fixtures); the journeys keep one
# process, since chromium already fills the cores and two measured no faster than one.
PARALLEL := -n auto --dist loadscope

test: lint
	$(BIN)/pytest --hypothesis-profile=ci $(PARALLEL) --ignore=tests/browser
	$(BIN)/pytest --hypothesis-profile=ci tests/browser
	@test -x $(CHROMIUM) || echo "browser tests skipped: install chromium with \`apt-get install chromium\`"

test-browser: install
	PORTAL_REQUIRE_BROWSER=1 $(BIN)/pytest tests/browser

# Saves the journeys' screenshots (desktop and phone) to docs/screenshots/.
screenshots: install
	PORTAL_REQUIRE_BROWSER=1 PORTAL_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q tests/browser

# The API reference, from the docstrings of the public names (a test fails when it is stale).
docs: install
	$(BIN)/python -m tangerang_live.apidoc docs/api.md

# Benchmarks: the portal against a bare reference app, interleaved (bench/README.md).
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench: install wrk
	$(BIN)/python bench/run.py

bench-quick: install wrk
	$(BIN)/python bench/run.py --quick

# Lighthouse's mobile audit of the home page, the LAKSA list, the report form and a report, with
# the npm package (pinned here, installed into .lighthouse/) driving Debian's chromium; the scores
# go to docs/lighthouse.md. It starts its own portal with demo data on a free port.
LIGHTHOUSE_VERSION := 13.5.0
LIGHTHOUSE := .lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE):
	npm install --prefix .lighthouse --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: install $(LIGHTHOUSE)
	@test -x $(CHROMIUM) || (echo "install chromium first: apt-get install chromium" && false)
	@test "$$($(LIGHTHOUSE) --version)" = "$(LIGHTHOUSE_VERSION)" || \
		npm install --prefix .lighthouse --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION)
	$(BIN)/python bench/lighthouse.py --lighthouse $(LIGHTHOUSE) --chromium $(CHROMIUM) \
		--output docs/lighthouse.md

# Translations: extract the user-facing strings of the host (with the themes) and of each plugin
# package, merge them into its Bahasa Indonesia catalog (locale/id/LC_MESSAGES/messages.po) and
# compile that to check it (the portal itself compiles catalogs in memory at start-up).
messages: install
	@set -e; \
	for package in core/tangerang_live $(foreach p,$(PLUGINS),$(dir $(p))$(notdir $(p:/pyproject.toml=))); do \
		sources=$$package; [ $$package = core/tangerang_live ] && sources="$$package themes"; \
		$(BIN)/pybabel -q extract -F babel.cfg -w 100 --add-location=file --sort-output --project "Tangerang LIVE" \
			-o $$package/locale/messages.pot $$sources; \
		if [ -f $$package/locale/id/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update -w 100 -N --ignore-obsolete -i $$package/locale/messages.pot -d $$package/locale -l id; \
		else \
			$(BIN)/pybabel -q init -w 100 -i $$package/locale/messages.pot -d $$package/locale -l id; \
		fi; \
		$(BIN)/pybabel compile --statistics -d $$package/locale -l id; \
	done
