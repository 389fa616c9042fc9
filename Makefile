# PON Metro Aperto: the two commands of the README.
#   make site   creates .venv, installs the pinned dependencies, validates data/ and builds output/
#   make test   the same set-up, then the whole test suite (browser tests included)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test bench validate serve clean lock setup

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

site: $(STAMP)
	$(BIN)/invoke validate build

validate: $(STAMP)
	$(BIN)/invoke validate

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run

serve: $(STAMP)
	$(BIN)/invoke serve

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # The whole dependency tree, pinned (pip freeze). Regenerate with `make lock`.' > requirements.lock

clean:
	rm -rf output .build-cache
