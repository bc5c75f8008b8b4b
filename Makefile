# The two commands of the README: `make demo` and `make test`. Everything else is optional.
# Installs come from the hash-locked files in requirements/ (`make lock` renews them), so a
# fresh machine needs only python3 and make, and installs exactly what CI tested.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q --disable-pip-version-check
DEMO_DIR ?= demo-data
RECORDS ?= 50000
PORT ?= 8001
# The lock tool, only for `make lock`; its output is reviewed text, so a pinned version is enough.
UV_VERSION ?= 0.13.9
# `make lock UPGRADE=` only adds what pyproject.toml newly asks for, moving nothing else.
UPGRADE ?= --upgrade
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command 'make lock'

stamp = $(VENV)/.installed-$(1)-$(shell cat pyproject.toml requirements/build.txt \
	requirements/$(1).txt | cksum | cut -d' ' -f1)
RUNTIME := $(call stamp,runtime)
TEST := $(call stamp,test)
# WIPO's Global Brand Database ingestion, which a test runs on the rupto export: in its own
# environment, because it pins Jinja2 2.11 (requirements/gbd.in).
GBD_VENV ?= .venv-gbd
GBD := $(GBD_VENV)/.installed-$(shell cat requirements/gbd.txt | cksum | cut -d' ' -f1)

.PHONY: demo test gbd lint typecheck check bench lock clean

$(VENV)/.installed-%: pyproject.toml requirements/build.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) --require-hashes --no-deps -r requirements/build.txt
	$(PIP) --require-hashes --no-deps -r requirements/$(word 1,$(subst -, ,$*)).txt
	$(PIP) --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-$(word 1,$(subst -, ,$*))-*
	touch $@

demo: $(RUNTIME)
	$(VENV)/bin/marknet demo --dir $(DEMO_DIR) --records $(RECORDS) --port $(PORT)

$(GBD): requirements/gbd.txt
	test -x $(GBD_VENV)/bin/python || python3 -m venv $(GBD_VENV)
	$(GBD_VENV)/bin/python -m pip install -q --disable-pip-version-check --require-hashes \
		--no-deps -r requirements/gbd.txt
	rm -f $(GBD_VENV)/.installed-*
	touch $@

gbd: $(GBD)

test: $(TEST) $(GBD)
	$(PY) -m pytest

lint: $(TEST)
	$(VENV)/bin/ruff check marknet tests scripts
	$(VENV)/bin/lint-imports  # the layers: [tool.importlinter] in pyproject.toml

typecheck: $(TEST)
	$(VENV)/bin/mypy

check: lint typecheck test

bench: $(RUNTIME)
	$(VENV)/bin/marknet bench import --records 100000 --json

# Renew the lock files to the newest versions pyproject.toml allows; the test lock is solved
# first and the runtime lock within it, so both name the same versions.
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) 'uv==$(UV_VERSION)'
	$(LOCK) $(UPGRADE) requirements/build.in -o requirements/build.txt
	$(LOCK) $(UPGRADE) pyproject.toml --extra test -o requirements/test.txt
	$(LOCK) pyproject.toml -c requirements/test.txt -o requirements/runtime.txt
	$(LOCK) requirements/gbd.in -o requirements/gbd.txt

clean:
	rm -rf $(VENV) $(GBD_VENV) $(DEMO_DIR) .mypy_cache .ruff_cache .pytest_cache
