# Build, test and lint entry points for the rediscloud.api collection.
# `make help` lists the targets. Every target sets up what it needs (venvs,
# the collection symlink) and re-runs quickly: pip runs again only when the
# content of a venv's requirements changed (the stamp file name is its hash).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

REPO_ROOT := $(abspath .)
TOOLS := tests/tools

# Interpreters used to create the venvs (pyenv shims are probed, not trusted).
PYTHON311 ?= $(shell $(TOOLS)/find_python.sh 3.11)
PYTHON312 ?= $(shell $(TOOLS)/find_python.sh 3.12)

VENV := .venv
VENV_CORE221 := .venv-core2.21
SIMULATOR_PROJECT := $(wildcard tests/simulator/pyproject.toml)
REQUIREMENTS_DEV := tests/requirements-dev.txt
REQUIREMENTS_CORE221 := $(TOOLS)/requirements-core2.21.txt
content_hash = $(shell cat $(1) | sha256sum | cut -c1-16)
VENV_STAMP := $(VENV)/.installed-$(call content_hash,$(REQUIREMENTS_DEV) $(SIMULATOR_PROJECT))
VENV_CORE221_STAMP := $(VENV_CORE221)/.installed-$(call content_hash,$(REQUIREMENTS_CORE221) $(SIMULATOR_PROJECT))

# Playbook runs and antsibull-docs find the collection through this symlink to the repo root.
COLLECTIONS_PATH := $(REPO_ROOT)/.build/collections
COLLECTION_LINK := $(COLLECTIONS_PATH)/ansible_collections/rediscloud/api
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_PATH)

# For tools that run other tools by name (ansible-lint, antsibull-docs run ansible, ansible-doc).
WITH_DEV_PATH := env PATH="$(abspath $(VENV))/bin:$$PATH"

PYTEST_WORKERS ?= auto
# Integration tests mostly wait (on simulated time, on the module's own pauses), so more workers than cores
# pay off: on this 2-core machine the suite took 11.0 min with 4 workers, 7.4 min with 6, using the same CPU.
INTEGRATION_WORKERS ?= 6
# tests/integration/scheduling.py hands out the tests one by one, long_running ones first, and a file whose
# cases share one play run whole to one worker.
INTEGRATION_PYTEST_ARGS := -n $(INTEGRATION_WORKERS)
DEMO_SPEED ?= 60

.PHONY: help venv venv-core2.21 sanity sanity-core2.19 sanity-core2.21 units tooling-tests simulator-tests \
	integration integration-core2.21 integration-core2.21-full integration-targets integration-targets-core2.19 integration-targets-core2.21 \
	lint build-check test test-lanes test-lane-checks test-lane-waits demo live-check bench soak docs docs-check clean simulator-dist

help: ## Show this help
	@echo "Targets (each one creates the venvs it needs):"
	@grep -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([^:]+):.*## (.*)/  \1\t\2/' | expand -t 30

# --- environments -----------------------------------------------------------

venv: $(VENV_STAMP) $(COLLECTION_LINK) ## Dev venv .venv (Python 3.11, ansible-core 2.19, dev tools, simulator)

$(VENV_STAMP):
	test -x $(VENV)/bin/python || $(PYTHON311) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r $(REQUIREMENTS_DEV)
	$(if $(SIMULATOR_PROJECT),$(VENV)/bin/python -m pip install --quiet -e tests/simulator)
	rm -f $(VENV)/.installed-* && touch $@

venv-core2.21: $(VENV_CORE221_STAMP) $(COLLECTION_LINK) ## Second venv .venv-core2.21 (Python 3.12, ansible-core 2.21)

$(VENV_CORE221_STAMP):
	test -x $(VENV_CORE221)/bin/python || $(PYTHON312) -m venv $(VENV_CORE221)
	$(VENV_CORE221)/bin/python -m pip install --quiet -r $(REQUIREMENTS_CORE221)
	$(if $(SIMULATOR_PROJECT),$(VENV_CORE221)/bin/python -m pip install --quiet -e tests/simulator)
	rm -f $(VENV_CORE221)/.installed-* && touch $@

$(COLLECTION_LINK):
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn $(REPO_ROOT) $(COLLECTION_LINK)

# --- checks -----------------------------------------------------------------

# ansible-test needs cwd = ansible_collections/rediscloud/api: each core gets a
# fresh copy of the files git knows. ansible-test --venv bootstraps pip in its
# venvs with a get-pip.py downloaded from ci-files.testing.ansible.com; users
# behind a proxy (or with only a package index reachable) cannot fetch it, so
# an offline stand-in is put in ansible-test's cache when none is there.
define run_sanity
	$(1)/bin/python $(TOOLS)/install_get_pip_fallback.py $(2)
	$(VENV)/bin/python $(TOOLS)/stage_collection.py $(3)
	cd $(3) && PATH="$(abspath $(1))/bin:$$PATH" ansible-test sanity --venv --python $(2) --color no
endef

sanity: sanity-core2.19 sanity-core2.21 ## ansible-test sanity on ansible-core 2.19 (py3.11) and 2.21 (py3.12)

sanity-core2.19: venv
	$(call run_sanity,$(VENV),3.11,.build/ansible-test-core2.19/ansible_collections/rediscloud/api)

sanity-core2.21: venv venv-core2.21
	$(call run_sanity,$(VENV_CORE221),3.12,.build/ansible-test-core2.21/ansible_collections/rediscloud/api)

units: venv ## Unit tests (pytest tests/unit)
	$(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) tests/unit

tooling-tests: venv ## Tests of the build and test tooling (tests/tools)
	$(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) tests/tools/tests

simulator-tests: venv ## The simulator's own tests
	$(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) tests/simulator/tests

# The simulator for people who have the collection but not its repository: pip install the wheel.
# Its openapi.json (a link to tests/spec/openapi.json) is copied into both artifacts by the build.
SIMULATOR_DIST := .build/simulator-dist
simulator-dist: venv ## Build the simulator's sdist and wheel (with its spec) into .build/simulator-dist
	rm -rf $(SIMULATOR_DIST)
	$(VENV)/bin/python -m build --outdir $(SIMULATOR_DIST) tests/simulator

integration: venv ## Playbooks against the simulator, ansible-core 2.19: the whole suite
	$(VENV)/bin/python -m pytest $(INTEGRATION_PYTEST_ARGS) tests/integration

# On the second core only what can differ between cores (the core_smoke marker; tests/README.md says why).
integration-core2.21: venv-core2.21 ## Playbooks against the simulator, ansible-core 2.21: the core_smoke set
	$(VENV_CORE221)/bin/python -m pytest $(INTEGRATION_PYTEST_ARGS) -m core_smoke tests/integration

integration-core2.21-full: venv-core2.21 ## The whole integration suite on ansible-core 2.21 (not part of make test)
	$(VENV_CORE221)/bin/python -m pytest $(INTEGRATION_PYTEST_ARGS) tests/integration

# ansible-test integration targets (tests/integration/targets), on a staged copy like sanity.
# Against the simulator, unless the file INTEGRATION_CONFIG exists: then against the API it names
# (a live run, see tests/README.md). `make test` always uses the simulator.
# INTEGRATION_TARGETS picks targets or aliases, e.g. INTEGRATION_TARGETS=rediscloud/free/
INTEGRATION_TARGETS ?=
INTEGRATION_TARGETS_API ?= auto
INTEGRATION_CONFIG ?= tests/integration/integration_config.yml
define run_integration_targets
	$(1)/bin/python $(TOOLS)/install_get_pip_fallback.py $(2)
	$(1)/bin/python $(TOOLS)/run_integration_targets.py --python $(2) --stage $(3) \
		--api $(INTEGRATION_TARGETS_API) --config $(abspath $(INTEGRATION_CONFIG)) $(INTEGRATION_TARGETS)
endef

integration-targets: integration-targets-core2.19 integration-targets-core2.21 ## ansible-test integration targets, both cores (live if INTEGRATION_CONFIG exists)

integration-targets-core2.19: venv
	$(call run_integration_targets,$(VENV),3.11,.build/ansible-test-integration-core2.19/ansible_collections/rediscloud/api)

integration-targets-core2.21: venv venv-core2.21
	$(call run_integration_targets,$(VENV_CORE221),3.12,.build/ansible-test-integration-core2.21/ansible_collections/rediscloud/api)

# Collections the example playbooks use besides this one (amazon.aws), taken from the `ansible` package on PyPI.
LINT_COLLECTIONS := $(REPO_ROOT)/.build/lint-collections

lint: venv ## ansible-lint (production), antsibull-docs plugin docs lint, antsibull-changelog lint
	$(VENV)/bin/python $(TOOLS)/lint_collections.py $(LINT_COLLECTIONS)
	$(WITH_DEV_PATH) ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_PATH):$(LINT_COLLECTIONS) \
		ansible-lint --profile production playbooks/ $(wildcard tests/integration/playbooks/)
	$(WITH_DEV_PATH) antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all .
	$(VENV)/bin/antsibull-changelog lint

build-check: venv ## Build the artifact, install it, check its content, ansible-doc and run a module from it
	$(VENV)/bin/python $(TOOLS)/build_check.py --dist-dir .build/dist

# `make test` runs three lanes at once, each one target after another, and prints each target's output whole
# when it ends: the integration suite on ansible-core 2.19 (it mostly waits: on simulated time, on the module's
# own pauses), the checks that keep a CPU busy, and the checks that mostly wait on the simulator. Overlapping
# them took make test from 35 to about 9 minutes on this 2-core machine (tests/README.md). A failing target
# fails the run; with --keep-going (.ci/run) every lane still runs to its end. A new check goes in the lane
# that matches what it mostly does.
TEST_LANE_CHECKS := sanity-core2.21 sanity-core2.19 lint docs-check units simulator-tests build-check
TEST_LANE_WAITS := integration-targets-core2.19 integration-targets-core2.21 integration-core2.21 tooling-tests

# CI never spends money: the targets run against the simulator even when a live config file exists.
# The lanes' output is kept in .build/make-test.log; a failed run ends by naming the checks that failed,
# so the last lines of a CI log say what to look for above them.
test: venv venv-core2.21 ## Everything CI runs (three lanes at once; see the Makefile)
	@mkdir -p .build
	set -o pipefail; $(MAKE) --no-print-directory -j3 --output-sync=target INTEGRATION_TARGETS_API=simulator INTEGRATION_TARGETS= \
		test-lanes 2>&1 | tee .build/make-test.log || { \
		echo "make test: FAILED; the checks that failed (their output is above, and in .build/make-test.log):"; \
		grep -E '^make(\[[0-9]+\])?: \*\*\* ' .build/make-test.log | grep -v ': test-lane' | sed -E 's/^make(\[[0-9]+\])?: \*\*\* /  /'; exit 2; }
	@echo "make test: all checks passed"

test-lanes: integration test-lane-checks test-lane-waits

# Each lane is a make of its own and holds one of the three job slots, so it runs its targets one at a time;
# when another lane has ended, its slot is free and a lane may run two at a time.
test-lane-checks:
	$(MAKE) --no-print-directory $(TEST_LANE_CHECKS)

test-lane-waits:
	$(MAKE) --no-print-directory $(TEST_LANE_WAITS)

# --- using the collection ---------------------------------------------------

demo: venv ## Run playbooks/demo.yml against a local simulator
	@ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=yaml \
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	$(VENV)/bin/python $(TOOLS)/run_with_simulator.py --speed $(DEMO_SPEED) -- \
		sh -c 'exec "$$0" playbooks/demo.yml -e ansible_python_interpreter="$$1" -e sim_api_url="$$SIM_API_URL"' \
		$(VENV)/bin/ansible-playbook $(abspath $(VENV))/bin/python

# The first thing to run on a real account: reads, prices a dry run, lists tasks; creates nothing.
live-check: venv ## Zero-cost check of a real account (keys in REDISCLOUD_ACCESS_KEY / REDISCLOUD_SECRET_KEY)
	@ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=yaml \
	ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	$(VENV)/bin/ansible-playbook -i localhost, playbooks/live_check.yml -e ansible_python_interpreter=$(abspath $(VENV))/bin/python

# Benchmarks and soak runs print measurements; they assert no timings, so they stay out of `make test`.
bench: venv ## Benchmarks of waiting at scale (python -m tests.bench, args in BENCH_ARGS)
	$(VENV)/bin/python -m tests.bench $(BENCH_ARGS)

soak: venv ## Long soak run against the simulator (python -m tests.soak, args in SOAK_ARGS)
	$(VENV)/bin/python -m tests.soak $(SOAK_ARGS)

DOCS_DIR := docs/modules
define render_docs
	$(WITH_DEV_PATH) antsibull-docs collection --use-current --squash-hierarchy --fail-on-error \
		--output-format simplified-rst --no-add-antsibull-docs-version --dest-dir $(1) rediscloud.api
endef

docs: venv ## Render module docs (simplified RST, readable on GitHub) into docs/modules
	rm -rf $(DOCS_DIR) && mkdir -p $(DOCS_DIR)
	$(call render_docs,$(DOCS_DIR))

docs-check: venv ## Fail when docs/modules differs from what `make docs` renders
	rm -rf .build/docs-check && mkdir -p .build/docs-check
	$(call render_docs,.build/docs-check)
	diff -ru $(DOCS_DIR) .build/docs-check || { echo "docs/modules is stale: run 'make docs'"; exit 1; }

clean: ## Remove build output (keeps the venvs)
	rm -rf .build tests/output
