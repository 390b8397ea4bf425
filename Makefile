# inference-desk: the two commands a new machine needs (see README).
#   make draft   set up .venv and draft the bundled sample day offline (no network, no key)
#   make test    set up .venv and run the test suite
#   make ci      the test suite, then the slow tests (the exhaustive kill matrix), as CI runs them
#   make test-live  smoke tests against the real services (needs network; keys from the environment)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE ?= 2026-04-21
# One stamp per install flavour: `make draft` needs only the package, `make test` adds the
# test extra (pytest, playwright, the Postgres checkpointer).
APP_STAMP  := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test

.PHONY: setup draft test test-slow test-live ci bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(APP_STAMP)

setup: $(APP_STAMP)

draft: $(APP_STAMP)
	$(BIN)/desk draft --sample $(SAMPLE)

# Two workers, a test file per worker at a time: most of the suite waits on real processes and
# servers, so this halves the wall time on a 2-core machine (`pytest` alone runs it in order).
test: $(TEST_STAMP)
	bash scripts/test-setup.sh
	$(BIN)/python -m pytest -n 2 --dist loadfile

test-slow: $(TEST_STAMP)
	bash scripts/test-setup.sh
	$(BIN)/python -m pytest -m slow

# Not part of `make ci`: CI machines have no network. Sources needing a missing key skip.
test-live: $(TEST_STAMP)
	LIVE=1 $(BIN)/python -m pytest -m live tests/live

ci: test test-slow

eval: $(APP_STAMP)
	$(BIN)/desk eval

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .desk out
