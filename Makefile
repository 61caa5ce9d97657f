# 劳模工匠馆. `make serve` and `make test` set everything up on a fresh machine, with the steps the README gives
# for Windows and 启动预览.cmd / 启动预览.sh run: a venv, an install pinned by requirements.lock, then hall.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install build serve check test clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)     ## check the exhibits and build the site into site/
	$(BIN)/python build_hall.py build

serve: $(STAMP)     ## build and serve on http://127.0.0.1:8000 with live reload
	$(BIN)/python build_hall.py serve

check: $(STAMP)     ## check the exhibits only
	$(BIN)/python build_hall.py check

test: $(STAMP)      ## run every test, the browser checks included (installs Chromium from Debian when missing)
	bash tools/install-browser-deps.sh
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .cache
