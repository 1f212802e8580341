# Every command a contributor or CI needs. `make help` lists them.
VENV   ?= .venv
PYTHON := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)
# The second library stack (transformers 4), for snippets that declare it.
VENV_V4  ?= .venv-v4
STAMP_V4 := $(VENV_V4)/.installed-$(shell sha256sum requirements-v4.txt | cut -c1-12)

.DEFAULT_GOAL := help
.PHONY: help install venv-v4 serve build test check record durations browser

help:  ## list the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)  ## create .venv with the pinned versions from requirements.txt

$(STAMP_V4): requirements-v4.txt
	@start=$$(date +%s); \
	python3 -m venv $(VENV_V4) && \
	$(VENV_V4)/bin/python -m pip install --quiet --upgrade pip && \
	$(VENV_V4)/bin/python -m pip install --quiet -r requirements-v4.txt && \
	rm -f $(VENV_V4)/.installed-* && touch $@ && \
	echo "v4 stack installed into $(VENV_V4) in $$(( $$(date +%s) - start )) s"

venv-v4: $(STAMP_V4)  ## create .venv-v4 with the transformers 4 stack from requirements-v4.txt

serve: $(STAMP)  ## build the site in English, Chinese and Korean and serve it on http://127.0.0.1:8000
	$(PYTHON) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## build the site into site/ (strict: any warning fails)
	$(PYTHON) -m mkdocs build --strict

browser:  ## install Debian's Chromium for the browser tests, if it is missing
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) $(STAMP_V4) browser  ## run the whole test suite (snippets, site build, browser, translations, workflows)
	$(PYTHON) -m pytest

check: $(STAMP)  ## run the snippets and compare with their recorded outputs (PATHS="..." for some)
	$(PYTHON) -m scripts.runner check $(PATHS)

durations: $(STAMP)  ## re-measure each snippet's run time into .test_durations (balances the CI shards)
	$(PYTHON) -m pytest tests/test_snippets.py --force-run --store-durations -q

record: $(STAMP)  ## run the snippets and rewrite their recorded outputs (PATHS="..." for some)
	$(PYTHON) -m scripts.runner record $(PATHS)
