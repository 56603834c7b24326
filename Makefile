# Gongkai: two commands.
#   make demo   set up .venv, migrate, load the demo city and serve http://127.0.0.1:8000
#   make test   set up .venv with the test tools and run the whole suite
#   make bench  the benchmark suite (SCALE=small|medium|province; see docs/performance.md)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
SCALE ?= small
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint migrate runtime-deps system-deps clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Gongkai needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	@touch $@ $(STAMP)

$(BENCH_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[bench]'
	@touch $@ $(STAMP)

# System packages: CJK fonts and Pango (PDF letters) for the platform, Chromium for the browser tests.
# Installed when running as root on Debian; otherwise the target names what is missing and stops.
define ensure_debian_packages
	@missing=""; \
	for pkg in $(1); do \
	  case $$pkg in \
	    chromium) [ -x $(CHROMIUM) ] || missing="$$missing chromium";; \
	    fonts-noto-cjk) [ -n "$$(fc-list :lang=zh 2>/dev/null | head -n1)" ] || missing="$$missing fonts-noto-cjk";; \
	    *) dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg";; \
	  esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

runtime-deps:
	$(call ensure_debian_packages,fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0)

system-deps: runtime-deps
	$(call ensure_debian_packages,chromium)

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: runtime-deps $(STAMP) migrate
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(TEST_STAMP) system-deps
	$(VENV)/bin/ruff check gongkai tests bench conftest.py
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The benchmark suite at SCALE (small by default): generates the data when missing, runs every workload,
# prints the table and writes bench/results/<timestamp>.json. PostgreSQL when DATABASE_URL points at it,
# else SQLite in var/bench.sqlite3. BENCH_ARGS passes more options (python -m bench --help).
.PHONY: bench
bench: runtime-deps $(BENCH_STAMP)
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check gongkai tests bench conftest.py

clean:
	rm -rf $(VENV) var/gongkai.sqlite3
