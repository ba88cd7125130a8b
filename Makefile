# Studio: two commands on a fresh machine.
#   make run    set up .venv if needed, open the Streamlit studio
#   make test   set up .venv if needed, run the whole test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
# The stamp is a copy of the requirements it installed: setup reruns only when they change.
STAMP := $(VENV)/.installed-requirements.txt
PORT ?= 8501
ARGS ?=

.PHONY: help setup run space test bench fetch status zoo slides clean

help:
	@echo "make run     the Streamlit studio on http://localhost:$(PORT)"
	@echo "make space   the Gradio app (the Hugging Face Space entry) on http://localhost:7860"
	@echo "make test    the whole test suite"
	@echo "make bench   every demo's benchmark"
	@echo "make fetch   download ImageNet weights and MNIST for offline workshops (ARGS=--all for VGG-16 too)"
	@echo "make status  what is present and what is missing"
	@echo "make zoo     retrain the studio's own MNIST models into pretrained/"
	@echo "make slides  render every preset as a 1920x1080 slide into slides/ (with index.md)"

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

setup: $(STAMP)

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT)

space: setup
	$(PY) app.py

test: setup
	$(PY) -m pytest $(ARGS)

bench: setup
	@set -e; for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script; done

fetch: setup
	$(PY) -m studio fetch $(ARGS)

status: setup
	$(PY) -m studio status

zoo: setup
	$(PY) -m studio.training $(ARGS)

# Every preset (the layer sweep, the GAN epoch sheet, the manifold and the denoising comparison
# among them) as result PNG + 1920x1080 slide, and slides/index.md listing them.
slides: setup
	$(PY) -m studio render --all --out slides

clean:
	rm -rf $(VENV) .pytest_cache .artifacts
