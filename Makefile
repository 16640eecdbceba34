# The two commands: `make run` (set up everything, then serve on http://127.0.0.1:8000)
# and `make test` (set up, then lint, architecture contract, type check, migration check
# and tests).
# Both are idempotent: running them again only does what is out of date.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PORT ?= 8000
export PORT
# Python caches compiled modules (and pytest its rewritten test modules) in __pycache__,
# even where the environment says not to: a second `make test` then skips compiling.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: compiled-messages run setup test lint types check-migrations messages vendor help

help:
	@echo "make run    set up everything and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run lint, import contract, type check, migration check and all tests"

run: setup
	@echo
	@echo "Serving Næringshage on http://127.0.0.1:$(PORT), with the task worker beside it"
	@echo "(Procfile; stop both with Ctrl+C)"
	PYTHONUNBUFFERED=1 exec $(BIN)/honcho start --no-colour --port $(PORT) --env /dev/null

setup: $(VENV)/.runtime .env compiled-messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data
	$(MANAGE) seed_demo --i-know-this-is-demo
	$(MANAGE) collectstatic --noinput --verbosity 0

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= -n auto
test: $(VENV)/.dev .env compiled-messages node_modules/.package-lock.json lint types check-migrations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports

# Static types (mypy with django-stubs) of core, accounts and the apps' services and
# selectors; the paths are listed in pyproject.toml.
types: $(VENV)/.dev .env
	$(BIN)/mypy

check-migrations: $(VENV)/.dev .env
	$(MANAGE) makemigrations --check --dry-run

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# A random SECRET_KEY for this machine, written once; .env is never committed.
.env:
	@$(PYTHON) -c 'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(64)); print("ALLOWED_HOSTS=127.0.0.1,localhost")' > $@
	@echo "wrote .env with a new SECRET_KEY"

compiled-messages: $(VENV)/.runtime .env
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

# Browser-test tooling (axe-core, the Nu Html Checker) from package-lock.json.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --ignore-scripts; \
	else \
		echo "npm not found: browser tests will be skipped (install nodejs and npm)"; \
	fi

# For developers: refresh the Norwegian catalogue after changing texts.
messages: $(VENV)/.runtime .env
	$(MANAGE) makemessages --locale nb --no-obsolete --add-location file --ignore=.venv --ignore=node_modules --ignore=staticfiles

# For developers: copy Designsystemet from node_modules into static/vendor/.
vendor: node_modules/.package-lock.json
	bash scripts/vendor-assets.sh

# Speed at national scale on a throwaway PostgreSQL 15 and gunicorn (run by hand, takes
# minutes; the generated data set is kept in .bench/). See docs/performance.md.
.PHONY: bench
bench: $(VENV)/.dev .env compiled-messages
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The import's speed on PostgreSQL (DATABASE_URL: a server whose database is left alone;
# the bench makes and drops one of its own). See docs/performance.md.
.PHONY: bench-import
bench-import: $(VENV)/.runtime .env compiled-messages
	$(PY) scripts/bench_import.py $(BENCH_ARGS)
