# Digital help nearby. `make run` sets everything up and serves the site on SQLite with
# demo data; `make test` runs the whole suite (PostgreSQL when DATABASE_URL is set).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install test lint lock bench clean

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

setup: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) compile_translations
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) seed_demo --if-empty

run: setup
	@echo ""
	@echo "  Digital help nearby:  http://$(HOST):$(PORT)/"
	@echo "  Admin (Wagtail):      http://$(HOST):$(PORT)/admin/"
	@echo "  Demo log-ins: admin / demo-admin-2026 (administrator),"
	@echo "    samordnare.jonkoping / demo-samordnare-2026 (coordinator, Jönköping),"
	@echo "    partner.bibliotek / demo-partner-2026 (partner editor)"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(MANAGE) compile_translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the exact pins after changing requirements*.txt.
lock: install
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip freeze --exclude-editable > requirements.lock

# Benchmarks, not tests: synthetic national data in PostgreSQL (databases dh_bench_10k and
# dh_bench_100k on BENCH_PG, default postgres://postgres@127.0.0.1:5432; generated once,
# then reused), gunicorn on loopback. Results: bench/results/. A short run:
#   make bench BENCH_ARGS="--points 10000 --quick"
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
