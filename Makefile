# innovlib: two commands do everything on a machine with Python 3.11 and pip.
#   make reproduce          install, run every finding's notebook (default parameters), write outputs/, the report, the site
#   make reproduce-all      the same, and every value each parameter declares, one change at a time
#   make test               install, run the test suite in parallel (the slow group runs only with CI=true)
#   make test-all           the suite with its slow group: every declared value executed, the browser tests
#   make check FINDING=x    one finding's loop: data, its unit tests, its runs, reviewed verdicts, verify
#   make lab                open JupyterLab on notebooks/ with the innovlib kernel
#   make explore            serve the explorer panels as one page without code (Voila) on http://127.0.0.1:8866/
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JOBS ?=
# pytest-xdist workers for `make test` (auto: one per core).
TEST_WORKERS ?= auto
# The suite in two passes, both run even when the first fails: every test but those that execute the project's
# notebooks, in parallel under pytest-xdist (worksteal: a worker that runs out of tests takes the other's queued
# ones, so slow runner tests queued on one worker do not leave the other idle for a minute and a half); then those
# (marked `notebooks`, tests/conftest.py) in one process, so that each notebook configuration executes once per
# session (the runner itself runs two notebooks at a time). One session for both measured slower: while one worker
# executes the notebooks, the other waits on the outputs lock. The second pass collects only the files that hold
# notebook tests (--notebook-pass: NOTEBOOK_TEST_FILES, which the first pass's collection checks).
PYTEST_SUITE = status=0; \
	echo "==> [1/2] the tests that execute no notebook of the project, in parallel (pytest-xdist, -n $(TEST_WORKERS))"; \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not notebooks" $(1) || status=1; \
	echo "==> [2/2] the tests that execute the project's notebooks, each configuration once"; \
	$(BIN)/python -m pytest -m notebooks --notebook-pass $(1) tests || status=1; \
	exit $$status

.PHONY: reproduce reproduce-all test test-all check check-finding-name coverage lab explore bench clean help lock
help:
	@sed -n '2,8p' Makefile

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

# The main job: every finding with its default parameters, then the report, then the site (outputs/site/).
reproduce: $(VENV)/.installed
	$(BIN)/innovlib run --all $(if $(JOBS),--jobs $(JOBS))
	$(BIN)/innovlib site

# Also every value each parameter declares, one change at a time (never in the report), with one sweep summary
# per notebook: the runs the slow tests check, so that `make test-all` right after finds them fresh in the cache.
reproduce-all: $(VENV)/.installed
	$(BIN)/innovlib run --all --alternatives $(if $(JOBS),--jobs $(JOBS))
	$(BIN)/innovlib site

# The slow group (every declared value executed, the browser tests) is skipped unless CI=true (as .ci/run sets it)
# or `make test-all`.
test: $(VENV)/.installed
	@$(call PYTEST_SUITE,)

test-all: $(VENV)/.installed
	@$(call PYTEST_SUITE,--run-slow)

# One finding's loop, stopping at the first failure: its data, its unit tests and doctests, its notebook and every
# value its parameters declare, its reviewed verdicts (tests/notebooks/reviewed/<name>.json), the stray-output check,
# and `innovlib verify` of the default run.
FINDING_TESTS = $(wildcard tests/findings/test_$(FINDING).py tests/analyses/test_$(FINDING).py \
	innovlib/findings/$(FINDING).py innovlib/analyses/$(FINDING).py) \
	$(foreach f,$(wildcard innovlib/findings/$(FINDING)_*.py),$(if $(wildcard notebooks/$(basename $(notdir $(f))).ipynb),,$(f)))
CHECK_FAILED = { echo "make check FINDING=$(FINDING): stopped: $(1) failed (above)"; exit 1; }

check-finding-name:
	@case "$(FINDING)" in \
	  "") echo "make check: name the finding: make check FINDING=<name> (one of: $(basename $(notdir $(wildcard notebooks/*.ipynb))))"; exit 2;; \
	  *[!A-Za-z0-9_-]*) echo "make check: '$(FINDING)' is not a finding name (letters, digits, _ and -)"; exit 2;; \
	esac
	@test -f notebooks/$(FINDING).ipynb || { echo "make check: no finding '$(FINDING)': notebooks/$(FINDING).ipynb is missing"; exit 2; }
	@test -f tests/notebooks/reviewed/$(FINDING).json || { echo "make check: finding '$(FINDING)' has no reviewed verdicts: tests/notebooks/reviewed/$(FINDING).json is missing ({} if it records none)"; exit 2; }

check: check-finding-name $(VENV)/.installed
	@echo "==> [1/6] $(FINDING): validating the datasets against their descriptors"
	@$(BIN)/innovlib data validate >/dev/null || $(call CHECK_FAILED,data validation (innovlib data validate))
	@echo "==> [2/6] $(FINDING): unit tests and doctests: $(or $(strip $(FINDING_TESTS)),none)"
	@$(if $(strip $(FINDING_TESTS)),$(BIN)/python -m pytest -q $(FINDING_TESTS) || $(call CHECK_FAILED,its unit tests),true)
	@echo "==> [3/6] $(FINDING): its notebook and every value its parameters declare"
	@$(BIN)/innovlib run $(FINDING) --alternatives --no-report $(if $(JOBS),--jobs $(JOBS)) || $(call CHECK_FAILED,a run)
	@echo "==> [4/6] $(FINDING): runs, evidence rules, reviewed verdicts and the binding of verdicts to parameters"
	@$(BIN)/python -m pytest -q tests/notebooks/test_notebooks.py --finding $(FINDING) --run-slow \
		-k "not stray_output" || $(call CHECK_FAILED,the reviewed verdicts)
	@echo "==> [5/6] $(FINDING): no stray output (warnings, errors, object reprs) in the executed notebook"
	@$(BIN)/python -m pytest -q tests/notebooks/test_notebooks.py --finding $(FINDING) \
		-k "stray_output" || $(call CHECK_FAILED,the stray-output check)
	@echo "==> [6/6] $(FINDING): innovlib verify outputs/$(FINDING)"
	@$(BIN)/innovlib verify outputs/$(FINDING) || $(call CHECK_FAILED,innovlib verify)
	@echo "make check FINDING=$(FINDING): all passed"

# The whole suite, slow group included, in one process under coverage ([tool.coverage] in pyproject.toml): every
# process that runs innovlib writes a data file into .coverage-data/ (the runner's forked workers, the Jupyter
# kernels, `python -m innovlib` subprocesses); they are combined, written as HTML into outputs/coverage/ and
# reported (failing under 90%). A failing test still gets its report, then fails the target.
coverage: $(VENV)/.installed
	rm -rf .coverage-data
	$(BIN)/python -m coverage run -m pytest --run-slow || { mkdir -p .coverage-data && touch .coverage-data/tests-failed; }
	$(BIN)/python -m coverage combine --quiet
	$(BIN)/python -m coverage html --quiet --fail-under=0
	$(BIN)/python -m coverage report
	@test ! -e .coverage-data/tests-failed || { echo "make coverage: some tests failed (above)"; exit 1; }

lab: $(VENV)/.installed
	$(BIN)/jupyter lab --notebook-dir=notebooks

# Every notebook's explorer panel on one page, code hidden (Voila), served to this machine only (127.0.0.1), with
# innovlib's Voila template (innovlib/explore/jupyter: the lab template without its CDN stylesheets).
EXPLORE_PORT ?= 8866
EXPLORE_COMMAND = JUPYTER_PATH=$(CURDIR)/innovlib/explore/jupyter $(BIN)/voila --no-browser --Voila.ip=127.0.0.1 \
	--template=innovlib --strip_sources=True
explore: $(VENV)/.installed
	$(EXPLORE_COMMAND) --port=$(EXPLORE_PORT) innovlib/explore/explore.ipynb

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_runner.py

clean:
	rm -rf outputs .coverage-data
