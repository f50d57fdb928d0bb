# 工业产品质量安全主体责任信息平台 — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
SERVICES := gateway registry grading inspection audit
PYPROJECTS := libs/servicekit/pyproject.toml $(foreach s,$(SERVICES),services/$(s)/pyproject.toml)
FRONTEND_SRC := $(shell find frontend/src frontend/field frontend/types frontend/public frontend/openapi frontend/scripts frontend/index.html frontend/vite.config.ts frontend/package.json frontend/tsconfig.json frontend/tsconfig.app.json frontend/tsconfig.node.json -type f 2>/dev/null)

.PHONY: run test install frontend migrate lint openapi bench backup clean help

help:
	@echo "make run    — 安装依赖、构建前端、启动内置数据库和五个服务（默认 http://127.0.0.1:$(PORT)）"
	@echo "make test   — 同样的准备，然后运行全部测试（含浏览器测试，需 /usr/bin/chromium）"
	@echo "make lint   — ruff 检查；make openapi — 导出各服务 OpenAPI 并生成前端类型"
	@echo "make backup — 备份全部服务数据库到 backups/<时间>（恢复：python tools/backup.py restore --from 目录）"

$(VENV)/.installed: constraints.txt requirements-dev.txt $(PYPROJECTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -r requirements-dev.txt \
		-e libs/servicekit $(foreach s,$(SERVICES),-e services/$(s))
	touch $@

install: $(VENV)/.installed

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SRC)
	cd frontend && npm run build

frontend: frontend/dist/index.html

migrate: install
	$(PY) tools/stack.py migrate

run: install frontend
	$(PY) tools/stack.py run --port $(PORT)

test: install frontend
	$(VENV)/bin/ruff check -q libs services tests tools bench
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check libs services tests tools bench

openapi: install
	$(PY) tools/dump_openapi.py frontend/openapi
	cd frontend && npm run gen:api

bench: install
	$(PY) bench/registry_bench.py
	$(PY) bench/grading_bench.py
	$(PY) bench/gateway_bench.py
	$(PY) bench/export_bench.py
	$(PY) bench/field_bench.py
	$(PY) bench/dashboard_bench.py

backup: install
	$(PY) tools/backup.py dump

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var
