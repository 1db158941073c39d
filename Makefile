# ALMA Aula — the two commands of the README are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: install run test test-fast test-browser bench messages check-deploy clean cluster cluster-stop test-cluster bench-cluster

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(INSTALLED)

install: $(INSTALLED)
	$(MANAGE) compile_translations

## Install, migrate, load the demo curriculum and serve on http://127.0.0.1:8000 (SQLite).
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) create_demo_accounts
	$(MANAGE) runserver 127.0.0.1:8000

## The whole test suite (SQLite unless DATABASE_URL says otherwise).
test: install
	scripts/ensure-chromium
	scripts/ensure-format-corpus
	scripts/ensure-verifier
	scripts/ensure-ralph || true  # if Ralph cannot be installed, its test fails and says why
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-browser: install
	scripts/ensure-chromium
	scripts/ensure-format-corpus
	$(BIN)/python -m pytest -p no:xdist -m browser $(PYTEST_ARGS)

test-fast: install
	scripts/ensure-format-corpus
	scripts/ensure-verifier
	$(BIN)/python -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

## Benchmarks: print `name value unit` lines and write bench-results.json (options: BENCH_ARGS=--help).
bench: install
	$(BIN)/python tests/benchmarks/run.py $(BENCH_ARGS)

## The production shape on loopback: PgBouncer, Redis, S3 (moto), a task worker, two app servers, HAProxy.
cluster: install
	scripts/cluster/cluster up

cluster-stop:
	scripts/cluster/cluster down

## Tests against the running cluster (make cluster first): sessions, publishing, media, imports, failures.
test-cluster: install
	$(BIN)/python -m pytest -p no:xdist -m cluster tests/cluster $(PYTEST_ARGS)

## School-day load test (locust) against one then two app servers of the running cluster.
bench-cluster: install
	scripts/cluster/loadtest $(LOADTEST_ARGS)

## Extract translatable strings into locale/*/LC_MESSAGES/django.po (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --all --ignore=.venv --ignore=tests --no-obsolete
	$(MANAGE) makemessages --all -d djangojs --ignore=.venv --ignore=staticfiles --no-obsolete

check-deploy: install
	SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef DJANGO_SETTINGS_MODULE=alma.settings.production \
		ALMA_BASE_URL=$${ALMA_BASE_URL:-https://aula.example.org} \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .test-media
