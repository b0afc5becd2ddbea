# Nêu gương: `make run` serves the demo province, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export NEUGUONG_DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1
SCALE ?= province
SEED ?= 1

.PHONY: setup run test check bench serve-prod messages clean-db

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty --scale $(SCALE) --seed $(SEED)
	$(PY) manage.py demo_logins
	@# The task worker (e-mail) runs beside the server and stops with it.
	$(PY) manage.py db_worker --interval 2 & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver --noreload 127.0.0.1:8000

test: setup
	$(PY) -m pytest

check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

bench: setup
	$(PY) bench/run.py

messages: setup
	$(PY) manage.py makemessages -l en -d django --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'

clean-db:
	rm -f var/neuguong.sqlite3 var/neuguong.sqlite3-wal var/neuguong.sqlite3-shm
