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
.PHONY: help run test setup install messages migrate demo serve worker lint lock clean vnu html-check

help:
	@echo "make run    set everything up and serve http://$(HOST):$(PORT)/ (admin at /admin/)"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make serve  set up and serve with gunicorn (see gunicorn.conf.py)"
	@echo "make worker run background jobs and the schedule (needs CELERY_BROKER_URL)"
	@echo "make lint   ruff"
	@echo "make html-check  the Nu HTML checker on the main pages (needs Java 17+ and npm)"
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

# Harvests and imports in the background, and the schedule (beat) in the same process. Without
# CELERY_BROKER_URL jobs run at once in the process that asks for them, and no worker is needed.
# More workers, on this machine or others: WORKER_ARGS= (no --beat; one beat in all).
WORKER_ARGS ?= --beat
worker: install messages migrate
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (redis://127.0.0.1:6379/1 or amqp://guest:guest@127.0.0.1:5672//)."; exit 1; }
	$(BIN)/celery -A directory worker --loglevel INFO $(WORKER_ARGS)

test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The Nu HTML checker, pinned in package.json: installed in node_modules/ without its install
# script, which would download a Java runtime (the system's Java 17+ runs it).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

vnu: node_modules/.installed

# The demo's directory, seed profile, topics and publications in both languages, checked by vnu
# (tests/test_html_validity.py, also part of `make test` once vnu is installed).
html-check: install messages vnu
	$(BIN)/python -m pytest -m html $(PYTEST_ARGS)

# Regenerate requirements.lock from pyproject.toml (maintainers only; needs pip-tools).
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules

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
