# The two commands: `make run` (set up and serve) and `make test` (set up and run every test).
# Both work on a fresh machine that has only Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test setup install messages migrate demo serve lint lock clean

help:
	@echo "make run    set everything up and serve http://$(HOST):$(PORT)/ (admin at /admin/)"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make serve  set up and serve with gunicorn (see gunicorn.conf.py)"
	@echo "make lint   ruff"
	@echo "make bench  time every public and admin page (BENCH_ARGS=--json figures.json)"
	@echo "make load   wrk against a running make serve (scripts/load.sh)"
	@echo "make cluster-check  two app servers on one database, cache and media store"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Pinned dependencies from the lock file; reinstalled only when the lock file changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

setup: install messages demo

run: setup
	@echo
	@echo "The directory: http://$(HOST):$(PORT)/  - the admin: http://$(HOST):$(PORT)/admin/"
	@echo "To sign in to the admin, first create an account: $(MANAGE) createsuperuser"
	@echo
	$(MANAGE) runserver $(HOST):$(PORT)

# Production-style server: gunicorn (gunicorn.conf.py) with whitenoise serving hashed static files.
serve: setup
	DJANGO_ENV=$${DJANGO_ENV:-development} $(MANAGE) collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn --config gunicorn.conf.py

test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Regenerate requirements.lock from pyproject.toml (maintainers only; needs pip-tools).
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Performance (docs/performance.md): the benchmark and the load test, against DATABASE_URL.
.PHONY: bench load
BENCH_ARGS ?= --requests 30
bench: install
	$(MANAGE) bench $(BENCH_ARGS)

# Needs `make serve` running in another terminal (same DATABASE_URL and CACHE_URL).
load:
	scripts/load.sh

# Two gunicorn servers sharing one PostgreSQL (CLUSTER_DATABASE_URL, dropped and created), one
# Redis (CLUSTER_CACHE_URL) and one media directory: edits, sessions, portraits, failover.
.PHONY: cluster-check
cluster-check: install messages
	$(BIN)/python scripts/cluster_check.py
