# innovlib: two commands do everything on a machine with Python 3.11 and pip.
#   make reproduce   install, run every notebook, write outputs/ and the report
#   make test        install, run the test suite
#   make lab         open JupyterLab on notebooks/ with the innovlib kernel
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JOBS ?=

.PHONY: reproduce test lab bench clean help
help:
	@sed -n '2,5p' Makefile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install when the package definition changes; the stamp records a finished install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name innovlib --display-name "Python (innovlib)" >/dev/null
	touch $@

reproduce: $(VENV)/.installed
	$(BIN)/innovlib run --all $(if $(JOBS),--jobs $(JOBS))

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lab: $(VENV)/.installed
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_runner.py

clean:
	rm -rf outputs
