# The two set-up commands are `make run` and `make test`; everything else is called by them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP_QUIET := --quiet --disable-pip-version-check
export PIP_NO_WARN_SCRIPT_LOCATION=1

.PHONY: install run test check messages clean worker bench backup restore

install: $(VENV)/.installed node_modules/.installed locale/.compiled
	@./scripts/install-system-packages.sh

# Exact versions from the lock file (runtime + dev, with hashes; see CONTRIBUTING.md), then the
# project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install $(PIP_QUIET) --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -m pip install $(PIP_QUIET) --require-hashes -r requirements-dev.lock 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -m pip install $(PIP_QUIET) --no-deps -e . 2>&1 | grep -Ev "^WARNING: Location|editable|^ *[!*]|with strategy|^\s*$$" || true
	@$(PY) -c "import django, celery, weasyprint, allauth, import_export, playwright" 
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

locale/.compiled: $(wildcard locale/*/LC_MESSAGES/django.po) | $(VENV)/.installed
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	@touch $@

run: install
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py seed_demo
	@echo "Web: http://127.0.0.1:8000/  (Ctrl-C stops the server and the worker)"
	@$(VENV)/bin/celery -A odco worker -B --pool=solo --loglevel=warning \
		--schedule=var/celerybeat-schedule & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

worker: install
	@$(VENV)/bin/celery -A odco worker -B --pool=solo --loglevel=info --schedule=var/celerybeat-schedule

test: install
	@$(VENV)/bin/pytest

check: install
	@$(VENV)/bin/ruff check .
	@$(PY) manage.py makemigrations --check --dry-run -v1
	@$(PY) scripts/check_messages.py
	@DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		DJANGO_ALLOWED_HOSTS=odco.example.ma EMAIL_URL=smtp+tls://user:pass@smtp.example.ma:587 \
		ODCO_SITE_URL=https://odco.example.ma $(PY) manage.py check --deploy --fail-level WARNING

messages: install
	@$(PY) manage.py makemessages -l fr -l ar --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var -v0
	@$(PY) manage.py makemessages -d djangojs -l fr -l ar --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var -v0 || true


clean:
	rm -rf $(VENV) node_modules var db.sqlite3

# Benchmarks run against PostgreSQL and Redis, started as in .ci/run (figures in the README).
bench: install
	@./scripts/services.sh
	@DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
		REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PY) -m bench $(BENCH)

# Backups (PostgreSQL only): database and uploaded files in var/backups/odco-<UTC time>.tar.gz;
# `make restore` puts the newest back, or ARCHIVE=var/backups/odco-….tar.gz.
backup:
	@./scripts/backup.sh

restore:
	@./scripts/backup_restore.sh $(ARCHIVE)
