#!/usr/bin/env bash
# The production install has every dependency the code imports: a throwaway virtualenv gets
# requirements.lock (the runtime lock, no dev extras) and `pip install --no-deps .`, as the
# Dockerfile does, then every module of the apps is imported under production settings from
# the installed copy (not this folder). Fails on any ImportError. Called by .ci/run.
# ODCO_RUNTIME_LOCK picks another lock file (to check an older one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lock=$(realpath "${ODCO_RUNTIME_LOCK:-requirements.lock}")
python=${PYTHON:-python3.11}
venv=$(mktemp -d "${TMPDIR:-/tmp}/odco-runtime-venv.XXXXXX")
trap 'rm -rf "$venv"' EXIT

"$python" -m venv "$venv"  # never --system-site-packages: it would see the dev packages
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
install() { local out; out=$("${pip[@]}" install "$@" 2>&1) || { echo "$out" >&2; exit 1; }; }
install --require-hashes -r "$lock"
# Built from a copy of the files git knows (committed or not), so no build/ is left here.
mkdir "$venv/src"
git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T - | tar -xf - -C "$venv/src"
install --no-deps "$venv/src"
rm -rf "$venv/src"

export PYTHONWARNINGS="ignore:No directory at"  # WhiteNoise: no collected static files here
cd "$venv"  # so that the installed package is imported, not the source tree
DJANGO_SETTINGS_MODULE=odco.settings.base DJANGO_DEBUG=0 \
  DJANGO_SECRET_KEY="runtime-check-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')" \
  DJANGO_ALLOWED_HOSTS=odco.example.ma EMAIL_URL=smtp+tls://user:pass@smtp.example.ma:587 \
  "$venv/bin/python" - "$root" <<'PY'
import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

APPS = ["odco", "cooperatives", "prizes", "training", "coaching", "mentoring", "monitoring"]
root = Path(sys.argv[1]).resolve()
failures = []
try:
    import django

    django.setup()
except Exception:
    print(traceback.format_exc(), file=sys.stderr)
    sys.exit("runtime install: django.setup() failed")
count = 0
for app in APPS:
    package = importlib.import_module(app)
    if root in Path(package.__file__).resolve().parents:
        sys.exit(f"runtime install: {app} was imported from the source tree, not the installed copy")
    names = [app] + [
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}.", onerror=failures.append)
        if "tests" not in info.name.split(".")
    ]
    for name in names:
        try:
            importlib.import_module(name)
            count += 1
        except Exception as error:  # ImportError, or anything a module raises at import time
            failures.append(f"{name}: {type(error).__name__}: {error}")
if failures:
    print("runtime install: modules that do not import without the dev extras:", file=sys.stderr)
    for failure in failures:
        print(f"  {failure}", file=sys.stderr)
    sys.exit(1)
print(f"runtime install: {count} modules import with requirements.lock alone")
PY
