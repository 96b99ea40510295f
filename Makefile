# The two commands of the README are the contract: `make run` and `make test`.
# Everything else here is a step they share. Works on a fresh machine with Python 3.11+,
# Node/npm and make; nothing is downloaded at run time.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTANCE ?= instance
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test lint bench clean

install: $(VENV)/.installed node_modules/.installed

# The bundled plugins in plugins/ are installed as outside ones are: each its own package.
BUNDLED_PLUGINS := $(dir $(wildcard plugins/*/pyproject.toml))

$(VENV)/.installed: pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]' $(addprefix -e ,$(BUNDLED_PLUGINS))
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/carebridge --instance $(INSTANCE) init
	$(BIN)/carebridge --instance $(INSTANCE) demo
	$(BIN)/carebridge --instance $(INSTANCE) serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/render.py
	$(BIN)/python bench/relevance.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) node_modules/.installed instance .pytest_cache
