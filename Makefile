# The tracker's two entry points: `make run` and `make test`.
# Both work on a fresh machine with Python 3.11: they create .venv and install
# the pinned requirements first (again only when a requirements file changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint check-deploy clean

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Local development server: DEBUG on, SQLite unless DATABASE_URL says otherwise.
run: export DJANGO_DEBUG ?= true
run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Everything `run` needs before serving; safe to repeat (an unchanged seed
# file is skipped on its checksum, an edited one keeps editors' work).
setup: export DJANGO_DEBUG ?= true
setup: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py setup_editors
	$(BIN)/python manage.py import_seeds

# The browser tests drive Debian's Chromium; install it when it is missing.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get install -y chromium || (apt-get update && apt-get install -y chromium)

# The whole suite, on SQLite or on the database DATABASE_URL names.
test: $(VENV)/.dev $(CHROMIUM)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
