# The front door. `make run` and `make test` need nothing but python3 on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
ARGS ?=

.PHONY: run test lint format migrations-check bench bench-matching bench-digest bench-home bench-web messages venv fuzz

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m forum.devstack run

test: $(STAMP)
	$(PY) -m forum.devstack test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PORTAL_CODE_ONLY=1 $(VENV)/bin/mypy

# schemathesis over every API operation as a visitor, a member and an admin; fails on any 5xx.
# Short pass by default (all four schemathesis phases, 25 examples per operation: 610 s and
# 58,921 requests on the 2-core machine). .ci/run skips the coverage phase, whose boundary
# cases are most of that time (FUZZ_PHASES=examples,fuzzing,stateful: 306 s, 10,083 requests;
# CI runs those at 5 examples: 84 s, 2,126 requests).
# The long one: make fuzz FUZZ_EXAMPLES=200
fuzz: $(STAMP)
	$(PY) -m forum.devstack fuzz $${FUZZ_EXAMPLES:-25}

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	$(PY) -m forum.devstack test --no-header -q -p no:randomly tests/test_migrations.py

messages: $(STAMP)
	$(PY) manage.py makemessages --all --no-obsolete -i '.venv/*' -i '.devdata/*' -i 'bench/*'
	$(PY) manage.py compilemessages -i '.venv'

bench: bench-matching bench-digest bench-home bench-web

bench-matching: $(STAMP)
	$(PY) bench/matching.py --profiles $${PROFILES:-100000} --workers $${WORKERS:-2} --compare

bench-digest: $(STAMP)
	$(PY) bench/digest.py --subscribers $${SUBSCRIBERS:-100000}

bench-home: $(STAMP)
	$(PY) bench/home.py --profiles $${PROFILES:-100000}

bench-web: $(STAMP)
	$(PY) bench/web.py --profiles $${PROFILES:-100000}
