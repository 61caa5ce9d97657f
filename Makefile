# 劳模工匠馆. `make serve` and `make test` set everything up on a fresh machine, with the steps the README gives
# for Windows and 启动预览.cmd / 启动预览.sh run: a venv, an install pinned by requirements.lock, then hall.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

LOCK   := requirements.lock

.PHONY: install build serve check test upgrade clean

# Installs exactly what the lock pins (pip's constraints), so a new machine gets what CI tested.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)     ## check the exhibits and build the site into site/
	$(BIN)/python build_hall.py build

serve: $(STAMP)     ## build and serve on http://127.0.0.1:8000 with live reload
	$(BIN)/python build_hall.py serve

check: $(STAMP)     ## check the exhibits only
	$(BIN)/python build_hall.py check

test: $(STAMP)      ## run every test, the browser and narration checks included (installs their Debian packages when missing)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	bash tools/install-browser-deps.sh
	bash tools/install-narration-deps.sh
	$(BIN)/python -m pytest -q

upgrade: $(STAMP)   ## refresh the lock to the newest versions pyproject.toml allows, install them, run the tests
	$(BIN)/python -m pip install --quiet -c $(LOCK) uv
	$(BIN)/uv pip compile pyproject.toml tools/lock-tools.in --extra test --universal \
		--python-version 3.10 --upgrade --quiet --custom-compile-command "make upgrade" -o $(LOCK)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]'
	touch $(STAMP)
	$(MAKE) test

clean:              ## remove the site and the caches; the workspace's history (.cache/workspace) stays
	rm -rf site
	find .cache -mindepth 1 -maxdepth 1 ! -name workspace -exec rm -rf {} + 2>/dev/null || true
