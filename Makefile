# innovlib: two commands do everything on a machine with Python 3.11 and pip.
#   make reproduce   install, run every notebook (and every value its parameters declare), write outputs/, the report
#   make test        install, run the test suite
#   make lab         open JupyterLab on notebooks/ with the innovlib kernel
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JOBS ?=

.PHONY: reproduce test coverage lab bench clean help lock
help:
	@sed -n '2,5p' Makefile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install when the package definition or the lock file changes; the stamp records a finished install.
# requirements.lock pins the exact version of every package (run.json records its sha256, `innovlib verify`
# names any package whose version differs from a cited run); `make lock` regenerates it.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	@echo "==> [1/4] upgrading pip in $(VENV)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> [2/4] installing the exact versions of requirements.lock (a few minutes; one line per package)"
	$(BIN)/python -m pip install --progress-bar off -r requirements.lock
	@echo "==> [3/4] installing innovlib itself (editable, no dependencies: they come from the lock file)"
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@echo "==> [4/4] registering the 'innovlib' Jupyter kernel"
	$(BIN)/python -m ipykernel install --sys-prefix --name innovlib --display-name "Python (innovlib)" >/dev/null
	touch $@
	@echo "==> installed into $(VENV)"

# Regenerate requirements.lock from pyproject.toml with pip-tools, installed in a throw-away environment (it is
# not a dependency of innovlib). Review the diff, then `make test`.
lock:
	$(PYTHON) -m venv .lock-tools
	.lock-tools/bin/python -m pip install --quiet pip-tools
	.lock-tools/bin/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
		--no-emit-trusted-host --output-file requirements.lock pyproject.toml
	rm -rf .lock-tools

# --alternatives also runs every value each parameter declares, one change at a time (never in the report):
# the runs the tests check, so that `make test` right after finds them all fresh in the cache.
reproduce: $(VENV)/.installed
	$(BIN)/innovlib run --all --alternatives $(if $(JOBS),--jobs $(JOBS))

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# The suite under coverage ([tool.coverage] in pyproject.toml): every process that runs innovlib writes a data file
# into .coverage-data/ (the runner's forked workers, the Jupyter kernels, `python -m innovlib` subprocesses); they
# are combined, written as HTML into outputs/coverage/ and reported (failing under 90%). A failing test still gets
# its report, then fails the target.
coverage: $(VENV)/.installed
	rm -rf .coverage-data
	$(BIN)/python -m coverage run -m pytest || { mkdir -p .coverage-data && touch .coverage-data/tests-failed; }
	$(BIN)/python -m coverage combine --quiet
	$(BIN)/python -m coverage html --quiet --fail-under=0
	$(BIN)/python -m coverage report
	@test ! -e .coverage-data/tests-failed || { echo "make coverage: some tests failed (above)"; exit 1; }

lab: $(VENV)/.installed
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_runner.py

clean:
	rm -rf outputs .coverage-data
