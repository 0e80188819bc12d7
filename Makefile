# One entry point. Only python3 and make are assumed on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: the runtime install (`make run`) and the development tools on top of it.
RUNTIME := $(VENV)/.runtime-stamp
DEV := $(VENV)/.dev-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-suite test-plugins test-browser lint format messages clean venv venv-dev bench loadtest faults

venv: $(RUNTIME)

venv-dev: $(DEV)

$(RUNTIME): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(RUNTIME)

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip check
	touch $(DEV)

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, then each plugin's own suite with the other plugins removed. Tests run in
# parallel, one pytest-xdist worker per core (each with its own test database and cache prefix);
# PYTEST_ARGS="-n 0" runs them in one process.
PYTEST_ARGS ?= -n auto
test: test-suite
	$(MAKE) --no-print-directory test-plugins

test-suite: venv-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# settings:tests — courses alone; the register alone; register and results without courses.
PLUGIN_SUITES := ctps.settings.test_courses_only:tests/courses \
	ctps.settings.test_register_only:tests/capability/register \
	ctps.settings.test_capability_only:tests/capability
test-plugins: venv-dev
	@for suite in $(PLUGIN_SUITES); do \
		echo "== $${suite#*:} with $${suite%%:*}"; \
		$(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS) --ds=$${suite%%:*} $${suite#*:} || exit 1; \
	done

test-browser: venv-dev
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# Benchmarks with budgets as ratios (bench/README.md); BENCH_ARGS="--scales 1" for a quick run.
bench: venv-dev
	$(PY) bench/run.py $(BENCH_ARGS)

# Load test (not run by CI): throwaway PostgreSQL + Redis + gunicorn + task worker + LRS, then
# locust on the bare page and on the mix, 2 min each (LOADTEST_ARGS="--duration 30s"; loadtest/run.py).
loadtest: venv-dev
	$(PY) loadtest/run.py $(LOADTEST_ARGS)

# Fault tests (tests/faults/, also part of `make test`): real gunicorn workers killed mid-import,
# a private PostgreSQL cluster stopped mid-request, a disk full under an upload.
faults: venv-dev
	$(PY) -m pytest -n 0 -v tests/faults

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the French catalogues (needs GNU gettext) and compile them.
messages: venv-dev
	for app in ctps_common home courses capability/register capability/results; do (cd $$app && mkdir -p locale && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l fr --no-obsolete); done
	cd site/ctps && ../../$(PY) ../../manage.py makemessages -l fr --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 static_collected media .pytest_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
