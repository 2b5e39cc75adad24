# Homeroom: `make run` serves the demo, `make test` runs every test, `make bench` measures.
# Each installs the Debian packages it needs.
APT_PACKAGES := libsqlite3-dev libssl-dev libpam0g-dev libargon2-dev libsodium-dev libqrcodegen-dev libzbar-dev
# The real servers the tests start on loopback (a throw-away PostgreSQL cluster; nginx in front of two nodes).
TEST_PACKAGES := postgresql nginx
BENCH_PACKAGES := wrk
BROWSER_PACKAGES := chromium chromium-driver zbar-tools poppler-utils
SWIFT ?= swift
# The floors: a target that imports a module it does not declare (the core importing Hummingbird)
# is a build error.
SWIFT_BUILD_FLAGS := --explicit-target-dependency-import-check error
DEMO_DB ?= demo.sqlite
# The Python test tools live in a virtual environment of their own, not the system Python.
VENV := .venv
PYTHON := $(VENV)/bin/python

.PHONY: run test test-oidc test-browser test-connections test-cluster deps build release bench bench-cluster clean

run: build
	.build/debug/homeroom serve --demo --db $(DEMO_DB)

test: deps
	@$(call install_missing,$(TEST_PACKAGES))
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	scripts/with-postgres $(SWIFT) test --skip-build
	$(MAKE) test-connections
	$(MAKE) test-cluster
	$(MAKE) test-oidc
	$(MAKE) test-browser

$(VENV)/ready: Tests/browser/requirements.txt Tests/oidc/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q -r Tests/browser/requirements.txt -r Tests/oidc/requirements.txt
	touch $@

# A flood of connections against a live debug server, from a process of its own.
test-connections: build $(VENV)/ready
	$(PYTHON) -m pytest -q Tests/server

# Two real nodes on a throw-away PostgreSQL behind a real nginx: what crosses from node to node.
test-cluster: build $(VENV)/ready
	@$(call install_missing,$(TEST_PACKAGES))
	scripts/with-postgres $(PYTHON) -m pytest -q Tests/cluster

# Single sign-on against real relying-party libraries (authlib) and the OpenID conformance
# checks, mirrored, on a live debug server.
test-oidc: build $(VENV)/ready
	$(PYTHON) -m pytest -q Tests/oidc

# The real-browser suite: Selenium and axe-core with Debian's headless Chromium, against a live
# debug server; screenshots go to screenshots/ (ignored by git).
test-browser: build $(VENV)/ready
	@$(call install_missing,$(BROWSER_PACKAGES))
	$(PYTHON) -m pytest -q Tests/browser

build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)

# Scale-out: one node on SQLite, one and two nodes on a throw-away PostgreSQL (two behind nginx),
# each node held to half a CPU by a cgroup (run as root); prints the table and writes bench/CLUSTER.md.
bench-cluster: release
	@$(call install_missing,$(BENCH_PACKAGES) $(TEST_PACKAGES))
	scripts/with-postgres python3 bench/cluster.py

# The claim-day benchmark on a release build; prints the table and writes bench/RESULTS.md.
bench: release $(VENV)/ready
	@$(call install_missing,$(BENCH_PACKAGES))
	$(PYTHON) bench/run.py

deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/"; exit 1; }
	@$(call install_missing,$(APT_PACKAGES))

# Installs the Debian packages of $(1) that are missing (as root, or through sudo).
define install_missing
missing=""; \
for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  echo "Installing Debian packages:$$missing"; \
  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
fi
endef

clean:
	rm -rf .build $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
