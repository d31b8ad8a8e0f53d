# Helix: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test bench install demo lint format check messages clean

$(VENV)/.installed: requirements/dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Helix needs Python 3.11 (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

## Install, migrate, load the demo data and serve the site on http://$(HOST)
run: install
	DJANGO_DEBUG=true $(MANAGE) migrate --no-input
	DJANGO_DEBUG=true $(MANAGE) load_demo
	DJANGO_DEBUG=true $(MANAGE) runserver $(HOST)

## Install and run the whole test suite on every core (SQLite and eager tasks unless DATABASE_URL /
## REDIS_URL are set); PYTEST_ARGS="-n 0" runs it in one process
test: install
	$(PY) -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

## Seed a province on PostgreSQL, serve it with gunicorn as in production, load it with wrk, print
## the table (needs PostgreSQL and Redis: BENCH_DATABASE_URL, BENCH_REDIS_URL; see the README)
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Updates locale/vi/LC_MESSAGES/django.po (needs gettext); translate, then `make compilemessages`
messages: install
	$(MANAGE) makemessages -l vi -e html,txt,py --ignore=$(VENV) --ignore=locale_allauth --ignore=staticfiles --ignore=test-artifacts --ignore=bench --no-obsolete

compilemessages: install
	$(MANAGE) compilemessages --ignore=$(VENV)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest-media
