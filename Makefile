# The two commands of the quick start, and the rest of the developer loop.
# Everything is installed by these targets into .venv; servers come from Maven Central.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: browser run stop test unit integration reliability lint bench services-up services-down clean

$(STAMP): setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make run: set up, start Kafka + Elasticsearch, run the main job on the bundled seeds
run: $(STAMP)
	$(BIN)/sitrep services up
	$(BIN)/sitrep init
	$(BIN)/python -m sitrep.demo

## make test: set up as needed and run the whole suite, integration included
test: $(STAMP) browser
	$(BIN)/python -m pytest

## Debian's Chromium for the web page's browser test (Playwright never downloads browsers)
browser:
	deploy/local/install-browser.sh

unit: $(STAMP)
	$(BIN)/python -m pytest -m unit

integration: $(STAMP)
	$(BIN)/python -m pytest -m integration

## make reliability: the whole reliability suite (faults, 10,000 hostile feeds, load); ~25 min
reliability: $(STAMP)
	SITREP_RELIABILITY_FULL=1 $(BIN)/python -m pytest tests/reliability
	$(BIN)/python -m tests.reliability.figures

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

services-up: $(STAMP)
	$(BIN)/sitrep services up

services-down: $(STAMP)
	$(BIN)/sitrep services down

## make stop: stop the demo's search page and the local servers
stop: $(STAMP)
	$(BIN)/python -m sitrep.demo --stop

clean: stop
	rm -rf .sitrep
