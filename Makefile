# inference-desk: the two commands a new machine needs (see README).
#   make draft   set up .venv and draft the bundled sample day offline (no network, no key)
#   make test    set up .venv and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SAMPLE ?= 2026-04-21

.PHONY: setup draft test bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

draft: $(STAMP)
	$(BIN)/desk draft --sample $(SAMPLE)

test: $(STAMP)
	bash scripts/test-setup.sh
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/desk eval

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .desk out
