# The two commands of the quick start, and the rest of the developer loop.
# Everything is installed by these targets into .venv; servers come from Maven Central.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# The compiled tagger (pipelines/tagger/native.py), rebuilt whenever a tagger module changes.
NATIVE := build/native/pipelines/tagger/SOURCES.sha256
SETUP := $(STAMP) $(NATIVE)

.PHONY: lock native browser dictionaries run stop test unit integration reliability lint bench services-up services-down clean

# Every install is the locked set: exact versions, every file hash-checked, sitrep itself
# built by the locked setuptools (no build isolation, so nothing unlocked is fetched).
$(STAMP): setup.py $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

## make lock: re-resolve setup.py's ranges to the newest releases they allow, into the lock
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
		--extra dev --extra native --no-emit-find-links --no-emit-index-url \
		--output-file $(LOCK) setup.py

$(NATIVE): $(STAMP) $(wildcard pipelines/tagger/*.py)
	$(BIN)/python deploy/native/build_tagger.py

## make run: set up, start Kafka + Elasticsearch, run the main job on the bundled seeds
run: $(SETUP) dictionaries
	$(BIN)/sitrep services up
	$(BIN)/sitrep init
	$(BIN)/python -m sitrep.demo

## make test: set up as needed and run the whole suite, integration included
test: $(SETUP) browser dictionaries
	$(BIN)/python -m pytest

## make native: compile the tagger with mypyc (done by every target below when it is out of date)
native: $(NATIVE)

## Debian's Chromium for the web page's browser test (Playwright never downloads browsers)
browser:
	deploy/local/install-browser.sh

## Debian's Hunspell dictionaries: the index stems en, fr, es, ar, ru and uk with them
dictionaries:
	deploy/local/install-dictionaries.sh

unit: $(SETUP)
	$(BIN)/python -m pytest -m unit

integration: $(SETUP) dictionaries
	$(BIN)/python -m pytest -m integration

## make reliability: the whole reliability suite (faults, 10,000 hostile feeds, load); ~25 min
reliability: $(SETUP) dictionaries
	SITREP_RELIABILITY_FULL=1 $(BIN)/python -m pytest tests/reliability
	$(BIN)/python -m tests.reliability.figures

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(SETUP) dictionaries
	$(BIN)/python benchmarks/run_all.py

services-up: $(STAMP) dictionaries
	$(BIN)/sitrep services up

services-down: $(STAMP)
	$(BIN)/sitrep services down

## make stop: stop the demo's search page and the local servers
stop: $(STAMP)
	$(BIN)/python -m sitrep.demo --stop

clean: stop
	rm -rf .sitrep
