# OT Desk — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: run test lint check install bench clean-data messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the demo on http://127.0.0.1:8000 (migrates and loads the demo district when empty),
## with one task-queue worker (manage.py run_worker) beside the web server for long jobs;
## the worker is stopped when the web server stops (Ctrl+C).
## manage.py's start-up step (otdesk/core/startup.py) creates the data directory first.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	@echo "Starting one worker for long jobs (manage.py run_worker) beside the web server."
	$(BIN)/python manage.py run_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

## Lint, type-check, scan for security mistakes (bandit), check migrations, run every test
## (browser tests included).
test: install lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy otdesk
	$(BIN)/bandit -c pyproject.toml -r otdesk -q

## Compile the Spanish (and any other) translations after editing a .po file.
messages:
	cd otdesk && ../$(BIN)/python ../manage.py compilemessages

bench: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python -m bench

clean-data:
	rm -rf data
