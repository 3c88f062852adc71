# Two commands do all set-up on a fresh Debian machine (as root): `make demo` and `make test`.
# Each installs what it needs (apt packages, .venv, the package) and is fast when already done.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# chromium + chromium-driver: the console's browser tests (tests/e2e/test_console_browser.py), headless.
APT_PACKAGES := unixodbc libsqliteodbc odbc-mdbtools chromium chromium-driver
STAMP_APT := $(VENV)/.apt-done
STAMP_PIP := $(VENV)/.pip-done

.PHONY: demo test setup bench clean bench-b2b bench-embedded bench-reader bench-idle bench-startup

setup: $(STAMP_PIP)

$(STAMP_APT): Makefile
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -x $(PY) || python3 -m venv $(VENV) || { apt-get install -y -qq python3-venv >/dev/null && python3 -m venv $(VENV); }
	@touch $@

$(STAMP_PIP): $(STAMP_APT) pyproject.toml
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

demo: setup
	@$(VENV)/bin/sconnect demo

# -n auto: one worker per core (every test makes its own files, ports and processes); worksteal:
# an idle worker takes tests queued for a busy one, so the slow e2e tests do not end up in one queue;
# --durations: the slowest tests are named in every run, to keep the suite within ~15 minutes.
test: setup
	@$(PY) -m pytest -n auto --dist worksteal --durations=15

bench: setup
	@$(PY) bench/startup.py
	@$(PY) bench/recognition.py
	@$(PY) bench/embedded.py
	@$(PY) bench/idle.py
	@$(PY) bench/myshop_reader.py

clean:
	rm -rf $(VENV) build *.egg-info

bench-console: setup
	@$(PY) bench/console.py

bench-b2b: setup
	@$(PY) bench/b2b.py

bench-embedded: setup
	@$(PY) bench/embedded.py

bench-idle: setup
	@$(PY) bench/idle.py

bench-reader: setup
	@$(PY) bench/myshop_reader.py

bench-startup: setup
	@$(PY) bench/startup.py
